/* pqueue.h — shared-memory multi-producer/multi-consumer packet queue.
 *
 * A bounded ring of 2^k fixed-size slots living in one memory block (normally
 * a POSIX shm object in /dev/shm), usable by any number of processes at once.
 * Shape follows DPDK rte_ring.h: pq_memsize() + pq_init() on caller memory,
 * explicit single/multi producer and consumer calls.
 *
 * Concurrency design (see docs/tapd.md for the long version): lock-free, one
 * 64-bit state word per slot in the manner of Vyukov's bounded MPMC queue,
 * extended so that a slot is *claimed* by a CAS on the slot itself, which also
 * records the claimer's pid. head and tail are only hints that anyone may
 * advance ("helping"), so a process killed at any instruction leaves either
 * an unclaimed slot, a claimed slot whose owner's pid is dead (recovered by
 * the next producer or consumer that meets it), or a finished slot. No lock
 * is held across a slot copy; nothing ever waits on a dead process for more
 * than one liveness check (kill(pid, 0)).
 *
 * Counters: inserted and retrieved are derived from head and tail, so
 * inserted == retrieved + in-queue holds exactly at every instant, even when
 * processes are killed. `full` counts frames refused because the ring was
 * full. `abandoned` counts slots whose producer died mid-copy; such slots are
 * never delivered and count neither as inserted nor as retrieved.
 */
#ifndef TAPIR_QUEUE_PQUEUE_H
#define TAPIR_QUEUE_PQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct outbuf;

#define PQ_DEFAULT_NAME "tapir.pqueue.tap"
#define PQ_DEFAULT_SLOTS 8192u
#define PQ_DEFAULT_SLOT_SIZE 2048u
#define PQ_MAX_SLOTS (1u << 24)
#define PQ_MAX_SLOT_SIZE (1u << 18)
#define PQ_NAME_MAX 64

enum pq_dir {
	PQ_DIR_RX = 0,
	PQ_DIR_TX = 1,
};

/* Per-frame metadata stored beside the bytes. */
struct pq_meta {
	int64_t ts_ns;    /* capture time, ns since the epoch */
	uint32_t ifindex; /* tapd interface number (not the kernel ifindex) */
	uint32_t dir;     /* enum pq_dir */
	uint32_t caplen;  /* bytes stored (<= slot_size) */
	uint32_t len;     /* length on the wire */
};

struct pq_stats {
	uint64_t head;      /* producer position modulo nslots */
	uint64_t tail;      /* consumer position modulo nslots */
	uint64_t inserted;  /* frames queued since init/reset */
	uint64_t full;      /* frames refused: ring full */
	uint64_t retrieved; /* frames dequeued since init/reset */
	uint64_t in_queue;  /* inserted - retrieved */
	uint64_t abandoned; /* slots whose producer died mid-copy */
	uint32_t nslots;
	uint32_t slot_size;
};

/* The queue header; the slots follow it in the same block. Opaque: all
 * access goes through the functions below. */
struct pqueue;

/* Bytes needed for a queue of nslots slots of slot_size data bytes each.
 * nslots must be a power of two in [2, PQ_MAX_SLOTS] and slot_size in
 * [1, PQ_MAX_SLOT_SIZE]; returns 0 otherwise. */
size_t pq_memsize(uint32_t nslots, uint32_t slot_size);

/* Formats mem (at least pq_memsize() bytes, 64-byte aligned, zero or not) as
 * an empty queue named name (copied, truncated to PQ_NAME_MAX-1). The memory
 * may be shared between processes (MAP_SHARED) or private. Not safe against
 * concurrent users of the same memory. Returns the queue, or NULL (errno
 * EINVAL) for a bad geometry. */
struct pqueue *pq_init(void *mem, size_t memsize, uint32_t nslots,
		       uint32_t slot_size, const char *name);

/* Creates or re-opens the shm object /dev/shm/<name> (mode 0600) with the
 * given geometry. An existing object with the same geometry is reused as is
 * (frames in it are kept); one with another geometry or a bad header is
 * re-formatted. Returns NULL with a one-line message in err. */
struct pqueue *pq_create(const char *name, uint32_t nslots,
			 uint32_t slot_size, char *err, size_t errlen);
/* Maps an existing queue created by pq_create(). NULL + err on failure. */
struct pqueue *pq_open(const char *name, char *err, size_t errlen);
/* Unmaps a queue from pq_create/pq_open. NULL is ignored. */
void pq_close(struct pqueue *q);
/* Removes /dev/shm/<name>. Returns 0 or -1 (errno). */
int pq_unlink(const char *name);

