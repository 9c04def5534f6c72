/* analyze.h — the tshark-like mode: options and the per-packet loop. */
#ifndef TAPIR_CLI_ANALYZE_H
#define TAPIR_CLI_ANALYZE_H

int cmd_analyze(int argc, char **argv);

#endif
