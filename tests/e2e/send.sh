#!/bin/bash
# send.sh — end-to-end test of `tapir send`: two network namespaces joined by
# a veth pair; tapir send transmits on A's end and tapir -i captures on B's.
# Checks: a --hex packet and bundled captures arrive byte for byte (hex dumps
# compared), --timed keeps the capture's gaps (and --speed scales them),
# --pps and --mbps limit the rate, --loop and -c, the totals line, errors.
# Addresses: none needed (frames go link to link) and the namespaces are the
# test's own. Needs root, iproute2 and python3 (to write timed pcaps);
# prints SKIP and exits 77 without them.
set -u

. "$(dirname "$0")/lib.sh"
CAPS=$(cd "$(dirname "$0")/../captures" && pwd)
[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
for tool in ip python3; do
	command -v $tool >/dev/null || skip "needs $tool"
done
[ -x "$TAPIR" ] || skip "no tapir binary at $TAPIR"

S=$$
NA=tapirSA$S NB=tapirSB$S
W=$(mktemp -d /tmp/tapir-send.XXXXXX)
PIDS=()

cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	ip netns del $NA 2>/dev/null
	ip netns del $NB 2>/dev/null
	[ -n "${TAPIR_E2E_KEEP:-}" ] && echo "kept $W" || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM


ip netns add $NA 2>/dev/null || skip "cannot create network namespaces (ip netns)"
ip netns add $NB || exit 1
ip -n $NA link add a0 address 02:79:00:00:00:01 type veth peer name b0 \
	address 02:79:00:00:00:02 netns $NB || exit 1
for ns in $NA $NB; do
	# no IPv6 router solicitations or DAD: only what tapir sends
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec $ns sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip -n $ns link set lo up
done
ip -n $NA link set a0 up
ip -n $NB link set b0 up
inA() { ip netns exec $NA "$@"; }

cap() { # stderr-file, args...: capture in B in the background
	local e=$1; shift
	ip netns exec $NB "$TAPIR" "$@" 2>"$e" &
	CAP=$!; PIDS+=($CAP)
	for _ in $(seq 50); do grep -q "^Capturing on" "$e" 2>/dev/null && break; sleep 0.05; done
}
waitcap() { # waits for $CAP at most 5 s; returns its status
	for _ in $(seq 100); do kill -0 $CAP 2>/dev/null || break; sleep 0.05; done
	kill -0 $CAP 2>/dev/null && { kill -9 $CAP; echo "     capture did not stop"; }
	wait $CAP
}
npk() { "$TAPIR" -r "$1" -T fields -e frame.number 2>/dev/null | wc -l; }
# times of a capture relative to its first packet, in ms, one per line
rel_ms() { "$TAPIR" -r "$1" -T fields -e frame.time_relative | awk '{printf "%d\n", $1 * 1000 + 0.5}'; }
near() { # value target tolerance
	[ "$1" -ge $(($2 - $3)) ] && [ "$1" -le $(($2 + $3)) ]
}

# pcap writer for crafted frames: mkpcap OUT TIMES... (seconds); frame i
# is broadcast, ethertype 0x88b5 (local experimental), payload "tapir" + i
mkpcap() {
	python3 - "$@" <<'EOF'
import struct, sys
out = open(sys.argv[1], 'wb')
out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
for i, t in enumerate(sys.argv[2:]):
    us = round(float(t) * 1e6)
    f = bytes.fromhex('ffffffffffff02790000000188b5') + b'tapir' + bytes([i]) * 40
    out.write(struct.pack('<IIII', 1700000000 + us // 1000000, us % 1000000, len(f), len(f)) + f)
EOF
}

# --- 1. one packet from --hex arrives byte for byte ---
HEX="ff:ff:ff:ff:ff:ff 02:79:00:00:00:01 88b5 $(printf '%02x' $(seq 0 49))"
cap "$W/h.err" -i b0 -c 1 -w "$W/hex.pcap"
OUT=$(inA "$TAPIR" send -i a0 --hex "$HEX"); RC=$?
waitcap
check "send --hex: exit 0, '1 packet sent, 64 bytes'" test $RC -eq 0 -a "$OUT" = "1 packet sent, 64 bytes"
python3 - "$W/ref.pcap" "$HEX" <<'EOF'
import struct, sys
f = bytes.fromhex(sys.argv[2].replace(':', '').replace(' ', ''))
o = open(sys.argv[1], 'wb')
o.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
o.write(struct.pack('<IIII', 0, 0, len(f), len(f)) + f)
EOF
check "send --hex: captured bytes identical" diff <("$TAPIR" -r "$W/ref.pcap" -x) <("$TAPIR" -r "$W/hex.pcap" -x)

# --- 2. bundled captures arrive identical ---
for f in dns_tcp.pcap get.pcap icmp_dot1q.pcap; do
	[ -f "$CAPS/$f" ] || continue
	N=$(npk "$CAPS/$f")
	cap "$W/b.err" -i b0 -c "$N" -w "$W/got-$f"
	OUT=$(inA "$TAPIR" send -i a0 "$CAPS/$f")
	waitcap
	BYTES=$("$TAPIR" -r "$CAPS/$f" -T fields -e frame.cap_len | awk '{s += $1} END {print s}')
	check "send $f: '$OUT'" test "$OUT" = "$N packets sent, $BYTES bytes"
	check "send $f: $N packets received, hex dumps identical" \
		diff <("$TAPIR" -r "$CAPS/$f" -x) <("$TAPIR" -r "$W/got-$f" -x)
done

# --- 3. --timed keeps the gaps; --speed scales them ---
mkpcap "$W/timed.pcap" 0 0.2 0.5 0.6
cap "$W/t.err" -i b0 -c 4 -w "$W/t.pcap"
T0=$(date +%s%N)
inA "$TAPIR" send -q -i a0 --timed "$W/timed.pcap"
MS=$((($(date +%s%N) - T0) / 1000000))
waitcap
R=($(rel_ms "$W/t.pcap"))
echo "     --timed: received at ${R[*]} ms (sent in $MS ms)"
check "--timed: gaps 200/300/100 ms within 25 ms" bash -c \
	"[ ${#R[@]} -eq 4 ] && [ ${R[1]:-0} -ge 175 ] && [ ${R[1]:-0} -le 225 ] && [ ${R[2]:-0} -ge 475 ] && [ ${R[2]:-0} -le 525 ] && [ ${R[3]:-0} -ge 575 ] && [ ${R[3]:-0} -le 625 ]"
cap "$W/t2.err" -i b0 -c 4 -w "$W/t2.pcap"
inA "$TAPIR" send -q -i a0 --timed --speed 2 "$W/timed.pcap"
waitcap
R=($(rel_ms "$W/t2.pcap"))
echo "     --timed --speed 2: received at ${R[*]} ms"
check "--timed --speed 2: last packet at 300 ms within 25 ms" bash -c \
	"[ ${#R[@]} -eq 4 ] && [ ${R[1]:-0} -ge 75 ] && [ ${R[1]:-0} -le 125 ] && [ ${R[3]:-0} -ge 275 ] && [ ${R[3]:-0} -le 325 ]"
# without --timed the same file goes out at once
cap "$W/t3.err" -i b0 -c 4 -w "$W/t3.pcap"
inA "$TAPIR" send -q -i a0 "$W/timed.pcap"
waitcap
R=($(rel_ms "$W/t3.pcap"))
check "no --timed: all 4 within 50 ms (${R[3]:-?} ms)" test "${#R[@]}" -eq 4 -a "${R[3]:-999}" -le 50

# --- 4. rates, --loop, -c ---
cap "$W/p.err" -i b0 -c 10 -w "$W/p.pcap"
OUT=$(inA "$TAPIR" send -i a0 --pps 50 --loop 0 -c 10 --hex "$HEX")
waitcap
R=($(rel_ms "$W/p.pcap"))
echo "     --pps 50: last of 10 at ${R[9]:-?} ms"
check "--pps 50 --loop 0 -c 10: '$OUT'" test "$OUT" = "10 packets sent, 640 bytes"
check "--pps 50: 10th packet at 180 ms within 30 ms" bash -c "[ ${#R[@]} -eq 10 ] && [ ${R[9]:-0} -ge 150 ] && [ ${R[9]:-0} -le 210 ]"
BIG=$(python3 -c "print('ffffffffffff02790000000188b5' + '61' * 986)")
cap "$W/m.err" -i b0 -c 10 -w "$W/m.pcap"
OUT=$(inA "$TAPIR" send -i a0 --mbps 1 --loop 10 --hex "$BIG")
waitcap
R=($(rel_ms "$W/m.pcap"))
echo "     --mbps 1: last of 10 1000-byte packets at ${R[9]:-?} ms"
check "--mbps 1 --loop 10: '$OUT'" test "$OUT" = "10 packets sent, 10000 bytes"
check "--mbps 1: 10th packet at 72 ms within 25 ms" bash -c "[ ${#R[@]} -eq 10 ] && [ ${R[9]:-0} -ge 47 ] && [ ${R[9]:-0} -le 97 ]"
cap "$W/l.err" -i b0 -f 'ether proto 0x88b5' -a duration:1.5 -w "$W/l.pcap"
OUT=$(inA "$TAPIR" send -i a0 --loop 3 "$W/timed.pcap")
waitcap
# mkpcap frames are 14 + 5 + 40 = 59 bytes
check "--loop 3 of a 4-packet file: '$OUT', 12 received" test "$OUT" = "12 packets sent, 708 bytes" -a "$(npk "$W/l.pcap")" -eq 12

# --- 5. SIGINT stops an endless send with its totals ---
# started without the inA wrapper: a backgrounded function runs in a
# subshell, which ignores SIGINT and would keep it from tapir
ip netns exec $NA "$TAPIR" send -i a0 --pps 100 --loop 0 --hex "$HEX" >"$W/int.out" 2>&1 &
P=$!; PIDS+=($P)
sleep 0.3
kill -INT $P
for _ in $(seq 50); do kill -0 $P 2>/dev/null || break; sleep 0.1; done
kill -0 $P 2>/dev/null && { kill -9 $P; echo "     send ignored SIGINT"; }
wait $P; RC=$?
check "SIGINT: exit 0 and totals ($(cat "$W/int.out"))" bash -c "[ $RC -eq 0 ] && grep -Eq '^[0-9]+ packets sent, [0-9]+ bytes$' '$W/int.out'"

# --- 6. errors ---
ERR=$(inA "$TAPIR" send -i nosuch$S --hex "$HEX" 2>&1 >/dev/null); RC=$?
check "missing interface: exit $RC, one line naming it" bash -c "[ $RC -ne 0 ] && [ \$(printf '%s\n' \"\$1\" | wc -l) -eq 1 ] && grep -q nosuch$S <<<\"\$1\"" _ "$ERR"
ERR=$(inA "$TAPIR" send -i a0 --hex 'ff f' 2>&1 >/dev/null); RC=$?
check "bad --hex: exit $RC, one line" bash -c "[ $RC -ne 0 ] && [ \$(printf '%s\n' \"\$1\" | wc -l) -eq 1 ]" _ "$ERR"
ERR=$(inA "$TAPIR" send -i a0 "$W/nofile.pcap" 2>&1 >/dev/null); RC=$?
check "missing file: exit $RC, '$ERR'" bash -c "[ $RC -ne 0 ] && grep -q 'nofile.pcap' <<<\"\$1\"" _ "$ERR"

finish
