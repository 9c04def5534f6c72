/* outbuf.c — buffered output and number formatting (see outbuf.h). */
#include "outbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void ob_init(struct outbuf *o, int fd)
{
	o->fd = fd;
	o->len = 0;
	o->err = false;
}

void ob_flush(struct outbuf *o)
{
	size_t off = 0;
	while (off < o->len && !o->err) {
		ssize_t n = write(o->fd, o->buf + off, o->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			o->err = true;
			break;
		}
		off += (size_t)n;
	}
	o->len = 0;
}

bool ob_error(const struct outbuf *o) { return o->err; }

void ob_write(struct outbuf *o, const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		if (o->len == sizeof(o->buf))
			ob_flush(o);
		size_t room = sizeof(o->buf) - o->len;
		size_t k = n < room ? n : room;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
	}
}

void ob_puts(struct outbuf *o, const char *s) { ob_write(o, s, strlen(s)); }

/* "00".."99": two digits per division */
static const char d2[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

size_t fmt_u64(char *dst, uint64_t v)
{
	/* digits counted first, then written from the end straight into dst:
	 * this formats most -T fields cells, so no temporary and no memcpy */
	size_t n = 1;
	for (uint64_t t = v; t >= 10 && n < 20; t /= 10)
		n++;
	char *p = dst + n;
	*p = '\0';
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100) * 2;
		v /= 100;
		*--p = d2[r + 1];
		*--p = d2[r];
	}
	if (v >= 10) {
		*--p = d2[2 * v + 1];
		*--p = d2[2 * v];
	} else {
		*--p = (char)('0' + v);
	}
	return n;
}

void ob_u64(struct outbuf *o, uint64_t v)
{
	char tmp[24];
	ob_write(o, tmp, fmt_u64(tmp, v));
}

void ob_i64(struct outbuf *o, int64_t v)
{
	if (v < 0) {
		ob_putc(o, '-');
		ob_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		ob_u64(o, (uint64_t)v);
	}
}

void ob_hex(struct outbuf *o, uint64_t v, int digits)
{
	static const char hx[] = "0123456789abcdef";
	char tmp[17];
	int n = 0;
	do {
		tmp[n++] = hx[v & 15];
		v >>= 4;
	} while (v);
	while (n < digits && n < 16)
		tmp[n++] = '0';
	while (n)
		ob_putc(o, tmp[--n]);
}

void ob_nsec(struct outbuf *o, int64_t ns, int decimals)
{
	if (ns < 0) {
		ob_putc(o, '-');
		ns = -ns;
	}
	uint64_t sec = (uint64_t)ns / 1000000000u;
	uint64_t frac = (uint64_t)ns % 1000000000u;
	ob_u64(o, sec);
	if (decimals <= 0)
		return;
	if (decimals > 9)
		decimals = 9;
	char d[9];
	for (int i = 8; i >= 0; i--) {
		d[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	ob_putc(o, '.');
	ob_write(o, d, (size_t)decimals);
}

void ob_printf(struct outbuf *o, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		ob_write(o, tmp, (size_t)n);
		return;
	}
	/* Long output: format straight into a right-sized stack-free buffer. */
	ob_flush(o);
	va_start(ap, fmt);
	vdprintf(o->fd, fmt, ap);
	va_end(ap);
}

size_t fmt_ipv4(char *dst, const uint8_t a[4])
{
	size_t n = 0;
	for (int i = 0; i < 4; i++) {
		unsigned b = a[i];
		if (i)
			dst[n++] = '.';
		if (b >= 100) {
			dst[n++] = (char)('0' + b / 100);
			b %= 100;
			dst[n++] = d2[2 * b];
			dst[n++] = d2[2 * b + 1];
		} else if (b >= 10) {
			dst[n++] = d2[2 * b];
			dst[n++] = d2[2 * b + 1];
		} else {
			dst[n++] = (char)('0' + b);
		}
	}
	dst[n] = '\0';
	return n;
}

size_t fmt_ether(char *dst, const uint8_t a[6])
{
	static const char hx[] = "0123456789abcdef";
	size_t n = 0;
	for (int i = 0; i < 6; i++) {
		if (i)
			dst[n++] = ':';
		dst[n++] = hx[a[i] >> 4];
		dst[n++] = hx[a[i] & 15];
	}
	dst[n] = '\0';
	return n;
}

size_t fmt_ipv6(char *dst, const uint8_t a[16])
{
	static const char hx[] = "0123456789abcdef";
	uint16_t w[8];
	for (int i = 0; i < 8; i++)
		w[i] = (uint16_t)((a[2 * i] << 8) | a[2 * i + 1]);
	/* RFC 5952: compress the longest run (>= 2) of zero words, first wins. */
	int best = -1, bestlen = 0;
	for (int i = 0; i < 8;) {
		if (w[i]) {
			i++;
			continue;
		}
		int j = i;
		while (j < 8 && !w[j])
			j++;
		if (j - i > bestlen && j - i >= 2) {
			best = i;
			bestlen = j - i;
		}
		i = j;
	}
	/* IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible are printed dotted. */
	bool v4 = best == 0 && (bestlen == 5 && w[5] == 0xffff);
	size_t n = 0;
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			dst[n++] = ':';
			if (i == 0)
				dst[n++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (v4 && i == 6) {
			n += fmt_ipv4(dst + n, a + 12);
			break;
		}
		uint16_t x = w[i];
		char t[4];
		int k = 0;
		do {
			t[k++] = hx[x & 15];
			x >>= 4;
		} while (x);
		while (k)
			dst[n++] = t[--k];
		if (i < 7)
			dst[n++] = ':';
	}
	dst[n] = '\0';
	return n;
}
