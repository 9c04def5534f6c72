#!/bin/bash
# tapd_bridge.sh — end-to-end test of the inline tap: namespaces A and B
# each hold one end of a veth pair whose other end is in namespace T, where
# `tapir tapd` bridges them. TCP (4 MB) and UDP traffic A<->B go through the
# bridge; `tapir collect` records them. Checks: counts, payload intact,
# fi.drop -> retransmissions, fi.flip -> checksum errors, two parallel
# collects see every frame exactly once, the MAC filter, the control
# language, collect killed with SIGKILL leaves a readable pcap, daemon mode.
# Addresses: 10.77.0.0/24 inside the namespaces only. Needs root, iproute2,
# socat, ethtool; prints SKIP and exits 77 without them. The pcaps are
# analysed with tapir itself (checksums with its -o *.check_checksum
# preferences); tshark, when present, cross-checks the checksum count.
# TAPD_MODE=packet (default) | xdp | auto picks tapd's data path
# (tests/e2e/tapd_xdp.sh runs this script with xdp). TAPD_PORTS=macvlan
# puts a passthru macvlan on each T-side veth end and bridges those instead
# (macvlan has no native XDP, so AF_XDP runs in generic mode there). Also
# checks that the
# running tapd has dropped every capability but CAP_NET_RAW/CAP_NET_ADMIN.
set -u

