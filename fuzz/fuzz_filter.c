/* fuzz_filter.c — libFuzzer harness for the display-filter compiler
 * (src/filter/dfilter_compile): any input text must compile or be rejected
 * with a message, never crash or leak; errors are also printed (caret line)
 * to exercise dfilter_print_error. Build: see docs/filters.md. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../src/core/alloc.h"
#include "../src/engine/dissector.h"
#include "../src/filter/dfilter.h"

static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	dissect_init();
	devnull = fopen("/dev/null", "w");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char err[256];
	int pos;
	struct dfilter *df = dfilter_compile(text, err, sizeof(err), &pos);
	if (df)
		dfilter_free(df);
	else if (devnull)
		dfilter_print_error(devnull, text, err, pos);
	xfree(text);
	return 0;
}
