/* gen.c — deterministic workload generator for `make bench`.
 *
 * Writes a little-endian microsecond pcap (LINKTYPE_ETHERNET) of N packets
 * (default 1.2 M) of synthetic but protocol-correct traffic: DNS over UDP,
 * NTP, RTP-like UDP media, HTTP/1.1 over TCP port 80 and TLS 1.3 over TCP
 * port 443 with SNI, about 30 k conversations interleaved in time. TCP
 * sessions have a three-way handshake (with the odd SYN retransmission),
 * delayed ACKs, FIN or RST teardown, and a model of loss and reordering on
 * the server-to-client bulk path: a lost segment is followed by duplicate
 * ACKs and a fast retransmission (or an RTO retransmission at the tail), a
 * reordered pair shows up as out-of-order. Checksums are correct.
 *
 * Same seed, same bytes: a splitmix64 generator drives every choice, and no
 * clock or address of this machine enters the output.
 *
 * usage: gen [-n PACKETS] [-s SEED] [-o FILE]   (FILE "-" = stdout)
 * Prints a one-line summary of what it wrote on stderr. Standalone on
 * purpose: it links nothing from src/, so it measures tapir from outside.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MSS 1448
#define T0_NS 1704067200000000000ull  /* 2024-01-01 00:00:00 UTC */

/* ---- randomness ---------------------------------------------------- */
static uint64_t rng_state;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}
static uint32_t rnd_below(uint32_t n) { return (uint32_t)(rnd() % n); }
static double rnd_unit(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
/* exponential with the given mean, for inter-arrival times */
static double rnd_exp(double mean) { return -mean * log(1.0 - rnd_unit()); }

/* ---- packet descriptors -------------------------------------------- */
enum kind {
	K_NONE, K_HTTP_REQ, K_HTTP_RESP, K_BODY, K_TLS_CH, K_TLS_SH, K_TLS_CFIN,
	K_TLS_DATA, K_DNS_Q, K_DNS_R, K_NTP_C, K_NTP_S, K_MEDIA,
};
enum { F_FIN = 1, F_SYN = 2, F_RST = 4, F_PSH = 8, F_ACK = 16 };
enum stype { S_DNS, S_NTP, S_MEDIA, S_HTTP, S_TLS, S_NTYPES };

struct pd {
	uint64_t t;         /* capture time, ns since T0 */
	uint32_t seq, ack;  /* TCP only */
	uint32_t arg;       /* kind-specific: body offset, content length... */
	uint16_t len;       /* payload bytes */
	uint16_t win;
	uint8_t dir;        /* 0 client->server, 1 server->client */
	uint8_t flags;      /* TCP flags */
	uint8_t kind;
};

struct sess {
	enum stype type;
	uint32_t cip, sip;
	uint16_t cport, sport;
	uint16_t ipid[2];
	uint32_t isn[2], nxt[2];
	uint64_t rtt;           /* ns */
	uint32_t name;          /* index into names[] */
	uint16_t dnsid, qtype;
	uint32_t ssrc;
	struct pd *v;
	uint32_t n, cap, i;
};

static const char *names[] = {
	"www.example.com", "cdn.jsdelivr.net", "api.github.com", "www.wikipedia.org",
	"static.cloudflare.com", "fonts.gstatic.com", "login.microsoftonline.com",
	"www.debian.org", "deb.debian.org", "mail.google.com", "news.ycombinator.com",
	"update.tapir.test", "images.unsplash.com", "s3.amazonaws.com",
	"telemetry.mozilla.org", "ocsp.digicert.com", "www.wireshark.org",
	"connectivity-check.ubuntu.com", "time.cloudflare.com", "www.kernel.org",
	"git.kernel.org", "pkg.go.dev", "registry.npmjs.org", "pypi.org",
	"files.pythonhosted.org", "video.example.net", "chat.example.org",
	"assets.example.net", "shop.example.com", "intranet.corp.example",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static void push(struct sess *s, struct pd p)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v) { perror("gen"); exit(1); }
	}
	s->v[s->n++] = p;
}

/* A TCP segment with the session's running sequence numbers; SYN and FIN
 * take one sequence number each. */
