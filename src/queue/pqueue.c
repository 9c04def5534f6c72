/* pqueue.c — shared-memory MPMC packet queue (see pqueue.h, docs/tapd.md).
 *
 * Slot state word (64 bits): seq:40 | state:2 | pid:22.
 *   FREE(p)        the producer of position p may claim the slot
 *   WRITING(p,pid) claimed by producer pid, bytes being copied in
 *   READY(p)       frame p is complete
 *   READING(p,pid) claimed by consumer pid, bytes being copied out
 * and READING(p) -> FREE(p + nslots). seq is the position modulo 2^40; all
 * comparisons are on the sign-extended 40-bit difference.
 */
#include "pqueue.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../core/outbuf.h"

#define PQ_MAGIC 0x7461706972505131ull /* "tapirPQ1" */
#define PQ_VERSION 1u

#define SEQ_BITS 40
#define SEQ_MASK ((1ull << SEQ_BITS) - 1)
#define PID_BITS 22
#define PID_MASK ((1u << PID_BITS) - 1)

enum { ST_FREE = 0, ST_WRITING = 1, ST_READY = 2, ST_READING = 3 };

struct pqueue {
	uint64_t magic; /* written last by pq_init (release) */
	uint32_t version;
	uint32_t nslots;
	uint32_t slot_size;
	uint32_t stride; /* bytes from one slot to the next */
	uint64_t memsize;
	char name[PQ_NAME_MAX];
	alignas(64) _Atomic uint64_t head; /* hint: next position to claim */
	alignas(64) _Atomic uint64_t tail; /* hint: next position to take */
	alignas(64) _Atomic uint64_t full;
	_Atomic uint64_t abandoned;
	_Atomic uint64_t base; /* tail at the last reset */
	alignas(64) _Atomic uint32_t wake;    /* futex word, bumped on wake */
	_Atomic uint32_t sleeping; /* 1 when a consumer may be asleep */
	alignas(64) unsigned char slots[];
};

struct pq_slot {
	_Atomic uint64_t state;
	int64_t ts_ns;
	uint32_t ifindex;
	uint32_t dir;
	uint32_t caplen;
	uint32_t len;
	uint8_t pad[32];
	uint8_t data[];
};

_Static_assert(sizeof(struct pq_slot) == 64, "slot header is one line");
_Static_assert(sizeof(_Atomic uint64_t) == 8, "64-bit atomics");

/* --- the calling process's pid, cached and refreshed after fork --- */

static _Atomic uint32_t pid_cache;
static pthread_once_t pid_once = PTHREAD_ONCE_INIT;

static void pid_reset(void)
{
	atomic_store_explicit(&pid_cache, 0, memory_order_relaxed);
}

static void pid_register(void)
{
	pthread_atfork(NULL, NULL, pid_reset);
}

static uint32_t self_pid(void)
{
	uint32_t p = atomic_load_explicit(&pid_cache, memory_order_relaxed);
	if (p == 0) {
		pthread_once(&pid_once, pid_register);
		p = (uint32_t)getpid() & PID_MASK;
		atomic_store_explicit(&pid_cache, p, memory_order_relaxed);
	}
	return p;
}

/* True when no process pid exists any more. A zombie still counts as alive
 * until reaped. All users of a queue must share one PID namespace. */
static bool pid_dead(uint32_t pid)
{
	if (pid == 0)
		return false;
	if (pid == self_pid())
		return false;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* --- state words --- */

static inline uint64_t mk(uint64_t pos, unsigned st, uint32_t pid)
{
	return ((pos & SEQ_MASK) << (64 - SEQ_BITS)) | ((uint64_t)st << PID_BITS) |
	       (pid & PID_MASK);
}

static inline unsigned w_state(uint64_t w)
{
	return (unsigned)(w >> PID_BITS) & 3u;
}

static inline uint32_t w_pid(uint64_t w)
{
	return (uint32_t)w & PID_MASK;
}

/* (seq(w) - pos) as a signed 40-bit number. */
static inline int64_t w_diff(uint64_t w, uint64_t pos)
{
	uint64_t d = ((w >> (64 - SEQ_BITS)) - pos) << (64 - SEQ_BITS);
	return (int64_t)d >> (64 - SEQ_BITS);
}

/* Slot headers prefetched ahead in a burst. */
#define PREFETCH_MAX 64u

static inline struct pq_slot *slot_at(struct pqueue *q, uint64_t pos)
{
	return (struct pq_slot *)(q->slots +
				  (size_t)(pos & (q->nslots - 1)) * q->stride);
}

/* --- futex --- */

static int futex_wait(_Atomic uint32_t *addr, uint32_t val, int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	return (int)syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT, val,
			    ms < 0 ? NULL : &ts, NULL, 0);
}