. "$(dirname "$0")/lib.sh"
MODE=${TAPD_MODE:-packet}
PORTS=${TAPD_PORTS:-veth}
[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
for tool in ip socat ethtool; do
	command -v $tool >/dev/null || skip "needs $tool"
done
[ -x "$TAPIR" ] || skip "no tapir binary at $TAPIR"

S=$$
NA=tapirA$S NB=tapirB$S NT=tapirT$S
Q=tapir.pqueue.e2e$S
W=$(mktemp -d /tmp/tapir-e2e.XXXXXX)
SOCK=$W/ctl.sock
TAPD_PID= PIDS=()

cleanup() {
	for p in "${PIDS[@]}" $TAPD_PID; do kill "$p" 2>/dev/null; done
	sleep 0.2
	for p in "${PIDS[@]}" $TAPD_PID; do kill -9 "$p" 2>/dev/null; done
	ip netns del $NA 2>/dev/null
	ip netns del $NB 2>/dev/null
	ip netns del $NT 2>/dev/null
	rm -f /dev/shm/$Q
	[ -n "${TAPIR_E2E_KEEP:-}" ] && echo "kept $W" || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 1' INT TERM


ip netns add $NA 2>/dev/null || skip "cannot create network namespaces"
ip netns add $NB && ip netns add $NT || exit 1
inA() { ip netns exec $NA "$@"; }
inB() { ip netns exec $NB "$@"; }
inT() { ip netns exec $NT "$@"; }

MAC_A=02:77:00:00:00:01 MAC_B=02:77:00:00:00:02 MAC_A2=02:77:00:00:00:03
if [ "$PORTS" = macvlan ]; then
	ip -n $NA link add a0 address $MAC_A type veth peer name ta0 netns $NT || exit 1
	ip -n $NB link add b0 address $MAC_B type veth peer name tb0 netns $NT || exit 1
	ip -n $NT link add ta link ta0 type macvlan mode passthru || exit 1
	ip -n $NT link add tb link tb0 type macvlan mode passthru || exit 1
	for d in ta0 tb0; do
		ip netns exec $NT ethtool -K $d tx off tso off gso off gro off >/dev/null 2>&1
		ip -n $NT link set $d up
	done
else
	ip -n $NA link add a0 address $MAC_A type veth peer name ta netns $NT || exit 1
	ip -n $NB link add b0 address $MAC_B type veth peer name tb netns $NT || exit 1
fi
ip -n $NA link add a1 link a0 address $MAC_A2 type macvlan mode bridge || exit 1
for ns in $NA $NB $NT; do
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec $ns sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	ip -n $ns link set lo up
done
# Frames on the wire as a NIC would see them: no TSO super-frames, no
# partial checksums, so flips and drops act per real frame.
inA ethtool -K a0 tx off tso off gso off gro off >/dev/null 2>&1
inB ethtool -K b0 tx off tso off gso off gro off >/dev/null 2>&1
inT ethtool -K ta tx off tso off gso off gro off >/dev/null 2>&1
inT ethtool -K tb tx off tso off gso off gro off >/dev/null 2>&1
ip -n $NA addr add 10.77.0.1/24 dev a0
ip -n $NA addr add 10.77.0.3/24 dev a1
ip -n $NB addr add 10.77.0.2/24 dev b0
ip -n $NA link set a0 up
ip -n $NA link set a1 up
ip -n $NB link set b0 up
ip -n $NT link set ta up
ip -n $NT link set tb up

cat >"$W/tapir.rc" <<EOF
\\ ports: 0 faces A, 1 faces B
"ta" if.add "tb" if.add
0 tap.rx.enable 1 tap.rx.enable
EOF
ip netns exec $NT "$TAPIR" tapd --mode $MODE -c "$W/tapir.rc" -S "$SOCK" -q $Q \
	--slots 65536 >"$W/tapd.log" 2>&1 &
TAPD_PID=$!
for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
[ -S "$SOCK" ] || { cat "$W/tapd.log"; echo "FAIL tapd did not start"; exit 1; }

if [ "$MODE" = xdp ] && ! kill -0 $TAPD_PID 2>/dev/null; then
	# tapd --mode xdp refuses to start when AF_XDP does not work here
	skip "AF_XDP unavailable: $(grep -m1 . "$W/tapd.log")"
fi
ctl() { "$TAPIR" ctl -S "$SOCK" "$*"; }
echo "     $(grep -m1 'port(s)' "$W/tapd.log")"

# --- 0. privileges: only CAP_NET_RAW (13) and CAP_NET_ADMIN (12) left ---
CAPEFF=$(awk '$1 == "CapEff:" {print $2}' /proc/$TAPD_PID/status)
CAPBND=$(awk '$1 == "CapBnd:" {print $2}' /proc/$TAPD_PID/status)
NNP=$(awk '$1 == "NoNewPrivs:" {print $2}' /proc/$TAPD_PID/status)
echo "     tapd CapEff $CAPEFF CapBnd $CAPBND NoNewPrivs $NNP"
check "tapd kept only net_raw,net_admin" test "$CAPEFF" = 0000000000003000 -a "$CAPBND" = 0000000000003000 -a "$NNP" = 1
check "tap.status says so" grep -q "privileges user root (uid 0), capabilities net_raw,net_admin, no_new_privs" <<<"$(ctl tap.status)"
if [ "$MODE" = xdp ]; then
	check "both ports in AF_XDP mode" test "$(ctl if.stats | grep -c '^  mode xdp')" -eq 2
	[ "$PORTS" = macvlan ] && check "macvlan ports use generic XDP" test "$(ctl if.stats | grep -c '^  mode xdp (generic, copy)')" -eq 2
else
	check "ports in mode $MODE" test "$(ctl if.stats | grep -c '^  mode ')" -eq 2
fi
# sum of a counter over the ports in if.stats
stat_sum() { # first number after "  KEY " in if.stats, summed over ports
	ctl if.stats | awk -v k="$1" 'index($0, "  " k " ") == 1 { split(substr($0, length(k) + 4), a, " "); if (a[1] ~ /^[0-9]+$/) s += a[1] } END {print s+0}'
}
qstat() { ctl tap.queue.status | awk -v k="$1" '$1 == k {print $2}'; }
tapped() { echo $(( $(stat_sum "RX tap") + $(stat_sum "TX tap") )); }
npk() { "$TAPIR" -r "$1" -T fields -e frame.number 2>/dev/null | wc -l; }
# Waits (at most 5 s) until the bridge is idle and the collects have
# drained the queue: tap counters unchanged over 0.2 s and every inserted
# frame retrieved. Counts taken before that race a slow (sanitized,
# generic-XDP) bridge that is still forwarding the tail of a transfer.
settle() {
	local prev=-1 now
	for _ in $(seq 25); do
		now=$(tapped)
		[ "$now" = "$prev" ] && [ "$(qstat inserted)" = "$(qstat retrieved)" ] && return 0
		prev=$now
		sleep 0.2
	done
	echo "     bridge did not settle in 5 s"
}

udp_from() { # source-address count port device: n UDP datagrams to B
	ip netns exec $NA bash -c "for i in \$(seq $2); do echo x\$i | socat -u - UDP-SENDTO:10.77.0.2:$3,bind=$1,so-bindtodevice=$4; done"
}
hello() { # one TCP exchange A -> B
	ip netns exec $NB timeout 5 socat -u TCP-LISTEN:4999,reuseaddr OPEN:"$W/hello.txt",creat,trunc &
	sleep 0.2
	echo hello | ip netns exec $NA timeout 5 socat -u - TCP:10.77.0.2:4999,retry=20,interval=0.1
	wait $!
	grep -q hello "$W/hello.txt"
}
check "TCP A -> B through the bridge" hello

head -c 4000000 /dev/urandom >"$W/send.bin"
transfer() { # port; TCP 4 MB A -> B, then 200 UDP datagrams A -> B
	rm -f "$W/recv.bin" "$W/udp.txt"
	ip netns exec $NB socat -u TCP-LISTEN:$1,reuseaddr OPEN:"$W/recv.bin",creat,trunc &
	local l=$!
	ip netns exec $NB socat -u UDP-RECV:$(($1 + 1)) OPEN:"$W/udp.txt",creat,append &
	local u=$!
	sleep 0.3
	inA timeout 60 socat -u OPEN:"$W/send.bin" TCP:10.77.0.2:$1,retry=20,interval=0.1
	inA bash -c "for i in \$(seq 200); do echo udp\$i >/dev/udp/10.77.0.2/$(($1 + 1)); sleep 0.002; done"
	wait $l
	sleep 0.3
	kill $u 2>/dev/null; wait $u 2>/dev/null
}

# --- 1. plain bridge: counts and payload ---
ctl tap.queue.reset >/dev/null
T0=$(tapped)
"$TAPIR" collect -q $Q --nano "$W/plain.pcap" 2>"$W/collect1.log" &
C=$!; PIDS+=($C)
sleep 0.3
transfer 5001
settle
T1=$(tapped); FULL=$(qstat full)
kill -INT $C; wait $C
check "TCP payload intact" cmp -s "$W/send.bin" "$W/recv.bin"
check "UDP datagrams arrived" test "$(wc -l <"$W/udp.txt")" -ge 195
N=$(npk "$W/plain.pcap")
echo "     plain: pcap $N packets, tapped $((T1 - T0)), full $FULL"
check "pcap packets = tapped - full" test "$N" -eq $((T1 - T0 - FULL))
check "collect printed totals" grep -q "packets" "$W/collect1.log"
NUDP=$("$TAPIR" -r "$W/plain.pcap" -Y 'udp.dstport == 5002' -T fields -e frame.number 2>/dev/null | wc -l)
check "UDP in pcap ($NUDP)" test "$NUDP" -ge 195

# --- 2. fault injection: drop 2% towards B ---
ctl 1 0.02 fi.drop 1 fi.enable >/dev/null
"$TAPIR" collect -q $Q -s "$W/drop.pcap" &
C=$!; PIDS+=($C)
sleep 0.3
transfer 5011
sleep 0.3
kill -TERM $C; wait $C
ctl 1 fi.disable >/dev/null
check "TCP payload intact with fi.drop 2%" cmp -s "$W/send.bin" "$W/recv.bin"
DROPPED=$(stat_sum "dropped by FI")
RETX=$("$TAPIR" -r "$W/drop.pcap" -Y 'tcp.analysis.retransmission || tcp.analysis.fast_retransmission' -T fields -e frame.number 2>/dev/null | wc -l)
# the same check without tshark's analysis: data segments whose sequence
# number was already seen
DUPSEQ=$("$TAPIR" -r "$W/drop.pcap" -Y 'tcp.dstport == 5011 && tcp.len > 0' -T fields -e tcp.seq_raw 2>/dev/null | sort | uniq -d | wc -l)
echo "     drop: dropped by FI $DROPPED, retransmissions $RETX, repeated seq $DUPSEQ"
check "FI dropped frames" test "$DROPPED" -gt 0
check "retransmissions visible in pcap" test "$RETX" -gt 0 -a "$DUPSEQ" -gt 0

# --- 3. fault injection: flip bits towards B, tap what is sent ---
ctl 1 0.01 fi.flip 1 fi.enable 0 tap.rx.disable 1 tap.rx.disable 1 tap.tx.enable >/dev/null
"$TAPIR" collect -q $Q -s --nano "$W/flip.pcap" &
C=$!; PIDS+=($C)
sleep 0.3
transfer 5021
sleep 0.3
kill -TERM $C; wait $C
ctl 1 fi.disable 0 tap.rx.enable 1 tap.rx.enable 1 tap.tx.disable >/dev/null
check "TCP payload intact with fi.flip 1%" cmp -s "$W/send.bin" "$W/recv.bin"
FLIPPED=$(stat_sum "flipped by FI")
# Checksums verified by tapir with tshark's preferences (all off by
# default): a flipped bit breaks the IPv4 header, TCP or UDP checksum of
# its frame (offloads are off, so unflipped frames carry correct ones:
# plain.pcap, recorded without fault injection, must have none wrong).
badsum() {
	"$TAPIR" -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE \
		-o udp.check_checksum:TRUE -r "$1" -T fields -e frame.number \
		-Y 'ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0' \
		2>/dev/null | wc -l
}
BADSUM=$(badsum "$W/flip.pcap")
BADSUM0=$(badsum "$W/plain.pcap")
GOODSUM0=$("$TAPIR" -o tcp.check_checksum:TRUE -r "$W/plain.pcap" \
	-Y 'tcp.checksum.status == 1' -T fields -e frame.number 2>/dev/null | wc -l)
echo "     flip: flipped by FI $FLIPPED, checksum errors in pcap $BADSUM (without FI: $BADSUM0 of $GOODSUM0 verified TCP)"
check "FI flipped frames" test "$FLIPPED" -gt 0
check "checksum errors visible in pcap" test "$BADSUM" -gt 0
check "no checksum errors without FI" test "$BADSUM0" -eq 0 -a "$GOODSUM0" -gt 0
if command -v tshark >/dev/null; then
	# the same count from tshark, when present
	TSUM=$(tshark -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
		-o udp.check_checksum:TRUE -r "$W/flip.pcap" -T fields -e frame.number \
		-Y 'ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0' \
		2>/dev/null | wc -l)
	check "checksum errors: tapir $BADSUM = tshark $TSUM" test "$BADSUM" -eq "$TSUM"
fi

# --- 4. two collects in parallel see every frame exactly once ---
ctl tap.queue.reset >/dev/null
T0=$(tapped)
"$TAPIR" collect -q $Q -n -s --nano "$W/par1.pcap" &
C1=$!; PIDS+=($C1)
"$TAPIR" collect -q $Q -n -s --nano "$W/par2.pcap" &
C2=$!; PIDS+=($C2)
sleep 0.3
transfer 5031
settle
T1=$(tapped); FULL=$(qstat full)
kill -TERM $C1 $C2; wait $C1 $C2
N1=$(npk "$W/par1.pcap"); N2=$(npk "$W/par2.pcap")
echo "     parallel: $N1 + $N2 packets, tapped $((T1 - T0)), full $FULL"
check "both collects got frames" test "$N1" -gt 0 -a "$N2" -gt 0
check "together every frame" test $((N1 + N2)) -eq $((T1 - T0 - FULL))
for f in par1 par2; do
	"$TAPIR" -r "$W/$f.pcap" -T fields -e frame.time_epoch -e ip.id -e tcp.seq_raw -e frame.len 2>/dev/null
done | sort | uniq -d >"$W/dups.txt"
check "no frame in both" test ! -s "$W/dups.txt"

# --- 5. MAC filter ---
ctl 02:77:00:00:00:01 tap.hash.insert >/dev/null
SHOW=$(ctl tap.hash.show)
check "hash.show lists the MAC as LAA" grep -q "02:77:00:00:00:01  Locally Administered Address (LAA)" <<<"$SHOW"
"$TAPIR" collect -q $Q -s "$W/mac.pcap" &
C=$!; PIDS+=($C)
sleep 0.3
udp_from 10.77.0.3 5 6000 a1  # from a1 = $MAC_A2: not queued
udp_from 10.77.0.1 5 6001 a0  # from a0 = $MAC_A: queued
sleep 0.3
kill -TERM $C; wait $C
ctl tap.hash.reset >/dev/null
NM=$(npk "$W/mac.pcap")
NOTA=$("$TAPIR" -r "$W/mac.pcap" -Y "!(eth.addr == $MAC_A)" -T fields -e frame.number 2>/dev/null | wc -l)
NA1=$("$TAPIR" -r "$W/mac.pcap" -Y "udp.dstport == 6001 && !icmp" -T fields -e frame.number 2>/dev/null | wc -l)
NA2=$("$TAPIR" -r "$W/mac.pcap" -Y "udp.dstport == 6000 && !icmp" -T fields -e frame.number 2>/dev/null | wc -l)
echo "     mac filter: $NM packets, $NOTA not to/from $MAC_A, UDP from a0 $NA1, from a1 $NA2"
check "MAC filter: only frames to/from the address" test "$NM" -gt 0 -a "$NOTA" -eq 0 -a "$NA1" -eq 5 -a "$NA2" -eq 0

# --- 6. control language ---
OUT=$(ctl 1 2 .s)
check ".s shows the stack" test "$OUT" = "<2> 1 2"
ERR=$("$TAPIR" ctl -S "$SOCK" nosuchword 2>&1 >/dev/null); RC=$?
check "unknown word: one error line, exit 1" test $RC -eq 1 -a "$ERR" = "error: unknown word 'nosuchword'"
ERR=$("$TAPIR" ctl -S "$SOCK" 1 fi.drop 2>&1 >/dev/null)
check "underflow is an error" grep -q "^error: stack underflow" <<<"$ERR"
check "daemon still answers" test "$(ctl 7 .)" = "7"
INTER=$(printf '1 2 .s\nfoo\n3 .\n' | "$TAPIR" ctl -S "$SOCK")
check "interactive console answers ok" test "$INTER" = "$(printf '<2> 1 2\nok\nerror: unknown word '"'"'foo'"'"'\n3\nok')"
ctl tap.queue.reset >/dev/null
udp_from 10.77.0.1 1 6002 a0
for _ in $(seq 25); do [ "$(qstat inserted)" != 0 ] && break; sleep 0.2; done
DUMP=$(ctl tap.queue.get .)
check "tap.queue.get . prints a hex dump" grep -qE '^0000  ([0-9a-f]{2} ){8} ([0-9a-f]{2} ){8} \|.{16}\|$' <<<"$DUMP"
ctl tap.queue.reset >/dev/null
check "tap.queue.get on empty queue: len 0" grep -q "^frame len 0 caplen 0" <<<"$(ctl tap.queue.get .)"
STATUS=$(ctl tap.queue.status)
check "status layout" grep -qzP "^packet queue $Q\n  head \d+\n  tail \d+\n  inserted \d+\n  full \d+\n  retrieved \d+\n" <<<"$STATUS"
ctl if.stats | sed -n '2,13s/^  \([a-zA-Z ]*[a-zA-Z]\) .*/\1/p' | paste -sd, >"$W/layout"
check "if.stats layout" test "$(cat "$W/layout")" = "rx,tx,drop,noif,err,RX tap,TX tap,fault injection,drop probability,flip probability,dropped by FI,flipped by FI"

# --- 7. collect killed with SIGKILL leaves a valid pcap ---
"$TAPIR" collect -q $Q -s "$W/kill.pcap" &
C=$!; PIDS+=($C)
ip netns exec $NB socat -u TCP-LISTEN:5041,reuseaddr OPEN:/dev/null &
L=$!
sleep 0.3
ip netns exec $NA timeout 30 socat -u OPEN:"$W/send.bin" TCP:10.77.0.2:5041,retry=20,interval=0.1 &
X=$!
sleep 0.15
kill -9 $C; wait $C 2>/dev/null
wait $X $L
NK=$(npk "$W/kill.pcap")
check "SIGKILLed collect left a readable pcap ($NK packets)" bash -c "\"$TAPIR\" -r '$W/kill.pcap' >/dev/null 2>'$W/kill.err' && ! grep -qi 'cut short\|corrupt' '$W/kill.err'"

# --- 8. daemon mode ---
"$TAPIR" collect -q $Q -d --pidfile "$W/c.pid" "$W/daemon.pcap" >/dev/null
check "collect --status sees the daemon" "$TAPIR" collect -q $Q --pidfile "$W/c.pid" --status
udp_from 10.77.0.1 6 6003 a0
sleep 0.3
check "collect --stop stops it" "$TAPIR" collect -q $Q --pidfile "$W/c.pid" --stop
check "daemon wrote frames" test "$(npk "$W/daemon.pcap")" -ge 6
check "pidfile removed" test ! -e "$W/c.pid"

ctl if.stats | sed 's/^/     /'
tapd_log() { echo "--- tapd log"; cat "$W/tapd.log"; }
finish tapd_log
