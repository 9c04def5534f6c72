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

/* What a record is. tshark turns pcapng Custom Blocks into records of their
 * own (numbered like frames, "PCAPNG" protocol, no time stamp, no
 * interface); tapir hands them out the same way so frame numbers agree. */
enum src_rec {
	SRC_REC_PACKET = 0,  /* a packet of interface ifid */
	SRC_REC_CUSTOM,      /* pcapng Custom Block: data = custom data and
	                        options after the PEN; see pen, cb_copy */
};

struct frame_hdr {
	int64_t ts;          /* ns since the epoch (0 when !has_ts) */
	uint32_t caplen;     /* bytes present */
	uint32_t len;        /* bytes on the wire */
	uint32_t linktype;   /* LINKTYPE_* of the frame's interface */
	uint32_t ifid;       /* pcapng interface index, 0 for pcap */
	uint32_t flags;      /* pcapng epb_flags, 0 when absent */
	const char *comment; /* pcapng opt_comment (valid like the data), or NULL */
	/* --- added for pcapng fidelity (zero/false for classic pcap) --- */
	const char *const *comments; /* all opt_comment options (comment is
	                                comments[0]); ncomments of them */
	uint32_t ncomments;
	bool has_ts;         /* false for Simple Packet Blocks and custom
	                        blocks: tshark leaves frame.time* empty */
	uint8_t tsprec;      /* decimals tshark shows for this frame's times:
	                        6 (µs) or 9 (ns); 0..3 for coarse pcapng
	                        interfaces. Per frame, like tshark's column. */
	uint8_t rectype;     /* enum src_rec */
	int8_t fcslen;       /* FCS bytes at the end of the data: -1 unknown
	                        (pcap FCS bits / if_fcslen / epb_flags) */
	uint32_t section;    /* pcapng section number, from 1; 0 for pcap */
	uint32_t pen;        /* SRC_REC_CUSTOM: Private Enterprise Number */
	bool cb_copy;        /* SRC_REC_CUSTOM: block may be copied (0xBAD) */
};

enum src_format { SRC_PCAP, SRC_PCAPNG };

struct source;

/* Opens path ("-" = stdin). gzip and zstd compressed files (and pipes) are
 * recognised by their magic and inflated on the fly. On failure returns
 * NULL and writes one line into err, tshark's wording with "tapir":
 * `The file "x" doesn't exist.`, `"x" is a directory (folder), not a file.`,
 * `You don't have permission to read the file "x".`,
 * `The file "x" isn't a capture file in a format tapir understands.`,
 * `The file "x" appears to have been cut short in the middle of a packet or
 * other data.` (shorter than a file header). An empty file opens as a capture
 * without frames, as in tshark. */
struct source *src_open(const char *path, char *err, size_t errlen);

/* Same on an open descriptor (not closed by src_close); name is used in
 * messages. */
struct source *src_open_fd(int fd, const char *name, char *err,
			   size_t errlen);

/* Same on n bytes of memory (not copied: they must outlive the source);
 * used by the fuzz harness and unit tests. */
struct source *src_open_mem(const void *p, size_t n, const char *name,
			    char *err, size_t errlen);

/* Next frame: 1 with *h and *data set; 0 at a clean end of file; -1 on an
 * error or a file cut short (src_error() says what, naming the file and the
 * frame number that could not be read). Frames already returned stay
 * valid; the caller processes them before reporting the error. */
int src_next(struct source *s, struct frame_hdr *h, const uint8_t **data);

const char *src_error(const struct source *s);
enum src_format src_format(const struct source *s);
/* Link type of the first interface (pcap: the header's). */
uint32_t src_linktype(const struct source *s);
/* The pcap header's whole LinkType field, FCS-length bits included (what a
 * pcap writer should copy to reproduce the header); src_linktype() for
 * pcapng. */
uint32_t src_linktype_field(const struct source *s);
/* Snapshot length of the first interface (0 when unknown). */
uint32_t src_snaplen(const struct source *s);
/* True when the file's timestamps have nanosecond resolution: pcap ns magic,
 * or some pcapng interface seen so far with a resolution of 10^-7 or finer.
 * tshark's summary time column follows each frame's own precision
 * (frame_hdr.tsprec): on pcapng-multi-interface.pcapng frames 1-2 (ns
 * interface) show 9 decimals and frames 3-6 (µs interface) show 6. */
bool src_nsec(const struct source *s);
/* Number of interfaces seen so far (pcap: 1). */
uint32_t src_ninterfaces(const struct source *s);
/* Link type of interface i (pcapng), LINKTYPE of the file for pcap. */
uint32_t src_if_linktype(const struct source *s, uint32_t i);
/* Snapshot length of interface i (0 = unlimited/unknown). */
uint32_t src_if_snaplen(const struct source *s, uint32_t i);
/* if_tsresol of interface i as in the file (pcap: 6 or 9). */
uint8_t src_if_tsresol(const struct source *s, uint32_t i);
/* if_name of interface i, or "" (pcap, or no name). Valid until close. */
const char *src_if_name(const struct source *s, uint32_t i);
/* if_description of interface i, or "". Valid until close. */
const char *src_if_desc(const struct source *s, uint32_t i);
void src_close(struct source *s);

#endif
