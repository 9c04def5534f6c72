/* dissector.h — dissector descriptors, dispatch tables and heuristics.
 *
 * A protocol is one file in src/dissect/ ending in one exported
 * `const struct dissector dissector_NAME`, listed once in
 * src/dissect/dissectors.c. The descriptor says where the protocol hangs
 * (handoffs: "ethertype 0x0800", "udp.port 53") and lists its fields and
 * expert infos; dissect_init() registers them all.
 *
 * A dissect function gets the packet and a view whose offset 0 is the first
 * byte of its protocol. It returns the bytes it consumed (its header, or all
 * of the view), or -1 for "not mine" (used by heuristics and by port
 * dispatch so the next candidate is tried).
 */
#ifndef TAPIR_ENGINE_DISSECTOR_H
#define TAPIR_ENGINE_DISSECTOR_H

#include "packet.h"

enum dtable {
	DT_NONE = 0,
	DT_LINKTYPE,   /* pcap LINKTYPE_* values */
	DT_ETHERTYPE,  /* also GRE protocol type, SLL protocol */
	DT_PPP_PROTO,  /* PPP protocol field */
	DT_IP_PROTO,   /* IPv4 protocol / IPv6 next header */
	DT_TCP_PORT,
	DT_UDP_PORT,
	DT_SCTP_PORT,
	DT_SCTP_PPI,
	DT_COUNT,
};

struct handoff {
	uint8_t table; /* enum dtable; DT_NONE ends a list */
	uint32_t key;
};

typedef int (*dissect_fn)(struct packet *pk, struct bv *bv, void *data);

struct pref;

struct dissector {
	const char *name;       /* filter name, also in frame.protocols: "ip" */
	const char *long_name;  /* "Internet Protocol Version 4" */
	struct field *const *fields;          /* NULL-terminated, or NULL */
	struct expert_field *const *experts;  /* NULL-terminated, or NULL */
	const struct handoff *handoffs;       /* {DT_NONE} terminated, or NULL */
	uint8_t heur_table;     /* try as a heuristic for payloads of this table
	                           (DT_TCP_PORT, DT_UDP_PORT) when no port hit */
	uint32_t min_len;       /* views shorter than this are not offered to a
	                           heuristic (the dispatcher checks it) */
	dissect_fn dissect;
	void (*init)(void);     /* once, after every field is registered */
	void (*reset)(void);    /* before a new file (conversation state) */
	const struct pref *prefs; /* -o preferences (prefs.h), or NULL */
	bool app;               /* an application protocol: its payload never
	                           holds link, network or transport layers,
	                           nor does it change how those are dissected,
	                           so dissect_prune() may leave it out */
};

/* Registers all dissectors listed in src/dissect/dissectors.c, their fields
 * and handoffs. Call once at start-up. */
void dissect_init(void);
/* Calls every dissector's reset hook. */
void dissect_reset(void);
/* The dissector with this filter name, or NULL. */
const struct dissector *dissector_find(const char *name);

/* Leaves every `app` dissector none of whose fields is wanted out of the
 * dispatch tables and heuristics, when nothing else needs what they would
 * record: the run asks only for fields (-T fields, -Y), with no tree, no
 * columns, no taps, and wants no field that depends on payload dissection
 * (frame.protocols, _ws.*, data.*, TCP's segment and payload items). The
 * caller decides the first part; this checks the fields. Call once, after
 * every field is wanted and before the first packet. Returns how many
 * dissectors were left out. */
int dissect_prune(void);

/* Calls the dissector registered for key in table t. Returns what it returned,
 * or -1 when none is registered or it refused. */
int dissect_table(struct packet *pk, enum dtable t, uint32_t key,
		  struct bv *bv, void *data);
/* Port dispatch the way Wireshark's TCP and UDP do it: the lower port first,
 * then the higher, then the heuristics registered for the table. Returns
 * bytes consumed or -1 when nothing took the payload. */
int dissect_ports(struct packet *pk, enum dtable t, uint16_t sport,
		  uint16_t dport, struct bv *bv, void *data);
/* Tries only the heuristics of table t. */
int dissect_heuristics(struct packet *pk, enum dtable t, struct bv *bv,
		       void *data);
/* The "data" dissector: records data.data / data.len for what is left. */
int dissect_data(struct packet *pk, struct bv *bv);

/* Dissects the packet's frame (pk->data ...) from the frame layer down. */
void dissect_packet(struct packet *pk);

/* The list, defined in src/dissect/dissectors.c, NULL-terminated. */
extern const struct dissector *const dissector_list[];

#endif
