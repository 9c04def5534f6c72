#!/bin/bash
# bridge_bench.sh — frames/s through `tapir tapd` between two veth pairs in
# namespaces it creates (A: a0 <-> ta, B: b0 <-> tb, tapd in T bridging ta
# and tb). bench/bridge_send.c blasts frames out of a0 for BRIDGE_SECS
# seconds (default 3); the rate is what arrives at b0 (its kernel rx
# counter). Each data path (AF_PACKET, and AF_XDP when it works here) runs
# with tapping off, and on with `tapir collect` writing to /dev/null.
# Offloads are off as on a real wire. Needs root, iproute2, ethtool.
# Environment: TAPIR (default build/tapir), BRIDGE_SECS, BRIDGE_SIZE (frame
# bytes without FCS, default 60).
set -u
cd "$(dirname "$0")/.."
TAPIR=${TAPIR:-$PWD/build/tapir}
SECS=${BRIDGE_SECS:-3}
SIZE=${BRIDGE_SIZE:-60}
[ "$(id -u)" -eq 0 ] || { echo "bridge bench: skipped (needs root)"; exit 0; }
command -v ip >/dev/null || { echo "bridge bench: skipped (needs ip)"; exit 0; }
W=$(mktemp -d /tmp/tapir-bridge.XXXXXX)
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o "$W/send" bench/bridge_send.c || exit 1
S=$$ NA=tbenchA$$ NB=tbenchB$$ NT=tbenchT$$ Q=tapir.pqueue.bench$$
SOCK=$W/ctl.sock PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	sleep 0.3
	ip netns del $NA 2>/dev/null; ip netns del $NB 2>/dev/null
	ip netns del $NT 2>/dev/null
	rm -f /dev/shm/$Q; rm -rf "$W"
}
trap cleanup EXIT
ip netns add $NA && ip netns add $NB && ip netns add $NT || exit 1
MAC_B=02:77:00:00:00:02
ip -n $NA link add a0 address 02:77:00:00:00:01 type veth peer name ta netns $NT
ip -n $NB link add b0 address $MAC_B type veth peer name tb netns $NT
for x in "$NA a0" "$NB b0" "$NT ta" "$NT tb"; do
	set -- $x
	ip netns exec $1 ethtool -K $2 tx off tso off gso off gro off >/dev/null 2>&1
	ip -n $1 link set $2 up
done
rxb() { ip netns exec $NB cat /sys/class/net/b0/statistics/rx_packets; }
stat1() { # port key
	"$TAPIR" ctl -S "$SOCK" if.stats | awk -v p="if $1 " -v k="$2" \
		'index($0, p) == 1 {f=1; next} /^if / {f=0} f && index($0, "  " k " ") == 1 {split(substr($0, length(k) + 4), a, " "); print a[1]; exit}'
}
# "tapd drop": not sent, TX full (if.stats drop of port 1); "kernel drop":
# received by ta's socket but lost before tapd read it (if.qstats of port 0)
printf '%-8s %-5s %12s %12s %12s %10s %12s %s\n' mode tap "sent/s" "forwarded/s" "tapped/s" "tapd drop" "kernel drop" "(${SIZE} B frames, ${SECS} s, $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
for mode in packet xdp; do
	for tap in off on; do
		rm -f "$SOCK"
		ip netns exec $NT "$TAPIR" tapd --mode $mode -i ta -i tb -S "$SOCK" -q $Q \
			--slots 65536 >"$W/tapd.log" 2>&1 &
		T=$!; PIDS+=($T)
		for _ in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
		if ! [ -S "$SOCK" ]; then
			printf '%-8s %-5s %s\n' $mode $tap "unavailable: $(head -1 "$W/tapd.log")"
			kill $T 2>/dev/null; wait $T 2>/dev/null
			continue 2
		fi
		C=
		if [ $tap = on ]; then
			"$TAPIR" collect -q $Q -s - >/dev/null 2>&1 &
			C=$!; PIDS+=($C)
		else
			"$TAPIR" ctl -S "$SOCK" "0 tap.rx.disable 1 tap.rx.disable" >/dev/null
		fi
		sleep 0.3
		R0=$(rxb)
		SENT=$(ip netns exec $NA "$W/send" a0 $MAC_B $SECS $SIZE | awk '{print $2}')
		sleep 0.3
		R1=$(rxb)
		TAPPED=$(stat1 0 "RX tap"); DROP=$(stat1 1 drop)
		KDROP=$("$TAPIR" ctl -S "$SOCK" if.qstats | awk '/^if 0 / {f=1; next} /^if / {f=0} f && $1 == "drops" {print $2; exit}')
		[ -n "$C" ] && { kill $C; wait $C 2>/dev/null; }
		kill $T; wait $T 2>/dev/null
		awk -v m=$mode -v t=$tap -v s="$SENT" -v f=$((R1 - R0)) -v tp="${TAPPED:-0}" -v d="${DROP:-0}" -v kd="${KDROP:-0}" -v secs="$SECS" \
			'BEGIN { printf "%-8s %-5s %12.0f %12.0f %12.0f %10d %12d\n", m, t, s / secs, f / secs, (t == "on" ? tp / secs : 0), d, kd }'
	done
done
