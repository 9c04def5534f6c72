/* cdp.c — Cisco's SNAP protocols (OUI 00:00:0c): the Cisco Discovery
 * Protocol (PID 0x2000, also EtherType/GRE type 0x2000; version, TTL,
 * checksum and the common TLVs) and the Dynamic Trunking Protocol (PID
 * 0x2004). Both are reached from LLC. */
#include "../engine/dissector.h"

#include <stdio.h>
#include <string.h>

static const struct tok tlv_vals[] = {
	{ 0x0001, "Device ID" }, { 0x0002, "Addresses" }, { 0x0003, "Port ID" },
	{ 0x0004, "Capabilities" }, { 0x0005, "Software version" },
	{ 0x0006, "Platform" }, { 0x0007, "IP Prefixes" },
	{ 0x0008, "Protocol Hello" }, { 0x0009, "VTP Management Domain" },
	{ 0x000a, "Native VLAN" }, { 0x000b, "Duplex" },
	{ 0x000e, "VoIP VLAN Reply" }, { 0x000f, "VoIP VLAN Query" },
	{ 0x0010, "Power consumption" }, { 0x0011, "MTU" },
	{ 0x0012, "Trust Bitmap" }, { 0x0013, "Untrusted Port CoS" },
	{ 0x0014, "System Name" }, { 0x0015, "System Object ID" },
	{ 0x0016, "Management Address" }, { 0x0017, "Location" },
	{ 0, NULL },
};
static const struct tok cksum_status[] = {
	{ 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 0, NULL },
};
static const struct tok yes_no[] = { { 0, "No" }, { 1, "Yes" }, { 0, NULL } };
static const struct tok duplex_vals[] = { { 0, "Half" }, { 1, "Full" }, { 0, NULL } };

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_cdp, "cdp", "Cisco Discovery Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_version, "cdp.version", "Version", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_ttl, "cdp.ttl", "TTL", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_checksum, "cdp.checksum", "Checksum", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_checksum_status, "cdp.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE, FF_GENERATED, 0, cksum_status);
F(hf_tlv_type, "cdp.tlv.type", "Type", FT_UINT16, BASE_HEX, 0, 0, tlv_vals);
F(hf_tlv_len, "cdp.tlv.len", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_deviceid, "cdp.deviceid", "Device ID", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_portid, "cdp.portid", "Sent through Interface", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_software, "cdp.software_version", "Software version", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_platform, "cdp.platform", "Platform", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_naddrs, "cdp.number_of_addresses", "Number of addresses", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_caps, "cdp.capabilities", "Capabilities", FT_UINT32, BASE_HEX, 0, 0, NULL);
F(hf_cap_router, "cdp.capabilities.router", "Router", FT_BOOLEAN, BASE_BOOL_32, 0, 0x01, yes_no);
F(hf_cap_tb, "cdp.capabilities.trans_bridge", "Transparent Bridge", FT_BOOLEAN, BASE_BOOL_32, 0, 0x02, yes_no);
F(hf_cap_srb, "cdp.capabilities.src_bridge", "Source Route Bridge", FT_BOOLEAN, BASE_BOOL_32, 0, 0x04, yes_no);
F(hf_cap_switch, "cdp.capabilities.switch", "Switch", FT_BOOLEAN, BASE_BOOL_32, 0, 0x08, yes_no);
F(hf_cap_host, "cdp.capabilities.host", "Host", FT_BOOLEAN, BASE_BOOL_32, 0, 0x10, yes_no);
F(hf_cap_igmp, "cdp.capabilities.igmp_capable", "IGMP capable", FT_BOOLEAN, BASE_BOOL_32, 0, 0x20, yes_no);
F(hf_cap_rep, "cdp.capabilities.repeater", "Repeater", FT_BOOLEAN, BASE_BOOL_32, 0, 0x40, yes_no);
F(hf_cap_voip, "cdp.capabilities.voip_phone", "VoIP Phone", FT_BOOLEAN, BASE_BOOL_32, 0, 0x80, yes_no);
F(hf_cap_remote, "cdp.capabilities.remote", "Remotely Managed Device", FT_BOOLEAN, BASE_BOOL_32, 0, 0x100, yes_no);
F(hf_cap_cvta, "cdp.capabilities.cvta", "CVTA/STP Dispute Resolution/Cisco VT Camera", FT_BOOLEAN, BASE_BOOL_32, 0, 0x200, yes_no);
F(hf_cap_relay, "cdp.capabilities.mac_relay", "Two Port Mac Relay", FT_BOOLEAN, BASE_BOOL_32, 0, 0x400, yes_no);
F(hf_vtp_domain, "cdp.vtp_management_domain", "VTP Management Domain", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_native_vlan, "cdp.native_vlan", "Native VLAN", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_duplex, "cdp.duplex", "Duplex", FT_BOOLEAN, BASE_NONE, 0, 0, duplex_vals);
F(hf_mtu, "cdp.mtu", "MTU", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_trust, "cdp.trust_bitmap", "Trust Bitmap", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_cos, "cdp.untrusted_port_cos", "Untrusted port CoS", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_sysname, "cdp.system_name", "System Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_data, "cdp.data", "Data", FT_BYTES, BASE_NONE, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_cdp, &hf_version, &hf_ttl, &hf_checksum, &hf_checksum_status,
	&hf_tlv_type, &hf_tlv_len, &hf_deviceid, &hf_portid, &hf_software,
	&hf_platform, &hf_naddrs, &hf_caps, &hf_cap_router, &hf_cap_tb,
	&hf_cap_srb, &hf_cap_switch, &hf_cap_host, &hf_cap_igmp, &hf_cap_rep,
	&hf_cap_voip, &hf_cap_remote, &hf_cap_cvta, &hf_cap_relay,
	&hf_vtp_domain, &hf_native_vlan, &hf_duplex, &hf_mtu, &hf_trust,
	&hf_cos, &hf_sysname, &hf_data, NULL,
};

