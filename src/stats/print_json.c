/* print_json.c — -T json in tshark 4.0's layout (epan/print.c
 * write_json_proto_tree and wsutil/json_dumper.c): one object per packet
 * under "_source"."layers", keys are field abbreviations (text-only items
 * use their label), an item with both a value and children prints the value
 * under its key and the children under "key_tree", an item with children but
 * no value (protocols, FT_NONE, text) prints the children under its key.
 * Generic over whatever the dissectors recorded in tree mode. */
#include "output.h"
#include "../core/alloc.h"
#include "../engine/fvalue.h"

#include <string.h>
#include <time.h>

#define JSON_MAX_DEPTH 64

struct jw {
	struct outbuf *o;
	int lvl;                        /* current nesting, 0 = top array */
	bool first[JSON_MAX_DEPTH + 4]; /* no member written yet at level */
	const struct packet *pk;
	bool dedup;
	uint8_t *done;                  /* dedup: items already written */
};

static char *vbuf;        /* value text; grows to the largest value seen */
static size_t vcap;
static uint8_t *donebuf;  /* dedup marks, one per item */
static size_t donecap;
static const struct field *text_field; /* pk_add_text's "_ws.text" */

static void indent(struct jw *w)
{
	ob_putc(w->o, '\n');
	for (int i = 0; i < w->lvl; i++)
		ob_write(w->o, "  ", 2);
}

/* Separator before a member or array element at the current level. */
static void sep(struct jw *w)
{
	if (!w->first[w->lvl])
		ob_putc(w->o, ',');
	w->first[w->lvl] = false;
	indent(w);
}

/* A JSON string: '"' and '\' escaped, control characters as json_dumper
 * writes them (\b \f \n \r \t, others \u00XX); other bytes as they are. */
static void jstr(struct outbuf *o, const char *s, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	ob_putc(o, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		ob_write(o, s + run, i - run);
		run = i + 1;
		ob_putc(o, '\\');
		switch (c) {
		case '"': ob_putc(o, '"'); break;
		case '\\': ob_putc(o, '\\'); break;
		case '\b': ob_putc(o, 'b'); break;
		case '\f': ob_putc(o, 'f'); break;
		case '\n': ob_putc(o, 'n'); break;
		case '\r': ob_putc(o, 'r'); break;
		case '\t': ob_putc(o, 't'); break;
		default:
			ob_write(o, "u00", 3);
			ob_putc(o, hx[c >> 4]);
			ob_putc(o, hx[c & 15]);
		}
	}
	ob_write(o, s + run, n - run);
	ob_putc(o, '"');
}

static void key(struct jw *w, const char *k, size_t n, const char *suffix)
{
	sep(w);
	if (*suffix) {
		/* Rare ("_tree"): build key+suffix in the value buffer. */
		size_t m = strlen(suffix);
		if (vcap < n + m + 1) {
			vcap = n + m + 1 > 4096 ? n + m + 1 : 4096;
			vbuf = xrealloc(vbuf, vcap);
		}
		memcpy(vbuf, k, n);
		memcpy(vbuf + n, suffix, m);
		jstr(w->o, vbuf, n + m);
	} else {
		jstr(w->o, k, n);
	}
	ob_write(w->o, ": ", 2);
}

static void obj_begin(struct jw *w)
{
	ob_putc(w->o, '{');
	if (w->lvl < JSON_MAX_DEPTH)
		w->lvl++;
	w->first[w->lvl] = true;
}

static void obj_end(struct jw *w)
{
	bool empty = w->first[w->lvl];
	if (w->lvl > 0)
		w->lvl--;
	if (!empty)
		indent(w);
	ob_putc(w->o, '}');
}

static bool is_text(const struct item *it)
{
	return it->f == text_field;
}

/* Key of an item and its length. A text-only item's key is its label;
 * tshark draws the [brackets] of a generated label at print time, so a
 * label stored as "[Timestamps]" has the key "Timestamps". */
static const char *json_key(const struct item *it, size_t *n)
{
	if (!is_text(it)) {
		*n = strlen(it->f->abbrev);
		return it->f->abbrev;
	}
	const char *t = it->text ? it->text : "";
	size_t len = strlen(t);
	if (len >= 2 && t[0] == '[' && t[len - 1] == ']') {
		*n = len - 2;
		return t + 1;
	}
	*n = len;
	return t;
}

static bool same_key(const struct item *a, const struct item *b)
{
	size_t na, nb;
	const char *ka = json_key(a, &na), *kb = json_key(b, &nb);
	return na == nb && memcmp(ka, kb, na) == 0;
}

/* tshark gives FT_NONE, FT_PROTOCOL and text-only items no value. */
static bool has_value(const struct item *it)
{
	return !is_text(it) && it->f->type != FT_NONE &&
	       it->f->type != FT_PROTOCOL;
}

/* End (exclusive) of the subtree of item i: the next item not deeper. */
static uint32_t subtree_end(const struct packet *pk, uint32_t i, uint32_t end)
{
	uint32_t j = i + 1;
	while (j < end && pk->items[j].depth > pk->items[i].depth)
		j++;
	return j;
}

