/* outbuf.h — buffered output to a file descriptor, with printf-free number
 * formatting for hot loops. Flushes when full and on ob_flush(). A write
 * error (EPIPE, ENOSPC) is remembered; ob_error() reports it.
 */
#ifndef TAPIR_CORE_OUTBUF_H
#define TAPIR_CORE_OUTBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct outbuf {
	int fd;
	size_t len;
	bool err;
	char buf[1 << 16];
};

void ob_init(struct outbuf *o, int fd);
void ob_flush(struct outbuf *o);
bool ob_error(const struct outbuf *o);
void ob_write(struct outbuf *o, const void *p, size_t n);
void ob_puts(struct outbuf *o, const char *s);
static inline void ob_putc(struct outbuf *o, char c)
{
	if (o->len == sizeof(o->buf))
		ob_flush(o);
	o->buf[o->len++] = c;
}
void ob_u64(struct outbuf *o, uint64_t v);
void ob_i64(struct outbuf *o, int64_t v);
/* Zero-padded lower-case hex with at least `digits` digits, no prefix. */
void ob_hex(struct outbuf *o, uint64_t v, int digits);
/* Fixed-point: v / 10^9 printed with `decimals` (<= 9) digits after the dot,
 * truncating, e.g. ob_nsec(o, 1500000000, 6) -> "1.500000". Negative ok. */
void ob_nsec(struct outbuf *o, int64_t ns, int decimals);
void ob_printf(struct outbuf *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Format helpers into caller buffers (return length written, NUL-terminated). */
size_t fmt_u64(char *dst, uint64_t v);
size_t fmt_ipv4(char *dst, const uint8_t a[4]);   /* dst >= 16 */
size_t fmt_ipv6(char *dst, const uint8_t a[16]);  /* dst >= 46, RFC 5952 */
size_t fmt_ether(char *dst, const uint8_t a[6]);  /* dst >= 18 */

#endif