static void futex_wake_all(_Atomic uint32_t *addr)
{
	syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* Called by producers after publishing: wakes sleeping consumers. The seq_cst
 * fence pairs with the one in pq_dequeue_wait (store slot / load sleeping vs
 * store sleeping / load slot), so a consumer about to sleep either sees the
 * frame or is woken. A consumer killed while asleep leaves `sleeping` set,
 * which costs one spurious wake, then heals. */
static void wake_consumers(struct pqueue *q)
{
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&q->sleeping, memory_order_relaxed) &&
	    atomic_exchange_explicit(&q->sleeping, 0, memory_order_seq_cst)) {
		atomic_fetch_add_explicit(&q->wake, 1, memory_order_seq_cst);
		futex_wake_all(&q->wake);
	}
}

/* --- geometry, init, shm --- */

static uint32_t stride_for(uint32_t slot_size)
{
	return (uint32_t)sizeof(struct pq_slot) + ((slot_size + 63u) & ~63u);
}

static bool geometry_ok(uint32_t nslots, uint32_t slot_size)
{
	return nslots >= 2 && nslots <= PQ_MAX_SLOTS &&
	       (nslots & (nslots - 1)) == 0 && slot_size >= 1 &&
	       slot_size <= PQ_MAX_SLOT_SIZE;
}

size_t pq_memsize(uint32_t nslots, uint32_t slot_size)
{
	if (!geometry_ok(nslots, slot_size))
		return 0;
	return sizeof(struct pqueue) + (size_t)nslots * stride_for(slot_size);
}

struct pqueue *pq_init(void *mem, size_t memsize, uint32_t nslots,
		       uint32_t slot_size, const char *name)
{
	size_t need = pq_memsize(nslots, slot_size);
	if (need == 0 || memsize < need || ((uintptr_t)mem & 63u) != 0) {
		errno = EINVAL;
		return NULL;
	}
	struct pqueue *q = mem;
	memset(q, 0, sizeof(*q));
	q->version = PQ_VERSION;
	q->nslots = nslots;
	q->slot_size = slot_size;
	q->stride = stride_for(slot_size);
	q->memsize = need;
	snprintf(q->name, sizeof(q->name), "%s", name ? name : "");
	for (uint32_t i = 0; i < nslots; i++) {
		struct pq_slot *s = slot_at(q, i);
		atomic_init(&s->state, mk(i, ST_FREE, 0));
	}
	atomic_thread_fence(memory_order_release);
	__atomic_store_n(&q->magic, PQ_MAGIC, __ATOMIC_RELEASE);
	return q;
}

static bool name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n < PQ_NAME_MAX && strchr(name, '/') == NULL &&
	       strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

static bool header_ok(const struct pqueue *q, size_t size)
{
	return __atomic_load_n(&q->magic, __ATOMIC_ACQUIRE) == PQ_MAGIC &&
	       q->version == PQ_VERSION && geometry_ok(q->nslots, q->slot_size) &&
	       q->stride == stride_for(q->slot_size) &&
	       q->memsize == pq_memsize(q->nslots, q->slot_size) &&
	       q->memsize <= size;
}

