/* quic.c — QUIC (RFC 9000) invariant and version-1 headers: long header
 * (version, connection IDs, token, length), short header (DCID from the
 * connection's known IDs), coalesced packets. No decryption: protected
 * payloads are shown as remaining payload, as tshark does without secrets
 * (tshark does decrypt Initial packets; tapir does not, see KNOWN_DIFFS). */
#include "../core/alloc.h"
#include "../engine/conv.h"
#include "../engine/dissector.h"

#include <stdio.h>
#include <string.h>

static const struct tok long_type_vals[] = {
	{ 0, "Initial" }, { 1, "0-RTT" }, { 2, "Handshake" }, { 3, "Retry" },
	{ 0, NULL },
};
static const struct tok form_vals[] = { { 0, "Short Header" }, { 1, "Long Header" }, { 0, NULL } };

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_quic, "quic", "QUIC IETF", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_conn_number, "quic.connection.number", "Connection Number", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_packet_length, "quic.packet_length", "Packet Length", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_header_form, "quic.header_form", "Header Form", FT_UINT8, BASE_DEC, 0, 0x80, form_vals);
F(hf_fixed_bit, "quic.fixed_bit", "Fixed Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x40, NULL);
F(hf_spin_bit, "quic.spin_bit", "Spin Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x20, NULL);
F(hf_long_type, "quic.long.packet_type", "Packet Type", FT_UINT8, BASE_DEC, 0, 0x30, long_type_vals);
F(hf_version, "quic.version", "Version", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_dcil, "quic.dcil", "Destination Connection ID Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_dcid, "quic.dcid", "Destination Connection ID", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_scil, "quic.scil", "Source Connection ID Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_scid, "quic.scid", "Source Connection ID", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_token_length, "quic.token_length", "Token Length", FT_UINT64, BASE_DEC, 0, 0, NULL);
F(hf_token, "quic.token", "Token", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_length, "quic.length", "Length", FT_UINT64, BASE_DEC, 0, 0, NULL);
F(hf_short, "quic.short", "QUIC Short Header", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_remaining, "quic.remaining_payload", "Remaining Payload", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_padding, "quic.coalesced_padding_data", "Coalesced Padding Data", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_supported_version, "quic.supported_version", "Supported Version", FT_UINT32, BASE_HEX, 0, 0, NULL);

static struct expert_field ei_decryption_failed = {
	{ "quic.decryption_failed", "Failed to decrypt handshake", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_DECRYPTION, PI_WARN,
};

static struct field *const fields[] = {
	&hf_quic, &hf_conn_number, &hf_packet_length, &hf_header_form,
	&hf_fixed_bit, &hf_spin_bit, &hf_long_type, &hf_version, &hf_dcil,
	&hf_dcid, &hf_scil, &hf_scid, &hf_token_length, &hf_token, &hf_length,
	&hf_short, &hf_remaining, &hf_padding, &hf_supported_version, NULL,
};
static struct expert_field *const experts[] = { &ei_decryption_failed, NULL };

/* ---- connection state (per UDP conversation) ----------------------------- */

#define QUIC_MAX_CIDS 8

struct quic_conn {
	uint32_t number;                /* quic.connection.number */
	uint8_t ncid;
	uint8_t cid_len[QUIC_MAX_CIDS];
	uint8_t cid[QUIC_MAX_CIDS][20];
	bool zero_cid;                  /* a zero-length CID was used */
};

static int quic_slot = -1;
static uint32_t quic_nconns;

static void quic_conn_free(struct conv *c, void *state)
{
	(void)c;
	xfree(state);
}

static void quic_init(void) { quic_slot = conv_ext_register("quic", quic_conn_free); }
static void quic_reset(void) { quic_nconns = 0; }

static struct quic_conn *conn_of(struct packet *pk, bool create)
{
	if (!pk->conv || quic_slot < 0)
		return NULL;
	struct quic_conn *q = pk->conv->ext[quic_slot];
	if (!q && create) {
		q = xcalloc(1, sizeof(*q));
		q->number = quic_nconns++;
		pk->conv->ext[quic_slot] = q;
	}
	return q;
}

static void remember_cid(struct quic_conn *q, const uint8_t *p, uint8_t n)
{
	if (!q)
		return;
	if (n == 0) {
		q->zero_cid = true;
		return;
	}
	for (int i = 0; i < q->ncid; i++)
		if (q->cid_len[i] == n && memcmp(q->cid[i], p, n) == 0)
			return;
	if (q->ncid < QUIC_MAX_CIDS) {
		q->cid_len[q->ncid] = n;
		memcpy(q->cid[q->ncid], p, n);
		q->ncid++;
	}
}

/* QUIC variable-length integer (RFC 9000 16) at off; 0 bytes on a short
 * view. */
static uint32_t varint(struct bv *bv, uint32_t off, uint64_t *v)
{
	uint8_t b = bv_u8(bv, off);
	uint32_t n = 1u << (b >> 6);
	if (!bv_has(bv, off, n)) {
		*v = 0;
		return 0;
	}
	uint64_t x = b & 0x3f;
	for (uint32_t i = 1; i < n; i++)
		x = (x << 8) | bv->p[off + i];
	*v = x;
	return n;
}

static void hex(char *dst, size_t dstsz, const uint8_t *p, uint32_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t w = 0;
	for (uint32_t i = 0; i < n && w + 3 <= dstsz; i++) {
		dst[w++] = hx[p[i] >> 4];
		dst[w++] = hx[p[i] & 15];
	}
	dst[w] = '\0';
}

/* One long-header packet at off; returns its length or 0 when it cannot
 * be parsed. */
static uint32_t long_packet(struct packet *pk, struct bv *bv, uint32_t off,
			    struct quic_conn *q, bool *first_info)
{
	uint8_t b0 = bv_u8(bv, off);
	uint32_t ver = bv_be32(bv, off + 1);
	uint8_t dcil = bv_u8(bv, off + 5);
	if (dcil > 20 || !bv_has(bv, off + 6, dcil))
		return 0;
	uint32_t p = off + 6 + dcil;
	uint8_t scil = bv_u8(bv, p);
	if (scil > 20 || !bv_has(bv, p + 1, scil))
		return 0;
	uint32_t scid_off = p + 1;
	p = scid_off + scil;
	uint8_t type = (b0 >> 4) & 3;
	uint64_t toklen = 0, len = 0;
	uint32_t tl_off = p, tl_n = 0, len_off, len_n;
	if (ver != 0 && type == 0) {
		tl_n = varint(bv, p, &toklen);
		if (!tl_n || toklen > bv->len)
			return 0;
		p += tl_n + (uint32_t)toklen;
	}
	len_off = p;
	if (ver == 0 || type == 3) {
		len_n = 0;
		len = bv_remaining(bv, p);
	} else {
		len_n = varint(bv, p, &len);
		if (!len_n)
			return 0;
		p += len_n;
	}
	uint64_t total64 = (uint64_t)(p - off) + (ver == 0 || type == 3 ? len : len);
	if (ver == 0 || type == 3)
		total64 = (uint64_t)bv_remaining(bv, off);
	uint32_t total = total64 > bv_remaining(bv, off) ? bv_remaining(bv, off) : (uint32_t)total64;

	struct item *top = pk_layer_begin(pk, "quic", &hf_quic, bv, off, total);
	pk_item_text(pk, top, "QUIC IETF");
	pk_add_text(pk, bv, off, 0, "QUIC Connection information");
	pk_push(pk);
	struct item *it = pk_add_uint(pk, &hf_conn_number, bv, off, 0, q ? q->number : 0);
	pk_item_text(pk, it, "[Connection Number: %u]", q ? q->number : 0);
	pk_pop(pk);
	it = pk_add_uint(pk, &hf_packet_length, bv, off, 0, total);
	pk_item_text(pk, it, "[Packet Length: %u]", total);
	pk_add_bits(pk, &hf_header_form, bv, off, 1, b0);
	pk_add_bits(pk, &hf_fixed_bit, bv, off, 1, b0);
	if (ver != 0)
		pk_add_bits(pk, &hf_long_type, bv, off, 1, b0);
	pk_add_uint(pk, &hf_version, bv, off + 1, 4, ver);
	pk_add_uint(pk, &hf_dcil, bv, off + 5, 1, dcil);
	if (dcil)
		pk_add_view(pk, &hf_dcid, bv, off + 6, dcil);
	pk_add_uint(pk, &hf_scil, bv, off + 6 + dcil, 1, scil);
	if (scil)
		pk_add_view(pk, &hf_scid, bv, scid_off, scil);
	remember_cid(q, bv->p + off + 6, dcil);
	remember_cid(q, bv->p + scid_off, scil);

	char d[41], s[41];
	hex(d, sizeof(d), bv->p + off + 6, dcil);
	hex(s, sizeof(s), bv->p + scid_off, scil);
	const char *tn = ver == 0 ? "Version Negotiation" : tok_str(long_type_vals, type, "Unknown");
	if (*first_info)
		col_info_printf(pk, "%s", tn);
	else
		col_info_append(pk, ", %s", tn);
	*first_info = false;
	if (dcil)
		col_info_append(pk, ", DCID=%s", d);
	if (scil)
		col_info_append(pk, ", SCID=%s", s);

	if (ver == 0) {
		for (uint32_t v = p; v + 4 <= off + total; v += 4)
			pk_add_uint(pk, &hf_supported_version, bv, v, 4, bv_be32(bv, v));
	} else if (type != 3) {
		if (type == 0) {
			pk_add_uint(pk, &hf_token_length, bv, tl_off, tl_n, toklen);
			if (toklen)
				pk_add_view(pk, &hf_token, bv, tl_off + tl_n, (uint32_t)toklen);
		}
		pk_add_uint(pk, &hf_length, bv, len_off, len_n, len);
		pk_expert(pk, &ei_decryption_failed, "QUIC", bv, p, 0,
			  "Failed to create decryption context: Secrets are not available");
		if (off + total > p)
			pk_add_view(pk, &hf_remaining, bv, p, off + total - p);
	}
	pk_layer_end(pk);
	return total;
}

/* A short-header packet: the rest of the datagram. */
static void short_packet(struct packet *pk, struct bv *bv, uint32_t off,
			 struct quic_conn *q, bool *first_info)
{
	uint8_t b0 = bv_u8(bv, off);
	uint32_t total = bv->len - off;
	/* The DCID length is not on the wire: match the IDs this
	 * connection announced in its long headers. */
	uint8_t dl = 0;
	if (q)
		for (int i = 0; i < q->ncid; i++)
			if (q->cid_len[i] > dl && bv_has(bv, off + 1, q->cid_len[i]) &&
			    memcmp(bv->p + off + 1, q->cid[i], q->cid_len[i]) == 0)
				dl = q->cid_len[i];
	struct item *top = pk_layer_begin(pk, "quic", &hf_quic, bv, off, total);
	pk_item_text(pk, top, "QUIC IETF");
	pk_add_text(pk, bv, off, 0, "QUIC Connection information");
	pk_push(pk);
	struct item *it = pk_add_uint(pk, &hf_conn_number, bv, off, 0, q ? q->number : 0);
	pk_item_text(pk, it, "[Connection Number: %u]", q ? q->number : 0);
	pk_pop(pk);
	it = pk_add_uint(pk, &hf_packet_length, bv, off, 0, total);
	pk_item_text(pk, it, "[Packet Length: %u]", total);
	char d[41];
	hex(d, sizeof(d), bv->p + off + 1, dl);
	it = pk_add_none(pk, &hf_short, bv, off, 1u + dl);
	pk_item_text(pk, it, "QUIC Short Header DCID=%s", d);
	pk_push(pk);
	pk_add_bits(pk, &hf_header_form, bv, off, 1, b0);
	pk_add_bits(pk, &hf_fixed_bit, bv, off, 1, b0);
	pk_add_bits(pk, &hf_spin_bit, bv, off, 1, b0);
	if (dl)
		pk_add_view(pk, &hf_dcid, bv, off + 1, dl);
	pk_pop(pk);
	if (total > 1u + dl)
		pk_add_view(pk, &hf_remaining, bv, off + 1 + dl, total - 1 - dl);
	pk_layer_end(pk);
	/* Without keys the key phase bit stays protected: tshark shows KP0. */
	if (*first_info)
		col_info_printf(pk, "Protected Payload (KP0)");
	else
		col_info_append(pk, ", Protected Payload (KP0)");
	*first_info = false;
	if (dl)
		col_info_append(pk, ", DCID=%s", d);
}

static bool looks_like_quic(struct bv *bv)
{
	uint8_t b0 = bv_u8(bv, 0);
	if (!(b0 & 0x80))
		return (b0 & 0x40) != 0;
	uint32_t ver = bv_be32(bv, 1);
	return bv_has(bv, 0, 7) &&
	       (ver == 0 || ver == 1 || ver == 0x6b3343cf || (ver >> 8) == 0xff0000);
}

static int dissect_quic(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	if (!bv_has(bv, 0, 1) || !looks_like_quic(bv))
		return -1;
	bool long_hdr = bv_u8(bv, 0) & 0x80;
	struct quic_conn *q = conn_of(pk, long_hdr);
	if (!long_hdr && !q)
		q = conn_of(pk, true);
	col_set_proto(pk, "QUIC");
	bool first = true;
	uint32_t off = 0;
	while (off < bv->len) {
		uint8_t b0 = bv_u8(bv, off);
		if (b0 & 0x80) {
			uint32_t n = long_packet(pk, bv, off, q, &first);
			if (!n)
				break;
			off += n;
			continue;
		}
		if (off > 0 && b0 == 0) {
			/* Zero bytes after coalesced packets: padding. */
			pk_add_none(pk, &hf_padding, bv, off, bv->len - off);
			break;
		}
		short_packet(pk, bv, off, q, &first);
		break;
	}
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_UDP_PORT, 443 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_quic = {
	.name = "quic",
	.long_name = "QUIC IETF",
	.app = true,
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_quic,
	.init = quic_init,
	.reset = quic_reset,
};