/* CDP's checksum is the Internet checksum, except that an odd last byte is
 * added as a sign-extended 16-bit word holding that byte in its low half
 * (Cisco's implementation; Wireshark's packet-cdp.c checks it that way). */
static bool cdp_cksum_ok(const uint8_t *p, uint32_t n)
{
	uint32_t sum = 0;
	uint32_t i;
	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1) {
		uint8_t c = p[n - 1];
		sum += (c & 0x80) ? (0xffffff00u | c) : c;
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/* A text TLV value: tshark's string value ends at the first NUL. */
static void add_str(struct packet *pk, struct field *f, struct bv *bv,
		    uint32_t off, uint32_t len)
{
	const uint8_t *p = bv->p + off;
	const uint8_t *z = memchr(p, 0, len);
	pk_add_bytes(pk, f, bv, off, len, p, z ? (uint32_t)(z - p) : len);
}

static void add_caps(struct packet *pk, struct bv *bv, uint32_t off)
{
	uint32_t c = bv_be32(bv, off);
	pk_add_uint(pk, &hf_caps, bv, off, 4, c);
	pk_push(pk);
	struct field *const bits[] = {
		&hf_cap_router, &hf_cap_tb, &hf_cap_srb, &hf_cap_switch,
		&hf_cap_host, &hf_cap_igmp, &hf_cap_rep, &hf_cap_voip,
		&hf_cap_remote, &hf_cap_cvta, &hf_cap_relay,
	};
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		pk_add_bits(pk, bits[i], bv, off, 4, c);
	pk_pop(pk);
}

/* Software version: one item per line, as tshark splits it. */
static void add_lines(struct packet *pk, struct bv *bv, uint32_t off, uint32_t len)
{
	uint32_t s = off, end = off + len;
	for (uint32_t i = off; i <= end; i++) {
		if (i == end || bv->p[i] == '\n') {
			if (i > s || i < end)
				pk_add_view(pk, &hf_software, bv, s, i - s);
			s = i + 1;
		}
	}
}

/* The -V label of a TLV's subtree, as tshark words it. */
static void tlv_label(struct packet *pk, struct bv *bv, uint32_t off,
		      uint16_t t, uint16_t l, uint32_t v, uint32_t vl)
{
	const char *tn = tok_str(tlv_vals, t, "Unknown");
	const char *sv = (const char *)bv->p + v;
	if (t == 0x0001 || t == 0x0003 || t == 0x0006 || t == 0x0009)
		pk_add_text(pk, bv, off, l, "%s: %.*s", tn, (int)strnlen(sv, vl), sv);
	else if (t == 0x000a && vl == 2)
		pk_add_text(pk, bv, off, l, "Native VLAN: %u", bv_be16(bv, v));
	else if (t == 0x000b && vl == 1)
		pk_add_text(pk, bv, off, l, "Duplex: %s", bv_u8(bv, v) ? "Full" : "Half");
	else if (t == 0x0012 && vl == 1)
		pk_add_text(pk, bv, off, l, "Trust Bitmap: 0x%02x", bv_u8(bv, v));
	else if (t == 0x0013 && vl == 1)
		pk_add_text(pk, bv, off, l, "Untrusted port CoS: 0x%02x", bv_u8(bv, v));
	else if (t == 0x0005)
		pk_add_text(pk, bv, off, l, "Software Version");
	else if (t == 0x0016)
		pk_add_text(pk, bv, off, l, "Management Addresses");
	else
		pk_add_text(pk, bv, off, l, "%s", tn);
}

static int dissect_cdp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "CDP");
	col_info_set(pk, "");
	pk_layer_begin(pk, "cdp", &hf_cdp, bv, 0, bv->len);
	if (!bv_has(bv, 0, 4)) {
		pk_layer_end(pk);
		pk_short(pk, "CDP", bv, bv->len);
		return (int)bv->len;
	}
	pk_add_uint(pk, &hf_version, bv, 0, 1, bv_u8(bv, 0));
	struct item *it = pk_add_uint(pk, &hf_ttl, bv, 1, 1, bv_u8(bv, 1));
	pk_item_text(pk, it, "TTL: %u seconds", bv_u8(bv, 1));
	uint16_t ck = bv_be16(bv, 2);
	it = pk_add_uint(pk, &hf_checksum, bv, 2, 2, ck);
	if (bv->len == bv->rlen) {
		bool good = cdp_cksum_ok(bv->p, bv->len);
		pk_item_text(pk, it, "Checksum: 0x%04x [%s]", ck, good ? "correct" : "incorrect");
		pk_add_uint(pk, &hf_checksum_status, bv, 2, 0, good ? 1 : 0);
	} else {
		pk_add_uint(pk, &hf_checksum_status, bv, 2, 0, 2);
	}
	uint32_t off = 4;
	while (bv_has(bv, off, 4)) {
		uint16_t t = bv_be16(bv, off), l = bv_be16(bv, off + 2);
		if (l < 4 || !bv_has(bv, off, l))
			break;
		uint32_t v = off + 4, vl = l - 4u;
		if (pk_labels(pk))
			tlv_label(pk, bv, off, t, l, v, vl);
		pk_push(pk);
		pk_add_uint(pk, &hf_tlv_type, bv, off, 2, t);
		pk_add_uint(pk, &hf_tlv_len, bv, off + 2, 2, l);
		switch (t) {
		case 0x0001:
			add_str(pk, &hf_deviceid, bv, v, vl);
			col_info_append(pk, "Device ID: %.*s  ", (int)vl, (const char *)bv->p + v);
			break;
		case 0x0003:
			add_str(pk, &hf_portid, bv, v, vl);
			col_info_append(pk, "Port ID: %.*s  ", (int)vl, (const char *)bv->p + v);
			break;
		case 0x0002: case 0x0016:
			if (vl >= 4)
				pk_add_uint(pk, &hf_naddrs, bv, v, 4, bv_be32(bv, v));
			break;
		case 0x0004:
			if (vl == 4)
				add_caps(pk, bv, v);
			break;
		case 0x0005:
			add_lines(pk, bv, v, vl);
			break;
		case 0x0006:
			add_str(pk, &hf_platform, bv, v, vl);
			break;
		case 0x0009:
			add_str(pk, &hf_vtp_domain, bv, v, vl);
			break;
		case 0x000a:
			if (vl == 2)
				pk_add_uint(pk, &hf_native_vlan, bv, v, 2, bv_be16(bv, v));
			break;
		case 0x000b:
			if (vl == 1)
				pk_add_uint(pk, &hf_duplex, bv, v, 1, bv_u8(bv, v) ? 1 : 0);
			break;
		case 0x0011:
			if (vl == 4)
				pk_add_uint(pk, &hf_mtu, bv, v, 4, bv_be32(bv, v));
			break;
		case 0x0012:
			if (vl == 1)
				pk_add_uint(pk, &hf_trust, bv, v, 1, bv_u8(bv, v));
			break;
		case 0x0013:
			if (vl == 1)
				pk_add_uint(pk, &hf_cos, bv, v, 1, bv_u8(bv, v));
			break;
		case 0x0014:
			add_str(pk, &hf_sysname, bv, v, vl);
			break;
		default:
			if (vl)
				pk_add_view(pk, &hf_data, bv, v, vl);
			break;
		}
		pk_pop(pk);
		off += l;
	}
	pk_layer_end(pk);
	if (off < bv->len) {
		struct bv rest = bv_tail(bv, off);
		dissect_data(pk, &rest);
	}
	return (int)bv->len;
}

