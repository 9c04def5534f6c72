/* test_dissect_l2l3.c — link- and network-layer dissectors (src/dissect/:
 * eth, vlan, arp, sll, null/loop, raw, ip, ipv6, icmp, icmpv6, gre, vxlan,
 * geneve, gtp, mpls, pppoe, ppp, llc, vntag, teredo) and the address names
 * of manuf.c. Every frame is also fed at every truncation length, placed
 * right before an unreadable page so any over-read faults at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/dissect/ip.h"
#include "../../src/dissect/manuf.h"
#include "../../src/engine/dissector.h"
#include "../../src/io/source.h"

/* --- harness ------------------------------------------------------------ */

static uint8_t *guard_area; /* two pages: data page + PROT_NONE page */
static size_t page;

static int setup_all(void **state)
{
	(void)state;
	/* A tiny manuf/wka so name tests do not depend on the system's
	 * Wireshark data files (set before the first lookup). */
	char dir[] = "/tmp/tapir-l2l3-XXXXXX";
	if (!mkdtemp(dir))
		return -1;
	char path[256];
	snprintf(path, sizeof(path), "%s/manuf", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("00:11:22\tShortNm\tLong Name, Inc.\n"
	      "00:00:00\t00:00:00\tOfficially Xerox\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/wka", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs("FF-FF-FF-FF-FF-FF\tBroadcast\n"
	      "33-33-00-00-00-00/16\tIPv6mcast\n"
	      "01-00-5E/25\t\tIPv4mcast\n", f);
	fclose(f);
	setenv("TAPIR_WIRESHARK_DIR", dir, 1);
	dissect_init();
	page = (size_t)sysconf(_SC_PAGESIZE);
	guard_area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard_area == MAP_FAILED)
		return -1;
	return mprotect(guard_area + page, page, PROT_NONE);
}

static uint64_t frame_no;

/* Dissects caplen bytes of frame (wire length len) in tree mode with the
 * columns on; the bytes end exactly at the guard page. */
static void run(struct packet *pk, const uint8_t *frame, uint32_t caplen,
		uint32_t len, uint32_t linktype)
{
	assert_true(caplen <= page);
	uint8_t *p = guard_area + page - caplen;
	memcpy(p, frame, caplen);
	pk_begin(pk);
	pk->tree = true;
	pk->cols = true;
	pk->num = ++frame_no;
	pk->ts = (int64_t)frame_no * 1000000;
	pk->caplen = caplen;
	pk->len = len;
	pk->linktype = linktype;
	pk->data = p;
	dissect_packet(pk);
}

static const struct item *find(const struct packet *pk, const char *abbrev)
{
	struct field *f = field_lookup(abbrev);
	assert_non_null(f);
	return pk_find(pk, f->id, NULL);
}

static uint64_t uval(const struct packet *pk, const char *abbrev)
{
	const struct item *it = find(pk, abbrev);
	assert_non_null(it);
	return it->v.u;
}

static void assert_str(const struct packet *pk, const char *abbrev,
		       const char *want)
{
	const struct item *it = find(pk, abbrev);
	assert_non_null(it);
	assert_int_equal(it->v.b.n, strlen(want));
	assert_memory_equal(it->v.b.p, want, strlen(want));
}

static bool marked(const struct packet *pk)
{
	return find(pk, "_ws.short") || find(pk, "_ws.malformed") ||
	       pk->malformed;
}

/* Feeds every prefix 0..n of frame (wire length n): nothing may crash, and
 * each cut below `whole` bytes must be marked truncated or malformed. */
static void all_cuts(const uint8_t *frame, uint32_t n, uint32_t linktype,
		     uint32_t whole)
{
	struct packet pk;
	pk_init(&pk);
	for (uint32_t cut = 0; cut <= n; cut++) {
		run(&pk, frame, cut, n, linktype);
		if (cut < whole && cut > 0 && !marked(&pk))
			fail_msg("cut at %u of %u bytes (%s) not marked", cut, n, pk.protos);
	}
	/* Also short on the wire (caplen == len): malformed, not truncated. */
	for (uint32_t cut = 0; cut <= n; cut++)
		run(&pk, frame, cut, cut, linktype);
	pk_free(&pk);
}

/* --- frame builders -------------------------------------------------------- */

static const uint8_t mac_a[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t mac_b[6] = { 0x00, 0x11, 0x22, 0x66, 0x77, 0x88 };

static uint32_t put_eth(uint8_t *b, uint16_t type)
{
	memcpy(b, mac_b, 6);
	memcpy(b + 6, mac_a, 6);
	b[12] = (uint8_t)(type >> 8);
	b[13] = (uint8_t)type;
	return 14;
}

static void put16(uint8_t *b, uint16_t v) { b[0] = (uint8_t)(v >> 8); b[1] = (uint8_t)v; }
static void put32(uint8_t *b, uint32_t v) { put16(b, (uint16_t)(v >> 16)); put16(b + 2, (uint16_t)v); }

/* IPv4 header (20 bytes) with a correct checksum. */
static uint32_t put_ip4(uint8_t *b, uint8_t proto, uint16_t plen, uint16_t id,
			uint16_t frag)
{
	memset(b, 0, 20);
	b[0] = 0x45;
	put16(b + 2, (uint16_t)(20 + plen));
	put16(b + 4, id);
	put16(b + 6, frag);
	b[8] = 64;
	b[9] = proto;
	b[12] = 10; b[15] = 1;
	b[16] = 10; b[19] = 2;
	put16(b + 10, (uint16_t)~ip_cksum_sum(b, 20));
	return 20;
}

static uint32_t put_ip6(uint8_t *b, uint8_t nxt, uint16_t plen)
{
	memset(b, 0, 40);
	b[0] = 0x60;
	put16(b + 4, plen);
	b[6] = nxt;
	b[7] = 64;
	b[8] = 0x20; b[9] = 0x01; b[10] = 0x0d; b[11] = 0xb8; b[23] = 1;
	b[24] = 0x20; b[25] = 0x01; b[26] = 0x0d; b[27] = 0xb8; b[39] = 2;
	return 40;
}

static uint32_t put_udp(uint8_t *b, uint16_t sport, uint16_t dport, uint16_t plen)
{
	put16(b, sport);
	put16(b + 2, dport);
	put16(b + 4, (uint16_t)(8 + plen));
	put16(b + 6, 0);
	return 8;
}

/* --- tests ---------------------------------------------------------------- */

static void test_eth_ip_udp_well_formed(void **state)
{
	(void)state;
	uint8_t f[64] = { 0 };
	uint32_t o = put_eth(f, 0x0800);
	o += put_ip4(f + o, 17, 12, 0x1234, 0x4000);
	o += put_udp(f + o, 1000, 2000, 4);
	memcpy(f + o, "abcd", 4);
	o += 4;
	struct packet pk;
	pk_init(&pk);
	run(&pk, f, 60, 60, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ip:udp:data");
	assert_int_equal(uval(&pk, "eth.type"), 0x0800);
	assert_int_equal(uval(&pk, "ip.hdr_len"), 20);
	assert_int_equal(uval(&pk, "ip.flags.df"), 1);
	assert_int_equal(uval(&pk, "ip.id"), 0x1234);
	assert_int_equal(uval(&pk, "ip.checksum.status"), 2);
	/* 60 - 46 bytes of padding, all zero. */
	const struct item *pad = find(&pk, "eth.padding");
	assert_non_null(pad);
	assert_int_equal(pad->v.b.n, 60 - o);
	assert_false(marked(&pk));
	pk_free(&pk);
	/* A cut inside the UDP payload leaves only "data" short: not marked
	 * (Wireshark shows the captured bytes); every header cut is. */
	all_cuts(f, 60, LINKTYPE_ETHERNET, o - 4);
}

static void test_eth_fcs_and_bad_padding(void **state)
{
	(void)state;
	uint8_t f[72] = { 0 };
	uint32_t o = put_eth(f, 0x0800);
	o += put_ip4(f + o, 17, 8, 1, 0);
	o += put_udp(f + o, 1, 2, 0);
	/* 42 bytes of datagram; 68 on the wire: 18 padding + 4 + FCS 4. */
	f[64] = 0xde; f[65] = 0xad; f[66] = 0xbe; f[67] = 0xef;
	struct packet pk;
	pk_init(&pk);
	run(&pk, f, 68, 68, LINKTYPE_ETHERNET);
	assert_int_equal(uval(&pk, "eth.fcs"), 0xdeadbeef);
	assert_non_null(find(&pk, "eth.padding"));
	/* Non-zero bytes where padding should be: all of it is trailer. */
	f[50] = 1;
	run(&pk, f, 60, 60, LINKTYPE_ETHERNET);
	assert_null(find(&pk, "eth.padding"));
	assert_non_null(find(&pk, "eth.trailer"));
	assert_non_null(find(&pk, "eth.padding_bad"));
	pk_free(&pk);
}

static void test_vlan_qinq_arp(void **state)
{
	(void)state;
	uint8_t f[64] = { 0 };
	uint32_t o = put_eth(f, 0x88a8);
	put16(f + o, 200); put16(f + o + 2, 0x8100); o += 4;
	put16(f + o, 0x2000 | 2001); put16(f + o + 2, 0x0806); o += 4;
	uint8_t *a = f + o;
	put16(a, 1); put16(a + 2, 0x0800); a[4] = 6; a[5] = 4; put16(a + 6, 1);
	memcpy(a + 8, mac_a, 6);
	a[14] = 10; a[17] = 1;           /* sender 10.0.0.1 */
	a[24] = 10; a[27] = 2;           /* target 10.0.0.2 */
	o += 28;
	struct packet pk;
	pk_init(&pk);
	run(&pk, f, 64, 64, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:arp");
	assert_int_equal(uval(&pk, "ieee8021ad.id"), 200);
	assert_int_equal(uval(&pk, "vlan.id"), 2001);
	assert_int_equal(uval(&pk, "vlan.priority"), 1);
	assert_int_equal(uval(&pk, "arp.opcode"), 1);
	assert_string_equal(pk.info, "Who has 10.0.0.2? Tell 10.0.0.1");
	/* The vlan layer shows what follows ARP: padding then trailer. */
	assert_non_null(find(&pk, "eth.padding"));
	assert_non_null(find(&pk, "vlan.trailer"));
	pk_free(&pk);
	all_cuts(f, 64, LINKTYPE_ETHERNET, o);
}

static void test_sll_and_sll2(void **state)
{
	(void)state;
	uint8_t f[64] = { 0 };
	put16(f, 4); put16(f + 2, 1); put16(f + 4, 6);
	memcpy(f + 6, mac_a, 6);
	put16(f + 14, 0x0800);
	uint32_t o = 16 + put_ip4(f + 16, 17, 8, 7, 0);
	o += put_udp(f + o, 5, 6, 0);
	struct packet pk;
	pk_init(&pk);
	run(&pk, f, o, o, LINKTYPE_LINUX_SLL);
	assert_string_equal(pk.protos, "sll:ethertype:ip:udp");
	assert_int_equal(uval(&pk, "sll.pkttype"), 4);
	assert_non_null(find(&pk, "sll.src.eth"));
	assert_int_equal(find(&pk, "sll.unused")->v.b.n, 2);
	all_cuts(f, o, LINKTYPE_LINUX_SLL, 16);

	uint8_t g[64] = { 0 };
	put16(g, 0x86dd); put32(g + 4, 3); put16(g + 8, 772); g[10] = 0; g[11] = 6;
	memcpy(g + 12, mac_a, 6);
	o = 20 + put_ip6(g + 20, 59, 0);
	run(&pk, g, o, o, LINKTYPE_LINUX_SLL2);
	assert_string_equal(pk.protos, "sll:ethertype:ipv6");
	assert_int_equal(uval(&pk, "sll.ifindex"), 3);
	assert_int_equal(uval(&pk, "sll.hatype"), 772);
	pk_free(&pk);
	all_cuts(g, o, LINKTYPE_LINUX_SLL2, 20);
}

static void test_null_loop_raw(void **state)
{
	(void)state;
	uint8_t f[64] = { 0 };
	uint32_t n = 4 + put_ip6(f + 4, 59, 0);
	struct packet pk;
	pk_init(&pk);
	/* AF_INET6 (30) written little-endian, then big-endian. */
	f[0] = 30;
	run(&pk, f, n, n, LINKTYPE_NULL);
	assert_string_equal(pk.protos, "null:ipv6");
	assert_int_equal(uval(&pk, "null.family"), 30);
	f[0] = 0; f[3] = 30;
	run(&pk, f, n, n, LINKTYPE_NULL);
	assert_int_equal(uval(&pk, "null.family"), 30);
	run(&pk, f, n, n, LINKTYPE_LOOP);
	assert_string_equal(pk.protos, "null:ipv6");
	all_cuts(f, n, LINKTYPE_NULL, 4);
	/* LINKTYPE_RAW: version nibble; LINKTYPE_IPV4 goes straight to ip. */
	uint8_t r[40];
	n = put_ip4(r, 17, 8, 1, 0) + put_udp(r + 20, 1, 2, 0);
	run(&pk, r, n, n, LINKTYPE_RAW);
	assert_string_equal(pk.protos, "raw:ip:udp");
	run(&pk, r, n, n, LINKTYPE_IPV4);
	assert_string_equal(pk.protos, "ip:udp");
	pk_free(&pk);
	all_cuts(r, n, LINKTYPE_RAW, 28);
}

static void test_ipv4_reassembly(void **state)
{
	(void)state;
	struct packet pk;
	pk_init(&pk);
	uint8_t a[80] = { 0 }, b[80] = { 0 };
	/* UDP datagram of 8 + 16 bytes split at 16: fragment 1 (MF, off 0),
	 * fragment 2 (off 16). */
	uint32_t o = put_eth(a, 0x0800);
	o += put_ip4(a + o, 17, 16, 0x99, 0x2000);
	put_udp(a + o, 7, 9, 16);
	uint32_t na = o + 16;
	o = put_eth(b, 0x0800);
	o += put_ip4(b + o, 17, 8, 0x99, 2);
	memset(b + o, 'x', 8);
	uint32_t nb = o + 8;
	run(&pk, a, na, na, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ip:data");
	assert_non_null(strstr(pk.info, "Fragmented IP protocol"));
	run(&pk, b, nb, nb, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ip:udp:data");
	assert_int_equal(uval(&pk, "ip.fragment.count"), 2);
	assert_int_equal(uval(&pk, "ip.reassembled.length"), 24);
	assert_int_equal(uval(&pk, "udp.srcport"), 7);
	/* A lone trailing fragment never completes. */
	run(&pk, b, nb, nb, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ip:data");
	pk_free(&pk);
	all_cuts(a, na, LINKTYPE_ETHERNET, 34);
}

static void test_ipv6_ext_headers_and_reassembly(void **state)
{
	(void)state;
	struct packet pk;
	pk_init(&pk);
	uint8_t f[160] = { 0 };
	/* hop-by-hop (router alert) -> routing type 0 -> dstopts -> frag ->
	 * udp, first fragment of two. */
	uint32_t o = put_eth(f, 0x86dd);
	uint32_t ip = o;
	o += 40;
	uint8_t *h = f + o;
	h[0] = 43; h[1] = 0; h[2] = 5; h[3] = 2; put16(h + 4, 0); h[6] = 1; h[7] = 0;
	o += 8;
	h = f + o;
	h[0] = 60; h[1] = 2; h[2] = 0; h[3] = 1; /* one address */
	h[8] = 0x20; h[9] = 0x01; h[23] = 9;
	o += 24;
	h = f + o;
	h[0] = 44; h[1] = 0; h[2] = 1; h[3] = 4; /* PadN 4 */
	o += 8;
	h = f + o;
	uint32_t fh = o;
	h[0] = 17; put16(h + 2, 0x0001); put32(h + 4, 0xabcd);
	o += 8;
	uint32_t up = o;
	o += put_udp(f + o, 40001, 40002, 8);
	put_ip6(f + ip, 0, (uint16_t)(o - up + (up - ip - 40)));
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos,
			    "eth:ethertype:ipv6:ipv6.hopopts:ipv6.routing:ipv6.dstopts:ipv6.fraghdr:data");
	assert_int_equal(uval(&pk, "ipv6.opt.router_alert"), 0);
	assert_int_equal(uval(&pk, "ipv6.routing.segleft"), 1);
	assert_int_equal(uval(&pk, "ipv6.fraghdr.ident"), 0xabcd);
	all_cuts(f, o, LINKTYPE_ETHERNET, up);

	/* Second fragment (offset 8, last) completes the datagram; a new
	 * identification, as the cuts above left partial datagrams. */
	put32(f + fh + 4, 0xbeef);
	uint8_t g[120] = { 0 };
	uint32_t q = put_eth(g, 0x86dd);
	put_ip6(g + q, 44, 16);
	q += 40;
	g[q] = 17; put16(g + q + 2, 8); put32(g + q + 4, 0xbeef);
	q += 8;
	memset(g + q, 'y', 8);
	q += 8;
	memcpy(g + 14 + 8, f + ip + 8, 32); /* same addresses */
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	run(&pk, g, q, q, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ipv6:ipv6.fraghdr:udp:data");
	assert_int_equal(uval(&pk, "ipv6.fragment.count"), 2);
	pk_free(&pk);
}

static void test_icmp_echo_and_error(void **state)
{
	(void)state;
	struct packet pk;
	pk_init(&pk);
	uint8_t f[80] = { 0 };
	uint32_t o = put_eth(f, 0x0800);
	uint32_t ip = o;
	o += put_ip4(f + o, 1, 8, 1, 0);
	uint8_t *m = f + o;
	m[0] = 8; put16(m + 4, 0x42); put16(m + 6, 1);
	put16(m + 2, (uint16_t)~ip_cksum_sum(m, 8));
	o += 8;
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	assert_int_equal(uval(&pk, "icmp.checksum.status"), 1);
	assert_int_equal(uval(&pk, "icmp.seq_le"), 0x0100);
	assert_non_null(strstr(pk.info, "Echo (ping) request  id=0x0042, seq=1/256, ttl=64"));
	/* The reply: addresses swapped. */
	uint8_t r[80];
	memcpy(r, f, o);
	memcpy(r + ip + 12, f + ip + 16, 4);
	memcpy(r + ip + 16, f + ip + 12, 4);
	put16(r + ip + 10, 0);
	put16(r + ip + 10, (uint16_t)~ip_cksum_sum(r + ip, 20));
	m = r + ip + 20;
	m[0] = 0; put16(m + 2, 0); put16(m + 2, (uint16_t)~ip_cksum_sum(m, 8));
	run(&pk, r, o, o, LINKTYPE_ETHERNET);
	assert_int_equal(uval(&pk, "icmp.resp_to"), frame_no - 1);
	all_cuts(f, o, LINKTYPE_ETHERNET, o);

	/* Time exceeded quoting IP+UDP: columns stay the outer packet's. */
	uint8_t e[100] = { 0 };
	o = put_eth(e, 0x0800);
	o += put_ip4(e + o, 1, 36, 2, 0);
	m = e + o;
	m[0] = 11;
	put_ip4(m + 8, 17, 8, 3, 0);
	put_udp(m + 28, 30000, 13000, 0);
	put16(m + 2, (uint16_t)~ip_cksum_sum(m, 36));
	o += 36;
	run(&pk, e, o, o, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ip:icmp:ip:udp");
	assert_string_equal(pk.info, "Time-to-live exceeded (Time to live exceeded in transit)");
	assert_string_equal(pk.col_proto, "ICMP");
	pk_free(&pk);
	all_cuts(e, o, LINKTYPE_ETHERNET, 14 + 20 + 8);
}

static void test_icmpv6_nd(void **state)
{
	(void)state;
	struct packet pk;
	pk_init(&pk);
	uint8_t f[120] = { 0 };
	uint32_t o = put_eth(f, 0x86dd);
	uint32_t ip = o;
	o += put_ip6(f + o, 58, 32);
	uint8_t *m = f + o;
	m[0] = 135;
	m[8] = 0xfe; m[9] = 0x80; m[23] = 5;        /* target fe80::5 */
	m[24] = 1; m[25] = 1; memcpy(m + 26, mac_a, 6);
	struct ip6_info i6;
	memset(&i6, 0, sizeof(i6));
	memcpy(i6.src, f + ip + 8, 16);
	memcpy(i6.final_dst, f + ip + 24, 16);
	put16(m + 2, (uint16_t)~ip6_pseudo_cksum(&i6, 58, m, 32));
	o += 32;
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	assert_int_equal(uval(&pk, "icmpv6.checksum.status"), 1);
	assert_int_equal(uval(&pk, "icmpv6.opt.type"), 1);
	assert_string_equal(pk.info, "Neighbor Solicitation for fe80::5 from 00:11:22:33:44:55");
	pk_free(&pk);
	all_cuts(f, o, LINKTYPE_ETHERNET, o);
}

static void test_tunnels_partial_input(void **state)
{
	(void)state;
	struct packet pk;
	pk_init(&pk);
	uint8_t f[200];
	uint32_t o, inner;

	/* GRE v0 with key+seq carrying IPv4. */
	memset(f, 0, sizeof(f));
	o = put_eth(f, 0x0800);
	o += put_ip4(f + o, 47, 12 + 28, 1, 0);
	put16(f + o, 0x3000); put16(f + o + 2, 0x0800); put32(f + o + 4, 5); put32(f + o + 8, 6);
	o += 12;
	inner = o;
	o += put_ip4(f + o, 17, 8, 2, 0);
	o += put_udp(f + o, 1, 2, 0);
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ip:gre:ip:udp");
	assert_int_equal(uval(&pk, "gre.key"), 5);
	assert_int_equal(uval(&pk, "gre.sequence_number"), 6);
	all_cuts(f, o, LINKTYPE_ETHERNET, inner);

	/* GRE v1 (PPTP) carrying PPP LCP echo. */
	memset(f, 0, sizeof(f));
	o = put_eth(f, 0x0800);
	o += put_ip4(f + o, 47, 12 + 16, 1, 0);
	put16(f + o, 0x3001); put16(f + o + 2, 0x880b); put16(f + o + 4, 16); put16(f + o + 6, 77); put32(f + o + 8, 1);
	o += 12;
	f[o] = 0xff; f[o + 1] = 0x03; put16(f + o + 2, 0xc021);
	f[o + 4] = 9; f[o + 5] = 1; put16(f + o + 6, 12);
	o += 16;
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ip:gre:ppp:lcp");
	assert_int_equal(uval(&pk, "gre.key.call_id"), 77);
	assert_string_equal(pk.info, "Echo Request");
	all_cuts(f, o, LINKTYPE_ETHERNET, o - 12);

	/* VXLAN, Geneve and GTP-U over UDP, inner Ethernet/IP. */
	static const uint16_t ports[] = { 4789, 6081, 2152 };
	for (int t = 0; t < 3; t++) {
		memset(f, 0, sizeof(f));
		uint32_t hl = t == 0 ? 8 : t == 1 ? 8 : 8;
		uint32_t pl = hl + (t == 2 ? 28 : 14 + 28);
		o = put_eth(f, 0x0800);
		o += put_ip4(f + o, 17, (uint16_t)(8 + pl), 1, 0);
		o += put_udp(f + o, 40000, ports[t], (uint16_t)pl);
		uint8_t *h = f + o;
		if (t == 0) { h[0] = 0x08; h[6] = 1; }
		if (t == 1) { put16(h + 2, 0x6558); h[6] = 2; }
		if (t == 2) { h[0] = 0x30; h[1] = 0xff; put16(h + 2, 28); put32(h + 4, 0x1234); }
		o += hl;
		inner = o;
		if (t != 2)
			o += put_eth(f + o, 0x0800);
		o += put_ip4(f + o, 17, 8, 9, 0);
		o += put_udp(f + o, 3, 4, 0);
		run(&pk, f, o, o, LINKTYPE_ETHERNET);
		static const char *const want[] = {
			"eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:udp",
			"eth:ethertype:ip:udp:geneve:eth:ethertype:ip:udp",
			"eth:ethertype:ip:udp:gtp:ip:udp",
		};
		assert_string_equal(pk.protos, want[t]);
		all_cuts(f, o, LINKTYPE_ETHERNET, inner);
	}
	assert_string_equal(pk.col_proto, "GTP <UDP>");

	/* MPLS two labels, PPPoE session, VN-Tag, 802.3/LLC/SNAP. */
	memset(f, 0, sizeof(f));
	o = put_eth(f, 0x8847);
	put32(f + o, (254u << 12) | 60); put32(f + o + 4, (99u << 12) | 0x100 | 60);
	o += 8;
	inner = o;
	o += put_ip4(f + o, 17, 8, 1, 0) + put_udp(f + o + 20, 1, 2, 0);
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:mpls:ip:udp");
	all_cuts(f, o, LINKTYPE_ETHERNET, inner);

	memset(f, 0, sizeof(f));
	o = put_eth(f, 0x8864);
	f[o] = 0x11; put16(f + o + 2, 0x17); put16(f + o + 4, 30);
	o += 6;
	put16(f + o, 0x0021);
	o += 2;
	inner = o;
	o += put_ip4(f + o, 17, 8, 1, 0) + put_udp(f + o + 20, 1, 2, 0);
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:pppoes:ppp:ip:udp");
	all_cuts(f, o, LINKTYPE_ETHERNET, inner);

	memset(f, 0, sizeof(f));
	o = put_eth(f, 0x8926);
	put16(f + o + 4, 0x0800);
	o += 6;
	inner = o;
	o += put_ip4(f + o, 17, 8, 1, 0) + put_udp(f + o + 20, 1, 2, 0);
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:vntag:ethertype:ip:udp");
	all_cuts(f, o, LINKTYPE_ETHERNET, inner);

	memset(f, 0, sizeof(f));
	o = put_eth(f, 38);
	f[o] = 0xaa; f[o + 1] = 0xaa; f[o + 2] = 0x03; f[o + 5] = 0x0c; put16(f + o + 6, 0x010b);
	run(&pk, f, 60, 60, LINKTYPE_ETHERNET);
	/* Cisco PID 0x010b is PVST+: a (zeroed) configuration BPDU */
	assert_string_equal(pk.protos, "eth:llc:stp");
	assert_int_equal(uval(&pk, "llc.oui"), 12);
	assert_int_equal(uval(&pk, "eth.len"), 38);
	all_cuts(f, 60, LINKTYPE_ETHERNET, 17);
	pk_free(&pk);
}

static void test_teredo(void **state)
{
	(void)state;
	struct packet pk;
	pk_init(&pk);
	uint8_t f[160] = { 0 };
	uint32_t o = put_eth(f, 0x0800);
	o += put_ip4(f + o, 17, 8 + 8 + 40, 1, 0);
	o += put_udp(f + o, 3544, 40000, 8 + 40);
	/* Origin indication: port and address obfuscated (bitwise not). */
	put16(f + o, 0); put16(f + o + 2, (uint16_t)~1234); put32(f + o + 4, ~0x0a000001u);
	o += 8;
	o += put_ip6(f + o, 59, 0);
	run(&pk, f, o, o, LINKTYPE_ETHERNET);
	assert_string_equal(pk.protos, "eth:ethertype:ip:udp:teredo:ipv6");
	assert_int_equal(uval(&pk, "teredo.orig.port"), 1234);
	pk_free(&pk);
	/* Teredo is recognised from its content: a cut UDP payload is data. */
	all_cuts(f, o, LINKTYPE_ETHERNET, 42);
}

static void test_manuf_names(void **state)
{
	(void)state;
	char b[64];
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t v6[6] = { 0x33, 0x33, 0, 0, 0, 0x16 };
	static const uint8_t v4[6] = { 0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa };
	static const uint8_t unk[6] = { 0x02, 0x42, 0xac, 0x11, 0, 2 };
	manuf_eth_name(bc, b, sizeof(b));
	assert_string_equal(b, "Broadcast");
	manuf_eth_name(mac_a, b, sizeof(b));
	assert_string_equal(b, "ShortNm_33:44:55");
	/* A /16 range answers at 43 bits already (Wireshark 4.0 keys its
	 * range table by masked address): one byte shown. */
	manuf_eth_name(v6, b, sizeof(b));
	assert_string_equal(b, "IPv6mcast_16");
	manuf_eth_name(v4, b, sizeof(b));
	assert_string_equal(b, "IPv4mcast_7f:ff:fa");
	manuf_eth_name(unk, b, sizeof(b));
	assert_string_equal(b, "02:42:ac:11:00:02");
	assert_string_equal(manuf_oui_longname(mac_a), "Long Name, Inc.");
	assert_null(manuf_oui_longname(unk));
	/* Truncation of the output buffer is safe. */
	assert_int_equal(manuf_eth_name(mac_a, b, 4), 3);
	assert_string_equal(b, "Sho");

	/* The resolved fields on a frame. */
	struct packet pk;
	pk_init(&pk);
	uint8_t f[60] = { 0 };
	put_eth(f, 0x0800);
	memcpy(f, bc, 6);
	run(&pk, f, 60, 60, LINKTYPE_ETHERNET);
	assert_str(&pk, "eth.dst_resolved", "Broadcast");
	assert_str(&pk, "eth.src_resolved", "ShortNm_33:44:55");
	assert_str(&pk, "eth.src.oui_resolved", "Long Name, Inc.");
	assert_null(find(&pk, "eth.dst.oui_resolved"));
	pk_free(&pk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eth_ip_udp_well_formed),
		cmocka_unit_test(test_eth_fcs_and_bad_padding),
		cmocka_unit_test(test_vlan_qinq_arp),
		cmocka_unit_test(test_sll_and_sll2),
		cmocka_unit_test(test_null_loop_raw),
		cmocka_unit_test(test_ipv4_reassembly),
		cmocka_unit_test(test_ipv6_ext_headers_and_reassembly),
		cmocka_unit_test(test_icmp_echo_and_error),
		cmocka_unit_test(test_icmpv6_nd),
		cmocka_unit_test(test_tunnels_partial_input),
		cmocka_unit_test(test_teredo),
		cmocka_unit_test(test_manuf_names),
	};
	return cmocka_run_group_tests(tests, setup_all, NULL);
}
