/* llc.c — IEEE 802.2 Logical Link Control for 802.3 length-field frames
 * (reached through the ETHERTYPE_LLC_PSEUDO key), with SNAP (RFC 1042):
 * OUI 0 carries an EtherType, Cisco's OUI a Cisco protocol id. Also the
 * Ethernet Configuration Test Protocol ("loop", EtherType 0x9000). */
#include "../engine/dissector.h"
#include "ethertype.h"

#include <stdio.h>

static const struct tok sap_vals[] = {
	{ 0x00, "NULL LSAP" }, { 0x02, "LLC Sub-Layer Management" },
	{ 0x04, "SNA Path Control" }, { 0x06, "TCP/IP" }, { 0x42, "Spanning Tree BPDU" },
	{ 0x7e, "ISO 8208 (X.25 over 802.2)" }, { 0x80, "XNS" }, { 0xaa, "SNAP" },
	{ 0xe0, "NetWare" }, { 0xf0, "NetBIOS" }, { 0xf4, "IBM Net Management" },
	{ 0xfe, "ISO Network Layer (OSLAN 1)" }, { 0xff, "Global LSAP" }, { 0, NULL },
};
static const struct tok ig_vals[] = { { 0, "Individual" }, { 1, "Group" }, { 0, NULL } };
static const struct tok cr_vals[] = { { 0, "Command" }, { 1, "Response" }, { 0, NULL } };
static const struct tok cisco_pid_vals[] = {
	{ 0x0102, "DRIP" }, { 0x0104, "PAgP" }, { 0x0105, "MLS Hello" },
	{ 0x010b, "PVSTP+" }, { 0x010c, "VLAN Bridge" }, { 0x0111, "UDLD" },
	{ 0x2000, "CDP" }, { 0x2003, "VTP" }, { 0x2004, "DTP" }, { 0x200a, "STP Uplink Fast" },
	{ 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_llc, "llc", "Logical-Link Control", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_dsap, "llc.dsap", "DSAP", FT_UINT8, BASE_HEX, 0, 0, sap_vals);
F(hf_dsap_sap, "llc.dsap.sap", "SAP", FT_UINT8, BASE_DEC, 0, 0xfe, NULL);
F(hf_dsap_ig, "llc.dsap.ig", "IG Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x01, ig_vals);
F(hf_ssap, "llc.ssap", "SSAP", FT_UINT8, BASE_HEX, 0, 0, sap_vals);
F(hf_ssap_sap, "llc.ssap.sap", "SAP", FT_UINT8, BASE_DEC, 0, 0xfe, NULL);
F(hf_ssap_cr, "llc.ssap.cr", "CR Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x01, cr_vals);
F(hf_control, "llc.control", "Control", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_u_cmd, "llc.control.u_modifier_cmd", "Command", FT_UINT8, BASE_HEX, 0, 0xec, NULL);
F(hf_u_resp, "llc.control.u_modifier_resp", "Response", FT_UINT8, BASE_HEX, 0, 0xec, NULL);
F(hf_ftype, "llc.control.ftype", "Frame type", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_oui, "llc.oui", "Organization Code", FT_UINT24, BASE_DEC, 0, 0, NULL);
F(hf_type, "llc.type", "Type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals);
F(hf_pid, "llc.pid", "Protocol ID", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_cisco_pid, "llc.cisco_pid", "PID", FT_UINT16, BASE_HEX, 0, 0, cisco_pid_vals);

static const struct tok xid_types_vals[] = {
	{ 1, "Type 1 LLC (Class I LLC)" }, { 3, "Type 1 and Type 2 LLCs (Class II LLC)" },
	{ 5, "Type 1 and Type 3 LLCs (Class III LLC)" },
	{ 7, "Type 1, Type 2, and Type 3 LLCs (Class IV LLC)" }, { 0, NULL },
};
F(hf_xid, "basicxid", "Logical-Link Control Basic Format XID", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_xid_format, "basicxid.llc.xid.format", "XID Format", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_xid_types, "basicxid.llc.xid.types", "LLC Types/Classes", FT_UINT8, BASE_HEX, 0, 0, xid_types_vals);
F(hf_xid_wsize, "basicxid.llc.xid.wsize", "Receive Window Size", FT_UINT8, BASE_DEC, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_llc, &hf_dsap, &hf_dsap_sap, &hf_dsap_ig, &hf_ssap, &hf_ssap_sap,
	&hf_ssap_cr, &hf_control, &hf_u_cmd, &hf_u_resp, &hf_ftype, &hf_oui,
	&hf_type, &hf_pid, &hf_cisco_pid, &hf_xid, &hf_xid_format,
	&hf_xid_types, &hf_xid_wsize, NULL,
};

/* Payload dissectors LLC hands frames to by SAP or Cisco SNAP PID (looked
 * up once: there is no dispatch table keyed by SAP). */
static const struct dissector *stp_d, *cdp_d, *dtp_d;

static void llc_init(void)
{
	stp_d = dissector_find("stp");
	cdp_d = dissector_find("cdp");
	dtp_d = dissector_find("dtp");
}

/* Calls d on sub (data is passed on); data when d is absent. */
static void llc_call(struct packet *pk, const struct dissector *d,
		     struct bv *sub, void *data)
{
	if (!d || d->dissect(pk, sub, data) < 0)
		dissect_data(pk, sub);
}

/* XID in the basic format (802.2 5.4.1.1.2): format id 0x81, LLC
 * types/classes, receive window. tshark shows it under "Logical-Link
 * Control Basic Format XID", which is not a frame.protocols layer. */
static bool dissect_basic_xid(struct packet *pk, struct bv *bv)
{
	if (!bv_has(bv, 0, 3) || bv_u8(bv, 0) != 0x81)
		return false;
	/* raw bytes, as tshark registers these fields without masks */
	uint8_t types = bv_u8(bv, 1), w = bv_u8(bv, 2);
	struct item *it = pk_add_none(pk, &hf_xid, bv, 0, 3);
	pk_item_text(pk, it, "Logical-Link Control Basic Format XID");
	pk_push(pk);
	it = pk_add_uint(pk, &hf_xid_format, bv, 0, 1, 0x81);
	pk_item_text(pk, it, "XID Format: LLC basic format (0x81)");
	it = pk_add_uint(pk, &hf_xid_types, bv, 1, 1, types);
	pk_item_text(pk, it, "LLC Types/Classes: %s (0x%02x)",
		     tok_str(xid_types_vals, types, "Unknown"), types);
	pk_add_uint(pk, &hf_xid_wsize, bv, 2, 1, w);
	pk_pop(pk);
	col_set_proto(pk, "XID");
	col_info_printf(pk, "Basic Format; %s; Window Size %u",
			tok_str(xid_types_vals, types, "Unknown"), w);
	return true;
}

static int dissect_llc(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "LLC");
	pk_layer_begin(pk, "llc", &hf_llc, bv, 0, 3);
	if (!bv_has(bv, 0, 3)) {
		pk_layer_end(pk);
		pk_short(pk, "LLC", bv, bv->len);
		return (int)bv->len;
	}
	uint8_t dsap = bv_u8(bv, 0), ssap = bv_u8(bv, 1), c = bv_u8(bv, 2);
	pk_add_uint(pk, &hf_dsap, bv, 0, 1, dsap);
	pk_push(pk);
	pk_add_bits(pk, &hf_dsap_sap, bv, 0, 1, dsap);
	pk_add_bits(pk, &hf_dsap_ig, bv, 0, 1, dsap);
	pk_pop(pk);
	pk_add_uint(pk, &hf_ssap, bv, 1, 1, ssap);
	pk_push(pk);
	pk_add_bits(pk, &hf_ssap_sap, bv, 1, 1, ssap);
	pk_add_bits(pk, &hf_ssap_cr, bv, 1, 1, ssap);
	pk_pop(pk);
	uint32_t off;
	if ((c & 3) == 3) {
		/* Unnumbered frame: one control byte. */
		pk_add_uint(pk, &hf_control, bv, 2, 1, c);
		pk_push(pk);
		pk_add_bits(pk, (ssap & 1) ? &hf_u_resp : &hf_u_cmd, bv, 2, 1, c);
		pk_add_uint(pk, &hf_ftype, bv, 2, 1, 3);
		pk_pop(pk);
		off = 3;
	} else {
		if (!bv_has(bv, 2, 2)) {
			pk_layer_end(pk);
			pk_truncated(pk, "LLC", bv);
			return (int)bv->len;
		}
		pk_add_uint(pk, &hf_control, bv, 2, 2, bv_be16(bv, 2));
		pk_push(pk);
		pk_add_uint(pk, &hf_ftype, bv, 2, 1, (c & 1) ? (c & 3) : 0);
		pk_pop(pk);
		off = 4;
	}
	col_info_printf(pk, "%s", (c & 3) == 3 ? "U" : (c & 1) ? "S" : "I");
	if (dsap == 0xaa && ssap == 0xaa && (c & 3) == 3) {
		if (!bv_has(bv, 3, 5)) {
			pk_layer_end(pk);
			pk_truncated(pk, "LLC", bv);
			return (int)bv->len;
		}
		uint32_t oui = bv_be24(bv, 3);
		uint16_t pid = bv_be16(bv, 6);
		pk_add_uint(pk, &hf_oui, bv, 3, 3, oui);
		struct bv sub = bv_tail(bv, 8);
		if (oui == 0 || oui == 0x0000f8) {
			/* RFC 1042 / 802.1H: the PID is an EtherType. */
			pk_add_uint(pk, &hf_type, bv, 6, 2, pid);
			pk_layer_end(pk);
			ethertype_dispatch(pk, pid, &sub, NULL);
			return (int)bv->len;
		}
		if (oui == 0x00000c)
			pk_add_uint(pk, &hf_cisco_pid, bv, 6, 2, pid);
		else
			pk_add_uint(pk, &hf_pid, bv, 6, 2, pid);
		pk_layer_end(pk);
		const struct dissector *d = NULL;
		if (oui == 0x00000c)
			d = pid == 0x010b ? stp_d : pid == 0x2000 ? cdp_d :
			    pid == 0x2004 ? dtp_d : NULL;
		/* non-NULL data tells STP it is PVST+ (TLVs follow) */
		llc_call(pk, d, &sub, d == stp_d ? (void *)&pid : NULL);
		return (int)bv->len;
	}
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, off);
	/* XID command/response (0xaf, P/F bit masked) */
	if ((c & 0xef) == 0xaf && dissect_basic_xid(pk, &sub))
		return (int)bv->len;
	llc_call(pk, dsap == 0x42 && ssap == 0x42 ? stp_d : NULL, &sub, NULL);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_LLC_PSEUDO },
	{ DT_NONE, 0 },
};

const struct dissector dissector_llc = {
	.name = "llc",
	.long_name = "Logical-Link Control",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_llc,
	.init = llc_init,
};

/* Configuration Test Protocol (Ethernet v2 "loopback", EtherType 0x9000):
 * little-endian skip count, then function entries up to a reply. */
static const struct tok loop_func_vals[] = { { 1, "Reply" }, { 2, "Forward Data" }, { 0, NULL } };

F(hf_loop, "loop", "Configuration Test Protocol (loopback)", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_skip, "loop.skipcount", "skipCount", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_rel_func, "loop.relevant_function", "Relevant function", FT_UINT16, BASE_DEC, 0, 0, loop_func_vals);
F(hf_func, "loop.function", "Function", FT_UINT16, BASE_DEC, 0, 0, loop_func_vals);
F(hf_receipt, "loop.receipt_number", "Receipt number", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_fwd, "loop.forwarding_address", "Forwarding address", FT_ETHER, BASE_NONE, 0, 0, NULL);

static struct field *const loop_fields[] = {
	&hf_loop, &hf_skip, &hf_rel_func, &hf_func, &hf_receipt, &hf_fwd, NULL,
};

static int dissect_loop_ctp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "LOOP");
	pk_layer_begin(pk, "loop", &hf_loop, bv, 0, bv->len);
	if (!bv_has(bv, 0, 2)) {
		pk_layer_end(pk);
		pk_truncated(pk, "LOOP", bv);
		return (int)bv->len;
	}
	uint16_t skip = bv_le16(bv, 0);
	pk_add_uint(pk, &hf_skip, bv, 0, 2, skip);
	uint32_t off = 2;
	/* Each entry is at least 2 bytes, so this ends within the view. */
	while (bv_has(bv, off, 2)) {
		uint16_t f = bv_le16(bv, off);
		if (off == skip + 2u) {
			pk_add_uint(pk, &hf_rel_func, bv, off, 2, f);
			col_info_set(pk, tok_str(loop_func_vals, f, "Unknown function"));
		}
		pk_add_uint(pk, &hf_func, bv, off, 2, f);
		off += 2;
		if (f == 1) {
			if (bv_has(bv, off, 2))
				pk_add_uint(pk, &hf_receipt, bv, off, 2, bv_le16(bv, off));
			off += 2;
			break;
		}
		if (f != 2)
			break;
		if (!bv_has(bv, off, 6))
			break;
		pk_add_view(pk, &hf_fwd, bv, off, 6);
		off += 6;
	}
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, off);
	dissect_data(pk, &sub);
	return (int)bv->len;
}

static const struct handoff loop_handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_LOOP },
	{ DT_NONE, 0 },
};

const struct dissector dissector_loop_ctp = {
	.name = "loop_ctp",
	.long_name = "Configuration Test Protocol (loopback)",
	.fields = loop_fields,
	.handoffs = loop_handoffs,
	.dissect = dissect_loop_ctp,
};
