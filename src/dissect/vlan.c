/* vlan.c — IEEE 802.1Q VLAN tags (also EtherType 0x9100, Wireshark's default
 * "Q-in-Q" type) and IEEE 802.1ad provider bridge S-tags (0x88a8), as
 * Wireshark 4.0's packet-vlan.c and packet-ieee8021ah.c show them. */
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "ethertype.h"

static const struct tok pri_vals[] = {
	{ 0, "Best Effort (default)" }, { 1, "Background" },
	{ 2, "Excellent Effort" }, { 3, "Critical Applications" },
	{ 4, "Video, < 100ms latency and jitter" },
	{ 5, "Voice, < 10ms latency and jitter" },
	{ 6, "Internetwork Control" }, { 7, "Network Control" }, { 0, NULL },
};
static const struct tok dei_vals[] = { { 0, "Ineligible" }, { 1, "Eligible" }, { 0, NULL } };

static struct field hf_vlan = { "vlan", "802.1Q Virtual LAN", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_priority = { "vlan.priority", "Priority", FT_UINT16, BASE_DEC, 0, 0xe000, pri_vals, 0, false, NULL };
static struct field hf_dei = { "vlan.dei", "DEI", FT_BOOLEAN, BASE_BOOL_16, 0, 0x1000, dei_vals, 0, false, NULL };
static struct field hf_id = { "vlan.id", "ID", FT_UINT16, BASE_DEC, 0, 0x0fff, NULL, 0, false, NULL };
static struct field hf_etype = { "vlan.etype", "Type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals, 0, false, NULL };
static struct field hf_len = { "vlan.len", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_trailer = { "vlan.trailer", "Trailer", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };

static struct field hf_ad = { "ieee8021ad", "IEEE 802.1ad", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_ad_priority = { "ieee8021ad.priority", "Priority", FT_UINT16, BASE_DEC, 0, 0xe000, NULL, 0, false, NULL };
static struct field hf_ad_dei = { "ieee8021ad.dei", "DEI", FT_UINT16, BASE_DEC, 0, 0x1000, NULL, 0, false, NULL };
static struct field hf_ad_id = { "ieee8021ad.id", "ID", FT_UINT16, BASE_DEC, 0, 0x0fff, NULL, 0, false, NULL };
static struct field hf_ah_etype = { "ieee8021ah.etype", "Type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals, 0, false, NULL };
static struct field hf_ah_trailer = { "ieee8021ah.trailer", "Trailer", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };

static struct expert_field ei_len_past_end = {
	{ "vlan.len.past_end", "Length field value goes past the end of the payload", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};

static struct field *const fields[] = {
	&hf_vlan, &hf_priority, &hf_dei, &hf_id, &hf_etype, &hf_len, &hf_trailer, NULL,
};
static struct field *const ad_fields[] = {
	&hf_ad, &hf_ad_priority, &hf_ad_dei, &hf_ad_id, &hf_ah_etype, &hf_ah_trailer, NULL,
};
static struct expert_field *const experts[] = { &ei_len_past_end, NULL };

static int dissect_vlan(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "VLAN");
	if (!bv_has(bv, 0, 4)) {
		pk_layer_begin(pk, "vlan", &hf_vlan, bv, 0, bv->len);
		if (bv_has(bv, 0, 2)) {
			uint16_t t = bv_be16(bv, 0);
			pk_add_bits(pk, &hf_priority, bv, 0, 2, t);
			pk_add_bits(pk, &hf_dei, bv, 0, 2, t);
			pk_add_bits(pk, &hf_id, bv, 0, 2, t);
		}
		pk_layer_end(pk);
		if (bv->rlen < 4)
			pk_malformed(pk, "VLAN", bv, bv->len);
		else
			pk_truncated(pk, "VLAN", bv);
		return (int)bv->len;
	}
	uint16_t tci = bv_be16(bv, 0), type = bv_be16(bv, 2);
	unsigned pri = tci >> 13, dei = (tci >> 12) & 1, id = tci & 0xfff;
	struct item *top = pk_layer_begin(pk, "vlan", &hf_vlan, bv, 0, 4);
	lbl_text(pk, top, "802.1Q Virtual LAN, PRI: %u, DEI: %u, ID: %u", pri, dei, id);
	col_info_printf(pk, "PRI: %u  DEI: %u  ID: %u", pri, dei, id);
	pk_add_bits(pk, &hf_priority, bv, 0, 2, tci);
	pk_add_bits(pk, &hf_dei, bv, 0, 2, tci);
	pk_add_bits(pk, &hf_id, bv, 0, 2, tci);
	struct eth_trailer tr = { &hf_trailer, pk->depth, false, bv->rlen };
	if (type <= 1500) {
		/* 802.3-style length: LLC follows (frame.protocols "vlan:llc"). */
		pk_add_uint(pk, &hf_len, bv, 2, 2, type);
		uint32_t rep = bv_reported_remaining(bv, 4), l = type;
		if (l > rep) {
			pk_expert(pk, &ei_len_past_end, "VLAN", bv, 2, 2, NULL);
			l = rep;
		}
		struct bv sub = bv_sub(bv, 4, l);
		eth_add_trailer(pk, bv, 4 + l, &tr);
		pk_layer_end(pk);
		if (dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_LLC_PSEUDO, &sub, NULL) < 0)
			dissect_data(pk, &sub);
		return (int)bv->len;
	}
	pk_add_uint(pk, &hf_etype, bv, 2, 2, type);
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, 4);
	ethertype_dispatch(pk, type, &sub, &tr);
	return (int)bv->len;
}

static int dissect_ieee8021ad(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	col_set_proto(pk, "802.1ad");
	if (!bv_has(bv, 0, 4)) {
		pk_layer_begin(pk, "ieee8021ad", &hf_ad, bv, 0, bv->len);
		pk_layer_end(pk);
		if (bv->rlen < 4)
			pk_malformed(pk, "IEEE 802.1ad", bv, bv->len);
		else
			pk_truncated(pk, "IEEE 802.1ad", bv);
		return (int)bv->len;
	}
	uint16_t tci = bv_be16(bv, 0), type = bv_be16(bv, 2);
	struct item *top = pk_layer_begin(pk, "ieee8021ad", &hf_ad, bv, 0, 4);
	lbl_text(pk, top, "IEEE 802.1ad, ID: %u", tci & 0xfff);
	col_info_printf(pk, "PRI: %u  DROP: %u ID: %u", tci >> 13, (tci >> 12) & 1, tci & 0xfff);
	pk_add_bits(pk, &hf_ad_priority, bv, 0, 2, tci);
	pk_add_bits(pk, &hf_ad_dei, bv, 0, 2, tci);
	pk_add_bits(pk, &hf_ad_id, bv, 0, 2, tci);
	pk_add_uint(pk, &hf_ah_etype, bv, 2, 2, type);
	struct eth_trailer tr = { &hf_ah_trailer, pk->depth, false, bv->rlen };
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, 4);
	ethertype_dispatch(pk, type, &sub, &tr);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_VLAN },
	{ DT_ETHERTYPE, ETHERTYPE_QINQ_OLD },
	{ DT_NONE, 0 },
};
static const struct handoff ad_handoffs[] = {
	{ DT_ETHERTYPE, ETHERTYPE_QINQ },
	{ DT_NONE, 0 },
};

const struct dissector dissector_vlan = {
	.name = "vlan",
	.long_name = "802.1Q Virtual LAN",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_vlan,
};

const struct dissector dissector_ieee8021ad = {
	.name = "ieee8021ad",
	.long_name = "IEEE 802.1ad",
	.fields = ad_fields,
	.handoffs = ad_handoffs,
	.dissect = dissect_ieee8021ad,
};
