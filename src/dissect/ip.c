/* ip.c — Internet Protocol version 4 (RFC 791): header, options, flags and
 * fragment offset, header checksum (shown unverified, tshark's default).
 * Payload goes to the ip.proto table; the dissector consumes ip.len bytes so
 * the link layer can show a trailer. */
#include "../engine/dissector.h"
#include "ethertype.h"
#include "ip.h"
#include "../io/source.h"

#include <stdio.h>

const struct tok ipproto_vals[] = {
	{ 0, "IPv6 Hop-by-Hop Option" }, { 1, "ICMP" }, { 2, "IGMP" },
	{ 4, "IPIP" }, { 6, "TCP" }, { 17, "UDP" }, { 41, "IPv6" },
	{ 43, "Routing Header for IPv6" }, { 44, "Fragment Header for IPv6" },
	{ 47, "Generic Routing Encapsulation" }, { 50, "Encap Security Payload" },
	{ 51, "Authentication Header" }, { 58, "ICMPv6" }, { 59, "IPv6 No Next Header" },
	{ 60, "Destination Options for IPv6" }, { 89, "OSPF IGP" }, { 103, "PIM" },
	{ 112, "Virtual Router Redundancy Protocol" }, { 132, "SCTP" },
	{ 135, "Mobility Header" }, { 136, "UDPLite" }, { 0, NULL },
};

static const struct tok flag_set[] = { { 0, "Not set" }, { 1, "Set" }, { 0, NULL } };
static const struct tok cksum_status[] = {
	{ 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 0, NULL },
};
static const struct tok dscp_vals[] = {
	{ 0, "Default" }, { 8, "Class Selector 1" }, { 10, "Assured Forwarding 11" },
	{ 12, "Assured Forwarding 12" }, { 14, "Assured Forwarding 13" },
	{ 16, "Class Selector 2" }, { 18, "Assured Forwarding 21" },
	{ 20, "Assured Forwarding 22" }, { 22, "Assured Forwarding 23" },
	{ 24, "Class Selector 3" }, { 26, "Assured Forwarding 31" },
	{ 28, "Assured Forwarding 32" }, { 30, "Assured Forwarding 33" },
	{ 32, "Class Selector 4" }, { 34, "Assured Forwarding 41" },
	{ 36, "Assured Forwarding 42" }, { 38, "Assured Forwarding 43" },
	{ 40, "Class Selector 5" }, { 44, "Voice Admit" }, { 46, "Expedited Forwarding" },
	{ 48, "Class Selector 6" }, { 56, "Class Selector 7" }, { 0, NULL },
};
static const struct tok ecn_vals[] = {
	{ 0, "Not ECN-Capable Transport" }, { 1, "ECN-Capable Transport codepoint '01'" },
	{ 2, "ECN-Capable Transport codepoint '10'" }, { 3, "Congestion Experienced" },
	{ 0, NULL },
};
static const struct tok opt_vals[] = {
	{ 0, "End of Options List (EOL)" }, { 1, "No-Operation (NOP)" },
	{ 7, "Record Route" }, { 68, "Time Stamp" }, { 130, "Security" },
	{ 131, "Loose Source Route" }, { 137, "Strict Source Route" },
	{ 136, "Stream ID" }, { 148, "Router Alert" }, { 0, NULL },
};

