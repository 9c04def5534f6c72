/* pcap_write.c — classic pcap writer (see pcap_write.h). Buffered; with
 * flush_each the buffer goes out at every packet boundary. */
#include "pcap_write.h"
#include "../core/alloc.h"
#include "../core/outbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>


struct pcap_writer {
	struct outbuf ob;   /* fd, buffer and sticky write error */
	bool own_fd, nsec, flush_each;
};

/* Output goes through the core buffered writer; a failed write is
 * remembered there (ob_error) and reported by every later call. */
static int wflush(struct pcap_writer *w)
{
	ob_flush(&w->ob);
	return ob_error(&w->ob) ? -1 : 0;
}

static int wput(struct pcap_writer *w, const void *p, size_t n)
{
	ob_write(&w->ob, p, n);
	return ob_error(&w->ob) ? -1 : 0;
}

struct pcap_writer *pcap_writer_fdopen(int fd, uint32_t linktype,
				       uint32_t snaplen, bool nsec,
				       bool flush_each, char *err,
				       size_t errlen)
{
	struct pcap_writer *w = xmalloc(sizeof(*w));
	ob_init(&w->ob, fd);
	w->own_fd = false;
	w->nsec = nsec;
	w->flush_each = flush_each;
	uint32_t hdr[6] = { nsec ? 0xa1b23c4du : 0xa1b2c3d4u,
			    2 | (4u << 16), 0, 0,
			    snaplen ? snaplen : 262144, linktype };
	/* Host byte order, as libpcap writes; version 2.4 as two u16. */
	uint16_t ver[2] = { 2, 4 };
	memcpy(&hdr[1], ver, 4);
	if (wput(w, hdr, sizeof(hdr)) < 0 || wflush(w) < 0) {
		snprintf(err, errlen, "could not write the pcap header: %s",
			 strerror(errno));
		xfree(w);
		return NULL;
	}
	return w;
}

struct pcap_writer *pcap_writer_open(const char *path, uint32_t linktype,
				     uint32_t snaplen, bool nsec,
				     bool flush_each, char *err, size_t errlen)
{
	int fd = strcmp(path, "-") == 0
		? 1 : open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "The file \"%s\" could not be created: %s.",
			 path, strerror(errno));
		return NULL;
	}
	struct pcap_writer *w = pcap_writer_fdopen(fd, linktype, snaplen, nsec,
						   flush_each, err, errlen);
	if (!w) {
		if (fd != 1)
			close(fd);
		return NULL;
	}
	w->own_fd = fd != 1;
	return w;
}

int pcap_writer_write(struct pcap_writer *w, int64_t ts_ns, uint32_t caplen,
		      uint32_t len, const uint8_t *data)
{
	if (ob_error(&w->ob))
		return -1;
	int64_t sec = ts_ns / 1000000000, frac = ts_ns % 1000000000;
	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	uint32_t rec[4] = { (uint32_t)sec,
			    (uint32_t)(w->nsec ? frac : frac / 1000), caplen,
			    len < caplen ? caplen : len };
	/* A record goes in whole or the buffer is flushed first, so a flush
	 * never writes half a record when flush_each is set. */
	if (w->ob.len + sizeof(rec) + caplen > sizeof(w->ob.buf) && wflush(w) < 0)
		return -1;
	if (wput(w, rec, sizeof(rec)) < 0 || wput(w, data, caplen) < 0)
		return -1;
	if (w->flush_each)
		return wflush(w);
	return 0;
}

int pcap_writer_flush(struct pcap_writer *w) { return ob_error(&w->ob) ? -1 : wflush(w); }

int pcap_writer_close(struct pcap_writer *w)
{
	if (!w)
		return 0;
	int r = wflush(w);
	if (ob_error(&w->ob))
		r = -1;
	if (w->own_fd && close(w->ob.fd) < 0)
		r = -1;
	xfree(w);
	return r;
}
