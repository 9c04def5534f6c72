/* stats_tree.c — counter trees (see stats_tree.h) and their `-z ABBR,tree`
 * statistics. Numbers, sorting and burst windows follow Wireshark 4.0's
 * epan/stats_tree.c with its default preferences: sort by count descending,
 * ranges in range order, case-sensitive names, burst rate over a 100 ms
 * window in 5 ms buckets. */
#include "stats_tree.h"
#include "stat_registry.h"
#include "../core/alloc.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INDENT_MAX 32
#define NUM_COLUMNS 9
#define COL_SIZE 12 /* width of every numeric column */

struct burst_bucket {
	struct burst_bucket *next, *prev;
	int count;
	double bucket_no;
	double start_time;
};

struct st_range {
	int floor, ceil;
};

struct st_node {
	char *name;
	int id;                   /* index in st->parents, -1 if none */
	unsigned flags;           /* ST_FLG_* */
	uint8_t dt;               /* enum st_datatype */
	bool hash;                /* children are found by name under it */
	bool has_rng;
	struct st_range rng;
	int counter;
	union { int64_t i; double f; } total;
	union { int i; float f; } min, max;
	struct st_node *parent, *children, *last_child, *next;
	struct burst_bucket *bh, *bt;
	int bcount, max_burst;
	double burst_time;
};

/* Name index: (scope, name) -> node. Scope NULL = the tree's named nodes,
 * otherwise the parent whose children are indexed. Insert replaces. */
struct name_slot {
	const struct st_node *scope;
	const char *name;
	struct st_node *node;
};

struct stats_tree {
	const struct stats_tree_cfg *cfg;
	void *user;
	double start, now, elapsed; /* ms since the first frame */
	struct st_node root;
	char *root_name;
	struct st_node **parents;
	int nparents, capparents;
	struct name_slot *slots;
	size_t nslots, used;
	struct burst_bucket *free_buckets;
};

/* ---------- name index ---------- */

static uint64_t name_hash(const struct st_node *scope, const char *s)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)scope;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ULL;
	return h ^ (h >> 29);
}

static struct name_slot *slot_find(struct stats_tree *st,
				   const struct st_node *scope,
				   const char *name)
{
	size_t mask = st->nslots - 1;
	size_t i = name_hash(scope, name) & mask;
	for (;; i = (i + 1) & mask) {
		struct name_slot *s = &st->slots[i];
		if (!s->node || (s->scope == scope && strcmp(s->name, name) == 0))
			return s;
	}
}

static void index_put(struct stats_tree *st, const struct st_node *scope,
		      struct st_node *n)
{
	if ((st->used + 1) * 2 > st->nslots) {
		struct name_slot *old = st->slots;
		size_t oldn = st->nslots;
		st->nslots = oldn ? oldn * 2 : 64;
		st->slots = xcalloc(st->nslots, sizeof(*st->slots));
		for (size_t i = 0; i < oldn; i++)
			if (old[i].node)
				*slot_find(st, old[i].scope, old[i].name) = old[i];
		xfree(old);
	}
	struct name_slot *s = slot_find(st, scope, n->name);
	if (!s->node)
		st->used++;
	s->scope = scope;
	s->name = n->name;
	s->node = n;
}

static struct st_node *index_get(struct stats_tree *st,
				 const struct st_node *scope, const char *name)
{
	if (!st->nslots)
		return NULL;
	return slot_find(st, scope, name)->node;
}

/* ---------- nodes ---------- */

static struct burst_bucket *bucket_new(struct stats_tree *st)
{
	struct burst_bucket *b = st->free_buckets;
	if (b)
		st->free_buckets = b->next;
	else
		b = xmalloc(sizeof(*b));
	memset(b, 0, sizeof(*b));
	return b;
}

static void bucket_put(struct stats_tree *st, struct burst_bucket *b)
{
	b->next = st->free_buckets;
	st->free_buckets = b;
}

