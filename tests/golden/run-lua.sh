#!/bin/bash
# Golden suite for Lua taps (-X lua_script:): for every script tests/lua/S.lua
# and every expected output tests/golden/lua/S/C.out (made by regen-lua with
# tshark 4.0), runs
#   TZ=UTC tapir -q -r tests/captures/C -X lua_script:tests/lua/S.lua
# (or with the options of the script's "-- golden-args:" line instead of -q)
# and compares stdout byte for byte (the run must also exit 0 without a
# sanitizer report). A (script, capture) pair listed in the
# table of tests/golden/lua/known-diffs.md is reported but does not fail. Prints
# per-script agreement, the first lines of each unexpected diff and
# "N passed, N failed". The error cases are in tests/e2e/lua_errors.sh.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
root=$(cd "$GOLDEN_DIR/../.." && pwd)
TAPIR=${TAPIR:-$root/build/tapir}
show=${LIMIT_SHOW:-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAPIR=$(snapshot_tapir "$TAPIR" "$tmp") ||
	{ echo "run-lua: tapir not built or not runnable"; echo "0 passed, 1 failed"; exit 1; }

known_s=() known_c=()
while IFS='|' read -r _ s c _; do
	s=$(echo "$s" | xargs) c=$(echo "$c" | xargs)
	[ -n "$s" ] && [ "$s" != script ] && [[ "$s" != -* ]] || continue
	known_s+=("$s") known_c+=("$c")
done < <(awk '/^### lua/{on=1; next} /^#/{on=0} on && /^\|/' "$GOLDEN_DIR/lua/known-diffs.md" 2>/dev/null)
is_known() {
	local i
	for i in "${!known_s[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == ${known_s[$i]} && $2 == ${known_c[$i]} ]] && return 0
	done
	return 1
}

# Options of a script's runs: "-q" unless its first lines say
# "-- golden-args: OPTIONS" (as in regen-lua).
golden_args() {
	local a
	a=$(sed -n 's/^-- golden-args: //p' "$1" | head -1)
	echo "${a:--q}"
}

pass=0 fail=0 known=0
for script in "$root"/tests/lua/*.lua; do
	name=$(basename "$script" .lua)
	ok=0 all=0
	for exp in "$GOLDEN_DIR/lua/$name"/*.out; do
		[ -f "$exp" ] || continue
		c=$(basename "$exp" .out)
		cap="$CAPTURES_DIR/$c"
		[ -f "$cap" ] || cap="$CAPTURES_DIR/${c/_//}"
		all=$((all + 1))
		# shellcheck disable=SC2046
		timeout 60 "$TAPIR" $(golden_args "$script") -r "$cap" -X "lua_script:$script" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ $rc -ne 0 ] || grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
			fail=$((fail + 1))
			echo "FAIL $name on $c: exit status $rc"
			head -n 5 "$tmp/err" | sed 's/^/    stderr: /'
		elif cmp -s "$tmp/out" "$exp"; then
			pass=$((pass + 1)) ok=$((ok + 1))
		elif is_known "$name" "$c"; then
			known=$((known + 1))
		else
			fail=$((fail + 1))
			echo "DIFF $name on $c"
			diff "$exp" "$tmp/out" | head -n "$show" | sed 's/^/    /'
			head -n 3 "$tmp/err" | sed 's/^/    stderr: /'
		fi
	done
	printf '%-20s %d/%d\n' "$name" "$ok" "$all"
done
echo "known differences (lua/known-diffs.md): $known"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
