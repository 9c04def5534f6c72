#!/bin/bash
# live_capture.sh — end-to-end test of live capture (tapir -i): two network
# namespaces joined by a veth pair; UDP datagrams from A are captured on B's
# end. Checks: -c N -w (count, readable, ns pcap), -f honoured, -c counts
# packets read when -Y hides some (tshark 4.0), -a duration/packets, SIGINT
# leaves a complete file and draws -z statistics, several -i, interface
# numbers, -V interface lines, errors for a missing interface and a bad
# filter. Addresses: 10.78.0.0/24 inside the namespaces only. Needs root and
# iproute2; prints SKIP and exits 77 without them.
set -u

. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
command -v ip >/dev/null || skip "needs ip (iproute2)"
[ -x "$TAPIR" ] || skip "no tapir binary at $TAPIR"

S=$$
NA=tapirLA$S NB=tapirLB$S
W=$(mktemp -d /tmp/tapir-live.XXXXXX)
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
inA() { ip netns exec $NA "$@"; }
inB() { ip netns exec $NB "$@"; }
ip -n $NA link add a0 address 02:78:00:00:00:01 type veth peer name b0 \
	address 02:78:00:00:00:02 netns $NB || exit 1
for ns in $NA $NB; do
	# no IPv6 router solicitations or DAD: only the test's traffic
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec $ns sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip -n $ns link set lo up
done
ip -n $NA addr add 10.78.0.1/24 dev a0
ip -n $NB addr add 10.78.0.2/24 dev b0
ip -n $NA link set a0 up
ip -n $NB link set b0 up
# static neighbours: no ARP in the middle of the counts
ip -n $NA neigh replace 10.78.0.2 lladdr 02:78:00:00:00:02 dev a0 nud permanent
ip -n $NB neigh replace 10.78.0.1 lladdr 02:78:00:00:00:01 dev b0 nud permanent

udp() { # port count [gap]: count datagrams A -> B:port, "dN" payloads
	inA bash -c "for i in \$(seq $2); do echo d\$i >/dev/udp/10.78.0.2/$1; sleep ${3:-0.01}; done"
}
npk() { "$TAPIR" -r "$1" -T fields -e frame.number 2>/dev/null | wc -l; }
# start a capture in B in the background, wait until it reports it runs
cap() { # stderr-file, args...
	local e=$1; shift
	# a simple command, so that $! is tapir itself (ip netns exec execs)
	ip netns exec $NB "$TAPIR" "$@" 2>"$e" &
	CAP=$!; PIDS+=($CAP)
	for _ in $(seq 50); do grep -q "^Capturing on" "$e" 2>/dev/null && break; sleep 0.05; done
}
waitcap() { # waits for $CAP at most 5 s; returns its status
	for _ in $(seq 100); do kill -0 $CAP 2>/dev/null || break; sleep 0.05; done
	kill -0 $CAP 2>/dev/null && { kill -9 $CAP; echo "     capture did not stop"; }
	wait $CAP
}

# --- 1. -c N -w: exactly N packets, a readable ns pcap ---
cap "$W/c.err" -i b0 -c 10 -w "$W/c.pcap"
udp 7000 20
waitcap; RC=$?
check "-c 10 -w exits 0" test $RC -eq 0
check "-c 10 -w wrote 10 packets ($(npk "$W/c.pcap"))" test "$(npk "$W/c.pcap")" -eq 10
check "stderr: Capturing on 'b0'" grep -qx "Capturing on 'b0'" "$W/c.err"
check "stderr: 10 packets captured" grep -qx "10 packets captured" "$W/c.err"
check "pcap has the nanosecond magic" test "$(od -An -tx1 -N4 "$W/c.pcap" | tr -d ' ')" = "4d3cb2a1"
check "-r reads the UDP datagrams back" test "$("$TAPIR" -r "$W/c.pcap" -Y 'udp.dstport == 7000 && ip.src == 10.78.0.1' -T fields -e frame.number | wc -l)" -eq 10

# --- 2. -f capture filter, -T fields live ---
cap "$W/f.err" -i b0 -f 'udp dst port 7001' -c 5 -T fields -e udp.dstport -e data.data >"$W/f.out"
inA bash -c 'for i in $(seq 10); do echo x >/dev/udp/10.78.0.2/7002; echo y >/dev/udp/10.78.0.2/7001; sleep 0.01; done'
waitcap
check "-f 'udp dst port 7001': 5 lines, all port 7001" test "$(grep -c $'^7001\t' "$W/f.out")" -eq 5 -a "$(wc -l <"$W/f.out")" -eq 5

