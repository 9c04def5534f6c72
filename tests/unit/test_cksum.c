/* test_cksum.c — the Internet checksum helpers of src/dissect/ip.c
 * (RFC 1071 sum, IPv4/IPv6 pseudo-headers, RFC 1624 "should be" value)
 * against a byte-by-byte reference, and the three -o check_checksum
 * preferences. Inputs sit right before an unreadable page, so an over-read
 * of the wide loads faults at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/dissect/ip.h"
#include "../../src/engine/dissector.h"
#include "../../src/engine/prefs.h"

/* The textbook sum: big-endian 16-bit words, odd byte padded, folded. */
static uint16_t ref_sum(const uint8_t *p, size_t len)
{
	uint64_t s = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* n bytes ending right before a PROT_NONE page; *base gets the mapping. */
static uint8_t *guarded(size_t n, void **base, size_t *maplen)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	size_t data = (n + pg - 1) / pg * pg;
	if (!data)
		data = pg;
	*maplen = data + pg;
	uint8_t *m = mmap(NULL, *maplen, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
	assert_int_equal(mprotect(m + data, pg, PROT_NONE), 0);
	*base = m;
	return m + data - n;
}

static void test_sum_matches_reference_every_length_and_alignment(void **state)
{
	(void)state;
	void *base;
	size_t ml;
	uint8_t *buf = guarded(600, &base, &ml);
	srand(7);
	for (size_t i = 0; i < 600; i++)
		buf[i] = (uint8_t)rand();
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; off + len <= 600; len++) {
			/* every (off, len) that ends at the guard page too */
			assert_int_equal(ip_cksum_sum(buf + off, (uint32_t)len),
					 ref_sum(buf + off, len));
			const uint8_t *tail = buf + 600 - len;
			assert_int_equal(ip_cksum_sum(tail, (uint32_t)len),
					 ref_sum(tail, len));
		}
	munmap(base, ml);
}

static void test_sum_zero_and_all_ones(void **state)
{
	(void)state;
	static uint8_t z[64], ff[64];
	memset(ff, 0xff, sizeof(ff));
	assert_int_equal(ip_cksum_sum(z, 0), 0);
	assert_int_equal(ip_cksum_sum(z, sizeof(z)), 0);
	assert_int_equal(ip_cksum_sum(ff, sizeof(ff)), 0xffff);
	assert_int_equal(ip_cksum_sum(ff, 1), 0xff00);
}

/* Lanes are emptied before they can wrap: all-0xff data over more than
 * 32768 16-byte steps, and a 64 KB datagram, still match. */
static void test_sum_large_buffers(void **state)
{
	(void)state;
	size_t n = (32768u << 4) * 2 + 37;
	void *base;
	size_t ml;
	uint8_t *buf = guarded(n, &base, &ml);
	memset(buf, 0xff, n);
	assert_int_equal(ip_cksum_sum(buf, (uint32_t)n), ref_sum(buf, n));
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	assert_int_equal(ip_cksum_sum(buf, (uint32_t)n), ref_sum(buf, n));
	assert_int_equal(ip_cksum_sum(buf, 65535), ref_sum(buf, 65535));
	munmap(base, ml);
}

