/* fvalue.h — an item's value as text, the way tshark prints it.
 *
 * item_value_str() is tshark's `-T fields` representation: integers in the
 * field's base (hex as 0x%0Nx for the type's width), booleans 1/0, FT_NONE
 * "1", FT_PROTOCOL its label, times as tshark formats them, bytes as
 * contiguous hex, addresses in their usual notation.
 */
#ifndef TAPIR_ENGINE_FVALUE_H
#define TAPIR_ENGINE_FVALUE_H

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

#endif
