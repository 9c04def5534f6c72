/* alloc.c — counting allocator (see alloc.h). A size header in front of each
 * block lets xfree account without malloc_usable_size. */
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR 16 /* keeps 16-byte alignment of the returned block */

static size_t live, peak;
static unsigned long fail_countdown;

static int should_fail(void)
{
	if (fail_countdown == 0)
		return 0;
	return --fail_countdown == 0;
}

static void *account(unsigned char *b, size_t n)
{
	if (!b)
		return NULL;
	memcpy(b, &n, sizeof(n));
	live += n;
	if (live > peak)
		peak = live;
	return b + HDR;
}

void *try_malloc(size_t n)
{
	if (should_fail() || n > (size_t)-1 - HDR)
		return NULL;
	return account(malloc(n + HDR), n);
}

void *try_calloc(size_t n, size_t size)
{
	if (size && n > ((size_t)-1 - HDR) / size)
		return NULL;
	if (should_fail())
		return NULL;
	return account(calloc(1, n * size + HDR), n * size);
}

static void oom(size_t n)
{
	fprintf(stderr, "tapir: out of memory (allocating %zu bytes)\n", n);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = try_malloc(n);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = try_calloc(n, size);
	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	if (!p)
		return xmalloc(n);
	unsigned char *b = (unsigned char *)p - HDR;
	size_t old;
	memcpy(&old, b, sizeof(old));
	if (should_fail())
		oom(n);
	unsigned char *nb = realloc(b, n + HDR);
	if (!nb)
		oom(n);
	live -= old;
	return account(nb, n);
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = xmalloc(n);
	memcpy(d, s, n);
	return d;
}

void xfree(void *p)
{
	if (!p)
		return;
	unsigned char *b = (unsigned char *)p - HDR;
	size_t n;
	memcpy(&n, b, sizeof(n));
	live -= n;
	free(b);
}

size_t alloc_live_bytes(void) { return live; }
size_t alloc_peak_bytes(void) { return peak; }
void alloc_fail_after(unsigned long n) { fail_countdown = n; }
