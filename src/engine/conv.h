/* conv.h — the conversation table: one table of bidirectional transport
 * conversations (TCP, UDP, ...) keyed by a symmetric 5-tuple hash.
 *
 * Everything that needs per-conversation state hangs it off the same entry:
 * TCP analysis and `tcp.stream`, `udp.stream`, stream reassembly for follow
 * and for application dissectors, and the flow engine. A feature registers
 * an extension slot once (conv_ext_register) and keeps its state pointer in
 * `c->ext[slot]`; the table calls the slot's free hook when the entry dies.
 *
 * Numbering: `c->index` is the stream index of Wireshark (tcp.stream,
 * udp.stream): per IP protocol, from 0, in order of creation. conv_new() on
 * a key that already exists (TCP port reuse) creates a new entry with the
 * next index and retires the old one, as Wireshark's conversation_new()
 * does.
 *
 * Memory is bounded: at most `max_convs` live entries (the least recently
 * used entry is evicted when a new one needs room), and entries idle longer
 * than their timeout are freed as capture time advances. Timeouts use
 * packet timestamps, never the wall clock, so a file gives the same answer
 * every run. Timers are lists ordered by last activity (one per timeout
 * class), so expiry costs O(expired), never a scan.
 *
 * Per packet: one hash probe (conv_find_or_create), no allocation once the
 * pools are warm. Not thread-safe: one table per process, used by the
 * dissection thread.
 */
#ifndef TAPIR_ENGINE_CONV_H
#define TAPIR_ENGINE_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "packet.h"

#define CONV_EXT_MAX 6

/* The key. Endpoint 0 is the source of the packet that created the entry
 * (the "client" when the capture saw the connection start). */
struct conv_key {
	uint8_t af;          /* AT_IPv4 or AT_IPv6 (enum addr_type) */
	uint8_t proto;       /* IP protocol: 6 TCP, 17 UDP, ... */
	uint16_t port[2];    /* host order */
	uint8_t addr[2][16]; /* IPv4 uses the first 4 bytes; rest zero */
};

/* Timeout classes: which idle timeout applies to an entry. */
enum conv_state {
	CONV_OPEN = 0,    /* established or unknown: idle timeout */
	CONV_EMBRYONIC,   /* only a SYN seen (half-open): short timeout */
	CONV_CLOSED,      /* FIN both ways or RST seen: short timeout */
	CONV_NSTATES,
};

struct conv {
	struct conv_key key;
	uint32_t hash;         /* symmetric hash of key */
	uint32_t index;        /* tcp.stream / udp.stream */
	uint64_t first_frame;  /* frame.number of the first packet */
	uint64_t last_frame;   /* frame.number of the latest packet */
	int64_t first_ts;      /* ns since the epoch */
	int64_t last_ts;
	int64_t prev_ts;       /* last_ts before the latest touch (the time
	                          of the conversation's previous packet, for
	                          udp/tcp time_delta); first_ts when new */
	uint8_t state;         /* enum conv_state (timeout class) */
	struct conv *hnext;    /* hash chain */
	struct conv *tprev, *tnext; /* timer list of `state`, oldest first */
	void *ext[CONV_EXT_MAX]; /* per-feature state, see conv_ext_register */
};

/* Limits. Zero fields keep the current value. */
struct conv_limits {
	size_t max_convs;         /* live entries, default 262144 */
	int64_t timeout_ns[CONV_NSTATES]; /* defaults: open 3600 s,
	                                     embryonic 300 s, closed 300 s */
};

/* Sets limits (call before the first packet; changing max_convs later
 * only affects eviction, not the hash size). */
void conv_set_limits(const struct conv_limits *l);
void conv_get_limits(struct conv_limits *l);

/* Registers a per-feature state slot. free_fn (may be NULL) is called with
 * the entry and its non-NULL state when the entry is freed (timeout,
 * eviction, port reuse, conv_reset). Returns the slot (0..CONV_EXT_MAX-1),
 * the same slot for the same name; aborts when slots run out. Call at
 * start-up (init hooks). */
int conv_ext_register(const char *name, void (*free_fn)(struct conv *c,
							void *state));

/* Builds the key of the packet's innermost network addresses (pk->net_src,
 * pk->net_dst) and the given ports. Returns false when the packet has no
 * IPv4/IPv6 addresses. */
bool conv_key_from_packet(struct conv_key *k, const struct packet *pk,
			  uint8_t proto, uint16_t sport, uint16_t dport);

/* Looks the packet's conversation up (either direction). *dir is 0 when
 * the packet goes from endpoint 0 to endpoint 1, 1 otherwise. NULL when
 * absent. Does not touch timers. */
struct conv *conv_lookup(const struct conv_key *k, int *dir);

/* The conversation of k, created when absent (*created set). Touches it:
 * last_frame/last_ts updated, moved to the tail of its timer list, and
 * entries that timed out by pk->ts are freed first (bounded: at most 64
 * per call, the rest on later calls). Never NULL. */
struct conv *conv_find_or_create(const struct conv_key *k,
				 const struct packet *pk, int *dir,
				 bool *created);

/* Creates a new conversation for k even if one exists (port reuse). The
 * old entry is freed (its ext free hooks run) before this returns. *dir is
 * 0. Never NULL. */
struct conv *conv_new(const struct conv_key *k, const struct packet *pk);

/* Expected conversations (Wireshark's conversations created ahead of their
 * first packet, e.g. by FTP for a PASV/PORT data channel). An application
 * dissector announces one with conv_expect(); a port of 0 matches any port.
 * The transport dissector calls conv_take_expected() when it creates a
 * conversation: true (once) when the new conversation was announced, so it
 * is treated as pre-existing (for TCP: no SYN_SENT completeness bit, as in
 * tshark). At most 64 announcements are pending; the oldest is dropped.
 * Cleared by conv_reset(). */
void conv_expect(const struct conv_key *k);
bool conv_take_expected(const struct conv_key *k);

/* Moves c to another timeout class. */
void conv_set_state(struct conv *c, enum conv_state s);

/* Frees every entry (ext hooks run) and restarts stream numbering; the
 * table stays usable. For a new capture file. */
void conv_reset(void);

/* Live entries, bytes held by the table itself (entries + hash), the
 * highest number of live entries seen, and entries freed by timeout and
 * by eviction since the last reset. */
size_t conv_count(void);
size_t conv_mem_bytes(void);
size_t conv_peak_count(void);
uint64_t conv_expired(void);
uint64_t conv_evicted(void);

/* Next stream index that conv creation would hand out for proto. */
uint32_t conv_next_index(uint8_t proto);

#endif
