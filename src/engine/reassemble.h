/* reassemble.h — TCP byte-stream reassembly: in-order bytes per direction,
 * tolerant of retransmission, overlap and out-of-order arrival; missing
 * data is reported as a gap, never invented.
 *
 * Two layers:
 *
 * 1. The byte stream (struct reasm_dir): feed it every segment of one
 *    direction with reasm_segment(); it calls your callback with the bytes
 *    in stream order, exactly once each. This is what `-z follow,tcp` and
 *    flow extraction consume. Policy, matching Wireshark's follow:
 *      - the stream starts at ISN+1 when a SYN was seen (reasm_set_isn),
 *        else at the first segment carrying data;
 *      - bytes already delivered are dropped (retransmissions); of two
 *        overlapping segments the first one received wins;
 *      - a segment beyond the next expected byte is copied and held until
 *        the hole fills;
 *      - when the held bytes would exceed the direction's cap, the hole is
 *        given up: a gap of exactly the missing length is reported
 *        (data == NULL) and delivery continues with the held bytes;
 *      - reasm_flush() at the end (or when the connection closes) reports
 *        every remaining hole as a gap and delivers what is held.
 *    Memory: the struct itself plus at most `cap` held bytes (plus one
 *    small header per held segment). Held segments are allocated with
 *    xmalloc; in-order segments are passed through without a copy.
 *
 * 2. The PDU accumulator (struct reasm_pdu): for application dissectors
 *    whose messages span segments (Wireshark's desegmentation: the
 *    dissector says "I need N more bytes", pinfo->desegment_len). The TCP
 *    dissector drives it; application dissectors only see the contract in
 *    src/dissect/tcp.h (struct tcp_pdu_ctx). It holds the bytes of one
 *    PDU per direction, bounded by its cap.
 *
 * Sequence numbers are raw 32-bit TCP sequence numbers; comparisons are
 * modulo 2^32. Stream offsets are 64-bit byte counts from the stream start.
 * Not thread-safe; one instance belongs to one conversation direction.
 */
#ifndef TAPIR_ENGINE_REASSEMBLE_H
#define TAPIR_ENGINE_REASSEMBLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Default cap on bytes held out of order, per direction. */
#define REASM_DEFAULT_CAP (1u << 20)

struct reasm_held;

/* Delivery callback. data/len: the next bytes of the stream, starting at
 * stream offset off; data == NULL means a gap of len missing bytes at off.
 * frame: the frame that carried the bytes (0 for a gap). data is valid
 * only during the call. */
typedef void (*reasm_data_fn)(void *user, uint64_t off, const uint8_t *data,
			      uint32_t len, uint64_t frame);

struct reasm_dir {
	bool started;          /* stream start known */
	uint32_t next_seq;     /* sequence number of the next expected byte */
	uint64_t next_off;     /* stream offset of next_seq */
	uint32_t cap;          /* max bytes held out of order */
	uint32_t held_bytes;   /* bytes currently held */
	uint32_t nheld;        /* segments currently held */
	struct reasm_held *held; /* held segments, sorted by sequence */
	uint64_t gap_bytes;    /* bytes reported missing so far */
	uint32_t ngaps;        /* gaps reported so far */
	uint64_t dup_bytes;    /* bytes dropped as already delivered */
};

/* Initialises d (no allocation). cap 0 = REASM_DEFAULT_CAP. */
void reasm_init(struct reasm_dir *d, uint32_t cap);
/* Frees held segments; d can be reused after reasm_init. */
void reasm_release(struct reasm_dir *d);
/* Declares the SYN's sequence number: the stream starts at isn + 1. Only
 * effective before the first byte was delivered. */
void reasm_set_isn(struct reasm_dir *d, uint32_t isn);
/* Feeds one segment's payload (len may be 0: nothing happens). Calls cb
 * for every byte range that became deliverable, in order, possibly
 * including held segments the new one made contiguous, and gaps forced by
 * the cap. Returns the number of payload bytes of this segment that were
 * new (delivered now or held), 0 for a pure retransmission. */
uint32_t reasm_segment(struct reasm_dir *d, uint32_t seq, const uint8_t *p,
		       uint32_t len, uint64_t frame, reasm_data_fn cb,
		       void *user);
