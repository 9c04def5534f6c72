#!/bin/bash
# tapir -D lists interfaces like tshark -D (loopback always present);
# tapir ifaces shows lo with 127.0.0.1.
set -u
T=${TAPIR:-build/tapir}
out=$("$T" -D) || { echo "tapir -D failed"; exit 1; }
echo "$out" | grep -Eq '^[0-9]+\. lo \(Loopback\)$' || { echo "no lo in: $out"; exit 1; }
"$T" ifaces | grep -q 'IPv4 127.0.0.1 netmask 255.0.0.0' || { echo "ifaces lacks 127.0.0.1"; exit 1; }
if command -v tshark >/dev/null; then
	diff <(tshark -D 2>/dev/null | grep -E '^[0-9]+\. (lo|eth0|any)( |$)' | sed 's/^[0-9]*\. //') \
	     <(echo "$out" | grep -E '^[0-9]+\. (lo|eth0|any)( |$)' | sed 's/^[0-9]*\. //') || exit 1
fi
echo ok
