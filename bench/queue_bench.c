/* queue_bench.c — packet queue throughput: frames/s through the
 * shared-memory queue (src/queue/pqueue.c) for 64 B and 1500 B frames,
 * single producer/single consumer (the _sp/_sc calls) and 2 producers x 2
 * consumers (the _mp/_mc calls), each party a separate process as in real
 * use (tapd -> collect). Consumers poll (pq_dequeue_sc/_mc) to measure the
 * ring, not the futex. Each case runs twice: one frame per call, and bursts
 * of BURST frames per call (pq_enqueue_burst_* / pq_dequeue_burst_*).
 * A producer that finds the ring full pauses about a microsecond before
 * its next try, as tapd would (its next frame comes from the network); a
 * producer spinning on the consumer's slot would only measure that
 * contention.
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

#define BURST 32

static void cpu_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

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
		     double secs, unsigned burst)
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
			static uint8_t buf[BURST][2048];
			struct pq_meta m[BURST];
			uint64_t n = 0;
			while (!atomic_load(&cb->go))
				;
			while (!atomic_load_explicit(&cb->stop,
						     memory_order_relaxed)) {
				if (burst > 1)
					n += single ? pq_dequeue_burst_sc(
							      q, m, buf, 2048,
							      burst)
						    : pq_dequeue_burst_mc(
							      q, m, buf, 2048,
							      burst);
				else
					n += (uint64_t)(
						single ? pq_dequeue_sc(q, m, buf[0],
								       2048)
						       : pq_dequeue_mc(q, m, buf[0],
								       2048));
			}
			atomic_fetch_add(&cb->consumed, n);
			_exit(0);
		}
		kids[nk++] = p;
	}
	for (int i = 0; i < np; i++) {
		pid_t p = fork();
		if (p == 0) {
			static uint8_t buf[2048];
			memset(buf, 0x5a, sizeof(buf));
			struct pq_meta m[BURST];
			const void *d[BURST];
			for (unsigned k = 0; k < BURST; k++) {
				m[k] = (struct pq_meta){ 0, 0, PQ_DIR_RX, fsize,
							 fsize };
				d[k] = buf;
			}
			while (!atomic_load(&cb->go))
				;
			while (!atomic_load_explicit(&cb->stop,
						     memory_order_relaxed)) {
				unsigned put;
				if (burst > 1)
					put = single ? pq_enqueue_burst_sp(
							       q, m, d, burst)
						     : pq_enqueue_burst_mp(
							       q, m, d, burst);
				else
					put = (single ? pq_enqueue_sp(q, m, buf)
						      : pq_enqueue_mp(q, m, buf)) ==
					      0;
				if (put < burst)
					for (int k = 0; k < 400; k++)
						cpu_pause();
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
	printf("%-6s %5u B  %-6s %8.2f M frames/s  %7.2f Gbit/s  (full %llu)\n",
	       label, fsize, burst > 1 ? "burst" : "single", fps / 1e6,
	       fps * fsize * 8 / 1e9, (unsigned long long)st.full);
	munmap(mem, sz);
	munmap(cb, sizeof(*cb));
}

/* One process alternating bursts of 256 enqueues and 256 dequeues: the
 * cost of the ring operations themselves, free of scheduling effects (on a
 * loaded or 1-2 CPU machine the cross-process figures mostly measure the
 * scheduler). */
static void run_inline(uint32_t fsize, double secs, unsigned burst)
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
	static uint8_t in[2048], out[BURST][2048];
	memset(in, 0x5a, sizeof(in));
	struct pq_meta m[BURST], o[BURST];
	const void *d[BURST];
	for (unsigned k = 0; k < BURST; k++) {
		m[k] = (struct pq_meta){ 0, 0, PQ_DIR_RX, fsize, fsize };
		d[k] = in;
	}
	uint64_t n = 0;
	double t0 = now_s(), t = t0;
	while (t - t0 < secs) {
		for (int r = 0; r < 64; r++) {
			if (burst > 1) {
				for (int k = 0; k < 256; k += (int)burst)
					pq_enqueue_burst_mp(q, m, d, burst);
				for (int k = 0; k < 256; k += (int)burst)
					n += pq_dequeue_burst_mc(q, o, out, 2048,
								 burst);
				continue;
			}
			for (int k = 0; k < 256; k++)
				pq_enqueue_mp(q, m, in);
			for (int k = 0; k < 256; k++)
				n += (uint64_t)pq_dequeue_mc(q, o, out[0],
							     sizeof(out[0]));
		}
		t = now_s();
	}
	double fps = (double)n / (t - t0);
	printf("inline %5u B  %-6s %8.2f M frames/s  %7.2f Gbit/s  (mp+mc, one "
	       "process)\n",
	       fsize, burst > 1 ? "burst" : "single", fps / 1e6,
	       fps * fsize * 8 / 1e9);
	munmap(mem, sz);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	if (secs <= 0)
		secs = 1.0;
	printf("packet queue throughput (%ld CPUs online)\n",
	       sysconf(_SC_NPROCESSORS_ONLN));
	run_inline(64, secs, 1);
	run_inline(64, secs, BURST);
	run_inline(1500, secs, 1);
	run_inline(1500, secs, BURST);
	static const uint32_t sizes[] = { 64, 1500 };
	for (int c = 0; c < 2; c++)
		for (int z = 0; z < 2; z++)
			for (unsigned b = 1; b <= BURST; b += BURST - 1)
				run_case(c ? "2x2" : "1x1", c ? 2 : 1, c ? 2 : 1,
					 sizes[z], secs, b);
	return 0;
}