struct pqueue *pq_create(const char *name, uint32_t nslots,
			 uint32_t slot_size, char *err, size_t errlen)
{
	char path[PQ_NAME_MAX + 2];
	size_t need = pq_memsize(nslots, slot_size);
	if (!name_ok(name)) {
		snprintf(err, errlen, "bad queue name '%s'", name);
		return NULL;
	}
	if (need == 0) {
		snprintf(err, errlen,
			 "bad queue geometry: %u slots of %u bytes (slots: power "
			 "of two in 2..%u, size 1..%u)",
			 nslots, slot_size, PQ_MAX_SLOTS, PQ_MAX_SLOT_SIZE);
		return NULL;
	}
	snprintf(path, sizeof(path), "/%s", name);
	int fd = shm_open(path, O_RDWR | O_CREAT, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "shm_open /dev/shm/%s: %s", name,
			 strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fchmod(fd, 0600) < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "/dev/shm/%s: %s", name, strerror(errno));
		close(fd);
		return NULL;
	}
	if ((size_t)st.st_size == need) {
		void *m = mmap(NULL, need, PROT_READ | PROT_WRITE, MAP_SHARED,
			       fd, 0);
		if (m != MAP_FAILED) {
			struct pqueue *q = m;
			if (header_ok(q, need) && q->nslots == nslots &&
			    q->slot_size == slot_size &&
			    strcmp(q->name, name) == 0) {
				close(fd);
				return q;
			}
			munmap(m, need);
		}
	}
	if (ftruncate(fd, (off_t)need) < 0) {
		snprintf(err, errlen, "/dev/shm/%s: resize to %zu bytes: %s",
			 name, need, strerror(errno));
		close(fd);
		return NULL;
	}
	void *m = mmap(NULL, need, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		snprintf(err, errlen, "mmap /dev/shm/%s: %s", name,
			 strerror(errno));
		return NULL;
	}
	return pq_init(m, need, nslots, slot_size, name);
}

struct pqueue *pq_open(const char *name, char *err, size_t errlen)
{
	char path[PQ_NAME_MAX + 2];
	if (!name_ok(name)) {
		snprintf(err, errlen, "bad queue name '%s'", name);
		return NULL;
	}
	snprintf(path, sizeof(path), "/%s", name);
	int fd = shm_open(path, O_RDWR, 0);
	if (fd < 0) {
		snprintf(err, errlen, "packet queue /dev/shm/%s: %s%s", name,
			 strerror(errno),
			 errno == ENOENT ? " (is tapd running?)" : "");
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || (size_t)st.st_size < sizeof(struct pqueue)) {
		snprintf(err, errlen, "/dev/shm/%s: not a packet queue", name);
		close(fd);
		return NULL;
	}
	size_t size = (size_t)st.st_size;
	void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		snprintf(err, errlen, "mmap /dev/shm/%s: %s", name,
			 strerror(errno));
		return NULL;
	}
	if (!header_ok(m, size)) {
		snprintf(err, errlen, "/dev/shm/%s: not a tapir packet queue",
			 name);
		munmap(m, size);
		return NULL;
	}
	return m;
}

void pq_close(struct pqueue *q)
{
	if (q)
		munmap(q, q->memsize);
}

int pq_unlink(const char *name)
{
	char path[PQ_NAME_MAX + 2];
	if (!name_ok(name)) {
		errno = EINVAL;
		return -1;
	}
	snprintf(path, sizeof(path), "/%s", name);
	return shm_unlink(path);
}

const char *pq_name(const struct pqueue *q)
{
	return q->name;
}

uint32_t pq_slot_size(const struct pqueue *q)
{
	return q->slot_size;
}

uint32_t pq_nslots(const struct pqueue *q)
{
	return q->nslots;
}

/* --- enqueue --- */

/* Raises the hint *h to at least v (never lowers it: another party may
 * already have moved it further). One CAS in the common case. */
static inline void hint_raise(_Atomic uint64_t *h, uint64_t v)
{
	uint64_t cur = atomic_load_explicit(h, memory_order_relaxed);
	while (cur < v && !atomic_compare_exchange_weak_explicit(
				  h, &cur, v, memory_order_relaxed,
				  memory_order_relaxed))
		;
}

/* Claims up to `want` consecutive producer positions, the first at or after
 * the head hint. Each slot is claimed on its own (CAS for mp, store for sp),
 * so a process killed between claims leaves only whole claims behind; head
 * is then raised once past the run. Returns the number claimed (0: ring
 * full) and the first position in *first. */
