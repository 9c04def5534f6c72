/* field.h — the field registry: Wireshark's field abbreviations, types and
 * display bases.
 *
 * Each dissector declares its fields as static `struct field` objects and
 * lists them in its descriptor; dissect_init() registers them. Several field
 * objects may share one abbreviation (as in Wireshark, e.g. "ip.addr" is
 * emitted for both source and destination): they share one id.
 *
 * A field is recorded on a packet only when `wanted` is set (by -e, -Y, -z
 * filters, Lua Field.new) or when the packet is dissected in tree mode
 * (-V, -T json). Plain reading therefore records nothing.
 */
#ifndef TAPIR_ENGINE_FIELD_H
#define TAPIR_ENGINE_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/tok.h"

enum ftype {
	FT_NONE,          /* text-only node, or an expert/analysis flag */
	FT_PROTOCOL,      /* protocol node; value is the protocol's bytes */
	FT_BOOLEAN,       /* printed 1 / 0 by -T fields */
	FT_UINT8,
	FT_UINT16,
	FT_UINT24,
	FT_UINT32,
	FT_UINT48,
	FT_UINT64,
	FT_INT8,
	FT_INT16,
	FT_INT32,
	FT_INT64,
	FT_FRAMENUM,      /* a frame number (uint) */
	FT_FLOAT,
	FT_DOUBLE,
	FT_ABSOLUTE_TIME, /* value in ns since the Unix epoch */
	FT_RELATIVE_TIME, /* value in ns */
	FT_IPv4,          /* 4 bytes, network order */
	FT_IPv6,          /* 16 bytes */
	FT_ETHER,         /* 6 bytes */
	FT_STRING,        /* bytes, printed as text */
	FT_BYTES,         /* bytes, printed as hex */
	FT_GUID,
};

/* Display base (Wireshark's field_display_e subset). */
enum fbase {
	BASE_NONE = 0,
	BASE_DEC,
	BASE_HEX,         /* -T fields prints 0x%0Nx, N = 2 * type width */
	BASE_OCT,
	BASE_DEC_HEX,     /* -T fields prints decimal */
	BASE_HEX_DEC,     /* -T fields prints hex */
	BASE_TIME_LOCAL,  /* absolute time as "Mar  7, 2013 21:42:06.869344000 UTC" */
	BASE_TIME_UTC,
	BASE_TIME_UNIX,   /* absolute time as seconds.nanoseconds */
	BASE_BOOL_8 = 8,  /* for FT_BOOLEAN: parent width in bits (8/12/16/24/32) */
	BASE_BOOL_12 = 12, /* tcp.flags.* (a 12-bit flags field) */
	BASE_BOOL_16 = 16,
	BASE_BOOL_24 = 24,
	BASE_BOOL_32 = 32,
	BASE_SEP_COLON = 64,  /* FT_BYTES printed aa:bb:cc (both -V and -T fields) */
};

/* Field flags. */
enum {
	FF_HIDDEN = 1,    /* not shown by -V (still filterable and printable) */
	FF_GENERATED = 2, /* shown in [brackets] by -V: not a byte of the packet */
};

struct field {
	const char *abbrev;     /* "ip.ttl" */
	const char *name;       /* "Time to Live" */
	uint8_t type;           /* enum ftype */
	uint8_t base;           /* enum fbase */
	uint8_t flags;          /* FF_* */
	uint64_t mask;          /* bit mask of a bit field, 0 when none */
	const struct tok *vals; /* value names shown by -V, or NULL */
	/* Set at registration: */
	int id;                 /* shared by every field with this abbrev */
	bool wanted;            /* record items of this field */
	struct field *same;     /* next field with the same abbrev, or NULL */
};

/* Registers f (idempotent). Called by dissect_init() for every listed field. */
void field_register(struct field *f);
/* The first registered field with this abbreviation, or NULL. */
struct field *field_lookup(const char *abbrev);
/* Marks every field with this abbreviation as wanted; false if unknown. */
bool field_want(const char *abbrev);
/* Marks every registered field as wanted (tree mode for -V, json, filters
 * that need everything). */
void field_want_all(void);
/* Bumped (from 1) each time fields become wanted. */
extern uint32_t field_want_gen;
/* A dissector's cached answer to "is any of my fields wanted?". */
struct want_cache {
	uint32_t gen; /* field_want_gen of the answer, 0 = not asked yet */
	bool any;
};
bool fields_any_wanted_slow(struct want_cache *c, struct field *const *list);
/* True when a field of the NULL-terminated list is wanted. The answer is
 * kept in *c (a static of the caller) until the wanted set changes, so a
 * dissector may ask on every packet and skip work nobody will see. A
 * packet in tree mode records every item whether wanted or not
 * (pk_wants): test pk->tree as well. */
static inline bool fields_any_wanted(struct want_cache *c,
				     struct field *const *list)
{
	if (c->gen == field_want_gen)
		return c->any;
	return fields_any_wanted_slow(c, list);
}
/* Number of distinct ids handed out; ids are 1..field_count(). */
int field_count(void);
/* Iterate: the first field of id (1-based), NULL past the end. */
struct field *field_by_id(int id);
/* Width in bits of an integer type (8 for FT_UINT8 ...), 0 otherwise. */
int ftype_bits(enum ftype t);
bool ftype_is_uint(enum ftype t);
bool ftype_is_int(enum ftype t);
const char *ftype_name(enum ftype t);

#endif
