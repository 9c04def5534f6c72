/* reassemble.c — in-order TCP byte streams and the PDU accumulator (see
 * reassemble.h for the policy). Sequence arithmetic is modulo 2^32. */
#include "reassemble.h"
#include "../core/alloc.h"

#include <string.h>

struct reasm_held {
	struct reasm_held *next;
	uint32_t seq;
	uint32_t len;
	uint64_t frame;
	uint8_t data[];
};

static inline int32_t sdiff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

void reasm_init(struct reasm_dir *d, uint32_t cap)
{
	memset(d, 0, sizeof(*d));
	d->cap = cap ? cap : REASM_DEFAULT_CAP;
}

void reasm_release(struct reasm_dir *d)
{
	struct reasm_held *h = d->held;
	while (h) {
		struct reasm_held *n = h->next;
		xfree(h);
		h = n;
	}
	d->held = NULL;
	d->held_bytes = 0;
	d->nheld = 0;
}

void reasm_set_isn(struct reasm_dir *d, uint32_t isn)
{
	if (d->next_off == 0 && !d->held) {
		d->started = true;
		d->next_seq = isn + 1;
	}
}

/* Delivers [seq, seq+len) clipped to what is new; seq <= next_seq. */
static void deliver(struct reasm_dir *d, uint32_t seq, const uint8_t *p,
		    uint32_t len, uint64_t frame, reasm_data_fn cb, void *user)
{
	uint32_t skip = (uint32_t)sdiff(d->next_seq, seq);
	if (skip >= len) {
		d->dup_bytes += len;
		return;
	}
	d->dup_bytes += skip;
	uint32_t n = len - skip;
	if (cb)
		cb(user, d->next_off, p + skip, n, frame);
	d->next_seq += n;
	d->next_off += n;
}

/* Delivers held segments that became contiguous (or stale). */
static void drain(struct reasm_dir *d, reasm_data_fn cb, void *user)
{
	while (d->held && sdiff(d->held->seq, d->next_seq) <= 0) {
		struct reasm_held *h = d->held;
		d->held = h->next;
		d->held_bytes -= h->len;
		d->nheld--;
		deliver(d, h->seq, h->data, h->len, h->frame, cb, user);
		xfree(h);
	}
}

/* Reports the hole before the first held segment as a gap and moves on. */
static void skip_hole(struct reasm_dir *d, reasm_data_fn cb, void *user)
{
	if (!d->held)
		return;
	uint32_t miss = (uint32_t)sdiff(d->held->seq, d->next_seq);
	if (miss) {
		if (cb)
			cb(user, d->next_off, NULL, miss, 0);
		d->gap_bytes += miss;
		d->ngaps++;
		d->next_seq += miss;
		d->next_off += miss;
	}
	drain(d, cb, user);
}

static void hold(struct reasm_dir *d, uint32_t seq, const uint8_t *p,
		 uint32_t len, uint64_t frame)
{
	/* Insert sorted by seq; equal seqs keep arrival order so the first
	 * copy received wins when delivered. */
	struct reasm_held **pp = &d->held;
	while (*pp && sdiff((*pp)->seq, seq) <= 0)
		pp = &(*pp)->next;
	struct reasm_held *h = xmalloc(sizeof(*h) + len);
	h->seq = seq;
	h->len = len;
	h->frame = frame;
	memcpy(h->data, p, len);
	h->next = *pp;
	*pp = h;
	d->held_bytes += len;
	d->nheld++;
}

uint32_t reasm_segment(struct reasm_dir *d, uint32_t seq, const uint8_t *p,
		       uint32_t len, uint64_t frame, reasm_data_fn cb,
		       void *user)
{
	if (len == 0)
		return 0;
	if (!d->started) {
		d->started = true;
		d->next_seq = seq;
	}
	int32_t ahead = sdiff(seq, d->next_seq);
	if (ahead <= 0) {
		uint64_t before = d->next_off;
		deliver(d, seq, p, len, frame, cb, user);
		uint32_t fresh = (uint32_t)(d->next_off - before);
		drain(d, cb, user);
		return fresh;
	}
	/* Beyond the next expected byte: hold it, within the cap. A
	 * segment larger than the cap alone is never held: the hole before
	 * it is given up and it is delivered at once. */
	if (len > d->cap) {
		while (d->held)
			skip_hole(d, cb, user);
		ahead = sdiff(seq, d->next_seq);
		if (ahead > 0) {
			if (cb)
				cb(user, d->next_off, NULL, (uint32_t)ahead, 0);
			d->gap_bytes += (uint32_t)ahead;
			d->ngaps++;
			d->next_seq = seq;
			d->next_off += (uint32_t)ahead;
		}
		uint64_t before = d->next_off;
		deliver(d, seq, p, len, frame, cb, user);
		return (uint32_t)(d->next_off - before);
	}
	while (d->held && d->held_bytes + len > d->cap)
		skip_hole(d, cb, user);
	ahead = sdiff(seq, d->next_seq);
	if (ahead <= 0) {
		uint64_t before = d->next_off;
		deliver(d, seq, p, len, frame, cb, user);
		drain(d, cb, user);
		return (uint32_t)(d->next_off - before);
	}
	hold(d, seq, p, len, frame);
	return len;
}

void reasm_flush(struct reasm_dir *d, reasm_data_fn cb, void *user)
{
	while (d->held)
		skip_hole(d, cb, user);
}

