/* prefs.h — protocol preferences set with `-o NAME:VALUE`, as tshark's.
 *
 * A dissector lists its preferences in `struct dissector.prefs` (an array
 * ended by an entry with name NULL); the full name is "<dissector>.<name>",
 * e.g. "tcp.analyze_sequence_numbers". Each preference points at the
 * variable the dissector reads, which holds the default until -o changes
 * it. Values are parsed like Wireshark's: booleans TRUE/FALSE (any case),
 * unsigned integers in decimal. Set preferences after dissect_init() and
 * before the first packet; they are not meant to change mid-capture.
 */
#ifndef TAPIR_ENGINE_PREFS_H
#define TAPIR_ENGINE_PREFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pref_type { PREF_BOOL, PREF_UINT };

struct pref {
	const char *name;   /* without the dissector prefix, NULL ends a list */
	enum pref_type type;
	void *var;          /* bool * or uint32_t * */
	const char *desc;   /* one line: what it changes */
};

/* Applies one "-o NAME:VALUE" argument. Returns 0, or -1 with tshark's
 * message in err: `-o flag "ARG" specifies unknown preference` or
 * `Invalid -o flag "ARG"` (no colon, or a value the type rejects). */
int prefs_set(const char *arg, char *err, size_t errlen);

#endif
