/* source.h — packet sources: capture files (pcap, pcapng, gzip/zstd
 * compressed, or "-" for standard input) behind one small interface.
 *
 * Frames returned by src_next() point into the source's buffer and stay
 * valid until the next call. Memory use is constant in the file size.
 */
#ifndef TAPIR_IO_SOURCE_H
#define TAPIR_IO_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* pcap LINKTYPE_* values used across the tree. */
enum {
	LINKTYPE_NULL = 0,
	LINKTYPE_ETHERNET = 1,
	LINKTYPE_PPP = 9,
	LINKTYPE_RAW = 101,
	LINKTYPE_IEEE802_11 = 105,
	LINKTYPE_LOOP = 108,
	LINKTYPE_LINUX_SLL = 113,
	LINKTYPE_IEEE802_11_RADIOTAP = 127,
	LINKTYPE_IPV4 = 228,
	LINKTYPE_IPV6 = 229,
	LINKTYPE_LINUX_SLL2 = 276,
	LINKTYPE_ETHERNET_MPACKET = 274,
	LINKTYPE_PPP_HDLC = 50,
};

struct frame_hdr {
	int64_t ts;          /* ns since the epoch */
	uint32_t caplen;     /* bytes present */
	uint32_t len;        /* bytes on the wire */
	uint32_t linktype;   /* LINKTYPE_* of the frame's interface */
	uint32_t ifid;       /* pcapng interface index, 0 for pcap */
	uint32_t flags;      /* pcapng epb_flags, 0 when absent */
	const char *comment; /* pcapng opt_comment (valid like the data), or NULL */
};

enum src_format { SRC_PCAP, SRC_PCAPNG };

struct source;

/* Opens path ("-" = stdin). On failure returns NULL and writes one line into
 * err, e.g. `The file "x" doesn't exist.` or `"x" isn't a capture file in a
 * format tapir understands.` */
struct source *src_open(const char *path, char *err, size_t errlen);

/* Next frame: 1 with *h and *data set; 0 at a clean end of file; -1 on an
 * error or a file cut short (src_error() says what, naming the frame
 * number that could not be read). */
int src_next(struct source *s, struct frame_hdr *h, const uint8_t **data);

const char *src_error(const struct source *s);
enum src_format src_format(const struct source *s);
/* Link type of the first interface (pcap: the header's). */
uint32_t src_linktype(const struct source *s);
/* Snapshot length of the first interface (0 when unknown). */
uint32_t src_snaplen(const struct source *s);
/* True when the file's timestamps have nanosecond resolution. */
bool src_nsec(const struct source *s);
/* Number of interfaces seen so far (pcap: 1). */
uint32_t src_ninterfaces(const struct source *s);
/* Link type of interface i (pcapng), LINKTYPE of the file for pcap. */
uint32_t src_if_linktype(const struct source *s, uint32_t i);
void src_close(struct source *s);

#endif
