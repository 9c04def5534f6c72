/* ethertype.c — EtherType names and dispatch (Wireshark's packet-ethertype.c:
 * the pseudo-protocol "ethertype" shows up in frame.protocols, and what the
 * payload leaves over becomes padding/trailer of the calling layer). */
#include "ethertype.h"

#include <stdio.h>

const struct tok ethertype_vals[] = {
	{ 0x0800, "IPv4" }, { 0x0806, "ARP" }, { 0x86dd, "IPv6" },
	{ 0x8100, "802.1Q Virtual LAN" }, { 0x88a8, "802.1ad Provider Bridge (Q-in-Q)" },
	{ 0x9100, "VLAN tagged frame" },
	{ 0x8847, "MPLS label switched packet" }, { 0x8848, "MPLS multicast label switched packet" },
	{ 0x8863, "PPPoE Discovery" }, { 0x8864, "PPPoE Session" },
	{ 0x880b, "PPP" }, { 0x888e, "802.1X Authentication" },
	{ 0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)" },
	{ 0x6558, "Transparent Ethernet bridging" }, { 0x88be, "ERSPAN" },
	{ 0x22eb, "ERSPAN Type III" },
	{ 0x8926, "VN-Tag" }, { 0x8035, "RARP" }, { 0x9000, "Loopback" },
	{ 0x88e5, "802.1AE (MACsec)" }, { 0x8809, "Slow Protocols" },
	{ 0x8909, "Cisco MetaData" },
	{ 0x22f0, "IEEE 1722 Audio Video Bridging Transport Protocol" },
	{ 0x88f7, "PTPv2 over Ethernet (IEEE1588)" }, { 0x893a, "IEEE 1905.1a" },
	{ 0x8137, "Netware IPX/SPX" }, { 0x86df, "ATM" }, { 0x0842, "Wake on LAN" },
	{ 0x8870, "Jumbo LLC" }, { 0x894f, "Network Service Header" },
	{ 0x88b5, "Local Experimental Ethertype 1" },
	{ 0x88b6, "Local Experimental Ethertype 2" },
	{ 0, NULL },
};

int ethertype_dispatch(struct packet *pk, uint16_t type, struct bv *bv,
		       const struct eth_trailer *tr)
{
	pk_add_layer_name(pk, "ethertype");
	int r = dissect_table(pk, DT_ETHERTYPE, type, bv, NULL);
	if (r < 0) {
		/* Unknown type: the Protocol column shows its number. */
		if (pk->cols) {
			char *p = arena_alloc(&pk->arena, 8);
			snprintf(p, 8, "0x%04x", type);
			col_set_proto(pk, p);
		}
		dissect_data(pk, bv);
		return -1;
	}
	if (tr && (uint32_t)r < bv->rlen)
		eth_add_trailer(pk, bv, (uint32_t)r, tr);
	return r;
}
