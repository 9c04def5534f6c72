/* reasm.h — IPv4 and IPv6 fragment reassembly (RFC 791 section 3.2,
 * RFC 8200 section 4.5) the way Wireshark's ip.defragment/ipv6.defragment
 * present it: fragments are collected per (addresses, id, protocol); the
 * fragment that completes the datagram carries the reassembled payload.
 *
 * Memory is bounded: at most REASM_MAX_DATAGRAMS datagrams in progress (the
 * oldest is dropped to make room), each at most 65535 + 8 bytes, and a
 * datagram whose first fragment is older than REASM_TIMEOUT_NS (packet time)
 * is dropped. Not thread safe (one table per process, like the dissectors).
 */
#ifndef TAPIR_DISSECT_REASM_H
#define TAPIR_DISSECT_REASM_H

#include <stdbool.h>
#include <stdint.h>

#include "../engine/packet.h"

#define REASM_MAX_DATAGRAMS 256
#define REASM_MAX_FRAGS 128
#define REASM_TIMEOUT_NS (60LL * 1000000000LL)

struct reasm_frag {
	uint64_t frame;  /* frame number */
	uint32_t off;    /* payload offset, bytes */
	uint32_t len;    /* payload bytes */
};

/* The result handed to the caller when a datagram completes. */
struct reasm_done {
	const uint8_t *data;   /* reassembled payload (packet arena) */
	uint32_t len;
	uint32_t nfrags;
	struct reasm_frag *frags; /* nfrags entries sorted by offset (arena) */
};

/* Adds one fragment: af 4 or 6, src/dst 4 or 16 bytes, id, upper protocol,
 * payload offset in bytes, the captured payload (p, len) and whether more
 * fragments follow. Returns true when this fragment completed the datagram
 * and fills *out (arena memory of pk, valid until the next packet); false
 * otherwise (kept for later, or dropped when it cannot be stored). */
bool reasm_add(struct packet *pk, int af, const uint8_t *src,
	       const uint8_t *dst, uint32_t id, uint8_t proto, uint32_t off,
	       const uint8_t *p, uint32_t len, bool more,
	       struct reasm_done *out);
/* Drops every datagram in progress (new file). */
void reasm_reset(void);

#endif
