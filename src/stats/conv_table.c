/* conv_table.c — conversation and endpoint tables (see conv_table.h). */
#include "conv_table.h"
#include "../core/alloc.h"

#include <string.h>

int addr_len(uint8_t type)
{
	switch (type) {
	case AT_ETHER: return 6;
	case AT_IPv4: return 4;
	case AT_IPv6: return 16;
	default: return 0;
	}
}

int addr_cmp(const struct address *a, const struct address *b)
{
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return memcmp(a->a, b->a, (size_t)addr_len(a->type));
}

/* Equality of two addresses, with the lengths known at compile time (the
 * lookups below compare on every probe that matches the hash). */
static inline bool addr_eq(const struct address *a, const struct address *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case AT_IPv4: return !memcmp(a->a, b->a, 4);
	case AT_IPv6: return !memcmp(a->a, b->a, 16);
	case AT_ETHER: return !memcmp(a->a, b->a, 6);
	default: return true;
	}
}

/* A word at a time (the tables hash twice per packet and tap):
 * multiply-xorshift per 64-bit word. Only equality matters; output order
 * never depends on it. */
static inline uint64_t mix64(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

/* Final avalanche (MurmurHash3's fmix64): every input bit reaches the low
 * bits, which pick the slot, and the high ones, kept as its tag. */
static inline uint64_t fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

/* Hashes an address with 16 more bits of key (a port) in one to three
 * words: type and extra in the first, an IPv4 address beside them. */
static inline uint64_t addr_hash(uint64_t h, const struct address *a,
				 uint16_t extra)
{
	uint64_t w = a->type | (uint64_t)extra << 8;
	uint64_t v1 = 0, v2 = 0;
	switch (a->type) {
	case AT_IPv4: {
		uint32_t v;
		memcpy(&v, a->a, 4);
		return mix64(h, w | (uint64_t)v << 32);
	}
	case AT_ETHER:
		memcpy(&v1, a->a, 6);
		return mix64(mix64(h, w), v1);
	case AT_IPv6:
		memcpy(&v1, a->a, 8);
		memcpy(&v2, a->a + 8, 8);
		return mix64(mix64(mix64(h, w), v1), v2);
	default:
		return mix64(h, w);
	}
}

/* Conversations are looked up with the endpoints in a canonical order (the
 * higher port first, else the lower address first), so both directions
 * find the same entry. */
struct ckey {
	const struct address *a1, *a2;
	uint16_t p1, p2;
	uint32_t id;
};

static void ckey_make(struct ckey *k, const struct address *src,
		      const struct address *dst, uint16_t sport, uint16_t dport,
		      uint32_t id)
{
	bool fwd;
	if (sport != dport)
		fwd = sport > dport;
	else
		fwd = addr_cmp(src, dst) < 0;
	k->a1 = fwd ? src : dst;
	k->a2 = fwd ? dst : src;
	k->p1 = fwd ? sport : dport;
	k->p2 = fwd ? dport : sport;
	k->id = id;
}

static uint64_t ckey_hash(const struct ckey *k)
{
	uint64_t h = 1469598103934665603ULL;
	h = addr_hash(h, k->a1, k->p1);
	h = addr_hash(h, k->a2, k->p2);
	return fmix64(mix64(h, k->id));
}

static bool ckey_eq(const struct ckey *k, const struct conv_item *c)
{
	struct ckey o;
	ckey_make(&o, &c->src, &c->dst, c->sport, c->dport, c->conv_id);
	return k->id == o.id && k->p1 == o.p1 && k->p2 == o.p2 &&
	       addr_eq(k->a1, o.a1) && addr_eq(k->a2, o.a2);
}

static uint64_t ekey_hash(const struct address *a, uint16_t port)
{
	return fmix64(addr_hash(1469598103934665603ULL, a, port));
}

/* Slot words: index + 1 below, the hash's high half above. */
#define SLOT_IDX(w) ((uint32_t)(w))
#define SLOT_TAG(h) ((h) & 0xffffffff00000000ULL)

static uint64_t item_hash(const struct ctab *t, uint32_t i, bool conv)
{
	if (conv) {
		const struct conv_item *c = (const struct conv_item *)t->items + i;
		struct ckey k;
		ckey_make(&k, &c->src, &c->dst, c->sport, c->dport, c->conv_id);
		return ckey_hash(&k);
	}
	const struct endpoint_item *e = (const struct endpoint_item *)t->items + i;
	return ekey_hash(&e->addr, e->port);
}

/* Makes room for one more entry: grows the array and keeps the index at
 * most half full (rehash is O(entries), amortised O(1) per new entry). */
static void grow(struct ctab *t, size_t isz, bool conv)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->items = xrealloc(t->items, (size_t)t->cap * isz);
	}
	if ((t->n + 1) * 2 > t->nslots) {
		xfree(t->slots);
		t->nslots = t->nslots ? t->nslots * 2 : 128;
		t->slots = xcalloc(t->nslots, sizeof(*t->slots));
		for (uint32_t i = 0; i < t->n; i++) {
			uint64_t h = item_hash(t, i, conv);
			uint32_t s = (uint32_t)h & (t->nslots - 1);
			while (t->slots[s])
				s = (s + 1) & (t->nslots - 1);
			t->slots[s] = SLOT_TAG(h) | (i + 1);
		}
	}
}