static void tcp(struct sess *s, uint64_t t, int dir, int flags, int len,
		int kind, uint32_t arg)
{
	struct pd p = { t, s->nxt[dir], (flags & F_ACK) ? s->nxt[!dir] : 0, arg,
			(uint16_t)len, dir ? 501 : 502, (uint8_t)dir, (uint8_t)flags,
			(uint8_t)kind };
	if (flags & F_SYN) p.win = dir ? 65160 : 64240;
	push(s, p);
	s->nxt[dir] += len + !!(flags & (F_SYN | F_FIN));
}

/* A segment with explicit numbers (retransmissions, duplicate ACKs). */
static void tcp_at(struct sess *s, uint64_t t, int dir, int flags, uint32_t seq,
		   uint32_t ack, int len, int kind, uint32_t arg)
{
	struct pd p = { t, seq, ack, arg, (uint16_t)len, dir ? 501 : 502,
			(uint8_t)dir, (uint8_t)flags, (uint8_t)kind };
	push(s, p);
}

static void udp(struct sess *s, uint64_t t, int dir, int len, int kind, uint32_t arg)
{
	struct pd p = { t, 0, 0, arg, (uint16_t)len, 0, (uint8_t)dir, 0, (uint8_t)kind };
	push(s, p);
}

/* ---- payloads ------------------------------------------------------- */
static uint8_t scratch[65536];

static int put16(uint8_t *b, int o, unsigned v) { b[o] = v >> 8; b[o + 1] = v; return o + 2; }

static int http_req(const struct sess *s, uint8_t *b)
{
	return snprintf((char *)b, 1024,
		"GET /objects/%u/item-%u.html HTTP/1.1\r\nHost: %s\r\n"
		"User-Agent: tapir-bench/1.0 (synthetic)\r\nAccept: */*\r\n"
		"Connection: keep-alive\r\n\r\n",
		s->cport, s->sip & 0xffff, names[s->name]);
}

static int http_resp_hdr(uint32_t clen, uint8_t *b)
{
	return snprintf((char *)b, 512,
		"HTTP/1.1 200 OK\r\nServer: bench\r\nContent-Type: text/html\r\n"
		"Content-Length: %u\r\n\r\n", clen);
}

static void fill(uint8_t *b, int len, uint32_t off)
{
	static const char txt[] = "<p>tapir bench synthetic body text 0123456789</p>\n";
	for (int i = 0; i < len; i++)
		b[i] = txt[(off + i) % (sizeof(txt) - 1)];
}

static int tls_client_hello(const struct sess *s, uint8_t *b)
{
	const char *sni = names[s->name];
	int sl = (int)strlen(sni);
	int o = 5 + 4;
	o = put16(b, o, 0x0303);
	for (int i = 0; i < 32; i++) b[o++] = (uint8_t)(s->cport * 7 + i);
	b[o++] = 32;
	for (int i = 0; i < 32; i++) b[o++] = (uint8_t)(s->sip + i);
	static const uint16_t suites[] = { 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030 };
	o = put16(b, o, sizeof(suites));
	for (unsigned i = 0; i < sizeof(suites) / 2; i++) o = put16(b, o, suites[i]);
	b[o++] = 1; b[o++] = 0;
	int ext = o; o += 2;
	o = put16(b, o, 0x0000); o = put16(b, o, sl + 5); o = put16(b, o, sl + 3);
	b[o++] = 0; o = put16(b, o, sl); memcpy(b + o, sni, sl); o += sl;
	o = put16(b, o, 0x000a); o = put16(b, o, 4); o = put16(b, o, 2); o = put16(b, o, 0x001d);
	o = put16(b, o, 0x000d); o = put16(b, o, 4); o = put16(b, o, 2); o = put16(b, o, 0x0403);
	o = put16(b, o, 0x002b); o = put16(b, o, 5); b[o++] = 4; o = put16(b, o, 0x0304); o = put16(b, o, 0x0303);
	o = put16(b, o, 0x0033); o = put16(b, o, 38); o = put16(b, o, 36); o = put16(b, o, 0x001d);
	o = put16(b, o, 32); for (int i = 0; i < 32; i++) b[o++] = (uint8_t)(i * 13 + s->cport);
	put16(b, ext, o - ext - 2);
	b[0] = 0x16; put16(b, 1, 0x0301); put16(b, 3, o - 5);
	b[5] = 1; b[6] = 0; put16(b, 7, o - 9);
	return o;
}

