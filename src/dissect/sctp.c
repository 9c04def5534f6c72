/* sctp.c — Stream Control Transmission Protocol (RFC 9260): common header
 * and chunks (DATA, INIT/INIT_ACK, SACK, HEARTBEAT(_ACK), ABORT, SHUTDOWN*,
 * ERROR, COOKIE_*). DATA payloads go to the PPI table, then the port table
 * (tshark's default order). TSNs are shown relative to the first TSN seen
 * in each direction, as tshark's default preferences do. */
#include "../core/alloc.h"
#include "../engine/conv.h"
#include "../engine/dissector.h"

#include <stdio.h>
#include <string.h>

static const struct tok chunk_vals[] = {
	{ 0, "DATA" }, { 1, "INIT" }, { 2, "INIT_ACK" }, { 3, "SACK" },
	{ 4, "HEARTBEAT" }, { 5, "HEARTBEAT_ACK" }, { 6, "ABORT" },
	{ 7, "SHUTDOWN" }, { 8, "SHUTDOWN_ACK" }, { 9, "ERROR" },
	{ 10, "COOKIE_ECHO" }, { 11, "COOKIE_ACK" }, { 12, "ECNE" },
	{ 13, "CWR" }, { 14, "SHUTDOWN_COMPLETE" }, { 15, "AUTH" },
	{ 64, "I_DATA" }, { 128, "ASCONF_ACK" }, { 130, "RE_CONFIG" },
	{ 132, "PAD" }, { 192, "FORWARD_TSN" }, { 193, "ASCONF" },
	{ 194, "I_FORWARD_TSN" }, { 0, NULL },
};
static const struct tok ppi_vals[] = {
	{ 0, "not specified" }, { 1, "IUA" }, { 2, "M2UA" }, { 3, "M3UA" },
	{ 4, "SUA" }, { 5, "M2PA" }, { 6, "V5UA" }, { 7, "H.248/MEGACO" },
	{ 46, "Diameter" }, { 47, "Diameter DTLS" }, { 60, "NGAP" }, { 0, NULL },
};
static const struct tok cksum_status[] = {
	{ 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 0, NULL },
};
static const struct tok param_vals[] = {
	{ 1, "Heartbeat info" }, { 5, "IPv4 address" }, { 6, "IPv6 address" },
	{ 7, "State cookie" }, { 8, "Unrecognized parameter" },
	{ 9, "Cookie preservative" }, { 11, "Hostname address" },
	{ 12, "Supported address types" }, { 0x8000, "ECN" },
	{ 0xc000, "Forward TSN supported" }, { 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_sctp, "sctp", "Stream Control Transmission Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_srcport, "sctp.srcport", "Source port", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_dstport, "sctp.dstport", "Destination port", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_port, "sctp.port", "Port", FT_UINT16, BASE_DEC, FF_HIDDEN, 0, NULL);
F(hf_vtag, "sctp.verification_tag", "Verification tag", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_assoc, "sctp.assoc_index", "Association index", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_checksum, "sctp.checksum", "Checksum", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_checksum_status, "sctp.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE, FF_GENERATED, 0, cksum_status);
F(hf_chunk_type, "sctp.chunk_type", "Chunk type", FT_UINT8, BASE_DEC, 0, 0, chunk_vals);
F(hf_chunk_bit1, "sctp.chunk_bit_1", "Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x80, NULL);
F(hf_chunk_bit2, "sctp.chunk_bit_2", "Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x40, NULL);
F(hf_chunk_flags, "sctp.chunk_flags", "Chunk flags", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_chunk_length, "sctp.chunk_length", "Chunk length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_chunk_padding, "sctp.chunk_padding", "Chunk padding", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_data_e, "sctp.data_e_bit", "E-Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x01, NULL);
F(hf_data_b, "sctp.data_b_bit", "B-Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x02, NULL);
F(hf_data_u, "sctp.data_u_bit", "U-Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x04, NULL);
F(hf_data_i, "sctp.data_i_bit", "I-Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x08, NULL);
F(hf_data_tsn, "sctp.data_tsn", "Transmission sequence number (relative)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_data_tsn_raw, "sctp.data_tsn_raw", "Transmission sequence number (absolute)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_data_sid, "sctp.data_sid", "Stream identifier", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_data_ssn, "sctp.data_ssn", "Stream sequence number", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_data_ppi, "sctp.data_payload_proto_id", "Payload protocol identifier", FT_UINT32, BASE_DEC, 0, 0, ppi_vals);
F(hf_sack_cum, "sctp.sack_cumulative_tsn_ack", "Cumulative TSN ACK (relative)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_sack_cum_raw, "sctp.sack_cumulative_tsn_ack_raw", "Cumulative TSN ACK (absolute)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_sack_nonce, "sctp.sack_nounce_sum", "Nounce sum", FT_UINT8, BASE_DEC, 0, 0x01, NULL);
F(hf_sack_arwnd, "sctp.sack_a_rwnd", "Advertised receiver window credit (a_rwnd)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_sack_ngaps, "sctp.sack_number_of_gap_blocks", "Number of gap acknowledgement blocks", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_sack_ndups, "sctp.sack_number_of_duplicated_tsns", "Number of duplicated TSNs", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_sack_gap_start, "sctp.sack_gap_block_start", "Start", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_sack_gap_end, "sctp.sack_gap_block_end", "End", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_sack_dup, "sctp.sack_duplicate_tsn", "Duplicate TSN", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_init_tag, "sctp.init_initiate_tag", "Initiate tag", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_init_arwnd, "sctp.init_credit", "Advertised receiver window credit (a_rwnd)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_init_nos, "sctp.init_nr_out_streams", "Number of outbound streams", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_init_nis, "sctp.init_nr_in_streams", "Number of inbound streams", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_init_tsn, "sctp.init_initial_tsn", "Initial TSN", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_initack_tag, "sctp.initack_initiate_tag", "Initiate tag", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_initack_arwnd, "sctp.initack_credit", "Advertised receiver window credit (a_rwnd)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_initack_nos, "sctp.initack_nr_out_streams", "Number of outbound streams", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_initack_nis, "sctp.initack_nr_in_streams", "Number of inbound streams", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_initack_tsn, "sctp.initack_initial_tsn", "Initial TSN", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_shutdown_cum, "sctp.shutdown_cumulative_tsn_ack", "Cumulative TSN Ack", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_abort_t, "sctp.abort_t_bit", "T-Bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x01, NULL);
F(hf_cookie, "sctp.cookie", "Cookie", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_param_type, "sctp.parameter_type", "Parameter type", FT_UINT16, BASE_HEX, 0, 0, param_vals);
F(hf_param_bit1, "sctp.parameter_bit_1", "Bit", FT_BOOLEAN, BASE_BOOL_16, 0, 0x8000, NULL);
F(hf_param_bit2, "sctp.parameter_bit_2", "Bit", FT_BOOLEAN, BASE_BOOL_16, 0, 0x4000, NULL);
F(hf_param_length, "sctp.parameter_length", "Parameter length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_param_hb, "sctp.parameter_heartbeat_information", "Heartbeat information", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_param_ipv4, "sctp.parameter_ipv4_address", "IP Version 4 address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_param_ipv6, "sctp.parameter_ipv6_address", "IP Version 6 address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_param_cookie, "sctp.parameter_state_cookie", "State cookie", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_param_padding, "sctp.parameter_padding", "Parameter padding", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_chunk_value, "sctp.chunk_value", "Chunk value", FT_BYTES, BASE_NONE, 0, 0, NULL);

static struct expert_field ei_bad_chunk_len = {
	{ "sctp.chunk_length.bad", "Chunk length is shorter than its header or beyond the packet", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};

static struct field *const fields[] = {
	&hf_sctp, &hf_srcport, &hf_dstport, &hf_port, &hf_vtag, &hf_assoc,
	&hf_checksum, &hf_checksum_status, &hf_chunk_type, &hf_chunk_bit1,
	&hf_chunk_bit2, &hf_chunk_flags, &hf_chunk_length, &hf_chunk_padding,
	&hf_data_e, &hf_data_b, &hf_data_u, &hf_data_i, &hf_data_tsn,
	&hf_data_tsn_raw, &hf_data_sid, &hf_data_ssn, &hf_data_ppi,
	&hf_sack_cum, &hf_sack_cum_raw, &hf_sack_nonce, &hf_sack_arwnd,
	&hf_sack_ngaps, &hf_sack_ndups, &hf_sack_gap_start, &hf_sack_gap_end,
	&hf_sack_dup, &hf_init_tag, &hf_init_arwnd, &hf_init_nos, &hf_init_nis,
	&hf_init_tsn, &hf_initack_tag, &hf_initack_arwnd, &hf_initack_nos,
	&hf_initack_nis, &hf_initack_tsn, &hf_shutdown_cum, &hf_abort_t,
	&hf_cookie, &hf_param_type, &hf_param_bit1, &hf_param_bit2,
	&hf_param_length, &hf_param_hb, &hf_param_ipv4, &hf_param_ipv6,
	&hf_param_cookie, &hf_param_padding, &hf_chunk_value, NULL,
};
static struct expert_field *const experts[] = { &ei_bad_chunk_len, NULL };

/* First TSN per direction of an association, for relative TSNs. */
struct sctp_assoc {
	bool have[2];
	uint32_t base[2];
};

static int sctp_slot = -1;

static void sctp_free(struct conv *c, void *st)
{
	(void)c;
	xfree(st);
}

static void sctp_init(void) { sctp_slot = conv_ext_register("sctp", sctp_free); }

#define SCTP_MAX_PAYLOADS 16

struct sctx {
	struct packet *pk;
	struct bv *bv;
	struct sctp_assoc *as;
	int dir;
	uint16_t sport, dport;
	uint32_t npay;
	struct { uint32_t off, len, ppi; } pay[SCTP_MAX_PAYLOADS];
};

static uint32_t rel_tsn(struct sctx *c, int dir, uint32_t tsn)
{
	if (!c->as)
		return tsn;
	if (!c->as->have[dir]) {
		c->as->have[dir] = true;
		c->as->base[dir] = tsn;
	}
	return tsn - c->as->base[dir];
}

/* Parameters (TLVs, padded to 4) in [off, end). */
static void dissect_params(struct sctx *c, uint32_t off, uint32_t end)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	while (off + 4 <= end && bv_has(bv, off, 4)) {
		uint16_t t = bv_be16(bv, off), l = bv_be16(bv, off + 2);
		if (l < 4)
			break;
		pk_add_text(pk, bv, off, l, "%s parameter", tok_str(param_vals, t, "Unknown"));
		pk_push(pk);
		pk_add_uint(pk, &hf_param_type, bv, off, 2, t);
		pk_push(pk);
		pk_add_bits(pk, &hf_param_bit1, bv, off, 2, t);
		pk_add_bits(pk, &hf_param_bit2, bv, off, 2, t);
		pk_pop(pk);
		pk_add_uint(pk, &hf_param_length, bv, off + 2, 2, l);
		uint32_t d = off + 4, n = l - 4u;
		switch (t) {
		case 1: pk_add_view(pk, &hf_param_hb, bv, d, n); break;
		case 5: if (n == 4) pk_add_view(pk, &hf_param_ipv4, bv, d, 4); break;
		case 6: if (n == 16) pk_add_view(pk, &hf_param_ipv6, bv, d, 16); break;
		case 7: pk_add_view(pk, &hf_param_cookie, bv, d, n); break;
		default: break;
		}
		uint32_t padded = (l + 3u) & ~3u;
		if (padded > l && off + padded <= end)
			pk_add_view(pk, &hf_param_padding, bv, off + l, padded - l);
		pk_pop(pk);
		off += padded;
	}
}

static void dissect_chunk(struct sctx *c, uint32_t off, uint8_t type,
			  uint16_t len)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	uint32_t d = off + 4;
	switch (type) {
	case 0: { /* DATA */
		if (len < 16)
			break;
		uint32_t tsn = bv_be32(bv, d);
		uint32_t ppi = bv_be32(bv, d + 8);
		uint32_t rt = rel_tsn(c, c->dir, tsn);
		pk_add_uint(pk, &hf_data_tsn, bv, d, 4, rt);
		pk_add_uint(pk, &hf_data_tsn_raw, bv, d, 4, tsn);
		pk_add_uint(pk, &hf_data_sid, bv, d + 4, 2, bv_be16(bv, d + 4));
		pk_add_uint(pk, &hf_data_ssn, bv, d + 6, 2, bv_be16(bv, d + 6));
		pk_add_uint(pk, &hf_data_ppi, bv, d + 8, 4, ppi);
		col_info_append(pk, "(TSN=%u) ", rt);
		/* The payload is dissected after the SCTP layer closes. */
		if (c->npay < SCTP_MAX_PAYLOADS && len > 16) {
			c->pay[c->npay].off = d + 12;
			c->pay[c->npay].len = len - 16u;
			c->pay[c->npay].ppi = ppi;
			c->npay++;
		}
		return;
	}
	case 1:
	case 2: { /* INIT, INIT_ACK */
		bool ack = type == 2;
		pk_add_uint(pk, ack ? &hf_initack_tag : &hf_init_tag, bv, d, 4, bv_be32(bv, d));
		pk_add_uint(pk, ack ? &hf_initack_arwnd : &hf_init_arwnd, bv, d + 4, 4, bv_be32(bv, d + 4));
		pk_add_uint(pk, ack ? &hf_initack_nos : &hf_init_nos, bv, d + 8, 2, bv_be16(bv, d + 8));
		pk_add_uint(pk, ack ? &hf_initack_nis : &hf_init_nis, bv, d + 10, 2, bv_be16(bv, d + 10));
		pk_add_uint(pk, ack ? &hf_initack_tsn : &hf_init_tsn, bv, d + 12, 4, bv_be32(bv, d + 12));
		dissect_params(c, d + 16, off + len);
		break;
	}
	case 3: { /* SACK */
		uint32_t cum = bv_be32(bv, d), arwnd = bv_be32(bv, d + 4);
		uint16_t ng = bv_be16(bv, d + 8), nd = bv_be16(bv, d + 10);
		uint32_t rc = rel_tsn(c, !c->dir, cum);
		pk_add_uint(pk, &hf_sack_cum, bv, d, 4, rc);
		pk_add_uint(pk, &hf_sack_cum_raw, bv, d, 4, cum);
		pk_add_uint(pk, &hf_sack_arwnd, bv, d + 4, 4, arwnd);
		pk_add_uint(pk, &hf_sack_ngaps, bv, d + 8, 2, ng);
		pk_add_uint(pk, &hf_sack_ndups, bv, d + 10, 2, nd);
		uint32_t p = d + 12;
		for (uint32_t i = 0; i < ng && p + 4 <= off + len; i++, p += 4) {
			pk_add_uint(pk, &hf_sack_gap_start, bv, p, 2, bv_be16(bv, p));
			pk_add_uint(pk, &hf_sack_gap_end, bv, p + 2, 2, bv_be16(bv, p + 2));
		}
		for (uint32_t i = 0; i < nd && p + 4 <= off + len; i++, p += 4)
			pk_add_uint(pk, &hf_sack_dup, bv, p, 4, bv_be32(bv, p));
		col_info_append(pk, "(Ack=%u, Arwnd=%u) ", rc, arwnd);
		break;
	}
	case 4:
	case 5:
		dissect_params(c, d, off + len);
		break;
	case 7:
		pk_add_uint(pk, &hf_shutdown_cum, bv, d, 4, bv_be32(bv, d));
		break;
	case 10:
		if (len > 4)
			pk_add_view(pk, &hf_cookie, bv, d, len - 4u);
		break;
	default:
		if (len > 4)
			pk_add_view(pk, &hf_chunk_value, bv, d, len - 4u);
	}
}

static int dissect_sctp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	struct item *top = pk_layer_begin(pk, "sctp", &hf_sctp, bv, 0, bv->len);
	col_set_proto(pk, "SCTP");
	if (!bv_has(bv, 0, 12)) {
		pk_layer_end(pk);
		pk_truncated(pk, "SCTP", bv);
		return (int)bv->len;
	}
	uint16_t sp = bv_be16(bv, 0), dp = bv_be16(bv, 2);
	pk->srcport = sp;
	pk->dstport = dp;
	pk_item_text(pk, top, "Stream Control Transmission Protocol, Src Port: %u (%u), Dst Port: %u (%u)",
		     sp, sp, dp, dp);
	pk_add_uint(pk, &hf_srcport, bv, 0, 2, sp);
	pk_add_uint(pk, &hf_dstport, bv, 2, 2, dp);
	pk_add_uint(pk, &hf_vtag, bv, 4, 4, bv_be32(bv, 4));
	/* tshark: association tracking is off by default; the index shows
	 * as 65535 ("disabled"). */
	struct item *ai = pk_add_uint(pk, &hf_assoc, bv, 0, 0, 65535);
	pk_item_text(pk, ai, "[Association index: disabled (enable in preferences)]");
	pk_add_uint(pk, &hf_port, bv, 0, 2, sp);
	pk_add_uint(pk, &hf_port, bv, 2, 2, dp);
	pk_add_uint(pk, &hf_checksum, bv, 8, 4, bv_be32(bv, 8));
	pk_add_uint(pk, &hf_checksum_status, bv, 8, 0, 2);

	struct sctx c;
	memset(&c, 0, sizeof(c));
	c.pk = pk;
	c.bv = bv;
	c.sport = sp;
	c.dport = dp;
	struct conv_key k;
	if (conv_key_from_packet(&k, pk, 132, sp, dp)) {
		bool created;
		struct conv *cv = conv_find_or_create(&k, pk, &c.dir, &created);
		pk->conv = cv;
		if (sctp_slot >= 0) {
			if (!cv->ext[sctp_slot])
				cv->ext[sctp_slot] = xcalloc(1, sizeof(struct sctp_assoc));
			c.as = cv->ext[sctp_slot];
		}
	}
	col_info_printf(pk, "%s", "");
	uint32_t off = 12;
	while (off + 4 <= bv->len) {
		uint8_t type = bv_u8(bv, off), flags = bv_u8(bv, off + 1);
		uint16_t len = bv_be16(bv, off + 2);
		const char *name = tok_str(chunk_vals, type, "UNKNOWN");
		col_info_append(pk, "%s ", name);
		pk_add_text(pk, bv, off, len, "%s chunk", name);
		pk_push(pk);
		pk_add_uint(pk, &hf_chunk_type, bv, off, 1, type);
		pk_push(pk);
		pk_add_bits(pk, &hf_chunk_bit1, bv, off, 1, type);
		pk_add_bits(pk, &hf_chunk_bit2, bv, off, 1, type);
		pk_pop(pk);
		pk_add_uint(pk, &hf_chunk_flags, bv, off + 1, 1, flags);
		pk_push(pk);
		if (type == 0) {
			pk_add_bits(pk, &hf_data_i, bv, off + 1, 1, flags);
			pk_add_bits(pk, &hf_data_u, bv, off + 1, 1, flags);
			pk_add_bits(pk, &hf_data_b, bv, off + 1, 1, flags);
			pk_add_bits(pk, &hf_data_e, bv, off + 1, 1, flags);
		} else if (type == 3) {
			pk_add_bits(pk, &hf_sack_nonce, bv, off + 1, 1, flags);
		} else if (type == 6 || type == 14) {
			pk_add_bits(pk, &hf_abort_t, bv, off + 1, 1, flags);
		}
		pk_pop(pk);
		pk_add_uint(pk, &hf_chunk_length, bv, off + 2, 2, len);
		if (len < 4 || off + len > bv->len) {
			pk_expert(pk, &ei_bad_chunk_len, "SCTP", bv, off + 2, 2, NULL);
			pk_pop(pk);
			break;
		}
		uint32_t padded = ((uint32_t)len + 3u) & ~3u;
		uint8_t depth = (uint8_t)pk->depth;
		dissect_chunk(&c, off, type, len);
		pk->depth = depth;
		if (padded > len && off + padded <= bv->len)
			pk_add_view(pk, &hf_chunk_padding, bv, off + len, padded - len);
		pk_pop(pk);
		off += padded;
	}
	pk_layer_end(pk);
	/* DATA payloads: PPI table first, then ports, then data. */
	for (uint32_t i = 0; i < c.npay; i++) {
		struct bv pl = bv_sub(bv, c.pay[i].off, c.pay[i].len);
		if (!pl.rlen)
			continue;
		int r = dissect_table(pk, DT_SCTP_PPI, c.pay[i].ppi, &pl, NULL);
		if (r < 0)
			r = dissect_ports(pk, DT_SCTP_PORT, sp, dp, &pl, NULL);
		if (r < 0)
			dissect_data(pk, &pl);
	}
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_IP_PROTO, 132 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_sctp = {
	.name = "sctp",
	.long_name = "Stream Control Transmission Protocol",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_sctp,
	.init = sctp_init,
};
