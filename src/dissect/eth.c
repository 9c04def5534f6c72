/* eth.c — Ethernet II and IEEE 802.3 (IEEE 802.3-2018 clause 3), with
 * trailer/padding after the payload the way Wireshark's packet-eth.c shows
 * them. Hands off through the ethertype table. */
#include "../engine/dissector.h"
#include "../io/source.h"
#include "ethertype.h"

static const struct tok lg_vals[] = {
	{ 0, "Globally unique address (factory default)" },
	{ 1, "Locally administered address (this is NOT the factory default)" },
	{ 0, NULL },
};
static const struct tok ig_vals[] = {
	{ 0, "Individual address (unicast)" },
	{ 1, "Group address (multicast/broadcast)" },
	{ 0, NULL },
};

static struct field hf_eth = { "eth", "Ethernet II", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst = { "eth.dst", "Destination", FT_ETHER, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst_oui = { "eth.dst.oui", "Destination OUI", FT_UINT24, BASE_DEC, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_src = { "eth.src", "Source", FT_ETHER, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_src_oui = { "eth.src.oui", "Source OUI", FT_UINT24, BASE_DEC, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_addr = { "eth.addr", "Address", FT_ETHER, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_addr_oui = { "eth.addr.oui", "Address OUI", FT_UINT24, BASE_DEC, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_dst_lg = { "eth.dst.lg", "LG bit", FT_BOOLEAN, BASE_BOOL_24, 0, 0x020000, lg_vals, 0, false, NULL };
static struct field hf_dst_ig = { "eth.dst.ig", "IG bit", FT_BOOLEAN, BASE_BOOL_24, 0, 0x010000, ig_vals, 0, false, NULL };
static struct field hf_src_lg = { "eth.src.lg", "LG bit", FT_BOOLEAN, BASE_BOOL_24, 0, 0x020000, lg_vals, 0, false, NULL };
static struct field hf_src_ig = { "eth.src.ig", "IG bit", FT_BOOLEAN, BASE_BOOL_24, 0, 0x010000, ig_vals, 0, false, NULL };
static struct field hf_lg = { "eth.lg", "LG bit", FT_BOOLEAN, BASE_BOOL_24, FF_HIDDEN, 0x020000, lg_vals, 0, false, NULL };
static struct field hf_ig = { "eth.ig", "IG bit", FT_BOOLEAN, BASE_BOOL_24, FF_HIDDEN, 0x010000, ig_vals, 0, false, NULL };
static struct field hf_type = { "eth.type", "Type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals, 0, false, NULL };
static struct field hf_len = { "eth.len", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_trailer = { "eth.trailer", "Trailer", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_padding = { "eth.padding", "Padding", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };

static struct field *const fields[] = {
	&hf_eth, &hf_dst, &hf_dst_oui, &hf_src, &hf_src_oui, &hf_addr,
	&hf_addr_oui, &hf_dst_lg, &hf_dst_ig, &hf_src_lg, &hf_src_ig, &hf_lg,
	&hf_ig, &hf_type, &hf_len, &hf_trailer, &hf_padding, NULL,
};

static void add_mac(struct packet *pk, struct bv *bv, uint32_t off,
		    struct field *hf, struct field *hf_oui, struct field *lg,
		    struct field *ig)
{
	const uint8_t *m = bv_ptr(bv, off, 6);
	if (!m)
		return;
	uint32_t oui = (uint32_t)(m[0] << 16 | m[1] << 8 | m[2]);
	struct item *it = pk_add_bytes(pk, hf, bv, off, 6, m, 6);
	pk_push(pk);
	pk_add_bytes(pk, &hf_addr, bv, off, 6, m, 6);
	pk_add_uint(pk, hf_oui, bv, off, 3, oui);
	pk_add_uint(pk, &hf_addr_oui, bv, off, 3, oui);
	pk_add_bits(pk, lg, bv, off, 3, oui);
	pk_add_bits(pk, &hf_lg, bv, off, 3, oui);
	pk_add_bits(pk, ig, bv, off, 3, oui);
	pk_add_bits(pk, &hf_ig, bv, off, 3, oui);
	pk_pop(pk);
	(void)it;
}

/* Shows what follows the payload: all-zero bytes as padding (frames padded
 * to the 60-byte minimum), anything else as a trailer. */
void eth_add_trailer(struct packet *pk, struct bv *bv, uint32_t off)
{
	uint32_t n = bv_remaining(bv, off);
	if (!n)
		return;
	const uint8_t *p = bv->p + off;
	bool zero = true;
	for (uint32_t i = 0; i < n; i++)
		if (p[i]) {
			zero = false;
			break;
		}
	pk_add_bytes(pk, zero ? &hf_padding : &hf_trailer, bv, off, n, p, n);
}

static int dissect_eth(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	uint16_t type = bv_be16(bv, 12);
	if (!bv_has(bv, 0, 14)) {
		pk_layer_begin(pk, "eth", &hf_eth, bv, 0, bv->len);
		pk_layer_end(pk);
		pk_malformed(pk, "Ethernet", bv, 0);
		return (int)bv->len;
	}
	const uint8_t *dst = bv->p, *src = bv->p + 6;
	pk_set_dl_addrs(pk, AT_ETHER, src, dst);
	struct item *it = pk_layer_begin(pk, "eth", &hf_eth, bv, 0, 14);
	if (pk_labels(pk)) {
		char s[18], d[18];
		fmt_ether(s, src);
		fmt_ether(d, dst);
		pk_item_text(pk, it, "Ethernet II, Src: %s, Dst: %s", s, d);
	}
	add_mac(pk, bv, 0, &hf_dst, &hf_dst_oui, &hf_dst_lg, &hf_dst_ig);
	add_mac(pk, bv, 6, &hf_src, &hf_src_oui, &hf_src_lg, &hf_src_ig);
	if (type <= 1500) {
		/* IEEE 802.3 length field: LLC follows. */
		pk_item_text(pk, it, "IEEE 802.3 Ethernet");
		pk_add_uint(pk, &hf_len, bv, 12, 2, type);
		struct bv sub = bv_sub(bv, 14, type);
		pk_layer_end(pk);
		int r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_LLC_PSEUDO,
				      &sub, NULL);
		if (r < 0)
			dissect_data(pk, &sub);
		eth_add_trailer(pk, bv, 14 + (uint32_t)(type < sub.len ? type : sub.len));
		return (int)bv->len;
	}
	pk_add_uint(pk, &hf_type, bv, 12, 2, type);
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, 14);
	int r = ethertype_dispatch(pk, type, &sub);
	if (r >= 0 && (uint32_t)r < sub.len) {
		uint16_t d = pk->depth;
		pk->depth = 1; /* trailer sits in the Ethernet subtree */
		eth_add_trailer(pk, &sub, (uint32_t)r);
		pk->depth = d;
	}
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_LINKTYPE, LINKTYPE_ETHERNET },
	{ DT_ETHERTYPE, ETHERTYPE_TEB }, /* transparent Ethernet bridging (GRE) */
	{ DT_NONE, 0 },
};

const struct dissector dissector_eth = {
	.name = "eth",
	.long_name = "Ethernet II",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_eth,
};
