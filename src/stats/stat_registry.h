/* stat_registry.h — the `-z` statistics registry and argument parser.
 *
 * Every `-z` statistic is a `struct stat_desc` registered once at start-up.
 * The command line hands each `-z` argument to stat_parse() before any packet
 * is read; the matching descriptor's init() validates the rest of the
 * argument and attaches its tap listener(s). A bad argument is reported as one
 * error line naming it, and the run stops before reading.
 *
 * Adding a statistic (e.g. `-z tcp,streams`, from any file of src/stats/ or
 * a lower layer):
 *
 *   static int streams_init(const char *arg, const char *rest, char *err,
 *                           size_t errlen);
 *   const struct stat_desc stat_tcp_streams = {
 *       .prefix = "tcp,streams",
 *       .usage = "tcp,streams[,filter]",
 *       .init = streams_init,
 *   };
 *
 * and one line in src/stats/stat_list.c (the list is explicit, as the
 * dissector list is: objects in a static library that nothing references
 * are not linked, so constructors would not run). Not thread-safe.
 */
#ifndef TAPIR_STATS_STAT_REGISTRY_H
#define TAPIR_STATS_STAT_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "../engine/tap.h"

struct stat_desc {
	/* Argument prefix this statistic answers: the -z argument equals it or
	 * continues with ',' ("io,phs" matches "io,phs" and "io,phs,tcp").
	 * The longest matching prefix wins. */
	const char *prefix;
	/* One usage line for `-z help` ("conv,tcp[,filter]"). */
	const char *usage;
	/* Validates the argument and attaches listeners. arg is the whole -z
	 * argument; rest points into it after the prefix and its ',' ("" when
	 * nothing follows). Returns 0, or -1 after writing one message (no
	 * trailing newline, without "tapir: ") into err. Called before any
	 * packet is read. The strings live for the whole run. */
	int (*init)(const char *arg, const char *rest, char *err,
		    size_t errlen);
};

/* Adds d (which must stay valid for the whole run) to the registry. A second
 * descriptor with the same prefix replaces the first. */
void stat_register(const struct stat_desc *d);

/* Registers every statistic and statistics tree listed in
 * src/stats/stat_list.c. Call once, before stat_parse(). */
void stat_init(void);

/* Parses one -z argument and runs its init. Returns 0 on success, 1 when it
 * was `-z help` (the list was printed to stdout; the caller exits 0), and
 * -1 on error with one line in err (names the argument). */
int stat_parse(const char *arg, char *err, size_t errlen);

/* Prints the usage lines of every registered statistic, sorted, to stdout. */
void stat_print_help(void);

/* Helpers for init() functions. */

/* Compiles a display filter into a tap_match_fn predicate. text NULL or ""
 * means no filter (*match = NULL). Returns 0, or -1 with the filter
 * compiler's message in err. */
int stat_filter(const char *text, tap_match_fn *match, void **ctx, char *err,
		size_t errlen);

/* Draw order: statistics draw through tap_draw_all(), which (like tshark)
 * draws the most recently added listener first, so the last -z option's
 * output comes first. */

#endif
