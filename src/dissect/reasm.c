/* reasm.c — bounded IPv4/IPv6 fragment reassembly table (see reasm.h). */
#include "reasm.h"
#include "../core/alloc.h"

#include <stdlib.h>
#include <string.h>

struct dgram {
	bool used;
	uint8_t af, proto;
	uint8_t src[16], dst[16];
	uint32_t id;
	int64_t first_ts;   /* time of the first fragment seen */
	uint64_t seq;       /* insertion order, for eviction */
	uint32_t total;     /* payload length, known once the last fragment is seen */
	bool have_last;
	uint32_t nfrags;
	struct reasm_frag frags[REASM_MAX_FRAGS];
	uint8_t *buf;       /* 65535 + 8 bytes, allocated on first use */
};

static struct dgram table[REASM_MAX_DATAGRAMS];
static uint64_t seqno;

#define REASM_BUF (65535u + 8u)

static void drop(struct dgram *d)
{
	xfree(d->buf);
	memset(d, 0, sizeof(*d));
}

void reasm_reset(void)
{
	for (int i = 0; i < REASM_MAX_DATAGRAMS; i++)
		if (table[i].used)
			drop(&table[i]);
}

static bool same(const struct dgram *d, int af, const uint8_t *src,
		 const uint8_t *dst, uint32_t id, uint8_t proto)
{
	size_t n = af == 4 ? 4 : 16;
	return d->used && d->af == af && d->id == id && d->proto == proto &&
	       memcmp(d->src, src, n) == 0 && memcmp(d->dst, dst, n) == 0;
}

static int cmp_frag(const void *a, const void *b)
{
	const struct reasm_frag *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

bool reasm_add(struct packet *pk, int af, const uint8_t *src,
	       const uint8_t *dst, uint32_t id, uint8_t proto, uint32_t off,
	       const uint8_t *p, uint32_t len, bool more,
	       struct reasm_done *out)
{
	if ((uint64_t)off + len > REASM_BUF)
		return false;
	struct dgram *d = NULL, *free_slot = NULL, *oldest = NULL;
	/* One pass: find the datagram, expire stale ones, note a free slot
	 * and the oldest entry. Cost: REASM_MAX_DATAGRAMS per fragment. */
	for (int i = 0; i < REASM_MAX_DATAGRAMS; i++) {
		struct dgram *e = &table[i];
		if (e->used && pk->ts - e->first_ts > REASM_TIMEOUT_NS)
			drop(e);
		if (!e->used) {
			if (!free_slot)
				free_slot = e;
			continue;
		}
		if (same(e, af, src, dst, id, proto))
			d = e;
		if (!oldest || e->seq < oldest->seq)
			oldest = e;
	}
	if (!d) {
		if (!free_slot) {
			drop(oldest);
			free_slot = oldest;
		}
		d = free_slot;
		d->used = true;
		d->af = (uint8_t)af;
		d->proto = proto;
		memcpy(d->src, src, af == 4 ? 4 : 16);
		memcpy(d->dst, dst, af == 4 ? 4 : 16);
		d->id = id;
		d->first_ts = pk->ts;
		d->seq = ++seqno;
	}
	if (!d->buf)
		d->buf = xmalloc(REASM_BUF);
	if (d->nfrags == REASM_MAX_FRAGS) {
		drop(d);
		return false;
	}
	memcpy(d->buf + off, p, len);
	/* A retransmitted fragment (same offset and length) replaces the
	 * earlier copy instead of being counted twice. */
	uint32_t k;
	for (k = 0; k < d->nfrags; k++)
		if (d->frags[k].off == off && d->frags[k].len == len)
			break;
	d->frags[k].frame = pk->num;
	d->frags[k].off = off;
	d->frags[k].len = len;
	if (k == d->nfrags)
		d->nfrags++;
	if (!more) {
		d->have_last = true;
		d->total = off + len;
	}
	if (!d->have_last)
		return false;
	qsort(d->frags, d->nfrags, sizeof(d->frags[0]), cmp_frag);
	uint32_t covered = 0;
	for (uint32_t i = 0; i < d->nfrags; i++) {
		if (d->frags[i].off > covered)
			return false;
		uint32_t end = d->frags[i].off + d->frags[i].len;
		if (end > covered)
			covered = end;
	}
	if (covered < d->total)
		return false;
	uint8_t *data = arena_alloc(&pk->arena, d->total ? d->total : 1);
	memcpy(data, d->buf, d->total);
	struct reasm_frag *fr = arena_alloc(&pk->arena, d->nfrags * sizeof(*fr));
	memcpy(fr, d->frags, d->nfrags * sizeof(*fr));
	out->data = data;
	out->len = d->total;
	out->nfrags = d->nfrags;
	out->frags = fr;
	drop(d);
	return true;
}
