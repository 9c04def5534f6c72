/* test_pqueue_burst.c — unit tests for the packet queue's burst calls
 * (pq_enqueue_burst_*, pq_dequeue_burst_*, pq_dequeue_burst_wait in
 * src/queue/pqueue.c): order and contents, partial bursts on a full ring,
 * mixing with single-frame calls, a producer dying in the middle of a burst,
 * and a kill -9 loop with bursting producers and consumers that checks
 * inserted == retrieved + in-queue, byte-identical frames, no duplicates and
 * bounded loss per killed process.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../src/queue/pqueue.h"
#include "pq_stress.h"

static void check_invariant(struct pqueue *q, uint64_t in_queue)
{
	struct pq_stats s;
	pq_get_stats(q, &s);
	assert_int_equal(s.inserted, s.retrieved + s.in_queue);
	assert_int_equal(s.in_queue, in_queue);
}

/* n frames, frame i: i+1 bytes of value i, ts 100+i, if i%3, dir i&1 */
struct frames {
	struct pq_meta m[64];
	uint8_t b[64][64];
	const void *p[64];
};

static void frames_make(struct frames *f, unsigned n, unsigned base)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned v = base + i;
		memset(f->b[i], (int)(v & 0xff), sizeof(f->b[i]));
		f->m[i] = (struct pq_meta){ 100 + (int64_t)v, v % 3, v & 1,
					    1 + v % 64, 1000 + v };
		f->p[i] = f->b[i];
	}
}

static void frame_check(const struct pq_meta *m, const uint8_t *b, unsigned v)
{
	assert_int_equal(m->ts_ns, 100 + (int64_t)v);
	assert_int_equal(m->ifindex, v % 3);
	assert_int_equal(m->dir, v & 1);
	assert_int_equal(m->caplen, 1 + v % 64);
	assert_int_equal(m->len, 1000 + v);
	for (unsigned i = 0; i < m->caplen; i++)
		assert_int_equal(b[i], v & 0xff);
}

static void test_burst_roundtrip_in_order(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(16, 64, &sz);
	static struct frames f;
	frames_make(&f, 10, 0);
	assert_int_equal(pq_enqueue_burst_mp(q, f.m, f.p, 10), 10);
	check_invariant(q, 10);
	struct pq_meta o[8];
	uint8_t b[8][64];
	assert_int_equal(pq_dequeue_burst_mc(q, o, b, 64, 4), 4);
	for (unsigned i = 0; i < 4; i++)
		frame_check(&o[i], b[i], i);
	check_invariant(q, 6);
	/* a single-frame call in between takes the next one */
	assert_int_equal(pq_dequeue_mc(q, &o[0], b[0], 64), 1);
	frame_check(&o[0], b[0], 4);
	assert_int_equal(pq_dequeue_burst_sc(q, o, b, 64, 8), 5);
	for (unsigned i = 0; i < 5; i++)
		frame_check(&o[i], b[i], 5 + i);
	assert_int_equal(pq_dequeue_burst_mc(q, o, b, 64, 8), 0);
	check_invariant(q, 0);
	/* across the wrap, single producer */
	frames_make(&f, 12, 20);
	assert_int_equal(pq_enqueue_burst_sp(q, f.m, f.p, 12), 12);
	assert_int_equal(pq_dequeue_burst_mc(q, o, b, 64, 8), 8);
	for (unsigned i = 0; i < 8; i++)
		frame_check(&o[i], b[i], 20 + i);
	assert_int_equal(pq_dequeue_burst_wait(q, o, b, 64, 8, 100), 4);
	for (unsigned i = 0; i < 4; i++)
		frame_check(&o[i], b[i], 28 + i);
	check_invariant(q, 0);
	munmap(q, sz);
}

