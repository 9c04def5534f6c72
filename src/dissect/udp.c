/* udp.c — User Datagram Protocol (RFC 768). Payload goes to the udp.port
 * table (lower port first, as Wireshark), then UDP heuristics, then data. */
#include "../engine/dissector.h"
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
static struct field hf_stream = { "udp.stream", "Stream index", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_payload = { "udp.payload", "Payload", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };

static struct expert_field ei_bad_len = {
	{ "udp.length.bad", "Bad length value", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};

static struct field *const fields[] = {
	&hf_udp, &hf_srcport, &hf_dstport, &hf_port, &hf_length, &hf_checksum,
	&hf_checksum_status, &hf_stream, &hf_payload, NULL,
};
static struct expert_field *const experts[] = { &ei_bad_len, NULL };

static int dissect_udp(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
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
	pk_item_text(pk, top, "User Datagram Protocol, Src Port: %u, Dst Port: %u",
		     u->srcport, u->dstport);
	pk_add_uint(pk, &hf_srcport, bv, 0, 2, u->srcport);
	pk_add_uint(pk, &hf_dstport, bv, 2, 2, u->dstport);
	pk_add_uint(pk, &hf_port, bv, 0, 2, u->srcport);
	pk_add_uint(pk, &hf_port, bv, 2, 2, u->dstport);
	pk_add_uint(pk, &hf_length, bv, 4, 2, u->length);
	pk_add_uint(pk, &hf_checksum, bv, 6, 2, u->checksum);
	pk_add_uint(pk, &hf_checksum_status, bv, 6, 0, u->checksum ? 2 : 3);
	col_set_proto(pk, "UDP");
	col_info_printf(pk, "%u → %u Len=%u", u->srcport, u->dstport,
			u->length >= 8 ? u->length - 8 : 0);
	uint32_t rep = bv_reported_remaining(bv, 0);
	if (u->length < 8 || u->length > rep) {
		pk_expert(pk, &ei_bad_len, "UDP", bv, 4, 2,
			  "Bad length value %u %s IP payload length", u->length,
			  u->length < 8 ? "<" : ">");
		pk_layer_end(pk);
		return (int)bv->len;
	}
	struct bv pl = bv_sub(bv, 8, u->length - 8u);
	if (pl.len)
		pk_add_view(pk, &hf_payload, &pl, 0, pl.len);
	pk_layer_end(pk);
	if (pl.rlen == 0)
		return u->length;
	if (dissect_ports(pk, DT_UDP_PORT, u->srcport, u->dstport, &pl, u) < 0)
		dissect_data(pk, &pl);
	return u->length;
}

static const struct handoff handoffs[] = {
	{ DT_IP_PROTO, IPPROTO_UDP_ },
	{ DT_NONE, 0 },
};

const struct dissector dissector_udp = {
	.name = "udp",
	.long_name = "User Datagram Protocol",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_udp,
};
