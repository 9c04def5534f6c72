/* source.c — capture file input: files, stdin and memory; gzip and zstd
 * decompression by magic, streaming in constant memory; format sniffing;
 * the classic pcap reader (µs/ns magic, both byte orders, the "modified"
 * Kuznetsov variant, the FCS bits of the link-type field). pcapng is in
 * pcapng.c. See source.h for the contract, source_int.h for the buffer. */
#include "source_int.h"
#include "../core/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUFSZ (1u << 20)  /* decompressed-side buffer */
#define ZBUFSZ (1u << 18) /* compressed-side buffer */
/* Mapped window of a plain file: large enough that remapping is rare, small
 * enough that the pages a run has touched (counted in its RSS) stay few.
 * A variable so tests can make windows tiny (source_int.h). */
size_t src_map_window = (size_t)8 << 20;

#define PCAP_MAGIC 0xa1b2c3d4u
#define PCAP_MAGIC_NSEC 0xa1b23c4du
#define PCAP_MAGIC_MOD 0xa1b2cd34u  /* Kuznetsov's patched libpcap */
#define PCAPNG_SHB 0x0a0d0d0au

/* --- raw input --------------------------------------------------------- */

/* Reads up to n raw (possibly compressed) bytes: >0 bytes, 0 EOF, -1 error
 * with err set. */
static ssize_t raw_read(struct source *s, uint8_t *dst, size_t n)
{
	if (s->mem) {
		size_t k = s->memlen - s->mempos < n ? s->memlen - s->mempos : n;
		memcpy(dst, s->mem + s->mempos, k);
		s->mempos += k;
		return (ssize_t)k;
	}
	for (;;) {
		ssize_t r = read(s->fd, dst, n);
		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		snprintf(s->err, sizeof(s->err),
			 "An error occurred while reading from the file \"%s\": %s.",
			 s->path, strerror(errno));
		return -1;
	}
}

/* Refills zin when it is empty; false when no more compressed bytes. */
static bool zin_refill(struct source *s)
{
	if (s->zstart < s->zend)
		return true;
	if (s->zeof)
		return false;
	s->zstart = s->zend = 0;
	ssize_t r = raw_read(s, s->zin, s->zcap);
	if (r < 0) {
		s->ioerr = true;
		s->zeof = true;
		return false;
	}
	if (r == 0) {
		s->zeof = true;
		return false;
	}
	s->zend = (size_t)r;
	return true;
}

static void z_error(struct source *s, const char *what)
{
	snprintf(s->err, sizeof(s->err),
		 "The file \"%s\" appears to be damaged or corrupt. (%s)",
		 s->path, what);
	s->ioerr = true;
}

/* gzip: inflates into dst. Concatenated members (`cat a.gz b.gz`) are read
 * one after the other, as gzip -d does. A stream cut short simply ends: the
 * capture reader then reports the record it could not finish. */
static ssize_t gz_pull(struct source *s, uint8_t *dst, size_t n)
{
	s->gz.next_out = dst;
	s->gz.avail_out = (uInt)n;
	while (s->gz.avail_out == n) {
		if (!zin_refill(s))
			break;
		if (s->zdone) {
			/* Another member follows the one that ended. */
			if (inflateReset(&s->gz) != Z_OK) {
				z_error(s, "gzip: cannot restart the stream");
				return -1;
			}
			s->zdone = false;
		}
		s->gz.next_in = s->zin + s->zstart;
		s->gz.avail_in = (uInt)(s->zend - s->zstart);
		int r = inflate(&s->gz, Z_NO_FLUSH);
		s->zstart = s->zend - s->gz.avail_in;
		if (r == Z_STREAM_END) {
			s->zdone = true;
		} else if (r != Z_OK && r != Z_BUF_ERROR) {
			char m[128];
			snprintf(m, sizeof(m), "gzip: %s",
				 s->gz.msg ? s->gz.msg : "decompression failed");
			z_error(s, m);
			return -1;
		}
	}
	if (s->ioerr)
		return -1;
	return (ssize_t)(n - s->gz.avail_out);
}