void ctab_conv_add(struct ctab *t, const struct address *src,
		   const struct address *dst, uint16_t sport, uint16_t dport,
		   uint32_t conv_id, uint64_t len, int64_t rel_ns)
{
	struct ckey k;
	ckey_make(&k, src, dst, sport, dport, conv_id);
	uint64_t h = ckey_hash(&k);
	struct conv_item *c = NULL;
	uint32_t s = 0;
	if (t->nslots) {
		for (s = (uint32_t)h & (t->nslots - 1); t->slots[s];
		     s = (s + 1) & (t->nslots - 1)) {
			if (SLOT_TAG(t->slots[s]) != SLOT_TAG(h))
				continue;
			struct conv_item *x = (struct conv_item *)t->items +
					      SLOT_IDX(t->slots[s]) - 1;
			if (ckey_eq(&k, x)) {
				c = x;
				break;
			}
		}
	}
	if (!c) {
		grow(t, sizeof(struct conv_item), true);
		for (s = (uint32_t)h & (t->nslots - 1); t->slots[s];
		     s = (s + 1) & (t->nslots - 1))
			;
		c = (struct conv_item *)t->items + t->n;
		memset(c, 0, sizeof(*c));
		c->src = *src;
		c->dst = *dst;
		c->sport = sport;
		c->dport = dport;
		c->conv_id = conv_id;
		c->start = c->stop = rel_ns;
		t->slots[s] = SLOT_TAG(h) | ++t->n;
	} else if (rel_ns > c->stop) {
		c->stop = rel_ns;
	} else if (rel_ns < c->start) {
		c->start = rel_ns;
	}
	if (addr_eq(src, &c->src) && addr_eq(dst, &c->dst) &&
	    sport == c->sport && dport == c->dport) {
		c->tx_frames++;
		c->tx_bytes += len;
	} else {
		c->rx_frames++;
		c->rx_bytes += len;
	}
}

void ctab_endpoint_add(struct ctab *t, const struct address *addr,
		       uint16_t port, bool tx, uint64_t len)
{
	uint64_t h = ekey_hash(addr, port);
	struct endpoint_item *e = NULL;
	uint32_t s = 0;
	if (t->nslots) {
		for (s = (uint32_t)h & (t->nslots - 1); t->slots[s];
		     s = (s + 1) & (t->nslots - 1)) {
			if (SLOT_TAG(t->slots[s]) != SLOT_TAG(h))
				continue;
			struct endpoint_item *x = (struct endpoint_item *)t->items +
						  SLOT_IDX(t->slots[s]) - 1;
			if (x->port == port && addr_eq(&x->addr, addr)) {
				e = x;
				break;
			}
		}
	}
	if (!e) {
		grow(t, sizeof(struct endpoint_item), false);
		for (s = (uint32_t)h & (t->nslots - 1); t->slots[s];
		     s = (s + 1) & (t->nslots - 1))
			;
		e = (struct endpoint_item *)t->items + t->n;
		memset(e, 0, sizeof(*e));
		e->addr = *addr;
		e->port = port;
		t->slots[s] = SLOT_TAG(h) | ++t->n;
	}
	if (tx) {
		e->tx_frames++;
		e->tx_bytes += len;
	} else {
		e->rx_frames++;
		e->rx_bytes += len;
	}
}

static uint64_t total_frames(const struct ctab *t, uint32_t i, bool conv)
{
	if (conv) {
		const struct conv_item *c = (const struct conv_item *)t->items + i;
		return c->tx_frames + c->rx_frames;
	}
	const struct endpoint_item *e = (const struct endpoint_item *)t->items + i;
	return e->tx_frames + e->rx_frames;
}

/* Stable merge sort by total frames, descending. */
static void order_sort(const struct ctab *t, bool conv, uint32_t *v,
		       uint32_t *tmp, uint32_t n)
{
	if (n < 2)
		return;
	uint32_t h = n / 2;
	order_sort(t, conv, v, tmp, h);
	order_sort(t, conv, v + h, tmp, n - h);
	uint32_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = total_frames(t, v[j], conv) > total_frames(t, v[i], conv) ?
			   v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

uint32_t *ctab_order(const struct ctab *t, bool conv)
{
	uint32_t *v = xmalloc(((size_t)t->n * 2 + 1) * sizeof(*v));
	for (uint32_t i = 0; i < t->n; i++)
		v[i] = i;
	order_sort(t, conv, v, v + t->n, t->n);
	return v;
}

void ctab_free(struct ctab *t)
{
	xfree(t->items);
	xfree(t->slots);
	memset(t, 0, sizeof(*t));
}
