/* gre.c — Generic Routing Encapsulation: version 0 (RFC 2784, key and
 * sequence number of RFC 2890) and version 1, the enhanced GRE of PPTP
 * (RFC 2637 section 4.1); plus ERSPAN type II and III (draft-foschiano-
 * erspan), carried in GRE protocol 0x88be / 0x22eb. The payload goes to the
 * ethertype table directly (no "ethertype" layer, as Wireshark's gre.proto
 * table). */
#include "../engine/dissector.h"
#include "ethertype.h"
#include "ip.h"

#include <stdio.h>

static const struct tok gre_type_vals[] = {
	{ 0x0000, "Possible GRE keepalive packet" }, { 0x0800, "IP" },
	{ 0x0806, "ARP" }, { 0x86dd, "IPv6" }, { 0x880b, "PPP" },
	{ 0x88be, "ERSPAN" }, { 0x22eb, "ERSPAN" }, { 0x6558, "Transparent Ethernet bridging" },
	{ 0x8847, "MPLS label switched packet" }, { 0x8848, "MPLS multicast label switched packet" },
	{ 0x8909, "CiscoMetaData" }, { 0x2000, "CDP (Cisco)" }, { 0x8100, "802.1Q Virtual LAN" },
	{ 0x894f, "NSH" }, { 0, NULL },
};
static const struct tok yes_no[] = { { 0, "No" }, { 1, "Yes" }, { 0, NULL } };
static const struct tok ver_vals[] = { { 0, "GRE" }, { 1, "Enhanced GRE" }, { 0, NULL } };
static const struct tok erspan_ver_vals[] = { { 1, "Type II" }, { 2, "Type III" }, { 0, NULL } };
static const struct tok erspan_encap_vals[] = {
	{ 0, "Originally without VLAN tag" }, { 1, "Originally ISL encapsulated" },
	{ 2, "Originally 802.1Q encapsulated" }, { 3, "VLAN tag preserved in frame" },
	{ 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_gre, "gre", "Generic Routing Encapsulation", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_flags, "gre.flags_and_version", "Flags and Version", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_f_c, "gre.flags.checksum", "Checksum Bit", FT_BOOLEAN, BASE_BOOL_16, 0, 0x8000, yes_no);
F(hf_f_r, "gre.flags.routing", "Routing Bit", FT_BOOLEAN, BASE_BOOL_16, 0, 0x4000, yes_no);
F(hf_f_k, "gre.flags.key", "Key Bit", FT_BOOLEAN, BASE_BOOL_16, 0, 0x2000, yes_no);
F(hf_f_s, "gre.flags.sequence_number", "Sequence Number Bit", FT_BOOLEAN, BASE_BOOL_16, 0, 0x1000, yes_no);
F(hf_f_ssr, "gre.flags.strict_source_route", "Strict Source Route Bit", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0800, yes_no);
F(hf_f_rec, "gre.flags.recursion_control", "Recursion control", FT_UINT16, BASE_DEC, 0, 0x0700, NULL);
F(hf_f_ack, "gre.flags.ack", "Acknowledgment", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0080, yes_no);
F(hf_f_res, "gre.flags.reserved", "Flags (Reserved)", FT_UINT16, BASE_DEC, 0, 0x00f8, NULL);
F(hf_f_res_ppp, "gre.flags.reserved", "Flags (Reserved)", FT_UINT16, BASE_DEC, 0, 0x0078, NULL);
F(hf_f_ver, "gre.flags.version", "Version", FT_UINT16, BASE_DEC, 0, 0x0007, ver_vals);
F(hf_proto, "gre.proto", "Protocol Type", FT_UINT16, BASE_HEX, 0, 0, gre_type_vals);
F(hf_checksum, "gre.checksum", "Checksum", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_offset, "gre.offset", "Offset", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_key, "gre.key", "Key", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_key_plen, "gre.key.payload_length", "Payload Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_key_callid, "gre.key.call_id", "Call ID", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_seq, "gre.sequence_number", "Sequence Number", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_ack, "gre.ack_number", "Acknowledgment Number", FT_UINT32, BASE_DEC, 0, 0, NULL);

F(hf_erspan, "erspan", "Encapsulated Remote Switch Packet ANalysis", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_e_version, "erspan.version", "Version", FT_UINT16, BASE_DEC, 0, 0xf000, erspan_ver_vals);
F(hf_e_vlan, "erspan.vlan", "Vlan", FT_UINT16, BASE_DEC, 0, 0x0fff, NULL);
F(hf_e_cos, "erspan.cos", "COS", FT_UINT16, BASE_DEC, 0, 0xe000, NULL);
F(hf_e_encap, "erspan.encap", "Encap", FT_UINT16, BASE_DEC, 0, 0x1800, erspan_encap_vals);
F(hf_e_bso, "erspan.bso", "Bad/Short/Oversized", FT_UINT16, BASE_DEC, 0, 0x1800, NULL);
F(hf_e_trunc, "erspan.truncated", "Truncated", FT_UINT16, BASE_DEC, 0, 0x0400, NULL);
F(hf_e_spanid, "erspan.spanid", "SpanID", FT_UINT16, BASE_DEC, 0, 0x03ff, NULL);
F(hf_e_reserved, "erspan.reserved", "Reserved", FT_UINT32, BASE_DEC, 0, 0xfff00000, NULL);
F(hf_e_index, "erspan.index", "Index", FT_UINT32, BASE_DEC, 0, 0x000fffff, NULL);
F(hf_e_timestamp, "erspan.timestamp", "Timestamp", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_e_sgt, "erspan.sgt", "Security Group Tag", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_e_p, "erspan.p", "Has Ethernet PDU", FT_UINT16, BASE_DEC, 0, 0x8000, NULL);
F(hf_e_ft, "erspan.ft", "Frame Type", FT_UINT16, BASE_DEC, 0, 0x7c00, NULL);
F(hf_e_hw, "erspan.hw", "Hardware ID", FT_UINT16, BASE_DEC, 0, 0x03f0, NULL);
F(hf_e_dir, "erspan.direction", "Direction", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0008, NULL);
F(hf_e_gra, "erspan.gra", "Timestamp granularity", FT_UINT16, BASE_DEC, 0, 0x0006, NULL);
F(hf_e_o, "erspan.o", "Optional Sub headers", FT_UINT16, BASE_DEC, 0, 0x0001, NULL);

static struct field *const fields[] = {
	&hf_gre, &hf_flags, &hf_f_c, &hf_f_r, &hf_f_k, &hf_f_s, &hf_f_ssr,
	&hf_f_rec, &hf_f_ack, &hf_f_res, &hf_f_res_ppp, &hf_f_ver, &hf_proto,
	&hf_checksum, &hf_offset, &hf_key, &hf_key_plen, &hf_key_callid,
	&hf_seq, &hf_ack,
	&hf_erspan, &hf_e_version, &hf_e_vlan, &hf_e_cos, &hf_e_encap,
	&hf_e_bso, &hf_e_trunc, &hf_e_spanid, &hf_e_reserved, &hf_e_index,
	&hf_e_timestamp, &hf_e_sgt, &hf_e_p, &hf_e_ft, &hf_e_hw, &hf_e_dir,
	&hf_e_gra, &hf_e_o, NULL,
};

static void short_mark(struct packet *pk, struct bv *bv, const char *proto)
{
	pk_short(pk, proto, bv, bv->len);
}

/* ERSPAN type II (version 1) and III (version 2) header, then Ethernet. */
static void dissect_erspan(struct packet *pk, struct bv *bv)
{
	col_set_proto(pk, "ERSPAN");
	uint16_t w0 = bv_be16(bv, 0);
	unsigned ver = w0 >> 12;
	struct item *top = pk_layer_begin(pk, "erspan", &hf_erspan, bv, 0, ver == 2 ? 12 : 8);
	if (!bv_has(bv, 0, 8)) {
		pk_layer_end(pk);
		short_mark(pk, bv, "ERSPAN");
		return;
	}
	uint16_t w1 = bv_be16(bv, 2);
	uint32_t w2 = bv_be32(bv, 4);
	pk_add_bits(pk, &hf_e_version, bv, 0, 2, w0);
	pk_add_bits(pk, &hf_e_vlan, bv, 0, 2, w0);
	pk_add_bits(pk, &hf_e_cos, bv, 2, 2, w1);
	uint32_t hlen = 8;
	if (ver == 2) {
		pk_item_text(pk, top, "Encapsulated Remote Switch Packet ANalysis Type III");
		pk_add_bits(pk, &hf_e_bso, bv, 2, 2, w1);
		pk_add_bits(pk, &hf_e_trunc, bv, 2, 2, w1);
		pk_add_bits(pk, &hf_e_spanid, bv, 2, 2, w1);
		pk_add_uint(pk, &hf_e_timestamp, bv, 4, 4, w2);
		if (!bv_has(bv, 8, 4)) {
			pk_layer_end(pk);
			short_mark(pk, bv, "ERSPAN");
			return;
		}
		uint16_t w4 = bv_be16(bv, 10);
		pk_add_uint(pk, &hf_e_sgt, bv, 8, 2, bv_be16(bv, 8));
		pk_add_bits(pk, &hf_e_p, bv, 10, 2, w4);
		pk_add_bits(pk, &hf_e_ft, bv, 10, 2, w4);
		pk_add_bits(pk, &hf_e_hw, bv, 10, 2, w4);
		pk_add_bits(pk, &hf_e_dir, bv, 10, 2, w4);
		pk_add_bits(pk, &hf_e_gra, bv, 10, 2, w4);
		pk_add_bits(pk, &hf_e_o, bv, 10, 2, w4);
		hlen = (w4 & 1) ? 20 : 12;
	} else {
		pk_item_text(pk, top, "Encapsulated Remote Switch Packet ANalysis Type II");
		pk_add_bits(pk, &hf_e_encap, bv, 2, 2, w1);
		pk_add_bits(pk, &hf_e_trunc, bv, 2, 2, w1);
		pk_add_bits(pk, &hf_e_spanid, bv, 2, 2, w1);
		pk_add_bits(pk, &hf_e_reserved, bv, 4, 4, w2);
		pk_add_bits(pk, &hf_e_index, bv, 4, 4, w2);
	}
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, hlen);
	if (dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_TEB, &sub, NULL) < 0)
		dissect_data(pk, &sub);
}

