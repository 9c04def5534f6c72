/* tcp.h — typed result of the TCP dissector (pk->tcp, the "tcp" tap's data)
 * and the contract between TCP and the application dissectors it feeds.
 *
 * Taps: for every TCP segment with a complete header the dissector queues
 * on the tap "tcp" a `struct transport_tap_info` (src/engine/tap.h) whose
 * `info` points to this segment's `struct tcp_info`, and on "tcp_follow" a
 * `struct follow_tap_info` (only when that tap has a listener).
 *
 * Application dissectors (registered with {DT_TCP_PORT, port} or as TCP
 * heuristics) get `data` = `struct tcp_pdu_ctx *`. A PDU that spans
 * segments works like Wireshark's desegmentation:
 *
 *   static int dissect_foo(struct packet *pk, struct bv *bv, void *data)
 *   {
 *       struct tcp_pdu_ctx *tc = data;       // NULL when not over TCP
 *       uint32_t off = 0;
 *       while (off < bv->len) {
 *           uint32_t need = foo_pdu_len(bv, off); // 0: header incomplete
 *           if (tc && (need == 0 || need > bv->len - off)) {
 *               tc->desegment_offset = off;       // bytes fully dissected
 *               tc->desegment_len = need ? need - (bv->len - off)
 *                                        : TCP_DESEGMENT_ONE_MORE;
 *               return (int)bv->len;
 *           }
 *           ... dissect one PDU at off ...
 *           off += need;
 *       }
 *       return (int)bv->len;
 *   }
 *
 * TCP then keeps bytes [desegment_offset, end) of the segment, adds the
 * following segments of the same direction that fall inside the PDU (in
 * any order, overlaps keep the first copy) and calls the dissector again
 * with a view of the reassembled bytes (tc->reassembled true,
 * tc->first_frame the frame holding the first byte) once desegment_len
 * more bytes (or, for TCP_DESEGMENT_ONE_MORE, one more segment) are all
 * present. Columns the dissector wrote before asking for more stay (tshark
 * shows e.g. "HTTP/1.1 200 OK [TCP segment of a reassembled PDU]"). Segments that only add to an incomplete PDU are shown as
 * "[TCP segment of a reassembled PDU]" with Protocol "TCP", as tshark does.
 * Retransmitted segments are not handed to the dissector again. The
 * reassembled view's buffer belongs to the packet arena once handed on
 * (arena_adopt): items may point into it until the next packet. A PDU is bounded by REASM_PDU_DEFAULT_CAP bytes; a larger request
 * is not honoured (the bytes are shown as they come).
 *
 * For byte streams (follow, extraction): feed the "tcp_follow" tap's
 * segments to reasm_segment() (src/engine/reassemble.h), one reasm_dir per
 * direction, after reasm_set_isn() on the SYN.
 */
#ifndef TAPIR_DISSECT_TCP_H
#define TAPIR_DISSECT_TCP_H

#include <stdbool.h>
#include <stdint.h>

struct conv;

/* Header flag bits (tcp.flags, 12 bits). */
enum {
	TH_FIN = 0x001, TH_SYN = 0x002, TH_RST = 0x004, TH_PUSH = 0x008,
	TH_ACK = 0x010, TH_URG = 0x020, TH_ECE = 0x040, TH_CWR = 0x080,
	TH_AE = 0x100, TH_RES = 0xe00, TH_MASK = 0xfff,
};

/* tcp.analysis.* results (bits of tcp_info.aflags). */
enum {
	TCP_A_RETRANSMISSION = 0x0001,
	TCP_A_LOST_PACKET = 0x0002,
	TCP_A_ACK_LOST_PACKET = 0x0004,
	TCP_A_KEEP_ALIVE = 0x0008,
	TCP_A_DUPLICATE_ACK = 0x0010,
	TCP_A_ZERO_WINDOW = 0x0020,
	TCP_A_ZERO_WINDOW_PROBE = 0x0040,
	TCP_A_ZERO_WINDOW_PROBE_ACK = 0x0080,
	TCP_A_KEEP_ALIVE_ACK = 0x0100,
	TCP_A_OUT_OF_ORDER = 0x0200,
	TCP_A_FAST_RETRANSMISSION = 0x0400,
	TCP_A_WINDOW_UPDATE = 0x0800,
	TCP_A_WINDOW_FULL = 0x1000,
	TCP_A_REUSED_PORTS = 0x2000,
	TCP_A_SPURIOUS_RETRANSMISSION = 0x4000,
};

