/* test_core.c — the core formatters that -T fields output goes through:
 * fmt_u64 and fmt_ipv4 must print exactly what printf would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../../src/core/alloc.h"
#include "../../src/core/arena.h"
#include "../../src/core/outbuf.h"

static void check_u64(uint64_t v)
{
	char got[32], want[32];
	size_t n = fmt_u64(got, v);
	snprintf(want, sizeof(want), "%" PRIu64, v);
	assert_string_equal(got, want);
	assert_int_equal(n, strlen(want));
}

static void test_fmt_u64_edges(void **state)
{
	(void)state;
	static const uint64_t v[] = {
		0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 65535, 4294967295u,
		9999999999999999999u, 10000000000000000000u, UINT64_MAX,
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		check_u64(v[i]);
	for (uint64_t p = 1; p && p < UINT64_MAX / 10; p *= 10) {
		check_u64(p - 1);
		check_u64(p);
		check_u64(p + 1);
	}
}

static void test_fmt_u64_range(void **state)
{
	(void)state;
	for (uint64_t x = 0; x < 200000; x += 3)
		check_u64(x);
}

static void test_fmt_ipv4(void **state)
{
	(void)state;
	char got[16], want[16];
	for (unsigned x = 0; x < 256; x++) {
		uint8_t a[4] = { (uint8_t)x, (uint8_t)(255 - x), (uint8_t)(x / 3), (uint8_t)(x % 10) };
		size_t n = fmt_ipv4(got, a);
		snprintf(want, sizeof(want), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		assert_string_equal(got, want);
		assert_int_equal(n, strlen(want));
	}
}

/* Adopted blocks live until the next reset, then are freed (the sanitizer
 * build's leak checker fails the test if one is not); memory allocated
 * after them, also in new chunks, does not disturb them. */
static void test_arena_adopt(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 4096);
	for (int round = 0; round < 3; round++) {
		char *blocks[20];
		for (int i = 0; i < 20; i++) {
			blocks[i] = xmalloc(1000);
			memset(blocks[i], 'a' + i, 1000);
			arena_adopt(&a, blocks[i]);
			/* force new chunks between adoptions */
			memset(arena_alloc(&a, 3000), 0xff, 3000);
		}
		arena_adopt(&a, NULL);
		for (int i = 0; i < 20; i++)
			assert_int_equal(blocks[i][999], 'a' + i);
		arena_reset(&a);
	}
	arena_adopt(&a, xmalloc(10));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_adopt),
		cmocka_unit_test(test_fmt_u64_edges),
		cmocka_unit_test(test_fmt_u64_range),
		cmocka_unit_test(test_fmt_ipv4),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
