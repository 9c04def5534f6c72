/* machash.h — a set of MAC addresses (the tap's queue filter) and OUI
 * vendor names for MAC addresses.
 *
 * Vendor names come from the first of: $TAPIR_MANUF, Wireshark's
 * /usr/share/wireshark/manuf (with its /28 and /36 blocks), IEEE oui.txt
 * (/usr/share/ieee-data/oui.txt, /usr/share/misc/oui.txt), else a small
 * built-in table.
 */
#ifndef TAPIR_QUEUE_MACHASH_H
#define TAPIR_QUEUE_MACHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MACHASH_MAX (1u << 20) /* addresses per set */

struct machash;

/* An empty set. Never NULL (allocation failure exits, see core/alloc.h). */
struct machash *machash_new(void);
/* NULL is ignored. */
void machash_free(struct machash *h);
/* Adds mac. Returns 1 when added, 0 when already present, -1 when the set
 * holds MACHASH_MAX addresses. Not thread safe. */
int machash_insert(struct machash *h, const uint8_t mac[6]);
/* One hash probe sequence; safe to call concurrently with other readers. */
bool machash_contains(const struct machash *h, const uint8_t mac[6]);
size_t machash_count(const struct machash *h);
/* Removes every address (keeps the memory). */
void machash_reset(struct machash *h);
/* Copies up to max addresses into out, sorted ascending; returns the number
 * copied. */
size_t machash_list(const struct machash *h, uint8_t (*out)[6], size_t max);

/* Parses "00:23:7d:86:71:ff" (':' or '-' separators, 1-2 hex digits per
 * octet, any case) into out. Returns false on anything else. */
bool mac_parse(const char *s, uint8_t out[6]);

/* Vendor name for mac: "Locally Administered Address (LAA)" when the U/L bit
 * is set, else the longest matching OUI/MA-M/MA-S entry, else "unknown".
 * Never NULL; the string lives until exit. Loads the table on first use
 * (thread safe). */
const char *oui_vendor(const uint8_t mac[6]);

#endif
