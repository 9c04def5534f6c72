/* test_stats_tree.c — unit tests for the statistics-tree library
 * (src/stats/stats_tree.c), the -z registry (src/stats/stat_registry.c)
 * and the tap registry (src/engine/tap.c): node kinds, tshark's number
 * formats, sorting, burst rate, argument errors, dispatch and draw order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/engine/tap.h"
#include "../../src/stats/stat_registry.h"
#include "../../src/stats/stats_tree.h"

/* Renders with the library's outbuf into a temporary file; returns a
 * malloc'ed string. */
static char *render(void (*fn)(void *, struct outbuf *), void *arg)
{
	static struct outbuf o;
	FILE *f = tmpfile();
	assert_non_null(f);
	ob_init(&o, fileno(f));
	fn(arg, &o);
	ob_flush(&o);
	long n = lseek(fileno(f), 0, SEEK_END);
	char *s = calloc(1, (size_t)n + 1);
	assert_int_equal(pread(fileno(f), s, (size_t)n, 0), n);
	fclose(f);
	if (getenv("SHOW_TREES"))
		fputs(s, stderr);
	return s;
}

static void fmt_tree(void *st, struct outbuf *o) { stats_tree_format(st, o); }

static struct packet pk;

static void at(int64_t ms, uint32_t len)
{
	pk.ts_first = 1000000000000LL;
	pk.ts = pk.ts_first + ms * 1000000;
	pk.len = len;
}

/* ---- a range tree like plen ---- */

static bool len_packet(struct stats_tree *st, struct packet *p, const void *d)
{
	st_tick_node(st, "Lengths", 0, false);
	st_tick_range(st, "Lengths", 0, (int)p->len);
	return true;
}

static void len_init(struct stats_tree *st)
{
	st_create_range_node(st, "Lengths", 0, "0-99", "100-199", "200-", NULL);
}

static const struct stats_tree_cfg len_cfg = {
	.tap = "t_len", .abbr = "t_len", .name = "Test//Stats/Lengths",
	.packet = len_packet, .init = len_init,
};

static void test_range_node_average_min_max(void **state)
{
	struct stats_tree *st = stats_tree_new(&len_cfg);
	at(0, 50);
	stats_tree_packet(st, &pk, NULL);
	at(1000, 150);
	stats_tree_packet(st, &pk, NULL);
	at(2000, 151);
	stats_tree_packet(st, &pk, NULL);
	char *s = render(fmt_tree, st);
	/* 3 packets over 2000 ms; average in float like Wireshark */
	assert_non_null(strstr(s, "\nLengths   3             117.00        50            151           0.0015        100%          0.0100        0.000        \n"));
	assert_non_null(strstr(s, "\n 100-199  2             150.50        150           151           0.0010        66.67%        0.0100        1.000        \n"));
	/* empty range: dashes; ranges keep their order */
	assert_non_null(strstr(s, "\n 200-     0             -             -             -             0.0000        0.00%         -             -            \n"));
	assert_true(strstr(s, " 0-99") < strstr(s, " 100-199"));
	/* the title is the full menu name */
	assert_non_null(strstr(s, "\nTest//Stats/Lengths:\n"));
	free(s);
	stats_tree_free(st);
}

/* ---- pivots: sorted by count, then name, descending ---- */

static int pivot;
static bool piv_packet(struct stats_tree *st, struct packet *p, const void *d)
{
	st_tick_pivot(st, pivot, d);
	return true;
}
static void piv_init(struct stats_tree *st) { pivot = st_create_pivot(st, "Menu/Kinds", 0); }
static const struct stats_tree_cfg piv_cfg = {
	.tap = "t_piv", .abbr = "t_piv", .name = "Menu/Kinds",
	.packet = piv_packet, .init = piv_init,
};

static void test_pivot_sorts_by_count_then_name(void **state)
{
	struct stats_tree *st = stats_tree_new(&piv_cfg);
	const char *seq[] = { "A", "B", "C", "B", "C" };
	for (int i = 0; i < 5; i++) {
		at(i, 60);
		stats_tree_packet(st, &pk, seq[i]);
	}
	char *s = render(fmt_tree, st);
	/* root child shows its display name (last menu level) */
	assert_non_null(strstr(s, "\nKinds  5 "));
	char *b = strstr(s, "\n B "), *c = strstr(s, "\n C "), *a = strstr(s, "\n A ");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(c < b); /* equal counts: name descending */
	assert_true(b < a);
	assert_non_null(strstr(s, "\n A     1                       "));
	assert_non_null(strstr(s, "20.00%"));
	free(s);
	stats_tree_free(st);
}

