/* pcapng.c — pcapng reader (draft-ietf-opsawg-pcapng): sections in either
 * byte order, interfaces with their link type, snaplen, if_tsresol (power of
 * 10 or 2), if_tsoffset, if_fcslen and if_name; Enhanced, Simple and the
 * obsolete Packet Blocks with opt_comment and epb_flags; Custom Blocks handed
 * out as records the way tshark 4.0 numbers them; NRB, ISB, DSB, journal and
 * unknown blocks skipped. Error texts follow Wireshark's wiretap/pcapng.c. */
#include "source_int.h"
#include "../core/alloc.h"

#include <stdio.h>
#include <string.h>

enum {
	BT_SHB = 0x0a0d0d0a,
	BT_IDB = 0x00000001,
	BT_PB = 0x00000002,        /* obsolete Packet Block */
	BT_SPB = 0x00000003,
	BT_EPB = 0x00000006,
	BT_CB_COPY = 0x00000bad,   /* Custom Block, may be copied */
	BT_CB_NOCOPY = 0x40000bad, /* Custom Block, must not be copied */
	BO_MAGIC = 0x1a2b3c4d,
};

/* Option codes (section 3.5 and per block). */
enum {
	OPT_ENDOFOPT = 0,
	OPT_COMMENT = 1,
	OPT_IF_NAME = 2,
	OPT_IF_DESCRIPTION = 3,
	OPT_IF_TSRESOL = 9,
	OPT_IF_FCSLEN = 13,
	OPT_IF_TSOFFSET = 14,
	OPT_EPB_FLAGS = 2,
};

static uint32_t pad4(uint32_t n) { return (4 - (n & 3)) & 3; }

/* Reads the block at the buffer's start without consuming it. Returns 1 with
 * *bt (type) and *bl (total length) set and the whole block buffered at
 * s->buf + s->start; 0 at a clean end of input; -1 with err set. An SHB sets
 * the section's byte order (s->ngswap) from its magic. */
static int block_peek(struct source *s, uint32_t *bt, uint32_t *bl)
{
	if (!src_fill(s, 8)) {
		if (s->ioerr)
			return -1;
		if (s->end == s->start)
			return 0;
		src_cut_short(s);
		return -1;
	}
	const uint8_t *p = s->buf + s->start;
	uint32_t raw;
	memcpy(&raw, p, 4);
	if (raw == BT_SHB) {
		if (!src_fill(s, 12)) {
			if (!s->ioerr)
				src_cut_short(s);
			return -1;
		}
		p = s->buf + s->start;
		uint32_t m;
		memcpy(&m, p + 8, 4);
		if (m == BO_MAGIC) {
			s->ngswap = false;
		} else if (__builtin_bswap32(m) == BO_MAGIC) {
			s->ngswap = true;
		} else {
			src_damaged(s, "pcapng: unknown byte-order magic number 0x%08x",
				    m);
			return -1;
		}
		*bt = BT_SHB;
	} else {
		*bt = src_get32(p, s->ngswap);
	}
	uint32_t len = src_get32(p + 4, s->ngswap);
	if (len < 12) {
		src_damaged(s, "pcapng: total block length %u is too small (< 12)",
			    len);
		return -1;
	}
	if (len & 3) {
		src_damaged(s, "pcapng: total block length %u is not a multiple of 4",
			    len);
		return -1;
	}
	if (len > SRC_MAX_BLOCK) {
		src_damaged(s, "pcapng: total block length %u is too large (> %u)",
			    len, SRC_MAX_BLOCK);
		return -1;
	}
	if (!src_fill(s, len)) {
		if (!s->ioerr)
			src_cut_short(s);
		return -1;
	}
	p = s->buf + s->start;
	uint32_t trail = src_get32(p + len - 4, s->ngswap);
	if (trail != len) {
		src_damaged(s, "pcapng: total block lengths (first %u and second %u) don't match",
			    len, trail);
		return -1;
	}
	*bl = len;
	return 1;
}

/* Calls fn for each option in [o, o + n); stops at opt_endofopt or at an
 * option that runs past the block (lenient: the block's fixed part is still
 * used). */
typedef void (*opt_fn)(struct source *s, void *ctx, uint16_t code,
		       const uint8_t *v, uint16_t len);

static void opts_walk(struct source *s, const uint8_t *o, size_t n, opt_fn fn,
		      void *ctx)
{
	size_t off = 0;
	while (n - off >= 4) {
		uint16_t code = src_get16(o + off, s->ngswap);
		uint16_t len = src_get16(o + off + 2, s->ngswap);
		if (code == OPT_ENDOFOPT)
			break;
		if ((size_t)len > n - off - 4)
			break;
		fn(s, ctx, code, o + off + 4, len);
		off += 4 + (size_t)len + pad4(len);
	}
}

