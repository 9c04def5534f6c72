/* follow.c — -z follow,tcp|udp,ascii|hex|raw|yaml,STREAM[,SUBSTREAM] and
 * -z follow,tcp|udp,MODE,ADDR:PORT,ADDR:PORT: the payload of one stream in
 * tshark 4.0's layouts (ui/cli/tap-follow.c). TCP data comes in stream order
 * per direction through the byte-stream reassembler (retransmitted bytes
 * once, out-of-order segments when the hole fills, a hole the capture
 * never filled as tshark's "[N bytes missing in capture file]" text); each
 * delivered range is one chunk, printed in delivery order. Node 0 is the source of the first
 * packet of the stream, node 1 its destination. */
#include "stat_registry.h"
#include "../core/alloc.h"
#include "../engine/reassemble.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum fmode { FM_ASCII, FM_HEX, FM_RAW, FM_YAML };
static const char *const mode_names[] = { "ascii", "hex", "raw", "yaml" };

struct chunk {
	uint64_t frame;
	int64_t ts;
	uint8_t node;
	uint32_t off, len;    /* bytes in fl->buf */
};

struct frame_ts {
	uint64_t frame;
	int64_t ts;
};

struct follow {
	bool tcp;
	enum fmode mode;
	uint32_t stream;        /* UINT32_MAX: match by addresses */
	struct address faddr[2];
	uint16_t fport[2];
	bool have_nodes;        /* first packet seen */
	struct address addr[2]; /* node 0, node 1 */
	uint16_t port[2];
	struct reasm_dir dir[2];
	bool syn_seen[2];
	uint8_t *buf;
	uint32_t buflen, bufcap;
	struct chunk *chunks;
	uint32_t nchunks, capchunks;
	struct frame_ts *fts;   /* frames with payload (TCP), for timestamps */
	uint32_t nfts, capfts;
	int cur_node;           /* node of the segment being fed */
	uint64_t cur_frame;     /* frame of the segment being fed */
};

static void add_chunk(struct follow *fl, int node, uint64_t frame, int64_t ts,
		      const uint8_t *p, uint32_t len)
{
	if (fl->buflen + (uint64_t)len > fl->bufcap) {
		while (fl->buflen + (uint64_t)len > fl->bufcap)
			fl->bufcap = fl->bufcap ? fl->bufcap * 2 : 4096;
		fl->buf = xrealloc(fl->buf, fl->bufcap);
	}
	memcpy(fl->buf + fl->buflen, p, len);
	if (fl->nchunks == fl->capchunks) {
		fl->capchunks = fl->capchunks ? fl->capchunks * 2 : 64;
		fl->chunks = xrealloc(fl->chunks, fl->capchunks * sizeof(*fl->chunks));
	}
	struct chunk *c = &fl->chunks[fl->nchunks++];
	c->frame = frame;
	c->ts = ts;
	c->node = (uint8_t)node;
	c->off = fl->buflen;
	c->len = len;
	fl->buflen += len;
}

static int64_t frame_ts(const struct follow *fl, uint64_t frame)
{
	/* fts is in frame order: binary search */
	uint32_t lo = 0, hi = fl->nfts;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (fl->fts[mid].frame < frame)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fl->nfts && fl->fts[lo].frame == frame ? fl->fts[lo].ts : 0;
}

static void on_data(void *user, uint64_t off, const uint8_t *data,
		    uint32_t len, uint64_t frame)
{
	struct follow *fl = user;
	if (!len)
		return;
	if (!data) {
		/* Bytes the capture never saw: tshark's follow shows this text,
		 * its terminating NUL included, as a chunk of the packet that
		 * revealed the hole. */
		char msg[64];
		int n = snprintf(msg, sizeof(msg),
				 "[%u bytes missing in capture file]", len);
		add_chunk(fl, fl->cur_node, fl->cur_frame,
			  frame_ts(fl, fl->cur_frame), (const uint8_t *)msg,
			  (uint32_t)n + 1);
		return;
	}
	add_chunk(fl, fl->cur_node, frame, frame_ts(fl, frame), data, len);
}

static bool addr_eq(const struct address *a, const struct address *b)
{
	return a->type == b->type && !memcmp(a->a, b->a, sizeof(a->a));
}