static struct field hf_ip = { "ip", "Internet Protocol Version 4", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_version = { "ip.version", "Version", FT_UINT8, BASE_DEC, 0, 0xf0, NULL, 0, false, NULL };
static struct field hf_hdr_len = { "ip.hdr_len", "Header Length", FT_UINT8, BASE_DEC, 0, 0x0f, NULL, 0, false, NULL };
static struct field hf_dsfield = { "ip.dsfield", "Differentiated Services Field", FT_UINT8, BASE_HEX, 0, 0, NULL, 0, false, NULL };
static struct field hf_dscp = { "ip.dsfield.dscp", "Differentiated Services Codepoint", FT_UINT8, BASE_DEC, 0, 0xfc, dscp_vals, 0, false, NULL };
static struct field hf_ecn = { "ip.dsfield.ecn", "Explicit Congestion Notification", FT_UINT8, BASE_DEC, 0, 0x03, ecn_vals, 0, false, NULL };
static struct field hf_len = { "ip.len", "Total Length", FT_UINT16, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_id = { "ip.id", "Identification", FT_UINT16, BASE_HEX_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_flags = { "ip.flags", "Flags", FT_UINT8, BASE_HEX, 0, 0xe0, NULL, 0, false, NULL };
static struct field hf_flags_rb = { "ip.flags.rb", "Reserved bit", FT_BOOLEAN, BASE_BOOL_8, 0, 0x80, flag_set, 0, false, NULL };
static struct field hf_flags_df = { "ip.flags.df", "Don't fragment", FT_BOOLEAN, BASE_BOOL_8, 0, 0x40, flag_set, 0, false, NULL };
static struct field hf_flags_mf = { "ip.flags.mf", "More fragments", FT_BOOLEAN, BASE_BOOL_8, 0, 0x20, flag_set, 0, false, NULL };
static struct field hf_frag_offset = { "ip.frag_offset", "Fragment Offset", FT_UINT16, BASE_DEC, 0, 0x1fff, NULL, 0, false, NULL };
static struct field hf_ttl = { "ip.ttl", "Time to Live", FT_UINT8, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_proto = { "ip.proto", "Protocol", FT_UINT8, BASE_DEC, 0, 0, ipproto_vals, 0, false, NULL };
static struct field hf_checksum = { "ip.checksum", "Header Checksum", FT_UINT16, BASE_HEX, 0, 0, NULL, 0, false, NULL };
static struct field hf_checksum_status = { "ip.checksum.status", "Header checksum status", FT_UINT8, BASE_NONE, FF_GENERATED, 0, cksum_status, 0, false, NULL };
static struct field hf_src = { "ip.src", "Source Address", FT_IPv4, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst = { "ip.dst", "Destination Address", FT_IPv4, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_addr = { "ip.addr", "Source or Destination Address", FT_IPv4, BASE_NONE, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_src_host = { "ip.src_host", "Source Host", FT_STRING, BASE_NONE, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_dst_host = { "ip.dst_host", "Destination Host", FT_STRING, BASE_NONE, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_host = { "ip.host", "Source or Destination Host", FT_STRING, BASE_NONE, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_opt_type = { "ip.opt.type", "Type", FT_UINT8, BASE_DEC, 0, 0, opt_vals, 0, false, NULL };
static struct field hf_opt_len = { "ip.opt.len", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL, 0, false, NULL };

static struct expert_field ei_bad_hdr_len = {
	{ "ip.bogus_header_length", "Bogus IP header length", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_ERROR,
};
static struct expert_field ei_bad_len = {
	{ "ip.bogus_ip_length", "Bogus IP length", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_ERROR,
};
static struct expert_field ei_bad_version = {
	{ "ip.bogus_ip_version", "Bogus IP version", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_ERROR,
};

static struct field *const fields[] = {
	&hf_ip, &hf_version, &hf_hdr_len, &hf_dsfield, &hf_dscp, &hf_ecn,
	&hf_len, &hf_id, &hf_flags, &hf_flags_rb, &hf_flags_df, &hf_flags_mf,
	&hf_frag_offset, &hf_ttl, &hf_proto, &hf_checksum, &hf_checksum_status,
	&hf_src, &hf_addr, &hf_src_host, &hf_host, &hf_dst, &hf_dst_host,
	&hf_opt_type, &hf_opt_len, NULL,
};
static struct expert_field *const experts[] = {
	&ei_bad_hdr_len, &ei_bad_len, &ei_bad_version, NULL,
};

static void add_addr(struct packet *pk, struct bv *bv, uint32_t off,
		     struct field *hf, struct field *hf_host_one)
{
	const uint8_t *a = bv->p + off;
	pk_add_bytes(pk, hf, bv, off, 4, a, 4);
	pk_add_bytes(pk, &hf_addr, bv, off, 4, a, 4);
	if (pk_wants(pk, hf_host_one) || pk_wants(pk, &hf_host)) {
		char s[16];
		size_t n = fmt_ipv4(s, a);
		char *h = arena_strndup(&pk->arena, s, n);
		pk_add_bytes(pk, hf_host_one, bv, off, 4, (const uint8_t *)h, (uint32_t)n);
		pk_add_bytes(pk, &hf_host, bv, off, 4, (const uint8_t *)h, (uint32_t)n);
	}
}

static void dissect_options(struct packet *pk, struct bv *bv, uint32_t hlen)
{
	uint32_t off = 20;
	while (off < hlen) {
		uint8_t t = bv_u8(bv, off);
		struct item *it;
		if (t == 0 || t == 1) {
			it = pk_add_uint(pk, &hf_opt_type, bv, off, 1, t);
			pk_item_text(pk, it, "IP Option - %s", tok_str(opt_vals, t, "Unknown"));
			off++;
			if (t == 0)
				break;
			continue;
		}
		uint8_t l = bv_u8(bv, off + 1);
		it = pk_add_uint(pk, &hf_opt_type, bv, off, l, t);
		pk_item_text(pk, it, "IP Option - %s (%u bytes)",
			     tok_str(opt_vals, t, "Unknown"), l);
		pk_push(pk);
		pk_add_uint(pk, &hf_opt_len, bv, off + 1, 1, l);
		pk_pop(pk);
		if (l < 2)
			break;
		off += l;
	}
}

static int dissect_ip(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	uint8_t vhl = bv_u8(bv, 0);
	uint32_t hlen = (uint32_t)(vhl & 0x0f) * 4;
	struct item *top = pk_layer_begin(pk, "ip", &hf_ip, bv, 0,
					  hlen < bv->len ? hlen : bv->len);
	pk_add_bits(pk, &hf_version, bv, 0, 1, vhl);
	if ((vhl >> 4) != 4) {
		pk_expert(pk, &ei_bad_version, "IPv4", bv, 0, 1,
			  "Bogus IP version (%u)", vhl >> 4);
		pk_layer_end(pk);
		return (int)bv->len;
	}
	struct item *hl = pk_add_bits(pk, &hf_hdr_len, bv, 0, 1, vhl);
	pk_item_text(pk, hl, ".... %u%u%u%u = Header Length: %u bytes (%u)",
		     (vhl >> 3) & 1, (vhl >> 2) & 1, (vhl >> 1) & 1, vhl & 1,
		     hlen, vhl & 0x0f);
	if (hlen < 20) {
		pk_expert(pk, &ei_bad_hdr_len, "IPv4", bv, 0, 1,
			  "Bogus IP header length (%u, must be at least 20)", hlen);
		col_set_proto(pk, "IPv4");
		col_info_printf(pk, "Bogus IPv4 header length (%u, must be at least 20)", hlen);
		pk_layer_end(pk);
		return (int)bv->len;
	}
	if (!bv_has(bv, 0, 20)) {
		pk_layer_end(pk);
		pk_truncated(pk, "IPv4", bv);
		return (int)bv->len;
	}
	struct ip4_info *ip = arena_alloc(&pk->arena, sizeof(*ip));
	ip->version = 4;
	ip->hdr_len = (uint8_t)hlen;
	ip->dsfield = bv_u8(bv, 1);
	ip->len = bv_be16(bv, 2);
	ip->id = bv_be16(bv, 4);
	uint16_t ff = bv_be16(bv, 6);
	ip->flags = (uint8_t)(ff >> 13);
	ip->frag_off = (uint16_t)((ff & 0x1fff) * 8);
	ip->ttl = bv_u8(bv, 8);
	ip->proto = bv_u8(bv, 9);
	ip->checksum = bv_be16(bv, 10);
	bv_copy(bv, 12, ip->src, 4);
	bv_copy(bv, 16, ip->dst, 4);
	pk->ip4 = ip;
	pk->ipproto = ip->proto;
	pk_set_net_addrs(pk, AT_IPv4, ip->src, ip->dst);

	if (pk_labels(pk)) {
		char s[16], d[16];
		fmt_ipv4(s, ip->src);
		fmt_ipv4(d, ip->dst);
		pk_item_text(pk, top, "Internet Protocol Version 4, Src: %s, Dst: %s", s, d);
	}
	struct item *ds = pk_add_uint(pk, &hf_dsfield, bv, 1, 1, ip->dsfield);
	pk_item_text(pk, ds, "Differentiated Services Field: 0x%02x (DSCP: %s, ECN: %s)",
		     ip->dsfield, "CS0", "Not-ECT");
	pk_push(pk);
	pk_add_bits(pk, &hf_dscp, bv, 1, 1, ip->dsfield);
	pk_add_bits(pk, &hf_ecn, bv, 1, 1, ip->dsfield);
	pk_pop(pk);
	pk_add_uint(pk, &hf_len, bv, 2, 2, ip->len);
	pk_add_uint(pk, &hf_id, bv, 4, 2, ip->id);
	pk_add_bits(pk, &hf_flags, bv, 6, 1, ff >> 8);
	pk_push(pk);
	pk_add_bits(pk, &hf_flags_rb, bv, 6, 1, ff >> 8);
	pk_add_bits(pk, &hf_flags_df, bv, 6, 1, ff >> 8);
	pk_add_bits(pk, &hf_flags_mf, bv, 6, 1, ff >> 8);
	pk_pop(pk);
	pk_add_bits(pk, &hf_frag_offset, bv, 6, 2, ff);
	pk_add_uint(pk, &hf_ttl, bv, 8, 1, ip->ttl);
	pk_add_uint(pk, &hf_proto, bv, 9, 1, ip->proto);
	pk_add_uint(pk, &hf_checksum, bv, 10, 2, ip->checksum);
	pk_add_uint(pk, &hf_checksum_status, bv, 10, 0, 2);
	add_addr(pk, bv, 12, &hf_src, &hf_src_host);
	add_addr(pk, bv, 16, &hf_dst, &hf_dst_host);
	if (hlen > 20)
		dissect_options(pk, bv, hlen);

	if (ip->len < hlen) {
		pk_expert(pk, &ei_bad_len, "IPv4", bv, 2, 2,
			  "Bogus IP length (%u, less than header length %u)",
			  ip->len, hlen);
		pk_layer_end(pk);
		return (int)bv->len;
	}
	pk_layer_end(pk);

	/* The payload is ip.len - hlen bytes (a TSO capture with ip.len 0 uses
	 * what was captured, as Wireshark does). */
	uint32_t plen = ip->len ? ip->len - hlen : bv_reported_remaining(bv, hlen);
	struct bv pl = bv_sub(bv, hlen, plen);
	col_set_proto(pk, "IPv4");
	if (ip->frag_off || (ip->flags & 1)) {
		/* Fragments other than the first are not handed to the upper
		 * layer (no reassembly here): Wireshark shows them as
		 * "Fragmented IP protocol". */
		if (ip->frag_off) {
			col_info_printf(pk, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)",
					tok_str(ipproto_vals, ip->proto, "Unknown"),
					ip->proto, ip->frag_off, ip->id);
			dissect_data(pk, &pl);
			return (int)(hlen + plen);
		}
	}
	int r = dissect_table(pk, DT_IP_PROTO, ip->proto, &pl, ip);
	if (r < 0)
		dissect_data(pk, &pl);
	return (int)(hlen + plen);
}

static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_IP },
	{ DT_IP_PROTO, IPPROTO_IPIP_ },
	{ DT_LINKTYPE, LINKTYPE_IPV4 },
	{ DT_PPP_PROTO, 0x0021 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_ip = {
	.name = "ip",
	.long_name = "Internet Protocol Version 4",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_ip,
};