/* zstd: several frames in a row are handled by the streaming decoder. */
static ssize_t zstd_pull(struct source *s, uint8_t *dst, size_t n)
{
	ZSTD_outBuffer out = { dst, n, 0 };
	while (out.pos == 0) {
		if (!zin_refill(s))
			break;
		ZSTD_inBuffer in = { s->zin + s->zstart, s->zend - s->zstart, 0 };
		size_t r = ZSTD_decompressStream(s->zs, &out, &in);
		s->zstart += in.pos;
		if (ZSTD_isError(r)) {
			char m[128];
			snprintf(m, sizeof(m), "zstd: %s", ZSTD_getErrorName(r));
			z_error(s, m);
			return -1;
		}
	}
	if (s->ioerr)
		return -1;
	return (ssize_t)out.pos;
}

static ssize_t pull(struct source *s, uint8_t *dst, size_t n)
{
	switch (s->z) {
	case SRC_Z_GZIP: return gz_pull(s, dst, n);
	case SRC_Z_ZSTD: return zstd_pull(s, dst, n);
	default: break;
	}
	ssize_t r = raw_read(s, dst, n);
	if (r < 0)
		s->ioerr = true;
	return r;
}

/* Maps the window of s->fd that starts at the page holding file offset
 * `at` and spans at least `need` bytes from `at` (less at the end of the
 * file). The file's size is read again each time, so a capture still being
 * written is followed as read() would follow it. False on a mapping
 * failure, with err set. */
static bool map_window(struct source *s, uint64_t at, size_t need)
{
	struct stat st;
	if (fstat(s->fd, &st) != 0) {
		snprintf(s->err, sizeof(s->err),
			 "An error occurred while reading from the file \"%s\": %s.",
			 s->path, strerror(errno));
		s->ioerr = true;
		return false;
	}
	uint64_t size = (uint64_t)st.st_size;
	uint64_t off = at & ~(uint64_t)(sysconf(_SC_PAGESIZE) - 1);
	size_t len = src_map_window;
	if (len < need + (size_t)(at - off))
		len = need + (size_t)(at - off);
	if (off >= size)
		len = 0;
	else if (len > size - off)
		len = (size_t)(size - off);
	if (s->buf && s->cap)
		munmap(s->buf, s->cap);
	s->buf = NULL;
	s->cap = 0;
	if (len) {
		/* Read-only: readers never write into buf. Faulting pages
		 * in as they are reached measured faster than MAP_POPULATE
		 * or a writable mapping (whose unmapping costs system time). */
		void *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, s->fd,
			       (off_t)off);
		if (m == MAP_FAILED) {
			snprintf(s->err, sizeof(s->err),
				 "An error occurred while reading from the file \"%s\": %s.",
				 s->path, strerror(errno));
			s->ioerr = true;
			return false;
		}
		madvise(m, len, MADV_SEQUENTIAL);
		s->buf = m;
		s->cap = len;
	}
	s->start = (size_t)(at - off);
	if (s->start > len)
		s->start = len;
	s->end = len;
	s->map_off = off;
	return true;
}

bool src_fill(struct source *s, size_t n)
{
	if (s->end - s->start >= n)
		return true;
	if (s->mapped) {
		/* The record runs past the window: move the window to it. */
		if (!map_window(s, s->map_off + s->start, n))
			return false;
		if (s->end - s->start >= n)
			return true;
		s->eof = true;
		return false;
	}
	/* Slow path: the record straddles the buffer end (or the buffer is
	 * too small for it). Move the tail to the front, grow if needed. */
	if (s->start) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
	}
	if (n > s->cap) {
		size_t c = s->cap;
		while (c < n)
			c *= 2;
		s->buf = xrealloc(s->buf, c);
		s->cap = c;
	}
	while (s->end < n && !s->eof) {
		ssize_t r = pull(s, s->buf + s->end, s->cap - s->end);
		if (r <= 0) {
			s->eof = true;
			break;
		}
		s->end += (size_t)r;
	}
	return s->end - s->start >= n;
}

void src_cut_short(struct source *s)
{
	if (s->ioerr)
		return;
	snprintf(s->err, sizeof(s->err),
		 "The file \"%s\" appears to have been cut short in the middle of a packet (frame %llu).",
		 s->path, (unsigned long long)s->nframes + 1);
}

