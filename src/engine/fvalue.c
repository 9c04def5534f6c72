/* fvalue.c — value formatting for -T fields, -V and json (see fvalue.h). */
#include "fvalue.h"
#include "../core/outbuf.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

size_t fmt_abs_time(char *dst, size_t dstlen, int64_t ns, int utc)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
		"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t sec = (time_t)(ns / 1000000000);
	long frac = (long)(ns % 1000000000);
	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	struct tm tm;
	if (utc)
		gmtime_r(&sec, &tm);
	else
		localtime_r(&sec, &tm);
	char zone[16] = "UTC";
	if (!utc)
		strftime(zone, sizeof(zone), "%Z", &tm);
	int n = snprintf(dst, dstlen, "%s %2d, %d %02d:%02d:%02d.%09ld %s",
			 mon[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900,
			 tm.tm_hour, tm.tm_min, tm.tm_sec, frac, zone);
	return n < 0 ? 0 : (size_t)n;
}

static size_t rel_time(char *dst, size_t dstlen, int64_t ns)
{
	const char *sign = "";
	if (ns < 0) {
		sign = "-";
		ns = -ns;
	}
	int n = snprintf(dst, dstlen, "%s%" PRId64 ".%09" PRId64, sign,
			 ns / 1000000000, ns % 1000000000);
	return n < 0 ? 0 : (size_t)n;
}

static size_t hexbytes(char *dst, size_t dstlen, const uint8_t *p, uint32_t n,
		       char sep)
{
	static const char hx[] = "0123456789abcdef";
	size_t w = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (sep && i && w + 1 < dstlen)
			dst[w++] = sep;
		if (w + 2 < dstlen) {
			dst[w++] = hx[p[i] >> 4];
			dst[w++] = hx[p[i] & 15];
		} else {
			w += 2;
		}
	}
	if (dstlen)
		dst[w < dstlen ? w : dstlen - 1] = '\0';
	return w;
}

/* Strings are printed as tshark's format_text(): non-printable bytes as C
 * escapes (\r \n \t) or \xNN. */
static size_t text(char *dst, size_t dstlen, const uint8_t *p, uint32_t n)
{
	size_t w = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		char e[5];
		size_t k;
		if (c == '\r') { e[0] = '\\'; e[1] = 'r'; k = 2; }
		else if (c == '\n') { e[0] = '\\'; e[1] = 'n'; k = 2; }
		else if (c == '\t') { e[0] = '\\'; e[1] = 't'; k = 2; }
		else if (c < 0x20 || c == 0x7f) {
			snprintf(e, sizeof(e), "\\x%02x", c);
			k = 4;
		} else { e[0] = (char)c; k = 1; }
		for (size_t j = 0; j < k; j++, w++)
			if (w + 1 < dstlen)
				dst[w] = e[j];
	}
	if (dstlen)
		dst[w < dstlen ? w : dstlen - 1] = '\0';
	return w;
}

static size_t uint_str(const struct item *it, char *dst, size_t dstlen)
{
	const struct field *f = it->f;
	uint64_t v = it->v.u;
	int bits = ftype_bits((enum ftype)f->type);
	int n;
	switch (f->base) {
	case BASE_HEX:
	case BASE_HEX_DEC:
		if (dstlen >= 20 && bits / 4 <= 16) {
			/* the hot -T fields case: zero-padded to the type's
			 * width, as "0x%0*" PRIx64 would */
			static const char hx[] = "0123456789abcdef";
			int w = bits / 4, sig = 1;
			while (sig < 16 && (v >> (4 * sig)))
				sig++;
			if (sig > w)
				w = sig;
			dst[0] = '0';
			dst[1] = 'x';
			for (int k = 0; k < w; k++)
				dst[2 + k] = hx[(v >> (4 * (w - 1 - k))) & 15];
			dst[2 + w] = '\0';
			return (size_t)(2 + w);
		}
		n = snprintf(dst, dstlen, "0x%0*" PRIx64, bits / 4, v);
		break;
	case BASE_OCT:
		n = snprintf(dst, dstlen, "0%" PRIo64, v);
		break;
	default:
		if (dstlen >= 21) /* fmt_u64 writes at most 20 digits + NUL */
			return fmt_u64(dst, v);
		n = snprintf(dst, dstlen, "%" PRIu64, v);
	}
	return n < 0 ? 0 : (size_t)n;
}

