/* test_dissect_gaps.c — unit tests for STP/CDP/DTP and the LLC XID, FTP and
 * FTP-DATA, SMTP, the ICMP error quote (RFC 792 extent, no conversation),
 * and snaplen-cut DHCP: one well-formed frame each (fields, Info,
 * frame.protocols) and every truncation of it (bytes end at an unreadable
 * page, so an over-read faults).
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

#include "../../src/engine/conv.h"
#include "../../src/engine/dissector.h"

static uint8_t *guard_area; /* data pages + one PROT_NONE page */
static size_t page;
static uint64_t frame_no;

static int setup_all(void **state)
{
	(void)state;
	dissect_init();
	page = (size_t)sysconf(_SC_PAGESIZE);
	guard_area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard_area == MAP_FAILED)
		return -1;
	return mprotect(guard_area + page, page, PROT_NONE);
}

static int setup_one(void **state)
{
	(void)state;
	dissect_reset();
	conv_reset();
	return 0;
}

/* Dissects caplen bytes of an Ethernet frame (wire length len) in tree mode
 * with the columns on; the bytes end exactly at the guard page. */
static void run(struct packet *pk, const uint8_t *frame, uint32_t caplen, uint32_t len)
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
	pk->linktype = 1;
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

static void assert_str(const struct packet *pk, const char *abbrev, const char *want)
{
	const struct item *it = find(pk, abbrev);
	assert_non_null(it);
	assert_int_equal(it->v.b.n, strlen(want));
	assert_memory_equal(it->v.b.p, want, strlen(want));
}

/* Every prefix of frame, cut by the snaplen and short on the wire: nothing
 * may crash or read past the bytes. */
static void all_cuts(const uint8_t *frame, uint32_t n)
{
	struct packet pk;
	pk_init(&pk);
	for (uint32_t cut = 0; cut <= n; cut++) {
		run(&pk, frame, cut, n);
		run(&pk, frame, cut, cut);
	}
	pk_free(&pk);
}

/* --- frame builders -------------------------------------------------------- */

