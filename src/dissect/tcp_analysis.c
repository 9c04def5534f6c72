/* tcp_analysis.c — TCP sequence analysis with tshark 4.0's answers: the
 * checks of Wireshark's tcp_analyze_sequence_number(), in its order, with
 * its thresholds (20 ms for fast retransmissions, the iRTT or 3 ms for
 * out-of-order). See docs/tcp-analysis.md for the rules in prose. */
#include "tcp_analysis.h"
#include "../core/alloc.h"

#include <string.h>

static inline bool seq_gt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static inline bool seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline bool seq_le(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }

void tcp_conv_init(struct tcp_conv *tc, uint32_t stream, int64_t ts)
{
	memset(tc, 0, sizeof(*tc));
	tc->stream = stream;
	tc->ts_first = tc->ts_prev = ts;
	for (int i = 0; i < 2; i++) {
		tc->flow[i].win_scale = -1;
		tc->flow[i].valid_bif = true;
	}
}

void tcp_conv_release(struct tcp_conv *tc)
{
	for (int i = 0; i < 2; i++) {
		if (tc->flow[i].segs != tc->flow[i].inl)
			xfree(tc->flow[i].segs);
		tc->flow[i].segs = NULL;
		tc->flow[i].nsegs = tc->flow[i].capsegs = 0;
		if (tc->flow[i].deseg) {
			for (int k = 0; k < TCP_MSP_HISTORY; k++)
				reasm_pdu_release(&tc->flow[i].deseg->pdu[k]);
			xfree(tc->flow[i].deseg);
			tc->flow[i].deseg = NULL;
		}
	}
}

size_t tcp_conv_mem(const struct tcp_conv *tc)
{
	size_t n = sizeof(*tc);
	for (int i = 0; i < 2; i++) {
		if (tc->flow[i].segs != tc->flow[i].inl)
			n += tc->flow[i].capsegs * sizeof(struct tcp_unacked);
		if (tc->flow[i].deseg) {
			n += sizeof(struct tcp_deseg);
			for (int k = 0; k < TCP_MSP_HISTORY; k++)
				n += tc->flow[i].deseg->pdu[k].bufcap;
		}
	}
	return n;
}

static void seg_push(struct tcp_flow *f, uint32_t seq, uint32_t nextseq,
		     uint32_t frame, int64_t ts)
{
	if (f->capsegs == 0) {
		f->segs = f->inl;
		f->capsegs = 1;
	} else if (f->nsegs == f->capsegs) {
		/* amortised doubling: no allocation once a connection's
		 * window of unacked segments has been seen */
		uint32_t c = f->capsegs < 4 ? 4 : f->capsegs * 2;
		if (c > TCP_MAX_UNACKED)
			c = TCP_MAX_UNACKED;
		if (f->segs == f->inl) {
			f->segs = xmalloc(c * sizeof(*f->segs));
			memcpy(f->segs, f->inl, sizeof(f->inl));
		} else {
			f->segs = xrealloc(f->segs, c * sizeof(*f->segs));
		}
		f->capsegs = c;
	}
	struct tcp_unacked *u = &f->segs[f->nsegs++];
	u->seq = seq;
	u->nextseq = nextseq;
	u->frame = frame;
	u->ts = ts;
}

/* Removes the segments of rev that ack acknowledges; records in a the
 * frame it acknowledges and the RTT. Wireshark walks its list newest
 * first and the last exact match wins, i.e. the oldest one. */
static void process_acks(struct tcp_flow *rev, uint32_t ack, int64_t ts,
			 struct tcp_ares *a)
{
	uint32_t n = rev->nsegs;
	bool *del = NULL;
	bool small[64];
	if (n == 0)
		return;
	del = n <= 64 ? small : xmalloc(n * sizeof(*del));
	for (uint32_t k = n; k-- > 0;) {
		struct tcp_unacked *u = &rev->segs[k];
		del[k] = false;
		if (ack == u->nextseq) {
			a->exists = true;
			a->frame_acked = u->frame;
			a->ack_rtt = ts - u->ts;
			del[k] = true;
		} else if (seq_gt(ack, u->seq) && seq_le(ack, u->nextseq)) {
			/* partially acknowledged: keep the unacked tail */
			u->seq = ack;
		} else if (seq_gt(u->nextseq, ack)) {
			/* not yet acknowledged */
		} else {
			del[k] = true;
		}
	}
	uint32_t w = 0;
	for (uint32_t k = 0; k < n; k++)
		if (!del[k])
			rev->segs[w++] = rev->segs[k];
	rev->nsegs = w;
	if (del != small)
		xfree(del);
}