void src_damaged(struct source *s, const char *fmt, ...)
{
	char m[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	snprintf(s->err, sizeof(s->err),
		 "The file \"%s\" appears to be damaged or corrupt. (%s) (frame %llu)",
		 s->path, m, (unsigned long long)s->nframes + 1);
}

/* --- classic pcap ------------------------------------------------------ */

static int pcap_next(struct source *s, struct frame_hdr *h,
		     const uint8_t **data)
{
	const size_t rh = s->rechdr;
	if (!src_fill(s, rh)) {
		if (s->ioerr)
			return -1;
		if (s->end == s->start)
			return 0;
		src_cut_short(s);
		return -1;
	}
	const uint8_t *p = s->buf + s->start;
	uint32_t sec = src_get32(p, s->swap);
	uint32_t frac = src_get32(p + 4, s->swap);
	uint32_t caplen = src_get32(p + 8, s->swap);
	uint32_t len = src_get32(p + 12, s->swap);
	if (caplen > SRC_MAX_PACKET) {
		/* tshark's wording (libpcap.c), on one line. */
		snprintf(s->err, sizeof(s->err),
			 "The file \"%s\" appears to be damaged or corrupt. (pcap: File has %u-byte packet, bigger than maximum of %u) (frame %llu)",
			 s->path, caplen, SRC_MAX_PACKET,
			 (unsigned long long)s->nframes + 1);
		return -1;
	}
	if (!src_fill(s, rh + caplen)) {
		if (s->ioerr)
			return -1;
		src_cut_short(s);
		return -1;
	}
	p = s->buf + s->start;
	memset(h, 0, sizeof(*h));
	h->ts = (int64_t)sec * 1000000000 + (int64_t)frac * (s->nsec ? 1 : 1000);
	h->caplen = caplen;
	h->len = len < caplen ? caplen : len;
	h->linktype = s->linktype;
	h->has_ts = true;
	h->tsprec = s->nsec ? 9 : 6;
	h->fcslen = s->fcslen;
	*data = p + rh;
	s->start += rh + caplen;
	s->nframes++;
	return 1;
}

static bool pcap_open(struct source *s, uint32_t magic, char *err,
		      size_t errlen)
{
	switch (magic) {
	case PCAP_MAGIC: break;
	case PCAP_MAGIC_MOD: s->rechdr = 24; break;
	case PCAP_MAGIC_NSEC: s->nsec = true; break;
	default: break;
	}
	const uint32_t sw = __builtin_bswap32(magic);
	if (sw == PCAP_MAGIC || sw == PCAP_MAGIC_NSEC || sw == PCAP_MAGIC_MOD) {
		s->swap = true;
		s->nsec = sw == PCAP_MAGIC_NSEC;
		if (sw == PCAP_MAGIC_MOD)
			s->rechdr = 24;
	}
	if (!src_fill(s, 24)) {
		if (s->ioerr)
			snprintf(err, errlen, "%s", s->err);
		else
			snprintf(err, errlen,
				 "The file \"%s\" appears to have been cut short in the middle of a packet or other data.",
				 s->path);
		return false;
	}
	const uint8_t *p = s->buf + s->start;
	if (src_get16(p + 4, s->swap) < 2) {
		snprintf(err, errlen,
			 "The file \"%s\" isn't a capture file in a format tapir understands.",
			 s->path);
		return false;
	}
	s->snaplen = src_get32(p + 16, s->swap);
	uint32_t lt = src_get32(p + 20, s->swap);
	/* LINKTYPE field: bits 0-25 the link type (Wireshark's
	 * LT_LINKTYPE_MASK), bit 28 "FCS length present", bits 29-31 the FCS
	 * length in 16-bit words. */
	s->ltfield = lt;
	s->linktype = lt & 0x03ffffffu;
	s->fcslen = (lt & 0x10000000u) ? (int8_t)(((lt >> 29) & 7) * 2) : -1;
	s->start += 24;
	s->fmt = SRC_PCAP;
	s->next = pcap_next;
	return true;
}

/* --- opening ----------------------------------------------------------- */

/* Frames of an empty input: none. */
static int empty_next(struct source *s, struct frame_hdr *h,
		      const uint8_t **data)
{
	(void)s, (void)h, (void)data;
	return 0;
}

struct source *src_alloc(const char *name)
{
	struct source *s = xcalloc(1, sizeof(*s));
	s->fd = -1;
	snprintf(s->path, sizeof(s->path), "%s", name);
	s->cap = BUFSZ;
	s->buf = xmalloc(s->cap);
	s->rechdr = 16;
	s->fcslen = -1;
	s->linktype = LINKTYPE_ETHERNET;
	return s;
}

/* Detects compression from the first raw bytes, then the capture format.
 * Frees s and returns NULL on failure. */
static struct source *src_start(struct source *s, char *err, size_t errlen)
{
	/* Read raw bytes straight into buf: for an uncompressed file they are
	 * the capture itself and are used in place. */
	while (s->end < 4 && !s->eof) {
		ssize_t r = raw_read(s, s->buf + s->end, s->cap - s->end);
		if (r <= 0) {
			if (r < 0)
				s->ioerr = true;
			s->eof = true;
			break;
		}
		s->end += (size_t)r;
	}
	if (s->ioerr) {
		snprintf(err, errlen, "%s", s->err);
		src_close(s);
		return NULL;
	}
	const uint8_t *b = s->buf;
	bool gz = s->end >= 2 && b[0] == 0x1f && b[1] == 0x8b;
	bool zst = s->end >= 4 && b[0] == 0x28 && b[1] == 0xb5 &&
		   b[2] == 0x2f && b[3] == 0xfd;
	if (gz || zst) {
		s->zcap = ZBUFSZ > s->end ? ZBUFSZ : s->end;
		s->zin = xmalloc(s->zcap);
		memcpy(s->zin, s->buf, s->end);
		s->zstart = 0;
		s->zend = s->end;
		s->zeof = s->eof;
		s->start = s->end = 0;
		s->eof = false;
		if (gz) {
			s->z = SRC_Z_GZIP;
			/* 16 + MAX_WBITS: gzip wrapper only. */
			if (inflateInit2(&s->gz, 16 + MAX_WBITS) != Z_OK) {
				snprintf(err, errlen, "zlib initialisation failed");
				src_close(s);
				return NULL;
			}
			s->gz_init = true;
		} else {
			s->z = SRC_Z_ZSTD;
			s->zs = ZSTD_createDStream();
			if (!s->zs || ZSTD_isError(ZSTD_initDStream(s->zs))) {
				snprintf(err, errlen, "zstd initialisation failed");
				src_close(s);
				return NULL;
			}
		}
	}
	if (!src_fill(s, 4)) {
		if (s->ioerr) {
			snprintf(err, errlen, "%s", s->err);
			src_close(s);
			return NULL;
		}
		if (s->end == 0) {
			/* tshark reads an empty file as a capture with no
			 * packets and exits 0. */
			s->next = empty_next;
			return s;
		}
		snprintf(err, errlen,
			 "The file \"%s\" isn't a capture file in a format tapir understands.",
			 s->path);
		src_close(s);
		return NULL;
	}
	uint32_t magic;
	memcpy(&magic, s->buf + s->start, 4);
	bool ok;
	if (magic == PCAPNG_SHB) {
		ok = pcapng_open(s, err, errlen);
	} else {
		uint32_t sw = __builtin_bswap32(magic);
		if (magic == PCAP_MAGIC || magic == PCAP_MAGIC_NSEC ||
		    magic == PCAP_MAGIC_MOD || sw == PCAP_MAGIC ||
		    sw == PCAP_MAGIC_NSEC || sw == PCAP_MAGIC_MOD) {
			ok = pcap_open(s, magic, err, errlen);
		} else {
			snprintf(err, errlen,
				 "The file \"%s\" isn't a capture file in a format tapir understands.",
				 s->path);
			ok = false;
		}
	}
	if (!ok) {
		src_close(s);
		return NULL;
	}
	return s;
}

struct source *src_open_fd(int fd, const char *name, char *err,
			   size_t errlen)
{
	struct source *s = src_alloc(name);
	s->fd = fd;
	return src_start(s, err, errlen);
}

struct source *src_open_mem(const void *p, size_t n, const char *name,
			    char *err, size_t errlen)
{
	struct source *s = src_alloc(name);
	/* Memory inputs are often small (fuzzing, tests): start with a
	 * small buffer; src_fill() grows it when a record needs more. */
	if (n < BUFSZ / 16) {
		xfree(s->buf);
		s->cap = 64 * 1024;
		s->buf = xmalloc(s->cap);
	}
	static const uint8_t nothing[1];
	s->mem = n ? p : nothing;
	s->memlen = n;
	return src_start(s, err, errlen);
}

struct source *src_open(const char *path, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0)
		return src_open_fd(0, "-", err, errlen);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		/* tshark's messages (ui/failure_message.c). */
		if (errno == ENOENT)
			snprintf(err, errlen, "The file \"%s\" doesn't exist.", path);
		else if (errno == EACCES || errno == EPERM)
			snprintf(err, errlen,
				 "You don't have permission to read the file \"%s\".",
				 path);
		else if (errno == EISDIR)
			snprintf(err, errlen,
				 "\"%s\" is a directory (folder), not a file.", path);
		else
			snprintf(err, errlen,
				 "The file \"%s\" could not be opened: %s.", path,
				 strerror(errno));
		return NULL;
	}
	struct stat st;
	bool have_st = fstat(fd, &st) == 0;
	if (have_st && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "\"%s\" is a directory (folder), not a file.",
			 path);
		close(fd);
		return NULL;
	}
	struct source *s = src_alloc(path);
	s->fd = fd;
	s->own_fd = true;
	/* A regular uncompressed file is mapped instead of read (src_fill);
	 * compressed ones go through the read and inflate path. */
	if (have_st && S_ISREG(st.st_mode) && st.st_size >= 4) {
		uint8_t magic[4];
		if (pread(fd, magic, 4, 0) == 4 &&
		    !(magic[0] == 0x1f && magic[1] == 0x8b) &&
		    !(magic[0] == 0x28 && magic[1] == 0xb5 &&
		      magic[2] == 0x2f && magic[3] == 0xfd)) {
			xfree(s->buf);
			s->buf = NULL;
			s->cap = 0;
			s->mapped = true;
			if (!map_window(s, 0, 4)) {
				snprintf(err, errlen, "%s", s->err);
				src_close(s);
				return NULL;
			}
		}
	}
	return src_start(s, err, errlen);
}

