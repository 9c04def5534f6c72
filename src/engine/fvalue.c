/* fvalue.c — value formatting for -T fields, -V and json (see fvalue.h). */
#include "fvalue.h"
#include "../core/outbuf.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdarg.h>
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
	/* Consecutive packets mostly fall in the same second: the broken-down
	 * time (localtime_r is costly) is kept per thread for the last second
	 * seen in each mode. */
	static _Thread_local struct {
		time_t sec;
		bool valid;
		struct tm tm;
		char zone[16];
	} cache[2];
	struct tm tm;
	char zone[16] = "UTC";
	if (cache[utc != 0].valid && cache[utc != 0].sec == sec) {
		tm = cache[utc != 0].tm;
		memcpy(zone, cache[utc != 0].zone, sizeof(zone));
	} else {
		if (utc)
			gmtime_r(&sec, &tm);
		else
			localtime_r(&sec, &tm);
		if (!utc)
			strftime(zone, sizeof(zone), "%Z", &tm);
		cache[utc != 0].sec = sec;
		cache[utc != 0].valid = true;
		cache[utc != 0].tm = tm;
		memcpy(cache[utc != 0].zone, zone, sizeof(zone));
	}
	/* "%s %2d, %d %02d:%02d:%02d.%09ld %s", without printf (every -V
	 * frame prints it). */
	char b[96];
	size_t n = 0;
	memcpy(b, mon[tm.tm_mon], 3);
	n = 3;
	b[n++] = ' ';
	b[n++] = tm.tm_mday >= 10 ? (char)('0' + tm.tm_mday / 10) : ' ';
	b[n++] = (char)('0' + tm.tm_mday % 10);
	b[n++] = ',';
	b[n++] = ' ';
	int year = tm.tm_year + 1900;
	if (year >= 1000 && year <= 9999) {
		b[n++] = (char)('0' + year / 1000);
		b[n++] = (char)('0' + year / 100 % 10);
		b[n++] = (char)('0' + year / 10 % 10);
		b[n++] = (char)('0' + year % 10);
	} else {
		n += (size_t)snprintf(b + n, 16, "%d", year);
	}
	const int hms[3] = { tm.tm_hour, tm.tm_min, tm.tm_sec };
	for (int i = 0; i < 3; i++) {
		b[n++] = i ? ':' : ' ';
		b[n++] = (char)('0' + hms[i] / 10);
		b[n++] = (char)('0' + hms[i] % 10);
	}
	b[n++] = '.';
	for (int i = 8; i >= 0; i--) {
		b[n + (size_t)i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	n += 9;
	b[n++] = ' ';
	size_t zl = strlen(zone);
	memcpy(b + n, zone, zl);
	n += zl;
	if (dstlen) {
		size_t k = n < dstlen ? n : dstlen - 1;
		memcpy(dst, b, k);
		dst[k] = '\0';
	}
	return n;
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
size_t fmt_text(char *dst, size_t dstlen, const uint8_t *p, uint32_t n)
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
		return fmt_text(dst, dstlen, it->v.b.p, it->v.b.n);
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

int fmt_fast(char *dst, size_t cap, const char *fmt, va_list ap)
{
	static const char lx[] = "0123456789abcdef", ux[] = "0123456789ABCDEF";
	size_t n = 0;
	if (!cap)
		return -1;
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			/* a run of literal text */
			const char *e = strchrnul(f + 1, '%');
			size_t k = (size_t)(e - f);
			if (k > cap - 1 - n)
				k = cap - 1 - n;
			memcpy(dst + n, f, k);
			n += k;
			f = e - 1;
			continue;
		}
		f++;
		if (*f == '%') {
			if (n + 1 < cap)
				dst[n++] = '%';
			continue;
		}
		bool zero = false;
		int width = 0, lng = 0;
		if (*f == '0') {
			zero = true;
			f++;
		}
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (*f++ - '0');
		while (*f == 'l' || *f == 'z' || *f == 'h') {
			if (*f == 'l' || *f == 'z')
				lng++;
			f++;
		}
		char num[24];
		const char *p;
		size_t k;
		bool neg = false;
		switch (*f) {
		case 's':
			p = va_arg(ap, const char *);
			if (!p)
				p = "(null)";
			k = strlen(p);
			break;
		case 'c':
			num[0] = (char)va_arg(ap, int);
			p = num;
			k = 1;
			break;
		case 'd':
		case 'i':
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v;
			if (*f == 'd' || *f == 'i') {
				int64_t sv = lng >= 2 ? va_arg(ap, long long)
					   : lng == 1 ? va_arg(ap, long)
					   : va_arg(ap, int);
				neg = sv < 0;
				v = neg ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv;
			} else {
				v = lng >= 2 ? va_arg(ap, unsigned long long)
				  : lng == 1 ? va_arg(ap, unsigned long)
				  : va_arg(ap, unsigned int);
			}
			int i = sizeof(num);
			if (*f == 'x' || *f == 'X') {
				const char *dg = *f == 'x' ? lx : ux;
				do {
					num[--i] = dg[v & 15];
					v >>= 4;
				} while (v);
			} else {
				do {
					num[--i] = (char)('0' + v % 10);
					v /= 10;
				} while (v);
			}
			p = num + i;
			k = sizeof(num) - (size_t)i;
			break;
		}
		default:
			return -1;
		}
		size_t w = k + (neg ? 1 : 0);
		if (neg && zero && n + 1 < cap)
			dst[n++] = '-';
		for (; (int)w < width; w++)
			if (n + 1 < cap)
				dst[n++] = zero ? '0' : ' ';
		if (neg && !zero && n + 1 < cap)
			dst[n++] = '-';
		size_t room = cap - 1 - n;
		if (k > room)
			k = room;
		memcpy(dst + n, p, k);
		n += k;
	}
	dst[n] = '\0';
	return (int)n;
}

void lbl_textf(struct packet *pk, struct item *it, const char *fmt, ...)
{
	if (!it || !pk_labels(pk))
		return;
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_fast(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0) {
		va_start(ap, fmt);
		n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
		va_end(ap);
		if (n < 0)
			n = 0;
		if ((size_t)n >= sizeof(tmp))
			n = sizeof(tmp) - 1;
	}
	it->text = arena_strndup(&pk->arena, tmp, (size_t)n);
}