static const uint8_t mac_a[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t mac_b[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };
static const uint8_t ip_c[4] = { 10, 0, 0, 1 }, ip_s[4] = { 10, 0, 0, 2 };

static void put16(uint8_t *b, uint16_t v) { b[0] = (uint8_t)(v >> 8); b[1] = (uint8_t)v; }
static void put32(uint8_t *b, uint32_t v) { put16(b, (uint16_t)(v >> 16)); put16(b + 2, (uint16_t)v); }

static uint32_t put_eth(uint8_t *b, uint16_t type_or_len)
{
	memcpy(b, mac_b, 6);
	memcpy(b + 6, mac_a, 6);
	put16(b + 12, type_or_len);
	return 14;
}

static uint32_t put_ip4(uint8_t *b, uint8_t proto, uint16_t plen,
			const uint8_t src[4], const uint8_t dst[4])
{
	memset(b, 0, 20);
	b[0] = 0x45;
	put16(b + 2, (uint16_t)(20 + plen));
	b[8] = 64;
	b[9] = proto;
	memcpy(b + 12, src, 4);
	memcpy(b + 16, dst, 4);
	return 20;
}

static uint32_t put_tcp(uint8_t *b, uint16_t sport, uint16_t dport,
			uint32_t seq, uint32_t ack, uint8_t flags)
{
	memset(b, 0, 20);
	put16(b, sport);
	put16(b + 2, dport);
	put32(b + 4, seq);
	put32(b + 8, ack);
	b[12] = 0x50;
	b[13] = flags;
	put16(b + 14, 65535);
	return 20;
}

/* Ethernet + IPv4 + TCP (PSH|ACK) carrying text. */
static uint32_t tcp_frame(uint8_t *b, const uint8_t src[4], const uint8_t dst[4],
			  uint16_t sport, uint16_t dport, uint32_t seq,
			  const char *text)
{
	uint32_t tl = (uint32_t)strlen(text);
	uint32_t o = put_eth(b, 0x0800);
	o += put_ip4(b + o, 6, (uint16_t)(20 + tl), src, dst);
	o += put_tcp(b + o, sport, dport, seq, 1, 0x18);
	memcpy(b + o, text, tl);
	return o + tl;
}

/* --- STP, CDP, XID --------------------------------------------------------- */

/* 802.3 + LLC (SAP 0x42) + configuration BPDU. */
static uint32_t stp_frame(uint8_t *b)
{
	uint8_t bpdu[35] = { 0 };
	bpdu[4] = 0x01; /* TC */
	put16(bpdu + 5, 0x8000 | 12);
	memcpy(bpdu + 7, mac_a, 6);
	put32(bpdu + 13, 4);
	put16(bpdu + 17, 0x8000 | 12);
	memcpy(bpdu + 19, mac_a, 6);
	put16(bpdu + 25, 0x8002);
	put16(bpdu + 29, 20 * 256);
	put16(bpdu + 31, 2 * 256);
	put16(bpdu + 33, 15 * 256);
	uint32_t o = put_eth(b, 3 + 35);
	b[o++] = 0x42; b[o++] = 0x42; b[o++] = 0x03;
	memcpy(b + o, bpdu, 35);
	return o + 35;
}

static void test_stp(void **state)
{
	(void)state;
	uint8_t b[128];
	uint32_t n = stp_frame(b);
	struct packet pk;
	pk_init(&pk);
	run(&pk, b, n, n);
	assert_string_equal(pk.protos, "eth:llc:stp");
	assert_int_equal(uval(&pk, "stp.root.prio"), 32768);
	assert_int_equal(uval(&pk, "stp.root.ext"), 12);
	assert_int_equal(uval(&pk, "stp.root.cost"), 4);
	assert_int_equal(uval(&pk, "stp.flags.tc"), 1);
	assert_string_equal(pk.info, "Conf. TC + Root = 32768/12/00:11:22:33:44:55  Cost = 4  Port = 0x8002");
	pk_free(&pk);
	all_cuts(b, n);
}

static void test_pvst_cdp_dtp(void **state)
{
	(void)state;
	/* PVST+: SNAP, Cisco OUI, PID 0x010b; BPDU, pad byte, VLAN TLV */
	uint8_t b[512];
	uint8_t bpdu[36 + 6] = { 0 };
	put16(bpdu + 5, 0x8000 | 7);
	put16(bpdu + 36, 0);
	put16(bpdu + 38, 2);
	put16(bpdu + 40, 7);
	uint32_t o = put_eth(b, (uint16_t)(8 + sizeof(bpdu)));
	memcpy(b + o, "\xaa\xaa\x03\x00\x00\x0c\x01\x0b", 8);
	o += 8;
	memcpy(b + o, bpdu, sizeof(bpdu));
	uint32_t n = o + (uint32_t)sizeof(bpdu);
	struct packet pk;
	pk_init(&pk);
	run(&pk, b, n, n);
	assert_string_equal(pk.protos, "eth:llc:stp");
	assert_int_equal(uval(&pk, "stp.pvst.origvlan"), 7);
	all_cuts(b, n);

	/* CDP: version 2, TTL 180, device and port id; checksum computed */
	uint8_t cdp[64];
	uint32_t c = 0;
	cdp[c++] = 2; cdp[c++] = 180; cdp[c++] = 0; cdp[c++] = 0;
	put16(cdp + c, 1); put16(cdp + c + 2, 7); memcpy(cdp + c + 4, "SW1", 3); c += 7;
	put16(cdp + c, 3); put16(cdp + c + 2, 8); memcpy(cdp + c + 4, "Et0/", 4); c += 8;
	uint32_t sum = 0;
	for (uint32_t i = 0; i + 1 < c; i += 2)
		sum += (uint32_t)(cdp[i] << 8 | cdp[i + 1]);
	if (c & 1)
		sum += (cdp[c - 1] & 0x80) ? (0xffffff00u | cdp[c - 1]) : cdp[c - 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	put16(cdp + 2, (uint16_t)~sum);
	o = put_eth(b, (uint16_t)(8 + c));
	memcpy(b + o, "\xaa\xaa\x03\x00\x00\x0c\x20\x00", 8);
	o += 8;
	memcpy(b + o, cdp, c);
	n = o + c;
	run(&pk, b, n, n);
	assert_string_equal(pk.protos, "eth:llc:cdp");
	assert_str(&pk, "cdp.deviceid", "SW1");
	assert_str(&pk, "cdp.portid", "Et0/");
	assert_int_equal(uval(&pk, "cdp.checksum.status"), 1);
	assert_string_equal(pk.info, "Device ID: SW1  Port ID: Et0/  ");
	all_cuts(b, n);

	/* DTP: version 1, trunk status TLV */
	o = put_eth(b, 8 + 6);
	memcpy(b + o, "\xaa\xaa\x03\x00\x00\x0c\x20\x04", 8);
	o += 8;
	memcpy(b + o, "\x01\x00\x02\x00\x05\x81", 6);
	n = o + 6;
	run(&pk, b, n, n);
	assert_string_equal(pk.protos, "eth:llc:dtp");
	assert_int_equal(uval(&pk, "dtp.tos"), 1);
	assert_int_equal(uval(&pk, "dtp.tas"), 1);
	all_cuts(b, n);

	/* LLC XID, basic format: no payload layer */
	o = put_eth(b, 6);
	memcpy(b + o, "\x00\x01\xaf\x81\x01\x00", 6);
	n = o + 6;
	run(&pk, b, n, n);
	assert_string_equal(pk.protos, "eth:llc");
	assert_string_equal(pk.info, "Basic Format; Type 1 LLC (Class I LLC); Window Size 0");
	pk_free(&pk);
	all_cuts(b, n);
}

/* --- ICMP error quote --------------------------------------------------------- */

static void test_icmp_redirect_quote(void **state)
{
	(void)state;
	/* Redirect quoting IP + a whole 32-byte TCP header: only the RFC 792
	 * extent (IP header + 8 bytes) reaches TCP, as in tshark. */
	uint8_t b[256];
	uint32_t o = put_eth(b, 0x0800);
	o += put_ip4(b + o, 1, 8 + 20 + 32, ip_s, ip_c);
	uint8_t *icmp = b + o;
	memset(icmp, 0, 8);
	icmp[0] = 5; icmp[1] = 1;
	memcpy(icmp + 4, ip_s, 4);
	o += 8;
	o += put_ip4(b + o, 6, 32, ip_c, ip_s);
	o += put_tcp(b + o, 42878, 5228, 1581359881u, 7, 0x10);
	b[o - 20 + 12] = 0x80; /* 32-byte header */
	memset(b + o, 1, 12);
	o += 12;
	struct packet pk;
	pk_init(&pk);
	size_t before = conv_count();
	run(&pk, b, o, o);
	assert_string_equal(pk.protos, "eth:ethertype:ip:icmp:ip:tcp");
	assert_int_equal(uval(&pk, "tcp.seq"), 1581359881u);
	assert_null(find(&pk, "tcp.stream"));
	assert_null(find(&pk, "tcp.flags"));
	assert_null(find(&pk, "_ws.short"));
	assert_int_equal(conv_count(), before);
	assert_false(pk.in_error);
	assert_string_equal(pk.info, "Redirect             (Redirect for host)");
	pk_free(&pk);
	all_cuts(b, o);
}

/* --- FTP, FTP-DATA, SMTP ---------------------------------------------------------- */

static void test_ftp_pasv_data(void **state)
{
	(void)state;
	uint8_t b[512];
	struct packet pk;
	pk_init(&pk);
	uint32_t n = tcp_frame(b, ip_c, ip_s, 50003, 21, 100, "LIST\r\n");
	run(&pk, b, n, n);
	assert_string_equal(pk.info, "Request: LIST");
	assert_str(&pk, "ftp.request.command", "LIST");
	n = tcp_frame(b, ip_s, ip_c, 21, 50003, 500,
		      "227 Entering Passive Mode (10,0,0,2,221,90)\r\n");
	run(&pk, b, n, n);
	assert_string_equal(pk.protos, "eth:ethertype:ip:tcp:ftp");
	assert_int_equal(uval(&pk, "ftp.response.code"), 227);
	assert_int_equal(uval(&pk, "ftp.passive.port"), 56666);
	/* the data connection's SYN: an announced conversation, so no
	 * SYN_SENT bit */
	uint32_t o = put_eth(b, 0x0800);
	o += put_ip4(b + o, 6, 20, ip_c, ip_s);
	o += put_tcp(b + o, 37604, 56666, 1000, 0, 0x02);
	run(&pk, b, o, o);
	assert_int_equal(uval(&pk, "tcp.completeness"), 0);
	n = tcp_frame(b, ip_s, ip_c, 56666, 37604, 9000, "total 1\r\nfile\r\n");
	run(&pk, b, n, n);
	assert_string_equal(pk.protos, "eth:ethertype:ip:tcp:ftp-data:data-text-lines");
	assert_string_equal(pk.info, "FTP Data: 15 bytes (PASV) (LIST)");
	assert_str(&pk, "ftp-data.setup-method", "PASV");
	pk_free(&pk);
	n = tcp_frame(b, ip_s, ip_c, 21, 50003, 600,
		      "227 Entering Passive Mode (10,0,0,2,221,91)\r\n");
	all_cuts(b, n);
	n = tcp_frame(b, ip_c, ip_s, 50003, 21, 200, "PORT 10,0,0,1,131,46\r\n");
	all_cuts(b, n);
}

static void test_smtp(void **state)
{
	(void)state;
	uint8_t b[512];
	struct packet pk;
	pk_init(&pk);
	uint32_t n = tcp_frame(b, ip_s, ip_c, 25, 1470, 1,
			       "250-mx.example Hello\r\n250-SIZE 100\r\n250 HELP\r\n");
	run(&pk, b, n, n);
	assert_string_equal(pk.protos, "eth:ethertype:ip:tcp:smtp");
	assert_string_equal(pk.info, "S: 250-mx.example Hello | SIZE 100 | HELP");
	assert_int_equal(uval(&pk, "smtp.response.code"), 250);
	all_cuts(b, n);
	n = tcp_frame(b, ip_c, ip_s, 1470, 25, 1, "DATA\r\n");
	run(&pk, b, n, n);
	assert_string_equal(pk.info, "C: DATA");
	assert_str(&pk, "smtp.req.command", "DATA");
	n = tcp_frame(b, ip_s, ip_c, 25, 1470, 100, "354 go ahead\r\n");
	run(&pk, b, n, n);
	n = tcp_frame(b, ip_c, ip_s, 1470, 25, 7, "Subject: hi\r\n\r\nbody\r\n");
	run(&pk, b, n, n);
	assert_string_equal(pk.protos, "eth:ethertype:ip:tcp:smtp:data-text-lines");
	assert_string_equal(pk.info, "C: DATA fragment, 21 bytes");
	n = tcp_frame(b, ip_c, ip_s, 1470, 25, 28, "more\r\n.\r\n");
	run(&pk, b, n, n);
	assert_non_null(find(&pk, "smtp.eom"));
	assert_string_equal(pk.info, "C: .");
	pk_free(&pk);
	n = tcp_frame(b, ip_c, ip_s, 1470, 25, 37, "MAIL FROM:<a@b>\r\n");
	all_cuts(b, n);
}

/* --- DHCP cut by the snaplen ---------------------------------------------------- */

static void test_dhcp_snaplen_cut(void **state)
{
	(void)state;
	uint8_t b[400];
	memset(b, 0, sizeof(b));
	uint32_t o = put_eth(b, 0x0800);
	o += put_ip4(b + o, 17, 8 + 300, ip_c, ip_s);
	put16(b + o, 68); put16(b + o + 2, 67); put16(b + o + 4, 8 + 300);
	o += 8;
	uint8_t *d = b + o;
	d[0] = 1; d[1] = 1; d[2] = 6;
	put32(d + 4, 0x3d1d);
	memcpy(d + 28, mac_a, 6);
	uint32_t n = o + 300;
	struct packet pk;
	pk_init(&pk);
	/* captured up to the hardware address padding, as in test006.pcapng */
	run(&pk, b, o + 54, n);
	assert_string_equal(pk.protos, "eth:ethertype:ip:udp:dhcp");
	assert_non_null(find(&pk, "dhcp.hw.mac_addr"));
	assert_null(find(&pk, "dhcp.server"));
	assert_non_null(find(&pk, "_ws.short"));
	assert_true(strncmp(pk.info, "Boot Request from 00:11:22:33:44:55 (", 37) == 0);
	pk_free(&pk);
	all_cuts(b, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_stp, setup_one),
		cmocka_unit_test_setup(test_pvst_cdp_dtp, setup_one),
		cmocka_unit_test_setup(test_icmp_redirect_quote, setup_one),
		cmocka_unit_test_setup(test_ftp_pasv_data, setup_one),
		cmocka_unit_test_setup(test_smtp, setup_one),
		cmocka_unit_test_setup(test_dhcp_snaplen_cut, setup_one),
	};
	return cmocka_run_group_tests(tests, setup_all, NULL);
}
