/* test_filter.c — unit tests for the display-filter compiler and evaluator
 * (src/filter/): one behaviour each, on a hand-made Ethernet/IPv4/UDP frame.
 * The golden suite (tests/golden/run-filters.sh) checks agreement with
 * tshark on real captures; these pin down semantics and error reporting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/alloc.h"
#include "../../src/engine/dissector.h"
#include "../../src/filter/dfilter.h"
#include "../../src/io/source.h"

/* eth 00:11:22:33:44:55 -> ff:ff:ff:ff:ff:ff, IPv4 10.1.2.3 -> 192.168.7.9
 * ttl 64 DF, UDP 1234 -> 53, payload "Hello\x00\x01". */
static const uint8_t frame1[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
	0x08, 0x00,
	0x45, 0x00, 0x00, 0x23, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x01, 0x02, 0x03, 0xc0, 0xa8, 0x07, 0x09,
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x0f, 0x00, 0x00,
	'H', 'e', 'l', 'l', 'o', 0x00, 0x01,
};

static struct packet pk;

static int setup(void **state)
{
	(void)state;
	dissect_init();
	pk_init(&pk);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pk_free(&pk);
	return 0;
}

static void dissect_frame1(void)
{
	pk_begin(&pk);
	pk.num = 7;
	pk.ts = 1000000000LL * 1259608440 + 500000000;
	pk.ts_first = pk.ts_prev_cap = pk.ts_prev_disp = pk.ts - 250000000;
	pk.caplen = pk.len = sizeof(frame1);
	pk.linktype = LINKTYPE_ETHERNET;
	pk.data = frame1;
	dissect_packet(&pk);
}

/* Compiles text (must succeed), dissects frame1, returns the verdict. */
static bool match(const char *text)
{
	char err[256];
	int pos;
	struct dfilter *df = dfilter_compile(text, err, sizeof(err), &pos);
	if (!df)
		fail_msg("\"%s\" did not compile: %s (at %d)", text, err, pos);
	dissect_frame1();
	bool r = dfilter_apply(df, &pk);
	dfilter_free(df);
	return r;
}

/* Compiles text (must fail); returns the error position, message in err. */
static int bad(const char *text, char *err, size_t n)
{
	int pos = 12345;
	struct dfilter *df = dfilter_compile(text, err, n, &pos);
	if (df) {
		dfilter_free(df);
		fail_msg("\"%s\" compiled but should not", text);
	}
	return pos;
}

static void test_empty_filter_matches_everything(void **s)
{
	(void)s;
	assert_true(match(""));
	assert_true(match("   "));
}

static void test_field_and_protocol_existence(void **s)
{
	(void)s;
	assert_true(match("ip"));
	assert_true(match("udp.srcport"));
	assert_false(match("arp"));
	assert_true(match("!arp"));
	assert_true(match("ip and not arp"));
}

static void test_integer_literals_and_word_operators(void **s)
{
	(void)s;
	assert_true(match("ip.ttl == 64"));
	assert_true(match("ip.ttl eq 0x40"));
	assert_true(match("ip.ttl == 0100"));
	assert_false(match("ip.ttl ne 64"));
	assert_true(match("udp.dstport lt 54 && udp.dstport ge 53"));
	assert_true(match("frame.number > 6 and frame.number <= 7"));
}

static void test_negative_literal_never_matches_unsigned(void **s)
{
	(void)s;
	/* tshark 4.0: neither > nor < holds */
	assert_false(match("ip.ttl > -1"));
	assert_false(match("ip.ttl < -1"));
}

static void test_repeated_field_any_and_all(void **s)
{
	(void)s;
	/* ip.addr occurs twice: 10.1.2.3 and 192.168.7.9 */
	assert_true(match("ip.addr == 10.1.2.3"));
	assert_false(match("ip.addr != 10.1.2.3"));     /* all not equal */
	assert_true(match("ip.addr !== 10.1.2.3"));     /* any not equal */
	assert_true(match("ip.addr ~= 10.1.2.3"));
	assert_false(match("ip.addr === 10.1.2.3"));    /* all equal */
	assert_true(match("ip.addr != 1.1.1.1"));
	assert_false(match("arp.opcode != 1"));         /* absent: false */
}