/* Also EtherType / GRE protocol type 0x2000, as tshark registers it. */
static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, 0x2000 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_cdp = {
	.name = "cdp",
	.long_name = "Cisco Discovery Protocol",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_cdp,
};

/* Dynamic Trunking Protocol: a version byte, then TLVs whose length counts
 * the 4-byte TLV header. */
static const struct tok dtp_tlv_vals[] = {
	{ 1, "Domain" }, { 2, "Trunk Status" }, { 3, "Trunk Type" },
	{ 4, "Sender ID" }, { 0, NULL },
};
static const struct tok dtp_tos_vals[] = { { 0, "Access" }, { 1, "Trunk" }, { 0, NULL } };
static const struct tok dtp_tas_vals[] = {
	{ 1, "On" }, { 2, "Off" }, { 3, "Desirable" }, { 4, "Auto" }, { 0, NULL },
};
static const struct tok dtp_tt_vals[] = {
	{ 0, "Negotiated" }, { 1, "ISL" }, { 2, "802.1Q" }, { 5, "802.1Q" },
	{ 0, NULL },
};

F(hf_dtp, "dtp", "Dynamic Trunk Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_dtp_version, "dtp.version", "Version", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_dtp_type, "dtp.tlv_type", "Type", FT_UINT16, BASE_HEX, 0, 0, dtp_tlv_vals);
F(hf_dtp_len, "dtp.tlv_len", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_dtp_domain, "dtp.domain", "Domain", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_dtp_tos, "dtp.tos", "Trunk Operating Status", FT_UINT8, BASE_HEX, 0, 0x80, dtp_tos_vals);
F(hf_dtp_tas, "dtp.tas", "Trunk Administrative Status", FT_UINT8, BASE_HEX, 0, 0x07, dtp_tas_vals);
F(hf_dtp_tot, "dtp.tot", "Trunk Operating Type", FT_UINT8, BASE_HEX, 0, 0xe0, dtp_tt_vals);
F(hf_dtp_tat, "dtp.tat", "Trunk Administrative Type", FT_UINT8, BASE_HEX, 0, 0x07, dtp_tt_vals);
F(hf_dtp_sender, "dtp.senderid", "Sender ID", FT_ETHER, BASE_NONE, 0, 0, NULL);

static struct field *const dtp_fields[] = {
	&hf_dtp, &hf_dtp_version, &hf_dtp_type, &hf_dtp_len, &hf_dtp_domain,
	&hf_dtp_tos, &hf_dtp_tas, &hf_dtp_tot, &hf_dtp_tat, &hf_dtp_sender,
	NULL,
};

static int dissect_dtp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "DTP");
	col_info_set(pk, "Dynamic Trunk Protocol");
	pk_layer_begin(pk, "dtp", &hf_dtp, bv, 0, bv->len);
	if (!bv_has(bv, 0, 1)) {
		pk_layer_end(pk);
		pk_short(pk, "DTP", bv, bv->len);
		return (int)bv->len;
	}
	pk_add_uint(pk, &hf_dtp_version, bv, 0, 1, bv_u8(bv, 0));
	uint32_t off = 1;
	while (bv_has(bv, off, 4)) {
		uint16_t t = bv_be16(bv, off), l = bv_be16(bv, off + 2);
		if (l < 4 || !bv_has(bv, off, l))
			break;
		uint32_t v = off + 4, vl = l - 4u;
		if (pk_labels(pk))
			pk_add_text(pk, bv, off, l, "%s", tok_str(dtp_tlv_vals, t, "Unknown"));
		pk_push(pk);
		pk_add_uint(pk, &hf_dtp_type, bv, off, 2, t);
		pk_add_uint(pk, &hf_dtp_len, bv, off + 2, 2, l);
		if (t == 1) {
			add_str(pk, &hf_dtp_domain, bv, v, vl);
		} else if ((t == 2 || t == 3) && vl == 1) {
			uint8_t b = bv_u8(bv, v);
			pk_add_bits(pk, t == 2 ? &hf_dtp_tos : &hf_dtp_tot, bv, v, 1, b);
			pk_add_bits(pk, t == 2 ? &hf_dtp_tas : &hf_dtp_tat, bv, v, 1, b);
		} else if (t == 4 && vl == 6) {
			pk_add_view(pk, &hf_dtp_sender, bv, v, 6);
		}
		pk_pop(pk);
		off += l;
	}
	pk_layer_end(pk);
	return (int)bv->len;
}

const struct dissector dissector_dtp = {
	.name = "dtp",
	.long_name = "Dynamic Trunk Protocol",
	.fields = dtp_fields,
	.dissect = dissect_dtp,
};