#define TCP_MAX_SACK 4

/* One TCP segment, as dissected. Lives in the packet arena. */
struct tcp_info {
	uint16_t srcport;     /* tcp.srcport */
	uint16_t dstport;     /* tcp.dstport */
	uint32_t seq_raw;     /* tcp.seq_raw */
	uint32_t ack_raw;     /* tcp.ack_raw */
	uint32_t seq;         /* tcp.seq (relative when analysed) */
	uint32_t ack;         /* tcp.ack (relative when ACK set) */
	uint32_t nxtseq;      /* tcp.nxtseq (valid when have_seglen) */
	uint16_t flags;       /* tcp.flags, TH_* */
	uint8_t hdr_len;      /* tcp.hdr_len, bytes */
	uint16_t win_raw;     /* tcp.window_size_value */
	uint32_t win;         /* tcp.window_size (scaled) */
	int32_t win_scalefactor; /* tcp.window_size_scalefactor: multiplier,
	                            -1 unknown, -2 no scaling; 0 on SYNs */
	uint16_t checksum;    /* tcp.checksum */
	uint16_t urgent;      /* tcp.urgent_pointer */
	uint32_t seglen;      /* tcp.len */
	bool have_seglen;     /* the segment length is known */
	uint32_t stream;      /* tcp.stream */
	uint8_t completeness; /* tcp.completeness */
	int dir;              /* 0: from the conversation's endpoint 0 */
	const struct conv *conv;
	/* analysis */
	uint32_t aflags;          /* TCP_A_* */
	uint32_t dupack_num;      /* tcp.analysis.duplicate_ack_num */
	uint64_t dupack_frame;    /* tcp.analysis.duplicate_ack_frame */
	uint64_t acks_frame;      /* tcp.analysis.acks_frame, 0 none */
	int64_t ack_rtt;          /* tcp.analysis.ack_rtt, ns */
	int64_t initial_rtt;      /* tcp.analysis.initial_rtt, ns, 0 unknown */
	uint32_t bytes_in_flight; /* tcp.analysis.bytes_in_flight, 0 none */
	uint32_t push_bytes_sent; /* tcp.analysis.push_bytes_sent */
	bool has_analysis;        /* the tcp.analysis subtree exists */
	int64_t time_relative;    /* tcp.time_relative, ns */
	int64_t time_delta;       /* tcp.time_delta, ns */
	/* options */
	uint16_t mss;             /* 0 when absent */
	int8_t wscale;            /* shift, -1 when absent */
	bool sack_perm;
	bool has_ts;
	uint32_t tsval, tsecr;
	uint8_t nsack;            /* SACK blocks in this segment */
	uint32_t sack_le[TCP_MAX_SACK], sack_re[TCP_MAX_SACK]; /* raw */
	/* payload */
	const uint8_t *payload;   /* captured payload bytes (frame memory) */
	uint32_t payload_caplen;  /* captured payload bytes */
};

/* `data` of application dissectors called by TCP. */
#define TCP_DESEGMENT_ONE_MORE UINT32_MAX
struct tcp_pdu_ctx {
	const struct tcp_info *tcp;
	struct conv *conv;        /* never NULL */
	int dir;                  /* direction within conv (0/1) */
	bool reassembled;         /* the view holds bytes of several segments */
	uint64_t first_frame;     /* frame of the first byte of the view */
	uint32_t seq;             /* raw sequence number of the view's byte 0 */
	/* Out, set by the application dissector to ask for more data: */
	uint32_t desegment_offset; /* bytes at the start fully dissected */
	uint32_t desegment_len;    /* more bytes needed past the view end, or
	                              TCP_DESEGMENT_ONE_MORE; 0 = complete */
};

/* Runtime settings (defaults match tshark's). */
struct tcp_prefs {
	bool analyze_seq;        /* tcp.analyze_sequence_numbers: TRUE */
	bool relative_seq;       /* tcp.relative_sequence_numbers: TRUE */
	bool calculate_ts;       /* tcp.calculate_timestamps: TRUE */
	bool desegment;          /* tcp.desegment_tcp_streams: TRUE */
	bool track_bif;          /* tcp.track_bytes_in_flight: TRUE */
};
extern struct tcp_prefs tcp_prefs;

#endif