static unsigned claim_put(struct pqueue *q, bool mp, unsigned want,
			  uint64_t *first)
{
	const uint32_t me = self_pid();
	const uint64_t n = q->nslots;
	uint64_t pos = atomic_load_explicit(&q->head, memory_order_relaxed);

	for (;;) {
		struct pq_slot *s = slot_at(q, pos);
		uint64_t w = atomic_load_explicit(&s->state,
						  memory_order_acquire);
		int64_t d = w_diff(w, pos);
		unsigned st = w_state(w);

		if (d == 0 && st == ST_FREE) {
			uint64_t claim = mk(pos, ST_WRITING, me);
			if (mp) {
				if (!atomic_compare_exchange_weak_explicit(
					    &s->state, &w, claim,
					    memory_order_acquire,
					    memory_order_relaxed)) {
					pos = atomic_load_explicit(
						&q->head, memory_order_relaxed);
					continue;
				}
			} else {
				atomic_store_explicit(&s->state, claim,
						      memory_order_relaxed);
			}
			break;
		}
		if (d >= 0) {
			/* Position pos is already taken: head lags. Help it. */
			uint64_t h = pos;
			atomic_compare_exchange_strong_explicit(
				&q->head, &h, pos + 1, memory_order_relaxed,
				memory_order_relaxed);
			pos = atomic_load_explicit(&q->head,
						   memory_order_relaxed);
			continue;
		}
		/* d < 0: the slot still holds the frame of the previous lap. A
		 * consumer that died while copying it out is the one case a
		 * producer repairs; anything else means the ring is full. */
		if (d == -(int64_t)n && st == ST_READING && pid_dead(w_pid(w))) {
			atomic_compare_exchange_strong_explicit(
				&s->state, &w, mk(pos, ST_FREE, 0),
				memory_order_acq_rel, memory_order_relaxed);
			continue;
		}
		uint64_t h2 = atomic_load_explicit(&q->head,
						   memory_order_relaxed);
		if (h2 != pos) {
			pos = h2;
			continue;
		}
		return 0;
	}
	/* The rest of the run: stop at the first slot that is not free for
	 * its position (ring full there, or another producer got it). The
	 * slot lines were last written by a consumer on another core: ask for
	 * them all at once so their transfers overlap. */
	for (unsigned i = 1; i < want && i < PREFETCH_MAX; i++)
		__builtin_prefetch(slot_at(q, pos + i), 1);
	unsigned k = 1;
	while (k < want) {
		uint64_t p = pos + k;
		struct pq_slot *s = slot_at(q, p);
		uint64_t w = atomic_load_explicit(&s->state,
						  memory_order_acquire);
		if (w_diff(w, p) != 0 || w_state(w) != ST_FREE)
			break;
		uint64_t claim = mk(p, ST_WRITING, me);
		if (mp) {
			if (!atomic_compare_exchange_strong_explicit(
				    &s->state, &w, claim, memory_order_acquire,
				    memory_order_relaxed))
				break;
		} else {
			atomic_store_explicit(&s->state, claim,
					      memory_order_relaxed);
		}
		k++;
	}
	if (mp)
		hint_raise(&q->head, pos + k);
	else
		atomic_store_explicit(&q->head, pos + k, memory_order_relaxed);
	*first = pos;
	return k;
}

static void fill_slot(struct pqueue *q, uint64_t pos, const struct pq_meta *m,
		      const void *data)
{
	struct pq_slot *s = slot_at(q, pos);
	uint32_t cl = m->caplen;
	if (cl > q->slot_size)
		cl = q->slot_size;
	s->ts_ns = m->ts_ns;
	s->ifindex = m->ifindex;
	s->dir = m->dir;
	s->caplen = cl;
	s->len = m->len;
	if (cl)
		memcpy(s->data, data, cl);
	atomic_store_explicit(&s->state, mk(pos, ST_READY, 0),
			      memory_order_release);
}

/* Queues frames in order until all are in or the ring is full; one
 * consumer wake-up check for the whole burst. Returns the number queued. */
static unsigned enqueue_burst(struct pqueue *q, const struct pq_meta *m,
			      const void *const *data, unsigned nf, bool mp)
{
	unsigned done = 0;
	while (done < nf) {
		uint64_t pos;
		unsigned k = claim_put(q, mp, nf - done, &pos);
		if (k == 0)
			break;
		/* Each slot is published as soon as it is filled, so a
		 * consumer can start on the first while the rest is copied. */
		for (unsigned i = 0; i < k; i++)
			fill_slot(q, pos + i, &m[done + i], data[done + i]);
		done += k;
	}
	if (done)
		wake_consumers(q);
	if (done < nf)
		atomic_fetch_add_explicit(&q->full, nf - done,
					  memory_order_relaxed);
	return done;
}