/* --- SHB and IDB ------------------------------------------------------- */

static bool read_shb(struct source *s, uint32_t len)
{
	const uint8_t *p = s->buf + s->start;
	if (len < 28) {
		src_damaged(s, "pcapng: total block length %u of an SHB is less than the minimum SHB size 28",
			    len);
		return false;
	}
	uint16_t major = src_get16(p + 12, s->ngswap);
	uint16_t minor = src_get16(p + 14, s->ngswap);
	/* Wireshark accepts 1.0 and 1.2 (1.1 never existed in files). */
	if (major != 1 || minor > 2) {
		src_damaged(s, "pcapng: unknown SHB version %u.%u", major, minor);
		return false;
	}
	/* A new section: interface ids restart at 0 inside it, but keep
	 * counting globally for frame.interface_id. */
	s->section++;
	s->sect_base = s->nifs;
	return true;
}

static void idb_opt(struct source *s, void *ctx, uint16_t code,
		    const uint8_t *v, uint16_t len)
{
	struct src_iface *ifc = ctx;
	switch (code) {
	case OPT_IF_NAME: {
		size_t n = len < sizeof(ifc->name) - 1 ? len : sizeof(ifc->name) - 1;
		memcpy(ifc->name, v, n);
		ifc->name[n] = '\0';
		ifc->name[strnlen(ifc->name, n)] = '\0';
		break;
	}
	case OPT_IF_DESCRIPTION: {
		size_t n = len < sizeof(ifc->desc) - 1 ? len : sizeof(ifc->desc) - 1;
		memcpy(ifc->desc, v, n);
		ifc->desc[n] = '\0';
		break;
	}
	case OPT_IF_TSRESOL:
		if (len >= 1)
			ifc->tsresol = v[0];
		break;
	case OPT_IF_FCSLEN:
		if (len >= 1)
			ifc->fcslen = (int8_t)v[0];
		break;
	case OPT_IF_TSOFFSET:
		if (len >= 8) {
			uint64_t lo = src_get32(v, s->ngswap);
			uint64_t hi = src_get32(v + 4, s->ngswap);
			/* A 64-bit value in the section's byte order. */
			uint64_t x = s->ngswap ? (lo << 32) | hi : (hi << 32) | lo;
			ifc->tsoffset = (int64_t)x;
		}
		break;
	default:
		break;
	}
}

/* Timestamp ticks per second from if_tsresol: bit 7 clear = 10^-v, set =
 * 2^-(v & 0x7f). Exponents past 64-bit range saturate, as in Wireshark. */
static uint64_t tsresol_units(uint8_t r)
{
	unsigned e = r & 0x7f;
	if (r & 0x80)
		return e < 64 ? (uint64_t)1 << e : UINT64_MAX;
	if (e > 19)
		return UINT64_MAX;
	uint64_t u = 1;
	while (e--)
		u *= 10;
	return u;
}

/* Wireshark's WTAP_TSPREC_* from the units, as decimals. */
static uint8_t units_prec(uint64_t u)
{
	if (u >= 1000000000u) return 9;
	if (u >= 1000000u) return 6;
	if (u >= 1000u) return 3;
	if (u >= 100u) return 2;
	if (u >= 10u) return 1;
	return 0;
}

static bool read_idb(struct source *s, uint32_t len)
{
	const uint8_t *p = s->buf + s->start;
	if (len < 20) {
		src_damaged(s, "pcapng: total block length %u of an IDB is less than the minimum IDB size 20",
			    len);
		return false;
	}
	if (s->nifs == s->capifs) {
		s->capifs = s->capifs ? s->capifs * 2 : 8;
		s->ifs = xrealloc(s->ifs, s->capifs * sizeof(*s->ifs));
	}
	struct src_iface *ifc = &s->ifs[s->nifs];
	memset(ifc, 0, sizeof(*ifc));
	ifc->linktype = src_get16(p + 8, s->ngswap);
	ifc->snaplen = src_get32(p + 12, s->ngswap);
	ifc->tsresol = 6;
	ifc->fcslen = -1;
	opts_walk(s, p + 16, len - 20, idb_opt, ifc);
	ifc->units = tsresol_units(ifc->tsresol);
	ifc->tsprec = units_prec(ifc->units);
	if (ifc->tsprec == 9)
		s->any_nsec = true;
	s->nifs++;
	return true;
}

/* --- packets ----------------------------------------------------------- */

struct pkt_opts {
	uint32_t flags;
	uint32_t ncom;
	size_t cused;
};

