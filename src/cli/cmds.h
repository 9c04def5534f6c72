/* cmds.h — subcommands of the tapir binary. Each takes argc/argv with
 * argv[0] = the subcommand's name and returns the exit status. Add a
 * prototype and one SUBCOMMANDS line per subcommand. */
#ifndef TAPIR_CLI_CMDS_H
#define TAPIR_CLI_CMDS_H

int cmd_tapd(int argc, char **argv);
int cmd_ctl(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_ifaces(int argc, char **argv);
int cmd_send(int argc, char **argv);

/* Each line: { "name", cmd_fn }, — add yours once its file compiles. */
#define SUBCOMMANDS \
	{ "tapd", cmd_tapd }, \
	{ "ifaces", cmd_ifaces }, \
	{ "ctl", cmd_ctl }, \
	{ "collect", cmd_collect }, \
	{ "send", cmd_send }, \
	/* end */

#endif
