/* ethertype.h — EtherType values (IEEE registry) and the shared hand-off
 * every L2 dissector uses (Ethernet, VLAN, SLL, PPPoE, VN-Tag ...), with the
 * padding/trailer/FCS display that follows the payload (packet-eth.c's
 * add_ethernet_trailer). */
#ifndef TAPIR_DISSECT_ETHERTYPE_H
#define TAPIR_DISSECT_ETHERTYPE_H

#include "../engine/dissector.h"

enum {
	ETHERTYPE_IP = 0x0800,
	ETHERTYPE_ARP = 0x0806,
	ETHERTYPE_TEB = 0x6558,
	ETHERTYPE_VLAN = 0x8100,
	ETHERTYPE_IPv6 = 0x86dd,
	ETHERTYPE_PPP = 0x880b,
	ETHERTYPE_MPLS = 0x8847,
	ETHERTYPE_MPLS_MULTI = 0x8848,
	ETHERTYPE_PPPOED = 0x8863,
	ETHERTYPE_PPPOES = 0x8864,
	ETHERTYPE_EAPOL = 0x888e,
	ETHERTYPE_QINQ = 0x88a8,
	ETHERTYPE_LLDP = 0x88cc,
	ETHERTYPE_ERSPAN = 0x88be,
	ETHERTYPE_ERSPAN3 = 0x22eb,
	ETHERTYPE_VNTAG = 0x8926,
	ETHERTYPE_QINQ_OLD = 0x9100,
	ETHERTYPE_LOOP = 0x9000,
	ETHERTYPE_CMD = 0x8909,
	/* Not a real EtherType: key for 802.3 frames whose payload is LLC. */
	ETHERTYPE_LLC_PSEUDO = 0x10000,
};

extern const struct tok ethertype_vals[];

/* How the caller of ethertype_dispatch shows what follows the payload. */
struct eth_trailer {
	const struct field *trailer; /* eth.trailer, vlan.trailer, sll.trailer;
	                                NULL: not shown */
	uint16_t depth;      /* tree depth of the padding/trailer items */
	bool maybe_fcs;      /* outer Ethernet: assume a 4-byte FCS ends a
	                        trailer of >= 4 bytes on a frame of >= 64 */
	uint32_t outer_len;  /* reported length of the caller's own view */
};

/* Adds the "ethertype" pseudo-layer to frame.protocols (as Wireshark 4.0
 * does) and dispatches on type; unknown types become data. When the payload
 * dissector consumed less than the view, the rest is shown as padding,
 * trailer and FCS per tr (tr may be NULL: nothing shown). Returns the bytes
 * the payload dissector consumed, or -1 when the payload went to data. */
int ethertype_dispatch(struct packet *pk, uint16_t type, struct bv *bv,
		       const struct eth_trailer *tr);
/* Padding (eth.padding, up to a 60-byte frame), trailer and assumed FCS for
 * the bytes of bv from off on. Defined in eth.c. */
void eth_add_trailer(struct packet *pk, struct bv *bv, uint32_t off,
		     const struct eth_trailer *tr);
/* "Name (aa:bb:cc:dd:ee:ff)" label of a MAC address; returns the length. */
size_t eth_addr_label(const uint8_t m[6], char *dst, size_t dstlen);

#endif