const char *pq_name(const struct pqueue *q);
uint32_t pq_slot_size(const struct pqueue *q);
uint32_t pq_nslots(const struct pqueue *q);

/* Enqueue one frame: m->caplen bytes from data (truncated to slot_size; the
 * stored caplen says so). Never blocks. Returns 0, or -1 when the ring is
 * full (the frame is not queued and `full` is incremented).
 * _sp: only one thread in the whole system enqueues at a time;
 * _mp: any number of producers. Both are safe against any consumers. */
int pq_enqueue_sp(struct pqueue *q, const struct pq_meta *m, const void *data);
int pq_enqueue_mp(struct pqueue *q, const struct pq_meta *m, const void *data);

/* Enqueue up to n frames in one call: frame i is m[i] with m[i].caplen
 * bytes at data[i]. Frames go in in order until the ring is full; the
 * ones that did not fit (always the last n - k) are refused and counted in
 * `full`. Returns k, the number queued (0..n). Never blocks.
 * Cost: one claim per slot as for a single frame, but the head hint is
 * raised once per run of consecutive slots and the consumer wake-up check
 * (a full fence) is done once per call instead of once per frame. Each
 * frame is published as soon as it is copied in. A producer killed mid-burst
 * leaves frames already published (delivered normally), at most one slot
 * per claimed-but-unfilled frame (each reclaimed as `abandoned`), and the
 * rest unclaimed: the invariants above are unchanged.
 * _sp/_mp: as pq_enqueue_sp/_mp. */
unsigned pq_enqueue_burst_sp(struct pqueue *q, const struct pq_meta *m,
			     const void *const *data, unsigned n);
unsigned pq_enqueue_burst_mp(struct pqueue *q, const struct pq_meta *m,
			     const void *const *data, unsigned n);

/* Dequeue one frame without blocking: copies at most buflen bytes into buf
 * (m->caplen is the stored length; bytes past buflen are lost) and fills m.
 * Returns 1 when a frame was taken, 0 when none was ready.
 * _sc: only one consumer at a time; _mc: any number of consumers. */
int pq_dequeue_sc(struct pqueue *q, struct pq_meta *m, void *buf,
		  size_t buflen);
int pq_dequeue_mc(struct pqueue *q, struct pq_meta *m, void *buf,
		  size_t buflen);

/* Like pq_dequeue_mc but sleeps (futex on the shared memory, no spinning)
 * up to timeout_ms for a frame; timeout_ms < 0 waits forever. Returns 1
 * (frame), 0 (timed out) or -1 with errno EINTR when a signal arrived. */
int pq_dequeue_wait(struct pqueue *q, struct pq_meta *m, void *buf,
		    size_t buflen, int timeout_ms);

/* Dequeue up to n frames without blocking: frame i is copied to
 * buf + i * buflen (at most buflen bytes, as for pq_dequeue_sc) with its
 * metadata in m[i]. Takes the ready frames at the tail in order and stops at
 * the first one not ready. Returns the number taken (0..n); the tail hint
 * is raised once per call. The frames count as retrieved as soon as they
 * are claimed, so a consumer killed before it has used them loses up to n
 * frames (with single-frame calls: one) -- inserted = retrieved + in-queue
 * still holds exactly.
 * _sc/_mc: as pq_dequeue_sc/_mc. */
unsigned pq_dequeue_burst_sc(struct pqueue *q, struct pq_meta *m, void *buf,
			     size_t buflen, unsigned n);
unsigned pq_dequeue_burst_mc(struct pqueue *q, struct pq_meta *m, void *buf,
			     size_t buflen, unsigned n);

/* pq_dequeue_burst_mc that sleeps like pq_dequeue_wait until at least one
 * frame is ready. Returns the number taken (1..n), 0 (timed out, or n is
 * 0) or -1 with errno EINTR. */
int pq_dequeue_burst_wait(struct pqueue *q, struct pq_meta *m, void *buf,
			  size_t buflen, unsigned n, int timeout_ms);

/* Discards every queued frame and sets inserted/retrieved/full/abandoned to
 * zero. Safe while producers and consumers run (frames racing with the reset
 * may survive it). Returns the number of frames discarded. */
uint64_t pq_reset(struct pqueue *q);

/* Snapshot of the counters. in_queue == inserted - retrieved exactly. */
void pq_get_stats(const struct pqueue *q, struct pq_stats *st);

/* Writes the status block:
 *   packet queue NAME\n  head N\n  tail N\n  inserted N\n  full N\n
 *   retrieved N\n */
void pq_status_print(const struct pqueue *q, struct outbuf *o);

#endif
