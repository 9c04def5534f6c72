/* print_tree.c — -V protocol tree and -x hex/ASCII dump, in tshark 4.0's
 * layout: four spaces per level; hex lines "0000  xx xx ... xx   ascii".
 *
 * A tree line is built the way Wireshark's proto.c labels an item:
 *   - an item of a field with a bit mask (integer or boolean) starts with the
 *     field's bits, "0100 .... = ", as wide as the field's container (the
 *     type's width, or for FT_BOOLEAN the width in its base), '.' for bits
 *     outside the mask; this prefix is added before a dissector's label too,
 *     since a label set with pk_item_text plays the part of Wireshark's
 *     proto_tree_add_*_format_value (fields whose label must not show bits,
 *     like tcp.flags, are declared without a mask);
 *   - generated items are shown in [brackets] (a label that already starts
 *     with '[' keeps its own);
 *   - an expert info item becomes the subtree tshark shows under the item it
 *     annotates: "[Expert Info (Severity/Group): msg]" with "[msg]",
 *     "[Severity level: ...]" and "[Group: ...]" below it;
 *   - hidden items, and every item below them, are not shown;
 *   - Ethernet addresses are shown with their resolved names.
 * Lines are written straight into the output buffer, no printf per item. */
#include "output.h"
#include "../engine/fvalue.h"
#include "../dissect/manuf.h"

#include <stdio.h>
#include <string.h>

/* Each line is written straight into the output buffer: room for the
 * longest line is reserved first (LINE_MAX), then pieces are copied with a
 * cursor. A label is at most 1 KiB (pk_item_text), a value at most 4 KiB
 * (item_display_str's buffer) and the indent and bits a few hundred bytes. */
#define LINE_MAX 8192

static char *line_begin(struct outbuf *o)
{
	if (sizeof(o->buf) - o->len < LINE_MAX)
		ob_flush(o);
	return o->buf + o->len;
}

static void line_end(struct outbuf *o, char *p)
{
	*p++ = '\n';
	o->len = (size_t)(p - o->buf);
}

/* Copies a NUL-terminated string, stopping 1 KiB + 64 bytes short of the
 * line's room so a bad label cannot overrun it. */
static char *put_s(char *p, const char *s)
{
	size_t k = strnlen(s, 1024 + 64);
	memcpy(p, s, k);
	return p + k;
}

