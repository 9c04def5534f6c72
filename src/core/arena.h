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

struct arena_adopted;

struct arena {
	struct arena_chunk *head; /* current chunk */
	size_t used;              /* bytes used in head */
	size_t cap;               /* capacity of head */
	struct arena_adopted *adopted; /* xmalloc'ed blocks freed at reset */
};

void arena_init(struct arena *a, size_t initial);
/* Returns zeroed memory aligned to 16 bytes; aborts via alloc_fail on OOM. */
void *arena_alloc(struct arena *a, size_t n);
/* Duplicates n bytes (plus a NUL) into the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Takes ownership of p (from xmalloc; NULL is ignored): it is freed by the
 * next arena_reset() or arena_free(), like memory of the arena itself. A
 * buffer built elsewhere is thus handed to the packet without a copy. */
void arena_adopt(struct arena *a, void *p);
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