static int dissect_gre(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "GRE");
	struct item *top = pk_layer_begin(pk, "gre", &hf_gre, bv, 0, 4);
	if (!bv_has(bv, 0, 4)) {
		pk_layer_end(pk);
		short_mark(pk, bv, "GRE");
		return (int)bv->len;
	}
	uint16_t fl = bv_be16(bv, 0), proto = bv_be16(bv, 2);
	unsigned ver = fl & 7;
	pk_item_text(pk, top, "Generic Routing Encapsulation (%s)",
		     tok_str(gre_type_vals, proto, "Unknown"));
	struct item *fi = pk_add_uint(pk, &hf_flags, bv, 0, 2, fl);
	pk_item_text(pk, fi, "Flags and Version: 0x%04x", fl);
	pk_push(pk);
	pk_add_bits(pk, &hf_f_c, bv, 0, 2, fl);
	pk_add_bits(pk, &hf_f_r, bv, 0, 2, fl);
	pk_add_bits(pk, &hf_f_k, bv, 0, 2, fl);
	pk_add_bits(pk, &hf_f_s, bv, 0, 2, fl);
	pk_add_bits(pk, &hf_f_ssr, bv, 0, 2, fl);
	pk_add_bits(pk, &hf_f_rec, bv, 0, 2, fl);
	if (ver == 1) {
		pk_add_bits(pk, &hf_f_ack, bv, 0, 2, fl);
		pk_add_bits(pk, &hf_f_res_ppp, bv, 0, 2, fl);
	} else {
		pk_add_bits(pk, &hf_f_res, bv, 0, 2, fl);
	}
	pk_add_bits(pk, &hf_f_ver, bv, 0, 2, fl);
	pk_pop(pk);
	pk_add_uint(pk, &hf_proto, bv, 2, 2, proto);
	const char *pname = tok_find(gre_type_vals, proto);
	if (pname)
		col_info_printf(pk, "Encapsulated %s", pname);
	else
		col_info_printf(pk, "Encapsulated 0x%04x", proto);
	uint32_t off = 4;
	bool ok = true;
	if (fl & 0xc000) {
		if ((ok = bv_has(bv, off, 4))) {
			pk_add_uint(pk, &hf_checksum, bv, off, 2, bv_be16(bv, off));
			pk_add_uint(pk, &hf_offset, bv, off + 2, 2, bv_be16(bv, off + 2));
		}
		off += 4;
	}
	if (ok && (fl & 0x2000)) {
		if ((ok = bv_has(bv, off, 4))) {
			if (ver == 1) {
				pk_add_uint(pk, &hf_key_plen, bv, off, 2, bv_be16(bv, off));
				pk_add_uint(pk, &hf_key_callid, bv, off + 2, 2, bv_be16(bv, off + 2));
			} else {
				pk_add_uint(pk, &hf_key, bv, off, 4, bv_be32(bv, off));
			}
		}
		off += 4;
	}
	if (ok && (fl & 0x1000)) {
		if ((ok = bv_has(bv, off, 4)))
			pk_add_uint(pk, &hf_seq, bv, off, 4, bv_be32(bv, off));
		off += 4;
	}
	if (ok && ver == 1 && (fl & 0x0080)) {
		if ((ok = bv_has(bv, off, 4)))
			pk_add_uint(pk, &hf_ack, bv, off, 4, bv_be32(bv, off));
		off += 4;
	}
	if (ok && (fl & 0x4000)) {
		/* Source route entries (RFC 1701): until a NULL entry. */
		for (;;) {
			if (!(ok = bv_has(bv, off, 4)))
				break;
			uint8_t sre_len = bv_u8(bv, off + 3);
			uint16_t af = bv_be16(bv, off);
			off += 4u + sre_len;
			if (af == 0 && sre_len == 0)
				break;
		}
	}
	pk_item_set_len(top, off);
	pk_layer_end(pk);
	if (!ok) {
		short_mark(pk, bv, "GRE");
		return (int)bv->len;
	}
	struct bv sub = bv_tail(bv, off);
	if (proto == ETHERTYPE_ERSPAN || proto == ETHERTYPE_ERSPAN3) {
		if (fl & 0x1000) {
			dissect_erspan(pk, &sub);
			return (int)bv->len;
		}
		/* Type I: no header, Ethernet right away. */
		if (dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_TEB, &sub, NULL) < 0)
			dissect_data(pk, &sub);
		return (int)bv->len;
	}
	if (proto == 0 || sub.rlen == 0) {
		/* Keepalive (or nothing on the wire): Wireshark stops here. */
		return (int)bv->len;
	}
	if (dissect_table(pk, DT_ETHERTYPE, proto, &sub, NULL) < 0)
		dissect_data(pk, &sub);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_IP_PROTO, IPPROTO_GRE_ },
	{ DT_NONE, 0 },
};

const struct dissector dissector_gre = {
	.name = "gre",
	.long_name = "Generic Routing Encapsulation",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_gre,
};