static char *put_mem(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static char *indent(char *p, unsigned depth)
{
	if (depth > 256)
		depth = 256;
	/* four bytes at a time: depths are small, and a memset of a
	 * variable length became "rep stos", slow to start */
	for (unsigned i = 0; i < depth; i++, p += 4)
		memcpy(p, "    ", 4);
	return p;
}

static unsigned mask_shift(uint64_t m)
{
	return m ? (unsigned)__builtin_ctzll(m) : 0;
}

/* Bits from the lowest to the highest set bit of the mask (Wireshark sizes a
 * masked hex value by these, not by the type: "Flags: 0x0", "0x00000"). */
static int mask_width(uint64_t m)
{
	if (!m)
		return 0;
	return 64 - __builtin_clzll(m) - __builtin_ctzll(m);
}

/* Container width in bits of a masked field. */
static int container_bits(const struct field *f)
{
	if (f->type == FT_BOOLEAN) {
		int w = f->base & ~BASE_SEP_COLON;
		if (w == BASE_BOOL_8 || w == BASE_BOOL_12 || w == BASE_BOOL_16 ||
		    w == BASE_BOOL_24 || w == BASE_BOOL_32)
			return w;
		/* A boolean declared without its width: the smallest whole
		 * number of bytes holding the mask. */
		int hi = 64 - __builtin_clzll(f->mask);
		return (hi + 7) / 8 * 8;
	}
	return ftype_bits((enum ftype)f->type);
}

/* "0100 .... = ": one character per bit of the container, most significant
 * first, a space between groups of four. v is the field's (shifted) value. */
static char *put_bits(char *p, const struct field *f, uint64_t v)
{
	int w = container_bits(f);
	uint64_t bits = v << mask_shift(f->mask);
	/* a group of four characters at a time (containers are whole
	 * nibbles wide) */
	for (int g = w / 4 - 1; g >= 0; g--) {
		unsigned m = (unsigned)(f->mask >> (4 * g)) & 15;
		unsigned b = (unsigned)(bits >> (4 * g)) & 15;
		for (int i = 3; i >= 0; i--)
			*p++ = (m >> i & 1) ? ((b >> i & 1) ? '1' : '0') : '.';
		if (g)
			*p++ = ' ';
	}
	return put_mem(p, " = ", 3);
}

static bool has_bits(const struct field *f)
{
	return f->mask && (f->type == FT_BOOLEAN || ftype_is_uint((enum ftype)f->type) ||
			   ftype_is_int((enum ftype)f->type));
}

static char *put_u64(char *p, uint64_t v)
{
	return p + fmt_u64(p, v);
}

static char *put_hex(char *p, uint64_t v, int digits)
{
	static const char hx[] = "0123456789abcdef";
	int n = 1;
	for (uint64_t t = v >> 4; t; t >>= 4)
		n++;
	if (n < digits)
		n = digits;
	for (int i = n - 1; i >= 0; i--) {
		p[i] = hx[v & 15];
		v >>= 4;
	}
	return p + n;
}

/* An unsigned value in the field's base; hex is as wide as the mask, or the
 * type, needs (0x%02x for FT_UINT8 ...). */
static char *put_uint(char *p, const struct field *f, uint64_t v, int base)
{
	int digits = f->mask ? (mask_width(f->mask) + 3) / 4
			     : ftype_bits((enum ftype)f->type) / 4;
	switch (base) {
	case BASE_HEX:
		p = put_mem(p, "0x", 2);
		return put_hex(p, v, digits);
	case BASE_OCT: {
		char b[24];
		int n = sizeof(b);
		do {
			b[--n] = (char)('0' + (v & 7));
			v >>= 3;
		} while (v);
		*p++ = '0';
		if (!(n == (int)sizeof(b) - 1 && b[n] == '0'))
			p = put_mem(p, b + n, sizeof(b) - (size_t)n);
		return p;
	}
	case BASE_HEX_DEC:
		p = put_mem(p, "0x", 2);
		p = put_hex(p, v, digits);
		p = put_mem(p, " (", 2);
		p = put_u64(p, v);
		*p++ = ')';
		return p;
	case BASE_DEC_HEX:
		p = put_u64(p, v);
		p = put_mem(p, " (0x", 4);
		p = put_hex(p, v, digits);
		*p++ = ')';
		return p;
	default:
		return put_u64(p, v);
	}
}

/* Seconds with nine decimals, " seconds" (relative times). */
static char *put_rel_time(char *p, int64_t ns)
{
	uint64_t a = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	if (ns < 0)
		*p++ = '-';
	p = put_u64(p, a / 1000000000u);
	*p++ = '.';
	uint64_t frac = a % 1000000000u;
	for (int i = 8; i >= 0; i--) {
		p[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	return put_mem(p + 9, " seconds", 8);
}

/* The value part of "Name: value", as Wireshark's fill_label_* writes it.
 * caplen: the frame's captured length (an empty byte field at its very end
 * is "<MISSING>" in tshark, elsewhere "<none>"). */
static char *put_value(char *p, const struct item *it, uint32_t caplen)
{
	const struct field *f = it->f;
	enum ftype t = (enum ftype)f->type;
	if (t == FT_BOOLEAN) {
		/* Any bit of the mask set is true. */
		const char *s = f->vals ? tok_find(f->vals, it->v.u ? 1 : 0) : NULL;
		return put_s(p, s ? s : it->v.u ? "True" : "False");
	}
	if (ftype_is_uint(t)) {
		if (f->vals) {
			/* "Name (value)": hex-and-decimal bases show one of
			 * the two, like Wireshark's hfinfo_number_vals_format. */
			const char *s = tok_find(f->vals, (uint32_t)it->v.u);
			p = put_s(p, s ? s : "Unknown");
			if (f->base == BASE_NONE)
				return p;
			p = put_mem(p, " (", 2);
			int b = f->base == BASE_HEX_DEC ? BASE_HEX
				: f->base == BASE_DEC_HEX ? BASE_DEC : f->base;
			p = put_uint(p, f, it->v.u, b);
			*p++ = ')';
			return p;
		}
		return put_uint(p, f, it->v.u, f->base);
	}
	if (ftype_is_int(t) && f->vals) {
		const char *s = tok_find(f->vals, (uint32_t)it->v.i);
		p = put_s(p, s ? s : "Unknown");
		p = put_mem(p, " (", 2);
		if (it->v.i < 0) {
			*p++ = '-';
			p = put_u64(p, (uint64_t)0 - (uint64_t)it->v.i);
		} else {
			p = put_u64(p, (uint64_t)it->v.i);
		}
		*p++ = ')';
		return p;
	}
	switch (t) {
	case FT_IPv4:
		if (it->v.b.n == 4)
			return p + fmt_ipv4(p, it->v.b.p);
		break;
	case FT_IPv6:
		if (it->v.b.n == 16)
			return p + fmt_ipv6(p, it->v.b.p);
		break;
	case FT_ETHER:
		/* "Name (aa:bb:cc:dd:ee:ff)", resolved as tshark does by
		 * default (manuf.h caches the names). */
		if (it->v.b.n == 6 && !manuf_resolution())
			return p + fmt_ether(p, it->v.b.p);
		if (it->v.b.n == 6) {
			p += manuf_eth_name(it->v.b.p, p, 64);
			p = put_mem(p, " (", 2);
			p += fmt_ether(p, it->v.b.p);
			*p++ = ')';
			return p;
		}
		break;
	case FT_BYTES:
		if (!it->v.b.n)
			return it->off >= caplen ? put_mem(p, "<MISSING>", 9)
						 : put_mem(p, "<none>", 6);
		if (!(f->base & BASE_SEP_COLON)) {
			/* Wireshark's label shows at most 36 bytes, then an
			 * ellipsis (U+2026). */
			static const char hx[] = "0123456789abcdef";
			uint32_t n = it->v.b.n > 36 ? 36 : it->v.b.n;
			for (uint32_t k = 0; k < n; k++) {
				*p++ = hx[it->v.b.p[k] >> 4];
				*p++ = hx[it->v.b.p[k] & 15];
			}
			if (it->v.b.n > 36)
				p = put_mem(p, "\xe2\x80\xa6", 3);
			return p;
		}
		break;
	case FT_RELATIVE_TIME:
		return put_rel_time(p, it->v.ns);
	case FT_ABSOLUTE_TIME:
		if (f->base == BASE_TIME_UNIX)
			return put_rel_time(p, it->v.ns);
		break;
	default:
		break;
	}
	/* The rest (times, strings, ...): item_display_str, at most 4 KiB. */
	size_t n = item_display_str(it, p, 4096);
	return p + (n < 4096 ? n : 4095);
}

/* The expert event an item records, or NULL: pk_expert gives the item the
 * event's own message pointer as its label. */
static const struct expert_event *expert_of(const struct packet *pk,
					    const struct item *it)
{
	if (it->f->type != FT_NONE || !it->text)
		return NULL;
	for (const struct expert_event *ev = pk->experts; ev; ev = ev->next)
		if ((const void *)&ev->e->f == (const void *)it->f &&
		    ev->msg == it->text)
			return ev;
	return NULL;
}

/* Wireshark keeps a label in ITEM_LABEL_LENGTH (240) bytes: one that does
 * not fit gets " [truncated]" inserted after the field name (at the start
 * for a text label) and is cut before the character that would hold byte
 * 239, leaving 238 bytes at most (proto.c's label_mark_truncated). lb..p
 * is the label as written; returns its new end. */
#define ITEM_LABEL_LENGTH 240
static char *truncate_label(char *lb, char *p, size_t name_pos)
{
	static const char mark[] = " [truncated]";
	const size_t mlen = sizeof(mark) - 1;
	if ((size_t)(p - lb) < ITEM_LABEL_LENGTH ||
	    name_pos >= ITEM_LABEL_LENGTH - mlen)
		return p;
	memmove(lb + name_pos + mlen, lb + name_pos,
		ITEM_LABEL_LENGTH - name_pos - mlen);
	memcpy(lb + name_pos, mark, mlen);
	size_t cut = ITEM_LABEL_LENGTH - 2;
	while (cut > 0 && ((unsigned char)lb[cut] & 0xc0) == 0x80)
		cut--;
	return lb + cut;
}

static void put_expert(struct outbuf *o, unsigned depth,
		       const struct expert_event *ev)
{
	const char *sev = tok_str(expert_severity_vals, ev->e->severity, "Unknown");
	const char *grp = tok_str(expert_group_vals, ev->e->group, "Unknown");
	char *p = indent(line_begin(o), depth);
	*p++ = '[';
	char *lb = p;
	p = put_s(p, "Expert Info (");
	p = put_s(p, sev);
	*p++ = '/';
	p = put_s(p, grp);
	p = put_s(p, "): ");
	p = put_s(p, ev->msg);
	p = truncate_label(lb, p, 0);
	*p++ = ']';
	line_end(o, p);
	p = indent(line_begin(o), depth + 1);
	*p++ = '[';
	/* the message item is cut to the label size without a mark */
	lb = p;
	p = put_s(p, ev->msg);
	if (p - lb > ITEM_LABEL_LENGTH - 1)
		p = lb + ITEM_LABEL_LENGTH - 1;
	*p++ = ']';
	line_end(o, p);
	p = indent(line_begin(o), depth + 1);
	p = put_s(p, "[Severity level: ");
	p = put_s(p, sev);
	*p++ = ']';
	line_end(o, p);
	p = indent(line_begin(o), depth + 1);
	p = put_s(p, "[Group: ");
	p = put_s(p, grp);
	*p++ = ']';
	line_end(o, p);
}

void out_tree(struct outbuf *o, const struct packet *pk)
{
	for (uint32_t i = 0; i < pk->nitems; i++) {
		const struct item *it = &pk->items[i];
		if (it->flags & FF_HIDDEN) {
			/* Children of a hidden item are hidden with it. */
			while (i + 1 < pk->nitems && pk->items[i + 1].depth > it->depth)
				i++;
			continue;
		}
		const struct field *f = it->f;
		if (pk->experts && f->type == FT_NONE) {
			const struct expert_event *ev = expert_of(pk, it);
			if (ev) {
				put_expert(o, it->depth, ev);
				continue;
			}
		}
		char *p = indent(line_begin(o), it->depth);
		bool br = (it->flags & FF_GENERATED) && !(it->text && it->text[0] == '[');
		if (br)
			*p++ = '[';
		if (has_bits(f))
			p = put_bits(p, f, it->v.u);
		char *lb = p;
		if (it->text) {
			p = put_s(p, it->text);
			p = truncate_label(lb, p, 0);
		} else if (f->type == FT_PROTOCOL || f->type == FT_NONE) {
			p = put_s(p, f->name);
		} else {
			p = put_s(p, f->name);
			size_t name_pos = (size_t)(p - lb);
			*p++ = ':';
			*p++ = ' ';
			p = put_value(p, it, pk->caplen);
			p = truncate_label(lb, p, name_pos);
		}
		if (br)
			*p++ = ']';
		line_end(o, p);
	}
}

void out_hex(struct outbuf *o, const uint8_t *p, uint32_t n)
{
	static const char hx[] = "0123456789abcdef";
	for (uint32_t off = 0; off < n; off += 16) {
		char line[80];
		memset(line, ' ', sizeof(line));
		int k = snprintf(line, sizeof(line), "%04x  ", off);
		line[k] = ' ';
		for (uint32_t j = 0; j < 16 && off + j < n; j++) {
			uint8_t c = p[off + j];
			size_t pos = 6 + j * 3; /* no gap after 8 bytes (tshark 4.0) */
			line[pos] = hx[c >> 4];
			line[pos + 1] = hx[c & 15];
			line[56 + j] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		}
		uint32_t cnt = n - off < 16 ? n - off : 16;
		size_t end = 56 + cnt;
		ob_write(o, line, end);
		ob_putc(o, '\n');
	}
}