static void test_cidr(void **s)
{
	(void)s;
	assert_true(match("ip.src == 10.0.0.0/8"));
	assert_false(match("ip.dst == 10.0.0.0/8"));
	assert_true(match("ip.dst == 192.168.0.0/16"));
	assert_true(match("ip.src == 0.0.0.0/0"));
	assert_true(match("ip.addr in {172.16.0.0/12, 192.168.7.0/24}"));
}

static void test_mac_separators(void **s)
{
	(void)s;
	assert_true(match("eth.src == 00:11:22:33:44:55"));
	assert_true(match("eth.src == 00-11-22-33-44-55"));
	assert_true(match("eth.src == 0011.2233.4455"));
	assert_true(match("eth.src == 001122334455"));
	assert_true(match("eth.dst == ff:ff:ff:ff:ff:ff"));
}

static void test_slices(void **s)
{
	(void)s;
	assert_true(match("eth.src[0:3] == 00:11:22"));
	assert_true(match("eth.src[1-2] == 11:22"));
	assert_true(match("eth.src[:2] == 00:11"));
	assert_true(match("eth.src[4:] == 44:55"));
	assert_true(match("eth.src[-1] == 55"));
	assert_true(match("eth.src[0:1,5] == 00:55"));
	assert_false(match("eth.src[5:2]"));            /* past the end */
	assert_true(match("ip.src[0] == 0a"));
	assert_true(match("ip.src[0] == 0x0a"));
	assert_true(match("frame[12:2] == 0800"));
	assert_true(match("frame[12] == 8"));
	assert_false(match("ip.src[0] == 10")); /* hex byte 0x10 */
	assert_true(match("frame[12:2] == 08:00"));
}

static void test_bitwise_and(void **s)
{
	(void)s;
	assert_true(match("ip.flags & 0x2"));
	assert_true(match("ip.ttl & 0x40 == 0x40"));
	assert_false(match("ip.ttl & 0x01"));
	assert_true(match("len(frame) & 1"));           /* 49 */
	assert_true(match("count(ip.addr) & 2 == 2"));
}

static void test_sets_and_ranges(void **s)
{
	(void)s;
	assert_true(match("udp.port in {80, 443, 53}"));
	assert_true(match("udp.port in {1000..2000}"));
	assert_false(match("udp.port in {80, 443}"));
	assert_true(match("ip.proto in {TCP, UDP}"));
	assert_true(match("ip.ttl in {1, ip.ttl}"));     /* a field element */
	assert_false(match("udp.srcport in {udp.dstport}"));
}

static void test_value_names_and_booleans(void **s)
{
	(void)s;
	assert_true(match("ip.proto == UDP"));
	assert_true(match("ip.proto == \"udp\""));
	assert_true(match("ip.flags.df == True"));
	assert_true(match("ip.flags.df == 1"));
	assert_false(match("ip.flags.df == False"));
}

static void test_contains_matches_and_escapes(void **s)
{
	(void)s;
	assert_true(match("frame contains \"Hello\""));
	assert_true(match("frame contains \"\\x00\\x01\""));
	assert_true(match("frame contains 48:65"));
	assert_true(match("frame matches \"(?i)hello\""));
	assert_false(match("frame matches \"hello\""));
	assert_true(match("udp contains 00:35"));
	assert_true(match("frame.protocols contains \"udp\""));
}

static void test_functions(void **s)
{
	(void)s;
	assert_true(match("len(frame) == 49"));
	assert_true(match("len(eth.src) == 6"));
	assert_true(match("count(ip.addr) == 2"));
	assert_false(match("count(arp.opcode) == 0")); /* absent: no value */
	assert_true(match("upper(frame.protocols) contains \"UDP\""));
	assert_true(match("string(ip.ttl) == \"64\""));
}