static void node_values_init(struct stats_tree *st, struct st_node *n)
{
	if (n->dt == ST_DT_FLOAT) {
		n->min.f = 3.40282347e+38F;
		n->max.f = 1.17549435e-38F; /* G_MINFLOAT, as Wireshark */
	} else {
		n->min.i = INT_MAX;
		n->max.i = INT_MIN;
	}
	n->bh = n->bt = bucket_new(st);
	n->burst_time = -1.0;
}

static struct st_node *node_new(struct stats_tree *st, const char *name,
				int parent_id, enum st_datatype dt,
				bool with_hash, bool named)
{
	if (parent_id < 0 || parent_id >= st->nparents)
		parent_id = 0;
	struct st_node *n = xcalloc(1, sizeof(*n));
	n->dt = (uint8_t)dt;
	n->flags = parent_id ? 0 : ST_FLG_ROOTCHILD;
	n->name = xstrdup(name);
	n->hash = with_hash;
	node_values_init(st, n);
	if (named) {
		index_put(st, NULL, n);
		if (st->nparents == st->capparents) {
			st->capparents *= 2;
			st->parents = xrealloc(st->parents, (size_t)st->capparents *
					       sizeof(*st->parents));
		}
		st->parents[st->nparents] = n;
		n->id = st->nparents++;
	} else {
		n->id = -1;
	}
	struct st_node *p = st->parents[parent_id];
	n->parent = p;
	if (p->last_child)
		p->last_child->next = n;
	else
		p->children = n;
	p->last_child = n;
	if (p->hash)
		index_put(st, p, n);
	return n;
}

static struct st_node *parent_of(struct stats_tree *st, int parent_id)
{
	if (parent_id < 0 || parent_id >= st->nparents)
		return st->parents[0];
	return st->parents[parent_id];
}

/* Finds `name` where Wireshark looks for it: among the parent's children
 * when the parent indexes them, else among the tree's named nodes. */
static struct st_node *lookup(struct stats_tree *st, const char *name,
			      int parent_id)
{
	struct st_node *p = parent_of(st, parent_id);
	return index_get(st, p->hash ? p : NULL, name);
}

/* Burst rate: counts per 5 ms bucket, summed over the buckets of the last
 * 100 ms; the maximum and the start of its first bucket are kept. Buckets
 * normally arrive in time order (append at the tail, drop old heads); a
 * packet earlier than the head is added in front while it is still inside
 * the window, and anything else lands in its bucket in the middle. */
static void burst_update(struct stats_tree *st, struct st_node *n, int value)
{
	double cur = floor(st->now / ST_BURST_RESOLUTION_MS);
	double win = (double)ST_BURST_WINDOW_MS / ST_BURST_RESOLUTION_MS;
	struct burst_bucket *b;
	if (cur > n->bt->bucket_no) {
		b = bucket_new(st);
		b->count = value;
		b->bucket_no = cur;
		b->start_time = st->now;
		b->prev = n->bt;
		n->bt->next = b;
		n->bt = b;
		n->bcount += value;
		while (cur >= n->bh->bucket_no + win) {
			b = n->bh;
			n->bh = b->next;
			n->bh->prev = NULL;
			n->bcount -= b->count;
			bucket_put(st, b);
		}
	} else if (cur < n->bh->bucket_no) {
		if (cur + win > n->bt->bucket_no) {
			b = bucket_new(st);
			b->count = value;
			b->bucket_no = cur;
			b->start_time = st->now;
			b->next = n->bh;
			n->bh->prev = b;
			n->bh = b;
			n->bcount += value;
		}
	} else {
		struct burst_bucket *s = n->bt;
		while (cur < s->bucket_no)
			s = s->prev;
		if (cur == s->bucket_no) {
			s->count += value;
			if (s->start_time > st->now)
				s->start_time = st->now;
		} else {
			b = bucket_new(st);
			b->count = value;
			b->bucket_no = cur;
			b->start_time = st->now;
			b->prev = s;
			b->next = s->next;
			s->next = b;
			b->next->prev = b;
		}
		n->bcount += value;
	}
	if (n->bcount > n->max_burst) {
		n->max_burst = n->bcount;
		n->burst_time = n->bh->start_time;
	}
}