void tcp_analyze_seq(struct tcp_conv *tc, int dir, uint32_t seq, uint32_t ack,
		     uint32_t seglen, uint16_t flags, uint32_t window,
		     uint32_t frame, int64_t ts, struct tcp_ares *a)
{
	struct tcp_flow *fwd = &tc->flow[dir], *rev = &tc->flow[!dir];
	const uint16_t SFR = TH_SYN | TH_FIN | TH_RST;

	/* Base sequence numbers: the ISN of a SYN, else seq-1 so relative
	 * numbers start at 1 when the handshake was missed. The reverse base
	 * comes from the first ACK (ack-1). */
	if (!(fwd->static_flags & TCP_S_BASE_SEQ_SET)) {
		if (flags & TH_SYN) {
			fwd->base_seq = seq;
			fwd->static_flags |= (flags & TH_ACK) ? TCP_S_SAW_SYNACK : TCP_S_SAW_SYN;
		} else {
			fwd->base_seq = seq - 1;
		}
		fwd->static_flags |= TCP_S_BASE_SEQ_SET;
	}
	if (!(rev->static_flags & TCP_S_BASE_SEQ_SET) && (flags & TH_ACK)) {
		rev->base_seq = ack - 1;
		rev->static_flags |= TCP_S_BASE_SEQ_SET;
	}
	if (flags & TH_ACK)
		rev->valid_bif = true;

	/* Zero window probe: exactly one byte at the next expected seq
	 * while the peer advertises a zero window. */
	if (seglen == 1 && seq == fwd->nextseq && rev->window == 0) {
		a->exists = true;
		a->flags |= TCP_A_ZERO_WINDOW_PROBE;
		goto finished_fwd;
	}
	/* Zero window: window 0 on a segment without SYN/FIN/RST. */
	if (window == 0 && !(flags & SFR)) {
		a->exists = true;
		a->flags |= TCP_A_ZERO_WINDOW;
	}
	/* Lost segment: starts beyond the highest byte seen (not for RST). */
	if (fwd->nextseq && seq_gt(seq, fwd->nextseq) && !(flags & TH_RST)) {
		a->exists = true;
		a->flags |= TCP_A_LOST_PACKET;
		fwd->valid_bif = false;
	}
	/* Keep-alive: 0 or 1 byte starting one before the next seq. */
	if (seglen <= 1 && seq == fwd->nextseq - 1 && !(flags & SFR)) {
		a->exists = true;
		a->flags |= TCP_A_KEEP_ALIVE;
	}
	/* Window update: empty, same seq/ack as before, new non-zero window. */
	if (seglen == 0 && window && window != fwd->window &&
	    seq == fwd->nextseq && ack == fwd->lastack && !(flags & SFR)) {
		a->exists = true;
		a->flags |= TCP_A_WINDOW_UPDATE;
	}
	/* Window full: data reaching exactly the right edge of the window the
	 * peer advertised (scaled unless the peer's first ACK is pending). */
	if (seglen > 0 && rev->win_scale != -1 && !(flags & SFR)) {
		int sh = rev->is_first_ack ? 0 : (rev->win_scale == -2 ? 0 : rev->win_scale);
		if (seq + seglen == rev->lastack + (rev->window << sh)) {
			a->exists = true;
			a->flags |= TCP_A_WINDOW_FULL;
		}
	}
	/* Keep-alive ACK: repeats the last ACK right after a keep-alive. */
	if (seglen == 0 && window && window == fwd->window &&
	    seq == fwd->nextseq && ack == fwd->lastack &&
	    (rev->lastsegmentflags & TCP_A_KEEP_ALIVE) && !(flags & SFR)) {
		a->exists = true;
		a->flags |= TCP_A_KEEP_ALIVE_ACK;
		goto finished_fwd;
	}
	/* Zero window probe ACK: repeats the last ACK and zero window right
	 * after a probe. */
	if (seglen == 0 && window == 0 && window == fwd->window &&
	    seq == fwd->nextseq && ack == fwd->lastack &&
	    (rev->lastsegmentflags & TCP_A_ZERO_WINDOW_PROBE) && !(flags & SFR)) {
		a->exists = true;
		a->flags |= TCP_A_ZERO_WINDOW_PROBE_ACK;
		goto finished_fwd;
	}
	/* Duplicate ACK: empty, same window/seq/ack as the previous one. */
	if (seglen == 0 && window && window == fwd->window &&
	    seq == fwd->nextseq && ack == fwd->lastack && !(flags & SFR)) {
		fwd->dupacknum++;
		a->exists = true;
		a->flags |= TCP_A_DUPLICATE_ACK;
		a->dupack_num = (uint32_t)fwd->dupacknum;
		a->dupack_frame = fwd->lastnondupack;
	}

finished_fwd:
	if (ack != fwd->lastack) {
		fwd->lastnondupack = frame;
		fwd->dupacknum = 0;
	}
	/* ACKed unseen segment: acknowledges beyond what the peer sent; the
	 * mark moves to the peer's nextseq so it is reported once. */
	if (rev->maxseqtobeacked && seq_gt(ack, rev->maxseqtobeacked) &&
	    (flags & TH_ACK) && ack != fwd->lastack) {
		a->exists = true;
		a->flags |= TCP_A_ACK_LOST_PACKET;
		rev->maxseqtobeacked = rev->nextseq;
	}

	/* Retransmission family: data (or SYN/FIN) that does not advance. */
	if (seglen > 0 || (flags & (TH_SYN | TH_FIN))) {
		bool not_advanced = fwd->nextseq && seq_lt(seq, fwd->nextseq);
		if (a->flags & TCP_A_KEEP_ALIVE)
			goto finished_retrans;
		/* more than one byte starting one before nextseq follows a
		 * zero window probe: new data, not a retransmission */
		if (seglen > 1 && fwd->nextseq - 1 == seq)
			not_advanced = false;
		/* Spurious: everything in it was already acknowledged. */
		if (seglen > 0 && rev->lastack && seq_le(seq + seglen, rev->lastack)) {
			a->exists = true;
			a->flags |= TCP_A_SPURIOUS_RETRANSMISSION;
			goto finished_retrans;
		}
		/* Fast retransmission: >= 2 dup ACKs for this seq, within 20 ms
		 * of the last ACK. */
		if (not_advanced && rev->dupacknum >= 2 && rev->lastack == seq &&
		    ts - rev->lastacktime < 20000000) {
			a->exists = true;
			a->flags |= TCP_A_FAST_RETRANSMISSION;
			goto finished_retrans;
		}
		/* Out of order: shortly (< iRTT, or 3 ms without one) after the
		 * highest segment, and not ending exactly at nextseq. */
		int64_t thres = tc->ts_first_rtt ? tc->ts_first_rtt : 3000000;
		if (not_advanced && ts - fwd->nextseqtime < thres &&
		    fwd->nextseq != seq + seglen + ((flags & (TH_SYN | TH_FIN)) ? 1 : 0)) {
			a->exists = true;
			a->flags |= TCP_A_OUT_OF_ORDER;
			goto finished_retrans;
		}
		if (not_advanced) {
			a->exists = true;
			a->flags |= TCP_A_RETRANSMISSION;
		}
	}
finished_retrans:;

	uint32_t nextseq = seq + seglen;
	if ((seglen || (flags & (TH_SYN | TH_FIN))) && fwd->nsegs < TCP_MAX_UNACKED) {
		if (flags & (TH_SYN | TH_FIN))
			nextseq += 1;
		seg_push(fwd, seq, nextseq, frame, ts);
	}
	bool zwp = a->flags & TCP_A_ZERO_WINDOW_PROBE;
	if (seq_gt(nextseq, fwd->nextseq) || !fwd->nextseq) {
		if (!zwp) {
			fwd->nextseq = nextseq;
			fwd->nextseqframe = frame;
			fwd->nextseqtime = ts;
		}
	}
	if (seq == fwd->maxseqtobeacked || !fwd->maxseqtobeacked) {
		if (!zwp)
			fwd->maxseqtobeacked = fwd->nextseq;
	}
	fwd->window = window;
	fwd->lastack = ack;
	fwd->lastacktime = ts;
	fwd->lastsegmentflags = a->exists ? a->flags : 0;

	process_acks(rev, ack, ts, a);

	/* Bytes in flight: span of this direction's unacknowledged segments
	 * minus what the peer's latest SACK blocks cover. */
	if (seglen != 0 && fwd->nsegs && fwd->valid_bif) {
		uint32_t first = fwd->segs[fwd->nsegs - 1].seq - fwd->base_seq;
		uint32_t last = fwd->segs[fwd->nsegs - 1].nextseq - fwd->base_seq;
		for (uint32_t k = 0; k < fwd->nsegs; k++) {
			uint32_t s = fwd->segs[k].seq - fwd->base_seq;
			uint32_t e = fwd->segs[k].nextseq - fwd->base_seq;
			if (e > last)
				last = e;
			if (s < first)
				first = s;
		}
		uint32_t in_flight = last - first;
		uint32_t delivered = 0;
		for (int k = 0; k < rev->num_sack_ranges; k++)
			delivered += rev->sack_re[k + 1] - rev->sack_le[k + 1];
		in_flight -= delivered;
		if (in_flight > 0 && in_flight < 2000000000) {
			a->exists = true;
			a->bytes_in_flight = in_flight;
			if (flags & (TH_SYN | TH_FIN))
				a->bytes_in_flight -= 1;
		}
		if (flags & TH_PUSH) {
			if (!fwd->push_set_last)
				fwd->push_bytes_sent += seglen;
			else
				fwd->push_bytes_sent = seglen;
			fwd->push_set_last = true;
		} else if (fwd->push_set_last) {
			fwd->push_bytes_sent = seglen;
			fwd->push_set_last = false;
		} else {
			fwd->push_bytes_sent += seglen;
		}
		a->exists = true;
		a->push_bytes_sent = fwd->push_bytes_sent;
	}
}