int src_next(struct source *s, struct frame_hdr *h, const uint8_t **data)
{
	if (s->err[0])
		return -1;
	return s->next(s, h, data);
}

const char *src_error(const struct source *s) { return s->err; }
enum src_format src_format(const struct source *s) { return s->fmt; }

uint32_t src_linktype(const struct source *s)
{
	if (s->fmt == SRC_PCAPNG)
		return s->nifs ? s->ifs[0].linktype : LINKTYPE_ETHERNET;
	return s->linktype;
}

uint32_t src_linktype_field(const struct source *s)
{
	return s->fmt == SRC_PCAP && s->ltfield ? s->ltfield : src_linktype(s);
}

uint32_t src_snaplen(const struct source *s)
{
	if (s->fmt == SRC_PCAPNG)
		return s->nifs ? s->ifs[0].snaplen : 0;
	return s->snaplen;
}

bool src_nsec(const struct source *s)
{
	return s->fmt == SRC_PCAPNG ? s->any_nsec : s->nsec;
}

uint32_t src_ninterfaces(const struct source *s)
{
	return s->fmt == SRC_PCAPNG ? s->nifs : 1;
}

uint32_t src_if_linktype(const struct source *s, uint32_t i)
{
	if (s->fmt == SRC_PCAPNG)
		return i < s->nifs ? s->ifs[i].linktype : LINKTYPE_ETHERNET;
	return s->linktype;
}