static void avg_int(struct st_node *n, int v)
{
	n->total.i += v;
	if (n->min.i > v)
		n->min.i = v;
	if (n->max.i < v)
		n->max.i = v;
	n->flags |= ST_FLG_AVERAGE;
}

enum manip { MN_INCREASE, MN_SET, MN_AVERAGE, MN_AVERAGE_NOTICK,
	     MN_SET_FLAGS, MN_CLEAR_FLAGS };

static int manip_int(enum manip mode, struct stats_tree *st, const char *name,
		     int parent_id, bool with_hash, int value)
{
	struct st_node *n = lookup(st, name, parent_id);
	if (!n)
		n = node_new(st, name, parent_id, ST_DT_INT, with_hash,
			     with_hash);
	switch (mode) {
	case MN_INCREASE:
		n->counter += value;
		burst_update(st, n, value);
		break;
	case MN_SET:
		n->counter = value;
		break;
	case MN_AVERAGE:
		n->counter++;
		burst_update(st, n, 1);
		/* fall through */
	case MN_AVERAGE_NOTICK:
		avg_int(n, value);
		break;
	case MN_SET_FLAGS:
		n->flags |= (unsigned)value;
		break;
	case MN_CLEAR_FLAGS:
		n->flags &= ~(unsigned)value;
		break;
	}
	return n->id;
}

int st_increase_node(struct stats_tree *st, const char *name, int parent_id,
		     bool with_hash, int value)
{
	return manip_int(MN_INCREASE, st, name, parent_id, with_hash, value);
}

int st_set_node(struct stats_tree *st, const char *name, int parent_id,
		bool with_hash, int value)
{
	return manip_int(MN_SET, st, name, parent_id, with_hash, value);
}

int st_avg_node(struct stats_tree *st, const char *name, int parent_id,
		bool with_hash, int value, bool tick)
{
	return manip_int(tick ? MN_AVERAGE : MN_AVERAGE_NOTICK, st, name,
			 parent_id, with_hash, value);
}

int st_avg_node_float(struct stats_tree *st, const char *name, int parent_id,
		      bool with_hash, float value, bool tick)
{
	struct st_node *n = lookup(st, name, parent_id);
	if (!n)
		n = node_new(st, name, parent_id, ST_DT_FLOAT, with_hash,
			     with_hash);
	if (tick) {
		n->counter++;
		burst_update(st, n, 1);
	}
	n->total.f += value;
	if (n->min.f > value)
		n->min.f = value;
	if (n->max.f < value)
		n->max.f = value;
	n->flags |= ST_FLG_AVERAGE;
	return n->id;
}

int st_node_set_flags(struct stats_tree *st, const char *name, int parent_id,
		      bool with_hash, unsigned flags)
{
	return manip_int(MN_SET_FLAGS, st, name, parent_id, with_hash,
			 (int)flags);
}

int st_node_clear_flags(struct stats_tree *st, const char *name,
			int parent_id, bool with_hash, unsigned flags)
{
	return manip_int(MN_CLEAR_FLAGS, st, name, parent_id, with_hash,
			 (int)flags);
}

int st_create_node(struct stats_tree *st, const char *name, int parent_id,
		   enum st_datatype dt, bool with_hash)
{
	return node_new(st, name, parent_id, dt, with_hash, true)->id;
}

int st_parent_id_by_name(struct stats_tree *st, const char *name)
{
	struct st_node *n = index_get(st, NULL, name);
	return n ? n->id : 0;
}

int st_create_node_by_pname(struct stats_tree *st, const char *name,
			    const char *parent_name, enum st_datatype dt,
			    bool with_hash)
{
	return st_create_node(st, name, st_parent_id_by_name(st, parent_name),
			      dt, with_hash);
}

