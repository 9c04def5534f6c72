/* sll.c — Linux "cooked" capture headers: LINKTYPE_LINUX_SLL (16 bytes) and
 * LINKTYPE_LINUX_SLL2 (20 bytes), see https://www.tcpdump.org/linktypes/
 * LINKTYPE_LINUX_SLL.html and LINKTYPE_LINUX_SLL2.html. Field names are
 * Wireshark 4.0's packet-sll.c ones (one "sll" protocol for both). */
#include "../engine/dissector.h"
#include "../io/source.h"
#include "ethertype.h"

static const struct tok pkttype_vals[] = {
	{ 0, "Unicast to us" }, { 1, "Broadcast" }, { 2, "Multicast" },
	{ 3, "Unicast to another host" }, { 4, "Sent by us" }, { 0, NULL },
};
static const struct tok hatype_vals[] = {
	{ 0, "NET/ROM" }, { 1, "Ethernet" }, { 6, "IEEE 802" }, { 7, "ARCnet" },
	{ 15, "Frame Relay" }, { 19, "ATM" }, { 24, "IEEE 1394" }, { 32, "InfiniBand" },
	{ 256, "SLIP" }, { 512, "PPP" }, { 513, "Cisco HDLC" }, { 768, "IP-in-IP" },
	{ 772, "Loopback" }, { 776, "IPv6-in-IPv4" }, { 778, "GRE" },
	{ 801, "IEEE 802.11" }, { 802, "IEEE 802.11 + Prism header" },
	{ 803, "IEEE 802.11 + radiotap header" }, { 804, "IEEE 802.15.4" },
	{ 820, "IEEE 802.15.4, no FCS" }, { 823, "IPv6-over-LoWPAN" }, { 824, "Netlink" },
	{ 65534, "None" }, { 65535, "Void" }, { 0, NULL },
};
/* Protocol values below 1536 are Linux ETH_P_* pseudo-types, not EtherTypes. */
static const struct tok ltype_vals[] = {
	{ 0x0001, "Raw 802.3" }, { 0x0002, "AX.25" }, { 0x0004, "802.2 LLC" },
	{ 0x000c, "CAN" }, { 0x000d, "CAN FD" }, { 0x0011, "Localtalk" },
	{ 0x0016, "Linux-IrDA" }, { 0x00f5, "Phonet" }, { 0x00f6, "IEEE 802.15.4" },
	{ 0, NULL },
};