/* Delivers everything held, reporting the holes before them as gaps. */
void reasm_flush(struct reasm_dir *d, reasm_data_fn cb, void *user);

/* PDU accumulator: the bytes of one application PDU that spans segments
 * (Wireshark's multi-segment PDU, "MSP"). It covers sequence numbers
 * [seq, nxtpdu); segments may arrive in any order and overlap (the first
 * copy of a byte wins); it is complete when every byte of [0, tot) is
 * present, tot being fixed by the fragment added with more == false. */
#define REASM_PDU_DEFAULT_CAP (4u << 20)
#define REASM_PDU_RANGES 32

struct reasm_pdu {
	bool active;          /* a PDU is being collected */
	bool done;            /* it completed and was handed on */
	bool entire;          /* "one more segment": take the next one whole */
	uint32_t seq;         /* sequence number of buf[0] */
	uint32_t nxtpdu;      /* sequence number just past the PDU */
	uint32_t tot;         /* total length once known, else 0 */
	uint64_t first_frame; /* frame of the PDU's first segment */
	uint64_t last_frame;  /* frame of the latest segment added */
	uint8_t *buf;         /* xmalloc'ed, grows to at most cap */
	uint32_t bufcap;
	uint32_t cap;         /* max PDU bytes (default 4 MiB) */
	uint16_t nranges;     /* covered byte ranges [lo, hi), sorted */
	/* REASM_PDU_RANGES entries, xmalloc'ed with the first bytes and
	 * freed with them, so a PDU that was handed on costs no more than
	 * this struct (a few history slots per connection direction). */
	struct reasm_range { uint32_t lo, hi; } *r;
	/* Every fragment added, sorted by offset (for tshark's "[N
	 * Reassembled TCP Segments ...]" tree); freed with the bytes. */
	struct reasm_frag {
		uint64_t frame;
		uint32_t off, len;
		bool overlap; /* some of its bytes had come before */
	} *frags;
	uint32_t nfrags, capfrags;
};

void reasm_pdu_init(struct reasm_pdu *m, uint32_t cap);
void reasm_pdu_release(struct reasm_pdu *m);
/* Starts a PDU at seq that needs bytes up to nxtpdu (entire: the next
 * segment is taken whole and moves nxtpdu to its end). Drops any previous
 * PDU. Returns false (inactive) when nxtpdu - seq exceeds the cap. */
bool reasm_pdu_start(struct reasm_pdu *m, uint32_t seq, uint32_t nxtpdu,
		     bool entire, uint64_t frame);
/* Adds n bytes at offset off (from m->seq); more == false fixes the
 * total length at off + n. Returns false and abandons the PDU when the
 * cap or the range table would overflow. */
bool reasm_pdu_add(struct reasm_pdu *m, uint32_t off, const uint8_t *p,
		   uint32_t n, bool more, uint64_t frame);
/* True when the total is known and every byte of it is present. */
static inline bool reasm_pdu_complete(const struct reasm_pdu *m)
{
	return m->active && m->tot && m->nranges == 1 && m->r[0].lo == 0 &&
	       m->r[0].hi >= m->tot;
}
/* Drops the PDU. A buffer larger than REASM_PDU_KEEP is freed, so a
 * finished large PDU does not pin memory for the rest of the connection. */
#define REASM_PDU_KEEP 16384u
void reasm_pdu_clear(struct reasm_pdu *m);
/* Frees the PDU's bytes but keeps its sequence range and state (for a PDU
 * already handed on, which later segments are matched against). */
void reasm_pdu_drop_bytes(struct reasm_pdu *m);
/* Gives up the PDU's buffer (xmalloc'ed; the caller frees it, or hands it
 * to a packet arena) so a complete PDU is passed on without a copy; ranges
 * and state stay. With keep, the PDU keeps collecting (its dissector asked
 * for more): it gets a copy of its first tot bytes in a new buffer, and the
 * old one stays as it was for whoever holds pointers into it. */
uint8_t *reasm_pdu_take_bytes(struct reasm_pdu *m, bool keep);

#endif
