/* source_int.h — what the capture-file readers (source.c: input, compression
 * and classic pcap; pcapng.c) share. Not for use outside src/io/.
 *
 * Input is a byte stream (file, stdin, memory), optionally gzip or zstd
 * compressed, read through one buffer: src_fill() makes the next n bytes
 * contiguous at buf + start and readers consume by advancing start. Frames
 * handed out point into that buffer, so there is no copy except the memmove
 * of a partial record to the buffer's front when it straddles the end.
 * Uncompressed regular files skip even the read() copy: they are mapped
 * (see `mapped` below).
 */
#ifndef TAPIR_IO_SOURCE_INT_H
#define TAPIR_IO_SOURCE_INT_H

#include "source.h"

#include <string.h>
#include <zlib.h>
#include <zstd.h>

/* tshark's WTAP_MAX_PACKET_SIZE_STANDARD: larger records are "damaged". */
#define SRC_MAX_PACKET (256u * 1024u)
/* Largest pcapng block accepted (a packet of the maximum size plus room for
 * options); anything longer is reported as damaged instead of buffered. */
#define SRC_MAX_BLOCK (SRC_MAX_PACKET + 128u * 1024u)
/* Comments kept per frame (further opt_comment options are ignored). */
#define SRC_MAX_COMMENTS 8

enum src_z { SRC_Z_NONE, SRC_Z_GZIP, SRC_Z_ZSTD };

struct src_iface {
	uint32_t linktype;      /* LINKTYPE_* (low 16 bits of the IDB field) */
	uint32_t snaplen;       /* 0 = no limit */
	uint64_t units;         /* timestamp ticks per second */
	int64_t tsoffset;       /* if_tsoffset, seconds */
	uint8_t tsresol;        /* if_tsresol as in the file (6 by default) */
	uint8_t tsprec;         /* decimals tshark shows: 0,1,2,3,6,9 */
	int8_t fcslen;          /* if_fcslen in bytes, -1 when unknown */
	char name[64];          /* if_name, "" when absent */
	char desc[128];         /* if_description, "" when absent */
};

struct source {
	/* raw input: a file descriptor, or a memory block (src_open_mem) */
	int fd;
	bool own_fd;
	const uint8_t *mem;
	size_t memlen, mempos;
	char path[256];

	/* decompression (zin holds compressed bytes not yet inflated) */
	enum src_z z;
	z_stream gz;
	bool gz_init;
	ZSTD_DStream *zs;
	uint8_t *zin;
	size_t zcap, zstart, zend;
	bool zeof;              /* raw input exhausted */
	bool zdone;             /* the compressed stream ended cleanly */

	/* decompressed bytes: buf[start, end) not yet consumed */
	uint8_t *buf;
	size_t cap, start, end;
	/* A plain regular file is not read but mapped, a window at a time:
	 * buf is then the mapping of the file bytes [map_off, map_off + cap)
	 * (cap = the window's length, mapped read-only) and src_fill()
	 * moves the window. */
	bool mapped;
	uint64_t map_off;
	bool eof;               /* no more bytes will arrive */
	bool ioerr;             /* err holds a read/decompression error */

	enum src_format fmt;
	int (*next)(struct source *s, struct frame_hdr *h, const uint8_t **data);
	/* Other backends (live capture): their state and how to free it;
	 * src_close() calls close_priv first when set. */
	void *priv;
	void (*close_priv)(struct source *s);
	uint64_t nframes;       /* frames returned so far */
	char err[1024];

	/* classic pcap */
	bool swap, nsec;
	uint32_t rechdr;        /* record header size: 16, or 24 (modified) */
	uint32_t snaplen, linktype;
	uint32_t ltfield;       /* header LinkType field as read */
	int8_t fcslen;

	/* pcapng: interfaces of all sections, numbered globally like
	 * Wireshark's frame.interface_id */
	struct src_iface *ifs;
	uint32_t nifs, capifs;
	uint32_t sect_base;     /* global index of this section's interface 0 */
	uint32_t section;       /* 1-based section number */
	bool ngswap;            /* this section is in the other byte order */
	bool any_nsec;          /* some interface so far has ns precision */
	char *cbuf;             /* NUL-terminated copies of comments */
	size_t ccap;
	const char *comments[SRC_MAX_COMMENTS];
};

/* A zeroed source named name (for messages) with its buffer allocated and
 * no input: backends other than files set next (and priv/close_priv). */
struct source *src_alloc(const char *name);

/* Bytes mapped at a time from a plain file (default 32 MiB). Tests set it
 * to a page or two to exercise records that straddle windows. */
extern size_t src_map_window;

/* Makes n bytes available at buf + start. False when fewer exist: at the end
 * of the input (eof set) or on a read error (ioerr set, err filled). */
bool src_fill(struct source *s, size_t n);

/* Formats the standard "cut short" message for the frame being read. */
void src_cut_short(struct source *s);
/* "appears to be damaged or corrupt. (detail)" */
void src_damaged(struct source *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* pcapng.c: called once the first block is known to be an SHB. Reads the
 * SHB and the IDBs that follow it; returns false with err set. */
bool pcapng_open(struct source *s, char *err, size_t errlen);

static inline uint32_t src_get32(const uint8_t *p, bool swap)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static inline uint16_t src_get16(const uint8_t *p, bool swap)
{
	uint16_t v;
	memcpy(&v, p, 2);
	return swap ? __builtin_bswap16(v) : v;
}

#endif
