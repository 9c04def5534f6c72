/* udp.c — User Datagram Protocol (RFC 768). Payload goes to the udp.port
 * table (lower port first, as Wireshark), then UDP heuristics, then data.
 * The checksum is verified with udp.check_checksum (off by default, as in
 * tshark); a zero checksum is "not present" over IPv4 and illegal over
 * IPv6 (RFC 8200 section 8.1) whatever the preference. */
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "../engine/conv.h"
#include "../engine/prefs.h"
#include "../engine/tap.h"
#include "ip.h"
#include "udp.h"

static const struct tok cksum_status[] = {
	{ 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 3, "Not present" },
	{ 4, "Illegal" }, { 0, NULL },
};

static struct field hf_udp = { "udp", "User Datagram Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_srcport = { "udp.srcport", "Source Port", FT_UINT16, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_dstport = { "udp.dstport", "Destination Port", FT_UINT16, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_port = { "udp.port", "Source or Destination Port", FT_UINT16, BASE_DEC, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_length = { "udp.length", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_checksum = { "udp.checksum", "Checksum", FT_UINT16, BASE_HEX, 0, 0, NULL, 0, false, NULL };
static struct field hf_checksum_status = { "udp.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE, FF_GENERATED, 0, cksum_status, 0, false, NULL };
static struct field hf_checksum_calc = { "udp.checksum_calculated", "Calculated Checksum", FT_UINT16, BASE_HEX, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_stream = { "udp.stream", "Stream index", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_time_rel = { "udp.time_relative", "Time since first frame", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_time_delta = { "udp.time_delta", "Time since previous frame", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_payload = { "udp.payload", "Payload", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };

static struct expert_field ei_bad_len = {
	{ "udp.length.bad", "Bad length value", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};

static struct expert_field ei_checksum_bad = {
	{ "udp.checksum.bad", "Bad checksum", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_CHECKSUM, PI_ERROR,
};
static struct expert_field ei_checksum_zero = {
	{ "udp.checksum.zero", "Illegal checksum value (0)", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_CHECKSUM, PI_ERROR,
};

static struct field *const fields[] = {
	&hf_udp, &hf_srcport, &hf_dstport, &hf_port, &hf_length, &hf_checksum,
	&hf_checksum_status, &hf_checksum_calc, &hf_stream, &hf_time_rel,
	&hf_time_delta, &hf_payload, NULL,
};
static struct expert_field *const experts[] = {
	&ei_bad_len, &ei_checksum_bad, &ei_checksum_zero, NULL,
};

/* udp.check_checksum (tshark's default: FALSE). */
static bool check_checksum;

/* The checksum item and its status in tshark's layout; returns the
 * enum cksum_status value. `data` is the IP layer's info (ip.h). */
static int udp_checksum(struct packet *pk, struct bv *bv,
			const struct udp_info *u, const void *data)
{
	struct item *ck = pk_add_uint(pk, &hf_checksum, bv, 6, 2, u->checksum);
	if (u->checksum == 0) {
		/* Zero means "no checksum" over IPv4 (RFC 768); over IPv6 it
		 * is illegal, except (as tshark has it) in the datagram an
		 * ICMPv6 error quotes. Either way the status sits under the
		 * item. */
		bool v6 = data && data == pk->ip6 && !pk->in_error;
		lbl_text(pk, ck, "Checksum: 0x0000 [zero-value %s]", v6 ? "illegal" : "ignored");
		pk_push(pk);
		if (v6)
			ip_cksum_expert(pk, &ei_checksum_zero, "UDP", bv, 6, 2, -1);
		pk_add_uint(pk, &hf_checksum_status, bv, 6, 0,
			    v6 ? CKSUM_ILLEGAL : CKSUM_NOT_PRESENT);
		pk_pop(pk);
		return v6 ? CKSUM_ILLEGAL : CKSUM_NOT_PRESENT;
	}
	int32_t sum = -1;
	if (check_checksum && u->length >= 8)
		sum = ip_transport_sum(pk, data, IPPROTO_UDP_, bv, u->length);
	if (sum < 0) {
		lbl_text(pk, ck, "Checksum: 0x%04x [unverified]", u->checksum);
		pk_add_uint(pk, &hf_checksum_status, bv, 6, 0, CKSUM_UNVERIFIED);
		return CKSUM_UNVERIFIED;
	}
	uint16_t calc = ip_cksum_shouldbe(u->checksum, (uint16_t)sum);
	bool good = sum == 0xffff;
	pk_push(pk);
	if (good) {
		lbl_text(pk, ck, "Checksum: 0x%04x [correct]", u->checksum);
	} else {
		lbl_text(pk, ck, "Checksum: 0x%04x incorrect, should be 0x%04x (maybe caused by \"UDP checksum offload\"?)",
			 u->checksum, calc);
		ip_cksum_expert(pk, &ei_checksum_bad, "UDP", bv, 6, 2, calc);
	}
	pk_add_uint(pk, &hf_checksum_calc, bv, 6, 2, calc);
	pk_pop(pk);
	pk_add_uint(pk, &hf_checksum_status, bv, 6, 0, good ? CKSUM_GOOD : CKSUM_BAD);
	return good ? CKSUM_GOOD : CKSUM_BAD;
}

/* udp.stream and the conversation timestamps (tshark's defaults show
 * both); time_delta is from the conversation's previous packet
 * (c->prev_ts, this packet's own time for a new conversation). */
static void udp_conversation(struct packet *pk, struct bv *bv,
			     struct udp_info *u)
{
	struct conv_key k;
	if (!conv_key_from_packet(&k, pk, 17, u->srcport, u->dstport))
		return;
	int dir;
	struct conv *c = conv_find_or_create(&k, pk, &dir, NULL);
	int64_t prev = c->prev_ts;
	pk->conv = c;
	u->stream = c->index;
	pk_add_uint(pk, &hf_stream, bv, 0, 0, c->index);
	/* tshark shows no timestamps for a datagram without payload. */
	if (u->length > 8 &&
	    (pk_wants(pk, &hf_time_rel) || pk_wants(pk, &hf_time_delta))) {
		pk_add_text(pk, bv, 0, 0, "[Timestamps]");
		pk_push(pk);
		pk_add_time(pk, &hf_time_rel, bv, 0, 0, pk->ts - c->first_ts);
		pk_add_time(pk, &hf_time_delta, bv, 0, 0, pk->ts - prev);
		pk_pop(pk);
	}
}

static int dissect_udp(struct packet *pk, struct bv *bv, void *data)
{
	struct item *top = pk_layer_begin(pk, "udp", &hf_udp, bv, 0, 8);
	if (!bv_has(bv, 0, 8)) {
		pk_layer_end(pk);
		pk_truncated(pk, "UDP", bv);
		return (int)bv->len;
	}
	struct udp_info *u = arena_alloc(&pk->arena, sizeof(*u));
	u->srcport = bv_be16(bv, 0);
	u->dstport = bv_be16(bv, 2);
	u->length = bv_be16(bv, 4);
	u->checksum = bv_be16(bv, 6);
	pk->udp = u;
	pk->srcport = u->srcport;
	pk->dstport = u->dstport;
	static int udp_tap; /* "udp" tap: conv,udp, endpoints,udp */
	/* no taps for a header quoted in an ICMP error, as tshark */
	if (!pk->in_error && tap_has_listener(tap_cached(&udp_tap, "udp"))) {
		struct transport_tap_info *ti = arena_alloc(&pk->arena, sizeof(*ti));
		ti->src = pk->net_src, ti->dst = pk->net_dst, ti->info = u;
		ti->sport = u->srcport, ti->dport = u->dstport;
		tap_queue(udp_tap, pk, ti);
	}
	lbl_text(pk, top, "User Datagram Protocol, Src Port: %u, Dst Port: %u",
		     u->srcport, u->dstport);
	pk_add_uint(pk, &hf_srcport, bv, 0, 2, u->srcport);
	pk_add_uint(pk, &hf_dstport, bv, 2, 2, u->dstport);
	pk_add_uint(pk, &hf_port, bv, 0, 2, u->srcport);
	pk_add_uint(pk, &hf_port, bv, 2, 2, u->dstport);
	pk_add_uint(pk, &hf_length, bv, 4, 2, u->length);
	int cks = udp_checksum(pk, bv, u, data);
	udp_conversation(pk, bv, u);
	col_set_proto(pk, "UDP");
	col_info_printf(pk, "%u → %u Len=%u", u->srcport, u->dstport,
			u->length >= 8 ? u->length - 8 : 0);
	if (cks == CKSUM_BAD)
		col_info_append(pk, " [UDP CHECKSUM INCORRECT]");
	else if (cks == CKSUM_ILLEGAL)
		col_info_append(pk, " [ILLEGAL CHECKSUM (0)]");
	uint32_t rep = bv_reported_remaining(bv, 0);
	if (u->length < 8) {
		pk_expert(pk, &ei_bad_len, "UDP", bv, 4, 2,
			  "Bad length value %u < IP payload length", u->length);
		pk_layer_end(pk);
		return (int)bv->len;
	}
	/* A length past the IP payload: tshark flags it and still hands on
	 * what follows the header (nfs-attr-oobr.pcap frames 47-48). */
	bool bogus = u->length > rep;
	/* the first fragment of a datagram not reassembled (ip.h): the
	 * length covers fragments not here, which tshark does not flag */
	bool partial = data && data == pk->ip4 &&
		       ((const struct ip4_info *)data)->partial;
	if (bogus && !partial)
		pk_expert(pk, &ei_bad_len, "UDP", bv, 4, 2,
			  "Bad length value %u > IP payload length", u->length);
	struct bv pl = bogus ? bv_tail(bv, 8) : bv_sub(bv, 8, u->length - 8u);
	if (pl.len) {
		struct item *pi = pk_add_view(pk, &hf_payload, &pl, 0, pl.len);
		lbl_text(pk, pi, "UDP payload (%u bytes)", pl.len);
	}
	static int follow_tap; /* "udp_follow" tap: -z follow,udp */
	if (!pk->in_error && tap_has_listener(tap_cached(&follow_tap, "udp_follow"))) {
		struct follow_tap_info *fo = arena_alloc(&pk->arena, sizeof(*fo));
		fo->src = pk->net_src, fo->dst = pk->net_dst, fo->stream = u->stream;
		fo->sport = u->srcport, fo->dport = u->dstport;
		fo->data = pl.p, fo->len = pl.len;
		tap_queue(follow_tap, pk, fo);
	}
	pk_layer_end(pk);
	int used = bogus ? (int)bv->len : u->length;
	if (pl.rlen == 0)
		return used;
	if (dissect_ports(pk, DT_UDP_PORT, u->srcport, u->dstport, &pl, u) < 0)
		dissect_data(pk, &pl);
	return used;
}

static const struct handoff handoffs[] = {
	{ DT_IP_PROTO, IPPROTO_UDP_ },
	{ DT_NONE, 0 },
};

static const struct pref prefs[] = {
	{ "check_checksum", PREF_BOOL, &check_checksum,
	  "Validate the UDP checksum (udp.checksum.status, udp.checksum_calculated)" },
	{ NULL, PREF_BOOL, NULL, NULL },
};

const struct dissector dissector_udp = {
	.prefs = prefs,
	.name = "udp",
	.long_name = "User Datagram Protocol",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_udp,
};
