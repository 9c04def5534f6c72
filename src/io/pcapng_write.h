/* pcapng_write.h — writes pcapng files (one section, host byte order): an
 * SHB, one IDB per interface as it is first used (link type, snaplen,
 * if_tsresol, if_name), EPBs with opt_comment and epb_flags, and Custom
 * Blocks that may be copied.
 *
 * Records are buffered and go out whole; with flush_each the buffer is
 * flushed at each record boundary, so a process killed at any moment
 * leaves a valid file up to the last whole record.
 */
#ifndef TAPIR_IO_PCAPNG_WRITE_H
#define TAPIR_IO_PCAPNG_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source.h"

struct pcapng_writer;

/* path "-" = stdout. Writes the SHB at once. Returns NULL with a one-line
 * message in err. */
struct pcapng_writer *pcapng_writer_open(const char *path, bool flush_each,
					 char *err, size_t errlen);
/* Same on an open descriptor (not closed by pcapng_writer_close). */
struct pcapng_writer *pcapng_writer_fdopen(int fd, bool flush_each,
					   char *err, size_t errlen);

/* Declares an interface and writes its IDB. tsresol is an if_tsresol value
 * (6 = µs, 9 = ns, 0x80 | n = 2^-n); name may be NULL or "". Returns the
 * interface's index in the file, or -1 on a write error. */
int pcapng_writer_add_if(struct pcapng_writer *w, uint32_t linktype,
			 uint32_t snaplen, uint8_t tsresol, const char *name);

/* One EPB on interface ifidx (from pcapng_writer_add_if). ts_ns is rounded
 * up to the interface's resolution so that reading it back gives ts_ns
 * again. flags 0 = no epb_flags option. comments may be NULL. Returns 0, or
 * -1 on a write error (errno set) or an unknown ifidx. */
int pcapng_writer_write(struct pcapng_writer *w, uint32_t ifidx,
			int64_t ts_ns, uint32_t caplen, uint32_t len,
			const uint8_t *data, uint32_t flags,
			const char *const *comments, uint32_t ncomments);

/* Writes frame h read from src: declares the frame's interface on its
 * first use (with the source's link type, snaplen, if_tsresol and name),
 * then writes the EPB; a Custom Block record is written back when it may be
 * copied and dropped otherwise (as tshark does). Returns 0 or -1. */
int pcapng_writer_write_frame(struct pcapng_writer *w,
			      const struct source *src,
			      const struct frame_hdr *h, const uint8_t *data);

int pcapng_writer_flush(struct pcapng_writer *w);
/* Flushes and closes; returns -1 if any write failed. NULL is ignored. */
int pcapng_writer_close(struct pcapng_writer *w);

#endif
