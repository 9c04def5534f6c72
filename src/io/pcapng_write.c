/* pcapng_write.c — pcapng writer (see pcapng_write.h). Blocks are built in
 * a buffer in host byte order (readers handle either, the SHB's magic says
 * which) and written whole. */
#include "pcapng_write.h"
#include "../core/alloc.h"
#include "../core/outbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define TAPIR_USERAPPL "tapir"

struct ng_if {
	uint64_t units;     /* ticks per second of its if_tsresol */
};

struct pcapng_writer {
	struct outbuf ob;   /* fd, buffer and sticky write error */
	bool own_fd, flush_each;
	struct ng_if *ifs;
	uint32_t nifs, capifs;
	uint32_t *map;      /* source interface id -> ours + 1 (0 = none) */
	uint32_t nmap;
};

/* Output goes through the core buffered writer; a failed write is
 * remembered there (ob_error) and reported by every later call. */
static int wflush(struct pcapng_writer *w)
{
	ob_flush(&w->ob);
	return ob_error(&w->ob) ? -1 : 0;
}

static int wput(struct pcapng_writer *w, const void *p, size_t n)
{
	ob_write(&w->ob, p, n);
	return ob_error(&w->ob) ? -1 : 0;
}

static int put32(struct pcapng_writer *w, uint32_t v) { return wput(w, &v, 4); }

static int put_pad(struct pcapng_writer *w, size_t n)
{
	static const uint8_t zero[4];
	return wput(w, zero, (4 - (n & 3)) & 3);
}

static uint32_t padded(size_t n) { return (uint32_t)((n + 3) & ~(size_t)3); }

static int put_opt(struct pcapng_writer *w, uint16_t code, const void *v,
		   uint16_t len)
{
	uint16_t h[2] = { code, len };
	if (wput(w, h, 4) < 0 || wput(w, v, len) < 0)
		return -1;
	return put_pad(w, len);
}

/* Starts a block of total length total: flushes first when it does not fit
 * in what is left of the buffer, so a flush ends on a block boundary. */
static int block_begin(struct pcapng_writer *w, uint32_t type, uint32_t total)
{
	if (w->ob.len + total > sizeof(w->ob.buf) && wflush(w) < 0)
		return -1;
	if (put32(w, type) < 0 || put32(w, total) < 0)
		return -1;
	return 0;
}

static int block_end(struct pcapng_writer *w, uint32_t total)
{
	if (put32(w, total) < 0)
		return -1;
	return w->flush_each ? wflush(w) : 0;
}

static uint16_t optlen(size_t n) { return n > 65535 ? 65535 : (uint16_t)n; }

struct pcapng_writer *pcapng_writer_fdopen(int fd, bool flush_each,
					   char *err, size_t errlen)
{
	struct pcapng_writer *w = xcalloc(1, sizeof(*w));
	ob_init(&w->ob, fd);
	w->flush_each = flush_each;
	/* SHB: magic, version 1.0, section length unknown (-1),
	 * shb_userappl, opt_endofopt. */
	const char *ua = TAPIR_USERAPPL;
	uint32_t total = 28 + 4 + padded(strlen(ua)) + 4;
	uint16_t ver[2] = { 1, 0 };
	int64_t seclen = -1;
	uint32_t end = 0;
	if (block_begin(w, 0x0a0d0d0a, total) < 0 || put32(w, 0x1a2b3c4d) < 0 ||
	    wput(w, ver, 4) < 0 || wput(w, &seclen, 8) < 0 ||
	    put_opt(w, 4, ua, optlen(strlen(ua))) < 0 || wput(w, &end, 4) < 0 ||
	    block_end(w, total) < 0 || wflush(w) < 0) {
		snprintf(err, errlen, "could not write the pcapng header: %s",
			 strerror(errno));
		xfree(w);
		return NULL;
	}
	return w;
}

struct pcapng_writer *pcapng_writer_open(const char *path, bool flush_each,
					 char *err, size_t errlen)
{
	int fd = strcmp(path, "-") == 0
		? 1 : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "The file \"%s\" could not be created: %s.",
			 path, strerror(errno));
		return NULL;
	}
	struct pcapng_writer *w = pcapng_writer_fdopen(fd, flush_each, err,
						       errlen);
	if (!w) {
		if (fd != 1)
			close(fd);
		return NULL;
	}
	w->own_fd = fd != 1;
	return w;
}

static uint64_t units_of(uint8_t r)
{
	unsigned e = r & 0x7f;
	if (r & 0x80)
		return e < 64 ? (uint64_t)1 << e : UINT64_MAX;
	uint64_t u = 1;
	for (unsigned i = 0; i < e && i < 19; i++)
		u *= 10;
	return u;
}

