/* cmd.c — Cisco MetaData (EtherType 0x8909, as carried in GRE by Cisco
 * TrustSec): payload EtherType, version, length, options, security group
 * tag, then the payload. */
#include "../engine/dissector.h"
#include "ethertype.h"

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_cmd, "cmd", "Cisco MetaData", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_type, "cmd.type", "Type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals);
F(hf_version, "cmd.version", "Version", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_length, "cmd.length", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_options, "cmd.options", "Options", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_sgt, "cmd.sgt", "SGT", FT_UINT16, BASE_DEC, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_cmd, &hf_type, &hf_version, &hf_length, &hf_options, &hf_sgt, NULL,
};

static int dissect_cmd(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "CMD");
	pk_layer_begin(pk, "cmd", &hf_cmd, bv, 0, 8);
	if (!bv_has(bv, 0, 8)) {
		pk_layer_end(pk);
		pk_short(pk, "CMD", bv, bv->len);
		return (int)bv->len;
	}
	/* As carried in GRE: the payload's EtherType comes first. */
	uint16_t type = bv_be16(bv, 0);
	pk_add_uint(pk, &hf_type, bv, 0, 2, type);
	pk_add_uint(pk, &hf_version, bv, 2, 1, bv_u8(bv, 2));
	pk_add_uint(pk, &hf_length, bv, 3, 1, bv_u8(bv, 3));
	pk_add_uint(pk, &hf_options, bv, 4, 2, bv_be16(bv, 4));
	pk_add_uint(pk, &hf_sgt, bv, 6, 2, bv_be16(bv, 6));
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, 8);
	if (dissect_table(pk, DT_ETHERTYPE, type, &sub, NULL) < 0)
		dissect_data(pk, &sub);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_CMD },
	{ DT_NONE, 0 },
};

const struct dissector dissector_cmd = {
	.name = "cmd",
	.long_name = "Cisco MetaData",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_cmd,
};
