/* tok.c — value-name tables (see tok.h). */
#include "tok.h"

#include <stdio.h>
#include <string.h>

const char *tok_find(const struct tok *t, uint32_t v)
{
	for (; t && t->s; t++)
		if (t->v == v)
			return t->s;
	return NULL;
}

const char *tok_str(const struct tok *t, uint32_t v, const char *dflt)
{
	const char *s = tok_find(t, v);
	return s ? s : dflt;
}

char *bittok_str(const struct tok *t, uint32_t v, char *dst, size_t dstlen)
{
	size_t n = 0;
	if (!dstlen)
		return dst;
	dst[0] = '\0';
	for (; t && t->s; t++) {
		if (!(v & t->v))
			continue;
		int k = snprintf(dst + n, dstlen - n, "%s%s", n ? ", " : "", t->s);
		if (k < 0 || (size_t)k >= dstlen - n)
			break;
		n += (size_t)k;
	}
	return dst;
}
