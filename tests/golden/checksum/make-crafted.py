#!/usr/bin/env python3
"""Writes tests/golden/checksum/crafted-cksum.pcap: Ethernet frames whose
IPv4 header, TCP and UDP checksums exercise every branch of checksum
verification (RFC 1071/1624, RFC 768, RFC 8200 section 8.1): correct,
incorrect, UDP zero over IPv4 and over IPv6, 0xffff standing for a zero sum,
a snap-length cut, IPv4 fragments with a good and a bad header checksum,
IPv6 routing headers (pseudo-header destination = final hop), IPv4 options,
ICMP/ICMPv6 errors quoting whole datagrams, and an HTTP response split over
two segments with right and with wrong checksums (no desegmentation after a
wrong one). Deterministic; regen-checksum runs it.
"""
import struct, sys

def csum_sum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s

def cksum(b):
    return (~csum_sum(b)) & 0xffff

SRC4, DST4 = bytes([192, 0, 2, 1]), bytes([198, 51, 100, 7])
SRC6 = bytes.fromhex('20010db8000000000000000000000001')
DST6 = bytes.fromhex('20010db8000000000000000000000002')
HOP6 = bytes.fromhex('20010db80000000000000000000000ff')

def ip4(proto, payload, src=SRC4, dst=DST4, ident=1, frag=0x4000, opts=b'',
        bad=False, total=None):
    hl = 20 + len(opts)
    tl = total if total is not None else hl + len(payload)
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | hl // 4, 0, tl, ident, frag, 64,
                    proto, 0, src, dst) + opts
    c = cksum(h)
    if bad:
        c ^= 0x1234
    return h[:10] + struct.pack('!H', c) + h[12:] + payload

def pseudo4(proto, seg, src=SRC4, dst=DST4):
    return src + dst + struct.pack('!BBH', 0, proto, len(seg))

def pseudo6(proto, seg, src=SRC6, dst=DST6):
    return src + dst + struct.pack('!IxxxB', len(seg), proto)

_port = [41000]

def tcp(sport, dport, payload=b'', flags=0x18, seq=1000, ack=2000):
    # each segment its own connection (a fresh source port), to a port no
    # dissector claims, so no TCP analysis or desegmentation mixes in
    _port[0] += 1
    sport = _port[0]
    return struct.pack('!HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags,
                       8192, 0, 0) + payload

def udp(sport, dport, payload):
    return struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload

def set_ck(seg, off, ps, mode='good'):
    """mode: good, bad, zero (field 0), ffff (field 0xffff, segment
    adjusted so the correct value would be 0)."""
    seg = bytearray(seg)
    seg[off:off + 2] = b'\0\0'
    if mode == 'zero':
        return bytes(seg)
    if mode == 'ffff':
        # make the sum over pseudo-header + segment 0xffff by choosing the
        # last two payload bytes (segment of even length)
        seg[-2:] = b'\0\0'
        s = csum_sum(ps + bytes(seg))
        seg[-2:] = struct.pack('!H', (0xffff - s) & 0xffff)
        assert csum_sum(ps + bytes(seg)) == 0xffff
        seg[off:off + 2] = b'\xff\xff'
        return bytes(seg)
    c = cksum(ps + bytes(seg))
    if mode == 'bad':
        c ^= 0x00ff
    seg[off:off + 2] = struct.pack('!H', c)
    return bytes(seg)

def tcp4(mode, payload=b'hello', **kw):
    s = tcp(40000, 44444, payload)
    return ip4(6, set_ck(s, 16, pseudo4(6, s), mode), **kw)

def udp4(mode, payload=b'ping', **kw):
    s = udp(40001, 9999, payload)
    return ip4(17, set_ck(s, 6, pseudo4(17, s), mode), **kw)

def ip6(nxt, payload, src=SRC6, dst=DST6):
    return struct.pack('!IHBB16s16s', 0x60000000, len(payload), nxt, 64,
                       src, dst) + payload

def udp6(mode, payload=b'ping6', dst=DST6):
    s = udp(40002, 9999, payload)
    return set_ck(s, 6, pseudo6(17, s, dst=dst), mode)

def tcp6(mode, payload=b'hello6'):
    s = tcp(40003, 44444, payload)
    return set_ck(s, 16, pseudo6(6, s), mode)

def eth(l3, et=0x0800):
    return (bytes.fromhex('020000000002') + bytes.fromhex('020000000001') +
            struct.pack('!H', et) + l3)

frames = []  # (bytes, caplen or None)
def add(l3, et=0x0800, caplen=None):
    frames.append((eth(l3, et), caplen))

