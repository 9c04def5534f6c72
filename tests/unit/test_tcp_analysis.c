/* test_tcp_analysis.c — tshark 4.0's TCP sequence analysis
 * (src/dissect/tcp_analysis.c), one behaviour per test, driven segment by
 * segment with raw numbers as on the wire. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/dissect/tcp_analysis.h"

#define MS 1000000LL
#define C 0 /* client -> server */
#define SV 1

struct run {
	struct tcp_conv tc;
	uint32_t frame;
};

static struct tcp_ares seg(struct run *r, int dir, uint32_t seq, uint32_t ack,
			   uint32_t len, uint16_t flags, uint32_t win, int64_t ms)
{
	struct tcp_ares a;
	memset(&a, 0, sizeof(a));
	tcp_analyze_seq(&r->tc, dir, seq, ack, len, flags, win, ++r->frame,
			ms * MS, &a);
	return a;
}

/* SYN (isn 1000), SYN/ACK (isn 5000), ACK at 0/10/20 ms. */
static void handshake(struct run *r)
{
	memset(r, 0, sizeof(*r));
	tcp_conv_init(&r->tc, 0, 0);
	seg(r, C, 1000, 0, 0, TH_SYN, 8192, 0);
	seg(r, SV, 5000, 1001, 0, TH_SYN | TH_ACK, 8192, 10);
	seg(r, C, 1001, 5001, 0, TH_ACK, 8192, 20);
}

static void test_base_seq_and_ack_of_handshake(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	assert_int_equal(r.tc.flow[C].base_seq, 1000);
	assert_int_equal(r.tc.flow[SV].base_seq, 5000);
	struct tcp_ares a = seg(&r, C, 1001, 5001, 100, TH_ACK | TH_PUSH, 8192, 30);
	assert_true(a.exists);
	assert_int_equal(a.flags, 0);
	assert_int_equal(a.bytes_in_flight, 100);
	assert_int_equal(a.push_bytes_sent, 100);
	a = seg(&r, SV, 5001, 1101, 0, TH_ACK, 8192, 40);
	assert_int_equal(a.frame_acked, 4);
	assert_int_equal(a.ack_rtt, 10 * MS);
	tcp_conv_release(&r.tc);
}

static void test_missing_handshake_starts_relative_at_one(void **st)
{
	(void)st;
	struct run r;
	memset(&r, 0, sizeof(r));
	tcp_conv_init(&r.tc, 0, 0);
	seg(&r, C, 777, 4242, 10, TH_ACK, 100, 0);
	assert_int_equal(r.tc.flow[C].base_seq, 776);
	assert_int_equal(r.tc.flow[SV].base_seq, 4241);
	tcp_conv_release(&r.tc);
}

static void test_lost_segment_then_dup_acks_then_fast_retransmission(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	seg(&r, C, 1001, 5001, 100, TH_ACK, 8192, 30);
	seg(&r, SV, 5001, 1101, 0, TH_ACK, 8192, 40);
	struct tcp_ares a = seg(&r, C, 1201, 5001, 100, TH_ACK, 8192, 50);
	assert_true(a.flags & TCP_A_LOST_PACKET);
	for (uint32_t i = 1; i <= 3; i++) {
		a = seg(&r, SV, 5001, 1101, 0, TH_ACK, 8192, 50 + 2 * (int64_t)i);
		assert_int_equal(a.flags, TCP_A_DUPLICATE_ACK);
		assert_int_equal(a.dupack_num, i);
		assert_int_equal(a.dupack_frame, 5);
	}
	a = seg(&r, C, 1101, 5001, 100, TH_ACK, 8192, 61); /* 5 ms after */
	assert_int_equal(a.flags, TCP_A_FAST_RETRANSMISSION);
	tcp_conv_release(&r.tc);
}

static void test_plain_retransmission_after_20ms(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	seg(&r, C, 1001, 5001, 100, TH_ACK, 8192, 30);
	struct tcp_ares a = seg(&r, C, 1001, 5001, 100, TH_ACK, 8192, 300);
	assert_int_equal(a.flags, TCP_A_RETRANSMISSION);
	tcp_conv_release(&r.tc);
}

static void test_out_of_order_within_irtt(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	r.tc.ts_first_rtt = 20 * MS; /* set by the dissector after the ACK */
	seg(&r, C, 1001, 5001, 100, TH_ACK, 8192, 30);
	seg(&r, C, 1201, 5001, 100, TH_ACK, 8192, 31);
	struct tcp_ares a = seg(&r, C, 1101, 5001, 100, TH_ACK, 8192, 35);
	assert_int_equal(a.flags, TCP_A_OUT_OF_ORDER);
	tcp_conv_release(&r.tc);
}

