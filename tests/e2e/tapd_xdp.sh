#!/bin/bash
# tapd_xdp.sh — the tapd_bridge.sh checks with tapd's AF_XDP data path
# (--mode xdp), twice: on veth ports (native XDP, copy mode) and on
# passthru macvlans over the veths (no native XDP there: generic mode).
# Same namespaces, traffic, fault injection, taps and counters. Skips (77)
# when AF_XDP cannot be used here; the SKIP line then says why.
dir=$(dirname "$0")
rc=0
for ports in veth macvlan; do
	echo "--- AF_XDP on $ports ports"
	TAPD_MODE=xdp TAPD_PORTS=$ports "$dir/tapd_bridge.sh" "$@"
	r=$?
	[ $r -eq 77 ] && exit 77
	[ $r -ne 0 ] && rc=1
done
exit $rc
