/* dfeval.c — display-filter evaluation over a packet's recorded items.
 * Values are compared natively (integers, doubles, ns times, address bytes
 * with prefix lengths, byte strings); nothing is formatted or allocated,
 * except string() which formats into the filter's scratch buffer. Cost: each
 * operand occurrence is found by a linear scan of the packet's items, so a
 * relation costs O(items x occurrences of the other side). */
#include "dfilter_int.h"
#include "../engine/fvalue.h"

#include <ctype.h>
#include <string.h>

#define UNORDERED 2 /* cmp3 result for NaN comparisons */

/* Applies the slice ranges of o to p/n; multi-range slices are concatenated
 * into buf. False when a range falls outside the value (tshark: the
 * occurrence has no value). */
static bool slice(const struct opnd *o, const uint8_t **p, uint32_t *n,
		  uint8_t *buf, uint32_t buflen)
{
	uint32_t out = 0;
	const uint8_t *src = *p;
	int64_t len = *n;
	for (int k = 0; k < o->nrg; k++) {
		int64_t st = o->rg[k].start, l = o->rg[k].len;
		if (st < 0)
			st += len;
		if (st < 0 || st >= len)
			return false;
		if (l < 0)
			l = len - st;
		if (st + l > len)
			return false;
		if (o->nrg == 1) {
			*p = src + st;
			*n = (uint32_t)l;
			return true;
		}
		if (out + l > buflen)
			return false;
		memcpy(buf + out, src + st, (size_t)l);
		out += (uint32_t)l;
	}
	*p = buf;
	*n = out;
	return true;
}

/* The value of one occurrence (item it of packet pk) of field operand o. */
static bool item_dval(const struct opnd *o, const struct packet *pk,
		      const struct item *it, struct dval *v, uint8_t *buf,
		      uint32_t buflen)
{
	int ft = it->f->type;
	memset(v, 0, sizeof(*v));
	v->cls = df_class_of(ft);
	switch (v->cls) {
	case VC_NONE:
		break;
	case VC_INT:
		if (ftype_is_int((enum ftype)ft)) {
			v->i = it->v.i;
			v->neg = it->v.i < 0;
			v->u = (uint64_t)it->v.i;
		} else if (ft == FT_BOOLEAN) {
			v->u = it->v.u != 0;
		} else {
			v->u = it->v.u;
		}
		break;
	case VC_DOUBLE:
		v->d = it->v.d;
		break;
	case VC_ABSTIME:
	case VC_RELTIME:
		v->i = it->v.ns;
		break;
	case VC_IPV4:
	case VC_IPV6:
		v->p = it->v.b.p;
		v->n = it->v.b.n;
		v->plen = v->cls == VC_IPV4 ? 32 : 128;
		if (v->n != (v->cls == VC_IPV4 ? 4u : 16u))
			return false;
		break;
	default:
		v->p = it->v.b.p;
		v->n = it->v.b.n;
		if (!v->p)
			v->n = 0;
		/* A protocol's value in Wireshark is its tvb: from its first
		 * byte to the end of the data handed to it, payload included
		 * (eth contains ..., len(ip)). Approximated by the end of the
		 * frame when the item's bytes lie in the frame. */
		if (ft == FT_PROTOCOL && v->p && pk->data &&
		    v->p == pk->data + it->off && it->off <= pk->caplen)
			v->n = pk->caplen - it->off;
		break;
	}
	if (o->rg) {
		if (!slice(o, &v->p, &v->n, buf, buflen))
			return false;
		v->cls = VC_BYTES;
	}
	switch (o->fn) {
	case FN_LEN: {
		bool bytes = o->rg || v->cls == VC_BYTES || v->cls == VC_STRING ||
			     v->cls == VC_IPV4 || v->cls == VC_IPV6;
		/* tshark 4.0: the width of the type for integers */
		int bits = ftype_bits((enum ftype)ft);
		uint32_t l = bytes ? v->n : bits ? (uint32_t)bits / 8 : it->len;
		memset(v, 0, sizeof(*v));
		v->cls = VC_INT;
		v->u = l;
		break;
	}
	case FN_LOWER:
	case FN_UPPER: {
		uint32_t n = v->n < buflen ? v->n : buflen;
		for (uint32_t k = 0; k < n; k++)
			buf[k] = (uint8_t)(o->fn == FN_LOWER ? tolower(v->p[k])
							     : toupper(v->p[k]));
		v->p = buf;
		v->n = n;
		break;
	}
	case FN_STRING: {
		if (!buflen)
			return false;
		size_t n = item_value_str(it, (char *)buf, buflen);
		memset(v, 0, sizeof(*v));
		v->cls = VC_STRING;
		v->p = buf;
		v->n = (uint32_t)(n < buflen ? n : buflen - 1);
		break;
	}
	default:
		break;
	}
	if (o->has_mask) {
		v->u &= o->mask;
		v->neg = false;
	}
	return true;
}

