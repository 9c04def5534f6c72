/* gtp.c — GPRS Tunnelling Protocol user plane, GTP-U v1 (3GPP TS 29.281),
 * UDP port 2152: header with optional sequence/N-PDU/extension headers;
 * T-PDUs carry IPv4 or IPv6 (picked by the version nibble). The Protocol
 * column becomes "GTP <inner>" as in Wireshark. */
#include "../engine/dissector.h"
#include "ethertype.h"

#include <stdio.h>
#include <string.h>

static const struct tok ver_vals[] = {
	{ 0, "GTP release 97/98 version" }, { 1, "GTP release 99 version" },
	{ 2, "GTPv2" }, { 0, NULL },
};
static const struct tok msg_vals[] = {
	{ 1, "Echo request" }, { 2, "Echo response" }, { 26, "Error Indication" },
	{ 31, "Supported Extension Headers Notification" },
	{ 254, "End Marker" }, { 255, "T-PDU" }, { 0, NULL },
};
static const struct tok yes_no[] = { { 0, "No" }, { 1, "Yes" }, { 0, NULL } };

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_gtp, "gtp", "GPRS Tunneling Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_flags, "gtp.flags", "Flags", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_f_ver, "gtp.flags.version", "Version", FT_UINT8, BASE_DEC, 0, 0xe0, ver_vals);
F(hf_f_pt, "gtp.flags.payload", "Protocol type", FT_UINT8, BASE_DEC, 0, 0x10, NULL);
F(hf_f_res, "gtp.flags.reserved", "Reserved", FT_UINT8, BASE_DEC, 0, 0x08, NULL);
F(hf_f_e, "gtp.flags.e", "Is Next Extension Header present?", FT_BOOLEAN, BASE_BOOL_8, 0, 0x04, yes_no);
F(hf_f_s, "gtp.flags.s", "Is Sequence Number present?", FT_BOOLEAN, BASE_BOOL_8, 0, 0x02, yes_no);
F(hf_f_pn, "gtp.flags.pn", "Is N-PDU number present?", FT_BOOLEAN, BASE_BOOL_8, 0, 0x01, yes_no);
F(hf_message, "gtp.message", "Message Type", FT_UINT8, BASE_HEX, 0, 0, msg_vals);
F(hf_length, "gtp.length", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_teid, "gtp.teid", "TEID", FT_UINT32, BASE_HEX_DEC, 0, 0, NULL);
F(hf_seq, "gtp.seq_number", "Sequence number", FT_UINT16, BASE_HEX_DEC, 0, 0, NULL);
F(hf_npdu, "gtp.npdu_number", "N-PDU Number", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_next, "gtp.next", "Next extension header type", FT_UINT8, BASE_HEX, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_gtp, &hf_flags, &hf_f_ver, &hf_f_pt, &hf_f_res, &hf_f_e, &hf_f_s,
	&hf_f_pn, &hf_message, &hf_length, &hf_teid, &hf_seq, &hf_npdu,
	&hf_next, NULL,
};

static int dissect_gtp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	uint8_t fl = bv_u8(bv, 0);
	if (bv_has(bv, 0, 1) && (fl >> 5) != 1)
		return -1; /* only GTPv1-U here */
	col_set_proto(pk, "GTP");
	pk_layer_begin(pk, "gtp", &hf_gtp, bv, 0, 8);
	if (!bv_has(bv, 0, 8)) {
		pk_layer_end(pk);
		pk_short(pk, "GTP", bv, bv->len);
		return (int)bv->len;
	}
	uint8_t type = bv_u8(bv, 1);
	uint16_t len = bv_be16(bv, 2);
	pk_add_uint(pk, &hf_flags, bv, 0, 1, fl);
	pk_push(pk);
	pk_add_bits(pk, &hf_f_ver, bv, 0, 1, fl);
	pk_add_bits(pk, &hf_f_pt, bv, 0, 1, fl);
	pk_add_bits(pk, &hf_f_res, bv, 0, 1, fl);
	pk_add_bits(pk, &hf_f_e, bv, 0, 1, fl);
	pk_add_bits(pk, &hf_f_s, bv, 0, 1, fl);
	pk_add_bits(pk, &hf_f_pn, bv, 0, 1, fl);
	pk_pop(pk);
	pk_add_uint(pk, &hf_message, bv, 1, 1, type);
	pk_add_uint(pk, &hf_length, bv, 2, 2, len);
	pk_add_uint(pk, &hf_teid, bv, 4, 4, bv_be32(bv, 4));
	col_info_set(pk, tok_str(msg_vals, type, "Unknown"));
	uint32_t off = 8;
	if (fl & 0x07) {
		if (!bv_has(bv, 8, 4)) {
			pk_layer_end(pk);
			pk_truncated(pk, "GTP", bv);
			return (int)bv->len;
		}
		pk_add_uint(pk, &hf_seq, bv, 8, 2, bv_be16(bv, 8));
		pk_add_uint(pk, &hf_npdu, bv, 10, 1, bv_u8(bv, 10));
		uint8_t next = bv_u8(bv, 11);
		pk_add_uint(pk, &hf_next, bv, 11, 1, next);
		off = 12;
		/* Extension headers: length in 4-byte units, next type last. */
		while (next && bv_has(bv, off, 1)) {
			uint32_t el = bv_u8(bv, off) * 4u;
			if (!el || !bv_has(bv, off, el))
				break;
			next = bv_u8(bv, off + el - 1);
			off += el;
		}
	}
	pk_layer_end(pk);
	/* The payload is length - (optional fields) bytes after the header. */
	uint32_t plen = len + 8u > off ? len + 8u - off : 0;
	struct bv sub = bv_sub(bv, off, plen);
	if (type == 0xff && sub.len) {
		uint8_t v = bv_u8(&sub, 0) >> 4;
		int r = -1;
		if (v == 4)
			r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IP, &sub, NULL);
		else if (v == 6)
			r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IPv6, &sub, NULL);
		if (r < 0)
			dissect_data(pk, &sub);
		if (pk->cols && pk->col_proto && strcmp(pk->col_proto, "GTP")) {
			size_t n = strlen(pk->col_proto) + 7;
			char *s = arena_alloc(&pk->arena, n);
			snprintf(s, n, "GTP <%s>", pk->col_proto);
			col_set_proto(pk, s);
		}
	} else if (sub.len) {
		dissect_data(pk, &sub);
	}
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_UDP_PORT, 2152 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_gtp = {
	.name = "gtp",
	.long_name = "GPRS Tunneling Protocol",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_gtp,
};
