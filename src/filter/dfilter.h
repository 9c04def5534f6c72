/* dfilter.h — display filters in Wireshark 4.0 syntax (tshark -Y / -R, the
 * ",filter" argument of -z statistics, Lua Listener filters).
 *
 * A filter is compiled once against the field registry into a small tree
 * program and evaluated per packet over the packet's recorded items
 * (struct packet.items). Evaluation never allocates.
 *
 * Semantics follow tshark 4.0: a field test is true when the field occurs;
 * `a == b`, `a > b`, `contains`, `matches`, `in {...}` are true when ANY
 * occurrence satisfies them; `a != b` (and `!==`) is true when ALL
 * occurrences differ; `===` is true when ALL occurrences are equal, `~=`
 * when ANY differs. A missing field makes every comparison false.
 */
#ifndef TAPIR_FILTER_DFILTER_H
#define TAPIR_FILTER_DFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../engine/packet.h"

struct dfilter;

/* Compiles text (NUL-terminated) against the registered fields; call after
 * dissect_init(). On success returns a filter owned by the caller (free it
 * with dfilter_free) and marks every field the filter references as wanted
 * (field_want) so dissectors record them. An empty or all-blank text is a
 * valid filter that matches every packet.
 * On error returns NULL, writes a one-line message naming the problem into
 * err (NUL-terminated, truncated to errlen-1; err may be NULL when errlen is
 * 0) and sets *errpos (errpos may be NULL) to the byte offset in text of the
 * offending token, or -1 when the error has no position.
 * Not thread-safe (touches the global field registry's wanted flags). */
struct dfilter *dfilter_compile(const char *text, char *err, size_t errlen,
				int *errpos);

/* True when the packet pk (dissected after dfilter_compile, so the
 * filter's fields were recorded) matches. No allocation, no output. df holds
 * scratch state (regex match data, a buffer for string()/lower()/upper()):
 * do not apply one filter from two threads at once. */
bool dfilter_apply(const struct dfilter *df, const struct packet *pk);

/* Frees df; dfilter_free(NULL) does nothing. */
void dfilter_free(struct dfilter *df);

/* Prints a compile error the way tshark does: the message, then the text,
 * then a line with a caret under byte errpos (no caret line when errpos < 0)
 * to f. */
void dfilter_print_error(FILE *f, const char *text, const char *err,
			 int errpos);

#endif
