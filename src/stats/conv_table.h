/* conv_table.h — the tables behind -z conv,... and -z endpoints,...: one
 * entry per conversation (address/port pair plus an optional stream id) or
 * per endpoint (address plus port), in first-seen order, found by one hash
 * probe. Memory grows with the number of entries, never with packets.
 * Semantics follow Wireshark 4.0's epan/conversation_table.c. */
#ifndef TAPIR_STATS_CONV_TABLE_H
#define TAPIR_STATS_CONV_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "../engine/packet.h"

#define CONV_ID_UNSET UINT32_MAX

struct conv_item {
	struct address src, dst;   /* as seen in the conversation's first packet */
	uint16_t sport, dport;
	uint32_t conv_id;          /* tcp.stream, or CONV_ID_UNSET */
	uint64_t tx_frames, tx_bytes; /* src -> dst */
	uint64_t rx_frames, rx_bytes; /* dst -> src */
	int64_t start, stop;       /* first and last packet, ns since frame 1 */
};

struct endpoint_item {
	struct address addr;
	uint16_t port;
	uint64_t tx_frames, tx_bytes, rx_frames, rx_bytes;
};

/* A growable array plus an open-addressing index of entry numbers. */
struct ctab {
	void *items;               /* struct conv_item[] or struct endpoint_item[] */
	uint32_t n, cap;
	uint64_t *slots;           /* entry index + 1 in the low half (0 =
	                              empty), the key's hash in the high half
	                              so probing rarely touches an entry */
	uint32_t nslots;
};

/* Counts one packet of len bytes from src:sport to dst:dport at rel_ns
 * (time since the first frame). */
void ctab_conv_add(struct ctab *t, const struct address *src,
		   const struct address *dst, uint16_t sport, uint16_t dport,
		   uint32_t conv_id, uint64_t len, int64_t rel_ns);
/* Counts one packet on the endpoint addr:port, sent (tx) or received. */
void ctab_endpoint_add(struct ctab *t, const struct address *addr,
		       uint16_t port, bool tx, uint64_t len);
/* Entry indexes ordered by total frames, descending, first-seen order among
 * equals (tshark's draw order). Caller frees with xfree. */
uint32_t *ctab_order(const struct ctab *t, bool conv);
void ctab_free(struct ctab *t);

/* Length in bytes of an address of this type (4, 16, 6, 0). */
int addr_len(uint8_t type);
/* Wireshark's cmp_address: by type, then bytes. */
int addr_cmp(const struct address *a, const struct address *b);

#endif
