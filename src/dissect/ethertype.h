/* ethertype.h — EtherType values (IEEE registry) and the shared hand-off
 * every L2 dissector uses (Ethernet, VLAN, SLL, GRE, PPPoE ...). */
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
	ETHERTYPE_VNTAG = 0x8926,
	ETHERTYPE_QINQ_OLD = 0x9100,
	/* Not a real EtherType: key for 802.3 frames whose payload is LLC. */
	ETHERTYPE_LLC_PSEUDO = 0x10000,
};

extern const struct tok ethertype_vals[];

/* Adds the "ethertype" pseudo-layer to frame.protocols (as Wireshark 4.0
 * does) and dispatches on type; unknown types become data. Returns bytes
 * consumed by the payload dissector (so the caller can show a trailer), or
 * -1 when the payload went to data. */
int ethertype_dispatch(struct packet *pk, uint16_t type, struct bv *bv);
/* Trailer/padding after a payload that did not use the whole view. */
void eth_add_trailer(struct packet *pk, struct bv *bv, uint32_t off);

#endif
