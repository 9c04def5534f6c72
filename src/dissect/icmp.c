/* icmp.c — Internet Control Message Protocol (RFC 792, RFC 1191, RFC 4884):
 * checksum verification, echo id/seq (both byte orders, as Wireshark shows
 * them), request/response linking, the timestamp heuristic of Wireshark's
 * packet-icmp.c, and errors carrying the offending IP header, which is
 * dissected without touching the columns of the outer packet. */
#include "../engine/dissector.h"
#include "ethertype.h"
#include "icmp_echo.h"
#include "ip.h"
#include "icmp_quote.h"

#include <stdio.h>
#include <string.h>

static const struct tok type_vals[] = {
	{ 0, "Echo (ping) reply" }, { 1, "Reserved" }, { 2, "Reserved" },
	{ 3, "Destination unreachable" }, { 4, "Source quench (flow control)" },
	{ 5, "Redirect" }, { 6, "Alternate host address" },
	{ 8, "Echo (ping) request" }, { 9, "Router advertisement" },
	{ 10, "Router solicitation" }, { 11, "Time-to-live exceeded" },
	{ 12, "Parameter problem" }, { 13, "Timestamp request" },
	{ 14, "Timestamp reply" }, { 15, "Information request" },
	{ 16, "Information reply" }, { 17, "Address mask request" },
	{ 18, "Address mask reply" }, { 30, "Traceroute" },
	{ 40, "Photuris" }, { 42, "Extended Echo request" },
	{ 43, "Extended Echo reply" }, { 0, NULL },
};
static const struct tok unreach_codes[] = {
	{ 0, "Network unreachable" }, { 1, "Host unreachable" },
	{ 2, "Protocol unreachable" }, { 3, "Port unreachable" },
	{ 4, "Fragmentation needed" }, { 5, "Source route failed" },
	{ 6, "Destination network unknown" }, { 7, "Destination host unknown" },
	{ 8, "Source host isolated" }, { 9, "Network administratively prohibited" },
	{ 10, "Host administratively prohibited" },
	{ 11, "Network unreachable for TOS" }, { 12, "Host unreachable for TOS" },
	{ 13, "Communication administratively filtered" },
	{ 14, "Host precedence violation" }, { 15, "Precedence cutoff in effect" },
	{ 0, NULL },
};
static const struct tok redirect_codes[] = {
	{ 0, "Redirect for network" }, { 1, "Redirect for host" },
	{ 2, "Redirect for TOS and network" }, { 3, "Redirect for TOS and host" },
	{ 0, NULL },
};
static const struct tok ttl_codes[] = {
	{ 0, "Time to live exceeded in transit" },
	{ 1, "Fragment reassembly time exceeded" }, { 0, NULL },
};
static const struct tok param_codes[] = {
	{ 0, "Pointer indicates the error" }, { 1, "Required option missing" },
	{ 2, "Bad length" }, { 0, NULL },
};
static const struct tok cksum_status[] = {
	{ 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_icmp, "icmp", "Internet Control Message Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_type, "icmp.type", "Type", FT_UINT8, BASE_DEC, 0, 0, type_vals);
F(hf_code, "icmp.code", "Code", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_checksum, "icmp.checksum", "Checksum", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_checksum_status, "icmp.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE, FF_GENERATED, 0, cksum_status);
F(hf_unused, "icmp.unused", "Unused", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_ident, "icmp.ident", "Identifier (BE)", FT_UINT16, BASE_DEC_HEX, 0, 0, NULL);
F(hf_ident_le, "icmp.ident_le", "Identifier (LE)", FT_UINT16, BASE_DEC_HEX, 0, 0, NULL);
F(hf_seq, "icmp.seq", "Sequence Number (BE)", FT_UINT16, BASE_DEC_HEX, 0, 0, NULL);
F(hf_seq_le, "icmp.seq_le", "Sequence Number (LE)", FT_UINT16, BASE_DEC_HEX, 0, 0, NULL);
F(hf_mtu, "icmp.mtu", "MTU of next hop", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_redir_gw, "icmp.redir_gw", "Gateway Address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_pointer, "icmp.pointer", "Pointer", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_length, "icmp.length", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_length_orig, "icmp.length.original_datagram", "Length of original datagram", FT_UINT8, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_resp_to, "icmp.resp_to", "Request frame", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_resptime, "icmp.resptime", "Response time", FT_DOUBLE, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_data_time, "icmp.data_time", "Timestamp from icmp data", FT_ABSOLUTE_TIME, BASE_TIME_LOCAL, 0, 0, NULL);
F(hf_data_time_rel, "icmp.data_time_relative", "Timestamp from icmp data (relative)", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_originate, "icmp.originate_timestamp", "Originate timestamp", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_receive, "icmp.receive_timestamp", "Receive timestamp", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_transmit, "icmp.transmit_timestamp", "Transmit timestamp", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_address_mask, "icmp.address_mask", "Address Mask", FT_IPv4, BASE_NONE, 0, 0, NULL);

static struct expert_field ei_checksum_bad = {
	{ "icmp.checksum_bad", "Bad checksum", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_CHECKSUM, PI_WARN,
};

static struct field *const fields[] = {
	&hf_icmp, &hf_type, &hf_code, &hf_checksum, &hf_checksum_status,
	&hf_unused, &hf_ident, &hf_ident_le, &hf_seq, &hf_seq_le, &hf_mtu,
	&hf_redir_gw, &hf_pointer, &hf_length, &hf_length_orig, &hf_resp_to,
	&hf_resptime, &hf_data_time, &hf_data_time_rel, &hf_originate,
	&hf_receive, &hf_transmit, &hf_address_mask, NULL,
};
static struct expert_field *const experts[] = { &ei_checksum_bad, NULL };

static const char *code_name(uint8_t type, uint8_t code)
{
	switch (type) {
	case 3: return tok_find(unreach_codes, code);
	case 5: return tok_find(redirect_codes, code);
	case 11: return tok_find(ttl_codes, code);
	case 12: return tok_find(param_codes, code);
	default: return NULL;
	}
}

static uint16_t swap16(uint16_t v) { return (uint16_t)(v << 8 | v >> 8); }

static int dissect_icmp(struct packet *pk, struct bv *bv, void *data)
{
	const struct ip4_info *ip = data;
	col_set_proto(pk, "ICMP");
	col_info_set(pk, "");
	pk_layer_begin(pk, "icmp", &hf_icmp, bv, 0, bv->len);
	if (!bv_has(bv, 0, 4)) {
		if (bv_has(bv, 0, 1))
			pk_add_uint(pk, &hf_type, bv, 0, 1, bv_u8(bv, 0));
		if (bv_has(bv, 1, 1))
			pk_add_uint(pk, &hf_code, bv, 1, 1, bv_u8(bv, 1));
		pk_layer_end(pk);
		pk_short(pk, "ICMP", bv, bv->len);
		return (int)bv->len;
	}
	uint8_t type = bv_u8(bv, 0), code = bv_u8(bv, 1);
	uint16_t ck = bv_be16(bv, 2);
	const char *tname = tok_str(type_vals, type, "Unknown ICMP (obsolete or malformed?)");
	const char *cname = code_name(type, code);
	struct item *it = pk_add_uint(pk, &hf_type, bv, 0, 1, type);
	pk_item_text(pk, it, "Type: %u (%s)", type, tname);
	it = pk_add_uint(pk, &hf_code, bv, 1, 1, code);
	if (cname)
		pk_item_text(pk, it, "Code: %u (%s)", code, cname);
	/* The checksum covers the whole message; it can be checked only when
	 * all of it was captured. */
	it = pk_add_uint(pk, &hf_checksum, bv, 2, 2, ck);
	if (bv->len == bv->rlen) {
		bool good = ip_cksum_sum(bv->p, bv->len) == 0xffff;
		pk_item_text(pk, it, "Checksum: 0x%04x [%s]", ck, good ? "correct" : "incorrect");
		pk_add_uint(pk, &hf_checksum_status, bv, 2, 0, good ? 1 : 0);
		if (!good)
			pk_expert(pk, &ei_checksum_bad, "ICMP", bv, 2, 2, NULL);
	} else {
		pk_add_uint(pk, &hf_checksum_status, bv, 2, 0, 2);
	}
	/* tshark: the type padded to 20 columns, then " (code)" */
	if (cname)
		col_info_printf(pk, "%-20s (%s)", tname, cname);
	else
		col_info_printf(pk, "%-20s", tname);

	switch (type) {
	case 0: case 8: case 13: case 14: case 15: case 16: case 17: case 18: {
		if (!bv_has(bv, 4, 4))
			break;
		uint16_t id = bv_be16(bv, 4), seq = bv_be16(bv, 6);
		pk_add_uint(pk, &hf_ident, bv, 4, 2, id);
		pk_add_uint(pk, &hf_ident_le, bv, 4, 2, swap16(id));
		pk_add_uint(pk, &hf_seq, bv, 6, 2, seq);
		pk_add_uint(pk, &hf_seq_le, bv, 6, 2, swap16(seq));
		/* every id/seq type, as tshark's packet-icmp.c */
		col_info_append(pk, " id=0x%04x, seq=%u/%u", id, seq, swap16(seq));
		if (ip)
			col_info_append(pk, ", ttl=%u", ip->ttl);
		if (ip && type == 8)
			icmp_echo_request(4, ip->src, ip->dst, 4, id, seq, pk->num, pk->ts);
		if (ip && type == 0) {
			uint64_t rf;
			int64_t rts;
			if (icmp_echo_reply(4, ip->src, ip->dst, 4, id, seq, &rf, &rts)) {
				pk_add_uint(pk, &hf_resp_to, bv, 0, 0, rf);
				pk_add_double(pk, &hf_resptime, bv, 0, 0, (double)(pk->ts - rts) / 1e6);
				col_info_append(pk, " (request in %llu)", (unsigned long long)rf);
			}
		}
		if (type == 13 || type == 14) {
			if (bv_has(bv, 8, 12)) {
				pk_add_uint(pk, &hf_originate, bv, 8, 4, bv_be32(bv, 8));
				pk_add_uint(pk, &hf_receive, bv, 12, 4, bv_be32(bv, 12));
				pk_add_uint(pk, &hf_transmit, bv, 16, 4, bv_be32(bv, 16));
			}
			pk_layer_end(pk);
			return (int)bv->len;
		}
		if (type == 17 || type == 18) {
			if (bv_has(bv, 8, 4))
				pk_add_view(pk, &hf_address_mask, bv, 8, 4);
			pk_layer_end(pk);
			return (int)bv->len;
		}
		/* Echo data: a struct timeval first (BE, else LE) when it lies in
		 * the day after the capture time, as Wireshark guesses. */
		uint32_t doff = 8;
		if (bv_has(bv, 8, 8)) {
			int64_t fsec = pk->ts / 1000000000;
			uint32_t s = bv_be32(bv, 8), us = bv_be32(bv, 12);
			if ((uint32_t)(s - (uint32_t)fsec) >= 86400u || us >= 1000000u) {
				s = bv_le32(bv, 8);
				us = bv_le32(bv, 12);
			}
			if ((uint32_t)(s - (uint32_t)fsec) < 86400u && us < 1000000u) {
				int64_t t = (int64_t)s * 1000000000 + (int64_t)us * 1000;
				pk_add_time(pk, &hf_data_time, bv, 8, 8, t);
				pk_add_time(pk, &hf_data_time_rel, bv, 8, 8, pk->ts - t);
				doff = 16;
			}
		}
		pk_layer_end(pk);
		struct bv rest = bv_tail(bv, doff);
		dissect_data(pk, &rest);
		return (int)bv->len;
	}
	case 3: case 4: case 5: case 11: case 12: {
		if (!bv_has(bv, 4, 4)) {
			pk_layer_end(pk);
			pk_truncated(pk, "ICMP", bv);
			return (int)bv->len;
		}
		uint8_t len4884 = bv_u8(bv, 5);
		if (type == 5) {
			pk_add_view(pk, &hf_redir_gw, bv, 4, 4);
		} else if (type == 3 && code == 4) {
			pk_add_view(pk, &hf_unused, bv, 4, 2);
			pk_add_uint(pk, &hf_mtu, bv, 6, 2, bv_be16(bv, 6));
		} else if (type == 12) {
			pk_add_uint(pk, &hf_pointer, bv, 4, 1, bv_u8(bv, 4));
			pk_add_view(pk, &hf_unused, bv, 5, 3);
		} else if (len4884 && type != 4) {
			pk_add_view(pk, &hf_unused, bv, 4, 1);
			pk_add_uint(pk, &hf_length, bv, 5, 1, len4884);
			pk_add_uint(pk, &hf_length_orig, bv, 5, 1, len4884 * 4u);
			pk_add_view(pk, &hf_unused, bv, 6, 2);
		} else {
			pk_add_view(pk, &hf_unused, bv, 4, 4);
		}
		/* The quoted datagram: IP header and the start of its payload,
		 * inside the ICMP tree; columns stay the outer packet's. Its
		 * extent follows tshark's packet-icmp.c: a Redirect quotes at
		 * most the IP header + 64 bits (RFC 792), an RFC 4884 length
		 * bounds the others when it is shorter than the quoted
		 * datagram's total length; else whatever follows. */
		struct bv q = bv_tail(bv, 8);
		uint32_t ihl = bv_has(bv, 8, 1) ? (bv_u8(bv, 8) & 0x0fu) * 4u : 0;
		if (type == 5) {
			q = bv_sub(bv, 8, ihl + 8);
		} else if (len4884 && bv->rlen > 8u + len4884 * 4u &&
			   bv_has(bv, 10, 2) && bv_be16(bv, 10) > len4884 * 4u) {
			q = bv_sub(bv, 8, ihl + len4884 * 4u);
		}
		if (q.len) {
			struct icmp_quote_save sv;
			icmp_quote_begin(pk, &sv);
			if (dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IP, &q,
					  (void *)&ip_in_error_pkt) < 0)
				dissect_data(pk, &q);
			icmp_quote_end(pk, &sv);
		}
		pk_layer_end(pk);
		return (int)bv->len;
	}
	default: {
		pk_layer_end(pk);
		struct bv rest = bv_tail(bv, 4);
		dissect_data(pk, &rest);
		return (int)bv->len;
	}
	}
	pk_layer_end(pk);
	pk_truncated(pk, "ICMP", bv);
	return (int)bv->len;
}

static void icmp_reset(void) { icmp_echo_reset(); }

static const struct handoff handoffs[] = {
	{ DT_IP_PROTO, IPPROTO_ICMP_ },
	{ DT_NONE, 0 },
};

const struct dissector dissector_icmp = {
	.name = "icmp",
	.long_name = "Internet Control Message Protocol",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_icmp,
	.reset = icmp_reset,
};