static bool follow_packet(void *user, struct packet *pk, const void *data)
{
	struct follow *fl = user;
	const struct follow_tap_info *fo = data;
	if (fl->stream != UINT32_MAX) {
		if (fo->stream != fl->stream)
			return false;
	} else {
		bool fwd = addr_eq(&fo->src, &fl->faddr[0]) && fo->sport == fl->fport[0] &&
			   addr_eq(&fo->dst, &fl->faddr[1]) && fo->dport == fl->fport[1];
		bool rev = addr_eq(&fo->src, &fl->faddr[1]) && fo->sport == fl->fport[1] &&
			   addr_eq(&fo->dst, &fl->faddr[0]) && fo->dport == fl->fport[0];
		if (!fwd && !rev)
			return false;
	}
	if (!fl->have_nodes) {
		fl->have_nodes = true;
		fl->addr[0] = fo->src;
		fl->port[0] = fo->sport;
		fl->addr[1] = fo->dst;
		fl->port[1] = fo->dport;
	}
	int node = addr_eq(&fo->src, &fl->addr[0]) && fo->sport == fl->port[0] ? 0 : 1;
	if (!fl->tcp) {
		if (fo->len)
			add_chunk(fl, node, pk->num, pk->ts, fo->data, fo->len);
		return fo->len > 0;
	}
	if ((fo->flags & 0x02) && !fl->syn_seen[node]) { /* SYN */
		fl->syn_seen[node] = true;
		reasm_set_isn(&fl->dir[node], fo->seq);
	}
	if (!fo->len)
		return false;
	if (fl->nfts == fl->capfts) {
		fl->capfts = fl->capfts ? fl->capfts * 2 : 64;
		fl->fts = xrealloc(fl->fts, fl->capfts * sizeof(*fl->fts));
	}
	fl->fts[fl->nfts].frame = pk->num;
	fl->fts[fl->nfts++].ts = pk->ts;
	fl->cur_node = node;
	fl->cur_frame = pk->num;
	reasm_segment(&fl->dir[node], fo->seq, fo->data, fo->len, pk->num,
		      on_data, fl);
	return true;
}

static void fmt_node_addr(char *dst, size_t n, const struct address *a,
			  bool brackets)
{
	char s[64];
	if (a->type == AT_NONE)
		s[0] = '\0';
	else
		addr_fmt(a, s);
	snprintf(dst, n, brackets && a->type == AT_IPv6 ? "[%s]" : "%s", s);
}

static void print_hex(struct outbuf *o, const char *prefix, uint32_t offset,
		      const uint8_t *p, uint32_t len)
{
	static const char hexd[] = "0123456789abcdef";
	char line[96];
	for (uint32_t i = 0; i < len; i += 16) {
		memset(line, ' ', sizeof(line));
		snprintf(line, sizeof(line), "%08X", offset + i);
		line[8] = ' ';
		int h = 10, a = 10 + 16 * 3 + 2;
		uint32_t n = len - i < 16 ? len - i : 16;
		for (uint32_t j = 0; j < n; j++) {
			uint8_t v = p[i + j];
			line[h++] = hexd[v >> 4];
			line[h++] = hexd[v & 15];
			h++;
			line[a++] = v >= ' ' && v < 0x7f ? (char)v : '.';
			if (j == 7) {
				h++;
				line[a++] = ' ';
			}
		}
		if (line[a - 1] == ' ')
			a--;
		line[a] = '\0';
		ob_puts(o, prefix);
		ob_puts(o, line);
		ob_putc(o, '\n');
	}
}

/* base64 in lines of 76 characters (GLib's g_base64_encode with line
 * breaks), each line indented by six spaces. */
static void print_base64(struct outbuf *o, const uint8_t *p, uint32_t len)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	int col = 0;
	ob_puts(o, "      ");
	for (uint32_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		if (col == 76) {
			ob_puts(o, "\n      ");
			col = 0;
		}
		ob_putc(o, b64[(v >> 18) & 63]);
		ob_putc(o, b64[(v >> 12) & 63]);
		ob_putc(o, i + 1 < len ? b64[(v >> 6) & 63] : '=');
		ob_putc(o, i + 2 < len ? b64[v & 63] : '=');
		col += 4;
	}
	ob_putc(o, '\n');
}

