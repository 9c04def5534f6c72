/* live.h — live interfaces through libpcap: listing (tshark -D, and with
 * addresses for `tapir ifaces`). Live capture itself is not built yet. */
#ifndef TAPIR_IO_LIVE_H
#define TAPIR_IO_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "source.h"

/* Prints the capture interfaces. with_addrs=false: tshark -D's layout
 * ("1. eth0", "3. lo (Loopback)"); true: one block per interface with its
 * flags and every address (family, address, netmask, broadcast or peer).
 * Returns 0, or -1 with a message in err. */
int live_list(FILE *out, bool with_addrs, char *err, size_t errlen);

#endif