int pq_enqueue_sp(struct pqueue *q, const struct pq_meta *m, const void *data)
{
	return enqueue_burst(q, m, &data, 1, false) == 1 ? 0 : -1;
}

int pq_enqueue_mp(struct pqueue *q, const struct pq_meta *m, const void *data)
{
	return enqueue_burst(q, m, &data, 1, true) == 1 ? 0 : -1;
}

unsigned pq_enqueue_burst_sp(struct pqueue *q, const struct pq_meta *m,
			     const void *const *data, unsigned n)
{
	return enqueue_burst(q, m, data, n, false);
}

unsigned pq_enqueue_burst_mp(struct pqueue *q, const struct pq_meta *m,
			     const void *const *data, unsigned n)
{
	return enqueue_burst(q, m, data, n, true);
}

/* --- dequeue --- */

/* Claims up to `want` consecutive READY positions starting at the first
 * frame at or after the tail hint, then raises tail once past them.
 * Returns the number claimed (0: nothing ready) and the first position.
 * check_dead: test whether a producer seen mid-copy at the tail is still
 * alive (a syscall), and if not take its slot over and discard it. */
static unsigned claim_get(struct pqueue *q, bool mc, bool check_dead,
			  unsigned want, uint64_t *first)
{
	const uint32_t me = self_pid();
	const uint64_t n = q->nslots;
	uint64_t pos = atomic_load_explicit(&q->tail, memory_order_relaxed);

	for (;;) {
		struct pq_slot *s = slot_at(q, pos);
		uint64_t w = atomic_load_explicit(&s->state,
						  memory_order_acquire);
		int64_t d = w_diff(w, pos);
		unsigned st = w_state(w);

		if (d == 0 && st == ST_READY) {
			uint64_t claim = mk(pos, ST_READING, me);
			if (mc) {
				if (!atomic_compare_exchange_weak_explicit(
					    &s->state, &w, claim,
					    memory_order_acquire,
					    memory_order_relaxed)) {
					pos = atomic_load_explicit(
						&q->tail, memory_order_relaxed);
					continue;
				}
			} else {
				atomic_store_explicit(&s->state, claim,
						      memory_order_relaxed);
			}
			break;
		}
		if (d == 0 && st == ST_WRITING) {
			if (!check_dead || !pid_dead(w_pid(w)))
				return 0; /* a live producer is copying */
			/* Its producer died mid-copy: take the slot over and
			 * discard it. */
			uint64_t claim = mk(pos, ST_READING, me);
			if (!atomic_compare_exchange_strong_explicit(
				    &s->state, &w, claim, memory_order_acquire,
				    memory_order_relaxed))
				continue;
			uint64_t t = pos;
			atomic_compare_exchange_strong_explicit(
				&q->tail, &t, pos + 1, memory_order_relaxed,
				memory_order_relaxed);
			atomic_fetch_add_explicit(&q->abandoned, 1,
						  memory_order_relaxed);
			atomic_store_explicit(&s->state,
					      mk(pos + n, ST_FREE, 0),
					      memory_order_release);
			pos = atomic_load_explicit(&q->tail,
						   memory_order_relaxed);
			continue;
		}
		if (d == 0 && st == ST_FREE)
			return 0; /* not produced yet */
		if (d > 0 || (d == 0 && st == ST_READING)) {
			/* Already taken by another consumer: tail lags. */
			uint64_t t = pos;
			atomic_compare_exchange_strong_explicit(
				&q->tail, &t, pos + 1, memory_order_relaxed,
				memory_order_relaxed);
			pos = atomic_load_explicit(&q->tail,
						   memory_order_relaxed);
			continue;
		}
		/* d < 0: a consumer of the previous lap is still copying out of
		 * this slot, so position pos has not been produced. */
		uint64_t t2 = atomic_load_explicit(&q->tail,
						   memory_order_relaxed);
		if (t2 != pos) {
			pos = t2;
			continue;
		}
		return 0;
	}
	/* The rest of the run: stop at the first frame not ready (a slot
	 * mid-copy is left for the next call, which checks its producer). */
	for (unsigned i = 1; i < want && i < PREFETCH_MAX; i++)
		__builtin_prefetch(slot_at(q, pos + i), 1);
	unsigned k = 1;
	while (k < want) {
		uint64_t p = pos + k;
		struct pq_slot *s = slot_at(q, p);
		uint64_t w = atomic_load_explicit(&s->state,
						  memory_order_acquire);
		if (w_diff(w, p) != 0 || w_state(w) != ST_READY)
			break;
		uint64_t claim = mk(p, ST_READING, me);
		if (mc) {
			if (!atomic_compare_exchange_strong_explicit(
				    &s->state, &w, claim, memory_order_acquire,
				    memory_order_relaxed))
				break;
		} else {
			atomic_store_explicit(&s->state, claim,
					      memory_order_relaxed);
		}
		k++;
	}
	if (mc)
		hint_raise(&q->tail, pos + k);
	else
		atomic_store_explicit(&q->tail, pos + k, memory_order_relaxed);
	*first = pos;
	return k;
}