static void follow_draw(void *user, struct outbuf *o)
{
	static const char sep[] =
		"===================================================================\n";
	struct follow *fl = user;
	if (fl->tcp)
		for (int d = 0; d < 2; d++) {
			fl->cur_node = d;
			reasm_flush(&fl->dir[d], on_data, fl);
		}
	char a0[80], a1[80];
	if (fl->mode == FM_YAML) {
		ob_puts(o, "peers:\n");
		for (int n = 0; n < 2; n++) {
			fmt_node_addr(a0, sizeof(a0), &fl->addr[n], false);
			ob_printf(o, "  - peer: %d\n    host: %s\n    port: %u\n", n,
				  a0, fl->port[n]);
		}
		ob_puts(o, "packets:\n");
		for (uint32_t i = 0; i < fl->nchunks; i++) {
			const struct chunk *c = &fl->chunks[i];
			ob_printf(o, "  - packet: %llu\n    peer: %d\n",
				  (unsigned long long)c->frame, c->node);
			/* tshark prints nstime_to_sec(), a double, with %.9f */
			ob_printf(o, "    timestamp: %.9f\n",
				  (double)(c->ts / 1000000000) +
				  (double)(c->ts % 1000000000) / 1e9);
			ob_puts(o, "    data: !!binary |\n");
			print_base64(o, fl->buf + c->off, c->len);
		}
		return;
	}
	ob_putc(o, '\n');
	ob_puts(o, sep);
	ob_printf(o, "Follow: %s,%s\n", fl->tcp ? "tcp" : "udp",
		  mode_names[fl->mode]);
	const char *proto = fl->tcp ? "tcp" : "udp";
	if (fl->stream != UINT32_MAX) {
		ob_printf(o, "Filter: %s.stream eq %u\n", proto, fl->stream);
	} else {
		const char *v = fl->faddr[0].type == AT_IPv6 ? "v6" : "";
		fmt_node_addr(a0, sizeof(a0), &fl->faddr[0], false);
		fmt_node_addr(a1, sizeof(a1), &fl->faddr[1], false);
		ob_printf(o, "Filter: ((ip%s.src eq %s and %s.srcport eq %u) and "
			  "(ip%s.dst eq %s and %s.dstport eq %u)) or "
			  "((ip%s.src eq %s and %s.srcport eq %u) and "
			  "(ip%s.dst eq %s and %s.dstport eq %u))\n",
			  v, a0, proto, fl->fport[0], v, a1, proto, fl->fport[1],
			  v, a1, proto, fl->fport[1], v, a0, proto, fl->fport[0]);
	}
	for (int n = 0; n < 2; n++) {
		fmt_node_addr(a0, sizeof(a0), &fl->addr[n], true);
		ob_printf(o, "Node %d: %s:%u\n", n, a0, fl->port[n]);
	}
	uint32_t offset[2] = { 0, 0 };
	for (uint32_t i = 0; i < fl->nchunks; i++) {
		const struct chunk *c = &fl->chunks[i];
		const uint8_t *p = fl->buf + c->off;
		switch (fl->mode) {
		case FM_ASCII:
			ob_printf(o, "%s%u\n", c->node ? "\t" : "", c->len);
			for (uint32_t j = 0; j < c->len; j++) {
				uint8_t v = p[j];
				ob_putc(o, v == '\r' || v == '\n' ||
					   (v >= 0x20 && v < 0x7f) ? (char)v : '.');
			}
			ob_putc(o, '\n');
			break;
		case FM_HEX:
			print_hex(o, c->node ? "\t" : "", offset[c->node], p, c->len);
			break;
		case FM_RAW:
			if (c->node)
				ob_putc(o, '\t');
			for (uint32_t j = 0; j < c->len; j++)
				ob_hex(o, p[j], 2);
			ob_putc(o, '\n');
			break;
		case FM_YAML:
			break;
		}
		offset[c->node] += c->len;
	}
	ob_puts(o, sep);
}

