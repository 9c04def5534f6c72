#!/bin/bash
# Golden suite: tapir's `-T fields` output against tshark 4.0's, for every
# field of fields.list on every capture of tests/captures/ (expected files in
# tests/golden/fields/, made by tests/golden/regen; no tshark needed here).
# Tests: one per capture (fails when tapir crashes or any frame/eth/ip/ipv6/
# tcp/udp field differs in one cell), plus one for the overall agreement over
# all listed fields (fails under 99%). A (capture, field) pair listed in the
# table of KNOWN_DIFFS.md is reported but excused. Prints a per-field table,
# a per-capture table, and ends with "N passed, N failed". Field table
# columns: cells equal/compared (excused pairs left out), agreement, number of
# captures with a difference, differing cells excused by KNOWN_DIFFS.md, and
# the first difference.
# Environment: TAPIR (default build/tapir), FIELDS_MIN_PCT (default 99),
# KNOWN_DIFFS (default tests/golden/KNOWN_DIFFS.md).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
root=$(cd "$GOLDEN_DIR/../.." && pwd)
export TAPIR=${TAPIR:-$root/build/tapir}
min_pct=${FIELDS_MIN_PCT:-99}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAPIR=$(snapshot_tapir "$TAPIR" "$tmp") ||
	{ echo "run-fields: ${TAPIR} not built or not runnable"; echo "0 passed, 1 failed"; exit 1; }
tapir_known_fields "$TAPIR" $(fields_list) >"$tmp/known"
export TAPIR_KNOWN="$tmp/known"

# Excused pairs: rows "| capture | field | reason |" of KNOWN_DIFFS.md whose
# first cell is not the header or the separator.
awk -F'|' 'NF >= 5 {
	c = $2; f = $3; gsub(/^[ \t`]+|[ \t`]+$/, "", c); gsub(/^[ \t`]+|[ \t`]+$/, "", f)
	if (c == "" || c == "capture" || c ~ /^-+$/ || f == "") next
	print c "\t" f
}' "${KNOWN_DIFFS:-$GOLDEN_DIR/KNOWN_DIFFS.md}" >"$tmp/excused"

while IFS= read -r c; do
	if [ ! -f "$GOLDEN_DIR/fields/$c.tsv" ]; then
		printf '%s\tNOGOLDEN\t0\t1\t1\t0\t\tno expected file: run tests/golden/regen\n' "$c"
		continue
	fi
	"$GOLDEN_DIR/cmp-fields" --tsv "$c" 2>"$tmp/err" >"$tmp/one"
	rc=$?
	if [ $rc -eq 2 ] && ! [ -s "$tmp/one" ]; then
		printf '%s\tCRASH\t0\t1\t1\t0\t\t%s\t0\t0\n' "$c" "$(head -1 "$tmp/err")"
	else
		cat "$tmp/one"
	fi
done < <(captures_list) >"$tmp/all.tsv"

awk -F'\t' -v min_pct="$min_pct" -v exfile="$tmp/excused" '
function strict(f) { return f ~ /^(frame|eth|ip|ipv6|tcp|udp)\./ }
# excused(cap, f): a row names the capture (or *) and the field, or a
# field prefix written "proto.*"
function excused_pair(cap, f,    i) {
	if (((cap "\t" f) in ex) || (("*\t" f) in ex)) return 1
	for (i = 1; i <= nglob; i++)
		if ((gcap[i] == cap || gcap[i] == "*") && index(f, gpre[i]) == 1) return 1
	return 0
}
BEGIN {
	while ((getline l < exfile) > 0) {
		split(l, a, "\t")
		if (a[2] ~ /\.\*$/) { nglob++; gcap[nglob] = a[1]; gpre[nglob] = substr(a[2], 1, length(a[2]) - 1) }
		else ex[a[1] "\t" a[2]] = 1
	}
}
{
	cap = $1; f = $2; eq = $3; n = $4
	if (!(cap in seen)) { seen[cap] = 1; caps[++nc] = cap }
	if (f == "CRASH" || f == "NOGOLDEN") { crash[cap] = $8; next }
	if (!(f in fseen)) { fseen[f] = 1; flds[++nf] = f }
	if (!$5) unknown[f] = 1
	excused = excused_pair(cap, f)
	if (excused) { fex[f] += n - eq; exn += n - eq; exall += n }
	else { feq[f] += eq; fn[f] += n; teq += eq; tn += n; ceq[cap] += eq; cn[cap] += n
	       veq += $9; vn += $10 }
	if (eq < n && !excused) {
		fbad[f]++
		if (!(f in fexample)) fexample[f] = cap " #" $6 ": \"" $7 "\" vs \"" $8 "\""
		if (strict(f)) { cstrict[cap]++; if (!(cap in cfirst)) cfirst[cap] = f " frame " $6 }
	}
}
END {
	printf "%-38s %15s %8s %5s %7s  %s\n", "field", "equal/cells", "agree", "caps", "excused", "first mismatch (capture #frame: tshark vs tapir)"
	for (i = 1; i <= nf; i++) {
		f = flds[i]
		printf "%-38s %15s %7.2f%% %5d %7d  %s%s\n", f, (feq[f] + 0) "/" (fn[f] + 0),
			fn[f] ? 100 * feq[f] / fn[f] : 100, fbad[f], fex[f],
			(f in unknown) ? "[unknown to tapir] " : "", fexample[f]
	}
	print ""
	printf "%-46s %8s %s\n", "capture", "agree", "result"
	pass = 0; fail = 0
	for (i = 1; i <= nc; i++) {
		c = caps[i]
		if (c in crash) { res = "FAIL: " crash[c] }
		else if (c in cstrict) { res = "FAIL: " cstrict[c] " frame/eth/ip/ipv6/tcp/udp field(s) differ, first: " cfirst[c] }
		else res = "ok"
		if (res == "ok") pass++; else { fail++; failed = failed " " c }
		printf "%-46s %7.2f%% %s\n", c, cn[c] ? 100 * ceq[c] / cn[c] : 100, res
	}
	pct = tn ? 100 * teq / tn : 100
	print ""
	printf "overall: %d/%d cells equal (%.2f%%); need >= %s%%\n", teq, tn, pct, min_pct
	printf "excused by KNOWN_DIFFS.md (not counted above): %d cells, %d of them differ\n", exall, exn
	printf "cells where tshark has a value: %d/%d equal (%.2f%%)\n", veq, vn, vn ? 100 * veq / vn : 100
	if (pct + 1e-9 >= min_pct) pass++; else { fail++; failed = failed " overall" }
	if (fail) print "failed:" failed
	printf "%d passed, %d failed\n", pass, fail
	exit fail ? 1 : 0
}' "$tmp/all.tsv"