static void test_spurious_retransmission_of_acked_data(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	seg(&r, C, 1001, 5001, 100, TH_ACK, 8192, 30);
	seg(&r, SV, 5001, 1101, 0, TH_ACK, 8192, 40);
	struct tcp_ares a = seg(&r, C, 1001, 5001, 100, TH_ACK, 8192, 500);
	assert_int_equal(a.flags, TCP_A_SPURIOUS_RETRANSMISSION);
	tcp_conv_release(&r.tc);
}

static void test_zero_window_probe_and_ack_and_update(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	struct tcp_ares a = seg(&r, SV, 5001, 1001, 0, TH_ACK, 0, 30);
	assert_int_equal(a.flags, TCP_A_ZERO_WINDOW);
	a = seg(&r, C, 1001, 5001, 1, TH_ACK, 8192, 230);
	assert_int_equal(a.flags, TCP_A_ZERO_WINDOW_PROBE);
	a = seg(&r, SV, 5001, 1001, 0, TH_ACK, 0, 240);
	assert_int_equal(a.flags, TCP_A_ZERO_WINDOW | TCP_A_ZERO_WINDOW_PROBE_ACK);
	a = seg(&r, SV, 5001, 1001, 0, TH_ACK, 8192, 500);
	assert_int_equal(a.flags, TCP_A_WINDOW_UPDATE);
	tcp_conv_release(&r.tc);
}

static void test_keep_alive_and_its_ack(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	seg(&r, C, 1001, 5001, 100, TH_ACK, 8192, 30);
	seg(&r, SV, 5001, 1101, 0, TH_ACK, 8192, 40);
	struct tcp_ares a = seg(&r, C, 1100, 5001, 0, TH_ACK, 8192, 1040);
	assert_int_equal(a.flags, TCP_A_KEEP_ALIVE);
	a = seg(&r, SV, 5001, 1101, 0, TH_ACK, 8192, 1050);
	assert_int_equal(a.flags, TCP_A_KEEP_ALIVE_ACK);
	tcp_conv_release(&r.tc);
}

static void test_ack_of_unseen_segment(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	seg(&r, C, 1001, 5001, 100, TH_ACK, 8192, 30);
	struct tcp_ares a = seg(&r, SV, 5001, 1301, 0, TH_ACK, 8192, 40);
	assert_true(a.flags & TCP_A_ACK_LOST_PACKET);
	/* tshark 4.0 moves the mark only to the peer's nextseq, so every
	 * further ACK beyond it is flagged again */
	a = seg(&r, SV, 5001, 1401, 0, TH_ACK, 8192, 41);
	assert_true(a.flags & TCP_A_ACK_LOST_PACKET);
	assert_int_equal(r.tc.flow[C].maxseqtobeacked, 1101);
	tcp_conv_release(&r.tc);
}

static void test_window_full_at_right_edge(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	r.tc.flow[SV].win_scale = -2; /* set by the dissector after the SYNs */
	r.tc.flow[C].win_scale = -2;
	seg(&r, SV, 5001, 1001, 0, TH_ACK, 200, 25);
	struct tcp_ares a = seg(&r, C, 1001, 5001, 200, TH_ACK, 8192, 30);
	assert_true(a.flags & TCP_A_WINDOW_FULL);
	tcp_conv_release(&r.tc);
}

static void test_unacked_list_is_bounded(void **st)
{
	(void)st;
	struct run r;
	handshake(&r);
	for (uint32_t i = 0; i < TCP_MAX_UNACKED + 50; i++)
		seg(&r, C, 1001 + i * 10, 5001, 10, TH_ACK, 8192, 30 + i);
	assert_int_equal(r.tc.flow[C].nsegs, TCP_MAX_UNACKED);
	struct tcp_ares a = seg(&r, SV, 5001, 1001 + (TCP_MAX_UNACKED + 50) * 10, 0, TH_ACK, 8192, 20000);
	assert_int_equal(r.tc.flow[C].nsegs, 0);
	assert_true(a.frame_acked == 0 || a.frame_acked > 3);
	tcp_conv_release(&r.tc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_seq_and_ack_of_handshake),
		cmocka_unit_test(test_missing_handshake_starts_relative_at_one),
		cmocka_unit_test(test_lost_segment_then_dup_acks_then_fast_retransmission),
		cmocka_unit_test(test_plain_retransmission_after_20ms),
		cmocka_unit_test(test_out_of_order_within_irtt),
		cmocka_unit_test(test_spurious_retransmission_of_acked_data),
		cmocka_unit_test(test_zero_window_probe_and_ack_and_update),
		cmocka_unit_test(test_keep_alive_and_its_ack),
		cmocka_unit_test(test_ack_of_unseen_segment),
		cmocka_unit_test(test_window_full_at_right_edge),
		cmocka_unit_test(test_unacked_list_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
