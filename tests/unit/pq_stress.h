/* pq_stress.h — what the packet-queue unit tests share (test_queue.c for
 * the single-frame calls, test_pqueue_burst.c for the burst calls): a
 * queue in shared memory, numbered frames whose bytes and metadata follow
 * from their number, and the stress run that SIGKILLs producers and
 * consumers in a loop. Include after cmocka.h and pqueue.h. */
#ifndef TAPIR_TESTS_PQ_STRESS_H
#define TAPIR_TESTS_PQ_STRESS_H

#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void *shared_alloc(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	return p;
}

/* A queue in anonymous shared memory, inherited by forked children. */
static struct pqueue *mk_queue(uint32_t nslots, uint32_t slot_size,
			       size_t *size)
{
	*size = pq_memsize(nslots, slot_size);
	assert_true(*size > 0);
	struct pqueue *q = pq_init(shared_alloc(*size), *size, nslots,
				   slot_size, "test.q");
	assert_non_null(q);
	return q;
}

#define ST_MAX_ID (1u << 22)
#define ST_SLOT 256u

/* Shared by the stress processes: frame numbers handed out, and what the
 * consumers found (a bit per frame number catches duplicates). */
struct stress_shared {
	_Atomic uint64_t next_id;
	_Atomic uint64_t dup;
	_Atomic uint64_t corrupt;
	_Atomic uint64_t seen;
	_Atomic int stop;
	_Atomic uint64_t bits[ST_MAX_ID / 64];
};

/* Frame id: 16..ST_SLOT bytes (id first, then a pattern), ts = id,
 * ifindex = id & 7, wire length = caplen + 4. */
static uint32_t frame_len(uint64_t id)
{
	return 16 + (uint32_t)(id * 2654435761u % (ST_SLOT - 16 + 1));
}

static void frame_fill(uint64_t id, uint8_t *p, uint32_t len)
{
	memcpy(p, &id, 8);
	for (uint32_t i = 8; i < len; i++)
		p[i] = (uint8_t)(id * 31 + i);
}

static struct pq_meta frame_meta(uint64_t id)
{
	uint32_t len = frame_len(id);
	return (struct pq_meta){ (int64_t)id, (uint32_t)(id & 7), PQ_DIR_RX,
				 len, len + 4 };
}

/* Records a retrieved frame: corrupt, duplicate or seen. */
static void check_frame(struct stress_shared *sh, const struct pq_meta *m,
			const uint8_t *b)
{
	uint8_t want[ST_SLOT];
	uint64_t id = (uint64_t)m->ts_ns;
	if (id >= ST_MAX_ID || m->caplen != frame_len(id) ||
	    m->len != m->caplen + 4 || m->ifindex != (id & 7)) {
		atomic_fetch_add(&sh->corrupt, 1);
		return;
	}
	frame_fill(id, want, m->caplen);
	if (memcmp(want, b, m->caplen) != 0) {
		atomic_fetch_add(&sh->corrupt, 1);
		return;
	}
	uint64_t bit = 1ull << (id % 64);
	if (atomic_fetch_or(&sh->bits[id / 64], bit) & bit)
		atomic_fetch_add(&sh->dup, 1);
	else
		atomic_fetch_add(&sh->seen, 1);
}

/* A child process's loop; it ends with _exit(). */
typedef void (*stress_role_fn)(struct pqueue *q, struct stress_shared *sh);

static pid_t stress_spawn(stress_role_fn fn, struct pqueue *q,
			  struct stress_shared *sh)
{
	pid_t p = fork();
	assert_true(p >= 0);
	if (p == 0) {
		fn(q, sh);
		_exit(0);
	}
	return p;
}

/* Runs np producers and nc consumers for about 2.5 s, SIGKILLing one at
 * random every 5-15 ms and starting a new one in its place; then stops
 * them all (each must exit normally). Counts the kills. */
static void stress_kill_loop(struct pqueue *q, struct stress_shared *sh,
			     stress_role_fn producer, stress_role_fn consumer,
			     int np, int nc, unsigned *pkills,
			     unsigned *ckills)
{
	pid_t kids[16];
	assert_true(np + nc <= 16);
	for (int i = 0; i < np + nc; i++)
		kids[i] = stress_spawn(i < np ? producer : consumer, q, sh);
	unsigned seed = (unsigned)time(NULL);
	*pkills = *ckills = 0;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		usleep(5000 + rand_r(&seed) % 10000);
		int i = (int)(rand_r(&seed) % (unsigned)(np + nc));
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
		if (i < np)
			(*pkills)++;
		else
			(*ckills)++;
		kids[i] = stress_spawn(i < np ? producer : consumer, q, sh);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000 +
			 (t.tv_nsec - t0.tv_nsec) / 1000000 <
		 2500);
	atomic_store(&sh->stop, 1);
	for (int i = 0; i < np + nc; i++) {
		int st;
		waitpid(kids[i], &st, 0);
		assert_true(WIFEXITED(st));
	}
}

#endif
