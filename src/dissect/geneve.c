/* geneve.c — Generic Network Virtualization Encapsulation (RFC 8926), UDP
 * port 6081: fixed header, TLV options, payload by protocol type through the
 * ethertype table. */
#include "../engine/dissector.h"
#include "ethertype.h"

#include <stdio.h>

static const struct tok tf_vals[] = { { 0, "False" }, { 1, "True" }, { 0, NULL } };
static const struct tok class_vals[] = {
	{ 0x0000, "Standard" }, { 0x0001, "Geneve" }, { 0x0002, "Geneve" },
	{ 0x0003, "Linux" }, { 0x0004, "Open vSwitch" }, { 0x0005, "Open Virtual Networking (OVN)" },
	{ 0x0006, "In-band Network Telemetry (INT)" }, { 0x0007, "VMware, Inc." },
	{ 0x0008, "Amazon.com, Inc." }, { 0x0009, "Cisco Systems, Inc." },
	{ 0x000a, "Oracle Corporation" }, { 0x0110, "Amazon.com, Inc." },
	{ 0x0118, "IBM" }, { 0x0128, "Ericsson" }, { 0xfeff, "Unassigned" },
	{ 0xffff, "Experimental" }, { 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_geneve, "geneve", "Generic Network Virtualization Encapsulation", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_version, "geneve.version", "Version", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_len, "geneve.option.length", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_flags, "geneve.flags", "Flags", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_flag_oam, "geneve.flags.oam", "Operations, Administration and Management Frame", FT_BOOLEAN, BASE_BOOL_8, 0, 0x80, tf_vals);
F(hf_flag_crit, "geneve.flags.critical", "Critical Options Present", FT_BOOLEAN, BASE_BOOL_8, 0, 0x40, tf_vals);
F(hf_flag_res, "geneve.flags.reserved", "Reserved", FT_BOOLEAN, BASE_BOOL_8, 0, 0x3f, tf_vals);
F(hf_proto, "geneve.proto_type", "Protocol Type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals);
F(hf_vni, "geneve.vni", "Virtual Network Identifier (VNI)", FT_UINT24, BASE_HEX_DEC, 0, 0, NULL);
F(hf_reserved, "geneve.reserved", "Reserved", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_options, "geneve.options", "Geneve Options", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_option, "geneve.option", "Option", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_o_class, "geneve.option.class", "Class", FT_UINT16, BASE_HEX, 0, 0, class_vals);
F(hf_o_type, "geneve.option.type", "Type", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_o_crit, "geneve.option.type.critical", "Critical Option", FT_BOOLEAN, BASE_BOOL_8, 0, 0x80, NULL);
F(hf_o_flags, "geneve.option.flags", "Flags", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_o_flags_res, "geneve.option.flags.reserved", "Reserved", FT_BOOLEAN, BASE_BOOL_8, 0, 0xe0, NULL);
F(hf_o_data, "geneve.option.unknown.data", "Unknown Option Data", FT_BYTES, BASE_NONE, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_geneve, &hf_version, &hf_opt_len, &hf_flags, &hf_flag_oam,
	&hf_flag_crit, &hf_flag_res, &hf_proto, &hf_vni, &hf_reserved,
	&hf_options, &hf_option, &hf_o_class, &hf_o_type, &hf_o_crit,
	&hf_o_flags, &hf_o_flags_res, &hf_o_data, NULL,
};

static int dissect_geneve(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "Geneve");
	struct item *top = pk_layer_begin(pk, "geneve", &hf_geneve, bv, 0, 8);
	if (!bv_has(bv, 0, 8)) {
		pk_layer_end(pk);
		pk_short(pk, "Geneve", bv, bv->len);
		return (int)bv->len;
	}
	uint8_t b0 = bv_u8(bv, 0), fl = bv_u8(bv, 1);
	uint16_t proto = bv_be16(bv, 2);
	uint32_t vni = bv_be24(bv, 4);
	uint32_t olen = (b0 & 0x3fu) * 4;
	pk_item_set_len(top, 8 + olen);
	pk_item_text(pk, top, "Generic Network Virtualization Encapsulation, VNI: 0x%06x", vni);
	pk_add_uint(pk, &hf_version, bv, 0, 1, b0 >> 6);
	struct item *li = pk_add_uint(pk, &hf_opt_len, bv, 0, 1, olen);
	pk_item_text(pk, li, "Length: %u bytes", olen);
	pk_add_uint(pk, &hf_flags, bv, 1, 1, fl);
	pk_push(pk);
	pk_add_bits(pk, &hf_flag_oam, bv, 1, 1, fl);
	pk_add_bits(pk, &hf_flag_crit, bv, 1, 1, fl);
	pk_add_bits(pk, &hf_flag_res, bv, 1, 1, fl);
	pk_pop(pk);
	pk_add_uint(pk, &hf_proto, bv, 2, 2, proto);
	pk_add_uint(pk, &hf_vni, bv, 4, 3, vni);
	pk_add_uint(pk, &hf_reserved, bv, 7, 1, bv_u8(bv, 7));
	bool ok = true;
	if (olen) {
		if (!bv_has(bv, 8, olen)) {
			ok = false;
		} else {
			pk_add_view(pk, &hf_options, bv, 8, olen);
			pk_push(pk);
			uint32_t off = 8, end = 8 + olen;
			while (off + 4 <= end) {
				uint16_t cls = bv_be16(bv, off);
				uint8_t t = bv_u8(bv, off + 2), f = bv_u8(bv, off + 3);
				uint32_t l = 4u + (f & 0x1fu) * 4;
				if (off + l > end)
					l = end - off;
				pk_add_view(pk, &hf_option, bv, off, l);
				pk_push(pk);
				pk_add_uint(pk, &hf_o_class, bv, off, 2, cls);
				pk_add_uint(pk, &hf_o_type, bv, off + 2, 1, t);
				pk_add_bits(pk, &hf_o_crit, bv, off + 2, 1, t);
				pk_add_uint(pk, &hf_o_flags, bv, off + 3, 1, f & 0xe0);
				pk_add_bits(pk, &hf_o_flags_res, bv, off + 3, 1, f);
				struct item *ol = pk_add_uint(pk, &hf_opt_len, bv, off + 3, 1, l);
				pk_item_text(pk, ol, "Length: %u bytes", l);
				if (l > 4)
					pk_add_view(pk, &hf_o_data, bv, off + 4, l - 4);
				pk_pop(pk);
				off += l;
			}
			pk_pop(pk);
		}
	}
	pk_layer_end(pk);
	if (!ok) {
		pk_short(pk, "Geneve", bv, bv->len);
		return (int)bv->len;
	}
	struct bv sub = bv_tail(bv, 8 + olen);
	if (dissect_table(pk, DT_ETHERTYPE, proto, &sub, NULL) < 0)
		dissect_data(pk, &sub);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_UDP_PORT, 6081 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_geneve = {
	.name = "geneve",
	.long_name = "Generic Network Virtualization Encapsulation",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_geneve,
};
