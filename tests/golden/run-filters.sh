#!/bin/bash
# Display-filter golden suite: for every (filter, capture) of filters.list,
# the frame numbers build/tapir selects with -Y must equal tshark's
# (filters/<capture>.tsv, made by regen-filters); then every line of
# filters-bad.list must be rejected with the expected message and caret.
# Pairs listed in KNOWN_DIFFS.md (section "### Display filters") are reported but
# do not fail the suite. Prints "N passed, N failed"; -v shows every failure.
set -u
cd "$(dirname "$0")"
TAPIR=${TAPIR:-../../build/tapir}
export TZ=UTC LC_ALL=C
verbose=0
[ "${1:-}" = -v ] && verbose=1
capdir=../captures
[ -f "$capdir/get.pcap" ] || capdir=/work/shared/captures
[ -x "$TAPIR" ] || { echo "run-filters: $TAPIR not built"; exit 1; }

# Known differences: "capture<TAB>filter<TAB>reason" lines in the fenced
# block of KNOWN_DIFFS.md's "### Display filters" section; capture "*" = all.
known=$(mktemp)
trap 'rm -f "$known"' EXIT
if [ -f KNOWN_DIFFS.md ]; then
	awk '/^###? Display filters/ { s = 1; next } /^##/ { s = 0 }
	     s && /^```/ { f = !f; next } s && f && NF' KNOWN_DIFFS.md >"$known"
fi
is_known() { # capture filter
	awk -F'\t' -v c="$1" -v f="$2" '($1 == c || $1 == "*") && $2 == f { k = 1 } END { exit !k }' "$known"
}

# Frame numbers (one a line, ascending) as "1-3,7,9-12".
ranges() {
	awk 'NF { if (n && $1 == p + 1) { p = $1; next }
	          if (n) o = o (o ? "," : "") (s == p ? s : s "-" p)
	          s = p = $1; n = 1 }
	     END { if (n) o = o (o ? "," : "") (s == p ? s : s "-" p); print o }'
}

pass=0 fail=0 kfail=0 kpass=0
for exp in filters/*.tsv; do
	cap=$(basename "$exp" .tsv)
	[ -f "$capdir/$cap" ] || { echo "missing capture $cap"; fail=$((fail + 1)); continue; }
	while IFS=$'\t' read -r f want; do
		if got=$("$TAPIR" -r "$capdir/$cap" -Y "$f" -T fields -e frame.number 2>/dev/null </dev/null); then
			got=$(printf '%s\n' "$got" | ranges)
		else
			got=ERROR
		fi
		if [ "$got" = "$want" ]; then
			if is_known "$cap" "$f"; then
				kpass=$((kpass + 1))
				[ $verbose = 1 ] && echo "AGREES (listed in KNOWN_DIFFS.md) $cap: $f"
			fi
			pass=$((pass + 1))
		elif is_known "$cap" "$f"; then
			kfail=$((kfail + 1))
		else
			fail=$((fail + 1))
			if [ $verbose = 1 ] || [ $fail -le 20 ]; then
				echo "FAIL $cap: $f"
				echo "    tshark: ${want:0:200}"
				echo "    tapir:  ${got:0:200}"
			fi
		fi
	done <"$exp"
done
echo "filters: $pass agree, $fail differ, $kfail known differences (KNOWN_DIFFS.md)"
[ $kpass -gt 0 ] && echo "filters: $kpass pairs listed in KNOWN_DIFFS.md now agree: remove them"

# Malformed filters: "FILTER<TAB>expected message<TAB>caret column|-".
bpass=0 bfail=0
while IFS=$'\t' read -r f msg col; do
	case $f in ''|'#'*) continue ;; esac
	out=$("$TAPIR" -r "$capdir/get.pcap" -Y "$f" -T fields -e frame.number 2>&1 >/dev/null)
	rc=$?
	first=$(printf '%s\n' "$out" | head -1)
	caret=$(printf '%s\n' "$out" | sed -n 3p)
	ok=1
	[ $rc -ne 0 ] || ok=0
	[ "$first" = "tapir: $msg" ] || ok=0
	if [ "$col" = - ]; then
		[ -z "$caret" ] || ok=0
	else
		# the caret sits under byte $col of the filter (4 spaces of indent)
		[ "${caret:0:$((col + 5))}" = "$(printf '%*s^' $((col + 4)) '')" ] || ok=0
	fi
	if [ $ok = 1 ]; then
		bpass=$((bpass + 1))
	else
		bfail=$((bfail + 1))
		echo "FAIL malformed: $f"
		echo "    want: $msg (caret at $col)"
		printf '%s\n' "$out" | sed 's/^/    got:  /'
	fi
done <filters-bad.list
echo "malformed: $bpass passed, $bfail failed"
echo "$((pass + bpass)) passed, $((fail + bfail)) failed"
[ $((fail + bfail)) -eq 0 ]
