/* test_queue.c — unit tests for the shared-memory packet queue
 * (src/queue/pqueue.c) and the MAC set (src/queue/machash.c), including a
 * multi-process stress test that kills producers and consumers with SIGKILL
 * and checks inserted == retrieved + in-queue, byte-identical frames and no
 * frame retrieved twice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../src/core/outbuf.h"
#include "../../src/queue/machash.h"
#include "../../src/queue/pqueue.h"
#include "pq_stress.h"

static void test_memsize_rejects_bad_geometry(void **state)
{
	(void)state;
	assert_int_equal(pq_memsize(0, 64), 0);
	assert_int_equal(pq_memsize(1, 64), 0);
	assert_int_equal(pq_memsize(3, 64), 0);
	assert_int_equal(pq_memsize(1000, 64), 0);
	assert_int_equal(pq_memsize(8, 0), 0);
	assert_int_equal(pq_memsize(8, PQ_MAX_SLOT_SIZE + 1), 0);
	assert_true(pq_memsize(8, 1) > 0);
	assert_true(pq_memsize(PQ_MAX_SLOTS, 64) > 0);
	assert_int_equal(pq_memsize(PQ_MAX_SLOTS * 2u, 64), 0);
	char buf[64];
	assert_null(pq_init(buf, sizeof(buf), 8, 64, "x"));
}

static void test_roundtrip_keeps_meta_and_bytes(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(8, 128, &sz);
	uint8_t in[100], out[128];
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7);
	struct pq_meta m = { 123456789012345, 1, PQ_DIR_TX, 100, 1514 };
	assert_int_equal(pq_enqueue_sp(q, &m, in), 0);
	struct pq_meta o;
	memset(&o, 0, sizeof(o));
	assert_int_equal(pq_dequeue_sc(q, &o, out, sizeof(out)), 1);
	assert_int_equal(o.ts_ns, m.ts_ns);
	assert_int_equal(o.ifindex, 1);
	assert_int_equal(o.dir, PQ_DIR_TX);
	assert_int_equal(o.caplen, 100);
	assert_int_equal(o.len, 1514);
	assert_memory_equal(in, out, 100);
	assert_int_equal(pq_dequeue_sc(q, &o, out, sizeof(out)), 0);
	munmap(q, sz);
}

static void test_zero_length_frame(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(2, 1, &sz);
	struct pq_meta m = { 1, 0, PQ_DIR_RX, 0, 0 }, o;
	assert_int_equal(pq_enqueue_mp(q, &m, NULL), 0);
	assert_int_equal(pq_dequeue_mc(q, &o, NULL, 0), 1);
	assert_int_equal(o.caplen, 0);
	munmap(q, sz);
}

static void test_caplen_truncated_to_slot_size(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(4, 64, &sz);
	uint8_t in[200], out[200];
	memset(in, 0xab, sizeof(in));
	memset(out, 0, sizeof(out));
	struct pq_meta m = { 5, 0, PQ_DIR_RX, 200, 200 }, o;
	assert_int_equal(pq_enqueue_mp(q, &m, in), 0);
	assert_int_equal(pq_dequeue_mc(q, &o, out, sizeof(out)), 1);
	assert_int_equal(o.caplen, 64);
	assert_int_equal(o.len, 200);
	assert_memory_equal(in, out, 64);
	assert_int_equal(out[64], 0);
	munmap(q, sz);
}

static void test_small_buffer_gets_prefix(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(4, 64, &sz);
	uint8_t in[64], out[16 + 1];
	memset(in, 0x11, sizeof(in));
	out[16] = 0x77;
	struct pq_meta m = { 5, 0, PQ_DIR_RX, 64, 64 }, o;
	assert_int_equal(pq_enqueue_mp(q, &m, in), 0);
	assert_int_equal(pq_dequeue_mc(q, &o, out, 16), 1);
	assert_int_equal(o.caplen, 64);
	assert_int_equal(out[15], 0x11);
	assert_int_equal(out[16], 0x77);
	munmap(q, sz);
}

static void test_full_refuses_and_counts(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(4, 32, &sz);
	uint8_t b[32] = { 0 };
	struct pq_meta m = { 0, 0, PQ_DIR_RX, 32, 32 }, o;
	for (int i = 0; i < 4; i++) {
		b[0] = (uint8_t)i;
		assert_int_equal(pq_enqueue_mp(q, &m, b), 0);
	}
	assert_int_equal(pq_enqueue_mp(q, &m, b), -1);
	assert_int_equal(pq_enqueue_sp(q, &m, b), -1);
	struct pq_stats st;
	pq_get_stats(q, &st);
	assert_int_equal(st.inserted, 4);
	assert_int_equal(st.full, 2);
	assert_int_equal(st.in_queue, 4);
	/* FIFO order, and the ring wraps. */
	for (int lap = 0; lap < 3; lap++) {
		for (int i = 0; i < 4; i++) {
			assert_int_equal(pq_dequeue_mc(q, &o, b, sizeof(b)), 1);
			assert_int_equal(b[0], (uint8_t)(lap * 4 + i));
		}
		for (int i = 0; i < 4; i++) {
			b[0] = (uint8_t)((lap + 1) * 4 + i);
			assert_int_equal(pq_enqueue_mp(q, &m, b), 0);
		}
	}
	pq_get_stats(q, &st);
	assert_int_equal(st.inserted, 16);
	assert_int_equal(st.retrieved, 12);
	assert_int_equal(st.head, 0);
	assert_int_equal(st.tail, 0);
	munmap(q, sz);
}

