/* stp.c — Spanning Tree BPDUs (IEEE 802.1D-2004 clause 9, 802.1w RST),
 * reached from LLC (SAP 0x42) and from Cisco's SNAP PID 0x010b (PVST+,
 * which appends TLVs after the BPDU, the first one giving the originating
 * VLAN). Configuration, TCN and RST BPDUs are decoded; the MSTP part of a
 * version 3 BPDU and bytes past the BPDU are not shown (as tshark shows
 * nothing for padding). */
#include "../engine/dissector.h"

#include <stdio.h>

static const struct tok proto_vals[] = { { 0, "Spanning Tree Protocol" }, { 0, NULL } };
static const struct tok version_vals[] = {
	{ 0, "Spanning Tree" }, { 2, "Rapid Spanning Tree" },
	{ 3, "Multiple Spanning Tree" }, { 4, "Shortest Path Tree" }, { 0, NULL },
};
static const struct tok type_vals[] = {
	{ 0x00, "Configuration" }, { 0x80, "Topology Change Notification" },
	{ 0x02, "Rapid/Multiple Spanning Tree" }, { 0, NULL },
};
static const struct tok role_vals[] = {
	{ 0, "Unknown" }, { 1, "Alternate or Backup" }, { 2, "Root" },
	{ 3, "Designated" }, { 0, NULL },
};
static const struct tok yes_no[] = { { 0, "No" }, { 1, "Yes" }, { 0, NULL } };
static const struct tok pvst_tlv_vals[] = { { 0, "Originating VLAN" }, { 0, NULL } };

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_stp, "stp", "Spanning Tree Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_protocol, "stp.protocol", "Protocol Identifier", FT_UINT16, BASE_HEX, 0, 0, proto_vals);
F(hf_version, "stp.version", "Protocol Version Identifier", FT_UINT8, BASE_DEC, 0, 0, version_vals);
F(hf_type, "stp.type", "BPDU Type", FT_UINT8, BASE_HEX, 0, 0, type_vals);
F(hf_flags, "stp.flags", "BPDU flags", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_tcack, "stp.flags.tcack", "Topology Change Acknowledgment", FT_BOOLEAN, BASE_BOOL_8, 0, 0x80, yes_no);
F(hf_agreement, "stp.flags.agreement", "Agreement", FT_BOOLEAN, BASE_BOOL_8, 0, 0x40, yes_no);
F(hf_forwarding, "stp.flags.forwarding", "Forwarding", FT_BOOLEAN, BASE_BOOL_8, 0, 0x20, yes_no);
F(hf_learning, "stp.flags.learning", "Learning", FT_BOOLEAN, BASE_BOOL_8, 0, 0x10, yes_no);
F(hf_port_role, "stp.flags.port_role", "Port Role", FT_UINT8, BASE_DEC, 0, 0x0c, role_vals);
F(hf_proposal, "stp.flags.proposal", "Proposal", FT_BOOLEAN, BASE_BOOL_8, 0, 0x02, yes_no);
F(hf_tc, "stp.flags.tc", "Topology Change", FT_BOOLEAN, BASE_BOOL_8, 0, 0x01, yes_no);
F(hf_root_prio, "stp.root.prio", "Root Bridge Priority", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_root_ext, "stp.root.ext", "Root Bridge System ID Extension", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_root_hw, "stp.root.hw", "Root Bridge System ID", FT_ETHER, BASE_NONE, 0, 0, NULL);
F(hf_root_cost, "stp.root.cost", "Root Path Cost", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_bridge_prio, "stp.bridge.prio", "Bridge Priority", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_bridge_ext, "stp.bridge.ext", "Bridge System ID Extension", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_bridge_hw, "stp.bridge.hw", "Bridge System ID", FT_ETHER, BASE_NONE, 0, 0, NULL);
F(hf_port, "stp.port", "Port identifier", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_msg_age, "stp.msg_age", "Message Age", FT_DOUBLE, BASE_NONE, 0, 0, NULL);
F(hf_max_age, "stp.max_age", "Max Age", FT_DOUBLE, BASE_NONE, 0, 0, NULL);
F(hf_hello, "stp.hello", "Hello Time", FT_DOUBLE, BASE_NONE, 0, 0, NULL);
F(hf_forward, "stp.forward", "Forward Delay", FT_DOUBLE, BASE_NONE, 0, 0, NULL);
F(hf_v1_len, "stp.version_1_length", "Version 1 Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_pvst_type, "stp.pvst.tlvtype", "Type", FT_UINT16, BASE_HEX, 0, 0, pvst_tlv_vals);
F(hf_pvst_len, "stp.pvst.tlvlen", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_pvst_vlan, "stp.pvst.origvlan", "Originating VLAN", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_pvst_val, "stp.pvst.tlvval", "Value", FT_BYTES, BASE_NONE, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_stp, &hf_protocol, &hf_version, &hf_type, &hf_flags, &hf_tcack,
	&hf_agreement, &hf_forwarding, &hf_learning, &hf_port_role,
	&hf_proposal, &hf_tc, &hf_root_prio, &hf_root_ext, &hf_root_hw,
	&hf_root_cost, &hf_bridge_prio, &hf_bridge_ext, &hf_bridge_hw,
	&hf_port, &hf_msg_age, &hf_max_age, &hf_hello, &hf_forward,
	&hf_v1_len, &hf_pvst_type, &hf_pvst_len, &hf_pvst_vlan,
	&hf_pvst_val, NULL,
};

/* BPDU offsets (802.1D 9.3.1) */
enum {
	B_PROTO = 0, B_VERSION = 2, B_TYPE = 3, B_FLAGS = 4, B_ROOT = 5,
	B_COST = 13, B_BRIDGE = 17, B_PORT = 25, B_MSG_AGE = 27,
	B_MAX_AGE = 29, B_HELLO = 31, B_FWD = 33, B_V1LEN = 35,
	CONF_LEN = 35, RST_LEN = 36,
};

static void fmt_mac(char *dst, const uint8_t *m)
{
	snprintf(dst, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* A bridge identifier: 4-bit priority, 12-bit system ID extension,
 * 6-byte MAC (802.1D 9.2.5); prio/ext/mac in -V and Info. */
static void add_bridge_id(struct packet *pk, struct bv *bv, uint32_t off,
			  const char *label, struct field *prio,
			  struct field *ext, struct field *hw, char *txt)
{
	uint16_t pe = bv_be16(bv, off);
	char mac[18];
	fmt_mac(mac, bv->p + off + 2);
	snprintf(txt, 40, "%u/%u/%s", pe & 0xf000u, pe & 0x0fffu, mac);
	if (pk_labels(pk))
		pk_add_text(pk, bv, off, 8, "%s: %u / %u / %s", label,
			    pe & 0xf000u, pe & 0x0fffu, mac);
	pk_push(pk);
	/* priority unshifted (32768), as tshark shows it */
	pk_add_uint(pk, prio, bv, off, 2, pe & 0xf000u);
	pk_add_uint(pk, ext, bv, off, 2, pe & 0x0fffu);
	pk_add_view(pk, hw, bv, off + 2, 6);
	pk_pop(pk);
}

static void add_time(struct packet *pk, struct bv *bv, uint32_t off,
		     struct field *f)
{
	/* timer values are in units of 1/256 s (802.1D 9.2.8) */
	pk_add_double(pk, f, bv, off, 2, bv_be16(bv, off) / 256.0);
}

/* PVST+ TLVs after the BPDU: type, value length, value. */
static void pvst_tlvs(struct packet *pk, struct bv *bv, uint32_t off)
{
	while (bv_has(bv, off, 4)) {
		uint16_t t = bv_be16(bv, off), l = bv_be16(bv, off + 2);
		if (l < 2 || !bv_has(bv, off + 4, l))
			break;
		if (t == 0 && pk_labels(pk))
			pk_add_text(pk, bv, off, 4u + l, "Originating VLAN (PVID): %u",
				    bv_be16(bv, off + 4));
		else if (pk_labels(pk))
			pk_add_text(pk, bv, off, 4u + l, "Unknown TLV");
		pk_push(pk);
		pk_add_uint(pk, &hf_pvst_type, bv, off, 2, t);
		pk_add_uint(pk, &hf_pvst_len, bv, off + 2, 2, l);
		if (t == 0 && l == 2)
			pk_add_uint(pk, &hf_pvst_vlan, bv, off + 4, 2, bv_be16(bv, off + 4));
		else
			pk_add_view(pk, &hf_pvst_val, bv, off + 4, l);
		pk_pop(pk);
		off += 4u + l;
	}
}

static int dissect_stp(struct packet *pk, struct bv *bv, void *data)
{
	bool pvst = data != NULL; /* any non-NULL data: via Cisco SNAP */
	col_set_proto(pk, "STP");
	pk_layer_begin(pk, "stp", &hf_stp, bv, 0, bv->len);
	if (!bv_has(bv, 0, 4)) {
		pk_layer_end(pk);
		pk_short(pk, "STP", bv, bv->len);
		return (int)bv->len;
	}
	uint8_t version = bv_u8(bv, B_VERSION), type = bv_u8(bv, B_TYPE);
	struct item *it = pk_add_uint(pk, &hf_protocol, bv, B_PROTO, 2, bv_be16(bv, B_PROTO));
	if (it && bv_be16(bv, B_PROTO) == 0)
		pk_item_text(pk, it, "Protocol Identifier: Spanning Tree Protocol (0x0000)");
	it = pk_add_uint(pk, &hf_version, bv, B_VERSION, 1, version);
	pk_item_text(pk, it, "Protocol Version Identifier: %s (%u)",
		     tok_str(version_vals, version, "Unknown"), version);
	it = pk_add_uint(pk, &hf_type, bv, B_TYPE, 1, type);
	pk_item_text(pk, it, "BPDU Type: %s (0x%02x)",
		     tok_str(type_vals, type, "Unknown"), type);
	if (type == 0x80) {
		col_info_set(pk, "Topology Change Notification");
		pk_layer_end(pk);
		return (int)bv->len;
	}
	uint32_t need = type == 0x02 ? RST_LEN : CONF_LEN;
	if (!bv_has(bv, 0, need)) {
		pk_layer_end(pk);
		pk_short(pk, "STP", bv, bv->len);
		return (int)bv->len;
	}
	uint8_t fl = bv_u8(bv, B_FLAGS);
	pk_add_uint(pk, &hf_flags, bv, B_FLAGS, 1, fl);
	pk_push(pk);
	pk_add_bits(pk, &hf_tcack, bv, B_FLAGS, 1, fl);
	if (type == 0x02) {
		pk_add_bits(pk, &hf_agreement, bv, B_FLAGS, 1, fl);
		pk_add_bits(pk, &hf_forwarding, bv, B_FLAGS, 1, fl);
		pk_add_bits(pk, &hf_learning, bv, B_FLAGS, 1, fl);
		pk_add_bits(pk, &hf_port_role, bv, B_FLAGS, 1, fl);
		pk_add_bits(pk, &hf_proposal, bv, B_FLAGS, 1, fl);
	}
	pk_add_bits(pk, &hf_tc, bv, B_FLAGS, 1, fl);
	pk_pop(pk);
	char root[40], bridge[40];
	add_bridge_id(pk, bv, B_ROOT, "Root Identifier", &hf_root_prio,
		      &hf_root_ext, &hf_root_hw, root);
	uint32_t cost = bv_be32(bv, B_COST);
	pk_add_uint(pk, &hf_root_cost, bv, B_COST, 4, cost);
	add_bridge_id(pk, bv, B_BRIDGE, "Bridge Identifier", &hf_bridge_prio,
		      &hf_bridge_ext, &hf_bridge_hw, bridge);
	uint16_t port = bv_be16(bv, B_PORT);
	pk_add_uint(pk, &hf_port, bv, B_PORT, 2, port);
	add_time(pk, bv, B_MSG_AGE, &hf_msg_age);
	add_time(pk, bv, B_MAX_AGE, &hf_max_age);
	add_time(pk, bv, B_HELLO, &hf_hello);
	add_time(pk, bv, B_FWD, &hf_forward);
	if (type == 0x02)
		pk_add_uint(pk, &hf_v1_len, bv, B_V1LEN, 1, bv_u8(bv, B_V1LEN));
	/* Info as tshark: "Conf. " / "RST. " / "MST. ", "TC + " when set */
	col_info_printf(pk, "%s%sRoot = %s  Cost = %u  Port = 0x%04x",
			type == 0x02 ? (version == 3 ? "MST. " : "RST. ") : "Conf. ",
			(fl & 0x01) ? "TC + " : "", root, cost, port);
	/* PVST+ puts a pad byte after a configuration BPDU, then its TLVs */
	if (pvst && version == 0)
		pvst_tlvs(pk, bv, RST_LEN);
	pk_layer_end(pk);
	return (int)bv->len;
}

const struct dissector dissector_stp = {
	.name = "stp",
	.long_name = "Spanning Tree Protocol",
	.fields = fields,
	.dissect = dissect_stp,
};
