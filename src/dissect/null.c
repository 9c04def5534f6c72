/* null.c — BSD loopback encapsulation: LINKTYPE_NULL (4-byte AF_ value in
 * the writer's byte order) and LINKTYPE_LOOP (network byte order), as
 * Wireshark 4.0's packet-null.c decodes them; and LINKTYPE_RAW / IPV4 /
 * IPV6 (the version nibble picks IPv4 or IPv6, packet-raw.c). */
#include "../engine/dissector.h"
#include "../io/source.h"
#include "ethertype.h"
#include "ip.h"

static const struct tok family_vals[] = {
	{ 2, "IP" }, { 7, "OSI" }, { 16, "Appletalk" }, { 23, "Netware IPX/SPX" },
	{ 24, "IPv6" }, { 28, "IPv6" }, { 30, "IPv6" }, { 10, "IPv6" }, { 0, NULL },
};

static struct field hf_null = { "null", "Null/Loopback", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_family = { "null.family", "Family", FT_UINT32, BASE_DEC, 0, 0, family_vals, 0, false, NULL };
static struct field hf_type = { "null.type", "Type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals, 0, false, NULL };

static struct field *const fields[] = { &hf_null, &hf_family, &hf_type, NULL };

static int af_dispatch(struct packet *pk, uint32_t af, struct bv *bv)
{
	int r = -1;
	switch (af) {
	case 2:
		r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IP, bv, NULL);
		break;
	case 10: case 24: case 28: case 30:
		/* AF_INET6 differs by OS: Linux, BSDs, FreeBSD, Darwin. */
		r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IPv6, bv, NULL);
		break;
	default:
		break;
	}
	if (r < 0)
		dissect_data(pk, bv);
	return (int)bv->len;
}

static int null_common(struct packet *pk, struct bv *bv, uint32_t af)
{
	col_set_proto(pk, "N/A");
	col_info_set(pk, "Null/Loopback");
	pk_layer_begin(pk, "null", &hf_null, bv, 0, 4);
	if (af > 1500) {
		/* Some systems put an EtherType here (Wireshark does too). */
		pk_add_uint(pk, &hf_type, bv, 0, 4, af);
		pk_layer_end(pk);
		struct bv sub = bv_tail(bv, 4);
		ethertype_dispatch(pk, (uint16_t)af, &sub, NULL);
		return (int)bv->len;
	}
	pk_add_uint(pk, &hf_family, bv, 0, 4, af);
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, 4);
	return af_dispatch(pk, af, &sub);
}

static int dissect_null(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	if (bv_has(bv, 0, 2) && bv_be16(bv, 0) == 0xff03) {
		/* PPP in HDLC-like framing on a NULL link. */
		if (dissect_table(pk, DT_LINKTYPE, LINKTYPE_PPP_HDLC, bv, NULL) >= 0)
			return (int)bv->len;
	}
	if (!bv_has(bv, 0, 4)) {
		pk_layer_begin(pk, "null", &hf_null, bv, 0, bv->len);
		pk_layer_end(pk);
		pk_truncated(pk, "Null/Loopback", bv);
		return (int)bv->len;
	}
	/* Written in the capturing host's byte order: read little-endian, a
	 * value with any of its upper 16 bits set was big-endian. */
	uint32_t af = bv_le32(bv, 0);
	if (af & 0xffff0000u)
		af = __builtin_bswap32(af);
	return null_common(pk, bv, af);
}

static int dissect_loop(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	if (!bv_has(bv, 0, 4)) {
		pk_layer_begin(pk, "null", &hf_null, bv, 0, bv->len);
		pk_layer_end(pk);
		pk_truncated(pk, "Null/Loopback", bv);
		return (int)bv->len;
	}
	uint32_t af = bv_be32(bv, 0);
	/* LINKTYPE_LOOP carries only AF_ values. */
	col_set_proto(pk, "N/A");
	pk_layer_begin(pk, "null", &hf_null, bv, 0, 4);
	pk_add_uint(pk, &hf_family, bv, 0, 4, af);
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, 4);
	return af_dispatch(pk, af, &sub);
}

static struct field hf_raw = { "raw", "Raw packet data", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field *const raw_fields[] = { &hf_raw, NULL };

static int dissect_raw(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "Raw");
	col_info_set(pk, "Raw packet data");
	struct item *top = pk_layer_begin(pk, "raw", &hf_raw, bv, 0, bv->len);
	pk_item_text(pk, top, "Raw packet data");
	pk_layer_end(pk);
	if (bv->len == 0) {
		pk_truncated(pk, "Raw", bv);
		return 0;
	}
	/* The version nibble says which IP (Wireshark's packet-raw.c also
	 * tries PPP-in-HDLC framing first). */
	if (bv_has(bv, 0, 2) && bv_be16(bv, 0) == 0xff03) {
		struct bv sub = bv_tail(bv, 0);
		if (dissect_table(pk, DT_LINKTYPE, LINKTYPE_PPP_HDLC, &sub, NULL) >= 0)
			return (int)bv->len;
	}
	uint8_t v = bv_u8(bv, 0) >> 4;
	int r = -1;
	if (v == 4)
		r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IP, bv, NULL);
	else if (v == 6)
		r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IPv6, bv, NULL);
	if (r < 0)
		dissect_data(pk, bv);
	return (int)bv->len;
}

static const struct handoff null_handoffs[] = {
	{ DT_LINKTYPE, LINKTYPE_NULL },
	{ DT_NONE, 0 },
};
static const struct handoff loop_handoffs[] = {
	{ DT_LINKTYPE, LINKTYPE_LOOP },
	{ DT_NONE, 0 },
};
static const struct handoff raw_handoffs[] = {
	{ DT_LINKTYPE, LINKTYPE_RAW },
	{ DT_LINKTYPE, 12 }, /* LINKTYPE_RAW as OpenBSD's DLT_RAW value */
	{ DT_LINKTYPE, 14 }, /* DLT_RAW on BSD/OS */
	{ DT_NONE, 0 },
};

const struct dissector dissector_null = {
	.name = "null",
	.long_name = "Null/Loopback",
	.fields = fields,
	.handoffs = null_handoffs,
	.dissect = dissect_null,
};

const struct dissector dissector_loop = {
	.name = "null_loop",
	.long_name = "Null/Loopback (LINKTYPE_LOOP)",
	.handoffs = loop_handoffs,
	.dissect = dissect_loop,
};

const struct dissector dissector_raw = {
	.name = "raw",
	.long_name = "Raw packet data",
	.fields = raw_fields,
	.handoffs = raw_handoffs,
	.dissect = dissect_raw,
};