/* ---- burst rate: the busiest 100 ms window ---- */

static void test_burst_rate_window(void **state)
{
	struct stats_tree *st = stats_tree_new(&piv_cfg);
	int64_t t[] = { 0, 300, 301, 302, 390, 450 };
	for (int i = 0; i < 6; i++) {
		at(t[i], 60);
		stats_tree_packet(st, &pk, "X");
	}
	char *s = render(fmt_tree, st);
	/* 300..399 ms holds 4 packets: 4/100 per ms, window starts at 300 */
	assert_non_null(strstr(s, "0.0400        0.300"));
	free(s);
	stats_tree_free(st);
}

static void test_average_node_float(void **state)
{
	struct stats_tree *st = stats_tree_new(&piv_cfg);
	at(0, 1);
	stats_tree_packet(st, &pk, "X");
	/* ticking by name finds nodes the tree knows by name (created ones) */
	st_create_node(st, "rtt", 0, ST_DT_FLOAT, false);
	st_avg_node_float(st, "rtt", 0, false, 0.5f, true);
	st_avg_node_float(st, "rtt", 0, false, 1.5f, true);
	char *s = render(fmt_tree, st);
	assert_non_null(strstr(s, "\nrtt    2             1.00          0.500000      1.500000 "));
	free(s);
	stats_tree_free(st);
}

/* ---- the -z registry ---- */

static void test_stat_parse_rejects_bad_arguments(void **state)
{
	char err[512];
	stat_init();
	const char *bad[] = { "nosuch", "conv,foo", "follow,tcp,ascii,x",
			      "follow,tcp,ebcdic,0", "follow,tcp,ascii",
			      "follow,udp,hex,1.2.3.4:1", "expert,warnx" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(stat_parse(bad[i], err, sizeof(err)), -1);
		assert_non_null(strstr(err, bad[i]));
		assert_null(strchr(err, '\n'));
	}
	assert_int_equal(stat_parse("follow,tcp,hex,3", err, sizeof(err)), 0);
	assert_int_equal(stat_parse("follow,tcp,raw,[::1]:80,[::2]:81", err, sizeof(err)), 0);
	assert_int_equal(stat_parse("plen,tree", err, sizeof(err)), 0);
	tap_remove_all();
}

/* ---- tap registry: filters, delivery and draw order ---- */

static int calls[3];
static bool cb(void *user, struct packet *p, const void *data)
{
	calls[(intptr_t)user]++;
	return true;
}
static char drawn[8];
static void dr(void *user, struct outbuf *o)
{
	size_t n = strlen(drawn);
	drawn[n] = (char)('0' + (intptr_t)user);
}
static bool only_even(void *ctx, struct packet *p) { return p->num % 2 == 0; }

static void test_tap_dispatch_filter_and_draw_order(void **state)
{
	tap_remove_all();
	int id = tap_register("t_tap");
	assert_false(tap_has_listener(id));
	tap_listener_add("t_tap", 0, NULL, NULL, cb, dr, NULL, (void *)0);
	tap_listener_add("t_tap", 0, only_even, NULL, cb, dr, NULL, (void *)1);
	assert_true(tap_has_listener(id));
	pk_init(&pk);
	for (uint64_t n = 1; n <= 4; n++) {
		pk_begin(&pk);
		pk.num = n;
		tap_queue(id, &pk, NULL);
		tap_queue(id, &pk, NULL); /* two items: two deliveries */
		tap_dispatch(&pk);
	}
	assert_int_equal(calls[0], 8);
	assert_int_equal(calls[1], 4);
	struct outbuf *o = malloc(sizeof(*o));
	ob_init(o, -1);
	tap_draw_all(o);
	assert_string_equal(drawn, "10"); /* last added draws first */
	free(o);
	tap_remove_all();
	pk_free(&pk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_range_node_average_min_max),
		cmocka_unit_test(test_pivot_sorts_by_count_then_name),
		cmocka_unit_test(test_burst_rate_window),
		cmocka_unit_test(test_average_node_float),
		cmocka_unit_test(test_stat_parse_rejects_bad_arguments),
		cmocka_unit_test(test_tap_dispatch_filter_and_draw_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
