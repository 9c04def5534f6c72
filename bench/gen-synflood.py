#!/usr/bin/env python3
"""gen-synflood.py OUT.pcap [N] [PPS]

Writes a pcap (Ethernet, IPv4) of N TCP SYNs (default 1,000,000), each from
a distinct (source address, source port) to 10.0.0.1:80, at PPS packets per
second of capture time (default 100,000). Every SYN opens a new
conversation: the workload for the conversation table's memory bound
(docs/tcp-analysis.md)."""
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
    pps = int(sys.argv[3]) if len(sys.argv) > 3 else 100000
    eth = bytes.fromhex("020000000001" "020000000002" "0800")
    dst = bytes([10, 0, 0, 1])
    with open(out, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i in range(n):
            src = bytes([172, 16 + (i >> 24 & 0x0f), i >> 16 & 0xff, i >> 8 & 0xff])
            sport = 1024 + (i & 0xff) * 200 + (i % 199)
            seq = (i * 2654435761) & 0xffffffff
            tcp = struct.pack("!HHIIBBHHH", sport, 80, seq, 0, 5 << 4, 0x02, 64240, 0, 0)
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, i & 0xffff, 0, 64, 6, 0, src, dst)
            ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
            ph = src + dst + struct.pack("!BBH", 0, 6, 20)
            tcp = tcp[:16] + struct.pack("!H", csum(ph + tcp)) + tcp[18:]
            pkt = eth + ip + tcp
            us = i * 1000000 // pps
            f.write(struct.pack("<IIII", 1700000000 + us // 1000000, us % 1000000, len(pkt), len(pkt)))
            f.write(pkt)


if __name__ == "__main__":
    main()
