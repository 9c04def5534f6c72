/* arena.h — bump allocator for per-packet data, reset after each packet.
 *
 * Memory handed out stays valid until the next arena_reset(). Growth chains a
 * new chunk (at least double the request); reset keeps the largest chunk so a
 * steady-state run allocates nothing per packet.
 */
#ifndef TAPIR_CORE_ARENA_H
#define TAPIR_CORE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* current chunk */
	size_t used;              /* bytes used in head */
	size_t cap;               /* capacity of head */
};

void arena_init(struct arena *a, size_t initial);
/* Returns zeroed memory aligned to 16 bytes; aborts via alloc_fail on OOM. */
void *arena_alloc(struct arena *a, size_t n);
/* Duplicates n bytes (plus a NUL) into the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
