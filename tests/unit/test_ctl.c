/* test_ctl.c — unit tests for tapd's control language (src/tapd/ctl.c),
 * run against a dry tapd (ports recorded, no sockets) and an in-memory
 * packet queue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/core/outbuf.h"
#include "../../src/queue/machash.h"
#include "../../src/queue/pqueue.h"
#include "../../src/tapd/ctl.h"
#include "../../src/tapd/tapd.h"

struct fx {
	struct tapd t;
	struct ctl c;
	struct outbuf *o;
	struct pqueue *q;
	int rd;
	char out[65536];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	size_t sz = pq_memsize(8, 128);
	f->q = pq_init(aligned_alloc(64, (sz + 63) & ~(size_t)63), sz, 8, 128,
		       "tapir.pqueue.tap");
	tapd_init(&f->t, f->q, true);
	char err[128];
	assert_int_equal(tapd_if_add(&f->t, "p0", err, sizeof(err)), 0);
	assert_int_equal(tapd_if_add(&f->t, "p1", err, sizeof(err)), 1);
	ctl_init(&f->c, &f->t);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	f->rd = fds[0];
	f->o = malloc(sizeof(*f->o));
	ob_init(f->o, fds[1]);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	ctl_fini(&f->c);
	tapd_fini(&f->t);
	close(f->rd);
	close(f->o->fd);
	free(f->o);
	free(f->q);
	free(f);
	return 0;
}

/* Runs line; returns ctl_eval's result and leaves the answer in f->out. */
static int run(struct fx *f, const char *line)
{
	int r = ctl_eval(&f->c, line, strlen(line), f->o);
	ob_flush(f->o);
	ob_putc(f->o, '\0');
	ob_flush(f->o);
	size_t n = 0;
	for (;;) {
		ssize_t k = read(f->rd, f->out + n, sizeof(f->out) - 1 - n);
		assert_true(k > 0);
		n += (size_t)k;
		if (f->out[n - 1] == '\0')
			break;
	}
	return r;
}

static void test_literals_and_dot_s(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "1 -2 0x10 0.5 2% 00:23:7d:86:71:ff \"a b\" .s"),
			 0);
	assert_string_equal(f->out,
			    "<7> 1 -2 16 0.5 0.02 00:23:7d:86:71:ff \"a b\"\n");
	assert_int_equal(f->c.depth, 7);
}

static void test_unknown_word_clears_stack(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "1 2 bogus 3"), -1);
	assert_string_equal(f->out, "error: unknown word 'bogus'\n");
	assert_int_equal(f->c.depth, 0);
	/* and the interpreter goes on */
	assert_int_equal(run(f, "5 ."), 0);
	assert_string_equal(f->out, "5\n");
}

static void test_underflow_is_one_error(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "1 fi.drop"), -1);
	assert_string_equal(f->out,
			    "error: stack underflow: 'fi.drop' ( if p -- )\n");
	assert_int_equal(f->c.depth, 0);
	assert_int_equal(run(f, "."), -1);
}

static void test_bad_interface_and_probability(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "5 tap.rx.enable"), -1);
	assert_non_null(strstr(f->out, "no interface 5"));
	assert_int_equal(run(f, "0 1.5 fi.drop"), -1);
	assert_non_null(strstr(f->out, "not in [0,1]"));
	assert_int_equal(run(f, "0 00:00:00:00:00:01 fi.flip"), -1);
	assert_non_null(strstr(f->out, "expected a probability"));
}

static void test_fault_injection_and_tap_words(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "1 0.02 fi.drop 1 3% fi.flip 1 fi.enable "
				"0 tap.rx.disable 1 tap.tx.enable"),
			 0);
	assert_true(f->t.ifs[1].fi_on);
	assert_true(f->t.ifs[1].p_drop == 0.02);
	assert_true(f->t.ifs[1].p_flip == 0.03);
	assert_false(f->t.ifs[0].rx_tap);
	assert_true(f->t.ifs[1].tx_tap);
	assert_int_equal(run(f, "if.stats"), 0);
	assert_non_null(strstr(f->out, "if 1 p1\n  rx 0\n  tx 0\n  drop 0\n"
				       "  noif 0\n  err 0\n  RX tap 0 (on)\n"
				       "  TX tap 0 (on)\n  fault injection on\n"
				       "  drop probability 0.020000\n"
				       "  flip probability 0.030000\n"
				       "  dropped by FI 0\n  flipped by FI 0\n"));
	assert_int_equal(run(f, "1 fi.disable"), 0);
	assert_false(f->t.ifs[1].fi_on);
}