static void value(struct jw *w, const struct item *it)
{
	const struct field *f = it->f;
	if (f->type == FT_STRING) {
		/* The string itself, not -T fields' escaped form. */
		jstr(w->o, (const char *)it->v.b.p, it->v.b.n);
		return;
	}
	if (f->type == FT_BYTES && !(f->base & BASE_SEP_COLON)) {
		/* Bytes print colon-separated in JSON (FTREPR_DISPLAY). */
		static const char hx[] = "0123456789abcdef";
		ob_putc(w->o, '"');
		for (uint32_t k = 0; k < it->v.b.n; k++) {
			if (k)
				ob_putc(w->o, ':');
			ob_putc(w->o, hx[it->v.b.p[k] >> 4]);
			ob_putc(w->o, hx[it->v.b.p[k] & 15]);
		}
		ob_putc(w->o, '"');
		return;
	}
	if (!vbuf) {
		vcap = 4096;
		vbuf = xmalloc(vcap);
	}
	size_t n = item_value_str(it, vbuf, vcap);
	if (n >= vcap) {
		vcap = n + 1;
		vbuf = xrealloc(vbuf, vcap);
		n = item_value_str(it, vbuf, vcap);
	}
	jstr(w->o, vbuf, n);
}

/* A childless item without a value: a protocol shows its label, anything
 * else an empty string. */
static void no_value(struct jw *w, const struct item *it)
{
	if (!is_text(it) && it->f->type == FT_PROTOCOL) {
		const char *s = it->text ? it->text : it->f->name;
		jstr(w->o, s, strlen(s));
	} else {
		ob_write(w->o, "\"\"", 2);
	}
}

static void children(struct jw *w, uint32_t begin, uint32_t end);

/* Writes one value of item i (its subtree ends at e) for the part being
 * printed: the value itself, or the children object. */
static void write_one(struct jw *w, uint32_t i, uint32_t e, bool tree_part)
{
	const struct item *it = &w->pk->items[i];
	if (!tree_part)
		value(w, it);
	else if (e > i + 1)
		children(w, i + 1, e);
	else
		no_value(w, it);
}

/* Writes the members for a group of items sharing a key (one item unless
 * dedup), tshark's write_json_proto_node_list: "key" (value), then
 * "key_tree" or "key" (children), or "key" (no value, no children). */
static void member(struct jw *w, const uint32_t *idx, const uint32_t *ends,
		   uint32_t n)
{
	const struct item *first = &w->pk->items[idx[0]];
	bool hv = has_value(first);
	bool hc = false;
	for (uint32_t k = 0; k < n; k++)
		if (ends[k] > idx[k] + 1)
			hc = true;
	size_t kn;
	const char *k0 = json_key(first, &kn);
	for (int part = 0; part < 2; part++) {
		bool tree_part = part == 1;
		if (!tree_part && !hv)
			continue;
		if (tree_part && !hc && hv)
			continue;
		key(w, k0, kn, tree_part && hv ? "_tree" : "");
		if (n == 1) {
			write_one(w, idx[0], ends[0], tree_part);
			continue;
		}
		ob_putc(w->o, '[');
		if (w->lvl < JSON_MAX_DEPTH)
			w->lvl++;
		w->first[w->lvl] = true;
		for (uint32_t k = 0; k < n; k++) {
			sep(w);
			write_one(w, idx[k], ends[k], tree_part);
		}
		w->lvl--;
		indent(w);
		ob_putc(w->o, ']');
	}
}

/* The object holding the children of the items in [begin, end). */
static void children(struct jw *w, uint32_t begin, uint32_t end)
{
	const struct packet *pk = w->pk;
	obj_begin(w);
	for (uint32_t i = begin; i < end;) {
		uint32_t e = subtree_end(pk, i, end);
		if (!w->dedup) {
			member(w, &i, &e, 1);
		} else if (!w->done[i]) {
			/* --no-duplicate-keys: siblings with the same key
			 * become one member whose value is an array. */
			uint32_t idx[64], ends[64], n = 0;
			for (uint32_t j = i; j < end && n < 64;) {
				uint32_t je = subtree_end(pk, j, end);
				if (!w->done[j] &&
				    same_key(&pk->items[j], &pk->items[i])) {
					w->done[j] = 1;
					idx[n] = j;
					ends[n++] = je;
				}
				j = je;
			}
			member(w, idx, ends, n);
		}
		i = e;
	}
	obj_end(w);
}

void out_json_begin(struct outbuf *o)
{
	ob_putc(o, '[');
}

void out_json_end(struct outbuf *o, bool any)
{
	if (any)
		ob_putc(o, '\n');
	ob_write(o, "]\n", 2);
}

void out_json_opts(struct outbuf *o, const struct packet *pk, bool first,
		   bool dedup)
{
	if (!text_field)
		text_field = field_lookup("_ws.text");
	struct jw w;
	memset(&w, 0, sizeof(w));
	w.o = o;
	w.pk = pk;
	w.dedup = dedup;
	if (dedup) {
		if (donecap < pk->nitems) {
			donecap = pk->nitems * 2;
			donebuf = xrealloc(donebuf, donecap);
		}
		if (pk->nitems)
			memset(donebuf, 0, pk->nitems);
		w.done = donebuf;
	}
	if (!first)
		ob_putc(o, ',');
	w.lvl = 1;
	indent(&w);
	obj_begin(&w);
	/* Elasticsearch-style index named after the packet's local date. */
	char date[32] = "packets-1970-01-01";
	time_t t = (time_t)(pk->ts / 1000000000);
	if (pk->ts % 1000000000 < 0)
		t--;
	struct tm tm;
	if (localtime_r(&t, &tm))
		strftime(date, sizeof(date), "packets-%Y-%m-%d", &tm);
	key(&w, "_index", 6, "");
	jstr(o, date, strlen(date));
	key(&w, "_type", 5, "");
	jstr(o, "doc", 3);
	key(&w, "_score", 6, "");
	ob_write(o, "null", 4);
	key(&w, "_source", 7, "");
	obj_begin(&w);
	key(&w, "layers", 6, "");
	children(&w, 0, pk->nitems);
	obj_end(&w);
	obj_end(&w);
}

void out_json(struct outbuf *o, const struct packet *pk, bool first)
{
	out_json_opts(o, pk, first, false);
}