uint32_t src_if_snaplen(const struct source *s, uint32_t i)
{
	if (s->fmt == SRC_PCAPNG)
		return i < s->nifs ? s->ifs[i].snaplen : 0;
	return s->snaplen;
}

uint8_t src_if_tsresol(const struct source *s, uint32_t i)
{
	if (s->fmt == SRC_PCAPNG)
		return i < s->nifs ? s->ifs[i].tsresol : 6;
	return s->nsec ? 9 : 6;
}

const char *src_if_name(const struct source *s, uint32_t i)
{
	if (s->fmt == SRC_PCAPNG && i < s->nifs)
		return s->ifs[i].name;
	return "";
}

const char *src_if_desc(const struct source *s, uint32_t i)
{
	if (s->fmt == SRC_PCAPNG && i < s->nifs)
		return s->ifs[i].desc;
	return "";
}

void src_close(struct source *s)
{
	if (!s)
		return;
	if (s->close_priv)
		s->close_priv(s);
	if (s->own_fd && s->fd >= 0)
		close(s->fd);
	if (s->gz_init)
		inflateEnd(&s->gz);
	if (s->zs)
		ZSTD_freeDStream(s->zs);
	xfree(s->zin);
	if (s->mapped) {
		if (s->buf && s->cap)
			munmap(s->buf, s->cap);
	} else {
		xfree(s->buf);
	}
	xfree(s->ifs);
	xfree(s->cbuf);
	xfree(s);
}