static void test_hash_words(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "tap.hash.show"), 0);
	assert_string_equal(f->out, "MAC hash empty: every frame is queued\n");
	assert_int_equal(run(f, "02:00:00:00:00:01 tap.hash.insert "
				"00:00:0c:00:00:01 tap.hash.insert tap.hash.show"),
			 0);
	assert_non_null(strstr(f->out, "00:00:0c:00:00:01  Cisco"));
	assert_non_null(strstr(f->out, "02:00:00:00:00:01  Locally "
				       "Administered Address (LAA)\n"));
	assert_int_equal(run(f, "42 tap.hash.insert"), -1);
	uint8_t fr[14] = { 0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x09 };
	assert_true(tapd_mac_match(&f->t, fr, sizeof(fr)));
	fr[5] = 0x07;
	assert_false(tapd_mac_match(&f->t, fr, sizeof(fr)));
	assert_int_equal(run(f, "tap.hash.reset"), 0);
	assert_true(tapd_mac_match(&f->t, fr, sizeof(fr)));
}

static void test_queue_get_hexdump(void **state)
{
	struct fx *f = *state;
	uint8_t fr[20];
	for (int i = 0; i < 20; i++)
		fr[i] = (uint8_t)(i == 0 ? 0x01 : i == 1 ? 0x80 : i == 2 ? 0xc2
								  : 0x41 + i);
	struct pq_meta m = { 1500000000123456789, 1, PQ_DIR_TX, 20, 60 };
	assert_int_equal(pq_enqueue_mp(f->q, &m, fr), 0);
	assert_int_equal(run(f, "tap.queue.get ."), 0);
	assert_string_equal(
		f->out,
		"frame len 60 caplen 20 if 1 (p1) TX ts 1500000000.123456789\n"
		"0000  01 80 c2 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  "
		"|...DEFGHIJKLMNOP|\n"
		"0010  51 52 53 54                                       "
		"|QRST|\n");
	assert_int_equal(run(f, "tap.queue.get ."), 0);
	assert_string_equal(f->out, "frame len 0 caplen 0\n");
	assert_int_equal(run(f, "tap.queue.status"), 0);
	assert_string_equal(f->out, "packet queue tapir.pqueue.tap\n  head 1\n"
				    "  tail 1\n  inserted 1\n  full 0\n"
				    "  retrieved 1\n");
}

static void test_comments_strings_and_limits(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "1 \\ 2 3 ignored\n"), 0);
	assert_int_equal(f->c.depth, 1);
	assert_int_equal(run(f, "clear # all gone"), 0);
	assert_int_equal(f->c.depth, 0);
	assert_int_equal(run(f, "\"unterminated"), -1);
	assert_string_equal(f->out, "error: unterminated string\n");
	char line[64 * 3 + 8];
	size_t n = 0;
	for (int i = 0; i < 65; i++) {
		line[n++] = '1';
		line[n++] = ' ';
	}
	line[n] = '\0';
	assert_int_equal(run(f, line), -1);
	assert_non_null(strstr(f->out, "stack overflow"));
	assert_int_equal(f->c.depth, 0);
	/* NUL bytes inside a line separate tokens, not crash */
	assert_int_equal(ctl_eval(&f->c, "1\0002", 3, f->o), 0);
	assert_int_equal(f->c.depth, 2);
	run(f, "clear");
}

static void test_if_add_dry_and_words(void **state)
{
	struct fx *f = *state;
	assert_int_equal(run(f, "\"p2\" if.add"), 0);
	assert_int_equal(f->t.nif, 3);
	assert_int_equal(run(f, "\"p2\" if.add"), -1);
	assert_non_null(strstr(f->out, "already port 2"));
	assert_int_equal(run(f, "words"), 0);
	assert_non_null(strstr(f->out, "tap.hash.insert"));
	assert_non_null(strstr(f->out, "fi.flip"));
	assert_int_equal(run(f, "help"), 0);
	assert_non_null(strstr(f->out, "( if p -- )"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_literals_and_dot_s, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unknown_word_clears_stack,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_underflow_is_one_error,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_bad_interface_and_probability, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_fault_injection_and_tap_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hash_words, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_queue_get_hexdump, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_comments_strings_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_if_add_dry_and_words,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
