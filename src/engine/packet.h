/* packet.h — the packet context every dissector writes into.
 *
 * One `struct packet` is reused for every frame: pk_begin() resets it, the
 * dissectors fill it, outputs and taps read it, and its arena is reset at the
 * next pk_begin(). Nothing here allocates per packet once warmed up.
 *
 * Items: a flat array in dissection order; `depth` gives the tree nesting
 * (pk_push/pk_pop around a protocol's or a subtree's children). An item is
 * recorded only when its field is wanted or the packet is in tree mode; the
 * pk_add_* calls return NULL otherwise, so callers must accept NULL.
 */
#ifndef TAPIR_ENGINE_PACKET_H
#define TAPIR_ENGINE_PACKET_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/bv.h"
#include "../core/outbuf.h"
#include "../core/tok.h"
#include "field.h"

struct item {
	const struct field *f;
	uint32_t off, len;  /* bytes of the frame this item covers */
	uint16_t depth;     /* tree depth, 0 = top level (frame, eth, ip ...) */
	uint16_t flags;     /* FF_HIDDEN / FF_GENERATED, per item */
	const char *text;   /* -V label override (arena), or NULL */
	union {
		uint64_t u;     /* unsigned ints, booleans (already masked+shifted) */
		int64_t i;      /* signed ints */
		double d;       /* float, double */
		int64_t ns;     /* absolute (since epoch) and relative times */
		struct {
			const uint8_t *p; /* into the frame or the arena */
			uint32_t n;
		} b;            /* bytes, string, IPv4, IPv6, ether, protocol */
	} v;
};

/* Address kinds for the Source/Destination columns and conversations. */
enum addr_type { AT_NONE, AT_ETHER, AT_IPv4, AT_IPv6 };

struct address {
	uint8_t type;      /* enum addr_type */
	uint8_t a[16];
};

/* Expert severities and groups: Wireshark's values (epan/proto.h). */
enum expert_severity {
	PI_COMMENT = 0x00100000,
	PI_CHAT = 0x00200000,
	PI_NOTE = 0x00400000,
	PI_WARN = 0x00600000,
	PI_ERROR = 0x00800000,
};
enum expert_group {
	PI_CHECKSUM = 0x01000000,
	PI_SEQUENCE = 0x02000000,
	PI_RESPONSE_CODE = 0x03000000,
	PI_REQUEST_CODE = 0x04000000,
	PI_UNDECODED = 0x05000000,
	PI_REASSEMBLE = 0x06000000,
	PI_MALFORMED = 0x07000000,
	PI_DEBUG = 0x08000000,
	PI_PROTOCOL = 0x09000000,
	PI_SECURITY = 0x0a000000,
	PI_COMMENTS_GROUP = 0x0b000000,
	PI_DECRYPTION = 0x0c000000,
	PI_ASSUMPTION = 0x0d000000,
	PI_DEPRECATED = 0x0e000000,
};

/* Their names as Wireshark shows them ("Chat", "Sequence"). */
extern const struct tok expert_severity_vals[];
extern const struct tok expert_group_vals[];

/* An expert info kind: registered like a field (its abbrev is filterable,
 * e.g. "tcp.analysis.retransmission"). */
struct expert_field {
	struct field f;      /* abbrev, name = summary text; type FT_NONE */
	uint32_t group;      /* PI_SEQUENCE ... */
	uint32_t severity;   /* PI_NOTE ... */
};

/* One expert event raised on a packet (always recorded, for -z expert). */
struct expert_event {
	const struct expert_field *e;
	const char *msg;     /* summary or formatted text (arena) */
	const char *proto;   /* protocol that raised it ("TCP") */
	struct expert_event *next;
};

#define PK_MAX_LAYERS 32
#define PK_INFO_MAX 1024

struct conv;