static void test_burst_partial_when_full(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(8, 64, &sz);
	static struct frames f;
	frames_make(&f, 12, 0);
	assert_int_equal(pq_enqueue_burst_mp(q, f.m, f.p, 3), 3);
	/* 5 of the next 9 fit; the last 4 are refused and counted */
	assert_int_equal(pq_enqueue_burst_mp(q, f.m + 3, f.p + 3, 9), 5);
	struct pq_stats s;
	pq_get_stats(q, &s);
	assert_int_equal(s.full, 4);
	assert_int_equal(s.inserted, 8);
	assert_int_equal(pq_enqueue_burst_sp(q, f.m, f.p, 2), 0);
	pq_get_stats(q, &s);
	assert_int_equal(s.full, 6);
	struct pq_meta o[8];
	uint8_t b[8][64];
	assert_int_equal(pq_dequeue_burst_mc(q, o, b, 64, 2), 2);
	/* two slots free again: a burst of 4 puts 2 in */
	assert_int_equal(pq_enqueue_burst_mp(q, f.m + 8, f.p + 8, 4), 2);
	assert_int_equal(pq_dequeue_burst_mc(q, o, b, 64, 8), 8);
	for (unsigned i = 0; i < 8; i++)
		frame_check(&o[i], b[i], 2 + i);
	check_invariant(q, 0);
	pq_get_stats(q, &s);
	assert_int_equal(s.inserted, 10);
	assert_int_equal(s.retrieved, 10);
	assert_int_equal(s.full, 8);
	/* small buffers get the prefix, as with the single-frame calls */
	frames_make(&f, 2, 63);
	assert_int_equal(pq_enqueue_burst_mp(q, f.m, f.p, 2), 2);
	uint8_t small[2][4];
	memset(small, 0, sizeof(small));
	assert_int_equal(pq_dequeue_burst_mc(q, o, small, 4, 2), 2);
	assert_int_equal(o[0].caplen, 64); /* stored length, not copied */
	assert_int_equal(small[0][3], 63);
	assert_int_equal(o[1].caplen, 1);
	assert_int_equal(small[1][0], 64);
	assert_int_equal(small[1][1], 0);
	assert_int_equal(pq_reset(q), 0);
	munmap(q, sz);
}

static void test_burst_wait_times_out_and_wakes(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(16, 64, &sz);
	struct pq_meta o[4];
	uint8_t b[4][64];
	assert_int_equal(pq_dequeue_burst_wait(q, o, b, 64, 4, 30), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		static struct frames f;
		frames_make(&f, 3, 7);
		usleep(50000);
		_exit(pq_enqueue_burst_mp(q, f.m, f.p, 3) == 3 ? 0 : 1);
	}
	int got = pq_dequeue_burst_wait(q, o, b, 64, 4, 5000);
	assert_true(got >= 1 && got <= 3);
	frame_check(&o[0], b[0], 7);
	int st;
	waitpid(pid, &st, 0);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	munmap(q, sz);
}

/* The data of frame 1 faults: frame 0 is published, frames 1 and 2 stay
 * claimed by a dead producer. */
static void test_producer_dying_mid_burst(void **state)
{
	(void)state;
	size_t sz;
	struct pqueue *q = mk_queue(8, 64, &sz);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		long pg = sysconf(_SC_PAGESIZE);
		uint8_t *p = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		mprotect(p + pg, (size_t)pg, PROT_NONE);
		static struct frames f;
		frames_make(&f, 3, 0);
		f.m[1].caplen = 64;
		f.p[1] = p + pg - 10; /* faults 10 bytes into the copy */
		pq_enqueue_burst_mp(q, f.m, f.p, 3);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	assert_true(WIFSIGNALED(st));
	static struct frames f;
	frames_make(&f, 1, 9);
	assert_int_equal(pq_enqueue_burst_mp(q, f.m, f.p, 1), 1);
	struct pq_meta o[4];
	uint8_t b[4][64];
	/* frame 0 arrives; the burst stops at the dead producer's slot */
	assert_int_equal(pq_dequeue_burst_mc(q, o, b, 64, 4), 1);
	frame_check(&o[0], b[0], 0);
	/* the waiting consumer reclaims both dead slots, then gets frame 9 */
	assert_int_equal(pq_dequeue_burst_wait(q, o, b, 64, 4, 2000), 1);
	frame_check(&o[0], b[0], 9);
	struct pq_stats s;
	pq_get_stats(q, &s);
	assert_int_equal(s.abandoned, 2);
	assert_int_equal(s.inserted, 2);
	assert_int_equal(s.retrieved, 2);
	assert_int_equal(s.in_queue, 0);
	/* and the ring is whole: 8 frames fit again */
	frames_make(&f, 8, 0);
	assert_int_equal(pq_enqueue_burst_mp(q, f.m, f.p, 8), 8);
	munmap(q, sz);
}