/* RFC 1071 section 3's example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2. */
static void test_sum_rfc1071_example(void **state)
{
	(void)state;
	static const uint8_t ex[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	assert_int_equal(ip_cksum_sum(ex, sizeof(ex)), 0xddf2);
}

/* tests/captures/ip4-tcp-bad-chksum.pcap: 127.0.0.1 -> 127.0.0.1, a SYN
 * with checksum 0x0001 where tshark says "should be 0x1c60". */
static void test_ip4_pseudo_and_should_be(void **state)
{
	(void)state;
	static const uint8_t seg[20] = {
		0x75, 0x30, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00,
		0x00, 0x01, 0x00, 0x00,
	};
	struct ip4_info ip4;
	memset(&ip4, 0, sizeof(ip4));
	static const uint8_t lo[4] = { 127, 0, 0, 1 };
	memcpy(ip4.src, lo, 4);
	memcpy(ip4.dst, lo, 4);
	uint16_t sum = ip4_pseudo_cksum(&ip4, IPPROTO_TCP_, seg, sizeof(seg));
	assert_int_not_equal(sum, 0xffff);
	assert_int_equal(ip_cksum_shouldbe(0x0001, sum), 0x1c60);
	/* with the right value in place the sum is 0xffff and the value
	 * "should be" itself */
	uint8_t fixed[20];
	memcpy(fixed, seg, 20);
	fixed[16] = 0x1c, fixed[17] = 0x60;
	sum = ip4_pseudo_cksum(&ip4, IPPROTO_TCP_, fixed, sizeof(fixed));
	assert_int_equal(sum, 0xffff);
	assert_int_equal(ip_cksum_shouldbe(0x1c60, sum), 0x1c60);
}

/* The IPv6 pseudo-header takes the final destination and a 32-bit length
 * (RFC 8200 section 8.1): compare with the reference over an explicit
 * pseudo-header. */
static void test_ip6_pseudo_uses_final_dst(void **state)
{
	(void)state;
	struct ip6_info ip6;
	memset(&ip6, 0, sizeof(ip6));
	for (int i = 0; i < 16; i++) {
		ip6.src[i] = (uint8_t)(0x20 + i);
		ip6.dst[i] = (uint8_t)(0x40 + i);
		ip6.final_dst[i] = (uint8_t)(0x60 + i);
	}
	uint8_t seg[13] = { 0x9c, 0x42, 0x27, 0x0f, 0x00, 0x0d, 0x00, 0x00,
			    'p', 'i', 'n', 'g', '6' };
	uint8_t ph[40 + sizeof(seg)];
	memcpy(ph, ip6.src, 16);
	memcpy(ph + 16, ip6.final_dst, 16);
	memset(ph + 32, 0, 8);
	ph[35] = sizeof(seg);
	ph[39] = IPPROTO_UDP_;
	memcpy(ph + 40, seg, sizeof(seg));
	assert_int_equal(ip6_pseudo_cksum(&ip6, IPPROTO_UDP_, seg, sizeof(seg)),
			 ref_sum(ph, sizeof(ph)));
}

/* RFC 1624: 0xffff and 0x0000 are the same one's-complement value; the
 * "should be" value of a correct field is the field itself, also at the
 * carry boundary. */
static void test_should_be_carries(void **state)
{
	(void)state;
	assert_int_equal(ip_cksum_shouldbe(0x0000, 0xffff), 0x0000);
	assert_int_equal(ip_cksum_shouldbe(0xffff, 0xffff), 0xffff);
	assert_int_equal(ip_cksum_shouldbe(0xffff, 0xfffe), 0x0001);
	assert_int_equal(ip_cksum_shouldbe(0x1234, 0x0000), 0x1234);
}

static void test_check_checksum_prefs(void **state)
{
	(void)state;
	char err[256];
	dissect_init();
	assert_int_equal(prefs_set("ip.check_checksum:TRUE", err, sizeof(err)), 0);
	assert_int_equal(prefs_set("tcp.check_checksum:true", err, sizeof(err)), 0);
	assert_int_equal(prefs_set("udp.check_checksum:FALSE", err, sizeof(err)), 0);
	assert_int_equal(prefs_set("udp.check_checksum:maybe", err, sizeof(err)), -1);
	assert_int_equal(prefs_set("ipv6.check_checksum:TRUE", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown preference"));
	assert_int_equal(prefs_set("ip.check_checksum:FALSE", err, sizeof(err)), 0);
	assert_int_equal(prefs_set("tcp.check_checksum:FALSE", err, sizeof(err)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sum_matches_reference_every_length_and_alignment),
		cmocka_unit_test(test_sum_zero_and_all_ones),
		cmocka_unit_test(test_sum_large_buffers),
		cmocka_unit_test(test_sum_rfc1071_example),
		cmocka_unit_test(test_ip4_pseudo_and_should_be),
		cmocka_unit_test(test_ip6_pseudo_uses_final_dst),
		cmocka_unit_test(test_should_be_carries),
		cmocka_unit_test(test_check_checksum_prefs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