/* one application-data record filling len bytes (len >= 6) */
static int tls_record(uint8_t *b, int type, int len, uint32_t seed)
{
	b[0] = (uint8_t)type; put16(b, 1, 0x0303); put16(b, 3, len - 5);
	for (int i = 5; i < len; i++) b[i] = (uint8_t)(seed * 31 + i * 7);
	return len;
}

/* ServerHello + ChangeCipherSpec + encrypted flight (one record) */
static int tls_server_hello(const struct sess *s, uint8_t *b, int len)
{
	int o = 5 + 4;
	o = put16(b, o, 0x0303);
	for (int i = 0; i < 32; i++) b[o++] = (uint8_t)(s->sport + i * 3);
	b[o++] = 32;
	for (int i = 0; i < 32; i++) b[o++] = (uint8_t)(s->sip + i);
	o = put16(b, o, 0x1301); b[o++] = 0;
	o = put16(b, o, 46);
	o = put16(b, o, 0x002b); o = put16(b, o, 2); o = put16(b, o, 0x0304);
	o = put16(b, o, 0x0033); o = put16(b, o, 36); o = put16(b, o, 0x001d); o = put16(b, o, 32);
	for (int i = 0; i < 32; i++) b[o++] = (uint8_t)(i * 5 + s->sport);
	b[0] = 0x16; put16(b, 1, 0x0303); put16(b, 3, o - 5);
	b[5] = 2; b[6] = 0; put16(b, 7, o - 9);
	static const uint8_t ccs[] = { 0x14, 3, 3, 0, 1, 1 };
	memcpy(b + o, ccs, 6); o += 6;
	return o + tls_record(b + o, 0x17, len - o, s->sport);
}
#define TLS_SH_MIN 200  /* ServerHello + CCS + smallest record */

static int dns_name(uint8_t *b, int o, const char *n)
{
	while (*n) {
		const char *d = strchr(n, '.');
		int l = d ? (int)(d - n) : (int)strlen(n);
		b[o++] = (uint8_t)l; memcpy(b + o, n, l); o += l;
		n += l + (d != NULL);
	}
	b[o++] = 0;
	return o;
}

static int dns_msg(const struct sess *s, uint8_t *b, int resp)
{
	int nx = resp && s->dnsid % 17 == 0;  /* some NXDOMAIN answers */
	int nans = resp && !nx ? 1 + s->dnsid % 3 : 0;
	int o = put16(b, 0, s->dnsid);
	o = put16(b, o, resp ? (nx ? 0x8183 : 0x8180) : 0x0100);
	o = put16(b, o, 1); o = put16(b, o, nans); o = put16(b, o, 0); o = put16(b, o, 0);
	o = dns_name(b, o, names[s->name]);
	o = put16(b, o, s->qtype); o = put16(b, o, 1);
	for (int i = 0; i < nans; i++) {
		o = put16(b, o, 0xc00c); o = put16(b, o, s->qtype); o = put16(b, o, 1);
		o = put16(b, o, 0); o = put16(b, o, 300);
		if (s->qtype == 28) {
			o = put16(b, o, 16); o = put16(b, o, 0x2001); o = put16(b, o, 0x0db8);
			for (int k = 0; k < 5; k++) o = put16(b, o, 0);
			o = put16(b, o, s->name * 16 + i + 1);
		} else {
			o = put16(b, o, 4);
			b[o++] = 93; b[o++] = 184; b[o++] = (uint8_t)s->name; b[o++] = (uint8_t)(i + 1);
		}
	}
	return o;
}

