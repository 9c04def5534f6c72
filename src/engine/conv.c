/* conv.c — the conversation table (see conv.h): chained hash on a
 * symmetric 5-tuple hash, entries from a slab pool, one timer list per
 * timeout class ordered by last activity, LRU eviction at the cap. */
#include "conv.h"
#include "../core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_S 1000000000LL
#define SLAB 1024             /* entries per pool allocation */
#define EXPIRE_BUDGET 64      /* entries freed per call at most */

struct ext_slot {
	const char *name;
	void (*free_fn)(struct conv *c, void *state);
};

struct slab {
	struct slab *next;
	struct conv e[SLAB];
};

static struct ext_slot slots[CONV_EXT_MAX];
static int nslots;

static struct conv_limits lim = {
	262144,
	{ 3600 * NS_PER_S, 300 * NS_PER_S, 300 * NS_PER_S },
};

static struct conv **buckets;
static uint32_t nbuckets;     /* power of two */
static struct slab *slabs;
static size_t nslabs;
static struct conv *freelist;
static size_t live, peak;
static uint64_t n_expired, n_evicted;
static struct conv *thead[CONV_NSTATES], *ttail[CONV_NSTATES];
static uint32_t next_index[256];

void conv_set_limits(const struct conv_limits *l)
{
	if (l->max_convs)
		lim.max_convs = l->max_convs;
	for (int i = 0; i < CONV_NSTATES; i++)
		if (l->timeout_ns[i])
			lim.timeout_ns[i] = l->timeout_ns[i];
}

void conv_get_limits(struct conv_limits *l)
{
	*l = lim;
}

int conv_ext_register(const char *name,
		      void (*free_fn)(struct conv *c, void *state))
{
	for (int i = 0; i < nslots; i++)
		if (strcmp(slots[i].name, name) == 0)
			return i;
	if (nslots == CONV_EXT_MAX) {
		fprintf(stderr, "tapir: conversation extension slots exhausted (%s)\n", name);
		abort();
	}
	slots[nslots].name = name;
	slots[nslots].free_fn = free_fn;
	return nslots++;
}

bool conv_key_from_packet(struct conv_key *k, const struct packet *pk,
			  uint8_t proto, uint16_t sport, uint16_t dport)
{
	size_t n;
	if (pk->net_src.type == AT_IPv4)
		n = 4;
	else if (pk->net_src.type == AT_IPv6)
		n = 16;
	else
		return false;
	memset(k, 0, sizeof(*k));
	k->af = pk->net_src.type;
	k->proto = proto;
	k->port[0] = sport;
	k->port[1] = dport;
	memcpy(k->addr[0], pk->net_src.a, n);
	memcpy(k->addr[1], pk->net_dst.a, n);
	return true;
}

/* 64-bit mix (splitmix64 finaliser). */
static inline uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t ep_hash(const uint8_t *a, uint16_t port)
{
	uint64_t w0, w1;
	memcpy(&w0, a, 8);
	memcpy(&w1, a + 8, 8);
	return mix64(w0 ^ mix64(w1 ^ ((uint64_t)port << 1)));
}

/* Symmetric: the two endpoint hashes are combined with + and a product, so
 * swapping the endpoints gives the same value, while (A,B) and (A,A) pairs
 * still spread. */
static uint32_t key_hash(const struct conv_key *k)
{
	uint64_t h0 = ep_hash(k->addr[0], k->port[0]);
	uint64_t h1 = ep_hash(k->addr[1], k->port[1]);
	uint64_t h = mix64((h0 + h1) ^ (h0 * h1) ^ ((uint64_t)k->proto << 56) ^ k->af);
	return (uint32_t)(h ^ (h >> 32));
}

/* 0: same orientation, 1: reversed, -1: different conversation. */
static int key_match(const struct conv_key *e, const struct conv_key *k)
{
	if (e->proto != k->proto || e->af != k->af)
		return -1;
	if (e->port[0] == k->port[0] && e->port[1] == k->port[1] &&
	    memcmp(e->addr[0], k->addr[0], 16) == 0 &&
	    memcmp(e->addr[1], k->addr[1], 16) == 0)
		return 0;
	if (e->port[0] == k->port[1] && e->port[1] == k->port[0] &&
	    memcmp(e->addr[0], k->addr[1], 16) == 0 &&
	    memcmp(e->addr[1], k->addr[0], 16) == 0)
		return 1;
	return -1;
}

