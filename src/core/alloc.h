/* alloc.h — the one allocator. Counts live bytes; tests can make the Nth
 * allocation fail (alloc_fail_after) to exercise error paths.
 *
 * x* functions never return NULL: on exhaustion they print one error line
 * and exit(2). try_* variants return NULL instead.
 */
#ifndef TAPIR_CORE_ALLOC_H
#define TAPIR_CORE_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
void xfree(void *p);

void *try_malloc(size_t n);
void *try_calloc(size_t n, size_t size);

/* Bytes currently allocated through this module and the peak. */
size_t alloc_live_bytes(void);
size_t alloc_peak_bytes(void);
/* Make the n-th following allocation (1-based) fail; 0 disables. */
void alloc_fail_after(unsigned long n);

#endif