static void pkt_opt(struct source *s, void *ctx, uint16_t code,
		    const uint8_t *v, uint16_t len)
{
	struct pkt_opts *po = ctx;
	if (code == OPT_COMMENT) {
		if (po->ncom == SRC_MAX_COMMENTS)
			return;
		/* cbuf holds at least a block's worth (see read_packet). */
		char *c = s->cbuf + po->cused;
		memcpy(c, v, len);
		c[len] = '\0';
		s->comments[po->ncom++] = c;
		po->cused += (size_t)len + 1;
	} else if (code == OPT_EPB_FLAGS && len >= 4) {
		po->flags = src_get32(v, s->ngswap);
	}
}

/* ns since the epoch from a 64-bit tick count of interface ifc:
 * secs = ticks / units, ns = (ticks % units) * 10^9 / units (wiretap). */
static int64_t ticks_ns(const struct src_iface *ifc, uint64_t t)
{
	uint64_t sec = t / ifc->units, rem = t % ifc->units;
	uint64_t ns = (uint64_t)(((unsigned __int128)rem * 1000000000u) /
				 ifc->units);
	/* Seconds past int64 ns (year 2262) saturate instead of wrapping. */
	__int128 v = ((__int128)sec + ifc->tsoffset) * 1000000000 + ns;
	if (v > INT64_MAX)
		return INT64_MAX;
	if (v < INT64_MIN)
		return INT64_MIN;
	return (int64_t)v;
}

/* EPB (type 6) and the obsolete PB (type 2), whose interface id is 16 bits
 * followed by a 16-bit drop count. */
static int read_packet(struct source *s, uint32_t bt, uint32_t len,
		       struct frame_hdr *h, const uint8_t **data)
{
	const uint8_t *p = s->buf + s->start;
	const char *what = bt == BT_EPB ? "an EPB" : "a PB";
	if (len < 32) {
		src_damaged(s, "pcapng: total block length %u of %s is less than the minimum %s size 32",
			    len, what, bt == BT_EPB ? "EPB" : "PB");
		return -1;
	}
	uint32_t ifid = bt == BT_EPB ? src_get32(p + 8, s->ngswap)
				     : src_get16(p + 8, s->ngswap);
	uint64_t th = src_get32(p + 12, s->ngswap);
	uint64_t tl = src_get32(p + 16, s->ngswap);
	uint32_t caplen = src_get32(p + 20, s->ngswap);
	uint32_t wlen = src_get32(p + 24, s->ngswap);
	if ((uint64_t)caplen + pad4(caplen) > (uint64_t)len - 32) {
		src_damaged(s, "pcapng: total block length %u of %s is too small for %u bytes of packet data",
			    len, what, caplen);
		return -1;
	}
	uint32_t nsect = s->nifs - s->sect_base;
	if (ifid >= nsect) {
		src_damaged(s, "pcapng: interface index %u is not less than section interface count %u",
			    ifid, nsect);
		return -1;
	}
	if (caplen > SRC_MAX_PACKET) {
		src_damaged(s, "pcapng: cap_len %u is larger than %u", caplen,
			    SRC_MAX_PACKET);
		return -1;
	}
	const struct src_iface *ifc = &s->ifs[s->sect_base + ifid];
	if (s->ccap < len) {
		s->ccap = len;
		s->cbuf = xrealloc(s->cbuf, s->ccap);
	}
	struct pkt_opts po = { 0, 0, 0 };
	uint32_t ooff = 28 + caplen + pad4(caplen);
	opts_walk(s, p + ooff, len - 4 - ooff, pkt_opt, &po);

	memset(h, 0, sizeof(*h));
	h->ts = ticks_ns(ifc, (th << 32) | tl);
	h->has_ts = true;
	h->tsprec = ifc->tsprec;
	h->caplen = caplen;
	h->len = wlen;
	h->linktype = ifc->linktype;
	h->ifid = s->sect_base + ifid;
	h->flags = po.flags;
	h->comments = s->comments;
	h->ncomments = po.ncom;
	h->comment = po.ncom ? s->comments[0] : NULL;
	/* epb_flags bits 5-8: FCS length in bytes, overriding if_fcslen. */
	h->fcslen = (po.flags >> 5) & 0xf ? (int8_t)((po.flags >> 5) & 0xf)
					   : ifc->fcslen;
	h->section = s->section;
	*data = p + 28;
	return 1;
}