/* --- stress: bursting producers and consumers, SIGKILLed in a loop --- */

#define ST_PBURST 32u /* largest producer burst */
#define ST_CBURST 16u /* largest consumer burst */

static void producer(struct pqueue *q, struct stress_shared *sh)
{
	static uint8_t b[ST_PBURST][ST_SLOT];
	struct pq_meta m[ST_PBURST];
	const void *p[ST_PBURST];
	unsigned seed = (unsigned)getpid();
	while (!atomic_load(&sh->stop)) {
		unsigned n = 1 + (unsigned)rand_r(&seed) % ST_PBURST;
		uint64_t id0 = atomic_fetch_add(&sh->next_id, n);
		if (id0 + n >= ST_MAX_ID)
			break;
		for (unsigned i = 0; i < n; i++) {
			m[i] = frame_meta(id0 + i);
			frame_fill(id0 + i, b[i], m[i].caplen);
			p[i] = b[i];
		}
		if (pq_enqueue_burst_mp(q, m, p, n) < n)
			usleep(50);
	}
}

static void consumer(struct pqueue *q, struct stress_shared *sh)
{
	static uint8_t b[ST_CBURST][ST_SLOT];
	struct pq_meta m[ST_CBURST];
	unsigned seed = (unsigned)getpid();
	while (!atomic_load(&sh->stop)) {
		unsigned n = 1 + (unsigned)rand_r(&seed) % ST_CBURST;
		int k = (seed & 1) ? pq_dequeue_burst_wait(q, m, b, ST_SLOT, n, 50)
				   : (int)pq_dequeue_burst_mc(q, m, b, ST_SLOT, n);
		for (int i = 0; i < k; i++)
			check_frame(sh, &m[i], b[i]);
	}
}

static void test_burst_stress_kill9_keeps_invariants(void **state)
{
	(void)state;
	enum { NP = 3, NC = 3 };
	size_t sz;
	struct pqueue *q = mk_queue(256, ST_SLOT, &sz);
	struct stress_shared *sh = shared_alloc(sizeof(*sh));
	unsigned pkills, ckills;
	stress_kill_loop(q, sh, producer, consumer, NP, NC, &pkills, &ckills);
	static uint8_t b[ST_CBURST][ST_SLOT];
	struct pq_meta m[ST_CBURST];
	int k;
	while ((k = pq_dequeue_burst_wait(q, m, b, ST_SLOT, ST_CBURST, 100)) > 0)
		for (int i = 0; i < k; i++)
			check_frame(sh, &m[i], b[i]);

	struct pq_stats s;
	pq_get_stats(q, &s);
	print_message("burst stress: %u producer kills, %u consumer kills, "
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
	/* A killed consumer loses at most the burst it held; a killed
	 * producer leaves at most its burst's claimed slots unfilled. */
	assert_true(seen <= s.retrieved);
	assert_true(s.retrieved - seen <= (uint64_t)ckills * ST_CBURST);
	assert_true(s.abandoned <= (uint64_t)pkills * ST_PBURST);
	munmap(sh, sizeof(*sh));
	munmap(q, sz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_roundtrip_in_order),
		cmocka_unit_test(test_burst_partial_when_full),
		cmocka_unit_test(test_burst_wait_times_out_and_wakes),
		cmocka_unit_test(test_producer_dying_mid_burst),
		cmocka_unit_test(test_burst_stress_kill9_keeps_invariants),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