# --- 3. -c counts packets read, -Y only hides (tshark 4.0) ---
cap "$W/y.err" -i b0 -f 'udp' -Y 'udp.dstport == 7003' -c 6 -T fields -e udp.dstport >"$W/y.out"
inA bash -c 'for i in $(seq 10); do echo x >/dev/udp/10.78.0.2/7003; echo y >/dev/udp/10.78.0.2/7004; sleep 0.01; done'
waitcap
check "-c 6 -Y: 3 of 6 read packets shown" test "$(wc -l <"$W/y.out")" -eq 3
check "-c 6 -Y: '3 packets captured' (tshark counts shown ones)" grep -qx "3 packets captured" "$W/y.err"
# the same on a file: -c counts read packets, -a packets: displayed ones
F=$(dirname "$0")/../captures/dns_tcp.pcap
if [ -f "$F" ]; then
	check "file: -c 5 -Y dns shows frame 4 only" test "$("$TAPIR" -r "$F" -c 5 -Y dns -T fields -e frame.number | paste -sd,)" = "4"
	check "file: -a packets:2 -Y dns shows 4,6" test "$("$TAPIR" -r "$F" -a packets:2 -Y dns -T fields -e frame.number | paste -sd,)" = "4,6"
fi

# --- 4. SIGINT: complete file, statistics drawn ---
cap "$W/int.err" -i b0 -f 'udp port 7005' -w "$W/int.pcap"
udp 7005 30
sleep 0.2
kill -INT $CAP; waitcap; RC=$?
check "SIGINT: exit 0" test $RC -eq 0
check "SIGINT: file holds all 30 datagrams ($(npk "$W/int.pcap"))" test "$(npk "$W/int.pcap")" -eq 30
check "SIGINT: file reads without error" bash -c "\"$TAPIR\" -r '$W/int.pcap' >/dev/null 2>'$W/int.rerr' && test ! -s '$W/int.rerr'"
check "SIGINT: 30 packets captured" grep -qx "30 packets captured" "$W/int.err"
cap "$W/z.err" -i b0 -q -f 'udp port 7006' -z io,phs >"$W/z.out"
udp 7006 4
sleep 0.2
kill -TERM $CAP; waitcap
check "SIGTERM: -z io,phs drawn with 4 udp frames" grep -Eq '^ +udp +frames:4 ' "$W/z.out"

# --- 5. autostop ---
T0=$(date +%s%N)
inB "$TAPIR" -i b0 -q -a duration:1 2>"$W/d.err"; RC=$?
MS=$((($(date +%s%N) - T0) / 1000000))
check "-a duration:1 stops after 1 s (${MS} ms, rc $RC)" test $RC -eq 0 -a $MS -ge 950 -a $MS -lt 2500
cap "$W/ap.err" -i b0 -f 'udp port 7007' -a packets:3 -T fields -e data.data >"$W/ap.out"
udp 7007 6
waitcap
check "-a packets:3 live stops after 3" test "$(wc -l <"$W/ap.out")" -eq 3

# --- 6. several -i, -V, interface number ---
NUM=$(inB "$TAPIR" -D | awk -F'[. ]' '$3 == "b0" {print $1}')
cap "$W/m.err" -i "$NUM" -i lo -f 'udp port 7008' -c 4 -T fields -e frame.interface_name -e frame.interface_id >"$W/m.out"
inB bash -c 'for i in 1 2; do echo l >/dev/udp/127.0.0.1/7008; sleep 0.01; done'
udp 7008 2
waitcap
check "-i $NUM (b0 by number) and -i lo: both interfaces" test "$(sort -u "$W/m.out" | paste -sd,)" = "b0	0,lo	1"
check "stderr names both" grep -qx "Capturing on 'b0' and 'lo'" "$W/m.err"
cap "$W/v.err" -i b0 -f 'udp port 7009' -c 1 -V >"$W/v.out"
udp 7009 1
waitcap
check "-V: frame line and interface id" grep -q "^    Interface id: 0 (b0)" "$W/v.out"
check "-V: UDP layer" grep -q "^User Datagram Protocol, Src Port: [0-9]*, Dst Port: 7009" "$W/v.out"

# --- 7. errors: one line naming the problem, non-zero exit ---
ERR=$(inB "$TAPIR" -i nosuch$S -c 1 2>&1 >/dev/null); RC=$?
check "missing interface: exit $RC, one line naming it" test $RC -ne 0 -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
check "missing interface: message" grep -q "nosuch$S" <<<"$ERR"
ERR=$(inB "$TAPIR" -i b0 -f 'udp prot 5' -c 1 2>&1 >/dev/null); RC=$?
check "bad capture filter: exit $RC, one line" test $RC -ne 0 -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
check "bad capture filter: message" grep -q "^tapir: Invalid capture filter \"udp prot 5\" for interface 'b0'" <<<"$ERR"

finish
