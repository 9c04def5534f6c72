#!/bin/bash
# Golden suite for -z statistics and stream following: for every capture
# with a tests/golden/stats/<capture>.list (made by regen-stats), runs
#   TZ=UTC tapir -n -r CAPTURE -q -z ARG
# and compares stdout byte for byte with tshark 4.0's
# tests/golden/stats/<capture>/<NAME>.out. A (capture, NAME) pair listed in
# the "stats" table of KNOWN_DIFFS.md (shell glob patterns allowed) is
# reported but does not fail. Then checks bad -z arguments: one error line
# naming the argument on stderr, nothing on stdout, non-zero exit.
# Prints per-statistic agreement, each unexpected difference (first lines
# of the diff, LIMIT_SHOW per test), and "N passed, N failed".
set -uo pipefail
. "$(dirname "$0")/lib.sh"
root=$(cd "$GOLDEN_DIR/../.." && pwd)
TAPIR=${TAPIR:-$root/build/tapir}
show=${LIMIT_SHOW:-6}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAPIR=$(snapshot_tapir "$TAPIR" "$tmp") ||
	{ echo "run-stats: tapir not built or not runnable"; echo "0 passed, 1 failed"; exit 1; }

# Known differences: rows "| capture | statistic | reason |" between the
# "### stats" heading and the next heading of KNOWN_DIFFS.md.
known_caps=() known_names=()
while IFS='|' read -r _ c n _; do
	c=$(echo "$c" | xargs) n=$(echo "$n" | xargs)
	[ -n "$c" ] && [ "$c" != capture ] && [[ "$c" != -* ]] || continue
	known_caps+=("$c") known_names+=("$n")
done < <(awk '/^### stats/{on=1; next} /^#/{on=0} on && /^\|/' "$GOLDEN_DIR/KNOWN_DIFFS.md" 2>/dev/null)

is_known() {
	local i
	for i in "${!known_caps[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == ${known_caps[$i]} && $2 == ${known_names[$i]} ]] && return 0
	done
	return 1
}

pass=0 fail=0 known=0
declare -A st_ok st_all
while IFS= read -r c; do
	list="$GOLDEN_DIR/stats/$c.list"
	[ -f "$list" ] || continue
	while IFS=$'\t' read -r name arg; do
		exp="$GOLDEN_DIR/stats/$c/$name.out"
		[ -f "$exp" ] || continue
		stat=${name%%_[0-9]*}
		stat=${stat%_ascii*}; stat=${stat%_hex*}; stat=${stat%_raw*}; stat=${stat%_yaml*}
		st_all[$stat]=$((${st_all[$stat]:-0} + 1))
		timeout 60 "$TAPIR" -n -r "$CAPTURES_DIR/$c" -q -z "$arg" >"$tmp/out" 2>"$tmp/err"
		if cmp -s "$tmp/out" "$exp"; then
			pass=$((pass + 1))
			st_ok[$stat]=$((${st_ok[$stat]:-0} + 1))
		elif is_known "$c" "$name"; then
			known=$((known + 1))
		else
			fail=$((fail + 1))
			echo "DIFF $c -z $arg"
			diff "$exp" "$tmp/out" | head -n "$show" | sed 's/^/    /'
		fi
	done <"$list"
done < <(captures_list)

echo
printf '%-28s %s\n' statistic "equal/tests"
for s in $(printf '%s\n' "${!st_all[@]}" | sort); do
	printf '%-28s %d/%d\n' "$s" "${st_ok[$s]:-0}" "${st_all[$s]}"
done
echo "known differences (KNOWN_DIFFS.md): $known"

# Bad input: rejected before any packet is read (stdout stays empty).
cap="$CAPTURES_DIR/get.pcap"
for bad in "bogus" "conv,foo" "conv" "io,stat" "io,stat,abc" "io,stat,-1" \
	   "follow,tcp,ascii" "follow,tcp,ascii,x" "follow,tcp,ebcdic,0" \
	   "follow,sctp,ascii,0" "follow,tcp,ascii,-1" "plen,tree,(((" \
	   "expert,error,(((" "follow,tcp,ascii,1.2.3.4:80"; do
	"$TAPIR" -r "$cap" -q -z "$bad" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ $rc -ne 0 ] && [ ! -s "$tmp/out" ] && [ "$lines" -eq 1 ] &&
	   grep -qF -- "$bad" "$tmp/err"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "BAD-INPUT -z $bad: rc=$rc, stderr:"; sed 's/^/    /' "$tmp/err"; head -3 "$tmp/out"
	fi
done
"$TAPIR" -r "$cap" -z help >"$tmp/out" 2>&1
if [ $? -eq 0 ] && grep -q 'conv,tcp' "$tmp/out"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "-z help: wrong"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