struct packet {
	/* --- frame (set by the reader before dissection) --- */
	uint64_t num;          /* frame.number, from 1 */
	int64_t ts;            /* capture time, ns since the epoch */
	int64_t ts_first;      /* time of frame 1 (for frame.time_relative) */
	int64_t ts_prev_cap;   /* time of the previous captured frame */
	int64_t ts_prev_disp;  /* time of the previous displayed frame */
	uint32_t caplen, len;  /* captured and wire length */
	uint32_t linktype;     /* LINKTYPE_* of the frame's interface */
	uint32_t ifid;         /* interface id (pcapng), 0 for pcap */
	uint32_t pflags;       /* pcapng epb_flags, 0 when absent */
	bool pcapng;           /* frame came from pcapng (has an interface id) */
	bool no_ts;            /* true for pcapng Simple Packet Blocks and
	                          custom blocks: tshark shows no frame.time* */
	bool custom_block;     /* a pcapng Custom Block record (no interface) */
	const uint8_t *data;   /* caplen bytes, valid until the next frame */
	const char *comment;   /* pcapng opt_comment, or NULL */
	const char *ifname;    /* pcapng if_name ("" when absent), or NULL */
	const char *ifdesc;    /* pcapng if_description, "" when absent */
	uint32_t section;      /* pcapng section number from 1, 0 for pcap */

	/* --- dissection state --- */
	struct arena arena;    /* per-packet memory */
	bool tree;             /* record every item (-V, -T json) */
	bool cols;             /* fill the summary columns */
	bool labels;           /* format -V labels of recorded items even when
	                          not in tree mode (-T fields of a protocol
	                          prints its label) */
	struct item *items;
	uint32_t nitems, capitems;
	uint16_t depth;
	uint8_t nlayers;
	const char *layers[PK_MAX_LAYERS]; /* protocol filter names, in order */
	uint32_t layer_top;                /* bit i: layers[i] is a top-level
	                                      tree node (pk_layer_begin at
	                                      depth 0), for -z io,phs */
	uint32_t protos_idx;               /* index + 1 of the frame.protocols
	                                      item (0: none); an index, since
	                                      items may be reallocated */
	char protos[512];                  /* "eth:ethertype:ip:tcp" */
	uint16_t protos_len;

	/* --- columns (filled when cols) --- */
	const char *col_proto;             /* Protocol column (static string) */
	struct address dl_src, dl_dst;     /* link-layer addresses */
	struct address net_src, net_dst;   /* network-layer addresses (innermost) */
	char info[PK_INFO_MAX];            /* Info column */
	uint16_t info_len;
	uint16_t info_fence;               /* bytes protected from col_info_set */

	/* --- typed layer info, for taps, conversations and flows --- */
	uint8_t ipproto;                   /* innermost IP protocol, 0 = none */
	uint16_t srcport, dstport;         /* innermost transport ports */
	void *ip4, *ip6, *tcp, *udp;       /* struct ip4_info * ... (dissect/) */
	struct conv *conv;                 /* conversation of the transport layer */
	bool in_error;                     /* dissecting the packet quoted by an
	                                      ICMP/ICMPv6 error: the ICMP
	                                      dissector sets it around that call
	                                      and restores it (Wireshark's
	                                      pinfo->flags.in_error_pkt); TCP
	                                      then skips sequence analysis */

	/* --- problems --- */
	bool malformed;                    /* _ws.malformed raised */
	uint32_t max_severity;             /* highest PI_* raised, 0 none */
	struct expert_event *experts, **experts_tail;
	uint32_t nexperts;
};

void pk_init(struct packet *pk);
void pk_free(struct packet *pk);
/* Clears the per-packet state (arena, items, columns, layers). The frame
 * fields are set by the caller afterwards. */
void pk_begin(struct packet *pk);

static inline bool pk_wants(const struct packet *pk, const struct field *f)
{
	return f->wanted || pk->tree;
}

/* True when -V style labels are needed: guard costly label formatting. */
static inline bool pk_labels(const struct packet *pk)
{
	return pk->tree || pk->labels;
}

/* Appends an item for f (no wanted check; use pk_item). */
struct item *pk_item_new(struct packet *pk, const struct field *f,
			 const struct bv *bv, uint32_t off, uint32_t len);