/* "1.2.3.4:80" or "[2001:db8::1]:80". */
static bool parse_addr_port(const char *s, size_t n, struct address *a,
			    uint16_t *port)
{
	char buf[80];
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *colon = strrchr(buf, ':');
	if (!colon || colon == buf)
		return false;
	*colon = '\0';
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (*end || colon[1] == '\0' || p < 0 || p > 65535)
		return false;
	*port = (uint16_t)p;
	char *h = buf;
	memset(a, 0, sizeof(*a));
	if (*h == '[') {
		size_t l = strlen(h);
		if (l < 3 || h[l - 1] != ']')
			return false;
		h[l - 1] = '\0';
		h++;
		a->type = AT_IPv6;
		return inet_pton(AF_INET6, h, a->a) == 1;
	}
	a->type = AT_IPv4;
	return inet_pton(AF_INET, h, a->a) == 1;
}

/* Releases a follow listener's state (tap_remove_all). */
static void follow_free(void *user)
{
	struct follow *fl = user;
	reasm_release(&fl->dir[0]);
	reasm_release(&fl->dir[1]);
	xfree(fl);
}

static int follow_init(const char *arg, const char *rest, char *err,
		       size_t errlen)
{
	struct follow fl0;
	memset(&fl0, 0, sizeof(fl0));
	fl0.tcp = strncmp(arg, "follow,tcp", 10) == 0;
	size_t mlen = strcspn(rest, ",");
	int m;
	for (m = 0; m < 4; m++)
		if (strlen(mode_names[m]) == mlen && !strncmp(rest, mode_names[m], mlen))
			break;
	if (m == 4) {
		snprintf(err, errlen, "invalid display mode (ascii, hex, raw or yaml)");
		return -1;
	}
	fl0.mode = (enum fmode)m;
	const char *s = rest + mlen;
	if (*s++ != ',' || !*s) {
		snprintf(err, errlen, "missing stream index or ADDR:PORT,ADDR:PORT");
		return -1;
	}
	const char *comma = strchr(s, ',');
	if (strchr(s, ':') || strchr(s, '.')) {
		if (!comma || !parse_addr_port(s, (size_t)(comma - s), &fl0.faddr[0], &fl0.fport[0]) ||
		    !parse_addr_port(comma + 1, strlen(comma + 1), &fl0.faddr[1], &fl0.fport[1]) ||
		    fl0.faddr[0].type != fl0.faddr[1].type) {
			snprintf(err, errlen, "invalid address (ADDR:PORT,ADDR:PORT, "
				 "IPv6 as [ADDR]:PORT)");
			return -1;
		}
		fl0.stream = UINT32_MAX;
	} else {
		char *end;
		if (*s < '0' || *s > '9') {
			snprintf(err, errlen, "invalid stream index");
			return -1;
		}
		unsigned long v = strtoul(s, &end, 10);
		/* ",SUBSTREAM" selects a sub-stream of multiplexed protocols
		 * (HTTP/2, QUIC); TCP and UDP have none and ignore it, as
		 * tshark does, but it must be a number. */
		if (*end == ',') {
			char *e2;
			if (end[1] < '0' || end[1] > '9' ||
			    (strtoul(end + 1, &e2, 10), *e2)) {
				snprintf(err, errlen, "invalid sub-stream index");
				return -1;
			}
		} else if (*end || v >= UINT32_MAX) {
			snprintf(err, errlen, "invalid stream index");
			return -1;
		}
		fl0.stream = (uint32_t)v;
	}
	struct follow *fl = xmalloc(sizeof(*fl));
	*fl = fl0;
	reasm_init(&fl->dir[0], 0);
	reasm_init(&fl->dir[1], 0);
	struct tap_listener *l = tap_listener_add(
		fl->tcp ? "tcp_follow" : "udp_follow", 0, NULL, NULL,
		follow_packet, follow_draw, NULL, fl);
	tap_listener_set_free(l, follow_free);
	return 0;
}

const struct stat_desc stat_follow_tcp = {
	"follow,tcp", "follow,tcp,ascii|hex|raw|yaml,STREAM[,SUBSTREAM] | ADDR:PORT,ADDR:PORT",
	follow_init
};
const struct stat_desc stat_follow_udp = {
	"follow,udp", "follow,udp,ascii|hex|raw|yaml,STREAM[,SUBSTREAM] | ADDR:PORT,ADDR:PORT",
	follow_init
};
