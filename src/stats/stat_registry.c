/* stat_registry.c — the -z registry: descriptors registered by constructors,
 * argument matching by longest prefix, `-z help`, and the display-filter
 * predicate that statistics with a ",filter" argument attach to their
 * listeners. */
#include "stat_registry.h"
#include "../core/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STATS 128

static const struct stat_desc *descs[MAX_STATS];
static int ndescs;

void stat_register(const struct stat_desc *d)
{
	for (int i = 0; i < ndescs; i++)
		if (strcmp(descs[i]->prefix, d->prefix) == 0) {
			descs[i] = d;
			return;
		}
	if (ndescs < MAX_STATS)
		descs[ndescs++] = d;
}

/* Does arg start with prefix followed by the end or a ','? */
static bool prefix_match(const char *arg, const char *prefix, size_t *n)
{
	size_t len = strlen(prefix);
	if (strncmp(arg, prefix, len) != 0)
		return false;
	if (arg[len] != '\0' && arg[len] != ',')
		return false;
	*n = len;
	return true;
}

static int cmp_usage(const void *a, const void *b)
{
	const struct stat_desc *x = *(const struct stat_desc *const *)a;
	const struct stat_desc *y = *(const struct stat_desc *const *)b;
	return strcmp(x->usage, y->usage);
}

void stat_print_help(void)
{
	const struct stat_desc *sorted[MAX_STATS];
	memcpy(sorted, descs, (size_t)ndescs * sizeof(sorted[0]));
	qsort(sorted, (size_t)ndescs, sizeof(sorted[0]), cmp_usage);
	printf("     help\n");
	for (int i = 0; i < ndescs; i++)
		printf("     %s\n", sorted[i]->usage);
}

int stat_parse(const char *arg, char *err, size_t errlen)
{
	if (strcmp(arg, "help") == 0) {
		stat_print_help();
		return 1;
	}
	const struct stat_desc *best = NULL;
	size_t bestn = 0;
	for (int i = 0; i < ndescs; i++) {
		size_t n;
		if (prefix_match(arg, descs[i]->prefix, &n) &&
		    (!best || n > bestn)) {
			best = descs[i];
			bestn = n;
		}
	}
	if (!best) {
		snprintf(err, errlen,
			 "invalid -z argument \"%s\"; it must be one of the "
			 "statistics listed by -z help", arg);
		return -1;
	}
	const char *rest = arg + bestn;
	if (*rest == ',')
		rest++;
	char e[400];
	e[0] = '\0';
	if (best->init(arg, rest, e, sizeof(e)) != 0) {
		snprintf(err, errlen, "invalid -z argument \"%s\": %s", arg,
			 e[0] ? e : "bad argument");
		return -1;
	}
	return 0;
}

/* Display filters come from src/filter/ (a layer below stats). Until that
 * compiler is in the tree (its .c, not only its header), statistics accept
 * no ",filter" argument. */
#if defined(__has_include)
#if __has_include("../filter/dfilter.c")
#define HAVE_DFILTER 1
#include "../filter/dfilter.h"
#endif
#endif

#ifdef HAVE_DFILTER
static bool match_dfilter(void *ctx, struct packet *pk)
{
	return dfilter_apply(ctx, pk);
}
#endif

int stat_filter(const char *text, tap_match_fn *match, void **ctx, char *err,
		size_t errlen)
{
	*match = NULL;
	*ctx = NULL;
	if (!text || !*text)
		return 0;
#ifdef HAVE_DFILTER
	int pos = -1;
	char e[256];
	e[0] = '\0';
	struct dfilter *df = dfilter_compile(text, e, sizeof(e), &pos);
	if (!df) {
		snprintf(err, errlen, "filter \"%s\": %s", text, e);
		return -1;
	}
	*match = match_dfilter;
	*ctx = df;
	return 0;
#else
	snprintf(err, errlen,
		 "filter \"%s\": display filters are not available in this "
		 "build", text);
	return -1;
#endif
}