int st_create_pivot(struct stats_tree *st, const char *name, int parent_id)
{
	return node_new(st, name, parent_id, ST_DT_INT, true, true)->id;
}

/* "A-B", "A-", "-B", "-", "A" (A to A); other text after a number is
 * ignored ("5120 and greater" is 5120). */
static bool parse_range(const char *s, struct st_range *r)
{
	if (!*s)
		return false;
	const char *dash = strchr(s, '-');
	if (!dash) {
		r->floor = r->ceil = (int)strtol(s, NULL, 10);
		return true;
	}
	r->floor = dash == s ? INT_MIN : (int)strtol(s, NULL, 10);
	r->ceil = dash[1] ? (int)strtol(dash + 1, NULL, 10) : INT_MAX;
	return true;
}

static void add_range_child(struct stats_tree *st, struct st_node *root,
			    const char *rs, bool last_open)
{
	struct st_node *c = node_new(st, rs, root->id, ST_DT_INT, false, false);
	c->has_rng = parse_range(rs, &c->rng);
	if (last_open && c->has_rng && c->rng.floor == c->rng.ceil)
		c->rng.ceil = INT_MAX;
}

int st_create_range_node(struct stats_tree *st, const char *name,
			 int parent_id, ...)
{
	struct st_node *root = node_new(st, name, parent_id, ST_DT_INT, false,
					true);
	va_list ap;
	va_start(ap, parent_id);
	const char *rs;
	while ((rs = va_arg(ap, const char *)))
		add_range_child(st, root, rs, false);
	va_end(ap);
	return root->id;
}

int st_create_range_node_strings(struct stats_tree *st, const char *name,
				 int parent_id, int n,
				 const char *const *ranges)
{
	struct st_node *root = node_new(st, name, parent_id, ST_DT_INT, false,
					true);
	for (int i = 0; i < n; i++)
		add_range_child(st, root, ranges[i], i == n - 1);
	return root->id;
}

int st_tick_range(struct stats_tree *st, const char *name, int parent_id,
		  int value)
{
	struct st_node *n = lookup(st, name, parent_id);
	if (!n)
		return -1;
	/* The container was ticked by the caller: only its average. */
	avg_int(n, value);
	for (struct st_node *c = n->children; c; c = c->next) {
		if (c->has_rng && value >= c->rng.floor &&
		    value <= c->rng.ceil) {
			c->counter++;
			avg_int(c, value);
			burst_update(st, c, 1);
			break;
		}
	}
	return n->id;
}

int st_tick_pivot(struct stats_tree *st, int pivot_id, const char *value)
{
	struct st_node *p = parent_of(st, pivot_id);
	p->counter++;
	burst_update(st, p, 1);
	st_increase_node(st, value, pivot_id, false, 1);
	return pivot_id;
}

/* ---------- tree lifecycle ---------- */

/* The last level of a menu name: "IPv4 Statistics/All Addresses" ->
 * "All Addresses"; "//" stands for a literal '/'. */
static char *display_name(const char *full)
{
	char *buf = xstrdup(full);
	char *sep = buf;
	while ((sep = strchr(sep, '/')) != NULL) {
		if (*++sep == '/') {
			memmove(sep, sep + 1, strlen(sep));
		} else {
			memmove(buf, sep, strlen(sep) + 1);
			sep = buf;
		}
	}
	return buf;
}

struct stats_tree *stats_tree_new(const struct stats_tree_cfg *cfg)
{
	struct stats_tree *st = xcalloc(1, sizeof(*st));
	st->cfg = cfg;
	st->start = -1.0;
	st->capparents = 16;
	st->parents = xmalloc((size_t)st->capparents * sizeof(*st->parents));
	st->parents[0] = &st->root;
	st->nparents = 1;
	st->root_name = display_name(cfg->name);
	st->root.name = st->root_name;
	node_values_init(st, &st->root);
	if (cfg->init)
		cfg->init(st);
	return st;
}

