/* test_tcp_reasm.c — TCP byte-stream reassembly and the PDU accumulator
 * (src/engine/reassemble.c): in-order delivery, retransmission and overlap
 * (first copy wins), out-of-order holding, gaps at the cap and at flush,
 * sequence wrap-around, and PDU limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/engine/reassemble.h"

struct sink {
	char buf[256];
	size_t n;
	uint64_t gaps;
	uint64_t last_off;
};

/* Appends data, or '#' per missing byte of a gap; checks offsets are
 * contiguous. */
static void collect(void *user, uint64_t off, const uint8_t *p, uint32_t len,
		    uint64_t frame)
{
	struct sink *s = user;
	(void)frame;
	assert_int_equal(off, s->n);
	for (uint32_t i = 0; i < len && s->n < sizeof(s->buf) - 1; i++)
		s->buf[s->n++] = p ? (char)p[i] : '#';
	if (!p)
		s->gaps += len;
	s->buf[s->n] = '\0';
	s->last_off = off;
}

static uint32_t seg(struct reasm_dir *d, struct sink *s, uint32_t seq,
		    const char *txt)
{
	return reasm_segment(d, seq, (const uint8_t *)txt, (uint32_t)strlen(txt),
			     1, collect, s);
}

static void test_in_order_after_syn(void **st)
{
	(void)st;
	struct reasm_dir d;
	struct sink s = { { 0 }, 0, 0, 0 };
	reasm_init(&d, 0);
	reasm_set_isn(&d, 999);
	assert_int_equal(seg(&d, &s, 1000, "hello "), 6);
	assert_int_equal(seg(&d, &s, 1006, "world"), 5);
	assert_string_equal(s.buf, "hello world");
	reasm_release(&d);
}

static void test_retransmission_and_overlap_first_copy_wins(void **st)
{
	(void)st;
	struct reasm_dir d;
	struct sink s = { { 0 }, 0, 0, 0 };
	reasm_init(&d, 0);
	seg(&d, &s, 1, "abcd");
	assert_int_equal(seg(&d, &s, 1, "abcd"), 0);   /* pure retransmission */
	assert_int_equal(seg(&d, &s, 3, "XXef"), 2);   /* overlap: new tail only */
	assert_string_equal(s.buf, "abcdef");
	assert_int_equal(d.dup_bytes, 6);
	reasm_release(&d);
}

static void test_out_of_order_is_held_until_hole_fills(void **st)
{
	(void)st;
	struct reasm_dir d;
	struct sink s = { { 0 }, 0, 0, 0 };
	reasm_init(&d, 0);
	seg(&d, &s, 100, "aa");
	assert_int_equal(seg(&d, &s, 104, "cc"), 2);
	assert_int_equal(seg(&d, &s, 106, "dd"), 2);
	assert_string_equal(s.buf, "aa");
	assert_int_equal(d.held_bytes, 4);
	seg(&d, &s, 102, "bb");
	assert_string_equal(s.buf, "aabbccdd");
	assert_int_equal(d.held_bytes, 0);
	assert_int_equal(d.nheld, 0);
	reasm_release(&d);
}

static void test_gap_reported_at_flush_not_invented(void **st)
{
	(void)st;
	struct reasm_dir d;
	struct sink s = { { 0 }, 0, 0, 0 };
	reasm_init(&d, 0);
	seg(&d, &s, 0, "ab");
	seg(&d, &s, 5, "fg");
	reasm_flush(&d, collect, &s);
	assert_string_equal(s.buf, "ab###fg");
	assert_int_equal(s.gaps, 3);
	assert_int_equal(d.gap_bytes, 3);
	assert_int_equal(d.ngaps, 1);
	reasm_release(&d);
}

static void test_cap_forces_gap_and_bounds_memory(void **st)
{
	(void)st;
	struct reasm_dir d;
	struct sink s = { { 0 }, 0, 0, 0 };
	reasm_init(&d, 4);
	seg(&d, &s, 0, "a");
	seg(&d, &s, 3, "dd");
	seg(&d, &s, 5, "ee");   /* 4 bytes held: at the cap */
	assert_int_equal(d.held_bytes, 4);
	seg(&d, &s, 7, "ff");   /* would exceed: the hole is given up */
	assert_true(d.held_bytes <= 4);
	assert_string_equal(s.buf, "a##ddeeff");
	reasm_release(&d);
}