/* Copies the claimed frame at pos out (m NULL: discards it) and frees the
 * slot for the next lap. */
static void drain_slot(struct pqueue *q, uint64_t pos, struct pq_meta *m,
		       void *buf, size_t buflen)
{
	struct pq_slot *s = slot_at(q, pos);
	if (m) {
		m->ts_ns = s->ts_ns;
		m->ifindex = s->ifindex;
		m->dir = s->dir;
		m->caplen = s->caplen;
		m->len = s->len;
		size_t cl = s->caplen;
		if (cl > q->slot_size)
			cl = q->slot_size;
		if (cl > buflen)
			cl = buflen;
		if (cl)
			memcpy(buf, s->data, cl);
	}
	atomic_store_explicit(&s->state, mk(pos + q->nslots, ST_FREE, 0),
			      memory_order_release);
}

/* Takes up to n frames: frame i goes to m[i] and buf + i * buflen (m NULL:
 * the frames are discarded). Returns the number taken. */
static unsigned dequeue_burst(struct pqueue *q, struct pq_meta *m, void *buf,
			      size_t buflen, unsigned n, bool mc,
			      bool check_dead)
{
	uint64_t pos;
	unsigned k = claim_get(q, mc, check_dead, n, &pos);
	for (unsigned i = 0; i < k; i++)
		drain_slot(q, pos + i, m ? &m[i] : NULL,
			   m && buf ? (uint8_t *)buf + (size_t)i * buflen
				    : NULL,
			   buf ? buflen : 0);
	return k;
}

/* Liveness checks cost a syscall; a polling consumer does one every
 * DEAD_CHECK_EVERY-th time it finds the tail slot mid-copy. */
#define DEAD_CHECK_EVERY 4096u
static _Thread_local unsigned busy_polls;

int pq_dequeue_sc(struct pqueue *q, struct pq_meta *m, void *buf,
		  size_t buflen)
{
	return (int)dequeue_burst(q, m, buf, buflen, 1, false,
				  (++busy_polls % DEAD_CHECK_EVERY) == 0);
}

int pq_dequeue_mc(struct pqueue *q, struct pq_meta *m, void *buf,
		  size_t buflen)
{
	return (int)dequeue_burst(q, m, buf, buflen, 1, true,
				  (++busy_polls % DEAD_CHECK_EVERY) == 0);
}

unsigned pq_dequeue_burst_sc(struct pqueue *q, struct pq_meta *m, void *buf,
			     size_t buflen, unsigned n)
{
	return dequeue_burst(q, m, buf, buflen, n, false,
			     (++busy_polls % DEAD_CHECK_EVERY) == 0);
}

