/* icmpv6.c — ICMPv6 (RFC 4443) with neighbour discovery (RFC 4861) and its
 * options, MLD (RFC 2710) and MLDv2 reports (RFC 3810), echo matching and
 * errors quoting the offending IPv6 packet. Field names follow Wireshark
 * 4.0's packet-icmpv6.c (icmpv6.nd.*, icmpv6.opt.*, icmpv6.mld*). */
#include "../engine/dissector.h"
#include "ethertype.h"
#include "icmp_echo.h"
#include "icmp_quote.h"
#include "ip.h"

#include <stdio.h>
#include <string.h>

static const struct tok type_vals[] = {
	{ 1, "Destination Unreachable" }, { 2, "Packet Too Big" },
	{ 3, "Time Exceeded" }, { 4, "Parameter Problem" },
	{ 100, "Private experimentation" }, { 101, "Private experimentation" },
	{ 128, "Echo (ping) request" }, { 129, "Echo (ping) reply" },
	{ 130, "Multicast Listener Query" }, { 131, "Multicast Listener Report" },
	{ 132, "Multicast Listener Done" }, { 133, "Router Solicitation" },
	{ 134, "Router Advertisement" }, { 135, "Neighbor Solicitation" },
	{ 136, "Neighbor Advertisement" }, { 137, "Redirect" },
	{ 138, "Router Renumbering" }, { 139, "ICMP Node Information Query" },
	{ 140, "ICMP Node Information Response" },
	{ 141, "Inverse Neighbor Discovery Solicitation Message" },
	{ 142, "Inverse Neighbor Discovery Advertisement Message" },
	{ 143, "Multicast Listener Report Message v2" },
	{ 144, "Home Agent Address Discovery Request Message" },
	{ 145, "Home Agent Address Discovery Reply Message" },
	{ 146, "Mobile Prefix Solicitation" }, { 147, "Mobile Prefix Advertisement" },
	{ 151, "Multicast Router Advertisement" },
	{ 152, "Multicast Router Solicitation" },
	{ 153, "Multicast Router Termination" }, { 155, "RPL Control Message" },
	{ 0, NULL },
};
static const struct tok unreach_codes[] = {
	{ 0, "no route to destination" },
	{ 1, "communication with destination administratively prohibited" },
	{ 2, "beyond scope of source address" }, { 3, "address unreachable" },
	{ 4, "port unreachable" },
	{ 5, "source address failed ingress/egress policy" },
	{ 6, "reject route to destination" }, { 7, "Error in Source Routing Header" },
	{ 0, NULL },
};
static const struct tok timex_codes[] = {
	{ 0, "hop limit exceeded in transit" },
	{ 1, "fragment reassembly time exceeded" }, { 0, NULL },
};
static const struct tok param_codes[] = {
	{ 0, "erroneous header field encountered" },
	{ 1, "unrecognized Next Header type encountered" },
	{ 2, "unrecognized IPv6 option encountered" },
	{ 3, "IPv6 First Fragment has incomplete IPv6 Header Chain" }, { 0, NULL },
};
static const struct tok opt_vals[] = {
	{ 1, "Source link-layer address" }, { 2, "Target link-layer address" },
	{ 3, "Prefix information" }, { 4, "Redirected header" }, { 5, "MTU" },
	{ 6, "NBMA Shortcut Limit Option" }, { 7, "Advertisement Interval" },
	{ 8, "Home Agent Information" }, { 14, "Nonce" },
	{ 24, "Route Information" }, { 25, "Recursive DNS Server" },
	{ 31, "DNS Search List" }, { 0, NULL },
};
static const struct tok prf_vals[] = {
	{ 0, "Medium" }, { 1, "High" }, { 2, "Reserved" }, { 3, "Low" }, { 0, NULL },
};
static const struct tok mar_type_vals[] = {
	{ 1, "Mode Is Include" }, { 2, "Mode Is Exclude" },
	{ 3, "Change To Include Mode" }, { 4, "Change To Exclude Mode" },
	{ 5, "Allow New Sources" }, { 6, "Block Old Sources" }, { 0, NULL },
};
static const struct tok set_vals[] = { { 0, "Not set" }, { 1, "Set" }, { 0, NULL } };
static const struct tok cksum_status[] = {
	{ 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_icmpv6, "icmpv6", "Internet Control Message Protocol v6", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_type, "icmpv6.type", "Type", FT_UINT8, BASE_DEC, 0, 0, type_vals);
F(hf_code, "icmpv6.code", "Code", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_checksum, "icmpv6.checksum", "Checksum", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_checksum_status, "icmpv6.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE, FF_GENERATED, 0, cksum_status);
F(hf_reserved, "icmpv6.reserved", "Reserved", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_data, "icmpv6.data", "Data", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_mtu, "icmpv6.mtu", "MTU", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_pointer, "icmpv6.pointer", "Pointer", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_echo_id, "icmpv6.echo.identifier", "Identifier", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_echo_seq, "icmpv6.echo.sequence_number", "Sequence", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_resp_to, "icmpv6.resp_to", "Response To", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_resptime, "icmpv6.resptime", "Response Time", FT_DOUBLE, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_ra_hop, "icmpv6.nd.ra.cur_hop_limit", "Cur hop limit", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_ra_flag, "icmpv6.nd.ra.flag", "Flags", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_ra_m, "icmpv6.nd.ra.flag.m", "Managed address configuration", FT_BOOLEAN, BASE_BOOL_8, 0, 0x80, set_vals);
F(hf_ra_o, "icmpv6.nd.ra.flag.o", "Other configuration", FT_BOOLEAN, BASE_BOOL_8, 0, 0x40, set_vals);
F(hf_ra_h, "icmpv6.nd.ra.flag.h", "Home Agent", FT_BOOLEAN, BASE_BOOL_8, 0, 0x20, set_vals);
F(hf_ra_prf, "icmpv6.nd.ra.flag.prf", "Prf (Default Router Preference)", FT_UINT8, BASE_DEC, 0, 0x18, prf_vals);
F(hf_ra_p, "icmpv6.nd.ra.flag.p", "Proxy", FT_BOOLEAN, BASE_BOOL_8, 0, 0x04, set_vals);
F(hf_ra_rsv, "icmpv6.nd.ra.flag.rsv", "Reserved", FT_UINT8, BASE_DEC, 0, 0x03, NULL);
F(hf_ra_lifetime, "icmpv6.nd.ra.router_lifetime", "Router lifetime (s)", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_ra_reachable, "icmpv6.nd.ra.reachable_time", "Reachable time (ms)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_ra_retrans, "icmpv6.nd.ra.retrans_timer", "Retrans timer (ms)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_ns_target, "icmpv6.nd.ns.target_address", "Target Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_na_flag, "icmpv6.nd.na.flag", "Flags", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_na_r, "icmpv6.nd.na.flag.r", "Router", FT_BOOLEAN, BASE_BOOL_32, 0, 0x80000000, set_vals);
F(hf_na_s, "icmpv6.nd.na.flag.s", "Solicited", FT_BOOLEAN, BASE_BOOL_32, 0, 0x40000000, set_vals);
F(hf_na_o, "icmpv6.nd.na.flag.o", "Override", FT_BOOLEAN, BASE_BOOL_32, 0, 0x20000000, set_vals);
F(hf_na_rsv, "icmpv6.nd.na.flag.rsv", "Reserved", FT_UINT32, BASE_DEC, 0, 0x1fffffff, NULL);
F(hf_na_target, "icmpv6.nd.na.target_address", "Target Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_rd_target, "icmpv6.nd.rd.target_address", "Target Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_rd_dst, "icmpv6.nd.rd.destination_address", "Destination Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_opt, "icmpv6.opt", "ICMPv6 Option", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_opt_type, "icmpv6.opt.type", "Type", FT_UINT8, BASE_DEC, 0, 0, opt_vals);
F(hf_opt_length, "icmpv6.opt.length", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_reserved, "icmpv6.opt.reserved", "Reserved", FT_NONE, BASE_NONE, 0, 0, NULL);
/* A one-unit option holds a MAC address (shown as Ethernet), anything
 * longer is shown as plain bytes: same abbreviations, two field types. */
F(hf_opt_linkaddr_mac, "icmpv6.opt.linkaddr", "Link-layer address", FT_ETHER, BASE_NONE, 0, 0, NULL);
F(hf_opt_src_linkaddr_mac, "icmpv6.opt.src_linkaddr", "Source Link-layer address", FT_ETHER, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_opt_target_linkaddr_mac, "icmpv6.opt.target_linkaddr", "Target Link-layer address", FT_ETHER, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_opt_linkaddr, "icmpv6.opt.linkaddr", "Link-layer address", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_src_linkaddr, "icmpv6.opt.src_linkaddr", "Source Link-layer address", FT_BYTES, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_opt_target_linkaddr, "icmpv6.opt.target_linkaddr", "Target Link-layer address", FT_BYTES, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_opt_mtu, "icmpv6.opt.mtu", "MTU", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_prefix_len, "icmpv6.opt.prefix.length", "Prefix Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_prefix_flag, "icmpv6.opt.prefix.flag", "Flag", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_opt_prefix_l, "icmpv6.opt.prefix.flag.l", "On-link flag(L)", FT_BOOLEAN, BASE_BOOL_8, 0, 0x80, set_vals);
F(hf_opt_prefix_a, "icmpv6.opt.prefix.flag.a", "Autonomous address-configuration flag(A)", FT_BOOLEAN, BASE_BOOL_8, 0, 0x40, set_vals);
F(hf_opt_prefix_r, "icmpv6.opt.prefix.flag.r", "Router address flag(R)", FT_BOOLEAN, BASE_BOOL_8, 0, 0x20, set_vals);
F(hf_opt_prefix_rsv, "icmpv6.opt.prefix.flag.reserved", "Reserved", FT_UINT8, BASE_DEC, 0, 0x1f, NULL);
F(hf_opt_prefix_valid, "icmpv6.opt.prefix.valid_lifetime", "Valid Lifetime", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_prefix_pref, "icmpv6.opt.prefix.preferred_lifetime", "Preferred Lifetime", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_prefix, "icmpv6.opt.prefix", "Prefix", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_opt_nonce, "icmpv6.opt.nonce", "Nonce", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_data, "icmpv6.opt.data", "Data", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_mld_delay, "icmpv6.mld.maximum_response_delay", "Maximum Response Delay [ms]", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_mld_addr, "icmpv6.mld.multicast_address", "Multicast Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_mldr_nb, "icmpv6.mldr.nb_mcast_records", "Number of Multicast Address Records", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_mar, "icmpv6.mldr.mar", "Multicast Address Record", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_mar_type, "icmpv6.mldr.mar.record_type", "Record Type", FT_UINT8, BASE_DEC, 0, 0, mar_type_vals);
F(hf_mar_aux, "icmpv6.mldr.mar.aux_data_len", "Aux Data Len", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_mar_nb, "icmpv6.mldr.mar.nb_sources", "Number of Sources", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_mar_addr, "icmpv6.mldr.mar.multicast_address", "Multicast Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_mar_src, "icmpv6.mldr.mar.source_address", "Source Address", FT_IPv6, BASE_NONE, 0, 0, NULL);

static struct expert_field ei_checksum_bad = {
	{ "icmpv6.checksum_bad.expert", "Bad checksum", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_CHECKSUM, PI_WARN,
};

static struct field *const fields[] = {
	&hf_icmpv6, &hf_type, &hf_code, &hf_checksum, &hf_checksum_status,
	&hf_reserved, &hf_data, &hf_mtu, &hf_pointer, &hf_echo_id, &hf_echo_seq,
	&hf_resp_to, &hf_resptime, &hf_ra_hop, &hf_ra_flag, &hf_ra_m, &hf_ra_o,
	&hf_ra_h, &hf_ra_prf, &hf_ra_p, &hf_ra_rsv, &hf_ra_lifetime,
	&hf_ra_reachable, &hf_ra_retrans, &hf_ns_target, &hf_na_flag, &hf_na_r,
	&hf_na_s, &hf_na_o, &hf_na_rsv, &hf_na_target, &hf_rd_target, &hf_rd_dst,
	&hf_opt, &hf_opt_type, &hf_opt_length, &hf_opt_reserved, &hf_opt_linkaddr,
	&hf_opt_src_linkaddr, &hf_opt_target_linkaddr, &hf_opt_linkaddr_mac,
	&hf_opt_src_linkaddr_mac, &hf_opt_target_linkaddr_mac, &hf_opt_mtu,
	&hf_opt_prefix_len, &hf_opt_prefix_flag, &hf_opt_prefix_l,
	&hf_opt_prefix_a, &hf_opt_prefix_r, &hf_opt_prefix_rsv,
	&hf_opt_prefix_valid, &hf_opt_prefix_pref, &hf_opt_prefix, &hf_opt_nonce,
	&hf_opt_data, &hf_mld_delay, &hf_mld_addr, &hf_mldr_nb, &hf_mar,
	&hf_mar_type, &hf_mar_aux, &hf_mar_nb, &hf_mar_addr, &hf_mar_src, NULL,
};
static struct expert_field *const experts[] = { &ei_checksum_bad, NULL };

static void fmt_linkaddr(char *dst, size_t n, const uint8_t *p, uint32_t len)
{
	size_t w = 0;
	dst[0] = '\0';
	for (uint32_t i = 0; i < len && w + 4 < n; i++)
		w += (size_t)snprintf(dst + w, n - w, i ? ":%02x" : "%02x", p[i]);
}

/* ND options from off to the end of bv. Remembers the source/target
 * link-layer address for the Info column. */
static void nd_options(struct packet *pk, struct bv *bv, uint32_t off,
		       char *lladdr, size_t lln)
{
	while (off < bv->rlen) {
		if (!bv_has(bv, off, 2)) {
			pk_short(pk, "ICMPv6", bv, off);
			return;
		}
		uint8_t t = bv_u8(bv, off), l = bv_u8(bv, off + 1);
		uint32_t ol = l * 8u;
		const char *name = tok_str(opt_vals, t, "Unknown");
		struct item *it = pk_add_none(pk, &hf_opt, bv, off, ol ? ol : 2);
		pk_push(pk);
		pk_add_uint(pk, &hf_opt_type, bv, off, 1, t);
		struct item *li = pk_add_uint(pk, &hf_opt_length, bv, off + 1, 1, l);
		pk_item_text(pk, li, "Length: %u (%u bytes)", l, ol);
		if (ol == 0 || !bv_has(bv, off, ol)) {
			pk_pop(pk);
			pk_item_text(pk, it, "ICMPv6 Option (%s)", name);
			if (ol && bv->len < bv->rlen)
				pk_truncated(pk, "ICMPv6", bv);
			else
				pk_malformed(pk, "ICMPv6", bv, off);
			return;
		}
		const uint8_t *d = bv->p + off + 2;
		char txt[160] = "";
		switch (t) {
		case 1: case 2: {
			bool mac = ol == 8;
			uint32_t n = mac ? 6 : ol - 2;
			fmt_linkaddr(txt, sizeof(txt), d, n);
			struct item *ai = pk_add_bytes(pk, mac ? &hf_opt_linkaddr_mac : &hf_opt_linkaddr,
						       bv, off + 2, n, d, n);
			pk_item_text(pk, ai, "Link-layer address: %s (%s)", txt, txt);
			if (mac)
				pk_add_bytes(pk, t == 1 ? &hf_opt_src_linkaddr_mac : &hf_opt_target_linkaddr_mac,
					     bv, off + 2, n, d, n);
			else
				pk_add_bytes(pk, t == 1 ? &hf_opt_src_linkaddr : &hf_opt_target_linkaddr,
					     bv, off + 2, n, d, n);
			if (lladdr && !lladdr[0])
				snprintf(lladdr, lln, "%s", txt);
			break;
		}
		case 3:
			if (ol < 32)
				break;
			pk_add_uint(pk, &hf_opt_prefix_len, bv, off + 2, 1, d[0]);
			pk_add_uint(pk, &hf_opt_prefix_flag, bv, off + 3, 1, d[1]);
			pk_push(pk);
			pk_add_bits(pk, &hf_opt_prefix_l, bv, off + 3, 1, d[1]);
			pk_add_bits(pk, &hf_opt_prefix_a, bv, off + 3, 1, d[1]);
			pk_add_bits(pk, &hf_opt_prefix_r, bv, off + 3, 1, d[1]);
			pk_add_bits(pk, &hf_opt_prefix_rsv, bv, off + 3, 1, d[1]);
			pk_pop(pk);
			pk_add_uint(pk, &hf_opt_prefix_valid, bv, off + 4, 4, bv_be32(bv, off + 4));
			pk_add_uint(pk, &hf_opt_prefix_pref, bv, off + 8, 4, bv_be32(bv, off + 8));
			pk_add_none(pk, &hf_opt_reserved, bv, off + 12, 4);
			pk_add_view(pk, &hf_opt_prefix, bv, off + 16, 16);
			{
				char a[48];
				fmt_ipv6(a, d + 14);
				snprintf(txt, sizeof(txt), "%s/%u", a, d[0]);
			}
			break;
		case 5:
			pk_add_none(pk, &hf_opt_reserved, bv, off + 2, 2);
			if (ol >= 8) {
				uint32_t mtu = bv_be32(bv, off + 4);
				pk_add_uint(pk, &hf_opt_mtu, bv, off + 4, 4, mtu);
				snprintf(txt, sizeof(txt), "%u", mtu);
			}
			break;
		case 14:
			pk_add_view(pk, &hf_opt_nonce, bv, off + 2, ol - 2);
			break;
		default:
			pk_add_view(pk, &hf_opt_data, bv, off + 2, ol - 2);
			break;
		}
		pk_pop(pk);
		if (txt[0])
			pk_item_text(pk, it, "ICMPv6 Option (%s : %s)", name, txt);
		else
			pk_item_text(pk, it, "ICMPv6 Option (%s)", name);
		off += ol;
	}
}

static int dissect_icmpv6(struct packet *pk, struct bv *bv, void *data)
{
	const struct ip6_info *ip6 = data;
	col_set_proto(pk, "ICMPv6");
	col_info_set(pk, "");
	pk_layer_begin(pk, "icmpv6", &hf_icmpv6, bv, 0, bv->len);
	if (!bv_has(bv, 0, 4)) {
		if (bv_has(bv, 0, 1))
			pk_add_uint(pk, &hf_type, bv, 0, 1, bv_u8(bv, 0));
		if (bv_has(bv, 1, 1))
			pk_add_uint(pk, &hf_code, bv, 1, 1, bv_u8(bv, 1));
		pk_layer_end(pk);
		pk_short(pk, "ICMPv6", bv, bv->len);
		return (int)bv->len;
	}
	uint8_t type = bv_u8(bv, 0), code = bv_u8(bv, 1);
	uint16_t ck = bv_be16(bv, 2);
	const char *tname = tok_str(type_vals, type, "Unknown");
	const char *cname = NULL;
	if (type == 1) cname = tok_find(unreach_codes, code);
	else if (type == 3) cname = tok_find(timex_codes, code);
	else if (type == 4) cname = tok_find(param_codes, code);
	struct item *it = pk_add_uint(pk, &hf_type, bv, 0, 1, type);
	pk_item_text(pk, it, "Type: %s (%u)", tname, type);
	it = pk_add_uint(pk, &hf_code, bv, 1, 1, code);
	if (cname)
		pk_item_text(pk, it, "Code: %u (%s)", code, cname);
	it = pk_add_uint(pk, &hf_checksum, bv, 2, 2, ck);
	if (ip6 && bv->len == bv->rlen) {
		bool good = ip6_pseudo_cksum(ip6, IPPROTO_ICMPV6_, bv->p, bv->len) == 0xffff;
		pk_item_text(pk, it, "Checksum: 0x%04x [%s]", ck, good ? "correct" : "incorrect");
		pk_add_uint(pk, &hf_checksum_status, bv, 2, 0, good ? 1 : 0);
		if (!good)
			pk_expert(pk, &ei_checksum_bad, "ICMPv6", bv, 2, 2, NULL);
	} else {
		pk_add_uint(pk, &hf_checksum_status, bv, 2, 0, 2);
	}
	if (cname)
		col_info_printf(pk, "%s (%s)", tname, cname);
	else
		col_info_printf(pk, "%s", tname);
	bool need_trunc = false;
	char ll[64] = "";
	switch (type) {
	case 1: case 2: case 3: case 4: {
		if (!bv_has(bv, 4, 4)) {
			need_trunc = true;
			break;
		}
		if (type == 2)
			pk_add_uint(pk, &hf_mtu, bv, 4, 4, bv_be32(bv, 4));
		else if (type == 4)
			pk_add_uint(pk, &hf_pointer, bv, 4, 4, bv_be32(bv, 4));
		else
			pk_add_view(pk, &hf_reserved, bv, 4, 4);
		struct bv q = bv_tail(bv, 8);
		if (q.len) {
			struct icmp_quote_save sv;
			icmp_quote_begin(pk, &sv);
			if (dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IPv6, &q,
					  (void *)&ip_in_error_pkt) < 0)
				dissect_data(pk, &q);
			icmp_quote_end(pk, &sv);
		}
		break;
	}
	case 128: case 129: {
		if (!bv_has(bv, 4, 4)) {
			need_trunc = true;
			break;
		}
		uint16_t id = bv_be16(bv, 4), seq = bv_be16(bv, 6);
		pk_add_uint(pk, &hf_echo_id, bv, 4, 2, id);
		pk_add_uint(pk, &hf_echo_seq, bv, 6, 2, seq);
		col_info_printf(pk, "%s id=0x%04x, seq=%u", tname, id, seq);
		if (ip6)
			col_info_append(pk, ", hop limit=%u", ip6->hlim);
		if (ip6 && type == 128)
			icmp_echo_request(6, ip6->src, ip6->dst, 16, id, seq, pk->num, pk->ts);
		if (ip6 && type == 129) {
			uint64_t rf;
			int64_t rts;
			if (icmp_echo_reply(6, ip6->src, ip6->dst, 16, id, seq, &rf, &rts)) {
				pk_add_uint(pk, &hf_resp_to, bv, 0, 0, rf);
				pk_add_double(pk, &hf_resptime, bv, 0, 0, (double)(pk->ts - rts) / 1e6);
				col_info_append(pk, " (request in %llu)", (unsigned long long)rf);
			}
		}
		pk_layer_end(pk);
		struct bv rest = bv_tail(bv, 8);
		dissect_data(pk, &rest);
		return (int)bv->len;
	}
	case 130: case 131: case 132:
		if (!bv_has(bv, 4, 20)) {
			need_trunc = true;
			break;
		}
		pk_add_uint(pk, &hf_mld_delay, bv, 4, 2, bv_be16(bv, 4));
		pk_add_view(pk, &hf_reserved, bv, 6, 2);
		pk_add_view(pk, &hf_mld_addr, bv, 8, 16);
		break;
	case 143: {
		if (!bv_has(bv, 4, 4)) {
			need_trunc = true;
			break;
		}
		uint16_t nrec = bv_be16(bv, 6);
		pk_add_view(pk, &hf_reserved, bv, 4, 2);
		pk_add_uint(pk, &hf_mldr_nb, bv, 6, 2, nrec);
		uint32_t off = 8;
		for (uint16_t i = 0; i < nrec; i++) {
			if (!bv_has(bv, off, 20)) {
				need_trunc = true;
				break;
			}
			uint8_t rt = bv_u8(bv, off), aux = bv_u8(bv, off + 1);
			uint16_t ns = bv_be16(bv, off + 2);
			uint32_t rl = 20u + 16u * ns + 4u * aux;
			struct item *mi = pk_add_none(pk, &hf_mar, bv, off, rl);
			if (mi && pk_labels(pk)) {
				char a[48];
				fmt_ipv6(a, bv->p + off + 4);
				pk_item_text(pk, mi, "Multicast Address Record %s: %s", a,
					     tok_str(mar_type_vals, rt, "Unknown"));
			}
			pk_push(pk);
			pk_add_uint(pk, &hf_mar_type, bv, off, 1, rt);
			pk_add_uint(pk, &hf_mar_aux, bv, off + 1, 1, aux);
			pk_add_uint(pk, &hf_mar_nb, bv, off + 2, 2, ns);
			pk_add_view(pk, &hf_mar_addr, bv, off + 4, 16);
			for (uint16_t k = 0; k < ns && bv_has(bv, off + 20 + 16u * k, 16); k++)
				pk_add_view(pk, &hf_mar_src, bv, off + 20 + 16u * k, 16);
			pk_pop(pk);
			off += rl;
		}
		break;
	}
	case 133:
		if (!bv_has(bv, 4, 4)) {
			need_trunc = true;
			break;
		}
		pk_add_view(pk, &hf_reserved, bv, 4, 4);
		nd_options(pk, bv, 8, ll, sizeof(ll));
		if (ll[0])
			col_info_append(pk, " from %s", ll);
		break;
	case 134: {
		if (!bv_has(bv, 4, 12)) {
			need_trunc = true;
			break;
		}
		uint8_t fl = bv_u8(bv, 5);
		pk_add_uint(pk, &hf_ra_hop, bv, 4, 1, bv_u8(bv, 4));
		struct item *fi = pk_add_uint(pk, &hf_ra_flag, bv, 5, 1, fl);
		pk_item_text(pk, fi, "Flags: 0x%02x, Prf (Default Router Preference): %s",
			     fl, tok_str(prf_vals, (fl >> 3) & 3, "Unknown"));
		pk_push(pk);
		pk_add_bits(pk, &hf_ra_m, bv, 5, 1, fl);
		pk_add_bits(pk, &hf_ra_o, bv, 5, 1, fl);
		pk_add_bits(pk, &hf_ra_h, bv, 5, 1, fl);
		pk_add_bits(pk, &hf_ra_prf, bv, 5, 1, fl);
		pk_add_bits(pk, &hf_ra_p, bv, 5, 1, fl);
		pk_add_bits(pk, &hf_ra_rsv, bv, 5, 1, fl);
		pk_pop(pk);
		pk_add_uint(pk, &hf_ra_lifetime, bv, 6, 2, bv_be16(bv, 6));
		pk_add_uint(pk, &hf_ra_reachable, bv, 8, 4, bv_be32(bv, 8));
		pk_add_uint(pk, &hf_ra_retrans, bv, 12, 4, bv_be32(bv, 12));
		nd_options(pk, bv, 16, ll, sizeof(ll));
		if (ll[0])
			col_info_append(pk, " from %s", ll);
		break;
	}
	case 135: {
		if (!bv_has(bv, 4, 20)) {
			need_trunc = true;
			break;
		}
		pk_add_view(pk, &hf_reserved, bv, 4, 4);
		pk_add_view(pk, &hf_ns_target, bv, 8, 16);
		char a[48];
		fmt_ipv6(a, bv->p + 8);
		col_info_append(pk, " for %s", a);
		nd_options(pk, bv, 24, ll, sizeof(ll));
		if (ll[0])
			col_info_append(pk, " from %s", ll);
		break;
	}
	case 136: {
		if (!bv_has(bv, 4, 20)) {
			need_trunc = true;
			break;
		}
		uint32_t fl = bv_be32(bv, 4);
		struct item *fi = pk_add_uint(pk, &hf_na_flag, bv, 4, 4, fl);
		char fs[32] = "";
		size_t w = 0;
		if (fl & 0x80000000u) w += (size_t)snprintf(fs + w, sizeof(fs) - w, "%srtr", w ? ", " : "");
		if (fl & 0x40000000u) w += (size_t)snprintf(fs + w, sizeof(fs) - w, "%ssol", w ? ", " : "");
		if (fl & 0x20000000u) snprintf(fs + w, sizeof(fs) - w, "%sovr", w ? ", " : "");
		pk_item_text(pk, fi, "Flags: 0x%08x", fl);
		pk_push(pk);
		pk_add_bits(pk, &hf_na_r, bv, 4, 4, fl);
		pk_add_bits(pk, &hf_na_s, bv, 4, 4, fl);
		pk_add_bits(pk, &hf_na_o, bv, 4, 4, fl);
		pk_add_bits(pk, &hf_na_rsv, bv, 4, 4, fl);
		pk_pop(pk);
		pk_add_view(pk, &hf_na_target, bv, 8, 16);
		char a[48];
		fmt_ipv6(a, bv->p + 8);
		col_info_append(pk, " %s", a);
		if (fs[0])
			col_info_append(pk, " (%s)", fs);
		nd_options(pk, bv, 24, ll, sizeof(ll));
		if (ll[0])
			col_info_append(pk, " is at %s", ll);
		break;
	}
	case 137:
		if (!bv_has(bv, 4, 36)) {
			need_trunc = true;
			break;
		}
		pk_add_view(pk, &hf_reserved, bv, 4, 4);
		pk_add_view(pk, &hf_rd_target, bv, 8, 16);
		pk_add_view(pk, &hf_rd_dst, bv, 24, 16);
		nd_options(pk, bv, 40, NULL, 0);
		break;
	default:
		if (bv->len > 4)
			pk_add_view(pk, &hf_data, bv, 4, bv->len - 4);
		break;
	}
	pk_layer_end(pk);
	if (need_trunc) {
		pk_short(pk, "ICMPv6", bv, bv->len);
	}
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_IP_PROTO, IPPROTO_ICMPV6_ },
	{ DT_NONE, 0 },
};

const struct dissector dissector_icmpv6 = {
	.name = "icmpv6",
	.long_name = "Internet Control Message Protocol v6",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_icmpv6,
};