static void test_sequence_wraparound(void **st)
{
	(void)st;
	struct reasm_dir d;
	struct sink s = { { 0 }, 0, 0, 0 };
	reasm_init(&d, 0);
	seg(&d, &s, 0xfffffffeu, "ab");
	seg(&d, &s, 2, "de");      /* out of order across the wrap */
	seg(&d, &s, 0, "cX");      /* fills [0,2), X overlaps nothing */
	assert_string_equal(s.buf, "abcXde");
	reasm_release(&d);
}

static void test_empty_segment_is_ignored(void **st)
{
	(void)st;
	struct reasm_dir d;
	struct sink s = { { 0 }, 0, 0, 0 };
	reasm_init(&d, 0);
	assert_int_equal(reasm_segment(&d, 5, NULL, 0, 1, collect, &s), 0);
	assert_false(d.started);
	reasm_release(&d);
}

static void test_pdu_accumulates_until_complete(void **st)
{
	(void)st;
	struct reasm_pdu m;
	reasm_pdu_init(&m, 16);
	assert_true(reasm_pdu_start(&m, 100, 110, false, 7));
	assert_true(reasm_pdu_add(&m, 0, (const uint8_t *)"head", 4, true, 7));
	assert_false(reasm_pdu_complete(&m));
	/* the tail arrives before the middle: held, not complete */
	assert_true(reasm_pdu_add(&m, 8, (const uint8_t *)"..", 2, false, 9));
	assert_false(reasm_pdu_complete(&m));
	assert_int_equal(m.nranges, 2);
	/* a retransmission overlapping the head keeps the first copy */
	assert_true(reasm_pdu_add(&m, 2, (const uint8_t *)"XXbody", 6, true, 8));
	assert_true(reasm_pdu_complete(&m));
	assert_int_equal(m.nranges, 1);
	assert_memory_equal(m.buf, "headbody..", 10);
	assert_int_equal(m.first_frame, 7);
	assert_int_equal(m.last_frame, 8);
	reasm_pdu_clear(&m);
	assert_false(m.active);
	reasm_pdu_release(&m);
}

static void test_pdu_cap_abandons(void **st)
{
	(void)st;
	struct reasm_pdu m;
	reasm_pdu_init(&m, 8);
	assert_false(reasm_pdu_start(&m, 0, 9, false, 1));
	assert_false(m.active);
	assert_true(reasm_pdu_start(&m, 0, 4, true, 1));
	assert_true(m.entire);
	assert_false(reasm_pdu_add(&m, 2, (const uint8_t *)"efghijk", 7, false, 2));
	assert_false(m.active);
	reasm_pdu_release(&m);
}

static void test_pdu_range_table_overflow_abandons(void **st)
{
	(void)st;
	struct reasm_pdu m;
	reasm_pdu_init(&m, 1024);
	assert_true(reasm_pdu_start(&m, 0, 1000, false, 1));
	bool ok = true;
	for (uint32_t i = 0; i <= REASM_PDU_RANGES && ok; i++)
		ok = reasm_pdu_add(&m, i * 10, (const uint8_t *)"x", 1, true, 2);
	assert_false(ok);
	assert_false(m.active);
	reasm_pdu_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order_after_syn),
		cmocka_unit_test(test_retransmission_and_overlap_first_copy_wins),
		cmocka_unit_test(test_out_of_order_is_held_until_hole_fills),
		cmocka_unit_test(test_gap_reported_at_flush_not_invented),
		cmocka_unit_test(test_cap_forces_gap_and_bounds_memory),
		cmocka_unit_test(test_sequence_wraparound),
		cmocka_unit_test(test_empty_segment_is_ignored),
		cmocka_unit_test(test_pdu_accumulates_until_complete),
		cmocka_unit_test(test_pdu_cap_abandons),
		cmocka_unit_test(test_pdu_range_table_overflow_abandons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
