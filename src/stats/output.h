/* output.h — per-packet outputs: the summary line, -T fields, and the
 * hooks for -V, -x and -T json. All write through one outbuf. */
#ifndef TAPIR_STATS_OUTPUT_H
#define TAPIR_STATS_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/outbuf.h"
#include "../engine/packet.h"

/* -t formats (tshark's). */
enum time_fmt {
	TF_RELATIVE,      /* r: seconds since the first packet (default) */
	TF_ABSOLUTE,      /* a: local time of day */
	TF_ABSOLUTE_DATE, /* ad: local date and time */
	TF_ABSOLUTE_DOY,  /* adoy */
	TF_DELTA,         /* d: since the previous captured packet */
	TF_DELTA_DISP,    /* dd: since the previous displayed packet */
	TF_EPOCH,         /* e: seconds since the epoch */
	TF_UTC,           /* u: UTC time of day */
	TF_UTC_DATE,      /* ud: UTC date and time */
	TF_UTC_DOY,
};

/* Parses a -t argument; false if unknown. */
bool time_fmt_parse(const char *s, enum time_fmt *tf);

/* One summary line: No. Time Source → Destination Protocol Length Info.
 * decimals: 6 for µs files, 9 for ns files (tshark's automatic precision). */
void out_summary(struct outbuf *o, const struct packet *pk, enum time_fmt tf,
		 int decimals);

/* Name resolution of Ethernet addresses in the columns (on by default,
 * off with -n as in tshark). */
void out_set_mac_resolution(bool on);

/* -T fields */
struct fields_opts {
	const char **names;  /* -e list */
	int *ids;            /* field ids, 0 when unknown */
	int n;
	bool header;         /* -E header=y */
	char separator;      /* -E separator=, default \t */
	char occurrence;     /* 'a' all, 'f' first, 'l' last */
	char aggregator;     /* -E aggregator=, default ',' */
	char quote;          /* -E quote=d|s|n: '"', '\'', 0 */
	/* Set by fields_opts_resolve: colmap (maxid + 1 entries) maps a
	 * field id to its column + 1, so one pass over a packet's items
	 * fills every column. */
	int *colmap;
	int maxid;
	uint32_t *head, *tail; /* per column: first/last item index + 1 */
};

void fields_opts_init(struct fields_opts *fo);
/* Parses one -E option ("header=y"); false with a message on error. */
bool fields_opts_parse_E(struct fields_opts *fo, const char *arg, char *err,
			 size_t errlen);
/* Resolves names to ids and marks them wanted; returns the first unknown
 * name, or NULL when all are known. */
const char *fields_opts_resolve(struct fields_opts *fo);
void out_fields_header(struct outbuf *o, const struct fields_opts *fo);
void out_fields(struct outbuf *o, const struct fields_opts *fo,
		const struct packet *pk);

/* -V: the protocol tree of the packet (items recorded in tree mode). */
void out_tree(struct outbuf *o, const struct packet *pk);
/* -x: hex and ASCII dump of n bytes, 16 per line. */
void out_hex(struct outbuf *o, const uint8_t *p, uint32_t n);

/* -T json (tshark 4.0 layout, print_json.c): out_json_begin() writes "[",
 * out_json() one packet object (first: no "," before it) from the items
 * recorded in tree mode, out_json_end() the closing "]" (any: at least one
 * packet was written). Keys repeat as tshark prints them by default;
 * out_json_opts(dedup=true) merges same-key siblings into arrays like
 * tshark --no-duplicate-keys. Not thread-safe (one static value buffer). */
void out_json_begin(struct outbuf *o);
void out_json(struct outbuf *o, const struct packet *pk, bool first);
void out_json_opts(struct outbuf *o, const struct packet *pk, bool first,
		   bool dedup);
void out_json_end(struct outbuf *o, bool any);

#endif
