/* tap.h — the tap registry: dissectors queue per-packet data to named taps;
 * listeners registered on a tap get it after the packet is fully dissected,
 * in registration order, and draw at the end.
 *
 * Dissector side:
 *   static int tap_id;                      // in init(): tap_id = tap_register("tcp");
 *   if (tap_has_listener(tap_id))
 *       tap_queue(tap_id, pk, info);        // info lives in the packet arena
 *
 * Listener side (src/stats/, src/flow/, src/lua/): tap_listener_add(). A
 * listener's filter is a predicate supplied by the layer that owns filters
 * (the engine does not parse filter text).
 */
#ifndef TAPIR_ENGINE_TAP_H
#define TAPIR_ENGINE_TAP_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/outbuf.h"
#include "packet.h"

/* Returns the id (>= 1) of the tap with this name, registering it if new.
 * Call at start-up (dissector init hooks), not per packet. */
int tap_register(const char *name);
/* The id of a registered tap, or 0. */
int tap_find(const char *name);
/* Name of tap id, or NULL. */
const char *tap_name(int id);
/* True when at least one listener is attached to tap id. Cheap. */
bool tap_has_listener(int id);
/* Queues data for tap id on this packet. data must stay valid until the
 * next pk_begin (packet arena or frame bytes). Does nothing without
 * listeners. */
void tap_queue(int id, struct packet *pk, const void *data);

/* The id of tap `name`, registered at first use and cached in *id. */
static inline int tap_cached(int *id, const char *name)
{
	if (!*id)
		*id = tap_register(name);
	return *id;
}

/* One-line form for dissectors: registers the tap `name` at first use
 * (caching its id in *id) and queues data on it. */
static inline void tap_queue_named(int *id, const char *name,
				   struct packet *pk, const void *data)
{
	if (!*id)
		*id = tap_register(name);
	tap_queue(*id, pk, data);
}

/* Payload of the "eth" tap (Wireshark's eth_hdr): the Ethernet header's
 * addresses and type/length, for conversations and endpoints. */
struct eth_tap_info {
	uint8_t src[6];     /* eth.src */
	uint8_t dst[6];     /* eth.dst */
	uint16_t type;      /* eth.type, or the 802.3 length */
};

/* Payload of the "tcp" and "udp" taps (Wireshark's tcpheader / e_udphdr
 * as far as listeners need it). The addresses are those of the IP header
 * carrying this transport header (copy pk->net_src/net_dst when queueing:
 * after a tunnel they change). */
struct transport_tap_info {
	struct address src, dst; /* ip.src/ip.dst or ipv6.src/ipv6.dst */
	uint16_t sport, dport;   /* tcp.srcport ... / udp.srcport ... */
	uint32_t stream;         /* tcp.stream / udp.stream */
	const void *info;        /* struct tcp_info * / struct udp_info *, or NULL */
};

/* Payload of the follow taps ("tcp_follow", "udp_follow"): one segment or
 * datagram payload. For TCP, seq is the sequence number of data[0] and the
 * listener puts segments in stream order (retransmissions, overlaps and
 * out-of-order segments are its business, as in tshark's follow code). */
struct follow_tap_info {
	struct address src, dst;
	uint16_t sport, dport;
	uint32_t stream;         /* tcp.stream / udp.stream */
	uint32_t seq;            /* TCP: absolute sequence number of data[0] */
	uint8_t flags;           /* TCP flags (SYN/FIN advance seq by one) */
	const uint8_t *data;     /* payload bytes (frame or arena) */
	uint32_t len;            /* captured payload bytes */
};

/* packet: returns true when the listener's state changed (redraw needed). */
typedef bool (*tap_packet_fn)(void *user, struct packet *pk, const void *data);
typedef void (*tap_draw_fn)(void *user, struct outbuf *o);
typedef void (*tap_reset_fn)(void *user);
/* Filter predicate: true when the packet passes the listener's filter. */
typedef bool (*tap_match_fn)(void *match_ctx, struct packet *pk);

enum {
	TL_REQUIRES_TREE = 1,    /* needs every field recorded (-V level) */
	TL_REQUIRES_COLUMNS = 2, /* needs the summary columns filled */
};

struct tap_listener;

/* Attaches a listener to the tap named tap_name (registering the name if no
 * dissector did yet). match may be NULL (no filter). Returns the listener, or
 * NULL when tap_name is NULL/empty. Listeners live until tap_remove_all(). */
struct tap_listener *tap_listener_add(const char *tap_name, unsigned flags,
				      tap_match_fn match, void *match_ctx,
				      tap_packet_fn packet, tap_draw_fn draw,
				      tap_reset_fn reset, void *user);
/* Union of TL_* flags of all listeners (the main loop sets pk->tree/cols). */
unsigned tap_listener_flags(void);
/* After dissection: delivers every queued item to the listeners of its tap
 * whose filter matches (the filter is evaluated once per listener and
 * packet, before its first delivery). */
void tap_dispatch(struct packet *pk);
/* Calls every listener's draw, most recently added first (tshark's order:
 * the output of the last -z option comes first). */
void tap_draw_all(struct outbuf *o);
void tap_reset_all(void);
/* Removes every listener; a listener given a free hook has it called with
 * its user pointer first. */
void tap_remove_all(void);
/* Sets the hook tap_remove_all() calls to release l's user state. */
void tap_listener_set_free(struct tap_listener *l, void (*free_user)(void *user));

#endif