static void node_free(struct stats_tree *st, struct st_node *n)
{
	struct st_node *c = n->children;
	while (c) {
		struct st_node *next = c->next;
		node_free(st, c);
		c = next;
	}
	while (n->bh) {
		struct burst_bucket *b = n->bh;
		n->bh = b->next;
		xfree(b);
	}
	if (n != &st->root) {
		xfree(n->name);
		xfree(n);
	}
}

void stats_tree_free(struct stats_tree *st)
{
	if (!st)
		return;
	if (st->cfg->cleanup)
		st->cfg->cleanup(st);
	node_free(st, &st->root);
	while (st->free_buckets) {
		struct burst_bucket *b = st->free_buckets;
		st->free_buckets = b->next;
		xfree(b);
	}
	xfree(st->root_name);
	xfree(st->parents);
	xfree(st->slots);
	xfree(st);
}

void **stats_tree_user(struct stats_tree *st) { return &st->user; }

bool stats_tree_packet(struct stats_tree *st, struct packet *pk,
		       const void *data)
{
	/* nstime_to_msec() of the time since the first frame */
	int64_t rel = pk->ts - pk->ts_first;
	int64_t secs = rel / 1000000000, nsecs = rel % 1000000000;
	st->now = (double)secs * 1000 + (double)nsecs / 1000000;
	if (st->start < 0.0)
		st->start = st->now;
	st->elapsed = st->now - st->start;
	return st->cfg->packet(st, pk, data);
}

/* ---------- text output ---------- */

static int max_namelen(const struct st_node *n, int indent)
{
	int maxlen = 0;
	if (indent > INDENT_MAX)
		indent = INDENT_MAX;
	for (const struct st_node *c = n->children; c; c = c->next) {
		int l = max_namelen(c, indent + 1);
		if (l > maxlen)
			maxlen = l;
	}
	int len;
	if (n->flags & ST_FLG_ROOTCHILD) {
		char *d = display_name(n->name);
		len = (int)strlen(d) + indent;
		xfree(d);
	} else {
		len = (int)strlen(n->name) + indent;
	}
	return len > maxlen ? len : maxlen;
}

static const char *const col_names[NUM_COLUMNS] = {
	"Topic / Item", "Count", "Average", "Min Val", "Max Val",
	"Rate (ms)", "Percent", "Burst Rate", "Burst Start",
};

static void put_padded(struct outbuf *o, const char *s, int width)
{
	int n = (int)strlen(s);
	ob_write(o, s, (size_t)n);
	for (; n < width; n++)
		ob_putc(o, ' ');
}

static void node_values(const struct stats_tree *st, const struct st_node *n,
			char v[NUM_COLUMNS][64])
{
	bool avg = (n->flags & ST_FLG_AVERAGE) || n->has_rng;
	snprintf(v[1], 64, "%u", (unsigned)n->counter);
	if (!avg) {
		v[2][0] = v[3][0] = v[4][0] = '\0';
	} else if (!n->counter) {
		strcpy(v[2], "-");
		strcpy(v[3], "-");
		strcpy(v[4], "-");
	} else if (n->dt == ST_DT_FLOAT) {
		snprintf(v[2], 64, "%.2f", n->total.f / n->counter);
		snprintf(v[3], 64, "%f", (double)n->min.f);
		snprintf(v[4], 64, "%f", (double)n->max.f);
	} else {
		/* Wireshark divides in float precision. */
		snprintf(v[2], 64, "%.2f",
			 (double)((float)n->total.i / (float)n->counter));
		snprintf(v[3], 64, "%d", n->min.i);
		snprintf(v[4], 64, "%d", n->max.i);
	}
	if (st->elapsed != 0.0)
		snprintf(v[5], 64, "%.4f", (double)(float)n->counter / st->elapsed);
	else
		v[5][0] = '\0';
	if (n->parent && n->parent->counter)
		snprintf(v[6], 64, "%.2f%%",
			 (n->counter * 100.0) / n->parent->counter);
	else
		strcpy(v[6], n->parent == &st->root ? "100%" : "");
	if (n->max_burst) {
		snprintf(v[7], 64, "%.4f",
			 (double)n->max_burst / ST_BURST_WINDOW_MS);
		snprintf(v[8], 64, "%.3f", n->burst_time / 1000.0);
	} else {
		strcpy(v[7], "-");
		strcpy(v[8], "-");
	}
}