static int payload(const struct sess *s, const struct pd *p, uint8_t *b)
{
	switch (p->kind) {
	case K_HTTP_REQ: return http_req(s, b);
	case K_HTTP_RESP: {
		int h = http_resp_hdr(p->arg, b);
		fill(b + h, p->len - h, 0);
		return p->len;
	}
	case K_BODY: fill(b, p->len, p->arg); return p->len;
	case K_TLS_CH: return tls_client_hello(s, b);
	case K_TLS_SH: return tls_server_hello(s, b, p->len);
	case K_TLS_CFIN: {
		static const uint8_t ccs[] = { 0x14, 3, 3, 0, 1, 1 };
		memcpy(b, ccs, 6);
		return 6 + tls_record(b + 6, 0x17, p->len - 6, s->cport);
	}
	case K_TLS_DATA: return tls_record(b, 0x17, p->len, p->seq);
	case K_DNS_Q: return dns_msg(s, b, 0);
	case K_DNS_R: return dns_msg(s, b, 1);
	case K_NTP_C: case K_NTP_S: {
		memset(b, 0, 48);
		b[0] = p->kind == K_NTP_C ? 0x23 : 0x24;  /* v4, mode 3 / 4 */
		if (p->kind == K_NTP_S) { b[1] = 2; b[3] = 0xe9; memcpy(b + 12, "\xc0\xa8\x01\x01", 4); }
		uint32_t sec = (uint32_t)(p->t / 1000000000ull + T0_NS / 1000000000ull + 2208988800ull);
		b[40] = sec >> 24; b[41] = sec >> 16; b[42] = sec >> 8; b[43] = sec;
		return 48;
	}
	case K_MEDIA: {
		b[0] = 0x80; b[1] = 0; put16(b, 2, p->arg);
		uint32_t ts = p->arg * 160;
		b[4] = ts >> 24; b[5] = ts >> 16; b[6] = ts >> 8; b[7] = ts;
		b[8] = s->ssrc >> 24; b[9] = s->ssrc >> 16; b[10] = s->ssrc >> 8; b[11] = s->ssrc;
		for (int i = 12; i < p->len; i++) b[i] = (uint8_t)(0xd5 ^ (i + p->arg));
		return p->len;
	}
	default: return 0;
	}
}

/* ---- session models -------------------------------------------------- */
static struct { uint64_t lost, reord, dupack, synrtx, rst, sessions[S_NTYPES]; } st;
static uint32_t next_client;

#define US 1000ull
#define MS 1000000ull

/* Server-to-client bulk data of `bytes` bytes, the first `hdr` of which are
 * the segment kind `first` (HTTP response header or TLS), the rest `rest`.
 * The client sends an ACK every second segment. With probability ~0.7% a
 * segment is lost (dup ACKs for each later segment, fast retransmission
 * after the third or an RTO retransmission at the tail), with ~0.5% a pair
 * is swapped (dup ACK, then the late segment: out-of-order). */
static uint64_t bulk(struct sess *s, uint64_t t, uint32_t bytes, int first,
		     uint32_t clen, int rest)
{
	uint32_t start = s->nxt[1], off = 0;
	int nseg = 0;
	uint32_t lost_seq = 0, lost_len = 0, lost_off = 0;
	int lost_kind = 0, pend = 0, dups = 0;
	uint32_t high = start;  /* highest byte the client holds in order */
	while (off < bytes) {
		int len = bytes - off > MSS ? MSS : (int)(bytes - off);
		int kind = off == 0 ? first : rest;
		uint32_t arg = kind == K_HTTP_RESP ? clen : off;
		t += 60 * US + rnd_below(80) * US;
		if (nseg && nseg % 24 == 0)
			t += s->rtt;  /* window of segments per round trip */
		double r = rnd_unit();
		int fl = F_ACK | (off + len == bytes ? F_PSH : 0);
		if (!pend && nseg > 0 && r < 0.007 && off + len < bytes) {
			/* lost: not captured; the next segments raise dup ACKs */
			lost_seq = s->nxt[1]; lost_len = len; lost_off = off; lost_kind = kind;
			pend = 1; dups = 0; st.lost++;
			s->nxt[1] += len;
		} else if (!pend && r < 0.012 && off + len + MSS <= bytes && kind == rest) {
			/* reordered pair: k+1 arrives before k */
			uint32_t seq_k = s->nxt[1];
			tcp_at(s, t, 1, F_ACK, seq_k + len, s->nxt[0], MSS, rest, off + len);
			tcp_at(s, t + 20 * US, 0, F_ACK, s->nxt[0], high, 0, K_NONE, 0);
			tcp_at(s, t + 400 * US, 1, F_ACK, seq_k, s->nxt[0], len, rest, off);
			high = seq_k + len + MSS;
			tcp_at(s, t + 420 * US, 0, F_ACK, s->nxt[0], high, 0, K_NONE, 0);
			t += 420 * US;
			s->nxt[1] += len + MSS; off += len + MSS; nseg += 2;
			st.reord++; st.dupack++;
			continue;
		} else {
			tcp_at(s, t, 1, fl, s->nxt[1], s->nxt[0], len, kind, arg);
			s->nxt[1] += len;
			if (pend) {
				tcp_at(s, t + 20 * US, 0, F_ACK, s->nxt[0], lost_seq, 0, K_NONE, 0);
				st.dupack++;
				if (++dups == 3) {  /* fast retransmission */
					t += 25 * US + s->rtt / 2;
					tcp_at(s, t, 1, F_ACK, lost_seq, s->nxt[0], lost_len, lost_kind,
					       lost_kind == K_HTTP_RESP ? clen : lost_off);
					high = s->nxt[1];
					tcp_at(s, t + 20 * US, 0, F_ACK, s->nxt[0], high, 0, K_NONE, 0);
					pend = 0;
				}
			} else {
				high = s->nxt[1];
				if (nseg % 2 == 1 || off + len == bytes)
					tcp_at(s, t + 30 * US, 0, F_ACK, s->nxt[0], high, 0, K_NONE, 0);
			}
		}
		off += len; nseg++;
	}
	if (pend) {  /* tail loss: retransmission after the RTO */
		t += 200 * MS;
		tcp_at(s, t, 1, F_ACK | F_PSH, lost_seq, s->nxt[0], lost_len, lost_kind,
		       lost_kind == K_HTTP_RESP ? clen : lost_off);
		tcp_at(s, t + 20 * US, 0, F_ACK, s->nxt[0], s->nxt[1], 0, K_NONE, 0);
	}
	return t + 40 * US;
}

