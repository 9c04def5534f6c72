/* arena.c — bump allocator (see arena.h). */
#include "arena.h"
#include "alloc.h"

#include <string.h>

struct arena_chunk {
	struct arena_chunk *next;
	size_t cap;
	_Alignas(16) unsigned char data[];
};

static struct arena_chunk *chunk_new(size_t cap)
{
	struct arena_chunk *c = xmalloc(sizeof(*c) + cap);
	c->next = NULL;
	c->cap = cap;
	return c;
}

struct arena_adopted {
	struct arena_adopted *next;
	void *p;
};

void arena_init(struct arena *a, size_t initial)
{
	a->adopted = NULL;
	if (initial < 4096)
		initial = 4096;
	a->head = chunk_new(initial);
	a->used = 0;
	a->cap = initial;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (a->cap - a->used < n) {
		size_t cap = a->cap * 2;
		while (cap < n)
			cap *= 2;
		struct arena_chunk *c = chunk_new(cap);
		c->next = a->head;
		a->head = c;
		a->used = 0;
		a->cap = cap;
	}
	void *p = a->head->data + a->used;
	a->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void arena_adopt(struct arena *a, void *p)
{
	if (!p)
		return;
	struct arena_adopted *n = arena_alloc(a, sizeof(*n));
	n->p = p;
	n->next = a->adopted;
	a->adopted = n;
}

/* Frees the adopted blocks (their list nodes live in the chunks). */
static void free_adopted(struct arena *a)
{
	for (struct arena_adopted *n = a->adopted; n; n = n->next)
		xfree(n->p);
	a->adopted = NULL;
}

void arena_reset(struct arena *a)
{
	free_adopted(a);
	/* Keep only the newest (largest) chunk. */
	struct arena_chunk *c = a->head->next;
	a->head->next = NULL;
	while (c) {
		struct arena_chunk *n = c->next;
		xfree(c);
		c = n;
	}
	a->used = 0;
}

void arena_free(struct arena *a)
{
	if (a)
		free_adopted(a);
	struct arena_chunk *c = a ? a->head : NULL;
	while (c) {
		struct arena_chunk *n = c->next;
		xfree(c);
		c = n;
	}
	if (a)
		a->head = NULL;
}