/* Next value of operand o at or after *idx (0 to start). */
static bool opnd_next(const struct opnd *o, const struct packet *pk,
		      uint32_t *idx, struct dval *v, uint8_t *buf,
		      uint32_t buflen)
{
	if (o->lit) {
		if (*idx)
			return false;
		*idx = 1;
		*v = o->v;
		return true;
	}
	if (o->fn == FN_COUNT) {
		if (*idx)
			return false;
		*idx = 1;
		uint64_t cnt = 0;
		for (uint32_t i = 0; i < pk->nitems; i++)
			cnt += pk->items[i].f->id == o->fid;
		if (!cnt)
			return false;
		memset(v, 0, sizeof(*v));
		v->cls = VC_INT;
		v->u = o->has_mask ? cnt & o->mask : cnt;
		return true;
	}
	for (uint32_t i = *idx; i < pk->nitems; i++) {
		const struct item *it = &pk->items[i];
		if (it->f->id != o->fid)
			continue;
		if (item_dval(o, pk, it, v, buf, buflen)) {
			*idx = i + 1;
			return true;
		}
	}
	*idx = pk->nitems;
	return false;
}

static int cmp_u(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_prefix(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;
	int r = memcmp(a, b, full);
	if (r || !rest)
		return r < 0 ? -1 : r > 0;
	uint8_t m = (uint8_t)(0xff << (8 - rest));
	return cmp_u(a[full] & m, b[full] & m);
}

/* Three-way comparison of two values of compatible classes. */
static int cmp3(const struct dval *a, const struct dval *b)
{
	switch (a->cls) {
	case VC_INT:
		if (a->neg || b->neg) {
			if (a->neg && b->neg)
				return a->i < b->i ? -1 : a->i > b->i;
			return a->neg ? -1 : 1;
		}
		return cmp_u(a->u, b->u);
	case VC_DOUBLE:
		if (a->d < b->d)
			return -1;
		if (a->d > b->d)
			return 1;
		return a->d == b->d ? 0 : UNORDERED;
	case VC_ABSTIME:
	case VC_RELTIME:
		return a->i < b->i ? -1 : a->i > b->i;
	case VC_IPV4:
	case VC_IPV6:
		/* CIDR: equal when the common prefix matches */
		return cmp_prefix(a->p, b->p, a->plen < b->plen ? a->plen : b->plen);
	default: {
		uint32_t n = a->n < b->n ? a->n : b->n;
		int r = n ? memcmp(a->p, b->p, n) : 0;
		if (r)
			return r < 0 ? -1 : 1;
		return cmp_u(a->n, b->n);
	}
	}
}

static bool rel_true(int rel, int c)
{
	if (c == UNORDERED)
		return rel == TK_NE || rel == TK_ANY_NE;
	switch (rel) {
	case TK_EQ: case TK_ALL_EQ: return c == 0;
	case TK_NE: case TK_ANY_NE: return c != 0;
	case TK_LT: return c < 0;
	case TK_GT: return c > 0;
	case TK_LE: return c <= 0;
	case TK_GE: return c >= 0;
	default: return false;
	}
}

static bool eval_cmp(const struct dfilter *df, const struct node *n,
		     const struct packet *pk)
{
	uint32_t half = df->scratchlen / 2;
	uint8_t *b1 = df->scratch, *b2 = df->scratch ? df->scratch + half : NULL;
	uint32_t ia = 0;
	struct dval a, b;
	bool any_pair = false;
	while (opnd_next(n->a, pk, &ia, &a, b1, half)) {
		uint32_t ib = 0;
		while (opnd_next(n->b, pk, &ib, &b, b2, half)) {
			any_pair = true;
			bool r = rel_true(n->rel, cmp3(&a, &b));
			if (n->mode == M_ANY && r)
				return true;
			if (n->mode == M_ALL && !r)
				return false;
		}
	}
	return n->mode == M_ALL && any_pair;
}

static bool in_set(const struct dfilter *df, const struct node *n,
		   const struct packet *pk, const struct dval *a)
{
	uint32_t half = df->scratchlen / 2;
	for (int k = 0; k < n->nset; k++) {
		const struct setelem *e = &n->set[k];
		if (e->fo) {
			uint32_t ib = 0;
			struct dval b;
			while (opnd_next(e->fo, pk, &ib, &b,
					 df->scratch ? df->scratch + half : NULL, half))
				if (cmp3(a, &b) == 0)
					return true;
			continue;
		}
		if (a->cls == VC_INT && !a->neg && (e->lo.neg || e->hi.neg) &&
		    !ftype_is_int((enum ftype)n->a->ftype))
			continue; /* negative literal vs unsigned: never */
		if (e->range) {
			int lo = cmp3(a, &e->lo), hi = cmp3(a, &e->hi);
			if (lo != UNORDERED && hi != UNORDERED && lo >= 0 && hi <= 0)
				return true;
		} else if (cmp3(a, &e->lo) == 0) {
			return true;
		}
	}
	return false;
}

bool df_eval(const struct dfilter *df, const struct node *n,
	     const struct packet *pk)
{
	uint32_t half = df->scratchlen / 2;
	uint32_t ia = 0;
	struct dval a;
	switch (n->op) {
	case N_TRUE:
		return true;
	case N_AND:
		return df_eval(df, n->l, pk) && df_eval(df, n->r, pk);
	case N_OR:
		return df_eval(df, n->l, pk) || df_eval(df, n->r, pk);
	case N_NOT:
		return !df_eval(df, n->l, pk);
	case N_EXISTS:
		return opnd_next(n->a, pk, &ia, &a, df->scratch, half);
	case N_TEST:
		while (opnd_next(n->a, pk, &ia, &a, df->scratch, half))
			if (a.u)
				return true;
		return false;
	case N_CMP:
		return !n->never && eval_cmp(df, n, pk);
	case N_EXPERT:
		return pk->nexperts > 0;
	case N_IN:
		while (opnd_next(n->a, pk, &ia, &a, df->scratch, half))
			if (in_set(df, n, pk, &a))
				return true;
		return false;
	case N_CONTAINS: {
		const struct dval *b = &n->b->v;
		while (opnd_next(n->a, pk, &ia, &a, df->scratch, half)) {
			if (b->n == 0)
				return true;
			if (a.n && memmem(a.p, a.n, b->p, b->n))
				return true;
		}
		return false;
	}
	case N_MATCHES:
		while (opnd_next(n->a, pk, &ia, &a, df->scratch, half)) {
			static const uint8_t empty[1];
			int r = pcre2_match(n->re, a.p ? a.p : empty, a.n, 0, 0,
					    n->md, NULL);
			if (r >= 0)
				return true;
		}
		return false;
	default:
		return false;
	}
}