static int read_spb(struct source *s, uint32_t len, struct frame_hdr *h,
		    const uint8_t **data)
{
	const uint8_t *p = s->buf + s->start;
	if (len < 16) {
		src_damaged(s, "pcapng: total block length %u of an SPB is less than the minimum SPB size 16",
			    len);
		return -1;
	}
	if (s->nifs == s->sect_base) {
		src_damaged(s, "pcapng: SPB appeared before any IDBs in the section");
		return -1;
	}
	const struct src_iface *ifc = &s->ifs[s->sect_base];
	uint32_t wlen = src_get32(p + 8, s->ngswap);
	/* No captured length in an SPB: min(packet length, IDB 0's snaplen),
	 * a snaplen of 0 meaning no limit. */
	uint32_t caplen = wlen;
	if (ifc->snaplen && caplen > ifc->snaplen)
		caplen = ifc->snaplen;
	if ((uint64_t)caplen + pad4(caplen) > (uint64_t)len - 16) {
		src_damaged(s, "pcapng: total block length %u of an SPB is too small for %u bytes of packet data",
			    len, wlen);
		return -1;
	}
	if (caplen > SRC_MAX_PACKET) {
		src_damaged(s, "pcapng: cap_len %u is larger than %u", caplen,
			    SRC_MAX_PACKET);
		return -1;
	}
	memset(h, 0, sizeof(*h));
	h->has_ts = false; /* an SPB carries no time stamp */
	h->tsprec = ifc->tsprec;
	h->caplen = caplen;
	h->len = wlen;
	h->linktype = ifc->linktype;
	h->ifid = s->sect_base;
	h->fcslen = ifc->fcslen;
	h->section = s->section;
	*data = p + 12;
	return 1;
}

static int read_custom(struct source *s, uint32_t bt, uint32_t len,
		       struct frame_hdr *h, const uint8_t **data)
{
	const uint8_t *p = s->buf + s->start;
	if (len < 16) {
		src_damaged(s, "pcapng: total block length %u of a CB is less than the minimum CB size 16",
			    len);
		return -1;
	}
	memset(h, 0, sizeof(*h));
	h->rectype = SRC_REC_CUSTOM;
	h->pen = src_get32(p + 8, s->ngswap);
	h->cb_copy = bt == BT_CB_COPY;
	/* Custom data and options cannot be told apart without knowing the
	 * PEN; tshark shows them together as the record's bytes. */
	h->caplen = h->len = len - 16;
	h->linktype = UINT32_MAX; /* no link layer */
	h->fcslen = -1;
	h->section = s->section;
	*data = p + 12;
	return 1;
}

static int pcapng_next(struct source *s, struct frame_hdr *h,
		       const uint8_t **data)
{
	for (;;) {
		uint32_t bt, len;
		int r = block_peek(s, &bt, &len);
		if (r <= 0)
			return r;
		switch (bt) {
		case BT_SHB:
			if (!read_shb(s, len))
				return -1;
			break;
		case BT_IDB:
			if (!read_idb(s, len))
				return -1;
			break;
		case BT_EPB:
		case BT_PB:
			r = read_packet(s, bt, len, h, data);
			break;
		case BT_SPB:
			r = read_spb(s, len, h, data);
			break;
		case BT_CB_COPY:
		case BT_CB_NOCOPY:
			r = read_custom(s, bt, len, h, data);
			break;
		default:
			/* NRB, ISB, DSB, systemd journal, Darwin process
			 * info and unknown types: nothing for the frame
			 * stream. */
			break;
		}
		if (r < 0)
			return -1;
		s->start += len;
		if (bt == BT_EPB || bt == BT_PB || bt == BT_SPB ||
		    bt == BT_CB_COPY || bt == BT_CB_NOCOPY) {
			s->nframes++;
			return 1;
		}
	}
}

bool pcapng_open(struct source *s, char *err, size_t errlen)
{
	s->fmt = SRC_PCAPNG;
	s->next = pcapng_next;
	/* Read the first SHB and the IDBs right after it, so the first
	 * interface's link type and snaplen are known before any frame (the
	 * pcap writer needs them at open). */
	for (bool first = true;; first = false) {
		uint32_t bt, len;
		if (!first) {
			/* Only IDBs are read ahead; anything else, or a
			 * block cut short, is left for pcapng_next() so the
			 * frames before it are still delivered. */
			bool more = src_fill(s, 8);
			if (s->ioerr) {
				snprintf(err, errlen, "%s", s->err);
				return false;
			}
			if (!more ||
			    src_get32(s->buf + s->start, s->ngswap) != BT_IDB)
				return true;
		}
		int r = block_peek(s, &bt, &len);
		if (r < 0 && first && !s->ioerr &&
		    strstr(s->err, "cut short")) {
			snprintf(err, errlen,
				 "The file \"%s\" appears to have been cut short in the middle of a packet or other data.",
				 s->path);
			return false;
		}
		if (r < 0) {
			snprintf(err, errlen, "%s", s->err);
			return false;
		}
		if (r == 0)
			return true;
		if (bt == BT_SHB && first) {
			if (!read_shb(s, len)) {
				snprintf(err, errlen, "%s", s->err);
				return false;
			}
		} else if (bt == BT_IDB) {
			if (!read_idb(s, len)) {
				snprintf(err, errlen, "%s", s->err);
				return false;
			}
		} else {
			return true;
		}
		s->start += len;
	}
}