int pcapng_writer_add_if(struct pcapng_writer *w, uint32_t linktype,
			 uint32_t snaplen, uint8_t tsresol, const char *name)
{
	if (ob_error(&w->ob))
		return -1;
	size_t nl = name ? strlen(name) : 0;
	bool res = tsresol != 6;
	uint32_t total = 20 + (nl ? 4 + padded(nl) : 0) + (res ? 8 : 0) +
			 (nl || res ? 4 : 0);
	uint16_t lt[2] = { (uint16_t)linktype, 0 };
	if (block_begin(w, 1, total) < 0 || wput(w, lt, 4) < 0 ||
	    put32(w, snaplen) < 0)
		return -1;
	if (nl && put_opt(w, 2, name, optlen(nl)) < 0)
		return -1;
	if (res && put_opt(w, 9, &tsresol, 1) < 0)
		return -1;
	if ((nl || res) && put32(w, 0) < 0)
		return -1;
	if (block_end(w, total) < 0)
		return -1;
	if (w->nifs == w->capifs) {
		w->capifs = w->capifs ? w->capifs * 2 : 4;
		w->ifs = xrealloc(w->ifs, w->capifs * sizeof(*w->ifs));
	}
	w->ifs[w->nifs].units = units_of(tsresol);
	return (int)w->nifs++;
}

int pcapng_writer_write(struct pcapng_writer *w, uint32_t ifidx,
			int64_t ts_ns, uint32_t caplen, uint32_t len,
			const uint8_t *data, uint32_t flags,
			const char *const *comments, uint32_t ncomments)
{
	if (ob_error(&w->ob))
		return -1;
	if (ifidx >= w->nifs) {
		errno = EINVAL;
		return -1;
	}
	uint64_t units = w->ifs[ifidx].units;
	if (ts_ns < 0)
		ts_ns = 0;
	/* ticks = ceil(ns * units / 10^9): the smallest tick count that a
	 * reader (ticks * 10^9 / units, truncating) maps back to ts_ns. */
	unsigned __int128 t = (unsigned __int128)(uint64_t)ts_ns * units;
	uint64_t ticks = (uint64_t)((t + 999999999u) / 1000000000u);

	uint32_t total = 32 + padded(caplen);
	for (uint32_t i = 0; i < ncomments; i++)
		total += 4 + padded(optlen(strlen(comments[i])));
	if (flags)
		total += 8;
	if (ncomments || flags)
		total += 4;
	uint32_t fix[5] = { ifidx, (uint32_t)(ticks >> 32), (uint32_t)ticks,
			    caplen, len };
	if (block_begin(w, 6, total) < 0 || wput(w, fix, sizeof(fix)) < 0 ||
	    wput(w, data, caplen) < 0 || put_pad(w, caplen) < 0)
		return -1;
	for (uint32_t i = 0; i < ncomments; i++)
		if (put_opt(w, 1, comments[i], optlen(strlen(comments[i]))) < 0)
			return -1;
	if (flags && put_opt(w, 2, &flags, 4) < 0)
		return -1;
	if ((ncomments || flags) && put32(w, 0) < 0)
		return -1;
	return block_end(w, total);
}

static int write_custom(struct pcapng_writer *w, uint32_t pen,
			const uint8_t *data, uint32_t n)
{
	/* The bytes after the PEN (custom data and options) were a multiple
	 * of 4 when read; pad anyway in case a caller's are not. */
	uint32_t total = 16 + padded(n);
	if (block_begin(w, 0x00000bad, total) < 0 || put32(w, pen) < 0 ||
	    wput(w, data, n) < 0 || put_pad(w, n) < 0)
		return -1;
	return block_end(w, total);
}

int pcapng_writer_write_frame(struct pcapng_writer *w,
			      const struct source *src,
			      const struct frame_hdr *h, const uint8_t *data)
{
	if (ob_error(&w->ob))
		return -1;
	if (h->rectype == SRC_REC_CUSTOM)
		return h->cb_copy ? write_custom(w, h->pen, data, h->caplen) : 0;
	if (h->ifid >= w->nmap) {
		uint32_t n = w->nmap ? w->nmap : 4;
		while (n <= h->ifid)
			n *= 2;
		w->map = xrealloc(w->map, n * sizeof(*w->map));
		memset(w->map + w->nmap, 0, (n - w->nmap) * sizeof(*w->map));
		w->nmap = n;
	}
	/* Interfaces are declared in the source's order up to this one, so
	 * interface ids stay the same as in the input (tshark writes every
	 * IDB of the input). */
	for (uint32_t k = 0; !w->map[h->ifid] && k <= h->ifid; k++) {
		if (w->map[k])
			continue;
		uint32_t lt = k == h->ifid ? h->linktype : src_if_linktype(src, k);
		int i = pcapng_writer_add_if(w, lt, src_if_snaplen(src, k),
					     src_if_tsresol(src, k),
					     src_if_name(src, k));
		if (i < 0)
			return -1;
		w->map[k] = (uint32_t)i + 1;
	}
	/* Sources other than the file readers may set only comment. */
	const char *const *com = h->comments;
	uint32_t ncom = h->ncomments;
	if (!ncom && h->comment) {
		com = &h->comment;
		ncom = 1;
	}
	return pcapng_writer_write(w, w->map[h->ifid] - 1, h->ts, h->caplen,
				   h->len, data, h->flags, com, ncom);
}

int pcapng_writer_flush(struct pcapng_writer *w)
{
	return ob_error(&w->ob) ? -1 : wflush(w);
}

int pcapng_writer_close(struct pcapng_writer *w)
{
	if (!w)
		return 0;
	int r = wflush(w);
	if (ob_error(&w->ob))
		r = -1;
	if (w->own_fd && close(w->ob.fd) < 0)
		r = -1;
	xfree(w->ifs);
	xfree(w->map);
	xfree(w);
	return r;
}
