#!/bin/bash
# Bad input on the command line: each case must give exactly one error line
# starting "tapir:" that names the problem (continuation lines indented with
# a tab, and a "See 'tapir --help'." hint, are allowed), a non-zero exit
# status below 128 (no signal), and no sanitizer report. For files cut short
# in the middle of a packet, every whole packet must be printed first; the
# count of whole packets is computed here from the pcap record headers, so no
# tshark is needed.
set -uo pipefail
cd "$(dirname "$0")/../.."
TAPIR=${TAPIR:-$PWD/build/tapir}
CAPS=tests/captures
[ -x "$TAPIR" ] || { echo "cli_errors: $TAPIR not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; sed 's/^/       /' "$tmp/err" | head -5; }

# expect_error NAME PATTERN ARGS...: runs tapir ARGS (stdin from $STDIN or
# /dev/null); PATTERN is an extended regexp the "tapir:" line must match.
expect_error() {
	local name=$1 pat=$2; shift 2
	"$TAPIR" "$@" <"${STDIN:-/dev/null}" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	local nerr; nerr=$(grep -c '^tapir:' "$tmp/err")
	local other; other=$(grep -v -e '^tapir:' -e $'^\t' -e "^See 'tapir --help'" "$tmp/err" | grep -c .)
	if [ $rc -eq 0 ]; then bad "$name" "exit status 0"
	elif [ $rc -ge 128 ]; then bad "$name" "killed by signal $((rc - 128))"
	elif grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then bad "$name" "sanitizer report"
	elif [ "$nerr" -ne 1 ] || [ "$other" -ne 0 ]; then bad "$name" "want one 'tapir:' error line, got $nerr (+$other other)"
	elif ! grep -A1 '^tapir:' "$tmp/err" | grep -qE -- "$pat"; then bad "$name" "error does not match /$pat/"
	else ok "$name (exit $rc): $(head -1 "$tmp/err")"
	fi
}

# whole_packets FILE CUT: number of whole packets in the first CUT bytes of
# the little-endian pcap FILE (24-byte file header, 16-byte record headers).
whole_packets() {
	local f=$1 cut=$2 off=24 n=0 caplen
	while [ $((off + 16)) -le "$cut" ]; do
		caplen=$(od -An -tu4 -j $((off + 8)) -N 4 "$f" | tr -d ' ')
		[ $((off + 16 + caplen)) -le "$cut" ] || break
		off=$((off + 16 + caplen)); n=$((n + 1))
	done
	echo $n
}

cap=$CAPS/get.pcap
expect_error "missing file" 'nonexistent' -r "$tmp/nonexistent.pcap"
printf 'this is not a capture file\n' >"$tmp/text.pcap"
expect_error "not a capture" 'text.pcap' -r "$tmp/text.pcap"
# An empty file is not an error for tshark 4.0 (exit 0, nothing printed).
: >"$tmp/empty.pcap"
"$TAPIR" -r "$tmp/empty.pcap" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && ! [ -s "$tmp/out" ]; then ok "empty file: exit 0, no output (as tshark)"
else bad "empty file" "exit $rc, $(wc -l <"$tmp/out") lines (tshark: exit 0, none)"; fi
head -c 10 "$cap" >"$tmp/short-header.pcap"
expect_error "file shorter than its header" 'short-header.pcap' -r "$tmp/short-header.pcap"
expect_error "directory" 'directory|folder' -r "$tmp"
chmod 000 "$tmp/text.pcap"
if [ "$(id -u)" -ne 0 ]; then
	expect_error "unreadable file" 'text.pcap' -r "$tmp/text.pcap"
fi
expect_error "bad -T" 'bogus' -r "$cap" -T bogus
expect_error "bad -e field" 'no\.such\.field' -r "$cap" -T fields -e frame.number -e no.such.field
expect_error "bad -c (text)" 'abc' -r "$cap" -c abc
expect_error "bad -c (negative)" '-5' -r "$cap" -c -5
expect_error "unknown option" 'bogus' -r "$cap" --bogus-option
expect_error "unknown -o preference" 'foo:bar.*unknown preference' -r "$cap" -o foo:bar
expect_error "-o without a value" 'Invalid -o flag "tcp.analyze_sequence_numbers"' -r "$cap" -o tcp.analyze_sequence_numbers
expect_error "-o bad boolean" 'Invalid -o flag' -r "$cap" -o tcp.desegment_tcp_streams:maybe
expect_error "-x with -T fields" 'Raw packet hex data can only be printed as text' -r "$cap" -T fields -e frame.number -x
expect_error "unknown short option" '-K|K' -r "$cap" -K
expect_error "missing option argument" '-r|r' -r
expect_error "-w into a missing directory" 'no/such/dir' -r "$cap" -w "$tmp/no/such/dir/out.pcap"

# Truncated files: cut in the middle of a packet at several places. Every
# whole packet comes first on stdout, then one error line naming the file.
size=$(stat -c %s "$cap")
for cut in 100 2000 5000 $((size - 7)); do
	head -c "$cut" "$cap" >"$tmp/cut-$cut.pcap"
	want=$(whole_packets "$cap" "$cut")
	expect_error "truncated at byte $cut" "cut-$cut\.pcap.*(cut short|truncated|damaged)" -r "$tmp/cut-$cut.pcap"
	got=$(wc -l <"$tmp/out")
	if [ "$got" -eq "$want" ]; then ok "truncated at byte $cut: $got whole packets printed"
	else fail=$((fail + 1)); echo "FAIL truncated at byte $cut: $got packets printed, want $want"; fi
	# the same through a pipe (-r -)
	STDIN="$tmp/cut-$cut.pcap" expect_error "truncated at byte $cut on stdin" '(cut short|truncated|damaged)' -r -
	got=$(wc -l <"$tmp/out")
	if [ "$got" -eq "$want" ]; then ok "truncated at byte $cut on stdin: $got whole packets printed"
	else fail=$((fail + 1)); echo "FAIL truncated at byte $cut on stdin: $got packets printed, want $want"; fi
done
# A pcapng file cut inside a block: the whole packets before it come out.
png=$CAPS/pcapng-multi-interface.pcapng
psize=$(stat -c %s "$png")
head -c $((psize - 20)) "$png" >"$tmp/cut.pcapng"
expect_error "truncated pcapng" 'cut\.pcapng' -r "$tmp/cut.pcapng"
got=$(wc -l <"$tmp/out")
# the last block is cut, so all but the last packet are whole
want=$(($("$TAPIR" -r "$png" 2>/dev/null | wc -l) - 1))
if [ "$got" -eq "$want" ]; then ok "truncated pcapng: $got whole packets printed"
else fail=$((fail + 1)); echo "FAIL truncated pcapng: $got packets printed, want $want"; fi
# -w of a truncated file keeps every whole packet in a valid output file
head -c 5000 "$cap" >"$tmp/cut.pcap"
"$TAPIR" -r "$tmp/cut.pcap" -w "$tmp/out.pcap" 2>"$tmp/err"
rc=$?
want=$(whole_packets "$cap" 5000)
n=$("$TAPIR" -r "$tmp/out.pcap" 2>/dev/null | wc -l)
if [ $rc -ne 0 ] && [ $rc -lt 128 ] && [ "$n" -eq "$want" ]; then ok "-w of a truncated file: $n packets written, exit $rc"
else fail=$((fail + 1)); echo "FAIL -w of a truncated file: exit $rc, $n packets written, want $want"; fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
