# lib.sh — sourced (not run: it is not executable) by the e2e scripts that
# check a running setup step by step: the tapir binary, SKIP, the check
# lines and the verdict.
#   skip MSG       prints "SKIP: MSG" and exits 77 (run-all: skipped)
#   check D CMD..  runs CMD; prints "ok   D" or "FAIL D" (counted)
#   finish [CMD..] exits 0 when no check failed, else runs CMD (e.g. to show
#                  a daemon's log), prints "N check(s) failed" and exits 1
TAPIR=${TAPIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/tapir}
FAILS=0

skip() { echo "SKIP: $*"; exit 77; }
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; FAILS=$((FAILS + 1)); }
check() {
	local d=$1; shift
	if "$@"; then ok "$d"; else bad "$d"; fi
}
finish() {
	if [ "$FAILS" -ne 0 ]; then
		[ $# -gt 0 ] && "$@"
		echo "$FAILS check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