/* The pk_add_* family is inline so that the common case, a field nobody
 * wants, costs one test at the call site and no call: dissectors make
 * dozens of these per packet. */

/* Adds an item (no value). Returns NULL when f is not wanted and not tree.
 * off is relative to bv (converted to a frame offset). */
static inline struct item *pk_item(struct packet *pk, const struct field *f,
				   const struct bv *bv, uint32_t off,
				   uint32_t len)
{
	if (!pk_wants(pk, f))
		return NULL;
	return pk_item_new(pk, f, bv, off, len);
}

static inline struct item *pk_add_uint(struct packet *pk, const struct field *f,
				       const struct bv *bv, uint32_t off,
				       uint32_t len, uint64_t v)
{
	struct item *it = pk_item(pk, f, bv, off, len);
	if (it)
		it->v.u = v;
	return it;
}

/* For bit fields: stores (v & f->mask) >> shift(mask); f->mask 0 = v. */
static inline struct item *pk_add_bits(struct packet *pk, const struct field *f,
				       const struct bv *bv, uint32_t off,
				       uint32_t len, uint64_t v)
{
	struct item *it = pk_item(pk, f, bv, off, len);
	if (it)
		it->v.u = f->mask ? (v & f->mask) >> __builtin_ctzll(f->mask) : v;
	return it;
}

static inline struct item *pk_add_int(struct packet *pk, const struct field *f,
				      const struct bv *bv, uint32_t off,
				      uint32_t len, int64_t v)
{
	struct item *it = pk_item(pk, f, bv, off, len);
	if (it)
		it->v.i = v;
	return it;
}

static inline struct item *pk_add_double(struct packet *pk,
					 const struct field *f,
					 const struct bv *bv, uint32_t off,
					 uint32_t len, double v)
{
	struct item *it = pk_item(pk, f, bv, off, len);
	if (it)
		it->v.d = v;
	return it;
}

static inline struct item *pk_add_time(struct packet *pk, const struct field *f,
				       const struct bv *bv, uint32_t off,
				       uint32_t len, int64_t ns)
{
	struct item *it = pk_item(pk, f, bv, off, len);
	if (it)
		it->v.ns = ns;
	return it;
}

/* Bytes-like values (FT_BYTES, FT_STRING, FT_IPv4, FT_IPv6, FT_ETHER,
 * FT_PROTOCOL): p must stay valid until the next pk_begin (frame bytes or
 * arena memory). */
static inline struct item *pk_add_bytes(struct packet *pk,
					const struct field *f,
					const struct bv *bv, uint32_t off,
					uint32_t len, const uint8_t *p,
					uint32_t n)
{
	struct item *it = pk_item(pk, f, bv, off, len);
	if (it) {
		it->v.b.p = p;
		it->v.b.n = n;
	}
	return it;
}
/* Bytes read from the view itself: n bytes at off (clamped to what is
 * captured; sets the view's trunc when short). */
struct item *pk_add_view(struct packet *pk, const struct field *f,
			 struct bv *bv, uint32_t off, uint32_t n);
