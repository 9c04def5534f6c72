/* field.c — the field registry (see field.h). Open-addressed hash by abbrev. */
#include "field.h"
#include "../core/alloc.h"

#include <string.h>

#define TABSZ 8192 /* power of two, > 2x the number of abbreviations */

static struct field *tab[TABSZ];
static struct field **byid; /* byid[id] = first field with that id */
static int nids, capids;

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static struct field **slot(const char *abbrev)
{
	uint32_t i = hash_str(abbrev) & (TABSZ - 1);
	while (tab[i] && strcmp(tab[i]->abbrev, abbrev) != 0)
		i = (i + 1) & (TABSZ - 1);
	return &tab[i];
}

void field_register(struct field *f)
{
	if (f->id)
		return;
	struct field **s = slot(f->abbrev);
	if (*s) {
		struct field *h = *s;
		f->id = h->id;
		f->wanted = h->wanted;
		f->same = h->same;
		h->same = f;
		return;
	}
	if (nids + 1 >= capids) {
		capids = capids ? capids * 2 : 1024;
		byid = xrealloc(byid, (size_t)capids * sizeof(*byid));
	}
	f->id = ++nids;
	byid[f->id] = f;
	*s = f;
}

struct field *field_lookup(const char *abbrev) { return *slot(abbrev); }

uint32_t field_want_gen = 1;

bool fields_any_wanted_slow(struct want_cache *c, struct field *const *list)
{
	c->any = false;
	for (int i = 0; list && list[i] && !c->any; i++)
		c->any = list[i]->wanted;
	c->gen = field_want_gen;
	return c->any;
}

bool field_want(const char *abbrev)
{
	struct field *f = field_lookup(abbrev);
	if (!f)
		return false;
	field_want_gen++;
	for (; f; f = f->same)
		f->wanted = true;
	return true;
}

void field_want_all(void)
{
	field_want_gen++;
	for (int i = 1; i <= nids; i++)
		for (struct field *f = byid[i]; f; f = f->same)
			f->wanted = true;
}

int field_count(void) { return nids; }

struct field *field_by_id(int id)
{
	return id >= 1 && id <= nids ? byid[id] : NULL;
}

int ftype_bits(enum ftype t)
{
	switch (t) {
	case FT_UINT8: case FT_INT8: return 8;
	case FT_UINT16: case FT_INT16: return 16;
	case FT_UINT24: return 24;
	case FT_UINT32: case FT_INT32: case FT_FRAMENUM: return 32;
	case FT_UINT48: return 48;
	case FT_UINT64: case FT_INT64: return 64;
	default: return 0;
	}
}

bool ftype_is_uint(enum ftype t)
{
	return (t >= FT_UINT8 && t <= FT_UINT64) || t == FT_FRAMENUM ||
	       t == FT_BOOLEAN;
}

bool ftype_is_int(enum ftype t) { return t >= FT_INT8 && t <= FT_INT64; }

const char *ftype_name(enum ftype t)
{
	static const char *const names[] = {
		"FT_NONE", "FT_PROTOCOL", "FT_BOOLEAN", "FT_UINT8", "FT_UINT16",
		"FT_UINT24", "FT_UINT32", "FT_UINT48", "FT_UINT64", "FT_INT8",
		"FT_INT16", "FT_INT32", "FT_INT64", "FT_FRAMENUM", "FT_FLOAT",
		"FT_DOUBLE", "FT_ABSOLUTE_TIME", "FT_RELATIVE_TIME", "FT_IPv4",
		"FT_IPv6", "FT_ETHER", "FT_STRING", "FT_BYTES", "FT_GUID",
	};
	return (size_t)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}
