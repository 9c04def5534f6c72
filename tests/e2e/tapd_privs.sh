#!/bin/bash
# tapd_privs.sh — tapd -u USER: after set-up the running tapd is USER, has
# only CAP_NET_RAW and CAP_NET_ADMIN (effective, permitted and bounding
# set), no_new_privs, and still forwards and still opens AF_PACKET ports
# added at run time. One namespace with two veth pairs; nothing is sent
# outside it. Needs root and iproute2; exits 77 without them.
set -u
TAPIR=${TAPIR:-$(cd "$(dirname "$0")/../.." && pwd)/build/tapir}
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
command -v ip >/dev/null || skip "needs ip"
[ -x "$TAPIR" ] || skip "no tapir binary at $TAPIR"
U=nobody
id -u $U >/dev/null 2>&1 || skip "no user $U"

NS=tapirP$$ Q=tapir.pqueue.privs$$
W=$(mktemp -d /tmp/tapir-privs.XXXXXX)
chmod 755 "$W"
SOCK=$W/ctl.sock TAPD_PID=
cleanup() {
	[ -n "$TAPD_PID" ] && kill "$TAPD_PID" 2>/dev/null && sleep 0.3
	ip netns del $NS 2>/dev/null
	rm -f /dev/shm/$Q
	rm -rf "$W"
}
trap cleanup EXIT
FAILS=0
check() {
	local d=$1; shift
	if "$@"; then echo "ok   $d"; else echo "FAIL $d"; FAILS=$((FAILS + 1)); fi
}
ip netns add $NS 2>/dev/null || skip "cannot create network namespaces"
ip -n $NS link add p0 type veth peer name q0 || exit 1
ip -n $NS link add p1 type veth peer name q1 || exit 1
ip -n $NS link add p2 type veth peer name q2 || exit 1
for d in lo p0 q0 p1 q1 p2 q2; do ip -n $NS link set $d up; done

ip netns exec $NS "$TAPIR" tapd --mode auto -u $U -i p0 -i p1 -S "$SOCK" -q $Q \
	>"$W/tapd.log" 2>&1 &
TAPD_PID=$!
for _ in $(seq 50); do [ -S "$SOCK" ] && grep -q privileges "$W/tapd.log" && break; sleep 0.1; done
[ -S "$SOCK" ] || { cat "$W/tapd.log"; echo "FAIL tapd did not start"; exit 1; }
cat "$W/tapd.log" | sed 's/^/     /'
st() { awk -v k="$1:" '$1 == k {print $2}' /proc/$TAPD_PID/status; }
echo "     Uid $(st Uid) CapEff $(st CapEff) CapPrm $(st CapPrm) CapBnd $(st CapBnd) CapInh $(st CapInh) NoNewPrivs $(st NoNewPrivs)"
check "tapd runs as $U" test "$(st Uid)" = "$(id -u $U)"
check "gid is $U's, no supplementary groups" test "$(st Gid)" = "$(id -g $U)" -a -z "$(awk '$1 == "Groups:" {print $2}' /proc/$TAPD_PID/status)"
check "CapEff = CapPrm = CapBnd = net_raw,net_admin" test "$(st CapEff)" = 0000000000003000 -a "$(st CapPrm)" = 0000000000003000 -a "$(st CapBnd)" = 0000000000003000 -a "$(st CapInh)" = 0000000000000000
check "no_new_privs" test "$(st NoNewPrivs)" = 1
check "log says what was kept" grep -q "privileges: user $U (uid $(id -u $U)), capabilities net_raw,net_admin, no_new_privs" "$W/tapd.log"
check "control socket belongs to $U" test "$(stat -c %U "$SOCK")" = $U
# forwarding: a frame written into q0 comes out of q1 (raw socket via
# tapir's own AF_PACKET writer is not available: use a broadcast ARP from
# the kernel instead)
ip -n $NS addr add 10.79.0.1/24 dev q0
ip -n $NS addr add 10.79.0.2/24 dev q1
ip netns exec $NS bash -c 'exec 3<>/dev/tcp/10.79.0.9/9' 2>/dev/null &
sleep 1.5
RX0=$("$TAPIR" ctl -S "$SOCK" if.stats | awk '/^if 0/ {f=1} f && $1 == "rx" {print $2; exit}')
TX1=$("$TAPIR" ctl -S "$SOCK" if.stats | awk '/^if 1/ {f=1} f && $1 == "tx" {print $2; exit}')
echo "     port 0 rx $RX0, port 1 tx $TX1"
check "frames forwarded after the drop" test "${RX0:-0}" -gt 0 -a "${TX1:-0}" -gt 0
OUT=$("$TAPIR" ctl -S "$SOCK" '"p2" if.add' 2>&1); RC=$?
check "if.add at run time still works as $U ($OUT)" test $RC -eq 0
check "new port is AF_PACKET" grep -q "if 2 p2 packet" <<<"$("$TAPIR" ctl -S "$SOCK" tap.status)"
# auto mode: without CAP_BPF/CAP_SYS_ADMIN AF_XDP fails; one line says why
grep "p2: AF_XDP unavailable" "$W/tapd.log" | sed 's/^/     /'
check "auto mode fell back with one line" test "$(grep -c '^tapd: p2: AF_XDP unavailable (.*); using AF_PACKET$' "$W/tapd.log")" -eq 1
[ $FAILS -eq 0 ] || { echo "--- tapd log"; cat "$W/tapd.log"; echo "$FAILS check(s) failed"; exit 1; }
echo "all checks passed"