/* A string formatted into the arena (only formatted when recorded). */
struct item *pk_add_strf(struct packet *pk, const struct field *f,
			 const struct bv *bv, uint32_t off, uint32_t len,
			 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* FT_NONE / FT_PROTOCOL node without a value. */
struct item *pk_add_none(struct packet *pk, const struct field *f,
			 const struct bv *bv, uint32_t off, uint32_t len);

/* Sets the -V label of it (it may be NULL: then nothing is formatted).
 * A macro, so that without labels neither the variadic call nor its
 * arguments (tok_str lookups, ...) are evaluated: arguments must have no
 * side effects. */
void pk_item_textf(struct packet *pk, struct item *it, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define pk_item_text(pk, it, ...)                                     \
	do {                                                          \
		struct item *pk_it_ = (it);                           \
		if (pk_it_ && pk_labels(pk))                          \
			pk_item_textf((pk), pk_it_, __VA_ARGS__);     \
	} while (0)
/* Adds a text-only line to the -V tree (tree mode only); a macro for the
 * same reason as pk_item_text. */
void pk_add_textf(struct packet *pk, const struct bv *bv, uint32_t off,
		  uint32_t len, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
#define pk_add_text(pk, ...)                                          \
	do {                                                          \
		if ((pk)->tree)                                       \
			pk_add_textf((pk), __VA_ARGS__);              \
	} while (0)
/* Subtrees: items added between push and pop are children of the last item. */
static inline void pk_push(struct packet *pk) { pk->depth++; }
static inline void pk_pop(struct packet *pk) { if (pk->depth) pk->depth--; }

/* Enters a protocol layer: appends `name` to frame.protocols, records the
 * protocol item (f, covering len bytes at off of bv) and pushes a subtree.
 * Returns the protocol item (or NULL). Pair with pk_layer_end(). */
struct item *pk_layer_begin(struct packet *pk, const char *name,
			    const struct field *f, const struct bv *bv,
			    uint32_t off, uint32_t len);
void pk_layer_end(struct packet *pk);
/* Appends a name to frame.protocols without a subtree ("ethertype"). */
void pk_add_layer_name(struct packet *pk, const char *name);
/* pk_add_layer_name for a protocol whose tree is a top-level node without
 * a pk_layer_begin (HTTP's media types): io,phs counts it. */
void pk_add_layer_top(struct packet *pk, const char *name);
/* A top-level tree node that is not a protocol (tshark's "[Reassembled TCP
 * Segments]"): a layer for io,phs, not part of frame.protocols. */
void pk_add_tree_layer(struct packet *pk, const char *name);
/* Sets an item's length once known (e.g. a protocol's header length). */
static inline void pk_item_set_len(struct item *it, uint32_t len)
{
	if (it)
		it->len = len;
}

/* Raises an expert event; also records its field item when wanted. fmt may be
 * NULL to use the expert's summary. Malformed-group errors set malformed. */
void pk_expert(struct packet *pk, const struct expert_field *e,
	       const char *proto, const struct bv *bv, uint32_t off,
	       uint32_t len, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Marks the packet malformed (_ws.malformed) at the current layer. */
void pk_malformed(struct packet *pk, const char *proto, const struct bv *bv,
		  uint32_t off);
/* Adds the "[Packet size limited during capture: X truncated]" marker. */
void pk_truncated(struct packet *pk, const char *proto, const struct bv *bv);
/* A header ran past the end of the view: truncated when the capture cut the
 * packet (captured < reported bytes), malformed (at off) when the packet
 * itself is too short — tshark's BoundsError vs ReportedBoundsError. */
void pk_short(struct packet *pk, const char *proto, const struct bv *bv,
	      uint32_t off);

/* Columns (no-ops unless pk->cols). */
static inline void col_set_proto(struct packet *pk, const char *s)
{
	pk->col_proto = s;
}
void col_info_set(struct packet *pk, const char *s);
void col_info_printf(struct packet *pk, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void col_info_append(struct packet *pk, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends with ", " first unless the column is empty (Wireshark's
 * col_append_sep_fstr with ", "). */
void col_info_append_sep(struct packet *pk, const char *sep, const char *fmt,
			 ...) __attribute__((format(printf, 3, 4)));
/* Inserts text at the front and protects it from later col_info_set. */
void col_info_prepend_fence(struct packet *pk, const char *s);
/* Protects what the column holds now from later col_info_set/printf. */
static inline void col_info_fence(struct packet *pk)
{
	pk->info_fence = pk->info_len;
}

void pk_set_dl_addrs(struct packet *pk, enum addr_type t, const uint8_t *src,
		     const uint8_t *dst);
void pk_set_net_addrs(struct packet *pk, enum addr_type t, const uint8_t *src,
		      const uint8_t *dst);
/* Formats an address into dst (>= 46 bytes); returns length. */
size_t addr_fmt(const struct address *a, char *dst);

/* First item of field id (any field with that id), or NULL; `after` continues
 * a search past a previous hit (NULL to start). */
const struct item *pk_find(const struct packet *pk, int id,
			   const struct item *after);

#endif