static struct field hf_sll = { "sll", "Linux cooked capture v1", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_pkttype = { "sll.pkttype", "Packet type", FT_UINT16, BASE_DEC, 0, 0, pkttype_vals, 0, false, NULL };
static struct field hf_hatype = { "sll.hatype", "Link-layer address type", FT_UINT16, BASE_DEC, 0, 0, hatype_vals, 0, false, NULL };
static struct field hf_halen = { "sll.halen", "Link-layer address length", FT_UINT16, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_src_eth = { "sll.src.eth", "Source", FT_ETHER, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_src_ipv4 = { "sll.src.ipv4", "Source", FT_IPv4, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_src_other = { "sll.src.other", "Source", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_unused = { "sll.unused", "Unused", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_ltype = { "sll.ltype", "Protocol", FT_UINT16, BASE_HEX, 0, 0, ltype_vals, 0, false, NULL };
static struct field hf_etype = { "sll.etype", "Protocol", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals, 0, false, NULL };
static struct field hf_gretype = { "sll.gretype", "Protocol", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals, 0, false, NULL };
static struct field hf_reserved = { "sll.reserved", "Reserved", FT_UINT16, BASE_HEX, 0, 0, NULL, 0, false, NULL };
static struct field hf_ifindex = { "sll.ifindex", "Interface index", FT_UINT32, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_trailer = { "sll.trailer", "Trailer", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };

static struct field *const fields[] = {
	&hf_sll, &hf_pkttype, &hf_hatype, &hf_halen, &hf_src_eth, &hf_src_ipv4,
	&hf_src_other, &hf_unused, &hf_ltype, &hf_etype, &hf_gretype,
	&hf_reserved, &hf_ifindex, &hf_trailer, NULL,
};

enum { ARPHRD_ETHER = 1, ARPHRD_IEEE802 = 6, ARPHRD_LOOPBACK = 772,
       ARPHRD_IPGRE = 778, ARPHRD_NETLINK = 824 };

/* The address field: 8 bytes of which halen are the sender's address. */
static void add_address(struct packet *pk, struct bv *bv, uint32_t off,
			uint16_t hatype, uint16_t halen)
{
	uint32_t used = halen < 8 ? halen : 8;
	if ((hatype == ARPHRD_ETHER || hatype == ARPHRD_IEEE802 ||
	     hatype == ARPHRD_LOOPBACK) && halen == 6) {
		const uint8_t *m = bv->p + off;
		struct item *it = pk_add_view(pk, &hf_src_eth, bv, off, 6);
		if (it && pk_labels(pk)) {
			char l[96];
			eth_addr_label(m, l, sizeof(l));
			pk_item_text(pk, it, "Source: %s", l);
		}
		pk_set_dl_addrs(pk, AT_ETHER, m, NULL);
		pk->dl_dst.type = AT_NONE;
	} else if (hatype == ARPHRD_IPGRE && halen == 4) {
		pk_add_view(pk, &hf_src_ipv4, bv, off, 4);
	} else if (used) {
		pk_add_view(pk, &hf_src_other, bv, off, used);
	}
	if (used < 8)
		pk_add_view(pk, &hf_unused, bv, off + used, 8 - used);
}

static void payload(struct packet *pk, struct bv *bv, uint32_t hlen,
		    uint16_t proto, uint16_t hatype, uint32_t poff)
{
	struct eth_trailer tr = { &hf_trailer, pk->depth, false, bv->rlen };
	struct bv sub = bv_tail(bv, hlen);
	if (proto < 1536) {
		pk_add_uint(pk, &hf_ltype, bv, poff, 2, proto);
		pk_layer_end(pk);
		int r = -1;
		if (proto == 0x0004)
			r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_LLC_PSEUDO, &sub, NULL);
		if (r < 0)
			dissect_data(pk, &sub);
		return;
	}
	if (hatype == ARPHRD_IPGRE) {
		pk_add_uint(pk, &hf_gretype, bv, poff, 2, proto);
		pk_layer_end(pk);
		if (dissect_table(pk, DT_ETHERTYPE, proto, &sub, NULL) < 0)
			dissect_data(pk, &sub);
		return;
	}
	pk_add_uint(pk, &hf_etype, bv, poff, 2, proto);
	pk_layer_end(pk);
	ethertype_dispatch(pk, proto, &sub, &tr);
}

static int short_header(struct packet *pk, struct bv *bv, const char *label)
{
	struct item *top = pk_layer_begin(pk, "sll", &hf_sll, bv, 0, bv->len);
	pk_item_text(pk, top, "%s", label);
	pk_layer_end(pk);
	pk_truncated(pk, "SLL", bv);
	return (int)bv->len;
}

static int dissect_sll(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "SLL");
	if (!bv_has(bv, 0, 16))
		return short_header(pk, bv, "Linux cooked capture v1");
	uint16_t pkttype = bv_be16(bv, 0), hatype = bv_be16(bv, 2);
	uint16_t halen = bv_be16(bv, 4), proto = bv_be16(bv, 14);
	struct item *top = pk_layer_begin(pk, "sll", &hf_sll, bv, 0, 16);
	pk_item_text(pk, top, "Linux cooked capture v1");
	pk_add_uint(pk, &hf_pkttype, bv, 0, 2, pkttype);
	pk_add_uint(pk, &hf_hatype, bv, 2, 2, hatype);
	pk_add_uint(pk, &hf_halen, bv, 4, 2, halen);
	add_address(pk, bv, 6, hatype, halen);
	payload(pk, bv, 16, proto, hatype, 14);
	return (int)bv->len;
}

static int dissect_sll2(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "SLL");
	if (!bv_has(bv, 0, 20))
		return short_header(pk, bv, "Linux cooked capture v2");
	uint16_t proto = bv_be16(bv, 0);
	uint32_t ifindex = bv_be32(bv, 4);
	uint16_t hatype = bv_be16(bv, 8);
	uint8_t pkttype = bv_u8(bv, 10), halen = bv_u8(bv, 11);
	struct item *top = pk_layer_begin(pk, "sll", &hf_sll, bv, 0, 20);
	pk_item_text(pk, top, "Linux cooked capture v2");
	/* v2 puts the protocol first, and Wireshark shows it first. */
	struct bv sub = bv_tail(bv, 20);
	struct eth_trailer tr = { &hf_trailer, pk->depth, false, bv->rlen };
	if (proto < 1536)
		pk_add_uint(pk, &hf_ltype, bv, 0, 2, proto);
	else if (hatype == ARPHRD_IPGRE)
		pk_add_uint(pk, &hf_gretype, bv, 0, 2, proto);
	else
		pk_add_uint(pk, &hf_etype, bv, 0, 2, proto);
	pk_add_uint(pk, &hf_ifindex, bv, 4, 4, ifindex);
	pk_add_uint(pk, &hf_hatype, bv, 8, 2, hatype);
	pk_add_uint(pk, &hf_pkttype, bv, 10, 1, pkttype);
	pk_add_uint(pk, &hf_halen, bv, 11, 1, halen);
	add_address(pk, bv, 12, hatype, halen);
	pk_layer_end(pk);
	if (proto < 1536) {
		int r = -1;
		if (proto == 0x0004)
			r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_LLC_PSEUDO, &sub, NULL);
		if (r < 0)
			dissect_data(pk, &sub);
	} else if (hatype == ARPHRD_IPGRE) {
		if (dissect_table(pk, DT_ETHERTYPE, proto, &sub, NULL) < 0)
			dissect_data(pk, &sub);
	} else {
		ethertype_dispatch(pk, proto, &sub, &tr);
	}
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_LINKTYPE, LINKTYPE_LINUX_SLL },
	{ DT_NONE, 0 },
};
static const struct handoff handoffs2[] = {
	{ DT_LINKTYPE, LINKTYPE_LINUX_SLL2 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_sll = {
	.name = "sll",
	.long_name = "Linux cooked capture v1",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_sll,
};

/* Same protocol and fields as v1 (registered once, through dissector_sll). */
const struct dissector dissector_sll2 = {
	.name = "sll2",
	.long_name = "Linux cooked capture v2",
	.handoffs = handoffs2,
	.dissect = dissect_sll2,
};
