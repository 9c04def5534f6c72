/* dhcp.c — BOOTP (RFC 951) and DHCP (RFC 2131) with the common options of
 * RFC 2132 (plus client FQDN, RFC 4702). UDP ports 67 and 68. */
#include "../engine/dissector.h"
#include "manuf.h"

#include <stdio.h>
#include <string.h>

static const struct tok op_vals[] = { { 1, "Boot Request" }, { 2, "Boot Reply" }, { 0, NULL } };
static const struct tok msgtype_vals[] = {
	{ 1, "Discover" }, { 2, "Offer" }, { 3, "Request" }, { 4, "Decline" },
	{ 5, "ACK" }, { 6, "NAK" }, { 7, "Release" }, { 8, "Inform" },
	{ 9, "Force Renew" }, { 10, "Lease query" }, { 11, "Lease Unassigned" },
	{ 12, "Lease Unknown" }, { 13, "Lease Active" }, { 0, NULL },
};
static const struct tok hwtype_vals[] = { { 1, "Ethernet" }, { 6, "IEEE 802" }, { 0, NULL } };
static const struct tok bc_vals[] = { { 0, "Unicast" }, { 1, "Broadcast" }, { 0, NULL } };

/* Option names (RFC 2132 and registry), for -V labels. */
static const struct tok opt_names[] = {
	{ 0, "Padding" }, { 1, "Subnet Mask" }, { 2, "Time Offset" }, { 3, "Router" },
	{ 4, "Time Server" }, { 5, "Name Server" }, { 6, "Domain Name Server" },
	{ 12, "Host Name" }, { 15, "Domain Name" }, { 28, "Broadcast Address" },
	{ 31, "Perform Router Discover" }, { 33, "Static Route" },
	{ 42, "Network Time Protocol Servers" }, { 43, "Vendor-Specific Information" },
	{ 44, "NetBIOS over TCP/IP Name Server" }, { 46, "NetBIOS over TCP/IP Node Type" },
	{ 47, "NetBIOS over TCP/IP Scope" }, { 50, "Requested IP Address" },
	{ 51, "IP Address Lease Time" }, { 53, "DHCP Message Type" },
	{ 54, "DHCP Server Identifier" }, { 55, "Parameter Request List" },
	{ 56, "Message" }, { 57, "Maximum DHCP Message Size" },
	{ 58, "Renewal Time Value" }, { 59, "Rebinding Time Value" },
	{ 60, "Vendor class identifier" }, { 61, "Client identifier" },
	{ 66, "TFTP Server Name" }, { 67, "Bootfile name" },
	{ 81, "Client Fully Qualified Domain Name" }, { 119, "Domain Search" },
	{ 121, "Classless Static Route" }, { 255, "End" }, { 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_dhcp, "dhcp", "Dynamic Host Configuration Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_type, "dhcp.type", "Message type", FT_UINT8, BASE_DEC, 0, 0, op_vals);
F(hf_hw_type, "dhcp.hw.type", "Hardware type", FT_UINT8, BASE_HEX, 0, 0, hwtype_vals);
F(hf_hw_len, "dhcp.hw.len", "Hardware address length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_hops, "dhcp.hops", "Hops", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_id, "dhcp.id", "Transaction ID", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_secs, "dhcp.secs", "Seconds elapsed", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_flags, "dhcp.flags", "Bootp flags", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_flags_bc, "dhcp.flags.bc", "Broadcast flag", FT_BOOLEAN, BASE_BOOL_16, 0, 0x8000, bc_vals);
F(hf_flags_res, "dhcp.flags.reserved", "Reserved flags", FT_UINT16, BASE_HEX, 0, 0x7fff, NULL);
F(hf_ip_client, "dhcp.ip.client", "Client IP address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_ip_your, "dhcp.ip.your", "Your (client) IP address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_ip_server, "dhcp.ip.server", "Next server IP address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_ip_relay, "dhcp.ip.relay", "Relay agent IP address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_mac, "dhcp.hw.mac_addr", "Client MAC address", FT_ETHER, BASE_NONE, 0, 0, NULL);
F(hf_chaddr, "dhcp.hw.addr", "Client hardware address", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_addr_padding, "dhcp.hw.addr_padding", "Client hardware address padding", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_server, "dhcp.server", "Server host name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_file, "dhcp.file", "Boot file name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_cookie, "dhcp.cookie", "Magic cookie", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_opt_type, "dhcp.option.type", "Option", FT_UINT8, BASE_DEC, 0, 0, opt_names);
F(hf_opt_len, "dhcp.option.length", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_value, "dhcp.option.value", "Value", FT_BYTES, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_opt_dhcp, "dhcp.option.dhcp", "DHCP", FT_UINT8, BASE_DEC, 0, 0, msgtype_vals);
F(hf_opt_end, "dhcp.option.end", "Option End", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_padding, "dhcp.option.padding", "Padding", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_req_item, "dhcp.option.request_list_item", "Parameter Request List Item", FT_UINT8, BASE_DEC, 0, 0, opt_names);
F(hf_o_subnet, "dhcp.option.subnet_mask", "Subnet Mask", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_o_router, "dhcp.option.router", "Router", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_o_time_server, "dhcp.option.time_server", "Time Server", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_o_dns, "dhcp.option.domain_name_server", "Domain Name Server", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_o_hostname, "dhcp.option.hostname", "Host Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_o_domain, "dhcp.option.domain_name", "Domain Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_o_bcast, "dhcp.option.broadcast_address", "Broadcast Address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_o_ntp, "dhcp.option.ntp_server", "Network Time Protocol Server", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_o_nbns, "dhcp.option.netbios_over_tcpip_name_server", "NetBIOS over TCP/IP Name Server", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_o_nbnt, "dhcp.option.netbios_over_tcpip_node_type", "NetBIOS over TCP/IP Node Type", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_o_reqip, "dhcp.option.requested_ip_address", "Requested IP Address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_o_lease, "dhcp.option.ip_address_lease_time", "IP Address Lease Time", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_o_server_id, "dhcp.option.dhcp_server_id", "DHCP Server Identifier", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_o_message, "dhcp.option.message", "Message", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_o_maxsize, "dhcp.option.dhcp_max_message_size", "Maximum DHCP Message Size", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_o_renewal, "dhcp.option.renewal_time_value", "Renewal Time Value", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_o_rebind, "dhcp.option.rebinding_time_value", "Rebinding Time Value", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_o_vendor_class, "dhcp.option.vendor_class_id", "Vendor class identifier", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_o_bootfile, "dhcp.option.bootfile_name", "Bootfile name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_o_aruba_ip, "dhcp.option.vendor.arubaap.controllerip", "Aruba Controller IP", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_fqdn_flags, "dhcp.fqdn.flags", "Flags", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_fqdn_mbz, "dhcp.fqdn.mbz", "Reserved flags", FT_UINT8, BASE_HEX, 0, 0xf0, NULL);
F(hf_fqdn_n, "dhcp.fqdn.n", "Server DDNS", FT_BOOLEAN, BASE_BOOL_8, 0, 0x08, NULL);
F(hf_fqdn_e, "dhcp.fqdn.e", "Encoding", FT_BOOLEAN, BASE_BOOL_8, 0, 0x04, NULL);
F(hf_fqdn_o, "dhcp.fqdn.o", "Server overrides", FT_BOOLEAN, BASE_BOOL_8, 0, 0x02, NULL);
F(hf_fqdn_s, "dhcp.fqdn.s", "Server", FT_BOOLEAN, BASE_BOOL_8, 0, 0x01, NULL);
F(hf_fqdn_rcode1, "dhcp.fqdn.rcode1", "A-RR result", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_fqdn_rcode2, "dhcp.fqdn.rcode2", "PTR-RR result", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_fqdn_name, "dhcp.fqdn.name", "Client name", FT_STRING, BASE_NONE, 0, 0, NULL);

static struct expert_field ei_no_end = {
	{ "dhcp.end_option_missing", "End option missing", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_ERROR,
};

static struct field *const fields[] = {
	&hf_dhcp, &hf_type, &hf_hw_type, &hf_hw_len, &hf_hops, &hf_id, &hf_secs,
	&hf_flags, &hf_flags_bc, &hf_flags_res, &hf_ip_client, &hf_ip_your,
	&hf_ip_server, &hf_ip_relay, &hf_mac, &hf_chaddr, &hf_addr_padding,
	&hf_server, &hf_file, &hf_cookie, &hf_opt_type, &hf_opt_len,
	&hf_opt_value, &hf_opt_dhcp, &hf_opt_end, &hf_opt_padding, &hf_req_item,
	&hf_o_subnet, &hf_o_router, &hf_o_time_server, &hf_o_dns,
	&hf_o_hostname, &hf_o_domain, &hf_o_bcast, &hf_o_ntp, &hf_o_nbns,
	&hf_o_nbnt, &hf_o_reqip, &hf_o_lease, &hf_o_server_id, &hf_o_message,
	&hf_o_maxsize, &hf_o_renewal, &hf_o_rebind, &hf_o_vendor_class,
	&hf_o_bootfile, &hf_o_aruba_ip, &hf_fqdn_flags, &hf_fqdn_mbz,
	&hf_fqdn_n, &hf_fqdn_e, &hf_fqdn_o, &hf_fqdn_s, &hf_fqdn_rcode1,
	&hf_fqdn_rcode2, &hf_fqdn_name, NULL,
};
static struct expert_field *const experts[] = { &ei_no_end, NULL };

/* A string that ends at its first NUL (tshark's FT_STRINGZ). */
static void add_stringz(struct packet *pk, struct field *f, struct bv *bv,
			uint32_t off, uint32_t len)
{
	const uint8_t *p = bv_ptr(bv, off, len);
	if (!p)
		return;
	const uint8_t *z = memchr(p, 0, len);
	pk_add_bytes(pk, f, bv, off, len, p, z ? (uint32_t)(z - p) : len);
}

static void ipv4_list(struct packet *pk, struct field *f, struct bv *bv,
		      uint32_t d, uint32_t len)
{
	for (uint32_t p = d; p + 4 <= d + len; p += 4)
		pk_add_view(pk, f, bv, p, 4);
}

/* One option's value [d, d+len). vendor_class: option 60 seen so far. */
static void option_value(struct packet *pk, struct bv *bv, uint8_t code,
			 uint32_t d, uint8_t len, const char *vendor_class)
{
	switch (code) {
	case 1: if (len == 4) pk_add_view(pk, &hf_o_subnet, bv, d, 4); break;
	case 3: ipv4_list(pk, &hf_o_router, bv, d, len); break;
	case 4: ipv4_list(pk, &hf_o_time_server, bv, d, len); break;
	case 6: ipv4_list(pk, &hf_o_dns, bv, d, len); break;
	case 12: add_stringz(pk, &hf_o_hostname, bv, d, len); break;
	case 15: add_stringz(pk, &hf_o_domain, bv, d, len); break;
	case 28: if (len == 4) pk_add_view(pk, &hf_o_bcast, bv, d, 4); break;
	case 42: ipv4_list(pk, &hf_o_ntp, bv, d, len); break;
	case 43:
		/* Aruba APs put the controller address as text; tshark
		 * decodes it through its vendor-class table, which shows
		 * as a second "dhcp" in frame.protocols. */
		if (vendor_class && strncmp(vendor_class, "ArubaAP", 7) == 0) {
			pk_add_layer_name(pk, "dhcp");
			pk_add_view(pk, &hf_o_aruba_ip, bv, d, len);
		}
		break;
	case 44: ipv4_list(pk, &hf_o_nbns, bv, d, len); break;
	case 46: if (len == 1) pk_add_uint(pk, &hf_o_nbnt, bv, d, 1, bv_u8(bv, d)); break;
	case 50: if (len == 4) pk_add_view(pk, &hf_o_reqip, bv, d, 4); break;
	case 51: if (len == 4) pk_add_uint(pk, &hf_o_lease, bv, d, 4, bv_be32(bv, d)); break;
	case 53: if (len == 1) pk_add_uint(pk, &hf_opt_dhcp, bv, d, 1, bv_u8(bv, d)); break;
	case 54: if (len == 4) pk_add_view(pk, &hf_o_server_id, bv, d, 4); break;
	case 55:
		for (uint32_t p = d; p < d + len; p++)
			pk_add_uint(pk, &hf_req_item, bv, p, 1, bv_u8(bv, p));
		break;
	case 56: add_stringz(pk, &hf_o_message, bv, d, len); break;
	case 57: if (len == 2) pk_add_uint(pk, &hf_o_maxsize, bv, d, 2, bv_be16(bv, d)); break;
	case 58: if (len == 4) pk_add_uint(pk, &hf_o_renewal, bv, d, 4, bv_be32(bv, d)); break;
	case 59: if (len == 4) pk_add_uint(pk, &hf_o_rebind, bv, d, 4, bv_be32(bv, d)); break;
	case 60: add_stringz(pk, &hf_o_vendor_class, bv, d, len); break;
	case 61:
		if (len == 7 && bv_u8(bv, d) == 1) {
			pk_add_uint(pk, &hf_hw_type, bv, d, 1, 1);
			pk_add_view(pk, &hf_mac, bv, d + 1, 6);
		}
		break;
	case 67: add_stringz(pk, &hf_o_bootfile, bv, d, len); break;
	case 81:
		if (len >= 3) {
			uint8_t fl = bv_u8(bv, d);
			pk_add_uint(pk, &hf_fqdn_flags, bv, d, 1, fl);
			pk_push(pk);
			pk_add_bits(pk, &hf_fqdn_mbz, bv, d, 1, fl);
			pk_add_bits(pk, &hf_fqdn_n, bv, d, 1, fl);
			pk_add_bits(pk, &hf_fqdn_e, bv, d, 1, fl);
			pk_add_bits(pk, &hf_fqdn_o, bv, d, 1, fl);
			pk_add_bits(pk, &hf_fqdn_s, bv, d, 1, fl);
			pk_pop(pk);
			pk_add_uint(pk, &hf_fqdn_rcode1, bv, d + 1, 1, bv_u8(bv, d + 1));
			pk_add_uint(pk, &hf_fqdn_rcode2, bv, d + 2, 1, bv_u8(bv, d + 2));
			if (len > 3 && !(fl & 0x04))
				pk_add_view(pk, &hf_fqdn_name, bv, d + 3, len - 3u);
		}
		break;
	case 255:
		break;
	default:
		break;
	}
}

/* Scans the options for the DHCP message type (option 53), as tshark does
 * before it fills the columns; 0 when absent or not captured. */
static uint8_t find_msgtype(const struct bv *bv)
{
	if (!bv_has(bv, 236, 4) || bv_be32((struct bv *)bv, 236) != 0x63825363)
		return 0;
	for (uint32_t p = 240; p + 2 <= bv->len;) {
		uint8_t c = bv->p[p];
		if (c == 0) {
			p++;
			continue;
		}
		if (c == 255)
			break;
		uint8_t l = bv->p[p + 1];
		if (c == 53 && l == 1 && bv_has(bv, p + 2, 1))
			return bv->p[p + 2];
		p += 2u + l;
	}
	return 0;
}

/* The fixed BOOTP header ends before `need` bytes fit: close the layer and
 * mark the packet the way tshark's bounds exception does (truncated when the
 * capture cut it, malformed when the datagram itself is short). */
static int dhcp_cut(struct packet *pk, struct bv *bv, uint32_t off)
{
	pk_layer_end(pk);
	pk_short(pk, "DHCP/BOOTP", bv, off);
	return (int)bv->len;
}

static int dissect_dhcp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	/* tshark hands every payload of ports 67/68 to DHCP, even one the
	 * snaplen cut inside the fixed header: it shows what was captured. */
	if (!bv_has(bv, 0, 1))
		return -1;
	struct item *top = pk_layer_begin(pk, "dhcp", &hf_dhcp, bv, 0, bv->len);
	col_set_proto(pk, "DHCP");
	uint8_t op = bv_u8(bv, 0);
	uint8_t htype = bv_has(bv, 1, 1) ? bv_u8(bv, 1) : 0;
	uint8_t hlen = bv_has(bv, 2, 1) ? bv_u8(bv, 2) : 0;
	uint32_t xid = bv_has(bv, 4, 4) ? bv_be32(bv, 4) : 0;
	uint8_t msgtype0 = find_msgtype(bv);
	/* Columns first, as tshark sets them before the tree. */
	if (msgtype0) {
		const char *mt = tok_str(msgtype_vals, msgtype0, "Unknown Message Type");
		col_info_printf(pk, "DHCP %-8s - Transaction ID 0x%x", mt, xid);
	} else {
		col_set_proto(pk, "BOOTP");
		if (op == 1 && htype == 1 && hlen == 6 && bv_has(bv, 28, 6)) {
			char name[64];
			const uint8_t *m = bv->p + 28;
			manuf_eth_name(m, name, sizeof(name));
			col_info_printf(pk, "Boot Request from %02x:%02x:%02x:%02x:%02x:%02x (%s)",
					m[0], m[1], m[2], m[3], m[4], m[5], name);
		} else {
			col_info_printf(pk, "Boot %s", op == 2 ? "Reply" : "Request");
		}
	}
	pk_add_uint(pk, &hf_type, bv, 0, 1, op);
	if (!bv_has(bv, 1, 1))
		return dhcp_cut(pk, bv, 1);
	pk_add_uint(pk, &hf_hw_type, bv, 1, 1, htype);
	if (!bv_has(bv, 2, 1))
		return dhcp_cut(pk, bv, 2);
	pk_add_uint(pk, &hf_hw_len, bv, 2, 1, hlen);
	if (!bv_has(bv, 3, 1))
		return dhcp_cut(pk, bv, 3);
	pk_add_uint(pk, &hf_hops, bv, 3, 1, bv_u8(bv, 3));
	if (!bv_has(bv, 4, 4))
		return dhcp_cut(pk, bv, 4);
	pk_add_uint(pk, &hf_id, bv, 4, 4, xid);
	if (!bv_has(bv, 8, 2))
		return dhcp_cut(pk, bv, 8);
	pk_add_uint(pk, &hf_secs, bv, 8, 2, bv_be16(bv, 8));
	if (!bv_has(bv, 10, 2))
		return dhcp_cut(pk, bv, 10);
	uint16_t flags = bv_be16(bv, 10);
	struct item *fi = pk_add_uint(pk, &hf_flags, bv, 10, 2, flags);
	pk_item_text(pk, fi, "Bootp flags: 0x%04x (%s)", flags,
		     (flags & 0x8000) ? "Broadcast" : "Unicast");
	pk_push(pk);
	pk_add_bits(pk, &hf_flags_bc, bv, 10, 2, flags);
	pk_add_bits(pk, &hf_flags_res, bv, 10, 2, flags);
	pk_pop(pk);
	struct field *const addrs[] = { &hf_ip_client, &hf_ip_your, &hf_ip_server, &hf_ip_relay };
	for (uint32_t i = 0; i < 4; i++) {
		if (!bv_has(bv, 12 + 4 * i, 4))
			return dhcp_cut(pk, bv, 12 + 4 * i);
		pk_add_view(pk, addrs[i], bv, 12 + 4 * i, 4);
	}
	if (htype == 1 && hlen == 6) {
		if (!bv_has(bv, 28, 6))
			return dhcp_cut(pk, bv, 28);
		pk_add_view(pk, &hf_mac, bv, 28, 6);
		if (!bv_has(bv, 34, 10))
			return dhcp_cut(pk, bv, 34);
		pk_add_view(pk, &hf_addr_padding, bv, 34, 10);
	} else if (hlen && hlen <= 16) {
		if (!bv_has(bv, 28, hlen))
			return dhcp_cut(pk, bv, 28);
		pk_add_view(pk, &hf_chaddr, bv, 28, hlen);
		if (hlen < 16) {
			if (!bv_has(bv, 28u + hlen, 16u - hlen))
				return dhcp_cut(pk, bv, 28u + hlen);
			pk_add_view(pk, &hf_addr_padding, bv, 28u + hlen, 16u - hlen);
		}
	}
	/* sname and file: NUL-terminated; tshark records them even when
	 * empty ("not given"). */
	struct item *it;
	if (!bv_has(bv, 44, 64))
		return dhcp_cut(pk, bv, 44);
	const uint8_t *sn = bv->p + 44;
	const uint8_t *z = memchr(sn, 0, 64);
	it = pk_add_bytes(pk, &hf_server, bv, 44, 64, sn, z ? (uint32_t)(z - sn) : 64);
	if (it && z == sn)
		pk_item_text(pk, it, "Server host name not given");
	if (!bv_has(bv, 108, 128))
		return dhcp_cut(pk, bv, 108);
	const uint8_t *fn = bv->p + 108;
	z = memchr(fn, 0, 128);
	it = pk_add_bytes(pk, &hf_file, bv, 108, 128, fn, z ? (uint32_t)(z - fn) : 128);
	if (it && z == fn)
		pk_item_text(pk, it, "Boot file name not given");

	uint8_t msgtype = 0;
	bool dhcp = false;
	if (bv_has(bv, 236, 4) && bv_be32(bv, 236) == 0x63825363) {
		it = pk_add_view(pk, &hf_cookie, bv, 236, 4);
		pk_item_text(pk, it, "Magic cookie: DHCP");
		uint32_t off = 240;
		bool end = false;
		const char *vclass = NULL;
		char vbuf[64];
		/* Option 43's meaning depends on option 60 wherever it is:
		 * look it up first, as tshark does. */
		for (uint32_t p = 240; p + 2 <= bv->len;) {
			uint8_t c = bv->p[p];
			if (c == 0) {
				p++;
				continue;
			}
			if (c == 255)
				break;
			uint8_t l = bv->p[p + 1];
			if (c == 60 && bv_has(bv, p + 2, l)) {
				size_t n = l < sizeof(vbuf) - 1 ? l : sizeof(vbuf) - 1;
				memcpy(vbuf, bv->p + p + 2, n);
				vbuf[n] = '\0';
				vclass = vbuf;
				break;
			}
			p += 2u + l;
		}
		while (off < bv->len) {
			uint8_t code = bv_u8(bv, off);
			if (code == 0) {
				/* Pad options run to the next non-zero byte. */
				uint32_t p = off;
				while (p < bv->len && bv->p[p] == 0)
					p++;
				it = pk_add_uint(pk, &hf_opt_type, bv, off, p - off, 0);
				pk_item_text(pk, it, "Option: (0) Padding");
				off = p;
				continue;
			}
			if (code == 255) {
				it = pk_add_uint(pk, &hf_opt_type, bv, off, 1, 0);
				pk_item_text(pk, it, "Option: (255) End");
				pk_push(pk);
				pk_add_uint(pk, &hf_opt_end, bv, off, 1, 255);
				pk_pop(pk);
				off++;
				end = true;
				break;
			}
			uint8_t len = bv_u8(bv, off + 1);
			if (!bv_has(bv, off + 2, len)) {
				bv->trunc = true;
				break;
			}
			if (code == 53 && len == 1) {
				msgtype = bv_u8(bv, off + 2);
				dhcp = true;
			}
			it = pk_add_uint(pk, &hf_opt_type, bv, off, 2u + len, code);
			pk_item_text(pk, it, "Option: (%u) %s", code,
				     tok_str(opt_names, code, "Unknown"));
			pk_push(pk);
			pk_add_uint(pk, &hf_opt_len, bv, off + 1, 1, len);
			pk_add_view(pk, &hf_opt_value, bv, off + 2, len);
			option_value(pk, bv, code, off + 2, len, vclass);
			pk_pop(pk);
			off += 2u + len;
		}
		if (end && off < bv->len)
			pk_add_view(pk, &hf_opt_padding, bv, off, bv->len - off);
		if (!end && !bv->trunc)
			pk_expert(pk, &ei_no_end, "DHCP", bv, off, 0, NULL);
	}
	if (dhcp) {
		const char *mt = tok_str(msgtype_vals, msgtype, "Unknown Message Type");
		pk_item_text(pk, top, "Dynamic Host Configuration Protocol (%s)", mt);
	}
	pk_layer_end(pk);
	if (bv->trunc)
		pk_truncated(pk, "DHCP", bv);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_UDP_PORT, 67 },
	{ DT_UDP_PORT, 68 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_dhcp = {
	.name = "dhcp",
	.long_name = "Dynamic Host Configuration Protocol",
	.app = true,
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_dhcp,
};
