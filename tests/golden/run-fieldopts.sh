#!/bin/bash
# Golden suite for -T fields options (-E occurrence/aggregator/quote/
# separator/header, a field named twice): tapir's output must equal
# tshark 4.0's (fieldopts/NAME.out, made by regen-fieldopts) byte for byte.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
root=$(cd "$GOLDEN_DIR/../.." && pwd)
TAPIR=${TAPIR:-$root/build/tapir}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAPIR=$(snapshot_tapir "$TAPIR" "$tmp") ||
	{ echo "run-fieldopts: tapir not built or not runnable"; echo "0 passed, 1 failed"; exit 1; }
pass=0 fail=0
while IFS=$'\t' read -r name cap args; do
	[ -n "$name" ] && [[ $name != \#* ]] || continue
	# shellcheck disable=SC2086
	"$TAPIR" -n -r "$CAPTURES_DIR/$cap" -T fields $args >"$tmp/out" 2>"$tmp/err"
	if cmp -s "$tmp/out" "$GOLDEN_DIR/fieldopts/$name.out"; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		fail=$((fail + 1)); echo "FAIL $name ($cap $args)"
		diff "$GOLDEN_DIR/fieldopts/$name.out" "$tmp/out" | head -6 | sed 's/^/    /'
	fi
done <"$GOLDEN_DIR/fieldopts.list"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
