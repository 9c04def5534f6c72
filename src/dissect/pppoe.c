/* pppoe.c — PPP over Ethernet (RFC 2516): discovery stage (0x8863) with its
 * tags, and session stage (0x8864) carrying PPP without address/control. */
#include "../engine/dissector.h"
#include "ethertype.h"

static const struct tok code_vals[] = {
	{ 0x00, "Session Data" }, { 0x07, "Active Discovery Offer (PADO)" },
	{ 0x09, "Active Discovery Initiation (PADI)" },
	{ 0x19, "Active Discovery Request (PADR)" },
	{ 0x65, "Active Discovery Session-confirmation (PADS)" },
	{ 0xa7, "Active Discovery Terminate (PADT)" }, { 0, NULL },
};
static const struct tok tag_vals[] = {
	{ 0x0000, "End-Of-List" }, { 0x0101, "Service-Name" }, { 0x0102, "AC-Name" },
	{ 0x0103, "Host-Uniq" }, { 0x0104, "AC-Cookie" }, { 0x0105, "Vendor-Specific" },
	{ 0x0106, "Credits" }, { 0x0107, "Metrics" }, { 0x0108, "Sequence Number" },
	{ 0x0110, "Relay-Session-Id" }, { 0x0120, "PPP-Max-Payload" },
	{ 0x0201, "Service-Name-Error" }, { 0x0202, "AC-System-Error" },
	{ 0x0203, "Generic-Error" }, { 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_pppoed, "pppoed", "PPP-over-Ethernet Discovery", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_pppoes, "pppoes", "PPP-over-Ethernet Session", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_version, "pppoe.version", "Version", FT_UINT8, BASE_DEC, 0, 0xf0, NULL);
F(hf_type, "pppoe.type", "Type", FT_UINT8, BASE_DEC, 0, 0x0f, NULL);
F(hf_code, "pppoe.code", "Code", FT_UINT8, BASE_HEX, 0, 0, code_vals);
F(hf_session_id, "pppoe.session_id", "Session ID", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_payload_length, "pppoe.payload_length", "Payload Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_tags, "pppoed.tags", "PPPoE Tags", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_tag, "pppoed.tag", "Tag", FT_UINT16, BASE_HEX, 0, 0, tag_vals);
F(hf_tag_length, "pppoed.tag_length", "Tag Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_tag_unknown, "pppoed.tag_unknown_data", "Unknown Data", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_tag_service, "pppoed.tags.service_name", "Service-Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_tag_ac_name, "pppoed.tags.ac_name", "AC-Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_tag_host_uniq, "pppoed.tags.host_uniq", "Host-Uniq", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_tag_cookie, "pppoed.tags.ac_cookie", "AC-Cookie", FT_BYTES, BASE_NONE, 0, 0, NULL);

static struct expert_field ei_bad_len = {
	{ "pppoe.payload_length.bad", "Possible bad payload length", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_WARN,
};

static struct field *const fields[] = {
	&hf_pppoed, &hf_pppoes, &hf_version, &hf_type, &hf_code, &hf_session_id,
	&hf_payload_length, &hf_tags, &hf_tag, &hf_tag_length, &hf_tag_unknown,
	&hf_tag_service, &hf_tag_ac_name, &hf_tag_host_uniq, &hf_tag_cookie, NULL,
};
static struct expert_field *const experts[] = { &ei_bad_len, NULL };

static bool header(struct packet *pk, struct bv *bv, const char *name)
{
	if (!bv_has(bv, 0, 6)) {
		pk_layer_end(pk);
		pk_short(pk, name, bv, bv->len);
		return false;
	}
	uint8_t vt = bv_u8(bv, 0);
	pk_add_bits(pk, &hf_version, bv, 0, 1, vt);
	pk_add_bits(pk, &hf_type, bv, 0, 1, vt);
	pk_add_uint(pk, &hf_code, bv, 1, 1, bv_u8(bv, 1));
	pk_add_uint(pk, &hf_session_id, bv, 2, 2, bv_be16(bv, 2));
	pk_add_uint(pk, &hf_payload_length, bv, 4, 2, bv_be16(bv, 4));
	return true;
}

static int dissect_pppoes(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "PPPoES");
	pk_layer_begin(pk, "pppoes", &hf_pppoes, bv, 0, 6);
	if (!header(pk, bv, "PPPoES"))
		return (int)bv->len;
	uint16_t plen = bv_be16(bv, 4);
	uint32_t rep = bv_reported_remaining(bv, 6);
	if (plen > rep)
		pk_expert(pk, &ei_bad_len, "PPPoES", bv, 4, 2,
			  "Possible bad payload length %u > %u", plen, rep);
	pk_layer_end(pk);
	struct bv sub = bv_sub(bv, 6, plen < rep ? plen : rep);
	/* PPP without address and control fields. */
	if (dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_PPP, &sub, NULL) < 0)
		dissect_data(pk, &sub);
	return (int)(6 + sub.rlen);
}

static int dissect_pppoed(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "PPPoED");
	pk_layer_begin(pk, "pppoed", &hf_pppoed, bv, 0, bv->len);
	if (!header(pk, bv, "PPPoED"))
		return (int)bv->len;
	uint8_t code = bv_u8(bv, 1);
	uint16_t plen = bv_be16(bv, 4);
	col_info_set(pk, tok_str(code_vals, code, "Unknown"));
	uint32_t off = 6, end = 6u + plen;
	if (plen) {
		pk_add_none(pk, &hf_tags, bv, 6, plen);
		pk_push(pk);
		while (off + 4 <= end && bv_has(bv, off, 4)) {
			uint16_t t = bv_be16(bv, off), l = bv_be16(bv, off + 2);
			pk_add_uint(pk, &hf_tag, bv, off, 2, t);
			pk_add_uint(pk, &hf_tag_length, bv, off + 2, 2, l);
			if (l && bv_has(bv, off + 4, l)) {
				switch (t) {
				case 0x0101: pk_add_view(pk, &hf_tag_service, bv, off + 4, l); break;
				case 0x0102: pk_add_view(pk, &hf_tag_ac_name, bv, off + 4, l); break;
				case 0x0103: pk_add_view(pk, &hf_tag_host_uniq, bv, off + 4, l); break;
				case 0x0104: pk_add_view(pk, &hf_tag_cookie, bv, off + 4, l); break;
				default: pk_add_view(pk, &hf_tag_unknown, bv, off + 4, l); break;
				}
			}
			off += 4u + l;
		}
		pk_pop(pk);
	}
	pk_layer_end(pk);
	return (int)(end < bv->len ? end : bv->len);
}

static const struct handoff s_handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_PPPOES },
	{ DT_NONE, 0 },
};
static const struct handoff d_handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_PPPOED },
	{ DT_NONE, 0 },
};

const struct dissector dissector_pppoes = {
	.name = "pppoes",
	.long_name = "PPP-over-Ethernet Session",
	.fields = fields,
	.experts = experts,
	.handoffs = s_handoffs,
	.dissect = dissect_pppoes,
};

const struct dissector dissector_pppoed = {
	.name = "pppoed",
	.long_name = "PPP-over-Ethernet Discovery",
	.handoffs = d_handoffs,
	.dissect = dissect_pppoed,
};
