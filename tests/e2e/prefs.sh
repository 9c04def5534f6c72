#!/bin/bash
# -o NAME:VALUE changes what the dissectors do (tshark's preference names):
# each case compares two tapir runs that must agree (or must differ) on a
# bundled capture, so no tshark is needed.
set -uo pipefail
cd "$(dirname "$0")/../.."
TAPIR=${TAPIR:-$PWD/build/tapir}
[ -x "$TAPIR" ] || { echo "prefs: $TAPIR not built"; exit 1; }
cap=tests/captures/crafted/tcp-analysis-all-flags.pcap
pass=0 fail=0
check() { # NAME CONDITION-RESULT
	if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   $1"
	else fail=$((fail + 1)); echo "FAIL $1"; fi
}

a=$("$TAPIR" -r "$cap" -o tcp.relative_sequence_numbers:FALSE -T fields -e tcp.seq -e tcp.ack)
b=$("$TAPIR" -r "$cap" -T fields -e tcp.seq_raw -e tcp.ack_raw)
[ -n "$a" ] && [ "$a" = "$b" ]; check "relative_sequence_numbers:FALSE gives raw numbers" $?

a=$("$TAPIR" -r "$cap" -T fields -e tcp.analysis.flags | grep -c .)
b=$("$TAPIR" -r "$cap" -o tcp.analyze_sequence_numbers:FALSE -T fields -e tcp.analysis.flags | grep -c .)
[ "$a" -gt 10 ] && [ "$b" -eq 0 ]; check "analyze_sequence_numbers:FALSE: no analysis flags ($a with, $b without)" $?

a=$("$TAPIR" -r "$cap" -o 'tcp.calculate_timestamps: false' -T fields -e tcp.time_delta | grep -c .)
[ "$a" -eq 0 ]; check "calculate_timestamps: false (value with a space, any case)" $?

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