static void tcp_open(struct sess *s, uint64_t t, uint64_t *tout)
{
	s->isn[0] = (uint32_t)rnd(); s->isn[1] = (uint32_t)rnd();
	s->nxt[0] = s->isn[0]; s->nxt[1] = s->isn[1];
	tcp(s, t, 0, F_SYN, 0, K_NONE, 0);
	if (rnd_unit() < 0.01) {  /* SYN lost on the way: retransmitted after 1 s */
		t += 1000 * MS;
		tcp_at(s, t, 0, F_SYN, s->isn[0], 0, 0, K_NONE, 0);
		s->v[s->n - 1].win = 64240;
		st.synrtx++;
	}
	t += s->rtt;
	tcp(s, t, 1, F_SYN | F_ACK, 0, K_NONE, 0);
	t += 40 * US;
	tcp(s, t, 0, F_ACK, 0, K_NONE, 0);
	*tout = t;
}

static void tcp_close(struct sess *s, uint64_t t)
{
	if (rnd_unit() < 0.03) {
		tcp(s, t + 100 * US, 0, F_RST | F_ACK, 0, K_NONE, 0);
		st.rst++;
		return;
	}
	t += 5 * MS + rnd_below(50) * MS;
	tcp(s, t, 0, F_FIN | F_ACK, 0, K_NONE, 0);
	t += s->rtt;
	tcp(s, t, 1, F_FIN | F_ACK, 0, K_NONE, 0);
	tcp(s, t + 40 * US, 0, F_ACK, 0, K_NONE, 0);
}

static uint32_t body_size(void)
{
	/* mostly small objects, a tail of large downloads */
	uint32_t r = rnd_below(100);
	if (r < 60) return 300 + rnd_below(4000);
	if (r < 90) return 5000 + rnd_below(35000);
	if (r < 99) return 50000 + rnd_below(100000);
	return 200000 + rnd_below(400000);
}

/* TLS bulk sizes: every segment carries whole records, so the last segment
 * must hold more than a record header (tshark flags an empty record). */
static uint32_t tls_size(uint32_t b) { return b % MSS < 32 ? b + 32 : b; }