unsigned pq_dequeue_burst_mc(struct pqueue *q, struct pq_meta *m, void *buf,
			     size_t buflen, unsigned n)
{
	return dequeue_burst(q, m, buf, buflen, n, true,
			     (++busy_polls % DEAD_CHECK_EVERY) == 0);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep at most this long per futex wait, so a producer that died mid-copy
 * at the tail is noticed promptly. */
#define WAIT_SLICE_MS 20

int pq_dequeue_burst_wait(struct pqueue *q, struct pq_meta *m, void *buf,
			  size_t buflen, unsigned n, int timeout_ms)
{
	int64_t deadline = timeout_ms < 0 ? INT64_MAX : now_ms() + timeout_ms;
	bool check = false;
	unsigned k;

	if (n == 0)
		return 0;
	for (;;) {
		if ((k = dequeue_burst(q, m, buf, buflen, n, true, check)))
			return (int)k;
		uint32_t seq = atomic_load_explicit(&q->wake,
						    memory_order_seq_cst);
		atomic_store_explicit(&q->sleeping, 1, memory_order_seq_cst);
		atomic_thread_fence(memory_order_seq_cst);
		if ((k = dequeue_burst(q, m, buf, buflen, n, true, check)))
			return (int)k;
		int64_t left = deadline == INT64_MAX ? WAIT_SLICE_MS
						     : deadline - now_ms();
		if (left <= 0)
			return 0;
		int slice = left > WAIT_SLICE_MS ? WAIT_SLICE_MS : (int)left;
		if (futex_wait(&q->wake, seq, slice) == -1) {
			if (errno == EINTR)
				return -1;
			/* ETIMEDOUT: maybe a dead producer holds the tail. */
			check = errno == ETIMEDOUT;
		} else {
			check = false;
		}
	}
}

int pq_dequeue_wait(struct pqueue *q, struct pq_meta *m, void *buf,
		    size_t buflen, int timeout_ms)
{
	return pq_dequeue_burst_wait(q, m, buf, buflen, 1, timeout_ms);
}

uint64_t pq_reset(struct pqueue *q)
{
	uint64_t n = 0;
	unsigned k;
	while ((k = dequeue_burst(q, NULL, NULL, 0, 64, true, true)))
		n += k;
	/* Order matters for readers of pq_get_stats: both derived counters
	 * subtract base and abandoned, so their difference stays exact. */
	atomic_store_explicit(&q->base,
			      atomic_load_explicit(&q->tail,
						   memory_order_relaxed),
			      memory_order_relaxed);
	atomic_store_explicit(&q->abandoned, 0, memory_order_relaxed);
	atomic_store_explicit(&q->full, 0, memory_order_relaxed);
	return n;
}

void pq_get_stats(const struct pqueue *q, struct pq_stats *st)
{
	struct pqueue *qq = (struct pqueue *)q;
	uint64_t base = atomic_load_explicit(&qq->base, memory_order_relaxed);
	uint64_t ab = atomic_load_explicit(&qq->abandoned, memory_order_relaxed);
	uint64_t t = atomic_load_explicit(&qq->tail, memory_order_acquire);
	uint64_t h = atomic_load_explicit(&qq->head, memory_order_acquire);
	/* head is a hint and can trail tail by one when a producer died
	 * between claiming a slot and advancing head. */
	if (h < t)
		h = t;
	if (t - base < ab)
		ab = t - base;
	memset(st, 0, sizeof(*st));
	st->head = h & (q->nslots - 1);
	st->tail = t & (q->nslots - 1);
	st->inserted = h - base - ab;
	st->retrieved = t - base - ab;
	st->in_queue = h - t;
	st->full = atomic_load_explicit(&qq->full, memory_order_relaxed);
	st->abandoned = ab;
	st->nslots = q->nslots;
	st->slot_size = q->slot_size;
}

void pq_status_print(const struct pqueue *q, struct outbuf *o)
{
	struct pq_stats st;
	pq_get_stats(q, &st);
	ob_puts(o, "packet queue ");
	ob_puts(o, q->name);
	ob_puts(o, "\n  head ");
	ob_u64(o, st.head);
	ob_puts(o, "\n  tail ");
	ob_u64(o, st.tail);
	ob_puts(o, "\n  inserted ");
	ob_u64(o, st.inserted);
	ob_puts(o, "\n  full ");
	ob_u64(o, st.full);
	ob_puts(o, "\n  retrieved ");
	ob_u64(o, st.retrieved);
	ob_putc(o, '\n');
}
