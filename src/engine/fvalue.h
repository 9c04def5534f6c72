/* fvalue.h — an item's value as text, the way tshark prints it.
 *
 * item_value_str() is tshark's `-T fields` representation: integers in the
 * field's base (hex as 0x%0Nx for the type's width), booleans 1/0, FT_NONE
 * "1", FT_PROTOCOL its label, times as tshark formats them, bytes as
 * contiguous hex, addresses in their usual notation.
 */
#ifndef TAPIR_ENGINE_FVALUE_H
#define TAPIR_ENGINE_FVALUE_H

#include <stdarg.h>
#include <stddef.h>

#include "packet.h"

/* Writes the value into dst (NUL-terminated, truncated to dstlen-1) and
 * returns the length it would have had. */
size_t item_value_str(const struct item *it, char *dst, size_t dstlen);
/* The value as shown inside a -V line ("Time to Live: 64"). */
size_t item_display_str(const struct item *it, char *dst, size_t dstlen);
/* Absolute time in tshark's "Mar  7, 2013 21:42:06.869344000 UTC" form;
 * utc selects UTC over local time. */
size_t fmt_abs_time(char *dst, size_t dstlen, int64_t ns, int utc);

/* -V labels formatted without the C library's printf, which dominates the
 * cost of a tree-mode run: lbl_text(pk, it, fmt, ...) is pk_item_text
 * with a formatter that knows %s %c %d %i %u %x %X (flags '0', a width,
 * the l/ll/z/h/hh length modifiers) and %%; any other directive makes the
 * whole label go through vsnprintf instead. Like pk_item_text it is a
 * macro: nothing is evaluated unless it is non-NULL and labels are on, so
 * arguments must have no side effects. */
void lbl_textf(struct packet *pk, struct item *it, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define lbl_text(pk, it, ...)                                         \
	do {                                                          \
		struct item *lbl_it_ = (it);                          \
		if (lbl_it_ && pk_labels(pk))                         \
			lbl_textf((pk), lbl_it_, __VA_ARGS__);        \
	} while (0)
/* The formatter itself: writes at most cap-1 bytes and a NUL; returns the
 * length written, or -1 for a directive it does not know (dst is then
 * undefined). */
int fmt_fast(char *dst, size_t cap, const char *fmt, va_list ap);
/* n bytes as tshark's format_text() shows text: \r \n \t escaped, other
 * control bytes as \xNN. Writes at most dstlen-1 bytes and a NUL; returns
 * the full length. */
size_t fmt_text(char *dst, size_t dstlen, const uint8_t *p, uint32_t n);

#endif