static void build(struct sess *s, uint64_t t)
{
	uint32_t c = next_client++;
	/* clients spread over 10.1.0.0 - 10.200.255.255, one port per session */
	s->cip = 0x0a000000u | ((c / 250) % 200 + 1) << 16 | ((c / 50000) % 250 + 1) << 8 |
		 (c % 250 + 2);
	s->cport = (uint16_t)(32768 + (c * 7919u) % 28000);
	s->name = rnd_below(NNAMES);
	s->rtt = (2 + rnd_below(60)) * MS;
	s->ipid[0] = (uint16_t)rnd(); s->ipid[1] = (uint16_t)rnd();
	s->n = s->i = 0;
	uint32_t r = rnd_below(100);
	s->type = r < 30 ? S_DNS : r < 34 ? S_NTP : r < 37 ? S_MEDIA : r < 65 ? S_HTTP : S_TLS;
	st.sessions[s->type]++;
	/* servers: half inside 10/8, half public */
	s->sip = rnd_below(2) ? 0x5db80000u | s->name << 8 | (1 + rnd_below(8))
			      : 0x0ac80000u | s->name << 8 | (1 + rnd_below(8));
	switch (s->type) {
	case S_DNS:
		s->sip = rnd_below(2) ? 0x08080808u : 0x0a000035u;
		s->sport = 53;
		s->dnsid = (uint16_t)rnd();
		s->qtype = rnd_below(3) ? 1 : 28;
		udp(s, t, 0, dns_msg(s, scratch, 0), K_DNS_Q, 0);
		udp(s, t + s->rtt / 2 + 300 * US, 1, dns_msg(s, scratch, 1), K_DNS_R, 0);
		break;
	case S_NTP:
		s->sip = 0xa29fc801u;  /* 162.159.200.1 */
		s->sport = 123;
		s->cport = 123;
		udp(s, t, 0, 48, K_NTP_C, 0);
		udp(s, t + s->rtt, 1, 48, K_NTP_S, 0);
		break;
	case S_MEDIA: {
		s->sport = (uint16_t)(16384 + 2 * rnd_below(8000));
		s->ssrc = (uint32_t)rnd();
		int n = 50 + rnd_below(250);
		uint16_t sq = (uint16_t)rnd();
		for (int i = 0; i < n; i++) {
			/* 20 ms packetisation with jitter; a few lost datagrams */
			if (rnd_unit() < 0.005) continue;
			udp(s, t + i * 20 * MS + rnd_below(3000) * US, i & 1, 172, K_MEDIA,
			    (uint16_t)(sq + i));
		}
		break;
	}
	case S_HTTP: {
		s->sport = 80;
		tcp_open(s, t, &t);
		int nreq = 1 + (rnd_below(4) == 0) + (rnd_below(8) == 0);
		for (int q = 0; q < nreq; q++) {
			t += 100 * US;
			tcp(s, t, 0, F_ACK | F_PSH, http_req(s, scratch), K_HTTP_REQ, 0);
			t += s->rtt / 2;
			uint32_t clen = body_size();
			uint32_t hdr = (uint32_t)http_resp_hdr(clen, scratch);
			t = bulk(s, t, hdr + clen, K_HTTP_RESP, clen, K_BODY);
			t += rnd_below(200) * MS;
		}
		tcp_close(s, t);
		break;
	}
	case S_TLS: {
		s->sport = 443;
		tcp_open(s, t, &t);
		t += 100 * US;
		tcp(s, t, 0, F_ACK | F_PSH, tls_client_hello(s, scratch), K_TLS_CH, 0);
		t += s->rtt / 2;
		/* server flight: ServerHello+CCS+encrypted handshake, then more
		 * encrypted handshake (certificates) */
		uint32_t flight = tls_size(2500 + rnd_below(3000));
		t = bulk(s, t, flight, K_TLS_SH, 0, K_TLS_DATA);
		t += s->rtt / 2;
		tcp(s, t, 0, F_ACK | F_PSH, 80, K_TLS_CFIN, 0);
		int nreq = 1 + rnd_below(3);
		for (int q = 0; q < nreq; q++) {
			t += 200 * US + rnd_below(100) * MS;
			tcp(s, t, 0, F_ACK | F_PSH, 100 + rnd_below(600), K_TLS_DATA, 0);
			t += s->rtt / 2;
			t = bulk(s, t, tls_size(body_size()), K_TLS_DATA, 0, K_TLS_DATA);
		}
		tcp_close(s, t);
		break;
	}
	default:
		break;
	}
}

