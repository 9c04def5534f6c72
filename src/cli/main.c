/* main.c — entry point: dispatches subcommands; everything else is the
 * tshark-like analysis mode. */
#include "analyze.h"
#include "cmds.h"

#include <stdio.h>
#include <string.h>

struct subcmd {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct subcmd subcmds[] = {
	SUBCOMMANDS
	{ NULL, NULL },
};

int main(int argc, char **argv)
{
	if (argc > 1)
		for (const struct subcmd *c = subcmds; c->name; c++)
			if (strcmp(argv[1], c->name) == 0)
				return c->fn(argc - 1, argv + 1);
	return cmd_analyze(argc, argv);
}
