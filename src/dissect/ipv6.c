/* ipv6.c — Internet Protocol version 6 (RFC 8200) and its extension
 * headers: hop-by-hop and destination options (with the options of RFC 8200,
 * RFC 2711, RFC 2473, RFC 6275), routing (type 0 source route, RFC 5095),
 * fragment (with reassembly, ipv6.defragment as in tshark 4.0), mobility
 * header (RFC 6275 section 6.1), authentication header (RFC 4302) and
 * no-next-header. Field names and layers are Wireshark 4.0's packet-ipv6.c
 * ones ("ipv6.hopopts", "ipv6.routing", "ipv6.fraghdr", "ipv6.dstopts"). */
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "../io/source.h"
#include "ethertype.h"
#include "ip.h"
#include "manuf.h"
#include "reasm.h"

#include <stdio.h>
#include <string.h>

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
static const struct tok dscp_abbr[] = {
	{ 0, "CS0" }, { 8, "CS1" }, { 10, "AF11" }, { 12, "AF12" }, { 14, "AF13" },
	{ 16, "CS2" }, { 18, "AF21" }, { 20, "AF22" }, { 22, "AF23" },
	{ 24, "CS3" }, { 26, "AF31" }, { 28, "AF32" }, { 30, "AF33" },
	{ 32, "CS4" }, { 34, "AF41" }, { 36, "AF42" }, { 38, "AF43" },
	{ 40, "CS5" }, { 44, "VA" }, { 46, "EF" }, { 48, "CS6" }, { 56, "CS7" },
	{ 1, "LE" }, { 0, NULL },
};
static const struct tok ecn_vals[] = {
	{ 0, "Not ECN-Capable Transport" }, { 1, "ECN-Capable Transport codepoint '01'" },
	{ 2, "ECN-Capable Transport codepoint '10'" }, { 3, "Congestion Experienced" },
	{ 0, NULL },
};
static const struct tok ecn_abbr[] = {
	{ 0, "Not-ECT" }, { 1, "ECT(1)" }, { 2, "ECT(0)" }, { 3, "CE" }, { 0, NULL },
};
static const struct tok opt_vals[] = {
	{ 0x00, "Pad1" }, { 0x01, "PadN" }, { 0x04, "Tunnel Encapsulation Limit" },
	{ 0x05, "Router Alert" }, { 0x07, "CALIPSO" }, { 0x08, "SMF_DPD" },
	{ 0x26, "Quick-Start" }, { 0x30, "Path MTU Option" }, { 0x31, "IOAM Option" },
	{ 0x63, "RPL Option" }, { 0x6d, "MPL Option" }, { 0x8a, "Endpoint Identification" },
	{ 0x8b, "ILNP Nonce" }, { 0x8c, "Line-Identification Option" },
	{ 0xc2, "Jumbo Payload" }, { 0xc9, "Home Address" }, { 0xee, "IP_DFF" },
	{ 0, NULL },
};
static const struct tok action_vals[] = {
	{ 0, "Skip and continue" }, { 1, "Discard" },
	{ 2, "Discard and send ICMP Parameter Problem" },
	{ 3, "Discard and send ICMP if not multicast" }, { 0, NULL },
};
static const struct tok ra_vals[] = {
	{ 0, "MLD" }, { 1, "RSVP" }, { 2, "Active Networks" }, { 0, NULL },
};
static const struct tok routing_type_vals[] = {
	{ 0, "Source Route" }, { 1, "Nimrod" }, { 2, "Type 2 Routing" },
	{ 3, "RPL Source Route" }, { 4, "Segment Routing" }, { 5, "Compact Routing Header 16" },
	{ 6, "Compact Routing Header 32" }, { 0, NULL },
};
static const struct tok yes_no[] = { { 0, "No" }, { 1, "Yes" }, { 0, NULL } };

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_ipv6, "ipv6", "Internet Protocol Version 6", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_version, "ipv6.version", "Version", FT_UINT8, BASE_DEC, 0, 0xf0, NULL);
F(hf_ip_version, "ip.version", "Version", FT_UINT8, BASE_DEC, FF_HIDDEN, 0xf0, NULL);
F(hf_tclass, "ipv6.tclass", "Traffic Class", FT_UINT32, BASE_HEX, 0, 0x0ff00000, NULL);
F(hf_dscp, "ipv6.tclass.dscp", "Differentiated Services Codepoint", FT_UINT32, BASE_DEC, 0, 0x0fc00000, dscp_vals);
F(hf_ecn, "ipv6.tclass.ecn", "Explicit Congestion Notification", FT_UINT32, BASE_DEC, 0, 0x00300000, ecn_vals);
F(hf_flow, "ipv6.flow", "Flow Label", FT_UINT24, BASE_HEX, 0, 0xfffff, NULL);
F(hf_plen, "ipv6.plen", "Payload Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_nxt, "ipv6.nxt", "Next Header", FT_UINT8, BASE_DEC, 0, 0, ipproto_vals);
F(hf_hlim, "ipv6.hlim", "Hop Limit", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_src, "ipv6.src", "Source Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_dst, "ipv6.dst", "Destination Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_addr, "ipv6.addr", "Source or Destination Address", FT_IPv6, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_src_host, "ipv6.src_host", "Source Host", FT_STRING, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_dst_host, "ipv6.dst_host", "Destination Host", FT_STRING, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_host, "ipv6.host", "Source or Destination Host", FT_STRING, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_src_slaac, "ipv6.src_slaac_mac", "Source SLAAC MAC", FT_ETHER, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_dst_slaac, "ipv6.dst_slaac_mac", "Destination SLAAC MAC", FT_ETHER, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_slaac, "ipv6.slaac_mac", "SLAAC MAC", FT_ETHER, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL);
F(hf_src_ts, "ipv6.src_ts_ipv4", "Source Teredo Server IPv4", FT_IPv4, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_src_tcp, "ipv6.src_tc_port", "Source Teredo Port", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_src_tc, "ipv6.src_tc_ipv4", "Source Teredo Client IPv4", FT_IPv4, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_dst_ts, "ipv6.dst_ts_ipv4", "Destination Teredo Server IPv4", FT_IPv4, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_dst_tcp, "ipv6.dst_tc_port", "Destination Teredo Port", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_dst_tc, "ipv6.dst_tc_ipv4", "Destination Teredo Client IPv4", FT_IPv4, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_ts, "ipv6.ts_ipv4", "Teredo Server IPv4", FT_IPv4, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL);
F(hf_tcport, "ipv6.tc_port", "Teredo Port", FT_UINT16, BASE_DEC, FF_HIDDEN | FF_GENERATED, 0, NULL);
F(hf_tc, "ipv6.tc_ipv4", "Teredo Client IPv4", FT_IPv4, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL);
F(hf_src_6to4, "ipv6.src_6to4_gw_ipv4", "Source 6to4 Gateway IPv4", FT_IPv4, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_src_6to4_sla, "ipv6.src_6to4_sla_id", "Source 6to4 SLA ID", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_dst_6to4, "ipv6.dst_6to4_gw_ipv4", "Destination 6to4 Gateway IPv4", FT_IPv4, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_dst_6to4_sla, "ipv6.dst_6to4_sla_id", "Destination 6to4 SLA ID", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_6to4, "ipv6.6to4_gw_ipv4", "6to4 Gateway IPv4", FT_IPv4, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL);
F(hf_6to4_sla, "ipv6.6to4_sla_id", "6to4 SLA ID", FT_UINT16, BASE_DEC, FF_HIDDEN | FF_GENERATED, 0, NULL);

F(hf_opt, "ipv6.opt", "IPv6 Option", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_opt_type, "ipv6.opt.type", "Type", FT_UINT8, BASE_HEX, 0, 0, opt_vals);
F(hf_opt_action, "ipv6.opt.type.action", "Action", FT_UINT8, BASE_DEC, 0, 0xc0, action_vals);
F(hf_opt_change, "ipv6.opt.type.change", "May Change", FT_BOOLEAN, BASE_BOOL_8, 0, 0x20, yes_no);
F(hf_opt_rest, "ipv6.opt.type.rest", "Low-Order Bits", FT_UINT8, BASE_HEX, 0, 0x1f, NULL);
F(hf_opt_length, "ipv6.opt.length", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_pad1, "ipv6.opt.pad1", "Pad1", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_opt_padn, "ipv6.opt.padn", "PadN", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_ra, "ipv6.opt.router_alert", "Router Alert", FT_UINT16, BASE_DEC, 0, 0, ra_vals);
F(hf_opt_tel, "ipv6.opt.tel", "Tunnel Encapsulation Limit", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_jumbo, "ipv6.opt.jumbo", "Payload Length", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_home, "ipv6.opt.mipv6.home_address", "MIPv6 Home Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_opt_pmtu_min, "ipv6.opt.pmtu.min", "Minimum Reported PMTU", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_opt_pmtu_rtn, "ipv6.opt.pmtu.rtn", "Return Minimum PMTU", FT_UINT16, BASE_DEC, 0, 0xfffe, NULL);
F(hf_opt_pmtu_r, "ipv6.opt.pmtu.r_flag", "Return Flag", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0001, NULL);
F(hf_opt_unknown, "ipv6.opt.unknown", "Unknown Option Payload", FT_BYTES, BASE_NONE, 0, 0, NULL);

F(hf_hopopts, "ipv6.hopopts", "IPv6 Hop-by-Hop Option", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_hopopts_nxt, "ipv6.hopopts.nxt", "Next Header", FT_UINT8, BASE_DEC, 0, 0, ipproto_vals);
F(hf_hopopts_len, "ipv6.hopopts.len", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_hopopts_len_oct, "ipv6.hopopts.len_oct", "Length", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_dstopts, "ipv6.dstopts", "Destination Options for IPv6", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_dstopts_nxt, "ipv6.dstopts.nxt", "Next Header", FT_UINT8, BASE_DEC, 0, 0, ipproto_vals);
F(hf_dstopts_len, "ipv6.dstopts.len", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_dstopts_len_oct, "ipv6.dstopts.len_oct", "Length", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_routing, "ipv6.routing", "Routing Header for IPv6", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_routing_nxt, "ipv6.routing.nxt", "Next Header", FT_UINT8, BASE_DEC, 0, 0, ipproto_vals);
F(hf_routing_len, "ipv6.routing.len", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_routing_len_oct, "ipv6.routing.len_oct", "Length", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_routing_type, "ipv6.routing.type", "Type", FT_UINT8, BASE_DEC, 0, 0, routing_type_vals);
F(hf_routing_segleft, "ipv6.routing.segleft", "Segments Left", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_routing_src_reserved, "ipv6.routing.src.reserved", "Reserved", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_routing_src_addr, "ipv6.routing.src.addr", "Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_routing_mipv6_reserved, "ipv6.routing.mipv6.reserved", "Reserved", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_routing_mipv6_home, "ipv6.routing.mipv6.home_address", "Home Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_routing_unknown, "ipv6.routing.unknown_data", "Type-Specific Data", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_fraghdr, "ipv6.fraghdr", "Fragment Header for IPv6", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_frag_nxt, "ipv6.fraghdr.nxt", "Next header", FT_UINT8, BASE_DEC, 0, 0, ipproto_vals);
F(hf_frag_reserved_octet, "ipv6.fraghdr.reserved_octet", "Reserved octet", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_frag_offset, "ipv6.fraghdr.offset", "Offset", FT_UINT16, BASE_DEC, 0, 0xfff8, NULL);
F(hf_frag_reserved_bits, "ipv6.fraghdr.reserved_bits", "Reserved bits", FT_UINT16, BASE_DEC, 0, 0x0006, NULL);
F(hf_frag_more, "ipv6.fraghdr.more", "More Fragments", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0001, yes_no);
F(hf_frag_ident, "ipv6.fraghdr.ident", "Identification", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_fragments, "ipv6.fragments", "IPv6 Fragments", FT_NONE, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_fragment, "ipv6.fragment", "IPv6 Fragment", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_fragment_count, "ipv6.fragment.count", "Fragment count", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_reassembled_in, "ipv6.reassembled.in", "Reassembled IPv6 in frame", FT_FRAMENUM, BASE_NONE, 0, 0, NULL);
F(hf_reassembled_length, "ipv6.reassembled.length", "Reassembled IPv6 length", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_reassembled_data, "ipv6.reassembled.data", "Reassembled IPv6 data", FT_BYTES, BASE_NONE, FF_GENERATED, 0, NULL);

/* Mobility header (RFC 6275 section 6.1), Wireshark's "mipv6". */
static const struct tok mh_type_vals[] = {
	{ 0, "Binding Refresh Request" }, { 1, "Home Test Init" },
	{ 2, "Care-of Test Init" }, { 3, "Home Test" }, { 4, "Care-of Test" },
	{ 5, "Binding Update" }, { 6, "Binding Acknowledgement" },
	{ 7, "Binding Error" }, { 8, "Fast Binding Update" },
	{ 9, "Fast Binding Acknowledgment" }, { 10, "Fast Neighbor Advertisement" },
	{ 11, "Experimental Mobility Header" }, { 12, "Home Agent Switch" },
	{ 13, "Heartbeat" }, { 0, NULL },
};
F(hf_mip6, "mipv6", "Mobile IPv6", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_mip6_proto, "mip6.proto", "Payload protocol", FT_UINT8, BASE_DEC, 0, 0, ipproto_vals);
F(hf_mip6_hlen, "mip6.hlen", "Header length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_mip6_mhtype, "mip6.mhtype", "Mobility Header Type", FT_UINT8, BASE_DEC, 0, 0, mh_type_vals);
F(hf_mip6_reserved, "mip6.reserved", "Reserved", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_mip6_csum, "mip6.csum", "Checksum", FT_UINT16, BASE_HEX, 0, 0, NULL);

/* Authentication header (RFC 4302), Wireshark's "ah". */
F(hf_ah, "ah", "Authentication Header", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_ah_nxt, "ah.next_header", "Next header", FT_UINT8, BASE_DEC, 0, 0, ipproto_vals);
F(hf_ah_length, "ah.length", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_ah_reserved, "ah.reserved", "Reserved", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_ah_spi, "ah.spi", "AH SPI", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_ah_seq, "ah.sequence", "AH Sequence", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_ah_icv, "ah.icv", "AH ICV", FT_BYTES, BASE_NONE, 0, 0, NULL);

static struct expert_field ei_bogus_version = {
	{ "ipv6.bogus_ipv6_version", "Bogus IP version", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};
static struct expert_field ei_plen_exceeds = {
	{ "ipv6.plen_exceeds_framing", "IPv6 payload length does not match expected framing length", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_WARN,
};
static struct expert_field ei_plen_zero = {
	{ "ipv6.plen_zero", "IPv6 payload length equals 0 (maybe because of \"TCP segmentation offload\" (TSO))", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_CHAT,
};
static struct expert_field ei_opt_invalid_len = {
	{ "ipv6.opt.invalid_len", "Invalid IPv6 option length", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};
static struct expert_field ei_routing_deprecated = {
	{ "ipv6.routing.deprecated", "Routing header type is deprecated", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_DEPRECATED, PI_NOTE,
};

static struct field *const fields[] = {
	&hf_ipv6, &hf_version, &hf_ip_version, &hf_tclass, &hf_dscp, &hf_ecn,
	&hf_flow, &hf_plen, &hf_nxt, &hf_hlim, &hf_src, &hf_dst, &hf_addr,
	&hf_src_host, &hf_dst_host, &hf_host, &hf_src_slaac, &hf_dst_slaac,
	&hf_slaac, &hf_src_ts, &hf_src_tcp, &hf_src_tc, &hf_dst_ts, &hf_dst_tcp,
	&hf_dst_tc, &hf_ts, &hf_tcport, &hf_tc, &hf_src_6to4, &hf_src_6to4_sla,
	&hf_dst_6to4, &hf_dst_6to4_sla, &hf_6to4, &hf_6to4_sla,
	&hf_opt, &hf_opt_type, &hf_opt_action, &hf_opt_change, &hf_opt_rest,
	&hf_opt_length, &hf_opt_pad1, &hf_opt_padn, &hf_opt_ra, &hf_opt_tel,
	&hf_opt_jumbo, &hf_opt_home, &hf_opt_pmtu_min, &hf_opt_pmtu_rtn,
	&hf_opt_pmtu_r, &hf_opt_unknown,
	&hf_hopopts, &hf_hopopts_nxt, &hf_hopopts_len, &hf_hopopts_len_oct,
	&hf_dstopts, &hf_dstopts_nxt, &hf_dstopts_len, &hf_dstopts_len_oct,
	&hf_routing, &hf_routing_nxt, &hf_routing_len, &hf_routing_len_oct,
	&hf_routing_type, &hf_routing_segleft, &hf_routing_src_reserved,
	&hf_routing_src_addr, &hf_routing_mipv6_reserved, &hf_routing_mipv6_home,
	&hf_routing_unknown,
	&hf_fraghdr, &hf_frag_nxt, &hf_frag_reserved_octet, &hf_frag_offset,
	&hf_frag_reserved_bits, &hf_frag_more, &hf_frag_ident, &hf_fragments,
	&hf_fragment, &hf_fragment_count, &hf_reassembled_in,
	&hf_reassembled_length, &hf_reassembled_data,
	&hf_mip6, &hf_mip6_proto, &hf_mip6_hlen, &hf_mip6_mhtype,
	&hf_mip6_reserved, &hf_mip6_csum,
	&hf_ah, &hf_ah_nxt, &hf_ah_length, &hf_ah_reserved, &hf_ah_spi,
	&hf_ah_seq, &hf_ah_icv, NULL,
};
static struct expert_field *const experts[] = {
	&ei_bogus_version, &ei_plen_exceeds, &ei_plen_zero, &ei_opt_invalid_len,
	&ei_routing_deprecated, NULL,
};

/* A read past the view: past the captured bytes is "truncated", past the
 * bytes on the wire (the payload length) is "malformed". */
static void short_mark(struct packet *pk, struct bv *bv, const char *proto)
{
	pk_short(pk, proto, bv, bv->len);
}

static void add_host(struct packet *pk, struct bv *bv, uint32_t off,
		     struct field *one)
{
	if (!pk_wants(pk, one) && !pk_wants(pk, &hf_host))
		return;
	char s[48];
	size_t n = fmt_ipv6(s, bv->p + off);
	char *h = arena_strndup(&pk->arena, s, n);
	pk_add_bytes(pk, one, bv, off, 16, (const uint8_t *)h, (uint32_t)n);
	pk_add_bytes(pk, &hf_host, bv, off, 16, (const uint8_t *)h, (uint32_t)n);
}

/* Generated items derived from an address: SLAAC (modified EUI-64 interface
 * identifier, RFC 4291 appendix A), 6to4 (RFC 3056) and Teredo (RFC 4380). */
static void addr_derived(struct packet *pk, struct bv *bv, uint32_t off,
			 bool src)
{
	const uint8_t *a = bv->p + off;
	if (a[0] == 0x20 && a[1] == 0x02) {
		pk_add_bytes(pk, src ? &hf_src_6to4 : &hf_dst_6to4, bv, off + 2, 4, a + 2, 4);
		pk_add_uint(pk, src ? &hf_src_6to4_sla : &hf_dst_6to4_sla, bv, off + 6, 2,
			    (uint32_t)(a[6] << 8 | a[7]));
		pk_add_bytes(pk, &hf_6to4, bv, off + 2, 4, a + 2, 4);
		pk_add_uint(pk, &hf_6to4_sla, bv, off + 6, 2, (uint32_t)(a[6] << 8 | a[7]));
	} else if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {
		uint8_t *c = arena_alloc(&pk->arena, 4);
		for (int i = 0; i < 4; i++)
			c[i] = (uint8_t)~a[12 + i];
		uint16_t port = (uint16_t)~(a[10] << 8 | a[11]);
		pk_add_bytes(pk, src ? &hf_src_ts : &hf_dst_ts, bv, off + 4, 4, a + 4, 4);
		pk_add_uint(pk, src ? &hf_src_tcp : &hf_dst_tcp, bv, off + 10, 2, port);
		pk_add_bytes(pk, src ? &hf_src_tc : &hf_dst_tc, bv, off + 12, 4, c, 4);
		pk_add_bytes(pk, &hf_ts, bv, off + 4, 4, a + 4, 4);
		pk_add_uint(pk, &hf_tcport, bv, off + 10, 2, port);
		pk_add_bytes(pk, &hf_tc, bv, off + 12, 4, c, 4);
	}
	/* Only interface ids made from a universal (factory) MAC. */
	if (a[11] == 0xff && a[12] == 0xfe && (a[8] & 0x02)) {
		uint8_t *m = arena_alloc(&pk->arena, 6);
		m[0] = a[8] ^ 0x02;
		m[1] = a[9];
		m[2] = a[10];
		m[3] = a[13];
		m[4] = a[14];
		m[5] = a[15];
		struct item *it = pk_add_bytes(pk, src ? &hf_src_slaac : &hf_dst_slaac,
					       bv, off + 8, 8, m, 6);
		if (it && pk_labels(pk)) {
			char l[96];
			eth_addr_label(m, l, sizeof(l));
			lbl_text(pk, it, "[%s: %s]", it->f->name, l);
		}
		pk_add_bytes(pk, &hf_slaac, bv, off + 8, 8, m, 6);
	}
}

/* Options of a hop-by-hop or destination options header at [off, end).
 * Returns false when a read left the view (the caller marks it). */
static bool dissect_options(struct packet *pk, struct bv *bv, uint32_t off,
			    uint32_t end, struct ip6_info *ip6)
{
	while (off < end) {
		if (!bv_has(bv, off, 1))
			return false;
		uint8_t t = bv_u8(bv, off);
		const char *name = tok_find(opt_vals, t);
		if (t == 0) {
			struct item *it = pk_add_none(pk, &hf_opt, bv, off, 1);
			lbl_text(pk, it, "Pad1");
			pk_push(pk);
			pk_add_uint(pk, &hf_opt_type, bv, off, 1, t);
			pk_push(pk);
			pk_add_bits(pk, &hf_opt_action, bv, off, 1, t);
			pk_add_bits(pk, &hf_opt_change, bv, off, 1, t);
			pk_add_bits(pk, &hf_opt_rest, bv, off, 1, t);
			pk_pop(pk);
			pk_add_none(pk, &hf_opt_pad1, bv, off, 1);
			pk_pop(pk);
			off++;
			continue;
		}
		if (!bv_has(bv, off + 1, 1)) {
			pk_add_none(pk, &hf_opt, bv, off, 1);
			return false;
		}
		uint8_t l = bv_u8(bv, off + 1);
		struct item *it = pk_add_none(pk, &hf_opt, bv, off, 2u + l);
		if (name)
			lbl_text(pk, it, "%s", name);
		else
			lbl_text(pk, it, "Unknown IPv6 Option (%u)", t);
		pk_push(pk);
		pk_add_uint(pk, &hf_opt_type, bv, off, 1, t);
		pk_push(pk);
		pk_add_bits(pk, &hf_opt_action, bv, off, 1, t);
		pk_add_bits(pk, &hf_opt_change, bv, off, 1, t);
		pk_add_bits(pk, &hf_opt_rest, bv, off, 1, t);
		pk_pop(pk);
		pk_add_uint(pk, &hf_opt_length, bv, off + 1, 1, l);
		uint32_t d = off + 2;
		/* Options with a fixed layout are read at their size whatever the
		 * length says (an invalid length is flagged); then the declared
		 * length must be present. Wireshark advances past what it read. */
		uint32_t fixed = 0;
		bool ok = true;
		switch (t) {
		case 0x05:
			if (l != 2) {
				pk_push(pk); /* under Length, as tshark */
				pk_expert(pk, &ei_opt_invalid_len, "IPv6", bv, off + 1, 1,
					  "Router alert: Invalid Length (%u bytes)", l);
				pk_pop(pk);
			}
			if (!(ok = bv_has(bv, d, 2)))
				break;
			pk_add_uint(pk, &hf_opt_ra, bv, d, 2, bv_be16(bv, d));
			fixed = 2;
			break;
		case 0x04:
			if (!(ok = bv_has(bv, d, 1)))
				break;
			pk_add_uint(pk, &hf_opt_tel, bv, d, 1, bv_u8(bv, d));
			fixed = 1;
			break;
		case 0xc2:
			if (!(ok = bv_has(bv, d, 4)))
				break;
			pk_add_uint(pk, &hf_opt_jumbo, bv, d, 4, bv_be32(bv, d));
			fixed = 4;
			break;
		case 0x30: {
			if (l != 4) {
				pk_push(pk); /* under Length, as tshark */
				pk_expert(pk, &ei_opt_invalid_len, "IPv6", bv, off + 1, 1,
					  "PMTU Option: Invalid Length (%u bytes)", l);
				pk_pop(pk);
			}
			if (!(ok = bv_has(bv, d, 4)))
				break;
			uint16_t r = bv_be16(bv, d + 2);
			pk_add_uint(pk, &hf_opt_pmtu_min, bv, d, 2, bv_be16(bv, d));
			pk_add_uint(pk, &hf_opt_pmtu_rtn, bv, d + 2, 2, r & 0xfffe);
			pk_add_bits(pk, &hf_opt_pmtu_r, bv, d + 2, 2, r);
			fixed = 4;
			break;
		}
		case 0xc9:
			if (l != 16) {
				pk_push(pk); /* under Length, as tshark */
				pk_expert(pk, &ei_opt_invalid_len, "IPv6", bv, off + 1, 1,
					  "Home Address: Invalid length (%u bytes)", l);
				pk_pop(pk);
			}
			if (!(ok = bv_has(bv, d, 16)))
				break;
			pk_add_view(pk, &hf_opt_home, bv, d, 16);
			/* Wireshark shows the home address as the source. */
			memcpy(ip6->src, bv->p + d, 16);
			pk_set_net_addrs(pk, AT_IPv6, ip6->src, ip6->dst);
			fixed = 16;
			break;
		case 0x01:
			if (!(ok = bv_has(bv, d, l)))
				break;
			pk_add_view(pk, &hf_opt_padn, bv, d, l);
			break;
		default:
			if (!(ok = bv_has(bv, d, l)))
				break;
			if (l)
				pk_add_view(pk, &hf_opt_unknown, bv, d, l);
			break;
		}
		pk_pop(pk);
		if (!ok || !bv_has(bv, d, l))
			return false;
		off = d + (fixed ? fixed : l);
	}
	return true;
}

static void fragment_items(struct packet *pk, const struct reasm_done *rd)
{
	struct bv rv = bv_make(rd->data, rd->len, rd->len);
	struct item *it = pk_add_none(pk, &hf_fragments, &rv, 0, rd->len);
	if (it && pk_labels(pk)) {
		char b[512];
		int n = snprintf(b, sizeof(b), "%u IPv6 Fragments (%u bytes): ",
				 rd->nfrags, rd->len);
		for (uint32_t i = 0; i < rd->nfrags && n > 0 && (size_t)n < sizeof(b); i++)
			n += snprintf(b + n, sizeof(b) - (size_t)n, "%s#%llu(%u)",
				      i ? ", " : "",
				      (unsigned long long)rd->frags[i].frame,
				      rd->frags[i].len);
		lbl_text(pk, it, "%s", b);
	}
	pk_push(pk);
	for (uint32_t i = 0; i < rd->nfrags; i++) {
		const struct reasm_frag *f = &rd->frags[i];
		struct item *fi = pk_add_uint(pk, &hf_fragment, &rv, f->off, f->len, f->frame);
		lbl_text(pk, fi, "Frame: %llu, payload: %u-%u (%u bytes)",
			     (unsigned long long)f->frame, f->off,
			     f->off + f->len - (f->len ? 1 : 0), f->len);
	}
	pk_add_uint(pk, &hf_fragment_count, &rv, 0, 0, rd->nfrags);
	pk_add_uint(pk, &hf_reassembled_length, &rv, 0, 0, rd->len);
	pk_add_bytes(pk, &hf_reassembled_data, &rv, 0, rd->len, rd->data, rd->len);
	pk_pop(pk);
}

/* Walks the extension header chain from nxt on, over the payload view pl.
 * Returns when an upper-layer protocol (or nothing) is reached. Called with
 * the IPv6 layer still open: hop-by-hop, destination options, routing and
 * fragment headers (and the reassembly summary) are children of the IPv6
 * tree, as in tshark; the tree goes back to `outer`, the depth of the IPv6
 * protocol item, before whatever follows (AH, MIPv6, the upper layer, data).
 * The caller restores that depth on return. */
static void ext_chain(struct packet *pk, struct bv *pl, uint8_t nxt,
		      struct ip6_info *ip6, bool in_error, uint16_t outer)
{
	uint32_t off = 0;
	for (;;) {
		struct bv v = bv_tail(pl, off);
		switch (nxt) {
		case IPPROTO_HOPOPTS_:
		case IPPROTO_DSTOPTS_: {
			bool hop = nxt == IPPROTO_HOPOPTS_;
			const char *proto = hop ? "IPv6 Hop-by-Hop" : "IPv6 Destination";
			col_info_set(pk, hop ? "IPv6 hop-by-hop options" : "IPv6 destination options");
			uint8_t n = bv_u8(&v, 0), l = bv_u8(&v, 1);
			uint32_t hl = (l + 1u) * 8;
			pk_layer_begin(pk, hop ? "ipv6.hopopts" : "ipv6.dstopts",
				       hop ? &hf_hopopts : &hf_dstopts, &v, 0, hl);
			if (!bv_has(&v, 0, 2)) {
				pk_layer_end(pk);
				short_mark(pk, &v, proto);
				return;
			}
			pk_add_uint(pk, hop ? &hf_hopopts_nxt : &hf_dstopts_nxt, &v, 0, 1, n);
			pk_add_uint(pk, hop ? &hf_hopopts_len : &hf_dstopts_len, &v, 1, 1, l);
			struct item *lo = pk_add_uint(pk, hop ? &hf_hopopts_len_oct : &hf_dstopts_len_oct, &v, 1, 1, hl);
			lbl_text(pk, lo, "Length: %u bytes", hl);
			bool ok = dissect_options(pk, &v, 2, hl, ip6);
			pk_layer_end(pk);
			if (!ok || !bv_has(&v, 0, hl)) {
				short_mark(pk, &v, proto);
				return;
			}
			off += hl;
			nxt = n;
			break;
		}
		case IPPROTO_ROUTING_: {
			uint8_t n = bv_u8(&v, 0), l = bv_u8(&v, 1);
			uint8_t type = bv_u8(&v, 2), segleft = bv_u8(&v, 3);
			uint32_t hl = (l + 1u) * 8;
			col_info_set(pk, "IPv6 routing");
			struct item *top = pk_layer_begin(pk, "ipv6.routing", &hf_routing, &v, 0, hl);
			if (!bv_has(&v, 0, 4)) {
				pk_layer_end(pk);
				short_mark(pk, &v, "IPv6 Routing");
				return;
			}
			lbl_text(pk, top, "Routing Header for IPv6 (%s)",
				     tok_str(routing_type_vals, type, "Unknown"));
			pk_add_uint(pk, &hf_routing_nxt, &v, 0, 1, n);
			pk_add_uint(pk, &hf_routing_len, &v, 1, 1, l);
			struct item *lo = pk_add_uint(pk, &hf_routing_len_oct, &v, 1, 1, hl);
			lbl_text(pk, lo, "Length: %u bytes", hl);
			pk_add_uint(pk, &hf_routing_type, &v, 2, 1, type);
			if (type == 0) {
				pk_push(pk);
				pk_expert(pk, &ei_routing_deprecated, "IPv6", &v, 2, 1, NULL);
				pk_pop(pk);
			}
			pk_add_uint(pk, &hf_routing_segleft, &v, 3, 1, segleft);
			bool ok = bv_has(&v, 0, hl);
			if (type == 0 && ok) {
				pk_add_view(pk, &hf_routing_src_reserved, &v, 4, 4);
				uint32_t naddr = (hl - 8) / 16;
				for (uint32_t i = 0; i < naddr; i++) {
					struct item *ai = pk_add_view(pk, &hf_routing_src_addr, &v, 8 + 16 * i, 16);
					if (ai && pk_labels(pk)) {
						char s[48];
						fmt_ipv6(s, v.p + 8 + 16 * i);
						lbl_text(pk, ai, "Address[%u]: %s", i + 1, s);
					}
				}
				if (naddr && segleft) {
					/* The Destination column shows the final hop. */
					memcpy(ip6->final_dst, v.p + 8 + 16 * (naddr - 1), 16);
					pk_set_net_addrs(pk, AT_IPv6, ip6->src, ip6->final_dst);
				}
			} else if (type == 2 && ok && hl >= 24) {
				pk_add_view(pk, &hf_routing_mipv6_reserved, &v, 4, 4);
				pk_add_view(pk, &hf_routing_mipv6_home, &v, 8, 16);
				if (segleft) {
					/* tshark's Destination column (and the
					 * pseudo-header) show the home address */
					memcpy(ip6->final_dst, v.p + 8, 16);
					pk_set_net_addrs(pk, AT_IPv6, ip6->src, ip6->final_dst);
				}
			} else if (ok && hl > 4) {
				pk_add_view(pk, &hf_routing_unknown, &v, 4, hl - 4);
			}
			pk_layer_end(pk);
			if (!ok) {
				short_mark(pk, &v, "IPv6 Routing");
				return;
			}
			off += hl;
			nxt = n;
			break;
		}
		case IPPROTO_FRAGMENT_: {
			uint8_t n = bv_u8(&v, 0);
			pk_layer_begin(pk, "ipv6.fraghdr", &hf_fraghdr, &v, 0, 8);
			if (!bv_has(&v, 0, 8)) {
				pk_layer_end(pk);
				short_mark(pk, &v, "IPv6 Fragment");
				return;
			}
			uint16_t offm = bv_be16(&v, 2);
			uint32_t ident = bv_be32(&v, 4);
			uint32_t foff = offm & 0xfff8u;
			bool more = offm & 1;
			pk_add_uint(pk, &hf_frag_nxt, &v, 0, 1, n);
			pk_add_uint(pk, &hf_frag_reserved_octet, &v, 1, 1, bv_u8(&v, 1));
			struct item *oi = pk_add_bits(pk, &hf_frag_offset, &v, 2, 2, offm);
			lbl_text(pk, oi, "Offset: %u (%u bytes)", foff >> 3, foff);
			pk_add_bits(pk, &hf_frag_reserved_bits, &v, 2, 2, offm);
			pk_add_bits(pk, &hf_frag_more, &v, 2, 2, offm);
			pk_add_uint(pk, &hf_frag_ident, &v, 4, 4, ident);
			pk_layer_end(pk);
			ip6->fragment = true;
			off += 8;
			struct bv fp = bv_tail(pl, off);
			if (foff == 0 && !more) {
				/* An atomic fragment: the payload is whole. */
				nxt = n;
				break;
			}
			struct reasm_done rd;
			if (!in_error && fp.len == fp.rlen &&
			    reasm_add(pk, 6, ip6->src, ip6->dst, ident, n, foff,
				      fp.p, fp.len, more, &rd)) {
				fragment_items(pk, &rd);
				pk->depth = outer;
				struct bv rv = bv_make(rd.data, rd.len, rd.len);
				ip6->proto = n;
				pk->ipproto = n;
				col_info_set(pk, "");
				if (dissect_table(pk, DT_IP_PROTO, n, &rv, ip6) < 0)
					dissect_data(pk, &rv);
				return;
			}
			col_info_printf(pk, "IPv6 fragment (off=%u more=%c ident=0x%08x nxt=%u)",
					foff, more ? 'y' : 'n', ident, n);
			pk->depth = outer;
			dissect_data(pk, &fp);
			return;
		}
		case IPPROTO_AH_: {
			uint8_t n = bv_u8(&v, 0), l = bv_u8(&v, 1);
			uint32_t hl = (l + 2u) * 4;
			col_set_proto(pk, "AH");
			pk->depth = outer;
			pk_layer_begin(pk, "ah", &hf_ah, &v, 0, hl);
			if (!bv_has(&v, 0, 12) || !bv_has(&v, 0, hl) || hl < 12) {
				pk_layer_end(pk);
				short_mark(pk, &v, "AH");
				return;
			}
			uint32_t spi = bv_be32(&v, 4);
			pk_add_uint(pk, &hf_ah_nxt, &v, 0, 1, n);
			pk_add_uint(pk, &hf_ah_length, &v, 1, 1, l);
			pk_add_view(pk, &hf_ah_reserved, &v, 2, 2);
			pk_add_uint(pk, &hf_ah_spi, &v, 4, 4, spi);
			pk_add_uint(pk, &hf_ah_seq, &v, 8, 4, bv_be32(&v, 8));
			if (hl > 12)
				pk_add_view(pk, &hf_ah_icv, &v, 12, hl - 12);
			pk_layer_end(pk);
			col_info_printf(pk, "AH (SPI=0x%08x)", spi);
			off += hl;
			nxt = n;
			break;
		}
		case IPPROTO_MH_: {
			uint8_t pr = bv_u8(&v, 0), l = bv_u8(&v, 1), t = bv_u8(&v, 2);
			uint32_t hl = (l + 1u) * 8;
			col_set_proto(pk, "MIPv6");
			col_info_set(pk, tok_str(mh_type_vals, t, "Unknown MH Type"));
			pk->depth = outer;
			pk_layer_begin(pk, "mipv6", &hf_mip6, &v, 0, hl);
			if (!bv_has(&v, 0, 6)) {
				pk_layer_end(pk);
				short_mark(pk, &v, "MIPv6");
				return;
			}
			pk_add_uint(pk, &hf_mip6_proto, &v, 0, 1, pr);
			pk_add_uint(pk, &hf_mip6_hlen, &v, 1, 1, l);
			pk_add_uint(pk, &hf_mip6_mhtype, &v, 2, 1, t);
			pk_add_uint(pk, &hf_mip6_reserved, &v, 3, 1, bv_u8(&v, 3));
			pk_add_uint(pk, &hf_mip6_csum, &v, 4, 2, bv_be16(&v, 4));
			pk_layer_end(pk);
			struct bv rest = bv_sub(&v, 6, hl > 6 ? hl - 6 : 0);
			dissect_data(pk, &rest);
			return;
		}
		case IPPROTO_NONE_:
			pk->depth = outer;
			if (v.len)
				dissect_data(pk, &v);
			return;
		default:
			ip6->proto = nxt;
			pk->ipproto = nxt;
			pk->depth = outer;
			if (dissect_table(pk, DT_IP_PROTO, nxt, &v, ip6) < 0) {
				col_info_printf(pk, "%s (%u)", tok_str(ipproto_vals, nxt, "Unknown"), nxt);
				dissect_data(pk, &v);
			}
			return;
		}
	}
}

static int dissect_ipv6(struct packet *pk, struct bv *bv, void *data)
{
	bool in_error = data == &ip_in_error_pkt;
	col_set_proto(pk, "IPv6");
	struct item *top = pk_layer_begin(pk, "ipv6", &hf_ipv6, bv, 0, 40);
	if (!bv_has(bv, 0, 1)) {
		pk_layer_end(pk);
		short_mark(pk, bv, "IPv6");
		return (int)bv->len;
	}
	uint8_t v0 = bv_u8(bv, 0);
	pk_add_bits(pk, &hf_version, bv, 0, 1, v0);
	pk_add_bits(pk, &hf_ip_version, bv, 0, 1, v0);
	if ((v0 >> 4) != 6) {
		pk_expert(pk, &ei_bogus_version, "IPv6", bv, 0, 1,
			  "Bogus IP version (%u)", v0 >> 4);
		col_info_printf(pk, "Bogus IPv6 version (%u, must be 6)", v0 >> 4);
		pk_layer_end(pk);
		return (int)bv->len;
	}
	if (!bv_has(bv, 0, 40)) {
		/* Whole 32-bit and 16-bit fields that fit, then the mark. */
		if (bv_has(bv, 0, 4)) {
			uint32_t w = bv_be32(bv, 0);
			pk_add_bits(pk, &hf_tclass, bv, 0, 4, w);
			pk_add_bits(pk, &hf_flow, bv, 1, 3, w);
		}
		if (bv_has(bv, 4, 2)) pk_add_uint(pk, &hf_plen, bv, 4, 2, bv_be16(bv, 4));
		if (bv_has(bv, 6, 1)) pk_add_uint(pk, &hf_nxt, bv, 6, 1, bv_u8(bv, 6));
		if (bv_has(bv, 7, 1)) pk_add_uint(pk, &hf_hlim, bv, 7, 1, bv_u8(bv, 7));
		if (bv_has(bv, 8, 16)) pk_add_view(pk, &hf_src, bv, 8, 16);
		pk_layer_end(pk);
		short_mark(pk, bv, "IPv6");
		return (int)bv->len;
	}
	uint32_t w = bv_be32(bv, 0);
	struct ip6_info *ip6 = arena_alloc(&pk->arena, sizeof(*ip6));
	memset(ip6, 0, sizeof(*ip6));
	ip6->tclass = (uint8_t)(w >> 20);
	ip6->flow = w & 0xfffff;
	ip6->plen = bv_be16(bv, 4);
	ip6->nxt = bv_u8(bv, 6);
	ip6->hlim = bv_u8(bv, 7);
	memcpy(ip6->src, bv->p + 8, 16);
	memcpy(ip6->dst, bv->p + 24, 16);
	memcpy(ip6->final_dst, ip6->dst, 16);
	pk->ip6 = ip6;
	pk_set_net_addrs(pk, AT_IPv6, ip6->src, ip6->dst);
	if (top && pk_labels(pk)) {
		char s[48], d[48];
		fmt_ipv6(s, ip6->src);
		fmt_ipv6(d, ip6->dst);
		lbl_text(pk, top, "Internet Protocol Version 6, Src: %s, Dst: %s", s, d);
	}
	struct item *it = pk_add_bits(pk, &hf_tclass, bv, 0, 4, w);
	lbl_text(pk, it, "Traffic Class: 0x%02x (DSCP: %s, ECN: %s)", ip6->tclass,
		     tok_str(dscp_abbr, ip6->tclass >> 2, "Unknown"),
		     tok_str(ecn_abbr, ip6->tclass & 3, "Unknown"));
	pk_push(pk);
	pk_add_bits(pk, &hf_dscp, bv, 0, 4, w);
	pk_add_bits(pk, &hf_ecn, bv, 0, 4, w);
	pk_pop(pk);
	it = pk_add_bits(pk, &hf_flow, bv, 1, 3, w);
	lbl_text(pk, it, "Flow Label: 0x%05x", ip6->flow);
	pk_add_uint(pk, &hf_plen, bv, 4, 2, ip6->plen);
	/* The payload is plen bytes; 0 with a jumbo option or TSO uses what
	 * the frame holds. The expert infos annotate Payload Length; tshark
	 * has none for an empty packet (No Next Header). */
	uint32_t plen = ip6->plen;
	uint32_t rep = bv_reported_remaining(bv, 40);
	pk_push(pk);
	if (plen == 0 && ip6->nxt != IPPROTO_HOPOPTS_) {
		if (!in_error && ip6->nxt != IPPROTO_NONE_)
			pk_expert(pk, &ei_plen_zero, "IPv6", bv, 4, 2, NULL);
		plen = rep;
	} else if (plen > rep && !in_error) {
		pk_expert(pk, &ei_plen_exceeds, "IPv6", bv, 4, 2,
			  "IPv6 payload length exceeds framing length (%u bytes)", rep);
	}
	pk_pop(pk);
	pk_add_uint(pk, &hf_nxt, bv, 6, 1, ip6->nxt);
	pk_add_uint(pk, &hf_hlim, bv, 7, 1, ip6->hlim);
	pk_add_view(pk, &hf_src, bv, 8, 16);
	pk_add_view(pk, &hf_addr, bv, 8, 16);
	add_host(pk, bv, 8, &hf_src_host);
	pk_add_view(pk, &hf_dst, bv, 24, 16);
	pk_add_view(pk, &hf_addr, bv, 24, 16);
	add_host(pk, bv, 24, &hf_dst_host);
	addr_derived(pk, bv, 8, true);
	addr_derived(pk, bv, 24, false);

	struct bv pl = bv_sub(bv, 40, plen);
	uint16_t outer = (uint16_t)(pk->depth - 1);
	ext_chain(pk, &pl, ip6->nxt, ip6, in_error, outer);
	pk->depth = outer;
	return (int)(40 + (plen < rep ? plen : rep));
}

static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_IPv6 },
	{ DT_IP_PROTO, IPPROTO_IPV6_ },
	{ DT_LINKTYPE, LINKTYPE_IPV6 },
	{ DT_PPP_PROTO, 0x0057 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_ipv6 = {
	.name = "ipv6",
	.long_name = "Internet Protocol Version 6",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_ipv6,
};