static void test_reset_empties_and_zeroes(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(8, 32, &sz);
	uint8_t b[32] = { 0 };
	struct pq_meta m = { 0, 0, PQ_DIR_RX, 32, 32 }, o;
	for (int i = 0; i < 10; i++)
		pq_enqueue_mp(q, &m, b);
	assert_int_equal(pq_dequeue_mc(q, &o, b, sizeof(b)), 1);
	assert_int_equal(pq_reset(q), 7);
	struct pq_stats st;
	pq_get_stats(q, &st);
	assert_int_equal(st.inserted, 0);
	assert_int_equal(st.retrieved, 0);
	assert_int_equal(st.full, 0);
	assert_int_equal(st.in_queue, 0);
	assert_int_equal(st.head, 0); /* 8 claimed in a ring of 8 */
	assert_int_equal(pq_dequeue_mc(q, &o, b, sizeof(b)), 0);
	pq_enqueue_mp(q, &m, b);
	pq_get_stats(q, &st);
	assert_int_equal(st.inserted, 1);
	munmap(q, sz);
}

static void test_status_print_format(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = pq_init(shared_alloc(pq_memsize(4, 16)),
				   pq_memsize(4, 16), 4, 16,
				   "tapir.pqueue.tap");
	sz = pq_memsize(4, 16);
	uint8_t b[16] = { 0 };
	struct pq_meta m = { 0, 0, PQ_DIR_RX, 16, 16 }, o;
	for (int i = 0; i < 6; i++)
		pq_enqueue_mp(q, &m, b);
	pq_dequeue_mc(q, &o, b, sizeof(b));
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	struct outbuf *ob = malloc(sizeof(*ob));
	ob_init(ob, fds[1]);
	pq_status_print(q, ob);
	ob_flush(ob);
	close(fds[1]);
	char txt[512];
	ssize_t n = read(fds[0], txt, sizeof(txt) - 1);
	assert_true(n > 0);
	txt[n] = 0;
	assert_string_equal(txt, "packet queue tapir.pqueue.tap\n"
				 "  head 0\n"
				 "  tail 1\n"
				 "  inserted 4\n"
				 "  full 2\n"
				 "  retrieved 1\n");
	close(fds[0]);
	free(ob);
	munmap(q, sz);
}