static void ensure_table(void)
{
	if (buckets)
		return;
	uint32_t n = 1024;
	while (n < lim.max_convs && n < (1u << 30))
		n <<= 1;
	nbuckets = n;
	buckets = xcalloc(n, sizeof(*buckets));
}

static void timer_unlink(struct conv *c)
{
	int s = c->state;
	if (c->tprev)
		c->tprev->tnext = c->tnext;
	else
		thead[s] = c->tnext;
	if (c->tnext)
		c->tnext->tprev = c->tprev;
	else
		ttail[s] = c->tprev;
	c->tprev = c->tnext = NULL;
}

static void timer_append(struct conv *c)
{
	int s = c->state;
	c->tnext = NULL;
	c->tprev = ttail[s];
	if (ttail[s])
		ttail[s]->tnext = c;
	else
		thead[s] = c;
	ttail[s] = c;
}

static void hash_unlink(struct conv *c)
{
	struct conv **pp = &buckets[c->hash & (nbuckets - 1)];
	while (*pp && *pp != c)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = c->hnext;
	c->hnext = NULL;
}

static void entry_free(struct conv *c)
{
	for (int i = 0; i < nslots; i++) {
		if (c->ext[i] && slots[i].free_fn)
			slots[i].free_fn(c, c->ext[i]);
		c->ext[i] = NULL;
	}
	hash_unlink(c);
	timer_unlink(c);
	c->hnext = freelist;
	freelist = c;
	live--;
}

static struct conv *entry_alloc(void)
{
	if (!freelist) {
		struct slab *s = xmalloc(sizeof(*s));
		s->next = slabs;
		slabs = s;
		nslabs++;
		for (int i = SLAB - 1; i >= 0; i--) {
			s->e[i].hnext = freelist;
			freelist = &s->e[i];
		}
	}
	struct conv *c = freelist;
	freelist = c->hnext;
	memset(c, 0, sizeof(*c));
	live++;
	if (live > peak)
		peak = live;
	return c;
}

/* Frees entries whose idle time exceeds their class timeout at time now.
 * Each list is ordered by last activity, so only heads are examined. */
static void expire(int64_t now, const struct conv *keep)
{
	int budget = EXPIRE_BUDGET;
	for (int s = 0; s < CONV_NSTATES && budget > 0; s++) {
		while (budget > 0 && thead[s] && thead[s] != keep &&
		       now - thead[s]->last_ts > lim.timeout_ns[s]) {
			entry_free(thead[s]);
			n_expired++;
			budget--;
		}
	}
}

/* Evicts the least recently active entry (the oldest timer-list head). */
static void evict_one(const struct conv *keep)
{
	struct conv *victim = NULL;
	for (int s = 0; s < CONV_NSTATES; s++) {
		struct conv *h = thead[s];
		if (h && h == keep)
			h = h->tnext;
		if (h && (!victim || h->last_ts < victim->last_ts))
			victim = h;
	}
	if (victim) {
		entry_free(victim);
		n_evicted++;
	}
}

static struct conv *create(const struct conv_key *k, uint32_t h,
			   const struct packet *pk)
{
	while (live >= lim.max_convs && live > 0)
		evict_one(NULL);
	struct conv *c = entry_alloc();
	c->key = *k;
	c->hash = h;
	c->index = next_index[k->proto]++;
	c->first_frame = c->last_frame = pk->num;
	c->first_ts = c->last_ts = c->prev_ts = pk->ts;
	c->state = CONV_OPEN;
	struct conv **b = &buckets[h & (nbuckets - 1)];
	c->hnext = *b;
	*b = c;
	timer_append(c);
	return c;
}

struct conv *conv_lookup(const struct conv_key *k, int *dir)
{
	if (!buckets)
		return NULL;
	uint32_t h = key_hash(k);
	for (struct conv *c = buckets[h & (nbuckets - 1)]; c; c = c->hnext) {
		if (c->hash != h)
			continue;
		int d = key_match(&c->key, k);
		if (d >= 0) {
			if (dir)
				*dir = d;
			return c;
		}
	}
	return NULL;
}

