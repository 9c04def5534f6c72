/* ntp.c — Network Time Protocol v3/v4 packet header (RFC 5905 7.3) with the
 * optional key id and MAC. UDP port 123. */
#include "../engine/dissector.h"
#include "../engine/fvalue.h"

#include <stdio.h>
#include <string.h>

static const struct tok li_vals[] = {
	{ 0, "no warning" }, { 1, "last minute of the day has 61 seconds" },
	{ 2, "last minute of the day has 59 seconds" },
	{ 3, "unknown (clock unsynchronized)" }, { 0, NULL },
};
static const struct tok vn_vals[] = {
	{ 0, "reserved" }, { 1, "NTP Version 1" }, { 2, "NTP Version 2" },
	{ 3, "NTP Version 3" }, { 4, "NTP Version 4" }, { 0, NULL },
};
static const struct tok mode_vals[] = {
	{ 0, "reserved" }, { 1, "symmetric active" }, { 2, "symmetric passive" },
	{ 3, "client" }, { 4, "server" }, { 5, "broadcast" },
	{ 6, "reserved for NTP control message" },
	{ 7, "reserved for private use" }, { 0, NULL },
};

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_ntp, "ntp", "Network Time Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_flags, "ntp.flags", "Flags", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_li, "ntp.flags.li", "Leap Indicator", FT_UINT8, BASE_DEC, 0, 0xc0, li_vals);
F(hf_vn, "ntp.flags.vn", "Version number", FT_UINT8, BASE_DEC, 0, 0x38, vn_vals);
F(hf_mode, "ntp.flags.mode", "Mode", FT_UINT8, BASE_DEC, 0, 0x07, mode_vals);
F(hf_stratum, "ntp.stratum", "Peer Clock Stratum", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_ppoll, "ntp.ppoll", "Peer Polling Interval", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_precision, "ntp.precision", "Peer Clock Precision", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_rootdelay, "ntp.rootdelay", "Root Delay", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_rootdisp, "ntp.rootdispersion", "Root Dispersion", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_refid, "ntp.refid", "Reference ID", FT_BYTES, BASE_NONE, 0, 0, NULL);
/* The four timestamps are FT_ABSOLUTE_TIME in tshark, whose -T fields
 * output prints the all-zero NTP timestamp as "NULL"; they are recorded as
 * the text tshark prints (fvalue has no such time value). */
F(hf_reftime, "ntp.reftime", "Reference Timestamp", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_org, "ntp.org", "Origin Timestamp", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_rec, "ntp.rec", "Receive Timestamp", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_xmt, "ntp.xmt", "Transmit Timestamp", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_keyid, "ntp.keyid", "Key ID", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_mac, "ntp.mac", "Message Authentication Code", FT_BYTES, BASE_NONE, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_ntp, &hf_flags, &hf_li, &hf_vn, &hf_mode, &hf_stratum, &hf_ppoll,
	&hf_precision, &hf_rootdelay, &hf_rootdisp, &hf_refid, &hf_reftime,
	&hf_org, &hf_rec, &hf_xmt, &hf_keyid, &hf_mac, NULL,
};

/* Seconds between the NTP era 0 epoch (1900) and the Unix epoch. */
#define NTP_UNIX_DELTA 2208988800LL

/* A 64-bit NTP timestamp at off as tshark prints it. */
static void add_ts(struct packet *pk, struct field *f, struct bv *bv, uint32_t off)
{
	if (!pk_wants(pk, f))
		return;
	uint32_t sec = bv_be32(bv, off), frac = bv_be32(bv, off + 4);
	char buf[64];
	size_t n;
	if (sec == 0 && frac == 0) {
		n = (size_t)snprintf(buf, sizeof(buf), "NULL");
	} else {
		/* Era 0 until 2036; tshark maps seconds with the high bit
		 * clear to era 1 (RFC 4330 3). */
		int64_t s = (int64_t)sec - NTP_UNIX_DELTA;
		if (!(sec & 0x80000000u))
			s += 4294967296LL;
		int64_t ns = (int64_t)(((uint64_t)frac * 1000000000ull) >> 32);
		n = fmt_abs_time(buf, sizeof(buf), s * 1000000000LL + ns, 1);
	}
	char *s = arena_strndup(&pk->arena, buf, n);
	struct item *it = pk_add_bytes(pk, f, bv, off, 8, (const uint8_t *)s, (uint32_t)n);
	pk_item_text(pk, it, "%s: %s", f->name, s);
}

static int dissect_ntp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	if (!bv_has(bv, 0, 1))
		return -1;
	uint8_t fl = bv_u8(bv, 0);
	uint8_t vn = (fl >> 3) & 7, mode = fl & 7;
	struct item *top = pk_layer_begin(pk, "ntp", &hf_ntp, bv, 0, bv->len);
	col_set_proto(pk, "NTP");
	pk_item_text(pk, top, "Network Time Protocol (%s, %s)",
		     tok_str(vn_vals, vn, "Unknown"), tok_str(mode_vals, mode, "Unknown"));
	col_info_printf(pk, "%s, %s", tok_str(vn_vals, vn, "Unknown"),
			tok_str(mode_vals, mode, "Unknown"));
	struct item *fi = pk_add_uint(pk, &hf_flags, bv, 0, 1, fl);
	pk_item_text(pk, fi, "Flags: 0x%02x, Leap Indicator: %s, Version number: %s, Mode: %s",
		     fl, tok_str(li_vals, fl >> 6, "Unknown"), tok_str(vn_vals, vn, "Unknown"),
		     tok_str(mode_vals, mode, "Unknown"));
	pk_push(pk);
	pk_add_bits(pk, &hf_li, bv, 0, 1, fl);
	pk_add_bits(pk, &hf_vn, bv, 0, 1, fl);
	pk_add_bits(pk, &hf_mode, bv, 0, 1, fl);
	pk_pop(pk);
	if (mode == 6 || mode == 7 || !bv_has(bv, 0, 48)) {
		/* Control and private messages have their own formats. */
		pk_layer_end(pk);
		if (!bv_has(bv, 0, 48) && mode != 6 && mode != 7)
			pk_malformed(pk, "NTP", bv, bv->len);
		return (int)bv->len;
	}
	pk_add_uint(pk, &hf_stratum, bv, 1, 1, bv_u8(bv, 1));
	pk_add_uint(pk, &hf_ppoll, bv, 2, 1, bv_u8(bv, 2));
	pk_add_uint(pk, &hf_precision, bv, 3, 1, bv_u8(bv, 3));
	pk_add_uint(pk, &hf_rootdelay, bv, 4, 4, bv_be32(bv, 4));
	pk_add_uint(pk, &hf_rootdisp, bv, 8, 4, bv_be32(bv, 8));
	pk_add_view(pk, &hf_refid, bv, 12, 4);
	add_ts(pk, &hf_reftime, bv, 16);
	add_ts(pk, &hf_org, bv, 24);
	add_ts(pk, &hf_rec, bv, 32);
	add_ts(pk, &hf_xmt, bv, 40);
	uint32_t rest = bv->len - 48;
	/* RFC 5905 7.3: an optional key identifier and message digest. */
	if (rest >= 4) {
		pk_add_view(pk, &hf_keyid, bv, 48, 4);
		if (rest > 4)
			pk_add_view(pk, &hf_mac, bv, 52, rest - 4);
	}
	pk_layer_end(pk);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_UDP_PORT, 123 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_ntp = {
	.name = "ntp",
	.long_name = "Network Time Protocol",
	.app = true,
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_ntp,
};
