/* source.c — capture file reader: classic pcap (both byte orders, µs/ns).
 * Reads through a large buffer so pipes work and memory stays constant. */
#include "source.h"
#include "../core/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define BUFSZ (1u << 20)
#define MAX_PKT (256u * 1024u) /* tshark's WTAP_MAX_PACKET_SIZE_STANDARD */

struct source {
	int fd;
	char path[256];
	uint8_t *buf;
	size_t cap, start, end;
	bool eof;
	bool swap, nsec;
	uint32_t linktype, snaplen;
	uint64_t nframes;
	char err[512];
	enum src_format fmt;
};

static uint32_t sw32(uint32_t v, bool s)
{
	return s ? __builtin_bswap32(v) : v;
}

/* Ensures n bytes are buffered; returns false at EOF/error with fewer. */
static bool fill(struct source *s, size_t n)
{
	if (s->end - s->start >= n)
		return true;
	if (s->start) {
		memmove(s->buf, s->buf + s->start, s->end - s->start);
		s->end -= s->start;
		s->start = 0;
	}
	if (n > s->cap) {
		s->cap = n;
		s->buf = xrealloc(s->buf, s->cap);
	}
	while (s->end - s->start < n && !s->eof) {
		ssize_t r = read(s->fd, s->buf + s->end, s->cap - s->end);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(s->err, sizeof(s->err),
				 "An error occurred while reading \"%s\": %s.",
				 s->path, strerror(errno));
			s->eof = true;
			break;
		}
		if (r == 0)
			s->eof = true;
		s->end += (size_t)r;
	}
	return s->end - s->start >= n;
}

struct source *src_open(const char *path, char *err, size_t errlen)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);
	if (fd < 0) {
		if (errno == ENOENT)
			snprintf(err, errlen, "The file \"%s\" doesn't exist.", path);
		else
			snprintf(err, errlen,
				 "The file \"%s\" could not be opened: %s.", path,
				 strerror(errno));
		return NULL;
	}
	struct source *s = xcalloc(1, sizeof(*s));
	s->fd = fd;
	snprintf(s->path, sizeof(s->path), "%s", path);
	s->cap = BUFSZ;
	s->buf = xmalloc(s->cap);
	if (!fill(s, 24)) {
		snprintf(err, errlen,
			 "The file \"%s\" isn't a capture file in a format tapir understands.",
			 path);
		src_close(s);
		return NULL;
	}
	uint32_t magic;
	memcpy(&magic, s->buf, 4);
	switch (magic) {
	case 0xa1b2c3d4: break;
	case 0xd4c3b2a1: s->swap = true; break;
	case 0xa1b23c4d: s->nsec = true; break;
	case 0x4d3cb2a1: s->swap = s->nsec = true; break;
	default:
		snprintf(err, errlen,
			 "The file \"%s\" isn't a capture file in a format tapir understands.",
			 path);
		src_close(s);
		return NULL;
	}
	uint32_t v;
	memcpy(&v, s->buf + 16, 4);
	s->snaplen = sw32(v, s->swap);
	memcpy(&v, s->buf + 20, 4);
	/* The upper bits carry FCS length info (LINKTYPE_FCS): keep 16 bits. */
	s->linktype = sw32(v, s->swap) & 0x0fffffff;
	s->start = 24;
	s->fmt = SRC_PCAP;
	return s;
}

int src_next(struct source *s, struct frame_hdr *h, const uint8_t **data)
{
	if (!fill(s, 16)) {
		if (s->err[0])
			return -1;
		if (s->end == s->start)
			return 0;
		snprintf(s->err, sizeof(s->err),
			 "The file \"%s\" appears to have been cut short in the middle of a packet (frame %llu).",
			 s->path, (unsigned long long)s->nframes + 1);
		return -1;
	}
	const uint8_t *p = s->buf + s->start;
	uint32_t sec, frac, caplen, len;
	memcpy(&sec, p, 4);
	memcpy(&frac, p + 4, 4);
	memcpy(&caplen, p + 8, 4);
	memcpy(&len, p + 12, 4);
	sec = sw32(sec, s->swap);
	frac = sw32(frac, s->swap);
	caplen = sw32(caplen, s->swap);
	len = sw32(len, s->swap);
	if (caplen > MAX_PKT) {
		snprintf(s->err, sizeof(s->err),
			 "The file \"%s\" appears to be damaged or corrupt (pcap: File has %u-byte packet, bigger than maximum of %u).",
			 s->path, caplen, MAX_PKT);
		return -1;
	}
	if (!fill(s, 16 + (size_t)caplen)) {
		if (s->err[0])
			return -1;
		snprintf(s->err, sizeof(s->err),
			 "The file \"%s\" appears to have been cut short in the middle of a packet (frame %llu).",
			 s->path, (unsigned long long)s->nframes + 1);
		return -1;
	}
	p = s->buf + s->start;
	h->ts = (int64_t)sec * 1000000000 + (int64_t)frac * (s->nsec ? 1 : 1000);
	h->caplen = caplen;
	h->len = len < caplen ? caplen : len;
	h->linktype = s->linktype;
	h->ifid = 0;
	h->flags = 0;
	h->comment = NULL;
	*data = p + 16;
	s->start += 16 + (size_t)caplen;
	s->nframes++;
	return 1;
}

const char *src_error(const struct source *s) { return s->err; }
enum src_format src_format(const struct source *s) { return s->fmt; }
uint32_t src_linktype(const struct source *s) { return s->linktype; }
uint32_t src_snaplen(const struct source *s) { return s->snaplen; }
bool src_nsec(const struct source *s) { return s->nsec; }
uint32_t src_ninterfaces(const struct source *s) { (void)s; return 1; }
uint32_t src_if_linktype(const struct source *s, uint32_t i)
{
	(void)i;
	return s->linktype;
}

void src_close(struct source *s)
{
	if (!s)
		return;
	if (s->fd > 0)
		close(s->fd);
	xfree(s->buf);
	xfree(s);
}
