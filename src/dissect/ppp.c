/* ppp.c — Point-to-Point Protocol (RFC 1661) framing for LINKTYPE_PPP,
 * LINKTYPE_PPP_HDLC (PPP in HDLC-like framing, RFC 1662), PPPoE sessions and
 * GRE (PPTP); payload by the PPP protocol number. Also the Link Control
 * Protocol ("lcp", RFC 1661 section 5): code, identifier, length, echo magic
 * number, option TLVs as data. */
#include "../engine/dissector.h"
#include "../io/source.h"
#include "ethertype.h"

#include <stdio.h>

static const struct tok proto_vals[] = {
	{ 0x0021, "Internet Protocol version 4" }, { 0x0057, "Internet Protocol version 6" },
	{ 0x0281, "MPLS Unicast" }, { 0x8021, "Internet Protocol Control Protocol" },
	{ 0x8057, "IPv6 Control Protocol" }, { 0xc021, "Link Control Protocol" },
	{ 0xc023, "Password Authentication Protocol" }, { 0xc223, "Challenge Handshake Authentication Protocol" },
	{ 0x80fd, "Compression Control Protocol" }, { 0x00fd, "Compressed datagram" },
	{ 0, NULL },
};
static const struct tok lcp_code_vals[] = {
	{ 1, "Configuration Request" }, { 2, "Configuration Ack" },
	{ 3, "Configuration Nak" }, { 4, "Configuration Reject" },
	{ 5, "Termination Request" }, { 6, "Termination Ack" },
	{ 7, "Code Reject" }, { 8, "Protocol Reject" }, { 9, "Echo Request" },
	{ 10, "Echo Reply" }, { 11, "Discard Request" }, { 12, "Identification" },
	{ 13, "Time Remaining" }, { 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_ppp, "ppp", "Point-to-Point Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_address, "ppp.address", "Address", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_control, "ppp.control", "Control", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_protocol, "ppp.protocol", "Protocol", FT_UINT16, BASE_HEX, 0, 0, proto_vals);
F(hf_code, "ppp.code", "Code", FT_UINT8, BASE_DEC, 0, 0, lcp_code_vals);
F(hf_identifier, "ppp.identifier", "Identifier", FT_UINT8, BASE_DEC_HEX, 0, 0, NULL);
F(hf_length, "ppp.length", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_lcp, "lcp", "PPP Link Control Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_magic, "lcp.magic_number", "Magic Number", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_lcp_data, "lcp.data", "Data", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_lcp_opts, "lcp.opts", "Options", FT_BYTES, BASE_NONE, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_ppp, &hf_address, &hf_control, &hf_protocol, &hf_code,
	&hf_identifier, &hf_length, &hf_lcp, &hf_magic, &hf_lcp_data,
	&hf_lcp_opts, NULL,
};

/* hdlc: 1 = address and control always present (PPP_HDLC), 0 = present
 * when the frame starts with 0xff 0x03. */
static int ppp_common(struct packet *pk, struct bv *bv, int hdlc)
{
	col_set_proto(pk, "PPP");
	pk_layer_begin(pk, "ppp", &hf_ppp, bv, 0, 2);
	uint32_t off = 0;
	if (!bv_has(bv, 0, 2))
		goto cut; /* the address/control test reads two bytes */
	if (hdlc || (bv_has(bv, 0, 2) && bv_be16(bv, 0) == 0xff03) ||
	    (hdlc < 0 && bv_u8(bv, 0) == 0xff)) {
		if (!bv_has(bv, 0, 2))
			goto cut;
		pk_add_uint(pk, &hf_address, bv, 0, 1, bv_u8(bv, 0));
		pk_add_uint(pk, &hf_control, bv, 1, 1, bv_u8(bv, 1));
		off = 2;
	}
	if (!bv_has(bv, off, 1))
		goto cut;
	uint16_t proto;
	uint32_t plen = 2;
	if (bv_u8(bv, off) & 1) {
		proto = bv_u8(bv, off); /* compressed protocol field (RFC 1661 6.5) */
		plen = 1;
	} else {
		if (!bv_has(bv, off, 2))
			goto cut;
		proto = bv_be16(bv, off);
	}
	pk_add_uint(pk, &hf_protocol, bv, off, plen, proto);
	pk_layer_end(pk);
	off += plen;
	struct bv sub = bv_tail(bv, off);
	int r = dissect_table(pk, DT_PPP_PROTO, proto, &sub, NULL);
	if (r < 0) {
		char *p = arena_alloc(&pk->arena, 8);
		snprintf(p, 8, "0x%04x", proto);
		col_set_proto(pk, p);
		col_info_printf(pk, "PPP %s (0x%04x)", tok_str(proto_vals, proto, "Unknown"), proto);
		dissect_data(pk, &sub);
		return (int)bv->len;
	}
	return (int)off + r;
cut:
	pk_layer_end(pk);
	pk_short(pk, "PPP", bv, bv->len);
	return (int)bv->len;
}

static int dissect_ppp_ether(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	return ppp_common(pk, bv, 0);
}

static int dissect_ppp_hdlc(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	ppp_common(pk, bv, 1);
	return (int)bv->len;
}

static int dissect_ppp_link(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	/* LINKTYPE_PPP: address/control when the first byte is 0xff. */
	ppp_common(pk, bv, -1);
	return (int)bv->len;
}

static int dissect_lcp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "PPP LCP");
	pk_layer_begin(pk, "lcp", &hf_lcp, bv, 0, bv->len);
	if (!bv_has(bv, 0, 4)) {
		pk_layer_end(pk);
		pk_short(pk, "PPP LCP", bv, bv->len);
		return (int)bv->len;
	}
	uint8_t code = bv_u8(bv, 0), id = bv_u8(bv, 1);
	uint16_t len = bv_be16(bv, 2);
	col_info_set(pk, tok_str(lcp_code_vals, code, "Unknown"));
	pk_add_uint(pk, &hf_code, bv, 0, 1, code);
	struct item *it = pk_add_uint(pk, &hf_identifier, bv, 1, 1, id);
	pk_item_text(pk, it, "Identifier: %u (0x%02x)", id, id);
	pk_add_uint(pk, &hf_length, bv, 2, 2, len);
	uint32_t end = len < 4 ? 4 : len;
	if (end > bv->len)
		end = bv->len;
	if (code >= 9 && code <= 11) {
		if (bv_has(bv, 4, 4) && end >= 8) {
			pk_add_uint(pk, &hf_magic, bv, 4, 4, bv_be32(bv, 4));
			if (end > 8)
				pk_add_view(pk, &hf_lcp_data, bv, 8, end - 8);
		}
	} else if (code >= 1 && code <= 4 && end > 4) {
		pk_add_view(pk, &hf_lcp_opts, bv, 4, end - 4);
	} else if (end > 4) {
		pk_add_view(pk, &hf_lcp_data, bv, 4, end - 4);
	}
	pk_layer_end(pk);
	return (int)(len <= bv->len ? len : bv->len);
}

