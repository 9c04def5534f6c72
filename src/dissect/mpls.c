/* mpls.c — MPLS label stack (RFC 3032): one "mpls" item per label entry;
 * after the bottom of stack the payload is IPv4 or IPv6 by its version
 * nibble, anything else is data. */
#include "../engine/dissector.h"
#include "ethertype.h"

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_mpls, "mpls", "MultiProtocol Label Switching Header", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_label, "mpls.label", "MPLS Label", FT_UINT32, BASE_DEC_HEX, 0, 0xfffff000, NULL);
F(hf_exp, "mpls.exp", "MPLS Experimental Bits", FT_UINT32, BASE_DEC, 0, 0x00000e00, NULL);
F(hf_bottom, "mpls.bottom", "MPLS Bottom Of Label Stack", FT_UINT32, BASE_DEC, 0, 0x00000100, NULL);
F(hf_ttl, "mpls.ttl", "MPLS TTL", FT_UINT32, BASE_DEC, 0, 0x000000ff, NULL);

static struct field *const fields[] = { &hf_mpls, &hf_label, &hf_exp, &hf_bottom, &hf_ttl, NULL };

static int dissect_mpls(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "MPLS");
	col_info_set(pk, "MPLS Label Switched Packet");
	uint32_t off = 0;
	bool first = true;
	for (;;) {
		if (!bv_has(bv, off, 4)) {
			if (first) {
				pk_layer_begin(pk, "mpls", &hf_mpls, bv, off, bv_remaining(bv, off));
				pk_layer_end(pk);
			}
			pk_short(pk, "MPLS", bv, bv->len);
			return (int)bv->len;
		}
		uint32_t e = bv_be32(bv, off);
		struct item *it;
		if (first) {
			it = pk_layer_begin(pk, "mpls", &hf_mpls, bv, off, 4);
		} else {
			/* Further labels: another protocol item, one layer name. */
			it = pk_add_bytes(pk, &hf_mpls, bv, off, 4, bv->p + off, 4);
			pk_push(pk);
		}
		pk_item_text(pk, it, "MultiProtocol Label Switching Header, Label: %u, Exp: %u, S: %u, TTL: %u",
			     e >> 12, (e >> 9) & 7, (e >> 8) & 1, e & 0xff);
		pk_add_bits(pk, &hf_label, bv, off, 4, e);
		pk_add_bits(pk, &hf_exp, bv, off, 4, e);
		pk_add_bits(pk, &hf_bottom, bv, off, 4, e);
		pk_add_bits(pk, &hf_ttl, bv, off, 4, e);
		pk_pop(pk);
		first = false;
		off += 4;
		if (e & 0x100)
			break;
	}
	struct bv sub = bv_tail(bv, off);
	int r = -1;
	if (sub.len) {
		uint8_t v = bv_u8(&sub, 0) >> 4;
		if (v == 4)
			r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IP, &sub, NULL);
		else if (v == 6)
			r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IPv6, &sub, NULL);
		if (r < 0)
			dissect_data(pk, &sub);
	}
	return r >= 0 ? (int)off + r : (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_MPLS },
	{ DT_ETHERTYPE, ETHERTYPE_MPLS_MULTI },
	{ DT_PPP_PROTO, 0x0281 },
	{ DT_IP_PROTO, 137 }, /* MPLS-in-IP, RFC 4023 */
	{ DT_NONE, 0 },
};

const struct dissector dissector_mpls = {
	.name = "mpls",
	.long_name = "MultiProtocol Label Switching Header",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_mpls,
};
