/* prefs.c — `-o NAME:VALUE` (see prefs.h). The preferences live in the
 * dissector list, so there is no registry to keep in step. */
#include "prefs.h"
#include "dissector.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct pref *find(const char *name, size_t n)
{
	const char *dot = memchr(name, '.', n);
	if (!dot)
		return NULL;
	size_t dl = (size_t)(dot - name);
	for (int i = 0; dissector_list[i]; i++) {
		const struct dissector *d = dissector_list[i];
		if (!d->prefs || strlen(d->name) != dl ||
		    strncmp(d->name, name, dl) != 0)
			continue;
		for (const struct pref *p = d->prefs; p->name; p++)
			if (strlen(p->name) == n - dl - 1 &&
			    strncmp(p->name, dot + 1, n - dl - 1) == 0)
				return p;
	}
	return NULL;
}

int prefs_set(const char *arg, char *err, size_t errlen)
{
	const char *colon = strchr(arg, ':');
	if (!colon || colon == arg) {
		snprintf(err, errlen, "Invalid -o flag \"%s\"", arg);
		return -1;
	}
	size_t n = (size_t)(colon - arg);
	while (n && (arg[n - 1] == ' ' || arg[n - 1] == '\t'))
		n--;
	const struct pref *p = find(arg, n);
	if (!p) {
		snprintf(err, errlen, "-o flag \"%s\" specifies unknown preference", arg);
		return -1;
	}
	const char *v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	switch (p->type) {
	case PREF_BOOL:
		/* Wireshark takes TRUE/FALSE in any case; anything else
		 * leaves the preference unchanged, which we report instead */
		if (strcasecmp(v, "TRUE") == 0) {
			*(bool *)p->var = true;
			return 0;
		}
		if (strcasecmp(v, "FALSE") == 0) {
			*(bool *)p->var = false;
			return 0;
		}
		break;
	case PREF_UINT: {
		char *end;
		errno = 0;
		unsigned long long x = strtoull(v, &end, 10);
		if (*v && *v != '-' && !*end && !errno && x <= UINT32_MAX) {
			*(uint32_t *)p->var = (uint32_t)x;
			return 0;
		}
		break;
	}
	}
	snprintf(err, errlen, "Invalid -o flag \"%s\"", arg);
	return -1;
}
