/* queue_bench.c — packet queue throughput: frames/s through the
 * shared-memory queue (src/queue/pqueue.c) for 64 B and 1500 B frames,
 * single producer/single consumer (the _sp/_sc calls) and 2 producers x 2
 * consumers (the _mp/_mc calls), each party a separate process as in real
 * use (tapd -> collect). Consumers poll (pq_dequeue_sc/_mc) to measure the
 * ring, not the futex.
 *
 * Build: cc -O2 -std=c11 -D_GNU_SOURCE bench/queue_bench.c src/queue/pqueue.c
 *        src/core/outbuf.c -lpthread -o queue_bench
 * Run:   ./queue_bench [seconds-per-case, default 1]
 */
#include <signal.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../src/queue/pqueue.h"

struct ctlblk {
	_Atomic int go;
	_Atomic int stop;
	_Atomic uint64_t consumed;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_case(const char *label, int np, int nc, uint32_t fsize,
		     double secs)
{
	const uint32_t nslots = 4096, slot = 2048;
	size_t sz = pq_memsize(nslots, slot);
	void *mem = mmap(NULL, sz, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct ctlblk *cb = mmap(NULL, sizeof(*cb), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED || cb == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	struct pqueue *q = pq_init(mem, sz, nslots, slot, "bench");
	bool single = np == 1 && nc == 1;
	pid_t kids[8];
	int nk = 0;

	for (int i = 0; i < nc; i++) {
		pid_t p = fork();
		if (p == 0) {
			uint8_t buf[2048];
			struct pq_meta m;
			uint64_t n = 0;
			while (!atomic_load(&cb->go))
				;
			while (!atomic_load_explicit(&cb->stop,
						     memory_order_relaxed)) {
				int r = single ? pq_dequeue_sc(q, &m, buf,
							       sizeof(buf))
					       : pq_dequeue_mc(q, &m, buf,
							       sizeof(buf));
				n += (uint64_t)r;
			}
			atomic_fetch_add(&cb->consumed, n);
			_exit(0);
		}
		kids[nk++] = p;
	}
	for (int i = 0; i < np; i++) {
		pid_t p = fork();
		if (p == 0) {
			uint8_t buf[2048];
			memset(buf, 0x5a, sizeof(buf));
			struct pq_meta m = { 0, 0, PQ_DIR_RX, fsize, fsize };
			while (!atomic_load(&cb->go))
				;
			while (!atomic_load_explicit(&cb->stop,
						     memory_order_relaxed)) {
				for (int k = 0; k < 64; k++) {
					m.ts_ns++;
					if (single)
						pq_enqueue_sp(q, &m, buf);
					else
						pq_enqueue_mp(q, &m, buf);
				}
			}
			_exit(0);
		}
		kids[nk++] = p;
	}
	double t0 = now_s();
	atomic_store(&cb->go, 1);
	usleep((useconds_t)(secs * 1e6));
	atomic_store(&cb->stop, 1);
	for (int i = 0; i < nk; i++)
		waitpid(kids[i], NULL, 0);
	double dt = now_s() - t0;
	struct pq_stats st;
	pq_get_stats(q, &st);
	/* Consumers stop with frames possibly still queued: count what was
	 * taken out, the figure that matters. */
	double fps = (double)atomic_load(&cb->consumed) / dt;
	printf("%-6s %5u B  %8.2f M frames/s  %7.2f Gbit/s  (full %llu)\n",
	       label, fsize, fps / 1e6, fps * fsize * 8 / 1e9,
	       (unsigned long long)st.full);
	munmap(mem, sz);
	munmap(cb, sizeof(*cb));
}

/* One process alternating bursts of 256 enqueues and 256 dequeues: the
 * cost of the ring operations themselves, free of scheduling effects (on a
 * loaded or 1-2 CPU machine the cross-process figures mostly measure the
 * scheduler). */
static void run_inline(uint32_t fsize, double secs)
{
	const uint32_t nslots = 4096, slot = 2048;
	size_t sz = pq_memsize(nslots, slot);
	void *mem = mmap(NULL, sz, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	struct pqueue *q = pq_init(mem, sz, nslots, slot, "bench");
	uint8_t in[2048], out[2048];
	memset(in, 0x5a, sizeof(in));
	struct pq_meta m = { 0, 0, PQ_DIR_RX, fsize, fsize }, o;
	uint64_t n = 0;
	double t0 = now_s(), t = t0;
	while (t - t0 < secs) {
		for (int r = 0; r < 64; r++) {
			for (int k = 0; k < 256; k++)
				pq_enqueue_mp(q, &m, in);
			for (int k = 0; k < 256; k++)
				n += (uint64_t)pq_dequeue_mc(q, &o, out,
							     sizeof(out));
		}
		t = now_s();
	}
	double fps = (double)n / (t - t0);
	printf("inline %5u B  %8.2f M frames/s  %7.2f Gbit/s  (mp+mc, one "
	       "process)\n",
	       fsize, fps / 1e6, fps * fsize * 8 / 1e9);
	munmap(mem, sz);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	if (secs <= 0)
		secs = 1.0;
	printf("packet queue throughput (%ld CPUs online)\n",
	       sysconf(_SC_NPROCESSORS_ONLN));
	run_inline(64, secs);
	run_inline(1500, secs);
	run_case("1x1", 1, 1, 64, secs);
	run_case("1x1", 1, 1, 1500, secs);
	run_case("2x2", 2, 2, 64, secs);
	run_case("2x2", 2, 2, 1500, secs);
	return 0;
}