struct sort_ctx {
	int col;
	bool desc;
};

static int sort_cmp(const struct st_node *a, const struct st_node *b,
		    const struct sort_ctx *sc)
{
	int r = 0;
	/* Ranges always sort by their floor, in ascending order. */
	if (a->has_rng && b->has_rng)
		return a->rng.floor < b->rng.floor ? -1 :
		       a->rng.floor > b->rng.floor;
	switch (sc->col) {
	case ST_SORT_NAME:
		r = strcmp(a->name, b->name);
		break;
	case ST_SORT_AVG: {
		float x = 0, y = 0;
		if (a->dt == ST_DT_FLOAT) {
			x = a->counter ? (float)a->total.f / a->counter : 0;
			y = b->counter ? (float)b->total.f / b->counter : 0;
		} else {
			x = a->counter ? (float)a->total.i / a->counter : 0;
			y = b->counter ? (float)b->total.i / b->counter : 0;
		}
		r = x > y ? 1 : x < y ? -1 : 0;
		break;
	}
	case ST_SORT_MIN:
		r = a->min.i - b->min.i;
		break;
	case ST_SORT_MAX:
		r = a->max.i - b->max.i;
		break;
	case ST_SORT_BURSTRATE:
		r = a->max_burst - b->max_burst;
		break;
	default:
		r = a->counter - b->counter;
		break;
	}
	if (!r)
		r = sc->col == ST_SORT_NAME ? a->counter - b->counter :
					      strcmp(a->name, b->name);
	if (sc->desc)
		r = -r;
	if ((a->flags & ST_FLG_SORT_TOP) != (b->flags & ST_FLG_SORT_TOP))
		r = (a->flags & ST_FLG_SORT_TOP) ? -1 : 1;
	return r;
}

/* Stable merge sort of the children (GLib's g_array_sort is stable). */
static void msort(struct st_node **v, struct st_node **tmp, size_t n,
		  const struct sort_ctx *sc)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	msort(v, tmp, h, sc);
	msort(v + h, tmp, n - h, sc);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = sort_cmp(v[j], v[i], sc) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static void format_node(const struct stats_tree *st, const struct st_node *n,
			struct outbuf *o, int indent, int maxnamelen,
			const struct sort_ctx *sc)
{
	char v[NUM_COLUMNS][64];
	node_values(st, n, v);
	for (int i = 0; i < indent; i++)
		ob_putc(o, ' ');
	if (n->flags & ST_FLG_ROOTCHILD) {
		char *d = display_name(n->name);
		put_padded(o, d, maxnamelen - indent);
		xfree(d);
	} else {
		put_padded(o, n->name, maxnamelen - indent);
	}
	for (int c = 1; c < NUM_COLUMNS; c++) {
		ob_putc(o, ' ');
		put_padded(o, v[c], COL_SIZE + 1);
	}
	ob_putc(o, '\n');
	if (++indent > INDENT_MAX)
		indent = INDENT_MAX;
	size_t nc = 0;
	for (const struct st_node *c = n->children; c; c = c->next)
		nc++;
	if (!nc)
		return;
	struct st_node **kids = xmalloc(2 * nc * sizeof(*kids));
	size_t k = 0;
	for (struct st_node *c = n->children; c; c = c->next)
		kids[k++] = c;
	msort(kids, kids + nc, nc, sc);
	for (k = 0; k < nc; k++)
		format_node(st, kids[k], o, indent, maxnamelen, sc);
	xfree(kids);
}