static void test_times(void **s)
{
	(void)s;
	assert_true(match("frame.time_relative == 0.25"));
	assert_true(match("frame.time_relative > 0.2 and frame.time_relative < 0.3"));
	assert_true(match("frame.time_epoch > 1259608440"));
	setenv("TZ", "UTC", 1);
	assert_true(match("frame.time >= \"2009-11-30 19:14:00\""));
	assert_true(match("frame.time < \"Nov 30, 2009 19:14:01\""));
}

static void test_precedence(void **s)
{
	(void)s;
	/* and binds tighter than or; not tighter than and */
	assert_true(match("ip.ttl == 64 or ip.ttl == 1 and ip.ttl == 2"));
	assert_false(match("(ip.ttl == 64 or ip.ttl == 1) and ip.ttl == 2"));
	assert_true(match("not ip.ttl == 1 and ip"));
}

static void test_errors_name_problem_and_position(void **s)
{
	(void)s;
	char err[256];
	assert_int_equal(bad("ip.src == 1.2.3", err, sizeof(err)), 10);
	assert_string_equal(err, "\"1.2.3\" is not a valid hostname or IPv4 address.");
	assert_int_equal(bad("ip.ttl ==", err, sizeof(err)), -1);
	assert_string_equal(err, "Unexpected end of filter expression.");
	assert_int_equal(bad("nosuch.field", err, sizeof(err)), 0);
	assert_int_equal(bad("ip.ttl == 300", err, sizeof(err)), 10);
	assert_int_equal(bad("udp.port in {53 80}", err, sizeof(err)), 16);
	assert_int_equal(bad("frame[0", err, sizeof(err)), 7);
	assert_int_equal(bad("x == \"abc", err, sizeof(err)), 9);
	assert_int_equal(bad("frame matches \"(\"", err, sizeof(err)), -1);
	assert_int_equal(bad("ip.ttl == 1 xor ip", err, sizeof(err)), 12);
	/* err may be omitted */
	assert_null(dfilter_compile("(", NULL, 0, NULL));
}

static void test_print_error_has_caret_under_token(void **s)
{
	(void)s;
	char buf[512] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	assert_non_null(f);
	dfilter_print_error(f, "ip.src == 1.2.3", "bad", 10);
	fclose(f);
	assert_string_equal(buf, "bad\n    ip.src == 1.2.3\n              ^~~~~\n");
}

static void test_apply_does_not_allocate(void **s)
{
	(void)s;
	struct dfilter *df = dfilter_compile(
		"ip.addr == 10.0.0.0/8 && frame matches \"ell\" && "
		"udp.port in {53, 80} && eth.src[0:2,4] == 00:11:44",
		NULL, 0, NULL);
	assert_non_null(df);
	dissect_frame1();
	size_t before = alloc_live_bytes();
	assert_true(dfilter_apply(df, &pk));
	assert_int_equal(alloc_live_bytes(), before);
	dfilter_free(df);
	dfilter_free(NULL);
}

static void test_compile_failure_frees_everything(void **s)
{
	(void)s;
	size_t before = alloc_live_bytes();
	char err[64];
	assert_null(dfilter_compile("ip.src == 1.1.1.1 and frame[0:1,2] == \"x",
				    err, sizeof(err), NULL));
	assert_int_equal(alloc_live_bytes(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_filter_matches_everything),
		cmocka_unit_test(test_field_and_protocol_existence),
		cmocka_unit_test(test_integer_literals_and_word_operators),
		cmocka_unit_test(test_negative_literal_never_matches_unsigned),
		cmocka_unit_test(test_repeated_field_any_and_all),
		cmocka_unit_test(test_cidr),
		cmocka_unit_test(test_mac_separators),
		cmocka_unit_test(test_slices),
		cmocka_unit_test(test_bitwise_and),
		cmocka_unit_test(test_sets_and_ranges),
		cmocka_unit_test(test_value_names_and_booleans),
		cmocka_unit_test(test_contains_matches_and_escapes),
		cmocka_unit_test(test_functions),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_errors_name_problem_and_position),
		cmocka_unit_test(test_print_error_has_caret_under_token),
		cmocka_unit_test(test_apply_does_not_allocate),
		cmocka_unit_test(test_compile_failure_frees_everything),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
