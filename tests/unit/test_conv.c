/* test_conv.c — the conversation table (src/engine/conv.c): symmetric
 * lookup, stream numbering per protocol, port reuse, idle timeouts by
 * capture time, the entry cap with LRU eviction, extension free hooks and
 * expected conversations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "../../src/engine/conv.h"

#define S 1000000000LL

static int freed;
static void count_free(struct conv *c, void *state)
{
	(void)c;
	(void)state;
	freed++;
}

static void pk_at(struct packet *pk, uint64_t num, int64_t ts, uint8_t a,
		  uint8_t b)
{
	memset(pk, 0, sizeof(*pk));
	pk->num = num;
	pk->ts = ts;
	pk->net_src.type = pk->net_dst.type = AT_IPv4;
	uint8_t sa[4] = { 10, 0, 0, a }, da[4] = { 10, 0, 0, b };
	memcpy(pk->net_src.a, sa, 4);
	memcpy(pk->net_dst.a, da, 4);
}

static struct conv *get(uint64_t num, int64_t ts, uint8_t a, uint16_t pa,
			uint8_t b, uint16_t pb, uint8_t proto, int *dir,
			bool *created)
{
	struct packet pk;
	struct conv_key k;
	pk_at(&pk, num, ts, a, b);
	assert_true(conv_key_from_packet(&k, &pk, proto, pa, pb));
	return conv_find_or_create(&k, &pk, dir, created);
}

static int setup(void **st)
{
	(void)st;
	struct conv_limits l = { 1000, { 3600 * S, 300 * S, 300 * S } };
	conv_set_limits(&l);
	conv_reset();
	freed = 0;
	return 0;
}

static void test_lookup_is_symmetric(void **st)
{
	(void)st;
	int dir;
	bool created;
	struct conv *c1 = get(1, 0, 1, 1000, 2, 80, 6, &dir, &created);
	assert_true(created);
	assert_int_equal(dir, 0);
	struct conv *c2 = get(2, 1, 2, 80, 1, 1000, 6, &dir, &created);
	assert_false(created);
	assert_ptr_equal(c1, c2);
	assert_int_equal(dir, 1);
	assert_int_equal(c2->last_frame, 2);
	assert_int_equal(conv_count(), 1);
}

static void test_index_per_protocol_in_creation_order(void **st)
{
	(void)st;
	int dir;
	bool created;
	assert_int_equal(get(1, 0, 1, 1, 2, 2, 6, &dir, &created)->index, 0);
	assert_int_equal(get(2, 0, 1, 1, 2, 2, 17, &dir, &created)->index, 0);
	assert_int_equal(get(3, 0, 1, 3, 2, 2, 6, &dir, &created)->index, 1);
	assert_int_equal(get(4, 0, 2, 2, 1, 1, 6, &dir, &created)->index, 0);
	assert_int_equal(conv_next_index(6), 2);
	assert_int_equal(conv_next_index(17), 1);
}

static void test_conv_new_replaces_and_frees_old(void **st)
{
	(void)st;
	int slot = conv_ext_register("test", count_free);
	int dir;
	bool created;
	struct conv *c = get(1, 0, 1, 1000, 2, 80, 6, &dir, &created);
	static int state;
	c->ext[slot] = &state;
	struct packet pk;
	struct conv_key k;
	pk_at(&pk, 2, 1, 1, 2);
	conv_key_from_packet(&k, &pk, 6, 1000, 80);
	struct conv *n = conv_new(&k, &pk);
	assert_int_equal(freed, 1);
	assert_int_equal(n->index, 1);
	assert_int_equal(conv_count(), 1);
	assert_ptr_equal(conv_lookup(&k, &dir), n);
}

static void test_idle_timeout_uses_capture_time(void **st)
{
	(void)st;
	int dir;
	bool created;
	get(1, 0, 1, 1, 2, 2, 6, &dir, &created);
	get(2, 10 * S, 1, 3, 2, 2, 6, &dir, &created);
	/* an hour and a bit later: the first (idle since 0) expires when
	 * another packet advances time */
	get(3, 3601 * S, 1, 5, 2, 2, 6, &dir, &created);
	assert_int_equal(conv_count(), 2);
	assert_int_equal(conv_expired(), 1);
	/* the idle entry itself starts over with a new index */
	struct conv *c = get(4, 3700 * S, 1, 3, 2, 2, 6, &dir, &created);
	assert_true(created);
	assert_int_equal(c->index, 3);
}

static void test_closed_state_has_short_timeout(void **st)
{
	(void)st;
	int dir;
	bool created;
	struct conv *c = get(1, 0, 1, 1, 2, 2, 6, &dir, &created);
	conv_set_state(c, CONV_CLOSED);
	get(2, 301 * S, 1, 9, 2, 2, 6, &dir, &created);
	assert_int_equal(conv_count(), 1);
}

static void test_cap_evicts_least_recently_used(void **st)
{
	(void)st;
	struct conv_limits l = { 4, { 0, 0, 0 } };
	conv_set_limits(&l);
	int dir;
	bool created;
	for (int i = 0; i < 4; i++)
		get((uint64_t)i + 1, i, 1, (uint16_t)(100 + i), 2, 80, 6, &dir, &created);
	get(5, 10, 1, 100, 2, 80, 6, &dir, &created); /* touch the oldest */
	get(6, 11, 1, 200, 2, 80, 6, &dir, &created); /* evicts port 101 */
	assert_int_equal(conv_count(), 4);
	assert_int_equal(conv_evicted(), 1);
	struct packet pk;
	struct conv_key k;
	pk_at(&pk, 7, 12, 1, 2);
	conv_key_from_packet(&k, &pk, 6, 101, 80);
	assert_null(conv_lookup(&k, &dir));
	conv_key_from_packet(&k, &pk, 6, 100, 80);
	assert_non_null(conv_lookup(&k, &dir));
	struct conv_limits back = { 1000, { 0, 0, 0 } };
	conv_set_limits(&back);
}

static void test_expected_conversation_taken_once(void **st)
{
	(void)st;
	struct packet pk;
	struct conv_key e, k;
	pk_at(&pk, 1, 0, 1, 2);
	conv_key_from_packet(&e, &pk, 6, 0, 2121); /* any client port */
	conv_expect(&e);
	pk_at(&pk, 2, 0, 2, 1);
	conv_key_from_packet(&k, &pk, 6, 2121, 40000);
	assert_true(conv_take_expected(&k));
	assert_false(conv_take_expected(&k));
}

static void test_non_ip_packet_has_no_key(void **st)
{
	(void)st;
	struct packet pk;
	struct conv_key k;
	memset(&pk, 0, sizeof(pk));
	assert_false(conv_key_from_packet(&k, &pk, 6, 1, 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_lookup_is_symmetric, setup),
		cmocka_unit_test_setup(test_index_per_protocol_in_creation_order, setup),
		cmocka_unit_test_setup(test_conv_new_replaces_and_frees_old, setup),
		cmocka_unit_test_setup(test_idle_timeout_uses_capture_time, setup),
		cmocka_unit_test_setup(test_closed_state_has_short_timeout, setup),
		cmocka_unit_test_setup(test_cap_evicts_least_recently_used, setup),
		cmocka_unit_test_setup(test_expected_conversation_taken_once, setup),
		cmocka_unit_test_setup(test_non_ip_packet_has_no_key, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
