/* test_dissect_app.c — unit tests for the application dissectors (dns, http,
 * tls, quic, dhcp, ntp, sctp): a well-formed message each, every truncation
 * length of it (input placed right before an unreadable page so an
 * over-read faults), DNS compression loops, the HTTP head parser's partial
 * and broken cases, and MD5 test vectors (JA3).
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
#include "../../src/dissect/dns.h"
#include "../../src/dissect/http.h"
#include "../../src/dissect/tls.h"

/* ---- helpers ---------------------------------------------------------------- */

static uint8_t *guard_base;
static size_t page;

/* Copies n bytes so that they end exactly at an unreadable page. */
static const uint8_t *guarded(const uint8_t *src, size_t n)
{
	if (!guard_base) {
		page = (size_t)sysconf(_SC_PAGESIZE);
		size_t total = page * 64;
		guard_base = mmap(NULL, total + page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		assert_true(guard_base != MAP_FAILED);
		assert_int_equal(mprotect(guard_base + total, page, PROT_NONE), 0);
	}
	size_t total = page * 64;
	assert_true(n <= total);
	uint8_t *dst = guard_base + total - n;
	if (n)
		memcpy(dst, src, n);
	return dst;
}

static struct packet pkt;

static int setup(void **state)
{
	(void)state;
	dissect_init();
	field_want_all();
	pk_init(&pkt);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pk_free(&pkt);
	return 0;
}

static const uint8_t v4a[4] = { 192, 168, 1, 11 }, v4b[4] = { 209, 87, 249, 18 };

/* Runs dissector `name` on buf as the payload of a transport with the
 * given ports (proto 17 or 6). Returns its result. */
static int run(const char *name, const uint8_t *buf, size_t n, uint8_t proto,
	       uint16_t sport, uint16_t dport)
{
	static uint64_t num;
	pk_begin(&pkt);
	pkt.num = ++num;
	pkt.ts = (int64_t)num * 1000000;
	pkt.tree = true;
	pkt.cols = true;
	pkt.labels = true;
	pkt.ipproto = proto;
	pkt.srcport = sport;
	pkt.dstport = dport;
	/* Replies come from the lower (server) port. */
	if (sport < dport)
		pk_set_net_addrs(&pkt, AT_IPv4, v4b, v4a);
	else
		pk_set_net_addrs(&pkt, AT_IPv4, v4a, v4b);
	const uint8_t *g = guarded(buf, n);
	pkt.data = g;
	pkt.caplen = pkt.len = (uint32_t)n;
	struct bv bv = bv_make(g, (uint32_t)n, (uint32_t)n);
	const struct dissector *d = dissector_find(name);
	assert_non_null(d);
	return d->dissect(&pkt, &bv, NULL);
}

/* The value of the first item of field abbrev as text (static buffer), or
 * NULL when absent. */
static const char *str_of(const char *abbrev)
{
	static char out[1024];
	struct field *f = field_lookup(abbrev);
	assert_non_null(f);
	const struct item *it = pk_find(&pkt, f->id, NULL);
	if (!it)
		return NULL;
	size_t n = it->v.b.n < sizeof(out) - 1 ? it->v.b.n : sizeof(out) - 1;
	memcpy(out, it->v.b.p, n);
	out[n] = '\0';
	return out;
}

static bool has_field(const char *abbrev)
{
	struct field *f = field_lookup(abbrev);
	assert_non_null(f);
	return pk_find(&pkt, f->id, NULL) != NULL;
}

static uint64_t uint_of(const char *abbrev)
{
	struct field *f = field_lookup(abbrev);
	assert_non_null(f);
	const struct item *it = pk_find(&pkt, f->id, NULL);
	assert_non_null(it);
	return it->v.u;
}

/* Every prefix of buf: must not crash, must consume at most what it got. */
static void all_truncations(const char *name, const uint8_t *buf, size_t n,
			    uint8_t proto, uint16_t sport, uint16_t dport)
{
	for (size_t i = 0; i <= n; i++) {
		int r = run(name, buf, i, proto, sport, dport);
		assert_true(r <= (int)i);
	}
}

/* ---- DNS ---------------------------------------------------------------------- */

/* Query for www.example.com A with an OPT record. */
static const uint8_t dns_query[] = {
	0x12, 0x34, 0x01, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	0x00, 0x01, 0x00, 0x01,
	0x00, 0x00, 0x29, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* Response: question, A answer (compressed name), CNAME, MX, TXT, SOA. */
static const uint8_t dns_resp[] = {
	0x12, 0x34, 0x81, 0x80, 0x00, 0x01, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00,
	3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	0x00, 0x01, 0x00, 0x01,
	/* A */
	0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x04,
	93, 184, 216, 34,
	/* CNAME -> mail.example.com */
	0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x07,
	4, 'm', 'a', 'i', 'l', 0xc0, 0x10,
	/* MX 10 mail.example.com */
	0xc0, 0x10, 0x00, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x04,
	0x00, 0x0a, 0xc0, 0x3d,
	/* TXT "hi" */
	0xc0, 0x10, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x03,
	2, 'h', 'i',
	/* SOA in authority */
	0xc0, 0x10, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x18,
	0xc0, 0x3d, 0xc0, 0x3d, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
	0, 0, 0, 5,
};

static void test_dns_query_fields(void **state)
{
	(void)state;
	int r = run("dns", dns_query, sizeof(dns_query), 17, 40000, 53);
	assert_int_equal(r, (int)sizeof(dns_query));
	assert_string_equal(str_of("dns.qry.name"), "www.example.com");
	assert_int_equal(uint_of("dns.id"), 0x1234);
	assert_int_equal(uint_of("dns.qry.type"), 1);
	assert_int_equal(uint_of("dns.qry.name.len"), 15);
	assert_int_equal(uint_of("dns.count.labels"), 3);
	assert_int_equal(uint_of("dns.rr.udp_payload_size"), 4096);
	assert_string_equal(pkt.info, "Standard query 0x1234 A www.example.com OPT");
	assert_false(pkt.malformed);
}

static void test_dns_response_fields(void **state)
{
	(void)state;
	dissect_reset(); /* forget the earlier test's query with this id */
	run("dns", dns_query, sizeof(dns_query), 17, 40000, 53);
	uint64_t qframe = pkt.num;
	int r = run("dns", dns_resp, sizeof(dns_resp), 17, 53, 40000);
	assert_int_equal(r, (int)sizeof(dns_resp));
	assert_string_equal(str_of("dns.cname"), "mail.example.com");
	assert_string_equal(str_of("dns.mx.mail_exchange"), "mail.example.com");
	assert_string_equal(str_of("dns.txt"), "hi");
	assert_string_equal(str_of("dns.soa.rname"), "mail.example.com");
	assert_int_equal(uint_of("dns.soa.minimum_ttl"), 5);
	assert_int_equal(uint_of("dns.response_to"), qframe);
	assert_true(has_field("dns.time"));
	assert_false(pkt.malformed);
	assert_string_equal(pkt.info,
		"Standard query response 0x1234 A www.example.com A 93.184.216.34 "
		"CNAME mail.example.com MX 10 mail.example.com TXT SOA mail.example.com");
}

static void test_dns_truncations(void **state)
{
	(void)state;
	all_truncations("dns", dns_query, sizeof(dns_query), 17, 40000, 53);
	all_truncations("dns", dns_resp, sizeof(dns_resp), 17, 53, 40000);
	/* Short messages are malformed, never read past the end. */
	run("dns", dns_resp, 11, 17, 53, 40000);
	assert_true(pkt.malformed);
}

static void test_dns_compression_loop(void **state)
{
	(void)state;
	/* The question name is a pointer to itself; an answer name points to
	 * a pointer that points back (two-step loop). */
	static const uint8_t msg[] = {
		0x00, 0x01, 0x81, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01,
		0xc0, 0x22, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x04,
		1, 2, 3, 4, 0xc0, 0x12,
	};
	int r = run("dns", msg, sizeof(msg), 17, 53, 1000);
	assert_true(r >= 0);
	assert_true(pkt.malformed);

	struct bv bv = bv_make(msg, sizeof(msg), sizeof(msg));
	char name[256];
	bool loop;
	uint32_t nlen, nlab;
	int used = dns_name(&bv, 12, name, sizeof(name), &nlen, &nlab, &loop);
	assert_true(loop);
	assert_int_equal(used, 2);
	used = dns_name(&bv, 18, name, sizeof(name), &nlen, &nlab, &loop);
	assert_true(loop);
	assert_int_equal(used, 2);
}

static void test_dns_name_boundaries(void **state)
{
	(void)state;
	/* Root name; a label running past the end; a maximal 63-byte label. */
	uint8_t b[80];
	b[0] = 0;
	struct bv bv = bv_make(b, 1, 1);
	char name[300];
	uint32_t nlen = 99, nlab = 99;
	bool loop;
	assert_int_equal(dns_name(&bv, 0, name, sizeof(name), &nlen, &nlab, &loop), 1);
	assert_string_equal(name, "<Root>");
	assert_int_equal(nlab, 0);
	b[0] = 10;
	memcpy(b + 1, "abc", 3);
	bv = bv_make(guarded(b, 4), 4, 4);
	dns_name(&bv, 0, name, sizeof(name), &nlen, &nlab, &loop);
	assert_true(bv.trunc);
	b[0] = 63;
	memset(b + 1, 'x', 63);
	b[64] = 0;
	bv = bv_make(guarded(b, 65), 65, 65);
	assert_int_equal(dns_name(&bv, 0, name, sizeof(name), &nlen, &nlab, &loop), 65);
	assert_int_equal(nlen, 63);
	/* A tiny output buffer truncates the text, not the parse. */
	bv = bv_make(guarded(b, 65), 65, 65);
	assert_int_equal(dns_name(&bv, 0, name, 8, &nlen, &nlab, &loop), 65);
	assert_int_equal(strlen(name), 7);
}

static void test_dns_tcp_length_prefix(void **state)
{
	(void)state;
	uint8_t b[2 + sizeof(dns_query)];
	b[0] = 0;
	b[1] = sizeof(dns_query);
	memcpy(b + 2, dns_query, sizeof(dns_query));
	int r = run("dns", b, sizeof(b), 6, 40000, 53);
	assert_int_equal(r, (int)sizeof(b));
	assert_int_equal(uint_of("dns.length"), sizeof(dns_query));
	assert_string_equal(str_of("dns.qry.name"), "www.example.com");
	all_truncations("dns", b, sizeof(b), 6, 40000, 53);
}

/* ---- HTTP ----------------------------------------------------------------------- */

static const char http_req[] =
	"GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: t/1\r\n"
	"Cookie: a=1; b=2\r\n\r\n";
static const char http_resp[] =
	"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	"Content-Length: 5\r\n\r\nhello";

static void test_http_parser(void **state)
{
	(void)state;
	struct http_msg m;
	struct http_header h[8];
	size_t nh = 8;
	int r = http_parse_head((const uint8_t *)http_req, strlen(http_req), &m, h, &nh);
	assert_int_equal(r, (int)strlen(http_req));
	assert_false(m.response);
	assert_int_equal(m.method_len, 3);
	assert_int_equal(nh, 3);
	assert_int_equal(h[0].name_len, 4);
	assert_memory_equal(h[0].value, "example.com", 11);
	/* Every strict prefix needs more bytes. */
	for (size_t i = 1; i < strlen(http_req); i++) {
		nh = 8;
		r = http_parse_head(guarded((const uint8_t *)http_req, i), i, &m, h, &nh);
		assert_int_equal(r, -2);
	}
	nh = 8;
	assert_int_equal(http_parse_head((const uint8_t *)"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"
					 "0123456789", 21, &m, h, &nh), -1);
	/* More headers than the array holds: parsed, count capped. */
	nh = 1;
	r = http_parse_head((const uint8_t *)http_req, strlen(http_req), &m, h, &nh);
	assert_int_equal(r, (int)strlen(http_req));
	assert_int_equal(nh, 1);
	/* LF-only line ends are accepted. */
	nh = 8;
	assert_int_equal(http_parse_head((const uint8_t *)"HTTP/1.0 404 Not Found\nA: b\n\n", 29,
					 &m, h, &nh), 29);
	assert_int_equal(m.status, 404);
}

static void test_http_chunked(void **state)
{
	(void)state;
	const char *body = "5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\nT: x\r\n\r\n";
	uint64_t pl = 0;
	long r = http_chunked_len((const uint8_t *)body, strlen(body), &pl);
	assert_int_equal(r, (long)strlen(body));
	assert_int_equal(pl, 8);
	for (size_t i = 0; i < strlen(body); i++)
		assert_int_equal(http_chunked_len(guarded((const uint8_t *)body, i), i, &pl), -2);
	assert_int_equal(http_chunked_len((const uint8_t *)"zz\r\n", 4, &pl), -1);
}

static void test_http_dissect(void **state)
{
	(void)state;
	int r = run("http", (const uint8_t *)http_req, strlen(http_req), 6, 50000, 80);
	assert_int_equal(r, (int)strlen(http_req));
	assert_string_equal(str_of("http.request.method"), "GET");
	assert_string_equal(str_of("http.request.uri"), "/a/b?x=1&y=2");
	assert_string_equal(str_of("http.request.uri.query"), "x=1&y=2");
	assert_string_equal(str_of("http.host"), "example.com");
	assert_string_equal(str_of("http.request.full_uri"), "http://example.com/a/b?x=1&y=2");
	assert_string_equal(str_of("http.cookie_pair"), "a=1");
	assert_string_equal(pkt.info, "GET /a/b?x=1&y=2 HTTP/1.1 ");
	r = run("http", (const uint8_t *)http_resp, strlen(http_resp), 6, 80, 50000);
	assert_int_equal(r, (int)strlen(http_resp));
	assert_int_equal(uint_of("http.response.code"), 200);
	assert_int_equal(uint_of("http.content_length"), 5);
	assert_string_equal(str_of("http.file_data"), "hello");
	assert_string_equal(pkt.info, "HTTP/1.1 200 OK  (text/plain)");
	all_truncations("http", (const uint8_t *)http_req, strlen(http_req), 6, 50000, 80);
	all_truncations("http", (const uint8_t *)http_resp, strlen(http_resp), 6, 80, 50000);
}

/* ---- TLS ------------------------------------------------------------------------ */

/* A ClientHello with SNI "a.example", ALPN "h2", one cipher suite. */
static const uint8_t tls_ch[] = {
	0x16, 0x03, 0x01, 0x00, 0x4e,
	0x01, 0x00, 0x00, 0x4a,
	0x03, 0x03,
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
	21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
	0x00,
	0x00, 0x02, 0x13, 0x01,
	0x01, 0x00,
	0x00, 0x1f,
	0x00, 0x00, 0x00, 0x0e, 0x00, 0x0c, 0x00, 0x00, 0x09,
	'a', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e',
	0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x02, 'h', '2',
	0x00, 0x17, 0x00, 0x00,
};

static void test_tls_client_hello(void **state)
{
	(void)state;
	int r = run("tls", tls_ch, sizeof(tls_ch), 6, 50000, 443);
	assert_int_equal(r, (int)sizeof(tls_ch));
	assert_string_equal(str_of("tls.handshake.extensions_server_name"), "a.example");
	assert_string_equal(str_of("tls.handshake.extensions_alpn_str"), "h2");
	assert_int_equal(uint_of("tls.handshake.type"), 1);
	assert_int_equal(uint_of("tls.handshake.ciphersuite"), 0x1301);
	assert_string_equal(str_of("tls.handshake.ja3_full"), "771,4865,0-16-23,,");
	assert_string_equal(pkt.info, "Client Hello");
	assert_string_equal(pkt.col_proto, "TLSv1");
	all_truncations("tls", tls_ch, sizeof(tls_ch), 6, 50000, 443);
	/* Not TLS on a non-TLS port: the heuristic refuses. */
	assert_int_equal(run("tls", (const uint8_t *)"hello", 5, 6, 50000, 5555), -1);
}

static void test_md5_vectors(void **state)
{
	(void)state;
	static const struct { const char *in, *hex; } v[] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t md[16];
		char hex[33];
		tls_md5((const uint8_t *)v[i].in, strlen(v[i].in), md);
		for (int k = 0; k < 16; k++)
			snprintf(hex + 2 * k, 3, "%02x", md[k]);
		assert_string_equal(hex, v[i].hex);
	}
}

/* ---- QUIC, DHCP, NTP, SCTP -------------------------------------------------------- */

static void test_quic_long_header(void **state)
{
	(void)state;
	static const uint8_t q[] = {
		0xc0, 0x00, 0x00, 0x00, 0x01, 0x04, 0xaa, 0xbb, 0xcc, 0xdd,
		0x02, 0x11, 0x22, 0x00, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05,
	};
	int r = run("quic", q, sizeof(q), 17, 50000, 443);
	assert_int_equal(r, (int)sizeof(q));
	assert_int_equal(uint_of("quic.version"), 1);
	assert_int_equal(uint_of("quic.dcil"), 4);
	assert_int_equal(uint_of("quic.length"), 5);
	assert_string_equal(pkt.info, "Initial, DCID=aabbccdd, SCID=1122");
	all_truncations("quic", q, sizeof(q), 17, 50000, 443);
}

static void test_dhcp_discover(void **state)
{
	(void)state;
	uint8_t b[300];
	memset(b, 0, sizeof(b));
	b[0] = 1; b[1] = 1; b[2] = 6;
	b[4] = 0; b[5] = 0; b[6] = 0x07; b[7] = 0xc0;
	memcpy(b + 28, "\x00\x11\x22\x33\x44\x55", 6);
	b[236] = 0x63; b[237] = 0x82; b[238] = 0x53; b[239] = 0x63;
	uint8_t *o = b + 240;
	*o++ = 53; *o++ = 1; *o++ = 1;
	*o++ = 12; *o++ = 4; memcpy(o, "host", 4); o += 4;
	*o++ = 55; *o++ = 2; *o++ = 1; *o++ = 3;
	*o++ = 255;
	size_t n = (size_t)(o - b);
	int r = run("dhcp", b, n, 17, 68, 67);
	assert_int_equal(r, (int)n);
	assert_int_equal(uint_of("dhcp.option.dhcp"), 1);
	assert_string_equal(str_of("dhcp.option.hostname"), "host");
	assert_string_equal(pkt.info, "DHCP Discover - Transaction ID 0x7c0");
	all_truncations("dhcp", b, n, 17, 68, 67);
}

static void test_ntp_client(void **state)
{
	(void)state;
	uint8_t b[48];
	memset(b, 0, sizeof(b));
	b[0] = 0x23;
	/* transmit timestamp 1987-07-25 21:08:33 UTC (0xcb2d...) */
	b[40] = 0xa2; b[41] = 0xaf; b[42] = 0x6b; b[43] = 0x31;
	int r = run("ntp", b, sizeof(b), 17, 123, 123);
	assert_int_equal(r, (int)sizeof(b));
	assert_int_equal(uint_of("ntp.flags.mode"), 3);
	assert_int_equal(uint_of("ntp.flags.vn"), 4);
	assert_string_equal(str_of("ntp.reftime"), "NULL");
	assert_string_equal(pkt.info, "NTP Version 4, client");
	all_truncations("ntp", b, sizeof(b), 17, 123, 123);
}

static void test_sctp_chunks(void **state)
{
	(void)state;
	static const uint8_t s[] = {
		0x40, 0x00, 0x0b, 0x80, 0x00, 0x01, 0x6f, 0x0a, 0x6d, 0xb0, 0x18, 0x82,
		/* DATA, 17 bytes + 3 padding */
		0x00, 0x03, 0x00, 0x11, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01,
		0x00, 0x00, 0x00, 0x00, 'x', 0, 0, 0,
		/* SACK */
		0x03, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x20, 0x00,
		0x00, 0x00, 0x00, 0x00,
	};
	pk_begin(&pkt);
	int r = run("sctp", s, sizeof(s), 132, 0, 0);
	assert_int_equal(r, (int)sizeof(s));
	assert_int_equal(uint_of("sctp.srcport"), 16384);
	assert_int_equal(uint_of("sctp.data_tsn_raw"), 5);
	assert_int_equal(uint_of("sctp.sack_a_rwnd"), 8192);
	assert_true(has_field("sctp.chunk_padding"));
	all_truncations("sctp", s, sizeof(s), 132, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dns_query_fields),
		cmocka_unit_test(test_dns_response_fields),
		cmocka_unit_test(test_dns_truncations),
		cmocka_unit_test(test_dns_compression_loop),
		cmocka_unit_test(test_dns_name_boundaries),
		cmocka_unit_test(test_dns_tcp_length_prefix),
		cmocka_unit_test(test_http_parser),
		cmocka_unit_test(test_http_chunked),
		cmocka_unit_test(test_http_dissect),
		cmocka_unit_test(test_tls_client_hello),
		cmocka_unit_test(test_md5_vectors),
		cmocka_unit_test(test_quic_long_header),
		cmocka_unit_test(test_dhcp_discover),
		cmocka_unit_test(test_ntp_client),
		cmocka_unit_test(test_sctp_chunks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