/* ---- frames ------------------------------------------------------------ */
static uint32_t csum_add(uint32_t sum, const uint8_t *b, int len)
{
	for (int i = 0; i + 1 < len; i += 2) sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (len & 1) sum += (uint32_t)b[len - 1] << 8;
	return sum;
}
static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint8_t frame[16 + 14 + 20 + 20 + 65536];

/* Builds the frame of descriptor p into frame[16..] with its pcap record
 * header in frame[0..16]; returns the record length. */
static int render(struct sess *s, const struct pd *p)
{
	uint8_t *e = frame + 16, *ip = e + 14, *l4 = ip + 20;
	int tcpp = s->type == S_HTTP || s->type == S_TLS;
	int l4len = tcpp ? 20 : 8;
	if (tcpp && (p->flags & F_SYN)) l4len = 40;
	uint8_t *pl = l4 + l4len;
	int plen = p->len ? payload(s, p, pl) : 0;
	int dir = p->dir;
	uint32_t src = dir ? s->sip : s->cip, dst = dir ? s->cip : s->sip;
	uint16_t sp = dir ? s->sport : s->cport, dp = dir ? s->cport : s->sport;
	/* MACs: the client's from its address, the gateway's fixed */
	static const uint8_t gw[6] = { 0x00, 0x1b, 0x21, 0x3a, 0x4f, 0x01 };
	uint8_t cm[6] = { 0x02, 0x42, (uint8_t)(s->cip >> 24), (uint8_t)(s->cip >> 16),
			  (uint8_t)(s->cip >> 8), (uint8_t)s->cip };
	memcpy(e, dir ? cm : gw, 6); memcpy(e + 6, dir ? gw : cm, 6);
	e[12] = 0x08; e[13] = 0x00;
	int iplen = 20 + l4len + plen;
	ip[0] = 0x45; ip[1] = 0; put16(ip, 2, iplen); put16(ip, 4, s->ipid[dir]++);
	put16(ip, 6, tcpp ? 0x4000 : 0); ip[8] = dir ? 57 : 64; ip[9] = tcpp ? 6 : 17;
	put16(ip, 10, 0);
	for (int i = 0; i < 4; i++) { ip[12 + i] = src >> (24 - 8 * i); ip[16 + i] = dst >> (24 - 8 * i); }
	put16(ip, 10, csum_fold(csum_add(0, ip, 20)));
	put16(l4, 0, sp); put16(l4, 2, dp);
	if (tcpp) {
		l4[4] = p->seq >> 24; l4[5] = p->seq >> 16; l4[6] = p->seq >> 8; l4[7] = p->seq;
		l4[8] = p->ack >> 24; l4[9] = p->ack >> 16; l4[10] = p->ack >> 8; l4[11] = p->ack;
		l4[12] = (uint8_t)(l4len / 4) << 4; l4[13] = p->flags;
		put16(l4, 14, p->win); put16(l4, 16, 0); put16(l4, 18, 0);
		if (l4len == 40) {  /* MSS, SACK_PERM, timestamps-free NOP, WS */
			static const uint8_t opt[20] = { 2, 4, 0x05, 0xb4, 4, 2, 1, 1, 1, 1,
							 1, 1, 1, 1, 1, 1, 1, 3, 3, 7 };
			memcpy(l4 + 20, opt, 20);
			if (dir) l4[39] = 8;
		}
	} else {
		put16(l4, 4, 8 + plen); put16(l4, 6, 0);
	}
	uint8_t ph[12];
	memcpy(ph, ip + 12, 8); ph[8] = 0; ph[9] = ip[9]; put16(ph, 10, l4len + plen);
	uint16_t ck = csum_fold(csum_add(csum_add(0, ph, 12), l4, l4len + plen));
	if (!tcpp && ck == 0) ck = 0xffff;
	put16(l4, tcpp ? 16 : 6, ck);
	uint32_t flen = 14 + iplen;
	uint64_t ts = T0_NS + p->t;
	uint32_t sec = (uint32_t)(ts / 1000000000ull), usec = (uint32_t)(ts % 1000000000ull / 1000);
	uint32_t h[4] = { sec, usec, flen, flen };
	memcpy(frame, h, 16);  /* host order: the file header says which */
	return 16 + (int)flen;
}