static void touch(struct conv *c, const struct packet *pk)
{
	if (pk->num > c->last_frame)
		c->last_frame = pk->num;
	c->prev_ts = c->last_ts;
	if (pk->ts > c->last_ts)
		c->last_ts = pk->ts;
	if (ttail[c->state] != c) {
		timer_unlink(c);
		timer_append(c);
	}
}

struct conv *conv_find_or_create(const struct conv_key *k,
				 const struct packet *pk, int *dir,
				 bool *created)
{
	ensure_table();
	uint32_t h = key_hash(k);
	struct conv *c;
	for (c = buckets[h & (nbuckets - 1)]; c; c = c->hnext) {
		if (c->hash != h)
			continue;
		int d = key_match(&c->key, k);
		if (d >= 0) {
			*dir = d;
			break;
		}
	}
	if (c) {
		expire(pk->ts, c);
		/* An entry that itself sat idle past its timeout starts over,
		 * as if it had been freed by an earlier expiry pass. */
		if (pk->ts - c->last_ts > lim.timeout_ns[c->state]) {
			entry_free(c);
			n_expired++;
			c = NULL;
		}
	} else {
		expire(pk->ts, NULL);
	}
	if (c) {
		touch(c, pk);
		if (created)
			*created = false;
		return c;
	}
	c = create(k, h, pk);
	*dir = 0;
	if (created)
		*created = true;
	return c;
}

struct conv *conv_new(const struct conv_key *k, const struct packet *pk)
{
	ensure_table();
	int d;
	struct conv *old = conv_lookup(k, &d);
	if (old)
		entry_free(old);
	return create(k, key_hash(k), pk);
}

#define NEXPECT 64
static struct conv_key expect[NEXPECT];
static unsigned nexpect, expect_next;

void conv_expect(const struct conv_key *k)
{
	expect[expect_next] = *k;
	expect_next = (expect_next + 1) % NEXPECT;
	if (nexpect < NEXPECT)
		nexpect++;
}

/* Endpoint (addr, port) of e matches (addr, port) of k, port 0 = any. */
static bool ep_match(const struct conv_key *e, int i, const struct conv_key *k, int j)
{
	return memcmp(e->addr[i], k->addr[j], 16) == 0 &&
	       (e->port[i] == 0 || e->port[i] == k->port[j]);
}

bool conv_take_expected(const struct conv_key *k)
{
	for (unsigned n = 0; n < nexpect; n++) {
		unsigned i = (expect_next + NEXPECT - 1 - n) % NEXPECT;
		const struct conv_key *e = &expect[i];
		if (e->af != k->af || e->proto != k->proto)
			continue;
		if ((ep_match(e, 0, k, 0) && ep_match(e, 1, k, 1)) ||
		    (ep_match(e, 0, k, 1) && ep_match(e, 1, k, 0))) {
			/* remove: move the oldest into the hole */
			unsigned oldest = (expect_next + NEXPECT - nexpect) % NEXPECT;
			expect[i] = expect[oldest];
			nexpect--;
			return true;
		}
	}
	return false;
}

void conv_set_state(struct conv *c, enum conv_state s)
{
	if (c->state == s)
		return;
	timer_unlink(c);
	c->state = (uint8_t)s;
	timer_append(c);
}

void conv_reset(void)
{
	for (int s = 0; s < CONV_NSTATES; s++)
		while (thead[s])
			entry_free(thead[s]);
	memset(next_index, 0, sizeof(next_index));
	nexpect = expect_next = 0;
	n_expired = n_evicted = 0;
	peak = 0;
}

size_t conv_count(void)
{
	return live;
}

size_t conv_mem_bytes(void)
{
	return nslabs * sizeof(struct slab) + (size_t)nbuckets * sizeof(*buckets);
}

size_t conv_peak_count(void)
{
	return peak;
}

uint64_t conv_expired(void)
{
	return n_expired;
}

uint64_t conv_evicted(void)
{
	return n_evicted;
}

uint32_t conv_next_index(uint8_t proto)
{
	return next_index[proto];
}
