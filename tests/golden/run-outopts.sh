#!/bin/bash
# Golden suite for output options (-T fields with -E occurrence/
# aggregator/quote/separator/header and a field named twice; -V, -x, -P
# and -n combinations): tapir's output must equal
# tshark 4.0's (outopts/NAME.out, made by regen-outopts) byte for byte.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
root=$(cd "$GOLDEN_DIR/../.." && pwd)
TAPIR=${TAPIR:-$root/build/tapir}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAPIR=$(snapshot_tapir "$TAPIR" "$tmp") ||
	{ echo "run-outopts: tapir not built or not runnable"; echo "0 passed, 1 failed"; exit 1; }
pass=0 fail=0
while IFS=$'\t' read -r name cap args; do
	[ -n "$name" ] && [[ $name != \#* ]] || continue
	# shellcheck disable=SC2086
	"$TAPIR" -r "$CAPTURES_DIR/$cap" $args >"$tmp/out" 2>"$tmp/err"
	if cmp -s "$tmp/out" "$GOLDEN_DIR/outopts/$name.out"; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); echo "FAIL $name ($cap $args)"
		diff "$GOLDEN_DIR/outopts/$name.out" "$tmp/out" | head -6 | sed 's/^/    /'
	fi
done <"$GOLDEN_DIR/outopts.list"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
