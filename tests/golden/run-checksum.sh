#!/bin/bash
# Golden suite: checksum verification with the three preferences on
# (-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE
#  -o udp.check_checksum:TRUE) against tshark 4.0, for every capture of
# checksum/captures.list (expected files from tests/golden/regen-checksum).
# Per capture, four comparisons, all exact:
#   fields   -T fields of checksum/fields.list (checksums, statuses,
#            calculated values, expert infos), every row;
#   summary  the one-line summaries: tshark's with the preferences are its
#            default ones (summary/<capture>.txt, or checksum/<c>.default)
#            with checksum/<c>.changes applied. A frame is in scope when
#            tapir's default line equals tshark's default line; lines that
#            already differ without the preferences (dissectors tapir does
#            not have, see KNOWN_DIFFS.md) are counted as excluded;
#   expert   the "Checksum" rows of -q -z expert, in order;
#   -V       for captures marked so: the checksum items of the -V tree and
#            what hangs under them (checksum/filter.awk).
# A capture passes when all four agree 100% (exceptions would be listed in
# KNOWN_DIFFS.md, "### checksums"); the totals are printed at the end.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
root=$(cd "$GOLDEN_DIR/../.." && pwd)
TAPIR=${TAPIR:-$root/${BUILD:-build}/tapir}
dir=$GOLDEN_DIR/checksum
show=${LIMIT_SHOW:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAPIR=$(snapshot_tapir "$TAPIR" "$tmp") ||
	{ echo "run-checksum: tapir not built or not runnable"; echo "0 passed, 1 failed"; exit 1; }
prefs=(-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE)
mapfile -t fields < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$dir/fields.list" | grep -v '^$')
eargs=()
for f in "${fields[@]}"; do eargs+=(-e "$f"); done

pass=0 fail=0 failed=()
tf=0 tfe=0 ts=0 tse=0 tx=0 tv=0 tve=0 te=0 tee=0
printf '%-44s %13s %17s %9s %11s %9s  %s\n' capture "fields eq" "summary eq" excluded "expert eq" "-V eq" result
while read -r c opt; do
	if [ -f "$dir/$c" ]; then cap=$dir/$c; else cap=$CAPTURES_DIR/$c; fi
	if [ ! -f "$dir/$c.tsv" ]; then
		fail=$((fail + 1)); failed+=("$c"); echo "$c: no expected file (run tests/golden/regen-checksum)"; continue
	fi
	res=ok
	: >"$tmp/why"
	# fields
	"$TAPIR" -r "$cap" "${prefs[@]}" -T fields -E header=y -E occurrence=a \
		-E aggregator=, -E separator=/t "${eargs[@]}" >"$tmp/f" 2>"$tmp/err"
	rc=$?
	if [ $rc -gt 2 ] || grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
		res="FAIL: tapir exit $rc"
	fi
	read -r nf ef < <(paste -d'\n' "$dir/$c.tsv" "$tmp/f" | awk -v c="$c" -v show="$show" -v why="$tmp/why" '
		NR % 2 { w = $0; next }
		NR > 2 { n++; if ($0 == w) e++; else if (bad++ < show) printf "%s fields: tshark %s\n%s fields: tapir  %s\n", c, w, c, $0 >> why }
		END { print n + 0, e + 0 }')
	[ "$(wc -l <"$tmp/f")" -eq "$(wc -l <"$dir/$c.tsv")" ] || res="FAIL: $(wc -l <"$tmp/f") rows, tshark $(wc -l <"$dir/$c.tsv")"
	# summary
	base=$GOLDEN_DIR/summary/$c.txt
	[ -f "$dir/$c.default" ] && base=$dir/$c.default
	"$TAPIR" -r "$cap" >"$tmp/d" 2>/dev/null
	"$TAPIR" -r "$cap" "${prefs[@]}" >"$tmp/p" 2>/dev/null
	awk -F'\t' -v chf="$dir/$c.changes" '
		BEGIN { while ((getline l < chf) > 0) { split(l, a, "\t"); ch[a[1]] = substr(l, length(a[1]) + 2) } }
		{ print (FNR in ch) ? ch[FNR] : $0 }' "$base" >"$tmp/x"
	read -r ns es nx < <(paste -d'\n' "$base" "$tmp/d" "$tmp/x" "$tmp/p" | awk -v c="$c" -v show="$show" -v why="$tmp/why" '
		NR % 4 == 1 { b = $0; next } NR % 4 == 2 { d = $0; next } NR % 4 == 3 { x = $0; next }
		{ if (d != b) { ex++; next }
		  n++; if ($0 == x) e++; else if (bad++ < show) printf "%s summary: tshark %s\n%s summary: tapir  %s\n", c, x, c, $0 >> why }
		END { print n + 0, e + 0, ex + 0 }')
	[ "$(wc -l <"$tmp/p")" -eq "$(wc -l <"$base")" ] || res="FAIL: $(wc -l <"$tmp/p") summary lines, tshark $(wc -l <"$base")"
	# expert
	"$TAPIR" -r "$cap" "${prefs[@]}" -q -z expert 2>/dev/null | grep -E '^ +[0-9]+ +Checksum ' >"$tmp/e"
	read -r ne ee < <(paste -d'\n' "$dir/$c.expert" "$tmp/e" | awk -v c="$c" -v show="$show" -v why="$tmp/why" '
		NR % 2 { w = $0; next }
		{ n++; if ($0 == w) e++; else if (bad++ < show) printf "%s expert: tshark %s\n%s expert: tapir  %s\n", c, w, c, $0 >> why }
		END { print n + 0, e + 0 }')
	[ "$(wc -l <"$tmp/e")" -eq "$(wc -l <"$dir/$c.expert")" ] || { ee=-1; echo "$c expert: $(wc -l <"$tmp/e") rows, tshark $(wc -l <"$dir/$c.expert")" >>"$tmp/why"; }
	# -V
	nv=0 ev=0 vcol=-
	if [ "$opt" = -V ]; then
		"$TAPIR" -r "$cap" "${prefs[@]}" -V 2>/dev/null | awk -f "$dir/filter.awk" >"$tmp/v"
		nv=$(grep -vc '^@@' "$dir/$c.V")
		ev=$((nv - $(diff "$dir/$c.V" "$tmp/v" | grep -c '^<')))
		if ! cmp -s "$dir/$c.V" "$tmp/v"; then
			[ $ev -lt $nv ] || ev=$((nv - 1))
			diff -U1 --label tshark --label tapir "$dir/$c.V" "$tmp/v" | sed -n "3,$((show * 4 + 2))p" | sed "s|^|$c -V: |" >>"$tmp/why"
		fi
		vcol="$ev/$nv"
	fi
	if [ "$res" = ok ] && { [ "$ef" -ne "$nf" ] || [ "$es" -ne "$ns" ] || [ "$ee" -ne "$ne" ] || [ "$ev" -ne "$nv" ]; }; then
		res=FAIL
	fi
	printf '%-44s %13s %17s %9d %11s %9s  %s\n' "$c" "$ef/$nf" "$es/$ns" "$nx" "$ee/$ne" "$vcol" "$res"
	[ -s "$tmp/why" ] && cat "$tmp/why" >>"$tmp/diffs"
	tf=$((tf + nf)) tfe=$((tfe + ef)) ts=$((ts + ns)) tse=$((tse + es)) tx=$((tx + nx))
	te=$((te + ne)) tee=$((tee + (ee < 0 ? 0 : ee))) tv=$((tv + nv)) tve=$((tve + ev))
	if [ "$res" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); failed+=("$c"); fi
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$dir/captures.list")

if [ -s "$tmp/diffs" ]; then
	echo; echo "differences (first $show per capture and comparison):"; cat "$tmp/diffs"
fi
echo
echo "fields rows:    $tfe/$tf identical"
echo "summary lines:  $tse/$ts identical in scope ($tx excluded: tapir's default line already differs)"
echo "expert rows:    $tee/$te identical"
echo "-V lines:       $tve/$tv identical"
[ $fail -eq 0 ] || echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