# IPv4 / TCP
add(tcp4('good'))
add(tcp4('bad'))
add(tcp4('ffff', payload=b'rfc1624!'))
add(tcp4('good', bad=True))                       # bad IP header, good TCP
add(tcp4('good', opts=b'\x94\x04\x00\x00'))       # Router Alert option
add(tcp4('bad', payload=b'x' * 64), caplen=60)    # cut by the snap length
add(tcp4('good', payload=b'odd'))                 # odd length
# IPv4 / UDP
add(udp4('good'))
add(udp4('bad'))
add(udp4('zero'))
add(udp4('ffff', payload=b'zero-sum'))
add(udp4('bad', payload=b'y' * 40), caplen=50)
# IPv4 fragments of one UDP datagram, header checksums good: reassembled
body = udp(40005, 9999, b'F' * 40)
body = set_ck(body, 6, pseudo4(17, body), 'bad')
add(ip4(17, body[:24], ident=77, frag=0x2000))
add(ip4(17, body[24:], ident=77, frag=0x0003))
# the same with a bad header checksum on the first fragment: tshark does
# not add a fragment whose header checksum fails to the reassembly
body = udp(40006, 9999, b'G' * 40)
body = set_ck(body, 6, pseudo4(17, body), 'good')
add(ip4(17, body[:24], ident=78, frag=0x2000, bad=True))
add(ip4(17, body[24:], ident=78, frag=0x0003))
# first fragment alone (never completed): the transport is not verified
body = udp(40007, 9999, b'H' * 40)
body = set_ck(body, 6, pseudo4(17, body), 'good')
add(ip4(17, body[:24], ident=79, frag=0x2000))
# ICMP port unreachable quoting a whole UDP datagram with a bad checksum
q = udp4('bad', payload=b'quoted', src=DST4, dst=SRC4)
icmp = bytearray(struct.pack('!BBHI', 3, 3, 0, 0) + q)
icmp[2:4] = struct.pack('!H', cksum(bytes(icmp)))
add(ip4(1, bytes(icmp)))
# IPv6 / UDP and TCP
add(ip6(17, udp6('good')), 0x86dd)
add(ip6(17, udp6('bad')), 0x86dd)
add(ip6(17, udp6('zero')), 0x86dd)
add(ip6(17, udp6('ffff', payload=b'zerosum6')), 0x86dd)
add(ip6(6, tcp6('good')), 0x86dd)
add(ip6(6, tcp6('bad')), 0x86dd)
add(ip6(6, tcp6('ffff', payload=b'rfc1624!')), 0x86dd)
# hop-by-hop options before UDP
hbh = struct.pack('!BB', 17, 0) + b'\x01\x04\x00\x00\x00\x00'
add(ip6(0, hbh + udp6('good')), 0x86dd)
# routing header type 0, one segment left: the checksum uses the final hop
u = udp6('good', dst=HOP6)
rh = struct.pack('!BBBB', 17, 2, 0, 1) + b'\0' * 4 + HOP6
add(ip6(43, rh + u), 0x86dd)
# routing header type 2 (Mobile IPv6 home address)
u = udp6('good', dst=HOP6)
rh = struct.pack('!BBBB', 17, 2, 2, 1) + b'\0' * 4 + HOP6
add(ip6(43, rh + u), 0x86dd)
# IPv6 in IPv4 (6in4) with a bad inner UDP checksum
add(ip4(41, ip6(17, udp6('bad'))))

# ICMPv6 port unreachable quoting an IPv6 datagram whose UDP checksum is
# zero, and ICMP quoting a whole TCP segment with a wrong checksum
q = ip6(17, udp6('zero'), src=DST6, dst=SRC6)
icmp6 = bytearray(struct.pack('!BBHI', 1, 4, 0, 0) + q)
icmp6[2:4] = struct.pack('!H', cksum(pseudo6(58, bytes(icmp6)) + bytes(icmp6)))
add(ip6(58, bytes(icmp6)), 0x86dd)
q = tcp4('bad', src=DST4, dst=SRC4)
icmp = bytearray(struct.pack('!BBHI', 3, 3, 0, 0) + q)
icmp[2:4] = struct.pack('!H', cksum(bytes(icmp)))
add(ip4(1, bytes(icmp)))

# an HTTP response split over two segments: with correct checksums it is
# desegmented; with wrong ones tshark does not desegment (each segment goes
# to HTTP as it is)
resp = (b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n'
        b'Content-Length: 12\r\n\r\nhello world\n')
req = b'GET / HTTP/1.1\r\nHost: example\r\n\r\n'
for i, mode in enumerate(('good', 'bad')):
    s = struct.pack('!HHIIBBHHH', 42000 + i, 80, 7000 - len(req), 5000,
                    5 << 4, 0x18, 8192, 0, 0) + req
    add(ip4(6, set_ck(s, 16, pseudo4(6, s), 'good')))
    for part, seq in ((resp[:30], 5000), (resp[30:], 5030)):
        s = struct.pack('!HHIIBBHHH', 80, 42000 + i, seq, 7000, 5 << 4, 0x18,
                        8192, 0, 0) + part
        add(ip4(6, set_ck(s, 16, pseudo4(6, s, src=DST4, dst=SRC4), mode),
                src=DST4, dst=SRC4))

out = sys.argv[1] if len(sys.argv) > 1 else 'crafted-cksum.pcap'
with open(out, 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, (b, cap) in enumerate(frames):
        n = len(b) if cap is None else min(cap, len(b))
        f.write(struct.pack('<IIII', 1700000000 + i, 0, n, len(b)))
        f.write(b[:n])
