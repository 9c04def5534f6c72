/* tcp_analysis.h — per-conversation TCP state and tshark 4.0's sequence
 * analysis (tcp.analysis.*), kept in the conversation table's "tcp" slot.
 *
 * The decision order and thresholds are those of Wireshark's
 * tcp_analyze_sequence_number() (documented in the Wireshark User's Guide,
 * "TCP Analysis"); docs/tcp-analysis.md lists them. State is per direction
 * (`flow[dir]`, dir as given by the conversation table). Memory per
 * conversation: sizeof(struct tcp_conv) plus 24 bytes per unacknowledged
 * segment, at most TCP_MAX_UNACKED per direction (as Wireshark's
 * TCP_MAX_UNACKED_SEGMENTS).
 */
#ifndef TAPIR_DISSECT_TCP_ANALYSIS_H
#define TAPIR_DISSECT_TCP_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include "../engine/reassemble.h"
#include "tcp.h"

#define TCP_MAX_UNACKED 10000

/* static_flags */
enum { TCP_S_BASE_SEQ_SET = 1, TCP_S_SAW_SYN = 2, TCP_S_SAW_SYNACK = 4 };

/* conversation completeness bits (tcp.completeness) */
enum {
	TCP_COMPLETENESS_SYNSENT = 0x01, TCP_COMPLETENESS_SYNACK = 0x02,
	TCP_COMPLETENESS_ACK = 0x04, TCP_COMPLETENESS_DATA = 0x08,
	TCP_COMPLETENESS_FIN = 0x10, TCP_COMPLETENESS_RST = 0x20,
};

/* An unacknowledged segment (or SYN/FIN). */
struct tcp_unacked {
	uint32_t seq, nextseq;
	uint32_t frame;
	int64_t ts;
};

/* Desegmentation state of one direction (allocated on first use): the
 * latest multi-segment PDUs, so a retransmission filling a hole of an
 * earlier PDU still finds it (tshark keeps all of them; a few suffice). */
#define TCP_MSP_HISTORY 4
struct tcp_deseg {
	struct reasm_pdu pdu[TCP_MSP_HISTORY];
	uint8_t next;           /* slot for the next new PDU */
};

/* One direction of a conversation. */
struct tcp_flow {
	uint32_t base_seq;
	uint8_t static_flags;    /* TCP_S_* */
	int8_t win_scale;        /* shift; -1 unknown, -2 no scaling */
	bool is_first_ack;
	bool valid_bif;
	bool closing_initiator;
	bool push_set_last;
	uint8_t num_sack_ranges; /* of this direction's latest segment */
	uint32_t sack_le[TCP_MAX_SACK], sack_re[TCP_MAX_SACK];
	uint32_t window;         /* latest raw window */
	uint32_t nextseq;        /* highest seq + len seen (0: none) */
	uint32_t maxseqtobeacked;
	uint32_t lastack;
	uint32_t nextseqframe;
	uint32_t lastnondupack;
	int64_t nextseqtime;
	int64_t lastacktime;
	int32_t dupacknum;
	uint32_t lastsegmentflags; /* TCP_A_* of the latest segment */
	uint32_t push_bytes_sent;
	struct tcp_unacked *segs;  /* oldest first: inl, or xmalloc'ed */
	uint32_t nsegs, capsegs;
	struct tcp_unacked inl[1]; /* the common single unacked segment
	                              (a SYN, a request) needs no heap */
	struct tcp_deseg *deseg;
};

struct tcp_conv {
	struct tcp_flow flow[2];
	uint32_t stream;
	uint8_t completeness;
	uint16_t server_port;
	int64_t ts_first;        /* first frame of the stream */
	int64_t ts_prev;         /* previous frame of the stream */
	int64_t ts_mru_syn;      /* latest SYN (0: none) */
	int64_t ts_first_rtt;    /* iRTT (0: unknown) */
	struct tcp_conv *next_free; /* pool link while unused */
};

/* Per-segment results (Wireshark's struct tcp_acked). */
struct tcp_ares {
	bool exists;             /* the per-frame record was created */
	uint32_t flags;          /* TCP_A_* */
	uint32_t dupack_num;
	uint32_t dupack_frame;
	uint32_t frame_acked;
	int64_t ack_rtt;
	uint32_t bytes_in_flight;
	uint32_t push_bytes_sent;
};

/* Initialises a new conversation's TCP state. */
void tcp_conv_init(struct tcp_conv *tc, uint32_t stream, int64_t ts);
/* Frees what tc owns (not tc itself). */
void tcp_conv_release(struct tcp_conv *tc);

/* Runs the sequence analysis for one segment going in direction dir
 * (fwd = flow[dir], rev = flow[!dir]); seq/ack are raw numbers, window the
 * raw header value. Fills *a (which the caller zeroed, possibly with
 * `exists`/REUSED_PORTS already set). */
void tcp_analyze_seq(struct tcp_conv *tc, int dir, uint32_t seq, uint32_t ack,
		     uint32_t seglen, uint16_t flags, uint32_t window,
		     uint32_t frame, int64_t ts, struct tcp_ares *a);

/* Bytes of the tcp_conv pool (defined in tcp.c). */
size_t tcp_conv_pool_bytes(void);

/* Bytes held by the analysis state of tc (for the memory report). */
size_t tcp_conv_mem(const struct tcp_conv *tc);

#endif
