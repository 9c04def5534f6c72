/* ip.c — Internet Protocol version 4 (RFC 791): header, options, flags and
 * fragment offset, header checksum (verified with ip.check_checksum, off by
 * default as in tshark; this file also holds the RFC 1071 sum TCP, UDP,
 * ICMP and ICMPv6 use),
 * fragment reassembly (ip.defragment, on in tshark 4.0; see reasm.h).
 * Payload goes to the ip.proto table; the dissector consumes ip.len bytes so
 * the link layer can show a trailer. */
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "../engine/prefs.h"
#include "../engine/tap.h"
#include "ethertype.h"
#include "ip.h"
#include "reasm.h"
#include "../io/source.h"

#include <stdio.h>
#include <string.h>

const struct tok ipproto_vals[] = {
	{ 0, "IPv6 Hop-by-Hop Option" }, { 1, "ICMP" }, { 2, "IGMP" },
	{ 4, "IPIP" }, { 6, "TCP" }, { 17, "UDP" }, { 41, "IPv6" },
	{ 43, "Routing Header for IPv6" }, { 44, "Fragment Header for IPv6" },
	{ 47, "Generic Routing Encapsulation" }, { 50, "Encap Security Payload" },
	{ 51, "Authentication Header" }, { 58, "ICMPv6" }, { 59, "No Next Header for IPv6" },
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

static const struct tok dscp_abbr[] = {
	{ 0, "CS0" }, { 8, "CS1" }, { 10, "AF11" }, { 12, "AF12" }, { 14, "AF13" },
	{ 16, "CS2" }, { 18, "AF21" }, { 20, "AF22" }, { 22, "AF23" },
	{ 24, "CS3" }, { 26, "AF31" }, { 28, "AF32" }, { 30, "AF33" },
	{ 32, "CS4" }, { 34, "AF41" }, { 36, "AF42" }, { 38, "AF43" },
	{ 40, "CS5" }, { 44, "VA" }, { 46, "EF PHB" }, { 48, "CS6" }, { 56, "CS7" },
	{ 1, "LE" }, { 0, NULL },
};
static const struct tok ecn_abbr[] = {
	{ 0, "Not-ECT" }, { 1, "ECT(1)" }, { 2, "ECT(0)" }, { 3, "CE" }, { 0, NULL },
};

static struct field hf_ip = { "ip", "Internet Protocol Version 4", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_version = { "ip.version", "Version", FT_UINT8, BASE_DEC, 0, 0xf0, NULL, 0, false, NULL };
static struct field hf_hdr_len = { "ip.hdr_len", "Header Length", FT_UINT8, BASE_DEC, 0, 0, NULL, 0, false, NULL };
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
static struct field hf_checksum_calc = { "ip.checksum_calculated", "Calculated Checksum", FT_UINT16, BASE_HEX, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_src = { "ip.src", "Source Address", FT_IPv4, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst = { "ip.dst", "Destination Address", FT_IPv4, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_addr = { "ip.addr", "Source or Destination Address", FT_IPv4, BASE_NONE, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_src_host = { "ip.src_host", "Source Host", FT_STRING, BASE_NONE, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_dst_host = { "ip.dst_host", "Destination Host", FT_STRING, BASE_NONE, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_host = { "ip.host", "Source or Destination Host", FT_STRING, BASE_NONE, FF_HIDDEN, 0, NULL, 0, false, NULL };
static const struct tok yes_no[] = { { 0, "No" }, { 1, "Yes" }, { 0, NULL } };
static const struct tok opt_class_vals[] = {
	{ 0, "Control" }, { 1, "Reserved for future use" },
	{ 2, "Debugging and measurement" }, { 3, "Reserved for future use" },
	{ 0, NULL },
};
/* The option number (low 5 bits of the type), Wireshark's names. */
static const struct tok opt_number_vals[] = {
	{ 0, "End of Option List (EOL)" }, { 1, "No-Operation (NOP)" },
	{ 2, "Security" }, { 3, "Loose source route" }, { 4, "Time stamp" },
	{ 5, "Extended security" }, { 6, "Commercial IP security option" },
	{ 7, "Record route" }, { 8, "Stream identifier" },
	{ 9, "Strict source route" }, { 10, "Experimental Measurement" },
	{ 11, "MTU probe" }, { 12, "MTU Reply" },
	{ 13, "Experimental Flow Control" }, { 14, "Experimental Access Control" },
	{ 15, "Ask Estrin" }, { 16, "IMI Traffic Descriptor" },
	{ 17, "Extended Internet Protocol" }, { 18, "Traceroute" },
	{ 19, "Address Extension" }, { 20, "Router Alert" },
	{ 21, "Selective Directed Broadcast" }, { 22, "Unassigned" },
	{ 23, "Dynamic Packet State" }, { 24, "Upstream Multicast Packet" },
	{ 25, "Quick-Start" }, { 30, "RFC 3692-style experiment" }, { 0, NULL },
};
static const struct tok ra_vals[] = { { 0, "Router shall examine packet" }, { 0, NULL } };
static struct field hf_opt_type = { "ip.opt.type", "Type", FT_UINT8, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_opt_copy = { "ip.opt.type.copy", "Copy on fragmentation", FT_BOOLEAN, BASE_BOOL_8, 0, 0x80, yes_no, 0, false, NULL };
static struct field hf_opt_class = { "ip.opt.type.class", "Class", FT_UINT8, BASE_DEC, 0, 0x60, opt_class_vals, 0, false, NULL };
static struct field hf_opt_number = { "ip.opt.type.number", "Number", FT_UINT8, BASE_DEC, 0, 0x1f, opt_number_vals, 0, false, NULL };
static struct field hf_opt_ra = { "ip.opt.ra", "Router Alert", FT_UINT16, BASE_DEC, 0, 0, ra_vals, 0, false, NULL };
static struct field hf_opt_len = { "ip.opt.len", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_fragments = { "ip.fragments", "IPv4 Fragments", FT_BYTES, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_fragment = { "ip.fragment", "IPv4 Fragment", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_fragment_count = { "ip.fragment.count", "Fragment count", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_reassembled_in = { "ip.reassembled_in", "Reassembled IPv4 in frame", FT_FRAMENUM, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_reassembled_length = { "ip.reassembled.length", "Reassembled IPv4 length", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_reassembled_data = { "ip.reassembled.data", "Reassembled IPv4 data", FT_BYTES, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };

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
static struct expert_field ei_ttl_too_small = {
	{ "ip.ttl.too_small", "Time To Live too small", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_SEQUENCE, PI_NOTE,
};
static struct expert_field ei_checksum_bad = {
	{ "ip.checksum_bad.expert", "Bad checksum", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_CHECKSUM, PI_ERROR,
};
static struct expert_field ei_ttl_lncb = {
	{ "ip.ttl.lncb", "Time To Live != 255 for a packet sent to the Local Network Control Block (see RFC 3171)", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_SEQUENCE, PI_NOTE,
};

static struct field *const fields[] = {
	&hf_ip, &hf_version, &hf_hdr_len, &hf_dsfield, &hf_dscp, &hf_ecn,
	&hf_len, &hf_id, &hf_flags, &hf_flags_rb, &hf_flags_df, &hf_flags_mf,
	&hf_frag_offset, &hf_ttl, &hf_proto, &hf_checksum, &hf_checksum_status,
	&hf_checksum_calc, &hf_src, &hf_addr, &hf_src_host, &hf_host, &hf_dst, &hf_dst_host,
	&hf_opt_type, &hf_opt_copy, &hf_opt_class, &hf_opt_number, &hf_opt_len,
	&hf_opt_ra, &hf_fragments, &hf_fragment,
	&hf_fragment_count, &hf_reassembled_in, &hf_reassembled_length,
	&hf_reassembled_data, NULL,
};
static struct expert_field *const experts[] = {
	&ei_bad_hdr_len, &ei_bad_len, &ei_bad_version, &ei_ttl_too_small,
	&ei_ttl_lncb, &ei_checksum_bad, NULL,
};

const int ip_in_error_pkt = 1;

/* ip.check_checksum (tshark's default: FALSE). */
static bool check_checksum;

/* The header checksum item, status and calculated value. Returns true
 * when the checksum was verified and is wrong. tshark verifies only a
 * header captured whole (also one quoted in an ICMP error). */
static bool header_checksum(struct packet *pk, struct bv *bv, uint32_t hlen,
			    uint16_t ck)
{
	struct item *ci = pk_add_uint(pk, &hf_checksum, bv, 10, 2, ck);
	if (!check_checksum || !bv_has(bv, 0, hlen)) {
		lbl_text(pk, ci, "Header Checksum: 0x%04x [validation disabled]", ck);
		pk_add_uint(pk, &hf_checksum_status, bv, 10, 0, CKSUM_UNVERIFIED);
		return false;
	}
	uint16_t sum = ip_cksum_sum(bv->p, hlen);
	uint16_t calc = ip_cksum_shouldbe(ck, sum);
	bool good = sum == 0xffff;
	if (good) {
		lbl_text(pk, ci, "Header Checksum: 0x%04x [correct]", ck);
	} else {
		lbl_text(pk, ci, "Header Checksum: 0x%04x incorrect, should be 0x%04x(may be caused by \"IP checksum offload\"?)",
			 ck, calc);
		pk_push(pk);
		ip_cksum_expert(pk, &ei_checksum_bad, "IPv4", bv, 10, 2, calc);
		pk_pop(pk);
	}
	pk_add_uint(pk, &hf_checksum_status, bv, 10, 0, good ? CKSUM_GOOD : CKSUM_BAD);
	pk_add_uint(pk, &hf_checksum_calc, bv, 10, 2, calc);
	return !good;
}

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

/* Type byte of an option and its copy/class/number bits. */
static void opt_type(struct packet *pk, struct bv *bv, uint32_t off, uint8_t t)
{
	pk_add_uint(pk, &hf_opt_type, bv, off, 1, t);
	pk_push(pk);
	pk_add_bits(pk, &hf_opt_copy, bv, off, 1, t);
	pk_add_bits(pk, &hf_opt_class, bv, off, 1, t);
	pk_add_bits(pk, &hf_opt_number, bv, off, 1, t);
	pk_pop(pk);
}

/* Options in [20, hlen), in tshark's layout: "Options: (N bytes), A, B"
 * over one "IP Option - A (n bytes)" subtree per option holding its Type
 * (copy/class/number bits), Length and, for Router Alert, the value. */
static void dissect_options(struct packet *pk, struct bv *bv, uint32_t hlen)
{
	if (pk->tree) {
		/* The summary line lists the names: a first pass over them. */
		char names[256];
		size_t n = 0;
		names[0] = '\0';
		for (uint32_t o = 20; o < hlen && bv_has(bv, o, 1);) {
			uint8_t t = bv_u8(bv, o);
			const char *nm = tok_str(opt_vals, t, "Unknown");
			size_t k = strlen(nm);
			if (n + k + 3 < sizeof(names)) {
				memcpy(names + n, ", ", 2);
				memcpy(names + n + 2, nm, k + 1);
				n += k + 2;
			}
			if (t == 0)
				break;
			if (t == 1) {
				o++;
				continue;
			}
			uint8_t l = bv_has(bv, o + 1, 1) ? bv_u8(bv, o + 1) : 0;
			if (l < 2)
				break;
			o += l;
		}
		pk_add_text(pk, bv, 20, hlen - 20, "Options: (%u bytes)%s", hlen - 20, names);
	}
	pk_push(pk);
	uint32_t off = 20;
	while (off < hlen && bv_has(bv, off, 1)) {
		uint8_t t = bv_u8(bv, off);
		if (t == 0 || t == 1) {
			pk_add_text(pk, bv, off, 1, "IP Option - %s", tok_str(opt_vals, t, "Unknown"));
			pk_push(pk);
			opt_type(pk, bv, off, t);
			pk_pop(pk);
			off++;
			if (t == 0)
				break;
			continue;
		}
		uint8_t l = bv_has(bv, off + 1, 1) ? bv_u8(bv, off + 1) : 0;
		if (t == 148 && l == 4 && bv_has(bv, off + 2, 2)) {
			uint16_t ra = bv_be16(bv, off + 2);
			pk_add_text(pk, bv, off, l, "IP Option - Router Alert (%u bytes): %s (%u)",
				    l, tok_str(ra_vals, ra, "Unknown"), ra);
			pk_push(pk);
			opt_type(pk, bv, off, t);
			pk_add_uint(pk, &hf_opt_len, bv, off + 1, 1, l);
			pk_add_uint(pk, &hf_opt_ra, bv, off + 2, 2, ra);
			pk_pop(pk);
		} else {
			pk_add_text(pk, bv, off, l, "IP Option - %s (%u bytes)",
				    tok_str(opt_vals, t, "Unknown"), l);
			pk_push(pk);
			opt_type(pk, bv, off, t);
			pk_add_uint(pk, &hf_opt_len, bv, off + 1, 1, l);
			pk_pop(pk);
		}
		if (l < 2)
			break;
		off += l;
	}
	pk_pop(pk);
}

/* Stops the header early: Wireshark shows the fields it could fetch, then
 * "[Packet size limited during capture]" (or malformed when the packet was
 * short on the wire too). */
static int ip_cut(struct packet *pk, struct bv *bv)
{
	pk_layer_end(pk);
	if (bv->rlen < bv->len || bv_reported_remaining(bv, 0) <= bv->len)
		pk_malformed(pk, "IPv4", bv, bv->len);
	else
		pk_truncated(pk, "IPv4", bv);
	return (int)bv->len;
}

static void fragment_items(struct packet *pk, const struct reasm_done *rd)
{
	struct bv rv = bv_make(rd->data, rd->len, rd->len);
	struct item *it = pk_add_bytes(pk, &hf_fragments, &rv, 0, rd->len,
				       rd->data, rd->len);
	if (it && pk_labels(pk)) {
		char b[512];
		int n = snprintf(b, sizeof(b), "%u IPv4 Fragments (%u bytes): ",
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

static int dissect_ip(struct packet *pk, struct bv *bv, void *data)
{
	bool in_error = data == &ip_in_error_pkt;
	uint8_t vhl = bv_u8(bv, 0);
	uint32_t hlen = (uint32_t)(vhl & 0x0f) * 4;
	col_set_proto(pk, "IPv4");
	struct item *top = pk_layer_begin(pk, "ip", &hf_ip, bv, 0,
					  hlen < bv->len ? hlen : bv->len);
	if (!bv_has(bv, 0, 1))
		return ip_cut(pk, bv);
	pk_add_bits(pk, &hf_version, bv, 0, 1, vhl);
	if ((vhl >> 4) != 4) {
		pk_expert(pk, &ei_bad_version, "IPv4", bv, 0, 1,
			  "Bogus IP version (%u, must be 4)", vhl >> 4);
		col_info_printf(pk, "Bogus IPv4 version (%u, must be 4)", vhl >> 4);
		pk_layer_end(pk);
		return (int)bv->len;
	}
	struct item *hl = pk_add_uint(pk, &hf_hdr_len, bv, 0, 1, hlen);
	lbl_text(pk, hl, ".... %u%u%u%u = Header Length: %u bytes (%u)",
		     (vhl >> 3) & 1, (vhl >> 2) & 1, (vhl >> 1) & 1, vhl & 1,
		     hlen, vhl & 0x0f);
	if (hlen < 20) {
		pk_expert(pk, &ei_bad_hdr_len, "IPv4", bv, 0, 1,
			  "Bogus IP header length (%u, must be at least 20)", hlen);
		col_info_printf(pk, "Bogus IP header length (%u, must be at least 20)", hlen);
		pk_layer_end(pk);
		return (int)bv->len;
	}
	/* Fields one by one, so a short capture shows what it holds. */
	if (!bv_has(bv, 1, 1))
		return ip_cut(pk, bv);
	uint8_t ds = bv_u8(bv, 1);
	struct item *dsi = pk_add_uint(pk, &hf_dsfield, bv, 1, 1, ds);
	lbl_text(pk, dsi, "Differentiated Services Field: 0x%02x (DSCP: %s, ECN: %s)",
		     ds, tok_str(dscp_abbr, ds >> 2, "Unknown"),
		     tok_str(ecn_abbr, ds & 3, "Unknown"));
	pk_push(pk);
	pk_add_bits(pk, &hf_dscp, bv, 1, 1, ds);
	pk_add_bits(pk, &hf_ecn, bv, 1, 1, ds);
	pk_pop(pk);
	if (!bv_has(bv, 2, 2))
		return ip_cut(pk, bv);
	uint16_t len = bv_be16(bv, 2);
	pk_add_uint(pk, &hf_len, bv, 2, 2, len);
	if (!bv_has(bv, 4, 2))
		return ip_cut(pk, bv);
	uint16_t id = bv_be16(bv, 4);
	pk_add_uint(pk, &hf_id, bv, 4, 2, id);
	if (!bv_has(bv, 6, 2))
		return ip_cut(pk, bv);
	uint16_t ff = bv_be16(bv, 6);
	struct item *fl = pk_add_bits(pk, &hf_flags, bv, 6, 1, ff >> 8);
	/* The bits ("010. .... = ") come from the field's mask. */
	lbl_text(pk, fl, "Flags: 0x%x%s%s%s", (unsigned)(ff >> 13),
		 (ff & 0x8000) ? ", Reserved bit" : "",
		 (ff & 0x4000) ? ", Don't fragment" : "",
		 (ff & 0x2000) ? ", More fragments" : "");
	pk_push(pk);
	pk_add_bits(pk, &hf_flags_rb, bv, 6, 1, ff >> 8);
	pk_add_bits(pk, &hf_flags_df, bv, 6, 1, ff >> 8);
	pk_add_bits(pk, &hf_flags_mf, bv, 6, 1, ff >> 8);
	pk_pop(pk);
	struct item *fo = pk_add_bits(pk, &hf_frag_offset, bv, 6, 2, ff);
	/* The value is in 8-byte units (as -T fields prints it); -V shows
	 * bytes after the field's bits. */
	lbl_text(pk, fo, "Fragment Offset: %u", (ff & 0x1fff) * 8u);
	if (!bv_has(bv, 8, 1))
		return ip_cut(pk, bv);
	uint8_t ttl = bv_u8(bv, 8);
	pk_add_uint(pk, &hf_ttl, bv, 8, 1, ttl);
	if (!in_error && bv_has(bv, 9, 1) && bv_has(bv, 16, 4)) {
		/* tshark 4.0's TTL notes, under the TTL item: a datagram to
		 * the Local Network Control Block (224.0.0.0/24) should have
		 * TTL 255 (RFC 3171; IGMP and PIM excepted), a unicast one
		 * arriving with less than 5 is noted too. */
		uint8_t p9 = bv_u8(bv, 9), d0 = bv_u8(bv, 16);
		bool lncb = d0 == 224 && bv_u8(bv, 17) == 0 && bv_u8(bv, 18) == 0;
		pk_push(pk);
		if (lncb && ttl != 255 && p9 != 2 && p9 != 103)
			pk_expert(pk, &ei_ttl_lncb, "IPv4", bv, 8, 1,
				  "\"Time To Live\" != 255 for a packet sent to the Local Network Control Block (see RFC 3171)");
		else if ((d0 & 0xf0) != 0xe0 && ttl < 5 && p9 != 103)
			pk_expert(pk, &ei_ttl_too_small, "IPv4", bv, 8, 1,
				  "\"Time To Live\" only %u", ttl);
		pk_pop(pk);
	}
	if (!bv_has(bv, 9, 1))
		return ip_cut(pk, bv);
	uint8_t proto = bv_u8(bv, 9);
	pk_add_uint(pk, &hf_proto, bv, 9, 1, proto);
	if (!bv_has(bv, 10, 2))
		return ip_cut(pk, bv);
	uint16_t ck = bv_be16(bv, 10);
	bool bad_sum = header_checksum(pk, bv, hlen, ck);
	if (!bv_has(bv, 12, 4))
		return ip_cut(pk, bv);
	add_addr(pk, bv, 12, &hf_src, &hf_src_host);
	if (!bv_has(bv, 16, 4))
		return ip_cut(pk, bv);
	add_addr(pk, bv, 16, &hf_dst, &hf_dst_host);

	struct ip4_info *ip = arena_alloc(&pk->arena, sizeof(*ip));
	ip->version = 4;
	ip->hdr_len = (uint8_t)hlen;
	ip->dsfield = ds;
	ip->len = len;
	ip->id = id;
	ip->flags = (uint8_t)(ff >> 13);
	ip->frag_off = (uint16_t)((ff & 0x1fff) * 8);
	ip->ttl = ttl;
	ip->proto = proto;
	ip->checksum = ck;
	memcpy(ip->src, bv->p + 12, 4);
	memcpy(ip->dst, bv->p + 16, 4);
	ip->partial = false;
	pk->ip4 = ip;
	pk->ipproto = proto;
	pk_set_net_addrs(pk, AT_IPv4, ip->src, ip->dst);
	if (pk_labels(pk)) {
		char s[16], d[16];
		fmt_ipv4(s, ip->src);
		fmt_ipv4(d, ip->dst);
		lbl_text(pk, top, "Internet Protocol Version 4, Src: %s, Dst: %s", s, d);
	}
	if (hlen > 20) {
		if (!bv_has(bv, 20, hlen - 20)) {
			dissect_options(pk, bv, hlen);
			return ip_cut(pk, bv);
		}
		dissect_options(pk, bv, hlen);
	}
	/* A datagram shorter than its header: TSO captures have ip.len 0 and
	 * Wireshark then uses what was captured. */
	uint32_t tlen = len;
	if (len == 0) {
		tlen = bv_reported_remaining(bv, 0);
	} else if (len < hlen) {
		pk_expert(pk, &ei_bad_len, "IPv4", bv, 2, 2,
			  "Bogus IP length (%u, less than header length %u)",
			  len, hlen);
		col_info_printf(pk, "Bogus IP length (%u, less than header length %u)", len, hlen);
		pk_layer_end(pk);
		return (int)bv->len;
	}
	/* "ip" tap (conv,ip ...): every header but one quoted by ICMP, queued
	 * before the payload so an outer header comes first, as in tshark */
	static int ip_tap;
	if (!in_error)
		tap_queue_named(&ip_tap, "ip", pk, ip);
	uint32_t plen = tlen - hlen;
	struct bv pl = bv_sub(bv, hlen, plen);
	bool frag = (ip->flags & 1) || ip->frag_off;
	/* tshark adds a fragment to the reassembly only when its header
	 * checksum is right (always, with ip.check_checksum off); otherwise
	 * it is handled like a fragment quoted in an ICMP error, below. */
	if (frag && !in_error && !bad_sum) {
		/* ip.defragment (on by default): fragments wait in the table; the
		 * one completing the datagram carries the whole payload. */
		struct reasm_done rd;
		bool whole = pl.len == pl.rlen;
		if (whole && reasm_add(pk, 4, ip->src, ip->dst, id, proto,
				       ip->frag_off, pl.p, pl.len,
				       ip->flags & 1, &rd)) {
			fragment_items(pk, &rd);
			pk_layer_end(pk);
			struct bv rv = bv_make(rd.data, rd.len, rd.len);
			col_info_set(pk, "");
			int r = dissect_table(pk, DT_IP_PROTO, proto, &rv, ip);
			if (r < 0)
				dissect_data(pk, &rv);
			return (int)(hlen + plen);
		}
		pk_layer_end(pk);
		col_info_printf(pk, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)",
				tok_str(ipproto_vals, proto, "Unknown"), proto,
				ip->frag_off, id);
		dissect_data(pk, &pl);
		return (int)(hlen + plen);
	}
	pk_layer_end(pk);
	if (frag) {
		/* A fragment inside an ICMP error or with a bad header
		 * checksum: only the first one carries the upper header, and
		 * the transport sees a partial payload. */
		if (ip->frag_off) {
			if (!in_error)
				col_info_printf(pk, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)",
						tok_str(ipproto_vals, proto, "Unknown"), proto,
						ip->frag_off, id);
			dissect_data(pk, &pl);
			return (int)(hlen + plen);
		}
		ip->partial = true;
	}
	int r = dissect_table(pk, DT_IP_PROTO, proto, &pl, ip);
	if (r < 0) {
		col_info_printf(pk, "%s (%u)", tok_str(ipproto_vals, proto, "Unknown"), proto);
		dissect_data(pk, &pl);
	}
	return (int)(hlen + plen);
}

static void ip_reset(void) { reasm_reset(); }

static uint16_t fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* Four 32-bit lanes (GCC/clang vector extension: SSE2 on x86-64, NEON on
 * arm64, plain scalar code elsewhere). */
typedef uint32_t cksum_v4 __attribute__((vector_size(16)));

/* RFC 1071 section 2: the one's-complement sum is independent of byte
 * order and may be taken over wider words, so the bytes are summed as
 * native 16-bit words and folded at the end, then swapped to network order
 * on a little-endian host. 16 bytes per step go into four 32-bit lanes
 * (each gains at most 2 * 0xffff a step, so a lane is emptied into the
 * 64-bit sum every 32768 steps, long before it could wrap); the tail is
 * taken 8, 4, 2 and 1 bytes at a time. An odd last byte is the high byte
 * of a word. */
static uint16_t sum_bytes(const uint8_t *p, uint32_t len)
{
	uint64_t sum = 0;
	uint32_t i = 0;
	while (len - i >= 16) {
		cksum_v4 acc = { 0, 0, 0, 0 };
		uint32_t end = len - i > (32768u << 4) ? i + (32768u << 4)
						      : i + ((len - i) & ~15u);
		for (; i < end; i += 16) {
			cksum_v4 w;
			memcpy(&w, p + i, 16);
			acc += (w & 0xffff) + (w >> 16);
		}
		sum += (uint64_t)acc[0] + acc[1] + acc[2] + acc[3];
	}
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		sum += (w & 0xffffffffu) + (w >> 32);
	}
	if (i + 4 <= len) {
		uint32_t w;
		memcpy(&w, p + i, 4);
		sum += w;
		i += 4;
	}
	if (i + 2 <= len) {
		uint16_t w;
		memcpy(&w, p + i, 2);
		sum += w;
		i += 2;
	}
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (i < len)
		sum += p[i];
	return __builtin_bswap16(fold(sum));
#else
	if (i < len)
		sum += (uint32_t)p[i] << 8;
	return fold(sum);
#endif
}

static uint32_t sum_add(uint32_t sum, const uint8_t *p, uint32_t len)
{
	return sum + sum_bytes(p, len);
}

uint16_t ip_cksum_sum(const uint8_t *p, uint32_t len)
{
	return sum_bytes(p, len);
}

uint16_t ip4_pseudo_cksum(const struct ip4_info *ip4, uint8_t proto,
			  const uint8_t *p, uint32_t len)
{
	uint32_t sum = sum_add(0, ip4->src, 4);
	sum = sum_add(sum, ip4->dst, 4);
	sum += proto;
	sum += len;
	return fold(sum_add(sum, p, len));
}

uint16_t ip6_pseudo_cksum(const struct ip6_info *ip6, uint8_t nxt,
			  const uint8_t *p, uint32_t len)
{
	uint32_t sum = sum_add(0, ip6->src, 16);
	sum = sum_add(sum, ip6->final_dst, 16);
	sum += len >> 16;
	sum += len & 0xffff;
	sum += nxt;
	return fold(sum_add(sum, p, len));
}

int32_t ip_transport_sum(const struct packet *pk, const void *data,
			 uint8_t proto, const struct bv *bv, uint32_t len)
{
	if (!data || !bv_has(bv, 0, len))
		return -1;
	if (data == pk->ip4) {
		const struct ip4_info *ip4 = data;
		if (ip4->partial)
			return -1;
		return ip4_pseudo_cksum(ip4, proto, bv->p, len);
	}
	if (data == pk->ip6)
		return ip6_pseudo_cksum(data, proto, bv->p, len);
	return -1;
}

void ip_cksum_expert(struct packet *pk, const struct expert_field *e,
		     const char *proto, const struct bv *bv, uint32_t off,
		     uint32_t len, int32_t calc)
{
	if (!pk->in_error) {
		if (calc < 0)
			pk_expert(pk, e, proto, bv, off, len, NULL);
		else
			pk_expert(pk, e, proto, bv, off, len,
				  "Bad checksum [should be 0x%04x]", (unsigned)calc);
		return;
	}
	/* pk_expert() without its "expert" tap: the event is listed on the
	 * packet (the -V printer draws its subtree from it) and its item is
	 * recorded; a checksum group error never marks the packet malformed. */
	const char *msg = e->f.name;
	if (calc >= 0) {
		char b[40];
		int n = snprintf(b, sizeof(b), "Bad checksum [should be 0x%04x]",
				 (unsigned)calc);
		msg = arena_strndup(&pk->arena, b, (size_t)n);
	}
	struct expert_event *ev = arena_alloc(&pk->arena, sizeof(*ev));
	ev->e = e;
	ev->msg = msg;
	ev->proto = proto;
	ev->next = NULL;
	*pk->experts_tail = ev;
	pk->experts_tail = &ev->next;
	pk->nexperts++;
	if (e->severity > pk->max_severity)
		pk->max_severity = e->severity;
	struct item *it = pk_item(pk, &e->f, bv, off, len);
	if (it) {
		it->text = msg;
		it->v.b.p = (const uint8_t *)msg;
		it->v.b.n = (uint32_t)strlen(msg);
	}
}

static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_IP },
	{ DT_IP_PROTO, IPPROTO_IPIP_ },
	{ DT_LINKTYPE, LINKTYPE_IPV4 },
	{ DT_PPP_PROTO, 0x0021 },
	{ DT_NONE, 0 },
};

static const struct pref prefs[] = {
	{ "check_checksum", PREF_BOOL, &check_checksum,
	  "Validate the IPv4 header checksum (ip.checksum.status, ip.checksum_calculated)" },
	{ NULL, PREF_BOOL, NULL, NULL },
};

const struct dissector dissector_ip = {
	.prefs = prefs,
	.name = "ip",
	.long_name = "Internet Protocol Version 4",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_ip,
	.reset = ip_reset,
};