static void test_wait_times_out_without_spinning(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(4, 16, &sz);
	struct pq_meta o;
	uint8_t b[16];
	struct timespec a, z, ca, cz;
	clock_gettime(CLOCK_MONOTONIC, &a);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ca);
	assert_int_equal(pq_dequeue_wait(q, &o, b, sizeof(b), 150), 0);
	clock_gettime(CLOCK_MONOTONIC, &z);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cz);
	double wall = (z.tv_sec - a.tv_sec) + (z.tv_nsec - a.tv_nsec) / 1e9;
	double cpu = (cz.tv_sec - ca.tv_sec) + (cz.tv_nsec - ca.tv_nsec) / 1e9;
	assert_true(wall >= 0.14 && wall < 1.0);
	assert_true(cpu < 0.05); /* asleep, not spinning */
	munmap(q, sz);
}

static void test_wait_woken_by_other_process(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(4, 16, &sz);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		usleep(100000);
		uint8_t b[16] = { 42 };
		struct pq_meta m = { 9, 0, PQ_DIR_RX, 16, 16 };
		_exit(pq_enqueue_mp(q, &m, b) == 0 ? 0 : 1);
	}
	struct pq_meta o;
	uint8_t b[16];
	assert_int_equal(pq_dequeue_wait(q, &o, b, sizeof(b), 5000), 1);
	assert_int_equal(b[0], 42);
	int st;
	waitpid(pid, &st, 0);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	munmap(q, sz);
}

/* A buffer whose byte `at` is the first byte of an unmapped page, so a copy
 * through it faults at a known point. */
static uint8_t *faulting_buffer(size_t at)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t *p = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(mprotect(p + pg, (size_t)pg, PROT_NONE), 0);
	return p + pg - at;
}

static void test_producer_dying_mid_copy_does_not_wedge(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(4, 256, &sz);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Dies by SIGSEGV inside the slot copy, holding the slot. */
		signal(SIGSEGV, SIG_DFL);
		struct pq_meta m = { 1, 0, PQ_DIR_RX, 200, 200 };
		pq_enqueue_mp(q, &m, faulting_buffer(50));
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	assert_true(WIFSIGNALED(st));
	uint8_t b[256] = { 7 };
	struct pq_meta m = { 2, 0, PQ_DIR_RX, 256, 256 }, o;
	assert_int_equal(pq_enqueue_mp(q, &m, b), 0);
	/* The dead slot sits at the tail; the waiting consumer reclaims it
	 * and gets the next frame. */
	assert_int_equal(pq_dequeue_wait(q, &o, b, sizeof(b), 2000), 1);
	assert_int_equal(o.ts_ns, 2);
	struct pq_stats s;
	pq_get_stats(q, &s);
	assert_int_equal(s.abandoned, 1);
	assert_int_equal(s.inserted, 1);
	assert_int_equal(s.retrieved, 1);
	assert_int_equal(s.in_queue, 0);
	munmap(q, sz);
}

