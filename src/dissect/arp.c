/* arp.c — Address Resolution Protocol (RFC 826), with Wireshark 4.0's
 * gratuitous/announcement/probe classification and Info texts. */
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "ethertype.h"

#include <stdio.h>
#include <string.h>

static const struct tok hrd_vals[] = {
	{ 1, "Ethernet" }, { 6, "IEEE 802" }, { 15, "Frame Relay" },
	{ 16, "ATM" }, { 18, "Fibre Channel" }, { 19, "ATM" }, { 20, "Serial Line" },
	{ 24, "IEEE 1394.1995" }, { 32, "InfiniBand" }, { 0, NULL },
};
static const struct tok op_vals[] = {
	{ 1, "request" }, { 2, "reply" }, { 3, "reverse request" },
	{ 4, "reverse reply" }, { 5, "DRARP-Request" }, { 6, "DRARP-Reply" },
	{ 7, "DRARP-Error" }, { 8, "InARP request" }, { 9, "InARP reply" },
	{ 10, "ARP-NAK" }, { 0, NULL },
};

static struct field hf_arp = { "arp", "Address Resolution Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_hw_type = { "arp.hw.type", "Hardware type", FT_UINT16, BASE_DEC, 0, 0, hrd_vals, 0, false, NULL };
static struct field hf_proto_type = { "arp.proto.type", "Protocol type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals, 0, false, NULL };
static struct field hf_hw_size = { "arp.hw.size", "Hardware size", FT_UINT8, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_proto_size = { "arp.proto.size", "Protocol size", FT_UINT8, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_opcode = { "arp.opcode", "Opcode", FT_UINT16, BASE_DEC, 0, 0, op_vals, 0, false, NULL };
static struct field hf_isgrat = { "arp.isgratuitous", "Is gratuitous", FT_BOOLEAN, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_isprobe = { "arp.isprobe", "Is probe", FT_BOOLEAN, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_isannounce = { "arp.isannouncement", "Is announcement", FT_BOOLEAN, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_src_mac = { "arp.src.hw_mac", "Sender MAC address", FT_ETHER, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_src_hw = { "arp.src.hw", "Sender hardware address", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_src_ipv4 = { "arp.src.proto_ipv4", "Sender IP address", FT_IPv4, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_src_proto = { "arp.src.proto", "Sender protocol address", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst_mac = { "arp.dst.hw_mac", "Target MAC address", FT_ETHER, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst_hw = { "arp.dst.hw", "Target hardware address", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst_ipv4 = { "arp.dst.proto_ipv4", "Target IP address", FT_IPv4, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst_proto = { "arp.dst.proto", "Target protocol address", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };

static struct field *const fields[] = {
	&hf_arp, &hf_hw_type, &hf_proto_type, &hf_hw_size, &hf_proto_size,
	&hf_opcode, &hf_isgrat, &hf_isprobe, &hf_isannounce, &hf_src_mac,
	&hf_src_hw, &hf_src_ipv4, &hf_src_proto, &hf_dst_mac, &hf_dst_hw,
	&hf_dst_ipv4, &hf_dst_proto, NULL,
};

static bool is_ether_hrd(uint16_t h) { return h == 1 || h == 6; }

static void add_addrs(struct packet *pk, struct bv *bv, uint32_t off,
		      uint8_t hln, uint8_t pln, uint16_t hrd, uint16_t pro,
		      bool sender)
{
	if (hln) {
		if (is_ether_hrd(hrd) && hln == 6 && bv_has(bv, off, 6)) {
			struct item *it = pk_add_view(pk, sender ? &hf_src_mac : &hf_dst_mac, bv, off, 6);
			if (it && pk_labels(pk)) {
				char l[96];
				eth_addr_label(bv->p + off, l, sizeof(l));
				lbl_text(pk, it, "%s: %s", it->f->name, l);
			}
		} else {
			pk_add_view(pk, sender ? &hf_src_hw : &hf_dst_hw, bv, off, hln);
		}
	}
	off += hln;
	if (pln) {
		if (pro == ETHERTYPE_IP && pln == 4)
			pk_add_view(pk, sender ? &hf_src_ipv4 : &hf_dst_ipv4, bv, off, 4);
		else
			pk_add_view(pk, sender ? &hf_src_proto : &hf_dst_proto, bv, off, pln);
	}
}

static void fmt_proto_addr(char *dst, size_t n, const uint8_t *p, uint8_t pln,
			   uint16_t pro)
{
	if (pro == ETHERTYPE_IP && pln == 4) {
		fmt_ipv4(dst, p);
		return;
	}
	size_t w = 0;
	for (uint8_t i = 0; i < pln && w + 3 < n; i++)
		w += (size_t)snprintf(dst + w, n - w, "%02x", p[i]);
	dst[w] = '\0';
}

static void fmt_hw_addr(char *dst, size_t n, const uint8_t *p, uint8_t hln)
{
	size_t w = 0;
	dst[0] = '\0';
	for (uint8_t i = 0; i < hln && w + 4 < n; i++)
		w += (size_t)snprintf(dst + w, n - w, i ? ":%02x" : "%02x", p[i]);
}

static int dissect_arp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	uint16_t hrd = bv_be16(bv, 0), pro = bv_be16(bv, 2);
	uint8_t hln = bv_u8(bv, 4), pln = bv_u8(bv, 5);
	uint16_t op = bv_be16(bv, 6);
	uint32_t tot = 8 + 2u * hln + 2u * pln;
	bool rarp = op == 3 || op == 4;
	col_set_proto(pk, rarp ? "RARP" : "ARP");
	if (!bv_has(bv, 0, 8)) {
		struct item *top = pk_layer_begin(pk, "arp", &hf_arp, bv, 0, bv->len);
		(void)top;
		if (bv_has(bv, 0, 2)) pk_add_uint(pk, &hf_hw_type, bv, 0, 2, hrd);
		if (bv_has(bv, 2, 2)) pk_add_uint(pk, &hf_proto_type, bv, 2, 2, pro);
		if (bv_has(bv, 4, 1)) pk_add_uint(pk, &hf_hw_size, bv, 4, 1, hln);
		if (bv_has(bv, 5, 1)) pk_add_uint(pk, &hf_proto_size, bv, 5, 1, pln);
		pk_layer_end(pk);
		if (bv->rlen < 8)
			pk_malformed(pk, "ARP", bv, bv->len);
		else
			pk_truncated(pk, "ARP", bv);
		return (int)bv->len;
	}
	uint32_t sha = 8, spa = sha + hln, tha = spa + pln, tpa = tha + hln;
	bool whole = bv_has(bv, 0, tot);
	bool grat = false, announce = false, probe = false;
	if (whole && (op == 1 || op == 2) && pln &&
	    memcmp(bv->p + spa, bv->p + tpa, pln) == 0) {
		/* Sender and target protocol addresses equal: gratuitous; a
		 * request of that kind is also an announcement. */
		grat = true;
		announce = op == 1;
	} else if (whole && op == 1 && pln) {
		probe = true;
		for (uint32_t i = 0; i < pln; i++)
			if (bv->p[spa + i])
				probe = false;
	}
	const char *opname = tok_str(op_vals, op, "Unknown");
	struct item *top = pk_layer_begin(pk, "arp", &hf_arp, bv, 0, tot);
	if (top && pk_labels(pk)) {
		if (announce)
			lbl_text(pk, top, "Address Resolution Protocol (ARP Announcement)");
		else if (probe)
			lbl_text(pk, top, "Address Resolution Protocol (ARP Probe)");
		else if (grat)
			lbl_text(pk, top, "Address Resolution Protocol (%s/gratuitous ARP)", opname);
		else
			lbl_text(pk, top, "Address Resolution Protocol (%s)", opname);
	}
	pk_add_uint(pk, &hf_hw_type, bv, 0, 2, hrd);
	pk_add_uint(pk, &hf_proto_type, bv, 2, 2, pro);
	pk_add_uint(pk, &hf_hw_size, bv, 4, 1, hln);
	pk_add_uint(pk, &hf_proto_size, bv, 5, 1, pln);
	pk_add_uint(pk, &hf_opcode, bv, 6, 2, op);
	if (grat)
		pk_add_uint(pk, &hf_isgrat, bv, 0, 0, 1);
	if (probe)
		pk_add_uint(pk, &hf_isprobe, bv, 0, 0, 1);
	if (announce)
		pk_add_uint(pk, &hf_isannounce, bv, 0, 0, 1);
	if (!whole) {
		/* Show what is there, then the truncation. */
		if (bv_has(bv, sha, hln + pln))
			add_addrs(pk, bv, sha, hln, pln, hrd, pro, true);
		pk_layer_end(pk);
		if (bv->rlen < tot)
			pk_malformed(pk, "ARP", bv, bv->len);
		else
			pk_truncated(pk, "ARP", bv);
		return (int)bv->len;
	}
	add_addrs(pk, bv, sha, hln, pln, hrd, pro, true);
	add_addrs(pk, bv, tha, hln, pln, hrd, pro, false);
	pk_layer_end(pk);
	if (pk->cols) {
		char s[64], t[64], h[64];
		fmt_proto_addr(s, sizeof(s), bv->p + spa, pln, pro);
		fmt_proto_addr(t, sizeof(t), bv->p + tpa, pln, pro);
		switch (op) {
		case 1:
			if (announce)
				col_info_printf(pk, "ARP Announcement for %s", s);
			else if (probe)
				col_info_printf(pk, "Who has %s? (ARP Probe)", t);
			else
				col_info_printf(pk, "Who has %s? Tell %s", t, s);
			break;
		case 2:
			fmt_hw_addr(h, sizeof(h), bv->p + sha, hln);
			if (grat)
				col_info_printf(pk, "Gratuitous ARP for %s (Reply)", s);
			else
				col_info_printf(pk, "%s is at %s", s, h);
			break;
		case 3:
			fmt_hw_addr(h, sizeof(h), bv->p + tha, hln);
			fmt_hw_addr(s, sizeof(s), bv->p + sha, hln);
			col_info_printf(pk, "Who is %s? Tell %s", h, s);
			break;
		case 4:
			fmt_hw_addr(h, sizeof(h), bv->p + tha, hln);
			col_info_printf(pk, "%s is at %s", h, t);
			break;
		default:
			col_info_printf(pk, "Unknown ARP opcode 0x%04x", op);
		}
	}
	return (int)tot;
}

static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_ARP },
	{ DT_ETHERTYPE, 0x8035 }, /* RARP (RFC 903): same layout */
	{ DT_NONE, 0 },
};

const struct dissector dissector_arp = {
	.name = "arp",
	.long_name = "Address Resolution Protocol",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_arp,
};