void stats_tree_format(const struct stats_tree *st, struct outbuf *o)
{
	int maxnamelen = max_namelen(&st->root, 0);
	int sep = maxnamelen + (NUM_COLUMNS - 1) * (COL_SIZE + 2);
	struct sort_ctx sc = { st->cfg->sort_col, !st->cfg->sort_ascending };

	ob_putc(o, '\n');
	for (int i = 0; i < sep; i++)
		ob_putc(o, '=');
	ob_putc(o, '\n');
	ob_puts(o, st->cfg->name);
	ob_puts(o, ":\n");
	put_padded(o, col_names[0], maxnamelen);
	for (int c = 1; c < NUM_COLUMNS; c++) {
		ob_putc(o, ' ');
		put_padded(o, col_names[c], COL_SIZE + 1);
	}
	ob_putc(o, '\n');
	for (int i = 0; i < sep; i++)
		ob_putc(o, '-');
	ob_putc(o, '\n');
	/* The root's own children keep their creation order. */
	for (const struct st_node *c = st->root.children; c; c = c->next)
		format_node(st, c, o, 0, maxnamelen, &sc);
	ob_putc(o, '\n');
	for (int i = 0; i < sep; i++)
		ob_putc(o, '-');
	ob_putc(o, '\n');
}

/* ---------- registry and -z ABBR,tree[,filter] ---------- */

#define MAX_TREES 64

struct tree_entry {
	const struct stats_tree_cfg *cfg;
	struct stat_desc desc;
	char prefix[64], usage[96];
};

static struct tree_entry trees[MAX_TREES];
static int ntrees;

const struct stats_tree_cfg *stats_tree_find(const char *abbr)
{
	for (int i = 0; i < ntrees; i++)
		if (strcmp(trees[i].cfg->abbr, abbr) == 0)
			return trees[i].cfg;
	return NULL;
}

static bool tree_packet(void *user, struct packet *pk, const void *data)
{
	return stats_tree_packet(user, pk, data);
}

static void tree_draw(void *user, struct outbuf *o)
{
	stats_tree_format(user, o);
}

static void tree_free_user(void *user) { stats_tree_free(user); }

static int tree_init(const char *arg, const char *rest, char *err,
		     size_t errlen)
{
	const char *comma = strchr(arg, ',');
	size_t n = comma ? (size_t)(comma - arg) : strlen(arg);
	const struct stats_tree_cfg *cfg = NULL;
	for (int i = 0; i < ntrees; i++)
		if (strlen(trees[i].cfg->abbr) == n &&
		    strncmp(trees[i].cfg->abbr, arg, n) == 0)
			cfg = trees[i].cfg;
	if (!cfg) {
		snprintf(err, errlen, "no such statistics tree");
		return -1;
	}
	tap_match_fn match;
	void *ctx;
	if (stat_filter(rest, &match, &ctx, err, errlen) < 0)
		return -1;
	struct stats_tree *st = stats_tree_new(cfg);
	struct tap_listener *l = tap_listener_add(cfg->tap, 0, match, ctx,
						  tree_packet, tree_draw, NULL, st);
	tap_listener_set_free(l, tree_free_user);
	return 0;
}

void stats_tree_register(const struct stats_tree_cfg *cfg)
{
	if (ntrees == MAX_TREES || stats_tree_find(cfg->abbr))
		return;
	struct tree_entry *t = &trees[ntrees++];
	t->cfg = cfg;
	snprintf(t->prefix, sizeof(t->prefix), "%s,tree", cfg->abbr);
	snprintf(t->usage, sizeof(t->usage), "%s,tree[,filter]", cfg->abbr);
	t->desc.prefix = t->prefix;
	t->desc.usage = t->usage;
	t->desc.init = tree_init;
	stat_register(&t->desc);
}
