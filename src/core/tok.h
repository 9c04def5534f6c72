/* tok.h — names for numbers. Tables end with { 0, NULL }. */
#ifndef TAPIR_CORE_TOK_H
#define TAPIR_CORE_TOK_H

#include <stddef.h>
#include <stdint.h>

struct tok {
	uint32_t v;
	const char *s;
};

/* The name of v in t, or NULL when absent. */
const char *tok_find(const struct tok *t, uint32_t v);
/* The name of v in t, or dflt when absent. */
const char *tok_str(const struct tok *t, uint32_t v, const char *dflt);
/* Comma-and-space separated names of the bits set in v, each a table entry
 * holding a single bit; writes at most dstlen-1 chars, returns dst. */
char *bittok_str(const struct tok *t, uint32_t v, char *dst, size_t dstlen);

#endif
