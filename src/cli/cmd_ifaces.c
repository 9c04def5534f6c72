/* cmd_ifaces.c — `tapir ifaces` (interfaces with flags and addresses) and
 * `tapir -D` (tshark -D's numbered list). */
#include "cmds.h"
#include "../io/live.h"

#include <stdio.h>
#include <string.h>

int cmd_ifaces(int argc, char **argv)
{
	/* argv[0] "-D" selects tshark's short list. */
	bool with_addrs = !(argc >= 1 && strcmp(argv[0], "-D") == 0);
	char err[512];
	if (live_list(stdout, with_addrs, err, sizeof(err)) < 0) {
		fprintf(stderr, "tapir: %s\n", err);
		return 2;
	}
	return 0;
}
