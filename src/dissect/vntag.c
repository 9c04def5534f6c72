/* vntag.c — Cisco VN-Tag (IEEE 802.1Qbh precursor, EtherType 0x8926): a
 * 4-byte tag then the EtherType of the payload. */
#include "../engine/dissector.h"
#include "ethertype.h"

static const struct tok dir_vals[] = { { 0, "To Bridge" }, { 1, "From Bridge" }, { 0, NULL } };
static const struct tok ptr_vals[] = { { 0, "vif_id" }, { 1, "vif_list_id" }, { 0, NULL } };
static const struct tok yes_no[] = { { 0, "No" }, { 1, "Yes" }, { 0, NULL } };

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_vntag, "vntag", "VN-Tag", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_dir, "vntag.dir", "Direction", FT_BOOLEAN, BASE_BOOL_32, 0, 0x80000000, dir_vals);
F(hf_ptr, "vntag.ptr", "Pointer", FT_BOOLEAN, BASE_BOOL_32, 0, 0x40000000, ptr_vals);
F(hf_dst, "vntag.dst", "Destination", FT_UINT32, BASE_DEC, 0, 0x3fff0000, NULL);
F(hf_looped, "vntag.looped", "Looped", FT_BOOLEAN, BASE_BOOL_32, 0, 0x00008000, yes_no);
F(hf_r, "vntag.r", "Reserved", FT_UINT32, BASE_DEC, 0, 0x00004000, NULL);
F(hf_version, "vntag.version", "Version", FT_UINT32, BASE_DEC, 0, 0x00003000, NULL);
F(hf_src, "vntag.src", "Source", FT_UINT32, BASE_DEC, 0, 0x00000fff, NULL);
F(hf_etype, "vntag.etype", "Type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals);

static struct field *const fields[] = {
	&hf_vntag, &hf_dir, &hf_ptr, &hf_dst, &hf_looped, &hf_r, &hf_version,
	&hf_src, &hf_etype, NULL,
};

static int dissect_vntag(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "VNTag");
	pk_layer_begin(pk, "vntag", &hf_vntag, bv, 0, 6);
	if (!bv_has(bv, 0, 6)) {
		pk_layer_end(pk);
		pk_short(pk, "VN-Tag", bv, bv->len);
		return (int)bv->len;
	}
	uint32_t t = bv_be32(bv, 0);
	uint16_t type = bv_be16(bv, 4);
	pk_add_bits(pk, &hf_dir, bv, 0, 4, t);
	pk_add_bits(pk, &hf_ptr, bv, 0, 4, t);
	pk_add_bits(pk, &hf_dst, bv, 0, 4, t);
	pk_add_bits(pk, &hf_looped, bv, 0, 4, t);
	pk_add_bits(pk, &hf_r, bv, 0, 4, t);
	pk_add_bits(pk, &hf_version, bv, 0, 4, t);
	pk_add_bits(pk, &hf_src, bv, 0, 4, t);
	pk_add_uint(pk, &hf_etype, bv, 4, 2, type);
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, 6);
	ethertype_dispatch(pk, type, &sub, NULL);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_VNTAG },
	{ DT_NONE, 0 },
};

const struct dissector dissector_vntag = {
	.name = "vntag",
	.long_name = "VN-Tag",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_vntag,
};
