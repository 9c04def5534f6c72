/* vxlan.c — Virtual eXtensible LAN (RFC 7348) with the group policy
 * extension bits (draft-smith-vxlan-group-policy), UDP port 4789; the inner
 * frame is Ethernet without FCS. */
#include "../engine/dissector.h"
#include "ethertype.h"

static const struct tok def_vals[] = { { 0, "Not defined" }, { 1, "Defined" }, { 0, NULL } };
static const struct tok tf_vals[] = { { 0, "False" }, { 1, "True" }, { 0, NULL } };

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_vxlan, "vxlan", "Virtual eXtensible Local Area Network", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_flags, "vxlan.flags", "Flags", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_flag_g, "vxlan.flag_g", "GBP Extension", FT_BOOLEAN, BASE_BOOL_16, 0, 0x8000, def_vals);
F(hf_flag_i, "vxlan.flag_i", "VXLAN Network ID (VNI)", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0800, tf_vals);
F(hf_flag_d, "vxlan.flag_d", "Don't Learn", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0040, tf_vals);
F(hf_flag_a, "vxlan.flag_a", "Policy Applied", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0008, tf_vals);
F(hf_flags_reserved, "vxlan.flags_reserved", "Reserved(R)", FT_UINT16, BASE_HEX, 0, 0x77b7, NULL);
F(hf_gbp, "vxlan.gbp", "Group Policy ID", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_vni, "vxlan.vni", "VXLAN Network Identifier (VNI)", FT_UINT24, BASE_DEC, 0, 0, NULL);
F(hf_reserved8, "vxlan.reserved8", "Reserved", FT_UINT8, BASE_DEC, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_vxlan, &hf_flags, &hf_flag_g, &hf_flag_i, &hf_flag_d, &hf_flag_a,
	&hf_flags_reserved, &hf_gbp, &hf_vni, &hf_reserved8, NULL,
};

static int dissect_vxlan(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "VXLAN");
	pk_layer_begin(pk, "vxlan", &hf_vxlan, bv, 0, 8);
	if (!bv_has(bv, 0, 8)) {
		pk_layer_end(pk);
		pk_short(pk, "VXLAN", bv, bv->len);
		return (int)bv->len;
	}
	uint16_t fl = bv_be16(bv, 0);
	struct item *it = pk_add_uint(pk, &hf_flags, bv, 0, 2, fl);
	pk_item_text(pk, it, "Flags: 0x%04x%s", fl, (fl & 0x0800) ? ", VXLAN Network ID (VNI)" : "");
	pk_push(pk);
	pk_add_bits(pk, &hf_flag_g, bv, 0, 2, fl);
	pk_add_bits(pk, &hf_flag_i, bv, 0, 2, fl);
	pk_add_bits(pk, &hf_flag_d, bv, 0, 2, fl);
	pk_add_bits(pk, &hf_flag_a, bv, 0, 2, fl);
	/* Wireshark shows the reserved bits unshifted. */
	pk_add_uint(pk, &hf_flags_reserved, bv, 0, 2, fl & 0x77b7);
	pk_pop(pk);
	pk_add_uint(pk, &hf_gbp, bv, 2, 2, bv_be16(bv, 2));
	pk_add_uint(pk, &hf_vni, bv, 4, 3, bv_be24(bv, 4));
	pk_add_uint(pk, &hf_reserved8, bv, 7, 1, bv_u8(bv, 7));
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, 8);
	if (dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_TEB, &sub, NULL) < 0)
		dissect_data(pk, &sub);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_UDP_PORT, 4789 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_vxlan = {
	.name = "vxlan",
	.long_name = "Virtual eXtensible Local Area Network",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_vxlan,
};
