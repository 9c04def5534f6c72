/* tcp_streams.c — `-z tcp,streams[,filter]`: one row per TCP stream
 * (tcp.stream order) with its endpoints, frames and bytes each way and the
 * per-stream counts of TCP analysis events, fed by the "tcp" tap.
 *
 * Every column can be rebuilt from `-T fields` (docs/tcp-analysis.md):
 * A is the source of the stream's first packet; Bytes are frame.len;
 * Retrans counts tcp.analysis.retransmission (which tshark also raises for
 * fast and spurious retransmissions), FastRetr tcp.analysis.fast_retransmission,
 * DupACK tcp.analysis.duplicate_ack, OOO tcp.analysis.out_of_order, Lost
 * tcp.analysis.lost_segment, ZeroWin tcp.analysis.zero_window, KeepAlive
 * tcp.analysis.keep_alive; Start/Last are frame.time_relative of the first
 * and last packet, iRTT tcp.analysis.initial_rtt ("-" when unknown). */
#include "stat_registry.h"
#include "../core/alloc.h"
#include "../dissect/tcp.h"

#include <stdio.h>
#include <string.h>

struct stream_row {
	bool used;
	struct address a, b;      /* A: sender of the first packet */
	uint16_t pa, pb;
	uint64_t frames[2], bytes[2]; /* [0] A->B, [1] B->A */
	uint64_t retrans, fast, dupack, ooo, lost, zerowin, keepalive;
	int64_t first, last;      /* ns since the first frame of the capture */
	int64_t irtt;             /* ns, 0 unknown */
};

struct streams_stat {
	const char *filter;
	struct stream_row *rows;
	uint32_t nrows, cap;
};

static struct stream_row *row_get(struct streams_stat *s, uint32_t id)
{
	if (id >= s->cap) {
		uint32_t c = s->cap ? s->cap : 64;
		while (c <= id)
			c *= 2;
		s->rows = xrealloc(s->rows, c * sizeof(*s->rows));
		memset(s->rows + s->cap, 0, (c - s->cap) * sizeof(*s->rows));
		s->cap = c;
	}
	if (id >= s->nrows)
		s->nrows = id + 1;
	return &s->rows[id];
}

static bool streams_packet(void *user, struct packet *pk, const void *data)
{
	struct streams_stat *s = user;
	const struct transport_tap_info *tt = data;
	const struct tcp_info *ti = tt->info;
	if (!ti || !ti->conv)
		return false;
	struct stream_row *r = row_get(s, tt->stream);
	int64_t rel = pk->ts - pk->ts_first;
	if (!r->used) {
		r->used = true;
		r->a = tt->src;
		r->b = tt->dst;
		r->pa = tt->sport;
		r->pb = tt->dport;
		r->first = rel;
	}
	/* direction relative to the row's A endpoint */
	int d = (tt->sport == r->pa && memcmp(&tt->src, &r->a, sizeof(r->a)) == 0) ? 0 : 1;
	r->frames[d]++;
	r->bytes[d] += pk->len;
	r->last = rel;
	uint32_t f = ti->aflags;
	if (f & (TCP_A_RETRANSMISSION | TCP_A_FAST_RETRANSMISSION | TCP_A_SPURIOUS_RETRANSMISSION))
		r->retrans++;
	if (f & TCP_A_FAST_RETRANSMISSION)
		r->fast++;
	if (f & TCP_A_DUPLICATE_ACK)
		r->dupack++;
	if (f & TCP_A_OUT_OF_ORDER)
		r->ooo++;
	if (f & TCP_A_LOST_PACKET)
		r->lost++;
	if (f & TCP_A_ZERO_WINDOW)
		r->zerowin++;
	if (f & TCP_A_KEEP_ALIVE)
		r->keepalive++;
	if (ti->has_analysis && ti->initial_rtt)
		r->irtt = ti->initial_rtt;
	return true;
}

static void fmt_sec(char *dst, size_t n, int64_t ns)
{
	if (ns < 0) {
		snprintf(dst, n, "-%lld.%06lld", (long long)(-ns / 1000000000),
			 (long long)((-ns % 1000000000) / 1000));
		return;
	}
	snprintf(dst, n, "%lld.%06lld", (long long)(ns / 1000000000),
		 (long long)((ns % 1000000000) / 1000));
}

static void streams_draw(void *user, struct outbuf *o)
{
	struct streams_stat *s = user;
	ob_puts(o, "================================================================================\n");
	ob_puts(o, "TCP Streams\n");
	ob_printf(o, "Filter:%s\n", s->filter ? s->filter : "<No Filter>");
	ob_printf(o, "%6s  %-26s %-26s %7s %10s %7s %10s %7s %8s %6s %5s %5s %7s %9s %12s %12s %12s %10s\n",
		  "Stream", "Address A:Port", "Address B:Port", "A->B", "Bytes", "B->A",
		  "Bytes", "Retrans", "FastRetr", "DupACK", "OOO", "Lost",
		  "ZeroWin", "KeepAlive", "Start", "Last", "Duration", "iRTT");
	for (uint32_t i = 0; i < s->nrows; i++) {
		const struct stream_row *r = &s->rows[i];
		if (!r->used)
			continue;
		char a[80], b[80], sa[64], sb[64], st[32], la[32], du[32], rt[32];
		addr_fmt(&r->a, sa);
		addr_fmt(&r->b, sb);
		snprintf(a, sizeof(a), "%s:%u", sa, r->pa);
		snprintf(b, sizeof(b), "%s:%u", sb, r->pb);
		fmt_sec(st, sizeof(st), r->first);
		fmt_sec(la, sizeof(la), r->last);
		fmt_sec(du, sizeof(du), r->last - r->first);
		if (r->irtt)
			fmt_sec(rt, sizeof(rt), r->irtt);
		else
			snprintf(rt, sizeof(rt), "-");
		ob_printf(o, "%6u  %-26s %-26s %7llu %10llu %7llu %10llu %7llu %8llu %6llu %5llu %5llu %7llu %9llu %12s %12s %12s %10s\n",
			  i, a, b, (unsigned long long)r->frames[0],
			  (unsigned long long)r->bytes[0],
			  (unsigned long long)r->frames[1],
			  (unsigned long long)r->bytes[1],
			  (unsigned long long)r->retrans, (unsigned long long)r->fast,
			  (unsigned long long)r->dupack, (unsigned long long)r->ooo,
			  (unsigned long long)r->lost, (unsigned long long)r->zerowin,
			  (unsigned long long)r->keepalive, st, la, du, rt);
	}
	ob_puts(o, "================================================================================\n");
}

static void streams_reset(void *user)
{
	struct streams_stat *s = user;
	memset(s->rows, 0, s->cap * sizeof(*s->rows));
	s->nrows = 0;
}

static int streams_init(const char *arg, const char *rest, char *err,
			size_t errlen)
{
	(void)arg;
	tap_match_fn match;
	void *ctx;
	if (stat_filter(rest, &match, &ctx, err, errlen) < 0)
		return -1;
	struct streams_stat *s = xcalloc(1, sizeof(*s));
	s->filter = *rest ? rest : NULL;
	tap_listener_add("tcp", 0, match, ctx, streams_packet, streams_draw,
			 streams_reset, s);
	return 0;
}

const struct stat_desc stat_tcp_streams = {
	"tcp,streams", "tcp,streams[,filter]", streams_init,
};
