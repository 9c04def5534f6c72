/* live.h — live interfaces through libpcap: listing (tshark -D, with
 * addresses for `tapir ifaces`) and opening a capture as a packet source. */
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

struct live_opts {
	int snaplen;        /* 0 = 262144 */
	bool promisc;       /* promiscuous mode (tshark default: on) */
	int timeout_ms;     /* packet buffer timeout, 0 = 100 ms */
	int buffer_mb;      /* kernel buffer, 0 = libpcap default */
	const char *bpf;    /* capture filter, or NULL */
};

/* Opens interface ifname (a name, or a number from the -D list) as a packet
 * source. Frames come with the interface's link type; src_next() blocks until
 * a packet arrives, returns 0 after live_stop(). NULL with err on failure
 * (no such device, permission denied, bad filter: libpcap's message). */
struct source *src_open_live(const char *ifname, const struct live_opts *o,
			     char *err, size_t errlen);
/* Async-signal-safe: makes a blocked src_next() on any live source return 0. */
void live_stop(void);
/* Capture statistics of a live source (received, dropped by the kernel,
 * dropped by the interface); false for file sources. */
bool live_stats(struct source *s, unsigned *recv, unsigned *drop,
		unsigned *ifdrop);

#endif
