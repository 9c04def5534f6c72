/* live.h — live interfaces through libpcap: listing (tshark -D, and with
 * addresses for `tapir ifaces`), live capture as one more packet source
 * (struct source, read with src_next like a file), and transmission
 * (pcap_inject) for `tapir send`. */
#ifndef TAPIR_IO_LIVE_H
#define TAPIR_IO_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "source.h"

/* Most interfaces one capture reads at once (several -i). */
#define LIVE_MAX_IFACES 16

/* Prints the capture interfaces. with_addrs=false: tshark -D's layout
 * ("1. eth0", "3. lo (Loopback)"); true: one block per interface with its
 * flags and every address (family, address, netmask, broadcast or peer).
 * Returns 0, or -1 with a message in err. */
int live_list(FILE *out, bool with_addrs, char *err, size_t errlen);

/* An interface argument as -i takes it: a name, or a number from `tapir -D`
 * (1-based, pcap_findalldevs order). Writes the name into dst. Returns 0, or
 * -1 with a message in err when the number is out of range. */
int live_resolve(const char *arg, char *dst, size_t n, char *err,
		 size_t errlen);

struct live_opts {
	const char *ifaces[LIVE_MAX_IFACES]; /* names or -D numbers */
	int nifaces;
	const char *filter;     /* BPF capture filter, or NULL */
	uint32_t snaplen;       /* 0 = 262144, tshark's default */
	bool no_promisc;        /* -p */
	uint32_t buffer_mib;    /* -B, 0 = 2 MiB (tshark's default) */
	int64_t duration_ns;    /* -a duration: stop after this long, 0 = never */
};

/* Opens and activates every interface of o (nanosecond timestamps where the
 * kernel has them), installs the capture filter, and returns a source whose
 * src_next() yields the packets as they arrive (frame_hdr.ifid = index in
 * o->ifaces; one pcapng-like interface per -i, so frame.interface_id and
 * interface names show as in tshark's live captures). src_next() returns 0
 * when the -a duration has elapsed or live_stop() was called, -1 on a
 * capture error (src_error names the interface). Frames point into libpcap's
 * ring and stay valid until the next src_next(). On failure returns NULL
 * with one line in err naming the interface (no such device, permission,
 * invalid capture filter). */
struct source *live_open(const struct live_opts *o, char *err, size_t errlen);

/* Makes a running live source end at its next src_next() (returns 0).
 * Async-signal-safe: meant for SIGINT/SIGTERM handlers. */
void live_stop(void);

/* True once live_stop() was called (or a signal it handles arrived). */
bool live_stop_requested(void);

/* Installs SIGINT, SIGTERM (and SIGHUP) handlers that call live_stop(), so
 * the analysis loop ends normally: outputs flushed, -w file closed,
 * statistics drawn. */
void live_stop_on_signals(void);

/* tshark's start line: "Capturing on 'eth0'", "... 'a' and 'b'",
 * "... 'a', 'b', and 'c'". */
void live_print_capturing(FILE *f, const struct source *s);

/* tshark's closing lines: "N packet(s) captured" (tshark counts the packets
 * that passed the display filter: captured is the caller's count), then
 * "N packet(s) dropped from IFACE" for each interface whose kernel buffer
 * overflowed. */
void live_print_counts(FILE *f, const struct source *s, uint64_t captured);

/* Name of interface i of a live source ("" when out of range). */
const char *live_if_name(const struct source *s, uint32_t i);

/* Kernel/libpcap counters of interface i: packets dropped because the
 * buffer was full plus those the interface dropped (pcap_stats ps_drop +
 * ps_ifdrop). Returns 0, or -1 when not available. */
int live_dropped(const struct source *s, uint32_t i, uint64_t *dropped);

/* --- transmission (tapir send) ----------------------------------------- */

struct live_tx;

/* Opens interface ifname (name or -D number) for sending. Returns NULL with
 * one line in err naming the interface. */
struct live_tx *live_tx_open(const char *ifname, char *err, size_t errlen);
/* Sends one frame as is (the link-layer header included). Returns 0, or -1
 * with a message in err. */
int live_tx_send(struct live_tx *t, const uint8_t *data, uint32_t len,
		 char *err, size_t errlen);
/* Link type of the interface (LINKTYPE_*). */
uint32_t live_tx_linktype(const struct live_tx *t);
void live_tx_close(struct live_tx *t);

#endif