void reasm_pdu_init(struct reasm_pdu *m, uint32_t cap)
{
	memset(m, 0, sizeof(*m));
	m->cap = cap ? cap : REASM_PDU_DEFAULT_CAP;
}

void reasm_pdu_release(struct reasm_pdu *m)
{
	reasm_pdu_drop_bytes(m);
	m->active = false;
}

void reasm_pdu_clear(struct reasm_pdu *m)
{
	m->active = m->done = m->entire = false;
	m->nranges = 0;
	m->nfrags = 0;
	m->tot = 0;
	if (m->bufcap > REASM_PDU_KEEP)
		reasm_pdu_drop_bytes(m);
}

void reasm_pdu_drop_bytes(struct reasm_pdu *m)
{
	xfree(m->buf);
	xfree(m->r);
	xfree(m->frags);
	m->frags = NULL;
	m->nfrags = m->capfrags = 0;
	m->buf = NULL;
	m->r = NULL;
	m->bufcap = 0;
	m->nranges = 0;
}

uint8_t *reasm_pdu_take_bytes(struct reasm_pdu *m, bool keep)
{
	uint8_t *old = m->buf;
	uint32_t cap = m->bufcap;
	m->buf = NULL;
	m->bufcap = 0;
	if (keep && old) {
		m->buf = xmalloc(cap);
		m->bufcap = cap;
		memcpy(m->buf, old, m->tot);
	}
	return old;
}

static bool reserve(struct reasm_pdu *m, uint32_t n)
{
	if (n > m->cap)
		return false;
	if (!m->r)
		m->r = xmalloc(REASM_PDU_RANGES * sizeof(*m->r));
	if (n <= m->bufcap)
		return true;
	uint32_t c = m->bufcap ? m->bufcap : 2048;
	while (c < n)
		c = c > m->cap / 2 ? m->cap : c * 2;
	m->buf = xrealloc(m->buf, c);
	m->bufcap = c;
	return true;
}

bool reasm_pdu_start(struct reasm_pdu *m, uint32_t seq, uint32_t nxtpdu,
		     bool entire, uint64_t frame)
{
	reasm_pdu_clear(m);
	if (nxtpdu - seq > m->cap)
		return false;
	m->seq = seq;
	m->nxtpdu = nxtpdu;
	m->entire = entire;
	m->first_frame = m->last_frame = frame;
	m->active = true;
	/* The size is known (a lower bound when entire): one allocation
	 * instead of doubling as segments arrive, up to 64 KiB so a PDU that
	 * never completes does not reserve more than it received by much. */
	uint32_t want = nxtpdu - seq;
	reserve(m, want < 65536u ? want : 65536u);
	return true;
}

bool reasm_pdu_add(struct reasm_pdu *m, uint32_t off, const uint8_t *p,
		   uint32_t n, bool more, uint64_t frame)
{
	if (!m->active)
		return false;
	if (n > m->cap || off > m->cap - n || !reserve(m, off + n)) {
		reasm_pdu_clear(m);
		return false;
	}
	uint32_t lo = off, hi = off + n;
	bool overlap = false;
	for (uint16_t i = 0; i < m->nranges && !overlap; i++)
		overlap = m->r[i].lo < hi && lo < m->r[i].hi;
	/* Copy only bytes not covered yet (the first copy wins), then merge
	 * [lo, hi) into the sorted range table. */
	uint32_t pos = lo;
	for (uint16_t i = 0; i < m->nranges && pos < hi; i++) {
		if (m->r[i].hi <= pos)
			continue;
		if (m->r[i].lo >= hi)
			break;
		if (m->r[i].lo > pos)
			memcpy(m->buf + pos, p + (pos - off), m->r[i].lo - pos);
		pos = m->r[i].hi;
	}
	if (pos < hi)
		memcpy(m->buf + pos, p + (pos - off), hi - pos);
	uint16_t i = 0;
	while (i < m->nranges && m->r[i].hi < lo)
		i++;
	uint16_t j = i;
	while (j < m->nranges && m->r[j].lo <= hi) {
		if (m->r[j].lo < lo)
			lo = m->r[j].lo;
		if (m->r[j].hi > hi)
			hi = m->r[j].hi;
		j++;
	}
	if (i == j) {
		if (m->nranges == REASM_PDU_RANGES) {
			reasm_pdu_clear(m);
			return false;
		}
		memmove(&m->r[i + 1], &m->r[i], (m->nranges - i) * sizeof(m->r[0]));
		m->nranges++;
	} else if (j > i + 1) {
		memmove(&m->r[i + 1], &m->r[j], (m->nranges - j) * sizeof(m->r[0]));
		m->nranges = (uint16_t)(m->nranges - (j - i - 1));
	}
	m->r[i].lo = lo;
	m->r[i].hi = hi;
	if (!more)
		m->tot = off + n;
	m->last_frame = frame;
	/* the fragment list, kept in offset order (fragments nearly always
	 * arrive in order: the insertion is an append) */
	if (m->nfrags == m->capfrags) {
		m->capfrags = m->capfrags ? m->capfrags * 2 : 16;
		m->frags = xrealloc(m->frags, m->capfrags * sizeof(*m->frags));
	}
	uint32_t k = m->nfrags;
	while (k && m->frags[k - 1].off > off) {
		m->frags[k] = m->frags[k - 1];
		k--;
	}
	m->frags[k] = (struct reasm_frag){ frame, off, n, overlap };
	m->nfrags++;
	return true;
}