size_t item_value_str(const struct item *it, char *dst, size_t dstlen)
{
	const struct field *f = it->f;
	int n = 0;
	switch ((enum ftype)f->type) {
	case FT_NONE:
		n = snprintf(dst, dstlen, "1");
		break;
	case FT_PROTOCOL:
		/* A protocol prints its label; one without a label prints its
		 * filter name, as tshark does. */
		if (it->text)
			n = snprintf(dst, dstlen, "%s", it->text);
		else
			n = snprintf(dst, dstlen, "%s", f->abbrev);
		break;
	case FT_BOOLEAN:
		n = snprintf(dst, dstlen, "%d", it->v.u ? 1 : 0);
		break;
	case FT_UINT8: case FT_UINT16: case FT_UINT24: case FT_UINT32:
	case FT_UINT48: case FT_UINT64: case FT_FRAMENUM:
		return uint_str(it, dst, dstlen);
	case FT_INT8: case FT_INT16: case FT_INT32: case FT_INT64:
		n = snprintf(dst, dstlen, "%" PRId64, it->v.i);
		break;
	case FT_FLOAT:
	case FT_DOUBLE:
		n = snprintf(dst, dstlen, "%.15g", it->v.d);
		break;
	case FT_ABSOLUTE_TIME:
		if (f->base == BASE_TIME_UNIX)
			return rel_time(dst, dstlen, it->v.ns);
		return fmt_abs_time(dst, dstlen, it->v.ns, f->base == BASE_TIME_UTC);
	case FT_RELATIVE_TIME:
		return rel_time(dst, dstlen, it->v.ns);
	case FT_IPv4:
		if (it->v.b.n == 4 && dstlen >= 16)
			return fmt_ipv4(dst, it->v.b.p);
		break;
	case FT_IPv6:
		if (it->v.b.n == 16 && dstlen >= 46)
			return fmt_ipv6(dst, it->v.b.p);
		break;
	case FT_ETHER:
		if (it->v.b.n == 6 && dstlen >= 18)
			return fmt_ether(dst, it->v.b.p);
		break;
	case FT_STRING:
		return text(dst, dstlen, it->v.b.p, it->v.b.n);
	case FT_BYTES:
		return hexbytes(dst, dstlen, it->v.b.p, it->v.b.n,
				(f->base & BASE_SEP_COLON) ? ':' : 0);
	case FT_GUID:
		return hexbytes(dst, dstlen, it->v.b.p, it->v.b.n, 0);
	}
	if (n < 0)
		n = 0;
	if (dstlen && (size_t)n >= dstlen)
		dst[dstlen - 1] = '\0';
	return (size_t)n;
}

size_t item_display_str(const struct item *it, char *dst, size_t dstlen)
{
	const struct field *f = it->f;
	if (f->vals && (ftype_is_uint((enum ftype)f->type))) {
		const char *name = tok_find(f->vals, (uint32_t)it->v.u);
		if (f->type == FT_BOOLEAN)
			return (size_t)snprintf(dst, dstlen, "%s",
				name ? name : (it->v.u ? "True" : "False"));
		char num[32];
		item_value_str(it, num, sizeof(num));
		int n = snprintf(dst, dstlen, "%s (%s)", name ? name : "Unknown", num);
		return n < 0 ? 0 : (size_t)n;
	}
	if (f->type == FT_BOOLEAN)
		return (size_t)snprintf(dst, dstlen, "%s", it->v.u ? "True" : "False");
	if (f->type == FT_BYTES)
		return hexbytes(dst, dstlen, it->v.b.p, it->v.b.n,
				(f->base & BASE_SEP_COLON) ? ':' : 0);
	if (f->type == FT_RELATIVE_TIME || (f->type == FT_ABSOLUTE_TIME && f->base == BASE_TIME_UNIX)) {
		size_t n = item_value_str(it, dst, dstlen);
		if (n + 9 < dstlen) {
			memcpy(dst + n, " seconds", 9);
			n += 8;
		}
		return n;
	}
	if ((f->base == BASE_HEX_DEC || f->base == BASE_DEC_HEX) && ftype_is_uint((enum ftype)f->type)) {
		int bits = ftype_bits((enum ftype)f->type);
		int n = f->base == BASE_HEX_DEC
			? snprintf(dst, dstlen, "0x%0*" PRIx64 " (%" PRIu64 ")", bits / 4, it->v.u, it->v.u)
			: snprintf(dst, dstlen, "%" PRIu64 " (0x%0*" PRIx64 ")", it->v.u, bits / 4, it->v.u);
		return n < 0 ? 0 : (size_t)n;
	}
	return item_value_str(it, dst, dstlen);
}