static void test_consumer_dying_mid_copy_does_not_wedge(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(2, 256, &sz);
	uint8_t b[256];
	memset(b, 3, sizeof(b));
	struct pq_meta m = { 1, 0, PQ_DIR_RX, 256, 256 }, o;
	assert_int_equal(pq_enqueue_mp(q, &m, b), 0);
	assert_int_equal(pq_enqueue_mp(q, &m, b), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		pq_dequeue_mc(q, &o, faulting_buffer(10), 256);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(pq_dequeue_mc(q, &o, b, sizeof(b)), 1);
	/* Both slots free again: the one the dead consumer held is repaired
	 * by the producer that meets it. */
	assert_int_equal(pq_enqueue_mp(q, &m, b), 0);
	assert_int_equal(pq_enqueue_mp(q, &m, b), 0);
	assert_int_equal(pq_enqueue_mp(q, &m, b), -1);
	struct pq_stats s;
	pq_get_stats(q, &s);
	assert_int_equal(s.inserted, s.retrieved + s.in_queue);
	assert_int_equal(s.in_queue, 2);
	munmap(q, sz);
}

/* --- stress: several producers and consumers, SIGKILLed in a loop --- */

static void producer(struct pqueue *q, struct stress_shared *sh)
{
	uint8_t b[ST_SLOT];
	while (!atomic_load(&sh->stop)) {
		uint64_t id = atomic_fetch_add(&sh->next_id, 1);
		if (id >= ST_MAX_ID)
			break;
		struct pq_meta m = frame_meta(id);
		frame_fill(id, b, m.caplen);
		if (pq_enqueue_mp(q, &m, b) != 0)
			usleep(50);
	}
}

static void consumer(struct pqueue *q, struct stress_shared *sh)
{
	uint8_t b[ST_SLOT];
	struct pq_meta m;
	while (!atomic_load(&sh->stop)) {
		if (pq_dequeue_wait(q, &m, b, sizeof(b), 50) == 1)
			check_frame(sh, &m, b);
	}
}

static void test_stress_kill9_keeps_invariants(void **state)
{
	(void)state;
	enum { NP = 3, NC = 3 };
	size_t sz;
	struct pqueue *q = mk_queue(256, ST_SLOT, &sz);
	struct stress_shared *sh = shared_alloc(sizeof(*sh));
	unsigned pkills, ckills;
	stress_kill_loop(q, sh, producer, consumer, NP, NC, &pkills, &ckills);
	/* Drain what is left; this also reclaims slots of dead producers. */
	uint8_t b[ST_SLOT];
	struct pq_meta m;
	while (pq_dequeue_wait(q, &m, b, sizeof(b), 100) == 1)
		check_frame(sh, &m, b);

	struct pq_stats s;
	pq_get_stats(q, &s);
	print_message("stress: %u producer kills, %u consumer kills, "
		      "inserted %llu retrieved %llu full %llu abandoned %llu "
		      "seen %llu\n",
		      pkills, ckills, (unsigned long long)s.inserted,
		      (unsigned long long)s.retrieved,
		      (unsigned long long)s.full,
		      (unsigned long long)s.abandoned,
		      (unsigned long long)atomic_load(&sh->seen));
	assert_int_equal(atomic_load(&sh->corrupt), 0);
	assert_int_equal(atomic_load(&sh->dup), 0);
	assert_int_equal(s.in_queue, 0);
	assert_int_equal(s.inserted, s.retrieved + s.in_queue);
	assert_true(s.inserted > 10000);
	uint64_t seen = atomic_load(&sh->seen);
	/* A consumer killed between taking a frame and recording it loses
	 * that one frame; nothing else may go missing. */
	assert_true(seen <= s.retrieved);
	assert_true(s.retrieved - seen <= ckills);
	assert_true(s.abandoned <= pkills);
	munmap(sh, sizeof(*sh));
	munmap(q, sz);
}

/* --- named shm --- */

static void test_create_open_share_frames(void **state)
{
	(void)state;
	char name[64], err[256];
	snprintf(name, sizeof(name), "tapir.pqueue.unit%d", (int)getpid());
	struct pqueue *a = pq_create(name, 16, 128, err, sizeof(err));
	assert_non_null(a);
	struct pqueue *b = pq_open(name, err, sizeof(err));
	assert_non_null(b);
	assert_string_equal(pq_name(b), name);
	assert_int_equal(pq_nslots(b), 16);
	assert_int_equal(pq_slot_size(b), 128);
	uint8_t d[10] = "0123456789", o[128];
	struct pq_meta m = { 1, 0, PQ_DIR_RX, 10, 10 }, om;
	assert_int_equal(pq_enqueue_mp(a, &m, d), 0);
	/* Re-creating with the same geometry keeps the frames. */
	struct pqueue *c = pq_create(name, 16, 128, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(pq_dequeue_mc(b, &om, o, sizeof(o)), 1);
	assert_memory_equal(o, d, 10);
	pq_close(a);
	pq_close(b);
	pq_close(c);
	assert_int_equal(pq_unlink(name), 0);
	assert_null(pq_open(name, err, sizeof(err)));
	assert_non_null(strstr(err, "No such file"));
	assert_null(pq_create("bad/name", 16, 128, err, sizeof(err)));
	assert_null(pq_create(name, 15, 128, err, sizeof(err)));
}

/* --- MAC set and vendor names --- */

static void test_machash_insert_contains_reset(void **state)
{
	(void)state;
	struct machash *h = machash_new();
	uint8_t a[6] = { 0x00, 0x23, 0x7d, 0x86, 0x71, 0xff };
	uint8_t b[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	assert_int_equal(machash_count(h), 0);
	assert_false(machash_contains(h, a));
	assert_int_equal(machash_insert(h, a), 1);
	assert_int_equal(machash_insert(h, a), 0);
	assert_true(machash_contains(h, a));
	assert_false(machash_contains(h, b));
	for (int i = 0; i < 3000; i++) {
		uint8_t x[6] = { 0x02, 1, 2, 3, (uint8_t)(i >> 8), (uint8_t)i };
		assert_int_equal(machash_insert(h, x), 1);
	}
	assert_int_equal(machash_count(h), 3001);
	assert_true(machash_contains(h, a));
	machash_reset(h);
	assert_int_equal(machash_count(h), 0);
	assert_false(machash_contains(h, a));
	machash_free(h);
	machash_free(NULL);
}

static void test_mac_parse(void **state)
{
	(void)state;
	uint8_t m[6];
	assert_true(mac_parse("00:23:7d:86:71:FF", m));
	assert_int_equal(m[0], 0x00);
	assert_int_equal(m[5], 0xff);
	assert_true(mac_parse("00-23-7d-86-71-ff", m));
	assert_false(mac_parse("00:23:7d:86:71", m));
	assert_false(mac_parse("00:23:7d:86:71:ff:00", m));
	assert_false(mac_parse("00:23:7d:86:71:fg", m));
	assert_false(mac_parse("", m));
	assert_false(mac_parse("0:1:2:3:4:5:", m));
}

static void test_oui_vendor_and_laa(void **state)
{
	(void)state;
	uint8_t laa[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	assert_string_equal(oui_vendor(laa),
			    "Locally Administered Address (LAA)");
	/* 00:00:0c is Cisco in the system table and in the built-in one. */
	uint8_t cisco[6] = { 0x00, 0x00, 0x0c, 0x01, 0x02, 0x03 };
	assert_non_null(strstr(oui_vendor(cisco), "Cisco"));
	uint8_t unknown[6] = { 0xfc, 0xff, 0xff, 0, 0, 0 };
	assert_non_null(oui_vendor(unknown));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memsize_rejects_bad_geometry),
		cmocka_unit_test(test_roundtrip_keeps_meta_and_bytes),
		cmocka_unit_test(test_zero_length_frame),
		cmocka_unit_test(test_caplen_truncated_to_slot_size),
		cmocka_unit_test(test_small_buffer_gets_prefix),
		cmocka_unit_test(test_full_refuses_and_counts),
		cmocka_unit_test(test_reset_empties_and_zeroes),
		cmocka_unit_test(test_status_print_format),
		cmocka_unit_test(test_wait_times_out_without_spinning),
		cmocka_unit_test(test_wait_woken_by_other_process),
		cmocka_unit_test(test_producer_dying_mid_copy_does_not_wedge),
		cmocka_unit_test(test_consumer_dying_mid_copy_does_not_wedge),
		cmocka_unit_test(test_create_open_share_frames),
		cmocka_unit_test(test_machash_insert_contains_reset),
		cmocka_unit_test(test_mac_parse),
		cmocka_unit_test(test_oui_vendor_and_laa),
		cmocka_unit_test(test_stress_kill9_keeps_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
