#!/bin/bash
# Golden suite: tapir's -V protocol tree against tshark 4.0's
# (tests/golden/verbose/<capture>.txt, made by tests/golden/regen-verbose)
# for the captures of verbose/captures.list.
#
# Both trees are cut by verbose/filter.awk into "packet-layers": the
# top-level subtree of one of the layers frame, eth, vlan, arp, ip, ipv6,
# tcp, udp, http, data-text-lines, media and TCP's "[N Reassembled TCP
# Segments]" in one packet (the k-th of that layer, for tunnels), with every
# line under it. Other protocols' subtrees are dropped on both sides. A
# packet-layer agrees when its text is identical, line for line; one that
# only one side has counts as differing.
#
# Tests: one per capture, failing when tapir crashes or misses a packet;
# plus one for agreement, failing when fewer than VERBOSE_MIN_PCT percent of
# all packet-layers are identical. The threshold is set just under what
# tapir reaches; the remaining differences are listed in KNOWN_DIFFS.md
# ("### -V"). The first differing packet-layer of each capture is shown as a
# diff (tshark "-", tapir "+"), LIMIT_SHOW lines of it.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
root=$(cd "$GOLDEN_DIR/../.." && pwd)
TAPIR=${TAPIR:-$root/build/tapir}
min_pct=${VERBOSE_MIN_PCT:-98}
show=${LIMIT_SHOW:-12}
dir=$GOLDEN_DIR/verbose
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAPIR=$(snapshot_tapir "$TAPIR" "$tmp") ||
	{ echo "run-verbose: tapir not built or not runnable"; echo "0 passed, 1 failed"; exit 1; }

pass=0 fail=0 failed=()
: >"$tmp/all"
printf '%-40s %7s %7s %8s  %s\n' capture layers equal "" result
while IFS= read -r c; do
	exp="$dir/$c.txt"
	if [ ! -f "$exp" ]; then
		fail=$((fail + 1)); failed+=("$c"); echo "$c: no expected file (run tests/golden/regen-verbose)"; continue
	fi
	"$TAPIR" -r "$CAPTURES_DIR/$c" -V >"$tmp/raw" 2>"$tmp/err"
	rc=$?
	awk -f "$dir/filter.awk" "$tmp/raw" >"$tmp/got"
	res=ok
	if [ $rc -gt 2 ] || grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
		res="FAIL: tapir exit $rc $(grep -m1 -E 'ERROR|runtime error' "$tmp/err")"
	elif [ "$(grep -c ' frame#1$' "$tmp/got")" -ne "$(grep -c ' frame#1$' "$exp")" ]; then
		res="FAIL: $(grep -c ' frame#1$' "$tmp/got") packets, tshark $(grep -c ' frame#1$' "$exp")"
	fi
	# Per packet-layer key: identical text or not. Prints one line per
	# key ("<layer> <0|1>"), and the first differing block pair to diffs.
	awk -v cap="$c" -v out="$tmp/blk" '
	FNR == 1 { side++ }
	/^@@ / { key = $2 " " $3; if (side == 1 && !(key in want)) order[++n] = key
		 if (side == 1) want[key] = ""; else got[key] = ""; next }
	side == 1 { want[key] = want[key] $0 "\n"; next }
	{ got[key] = got[key] $0 "\n" }
	END {
		for (k in got) if (!(k in want)) order[++n] = k
		for (i = 1; i <= n; i++) {
			k = order[i]; split(k, kk, " "); l = kk[2]; sub(/#.*/, "", l)
			eq = (k in want) && (k in got) && want[k] == got[k]
			print l, eq
			if (!eq && !shown++) {
				printf "%s", want[k] > (out ".want"); printf "%s", got[k] > (out ".got")
				print cap " frame " kk[1] " " kk[2] > (out ".key")
			}
		}
	}' "$exp" "$tmp/got" >"$tmp/counts"
	if [ -f "$tmp/blk.key" ]; then
		{ cat "$tmp/blk.key"
		  diff -U1 --label tshark --label tapir "$tmp/blk.want" "$tmp/blk.got" | tail -n +3 | head -n "$show"
		} >>"$tmp/diffs"
		rm -f "$tmp/blk.key" "$tmp/blk.want" "$tmp/blk.got"
	fi
	cat "$tmp/counts" >>"$tmp/all"
	read -r tot teq < <(awk '{t++; e += $2} END {print t+0, e+0}' "$tmp/counts")
	printf '%-40s %7d %7d %7.2f%%  %s\n' "$c" "$tot" "$teq" \
		"$(awk "BEGIN{print $tot ? 100*$teq/$tot : 100}")" "$res"
	if [ "$res" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); failed+=("$c"); fi
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$dir/captures.list")

if [ -s "$tmp/diffs" ]; then
	echo; echo "first differing packet-layer per capture (- tshark, + tapir):"; cat "$tmp/diffs"
fi
echo
awk '{t[$1]++; e[$1] += $2; T++; E += $2}
END {
	for (l in t) printf "  %-6s %6d/%-6d identical (%.2f%%)\n", l, e[l], t[l], 100 * e[l] / t[l]
	printf "all packet-layers: %d/%d identical (%.2f%%)\n", E, T, T ? 100 * E / T : 100
}' "$tmp/all" | sort
read -r T E < <(awk '{T++; E += $2} END {print T+0, E+0}' "$tmp/all")
echo "need >= $min_pct%"
if awk -v t="$T" -v e="$E" -v m="$min_pct" 'BEGIN { exit !(t > 0 && 100 * e / t + 1e-9 >= m) }'; then
	pass=$((pass + 1))
else
	fail=$((fail + 1)); failed+=("agreement")
fi
[ $fail -eq 0 ] || echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