/* ---- merge by time: a min-heap of sessions keyed on their next packet ---- */
static struct sess **heap;
static int nheap;
static uint64_t key(const struct sess *s) { return s->v[s->i].t; }
static void heap_push(struct sess *s)
{
	int i = nheap++;
	while (i > 0 && key(heap[(i - 1) / 2]) > key(s)) { heap[i] = heap[(i - 1) / 2]; i = (i - 1) / 2; }
	heap[i] = s;
}
static struct sess *heap_pop(void)
{
	struct sess *top = heap[0], *last = heap[--nheap];
	int i = 0;
	for (;;) {
		int c = 2 * i + 1;
		if (c >= nheap) break;
		if (c + 1 < nheap && key(heap[c + 1]) < key(heap[c])) c++;
		if (key(heap[c]) >= key(last)) break;
		heap[i] = heap[c]; i = c;
	}
	if (nheap) heap[i] = last;
	return top;
}

int main(int argc, char **argv)
{
	uint64_t npk = 1200000, seed = 1;
	const char *out = NULL;
	int c;
	while ((c = getopt(argc, argv, "n:s:o:")) != -1) {
		switch (c) {
		case 'n': npk = strtoull(optarg, NULL, 10); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'o': out = optarg; break;
		default:
			fprintf(stderr, "usage: gen [-n PACKETS] [-s SEED] [-o FILE]\n");
			return 2;
		}
	}
	if (!out || !npk) {
		fprintf(stderr, "usage: gen [-n PACKETS] [-s SEED] [-o FILE]\n");
		return 2;
	}
	rng_state = seed;
	FILE *f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
	if (!f) { perror(out); return 1; }
	static char obuf[1 << 20];
	setvbuf(f, obuf, _IOFBF, sizeof(obuf));
	uint32_t gh[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	uint16_t v[2] = { 2, 4 };
	memcpy(&gh[1], v, 4);  /* version 2.4 as two host-order u16 */
	fwrite(gh, 4, 6, f);

	/* sessions start as a Poisson process; about 1100 per second keeps
	 * around 2-3 k conversations open at once */
	const double start_mean_ns = 1e9 / 1100.0;
	heap = calloc(1 << 16, sizeof(*heap));
	struct sess *pool = calloc(1 << 16, sizeof(*pool));
	struct sess **freel = calloc(1 << 16, sizeof(*freel));
	if (!heap || !pool || !freel) { perror("gen"); return 1; }
	int nfree = 0;
	for (int i = (1 << 16) - 1; i >= 0; i--) freel[nfree++] = &pool[i];
	uint64_t next_start = 0, written = 0, bytes = 24;
	while (written < npk) {
		if (nfree && (!nheap || next_start <= key(heap[0]))) {
			struct sess *s = freel[--nfree];
			build(s, next_start);
			next_start += (uint64_t)rnd_exp(start_mean_ns) + 1;
			if (s->n) heap_push(s); else freel[nfree++] = s;
			continue;
		}
		struct sess *s = heap_pop();
		int len = render(s, &s->v[s->i]);
		fwrite(frame, 1, len, f);
		bytes += len;
		written++;
		if (++s->i < s->n) heap_push(s);
		else freel[nfree++] = s;
	}
	if (fflush(f) || (f != stdout && fclose(f))) { perror(out); return 1; }
	uint64_t conv = 0;
	for (int i = 0; i < S_NTYPES; i++) conv += st.sessions[i];
	fprintf(stderr, "gen: %llu packets, %llu bytes, %llu conversations started "
		"(dns %llu ntp %llu udp-media %llu http %llu tls %llu); "
		"%llu lost+retransmitted, %llu reordered, %llu dup ACKs, %llu SYN retransmissions, %llu RST\n",
		(unsigned long long)written, (unsigned long long)bytes, (unsigned long long)conv,
		(unsigned long long)st.sessions[S_DNS], (unsigned long long)st.sessions[S_NTP],
		(unsigned long long)st.sessions[S_MEDIA], (unsigned long long)st.sessions[S_HTTP],
		(unsigned long long)st.sessions[S_TLS], (unsigned long long)st.lost,
		(unsigned long long)st.reord, (unsigned long long)st.dupack,
		(unsigned long long)st.synrtx, (unsigned long long)st.rst);
	return 0;
}