static const struct handoff ether_handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_PPP }, /* GRE 0x880b and PPPoE sessions */
	{ DT_NONE, 0 },
};
static const struct handoff hdlc_handoffs[] = {
	{ DT_LINKTYPE, LINKTYPE_PPP_HDLC },
	{ DT_NONE, 0 },
};
static const struct handoff link_handoffs[] = {
	{ DT_LINKTYPE, LINKTYPE_PPP },
	{ DT_NONE, 0 },
};
static const struct handoff lcp_handoffs[] = {
	{ DT_PPP_PROTO, 0xc021 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_ppp = {
	.name = "ppp",
	.long_name = "Point-to-Point Protocol",
	.fields = fields,
	.handoffs = ether_handoffs,
	.dissect = dissect_ppp_ether,
};
const struct dissector dissector_ppp_hdlc = {
	.name = "ppp_hdlc",
	.long_name = "PPP in HDLC-like framing",
	.handoffs = hdlc_handoffs,
	.dissect = dissect_ppp_hdlc,
};
const struct dissector dissector_ppp_link = {
	.name = "ppp_link",
	.long_name = "PPP (LINKTYPE_PPP)",
	.handoffs = link_handoffs,
	.dissect = dissect_ppp_link,
};
const struct dissector dissector_lcp = {
	.name = "lcp",
	.long_name = "PPP Link Control Protocol",
	.handoffs = lcp_handoffs,
	.dissect = dissect_lcp,
};
