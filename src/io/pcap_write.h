/* pcap_write.h — writes classic pcap files (µs or ns magic).
 *
 * Every packet is written as one record; with flush_each the buffer is
 * flushed at each packet boundary, so a process killed at any moment leaves
 * a valid file up to the last whole packet.
 */
#ifndef TAPIR_IO_PCAP_WRITE_H
#define TAPIR_IO_PCAP_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pcap_writer;

/* path "-" = stdout. linktype is a LINKTYPE_*; nsec selects the nanosecond
 * magic. Returns NULL with a one-line message in err. */
struct pcap_writer *pcap_writer_open(const char *path, uint32_t linktype,
				     uint32_t snaplen, bool nsec,
				     bool flush_each, char *err, size_t errlen);
struct pcap_writer *pcap_writer_fdopen(int fd, uint32_t linktype,
				       uint32_t snaplen, bool nsec,
				       bool flush_each, char *err,
				       size_t errlen);
/* ts in ns since the epoch. Returns 0, or -1 on a write error (errno set). */
int pcap_writer_write(struct pcap_writer *w, int64_t ts_ns, uint32_t caplen,
		      uint32_t len, const uint8_t *data);
int pcap_writer_flush(struct pcap_writer *w);
/* Flushes and closes; returns -1 if any write failed. NULL is ignored. */
int pcap_writer_close(struct pcap_writer *w);

#endif
