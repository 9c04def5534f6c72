/* eth.c — Ethernet II and IEEE 802.3 (IEEE 802.3-2018 clause 3), with
 * padding, trailer and assumed FCS after the payload the way Wireshark 4.0's
 * packet-eth.c shows them, and address names from manuf.c. Hands off through
 * the ethertype table (802.3 frames through the LLC pseudo-key). */
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "../engine/tap.h"
#include "../io/source.h"
#include "ethertype.h"
#include "manuf.h"

#include <stdio.h>
#include <string.h>

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
static const struct tok fcs_status[] = {
	{ 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 0, NULL },
};

static struct field hf_eth = { "eth", "Ethernet II", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst = { "eth.dst", "Destination", FT_ETHER, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_dst_res = { "eth.dst_resolved", "Destination (resolved)", FT_STRING, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_dst_oui = { "eth.dst.oui", "Destination OUI", FT_UINT24, BASE_DEC, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_dst_oui_res = { "eth.dst.oui_resolved", "Destination OUI (resolved)", FT_STRING, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_src = { "eth.src", "Source", FT_ETHER, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_src_res = { "eth.src_resolved", "Source (resolved)", FT_STRING, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_src_oui = { "eth.src.oui", "Source OUI", FT_UINT24, BASE_DEC, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_src_oui_res = { "eth.src.oui_resolved", "Source OUI (resolved)", FT_STRING, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_addr = { "eth.addr", "Address", FT_ETHER, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_addr_res = { "eth.addr_resolved", "Address (resolved)", FT_STRING, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_addr_oui = { "eth.addr.oui", "Address OUI", FT_UINT24, BASE_DEC, FF_HIDDEN, 0, NULL, 0, false, NULL };
static struct field hf_addr_oui_res = { "eth.addr.oui_resolved", "Address OUI (resolved)", FT_STRING, BASE_NONE, FF_HIDDEN | FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_dst_lg = { "eth.dst.lg", "LG bit", FT_BOOLEAN, BASE_BOOL_24, 0, 0x020000, lg_vals, 0, false, NULL };
static struct field hf_dst_ig = { "eth.dst.ig", "IG bit", FT_BOOLEAN, BASE_BOOL_24, 0, 0x010000, ig_vals, 0, false, NULL };
static struct field hf_src_lg = { "eth.src.lg", "LG bit", FT_BOOLEAN, BASE_BOOL_24, 0, 0x020000, lg_vals, 0, false, NULL };
static struct field hf_src_ig = { "eth.src.ig", "IG bit", FT_BOOLEAN, BASE_BOOL_24, 0, 0x010000, ig_vals, 0, false, NULL };
static struct field hf_lg = { "eth.lg", "LG bit", FT_BOOLEAN, BASE_BOOL_24, FF_HIDDEN, 0x020000, lg_vals, 0, false, NULL };
static struct field hf_ig = { "eth.ig", "IG bit", FT_BOOLEAN, BASE_BOOL_24, FF_HIDDEN, 0x010000, ig_vals, 0, false, NULL };
static struct field hf_type = { "eth.type", "Type", FT_UINT16, BASE_HEX, 0, 0, ethertype_vals, 0, false, NULL };
static struct field hf_len = { "eth.len", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_invalid_lentype = { "eth.invalid_lentype", "Invalid length/type", FT_UINT16, BASE_HEX_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_trailer = { "eth.trailer", "Trailer", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_padding = { "eth.padding", "Padding", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_fcs = { "eth.fcs", "Frame check sequence", FT_UINT32, BASE_HEX, 0, 0, NULL, 0, false, NULL };
static struct field hf_fcs_status = { "eth.fcs.status", "FCS Status", FT_UINT8, BASE_NONE, FF_GENERATED, 0, fcs_status, 0, false, NULL };

static struct expert_field ei_len_past_end = {
	{ "eth.len.past_end", "Length field value goes past the end of the payload", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};
static struct expert_field ei_invalid_lentype = {
	{ "eth.invalid_lentype.expert", "Invalid length/type", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_WARN,
};

static struct expert_field ei_padding_bad = {
	{ "eth.padding_bad", "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_NOTE,
};

static struct field *const fields[] = {
	&hf_eth, &hf_dst, &hf_dst_res, &hf_dst_oui, &hf_dst_oui_res, &hf_src,
	&hf_src_res, &hf_src_oui, &hf_src_oui_res, &hf_addr, &hf_addr_res,
	&hf_addr_oui, &hf_addr_oui_res, &hf_dst_lg, &hf_dst_ig, &hf_src_lg,
	&hf_src_ig, &hf_lg, &hf_ig, &hf_type, &hf_len, &hf_invalid_lentype,
	&hf_trailer, &hf_padding, &hf_fcs, &hf_fcs_status, NULL,
};
static struct expert_field *const experts[] = { &ei_len_past_end, &ei_invalid_lentype, &ei_padding_bad, NULL };

size_t eth_addr_label(const uint8_t m[6], char *dst, size_t dstlen)
{
	/* "name (aa:bb:cc:dd:ee:ff)", built without printf (per packet in
	 * tree mode). */
	char b[64 + 2 + 18 + 1];
	if (!manuf_resolution()) {
		size_t k = fmt_ether(b, m);
		if (dstlen) {
			size_t c = k < dstlen ? k : dstlen - 1;
			memcpy(dst, b, c);
			dst[c] = '\0';
		}
		return k;
	}
	size_t n = manuf_eth_name(m, b, 64);
	b[n++] = ' ';
	b[n++] = '(';
	n += fmt_ether(b + n, m);
	b[n++] = ')';
	if (!dstlen)
		return n;
	size_t k = n < dstlen ? n : dstlen - 1;
	memcpy(dst, b, k);
	dst[k] = '\0';
	return n;
}

/* Wireshark adds the same hidden and generated children under eth.dst and
 * eth.src: resolved name, OUI and its name (when known), and the eth.addr
 * copies, then the LG and IG bits. */
static void add_mac(struct packet *pk, struct bv *bv, uint32_t off, bool dst)
{
	const uint8_t *m = bv->p + off;
	struct field *hf = dst ? &hf_dst : &hf_src;
	uint32_t oui = (uint32_t)(m[0] << 16 | m[1] << 8 | m[2]);
	bool want_name = pk_labels(pk) || pk_wants(pk, &hf_dst_res) ||
			 pk_wants(pk, &hf_src_res) || pk_wants(pk, &hf_addr_res);
	char name[64] = "";
	size_t nl = 0;
	if (want_name)
		nl = manuf_eth_name(m, name, sizeof(name));
	const char *vendor = NULL;
	if (pk_wants(pk, &hf_dst_oui_res) || pk_wants(pk, &hf_src_oui_res) ||
	    pk_wants(pk, &hf_addr_oui_res))
		vendor = manuf_oui_longname(m);
	const char *nm = nl ? arena_strndup(&pk->arena, name, nl) : "";
	/* The tree printer labels FT_ETHER items "Name (aa:bb:...)" itself. */
	pk_add_bytes(pk, hf, bv, off, 6, m, 6);
	pk_push(pk);
	pk_add_bytes(pk, dst ? &hf_dst_res : &hf_src_res, bv, off, 6,
		     (const uint8_t *)nm, (uint32_t)nl);
	pk_add_uint(pk, dst ? &hf_dst_oui : &hf_src_oui, bv, off, 3, oui);
	if (vendor)
		pk_add_bytes(pk, dst ? &hf_dst_oui_res : &hf_src_oui_res, bv,
			     off, 3, (const uint8_t *)vendor,
			     (uint32_t)strlen(vendor));
	pk_add_bytes(pk, &hf_addr, bv, off, 6, m, 6);
	pk_add_bytes(pk, &hf_addr_res, bv, off, 6, (const uint8_t *)nm,
		     (uint32_t)nl);
	pk_add_uint(pk, &hf_addr_oui, bv, off, 3, oui);
	if (vendor)
		pk_add_bytes(pk, &hf_addr_oui_res, bv, off, 3,
			     (const uint8_t *)vendor, (uint32_t)strlen(vendor));
	pk_add_bits(pk, dst ? &hf_dst_lg : &hf_src_lg, bv, off, 3, oui);
	pk_add_bits(pk, &hf_lg, bv, off, 3, oui);
	pk_add_bits(pk, dst ? &hf_dst_ig : &hf_src_ig, bv, off, 3, oui);
	pk_add_bits(pk, &hf_ig, bv, off, 3, oui);
	pk_pop(pk);
}

/* In tree mode the padding/trailer/FCS items, added after the payload was
 * dissected, belong in the subtree of the layer that called
 * ethertype_dispatch (tshark shows "Trailer:" under Ethernet II, not after
 * TCP). That layer's protocol item is the latest one at depth tr->depth - 1
 * whose bytes end where the payload view bv begins; the items added since
 * `first` are rotated to just after its subtree. Only the tree's order
 * changes: outside tree mode items stay in dissection order. */
static void move_into_layer(struct packet *pk, const struct bv *bv,
			    const struct eth_trailer *tr, uint32_t first)
{
	if (!pk->tree || !tr->depth || first >= pk->nitems)
		return;
	uint16_t d = (uint16_t)(tr->depth - 1);
	uint32_t i = first;
	while (i-- > 0) {
		const struct item *it = &pk->items[i];
		if (it->depth == d && it->f->type == FT_PROTOCOL &&
		    it->off + it->len == bv->base)
			break;
		if (it->depth < d)
			return;
	}
	if (i == UINT32_MAX)
		return;
	uint32_t pos = i + 1;
	while (pos < first && pk->items[pos].depth > d)
		pos++;
	if (pos == first)
		return;
	uint32_t n = pk->nitems - first, m = first - pos;
	struct item *tmp = arena_alloc(&pk->arena, n * sizeof(*tmp));
	memcpy(tmp, pk->items + first, n * sizeof(*tmp));
	memmove(pk->items + pos + n, pk->items + pos, m * sizeof(*tmp));
	memcpy(pk->items + pos, tmp, n * sizeof(*tmp));
}

void eth_add_trailer(struct packet *pk, struct bv *bv, uint32_t off,
		     const struct eth_trailer *tr)
{
	uint32_t rep = bv_reported_remaining(bv, off);
	uint32_t cap = bv_remaining(bv, off);
	if (!rep)
		return;
	uint16_t depth = pk->depth;
	uint32_t first = pk->nitems;
	pk->depth = tr->depth;
	/* Padding up to the 60-byte minimum frame (without FCS); only frames
	 * whose wire length reaches 60 can have been padded. */
	uint32_t pad = 0;
	bool pad_bad = false;
	if (pk->len >= 60 && pk->len >= rep && pk->len - rep < 60) {
		pad = 60 - (pk->len - rep);
		if (pad > rep)
			pad = rep;
		if (pad > cap)
			pad = cap;
		/* Padding that is not all zeros is left in the trailer. */
		for (uint32_t i = 0; i < pad; i++)
			if (bv->p[off + i]) {
				pad_bad = true;
				pad = 0;
				break;
			}
	}
	if (pad) {
		pk_add_view(pk, &hf_padding, bv, off, pad);
		rep -= pad;
		cap -= pad;
		off += pad;
	}
	/* With an unknown FCS length a trailer of 4 bytes or more on a frame of
	 * 64 bytes or more is assumed to end in the FCS. */
	bool fcs = false;
	if (tr->maybe_fcs && tr->outer_len >= 64 && rep >= 4) {
		fcs = true;
		if (cap < rep) {
			rep -= 4;
			if (cap > rep)
				cap = rep;
		} else {
			cap -= 4;
			rep -= 4;
		}
	}
	if (cap && tr->trailer) {
		pk_add_view(pk, tr->trailer, bv, off, cap);
		if (pad_bad) {
			pk_push(pk);
			pk_expert(pk, &ei_padding_bad, "Ethernet", bv, off, cap, NULL);
			pk_pop(pk);
		}
	}
	if (fcs && bv_has(bv, off + cap, 4)) {
		uint32_t v = bv_be32(bv, off + cap);
		struct item *it = pk_add_uint(pk, &hf_fcs, bv, off + cap, 4, v);
		lbl_text(pk, it, "Frame check sequence: 0x%08x [unverified]", v);
		pk_add_uint(pk, &hf_fcs_status, bv, off + cap, 0, 2);
	}
	pk->depth = depth;
	move_into_layer(pk, bv, tr, first);
}

static bool is_8023_type(uint16_t t) { return t <= 1500; }

static int dissect_eth(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	if (!bv_has(bv, 0, 14)) {
		/* Wireshark throws on the first field it cannot fetch: the
		 * addresses that are whole are shown, then the packet is
		 * marked truncated (a reported length that is short too makes
		 * it malformed). */
		pk_layer_begin(pk, "eth", &hf_eth, bv, 0, bv->len);
		if (bv_has(bv, 0, 6))
			add_mac(pk, bv, 0, true);
		if (bv_has(bv, 6, 6))
			add_mac(pk, bv, 6, false);
		pk_layer_end(pk);
		if (bv->rlen < 14)
			pk_malformed(pk, "Ethernet", bv, 0);
		else
			pk_truncated(pk, "Ethernet", bv);
		return (int)bv->len;
	}
	bool outer = pk->nlayers == 0;
	if (outer)
		col_info_set(pk, is_8023_type(bv_be16(bv, 12)) ? "IEEE 802.3 Ethernet" : "Ethernet II");
	uint16_t type = bv_be16(bv, 12);
	const uint8_t *dst = bv->p, *src = bv->p + 6;
	pk_set_dl_addrs(pk, AT_ETHER, src, dst);
	static int eth_tap; /* "eth" tap: conv,eth, endpoints,eth */
	if (tap_has_listener(tap_cached(&eth_tap, "eth"))) {
		struct eth_tap_info *ti = arena_alloc(&pk->arena, sizeof(*ti));
		memcpy(ti->src, src, 6), memcpy(ti->dst, dst, 6), ti->type = type;
		tap_queue(eth_tap, pk, ti);
	}
	bool is_8023 = type <= 1500;
	struct item *it = pk_layer_begin(pk, "eth", &hf_eth, bv, 0, 14);
	if (it && pk_labels(pk)) {
		char s[96], d[96];
		eth_addr_label(src, s, sizeof(s));
		eth_addr_label(dst, d, sizeof(d));
		if (is_8023)
			lbl_text(pk, it, "IEEE 802.3 Ethernet ");
		else
			lbl_text(pk, it, "Ethernet II, Src: %s, Dst: %s", s, d);
	}
	static struct want_cache wc;
	if (pk->tree || fields_any_wanted(&wc, fields)) {
		add_mac(pk, bv, 0, true);
		add_mac(pk, bv, 6, false);
	}
	/* Only the outer Ethernet of a frame may carry an FCS (tunnelled
	 * Ethernet is dissected without one, as Wireshark's eth_withoutfcs). */
	struct eth_trailer tr = { &hf_trailer, pk->depth, outer, bv->rlen };
	if (is_8023) {
		/* IEEE 802.3 length field: LLC follows, anything past the length
		 * is padding/trailer. */
		pk_add_uint(pk, &hf_len, bv, 12, 2, type);
		uint32_t rep = bv_reported_remaining(bv, 14);
		uint32_t l = type;
		if (l > rep) {
			pk_expert(pk, &ei_len_past_end, "Ethernet", bv, 12, 2,
				  "Length field value goes past the end of the payload");
			l = rep;
		}
		struct bv sub = bv_sub(bv, 14, l);
		eth_add_trailer(pk, bv, 14 + l, &tr);
		pk_layer_end(pk);
		int r = dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_LLC_PSEUDO,
				      &sub, NULL);
		if (r < 0)
			dissect_data(pk, &sub);
		return (int)bv->len;
	}
	if (type < 1536) {
		/* 1501..1535: neither a length nor a type. */
		pk_add_uint(pk, &hf_invalid_lentype, bv, 12, 2, type);
		pk_expert(pk, &ei_invalid_lentype, "Ethernet", bv, 12, 2,
			  "Invalid length/type: 0x%04x (%u)", type, type);
		pk_layer_end(pk);
		struct bv sub = bv_tail(bv, 14);
		dissect_data(pk, &sub);
		return (int)bv->len;
	}
	pk_add_uint(pk, &hf_type, bv, 12, 2, type);
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, 14);
	ethertype_dispatch(pk, type, &sub, &tr);
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
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_eth,
};
