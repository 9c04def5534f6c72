/* tcp.c — Transmission Control Protocol (RFC 9293): header, options
 * (RFC 7323 timestamps and window scale, RFC 2018 SACK, RFC 7413 TFO,
 * RFC 8684 MPTCP), tshark 4.0's stream numbering, relative sequence
 * numbers, conversation completeness, sequence analysis (tcp_analysis.c)
 * and desegmentation for application dissectors (see tcp.h). */
#include "../core/alloc.h"
#include "../engine/conv.h"
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "../engine/tap.h"
#include "ip.h"
#include "tcp.h"
#include "../engine/prefs.h"
#include "tcp_analysis.h"

#include <stdio.h>
#include <string.h>

struct tcp_prefs tcp_prefs = { true, true, true, true, true };

static const struct tok cksum_status[] = {
	{ 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 3, "Not present" },
	{ 4, "Illegal" }, { 0, NULL },
};
static const struct tok flag_set[] = { { 0, "Not set" }, { 1, "Set" }, { 0, NULL } };
static const struct tok opt_kinds[] = {
	{ 0, "End of Option List" }, { 1, "No-Operation" },
	{ 2, "Maximum Segment Size" }, { 3, "Window Scale" },
	{ 4, "SACK Permitted" }, { 5, "SACK" }, { 6, "Echo" },
	{ 7, "Echo Reply" }, { 8, "Time Stamp Option" },
	{ 9, "Partial Order Connection Permitted" },
	{ 10, "Partial Order Service Profile" }, { 11, "CC" }, { 12, "CC.NEW" },
	{ 13, "CC.ECHO" }, { 14, "TCP Alternate Checksum Request" },
	{ 15, "TCP Alternate Checksum Data" }, { 16, "Skeeter" },
	{ 17, "Bubba" }, { 18, "Trailer Checksum Option" },
	{ 19, "MD5 Signature Option" }, { 20, "SCPS Capabilities" },
	{ 21, "Selective Negative Acknowledgements" },
	{ 22, "Record Boundaries" }, { 23, "Corruption experienced" },
	{ 24, "SNAP" }, { 25, "Unassigned" },
	{ 26, "TCP Compression Filter" }, { 27, "Quick-Start Response" },
	{ 28, "User Timeout Option" }, { 29, "TCP Authentication Option" },
	{ 30, "Multipath TCP" }, { 34, "TCP Fast Open Cookie" },
	{ 69, "Encryption Negotiation" }, { 172, "Accurate ECN Order 0" },
	{ 174, "Accurate ECN Order 1" }, { 253, "RFC3692-style Experiment 1" },
	{ 254, "RFC3692-style Experiment 2" }, { 0, NULL },
};
static const struct tok mptcp_subtypes[] = {
	{ 0, "Multipath Capable" }, { 1, "Join Connection" },
	{ 2, "Data Sequence Signal" }, { 3, "Add Address" },
	{ 4, "Remove Address" }, { 5, "Change Subflow Priority" },
	{ 6, "TCP Fallback" }, { 7, "Fast Close" }, { 8, "TCP Reset" },
	{ 0, NULL },
};

#define F(v, abbrev, name, type, base, flags, mask, vals) \
	static struct field v = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_tcp, "tcp", "Transmission Control Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_srcport, "tcp.srcport", "Source Port", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_dstport, "tcp.dstport", "Destination Port", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_port, "tcp.port", "Source or Destination Port", FT_UINT16, BASE_DEC, FF_HIDDEN, 0, NULL);
F(hf_stream, "tcp.stream", "Stream index", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_completeness, "tcp.completeness", "Conversation completeness", FT_UINT8, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_len, "tcp.len", "TCP Segment Len", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_seq, "tcp.seq", "Sequence Number", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_seq_raw, "tcp.seq_raw", "Sequence Number (raw)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_nxtseq, "tcp.nxtseq", "Next Sequence Number", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_ack, "tcp.ack", "Acknowledgment Number", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_ack_raw, "tcp.ack_raw", "Acknowledgment number (raw)", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_hdr_len, "tcp.hdr_len", "Header Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
/* tcp.flags has no mask here: tshark labels it "Flags: 0x002 (SYN)",
 * without bits; its 12 bits are the value itself. */
F(hf_flags, "tcp.flags", "Flags", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_flags_res, "tcp.flags.res", "Reserved", FT_BOOLEAN, BASE_BOOL_12, 0, 0xe00, flag_set);
F(hf_flags_ae, "tcp.flags.ae", "Accurate ECN", FT_BOOLEAN, BASE_BOOL_12, 0, 0x100, flag_set);
F(hf_flags_cwr, "tcp.flags.cwr", "Congestion Window Reduced", FT_BOOLEAN, BASE_BOOL_12, 0, 0x080, flag_set);
F(hf_flags_ece, "tcp.flags.ece", "ECN-Echo", FT_BOOLEAN, BASE_BOOL_12, 0, 0x040, flag_set);
F(hf_flags_urg, "tcp.flags.urg", "Urgent", FT_BOOLEAN, BASE_BOOL_12, 0, 0x020, flag_set);
F(hf_flags_ack, "tcp.flags.ack", "Acknowledgment", FT_BOOLEAN, BASE_BOOL_12, 0, 0x010, flag_set);
F(hf_flags_push, "tcp.flags.push", "Push", FT_BOOLEAN, BASE_BOOL_12, 0, 0x008, flag_set);
F(hf_flags_reset, "tcp.flags.reset", "Reset", FT_BOOLEAN, BASE_BOOL_12, 0, 0x004, flag_set);
F(hf_flags_syn, "tcp.flags.syn", "Syn", FT_BOOLEAN, BASE_BOOL_12, 0, 0x002, flag_set);
F(hf_flags_fin, "tcp.flags.fin", "Fin", FT_BOOLEAN, BASE_BOOL_12, 0, 0x001, flag_set);
F(hf_flags_str, "tcp.flags.str", "TCP Flags", FT_STRING, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_win_value, "tcp.window_size_value", "Window", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_win, "tcp.window_size", "Calculated window size", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_win_scalefactor, "tcp.window_size_scalefactor", "Window size scaling factor", FT_INT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_checksum, "tcp.checksum", "Checksum", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_checksum_status, "tcp.checksum.status", "Checksum Status", FT_UINT8, BASE_NONE, FF_GENERATED, 0, cksum_status);
F(hf_checksum_calc, "tcp.checksum_calculated", "Calculated Checksum", FT_UINT16, BASE_HEX, FF_GENERATED, 0, NULL);
F(hf_urgent, "tcp.urgent_pointer", "Urgent Pointer", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_options, "tcp.options", "TCP Options", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_kind, "tcp.option_kind", "Kind", FT_UINT8, BASE_DEC, 0, 0, opt_kinds);
F(hf_opt_len, "tcp.option_len", "Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_eol, "tcp.options.eol", "TCP Option - End of Option List (EOL)", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_nop, "tcp.options.nop", "TCP Option - No-Operation (NOP)", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_mss, "tcp.options.mss", "TCP Option - Maximum segment size", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_mss_val, "tcp.options.mss_val", "MSS Value", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_opt_wscale, "tcp.options.wscale", "TCP Option - Window scale", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_wscale_shift, "tcp.options.wscale.shift", "Shift count", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_wscale_mult, "tcp.options.wscale.multiplier", "Multiplier", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_opt_sack_perm, "tcp.options.sack_perm", "TCP Option - SACK permitted", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_sack, "tcp.options.sack", "TCP Option - SACK", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_sack_le, "tcp.options.sack_le", "TCP SACK Left Edge", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_sack_re, "tcp.options.sack_re", "TCP SACK Right Edge", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_sack_count, "tcp.options.sack.count", "TCP SACK Count", FT_UINT8, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_opt_dsack_le, "tcp.options.sack.dsack_le", "TCP D-SACK Left Edge", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_dsack_re, "tcp.options.sack.dsack_re", "TCP D-SACK Right Edge", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_ts, "tcp.options.timestamp", "TCP Option - Timestamps", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_tsval, "tcp.options.timestamp.tsval", "Timestamp value", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_tsecr, "tcp.options.timestamp.tsecr", "Timestamp echo reply", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_tfo, "tcp.options.tfo", "TCP Option - TCP Fast Open", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_tfo_request, "tcp.options.tfo.request", "Fast Open Cookie Request", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_opt_tfo_cookie, "tcp.options.tfo.cookie", "Fast Open Cookie", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_mptcp, "tcp.options.mptcp", "TCP Option - Multipath TCP", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_mptcp_subtype, "tcp.options.mptcp.subtype", "Multipath TCP subtype", FT_UINT8, BASE_DEC, 0, 0xf0, mptcp_subtypes);
F(hf_opt_mptcp_version, "tcp.options.mptcp.version", "Multipath TCP version", FT_UINT8, BASE_DEC, 0, 0x0f, NULL);
F(hf_opt_mptcp_sendkey, "tcp.options.mptcp.sendkey", "Sender's Key", FT_UINT64, BASE_DEC, 0, 0, NULL);
F(hf_opt_mptcp_recvkey, "tcp.options.mptcp.recvkey", "Receiver's Key", FT_UINT64, BASE_DEC, 0, 0, NULL);
F(hf_opt_mptcp_addrid, "tcp.options.mptcp.addrid", "Address ID", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_mptcp_recvtok, "tcp.options.mptcp.recvtok", "Receiver's Token", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_mptcp_sendrand, "tcp.options.mptcp.sendrand", "Sender's Random Number", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_opt_unknown, "tcp.options.unknown", "TCP Option - Unknown", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_unknown_payload, "tcp.options.unknown.payload", "Payload", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_md5, "tcp.options.md5", "TCP Option - TCP MD5 signature", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_md5_digest, "tcp.options.md5.digest", "MD5 digest", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_user_to, "tcp.options.user_to", "TCP Option - User Timeout", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_exp, "tcp.options.experimental", "TCP Option - Experimental", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_exp_data, "tcp.options.experimental.data", "Data", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_time_relative, "tcp.time_relative", "Time since first frame in this TCP stream", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_time_delta, "tcp.time_delta", "Time since previous frame in this TCP stream", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_analysis, "tcp.analysis", "SEQ/ACK analysis", FT_NONE, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_analysis_flags, "tcp.analysis.flags", "TCP Analysis Flags", FT_NONE, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_analysis_dup_ack, "tcp.analysis.duplicate_ack", "Duplicate ACK", FT_NONE, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_analysis_dup_ack_num, "tcp.analysis.duplicate_ack_num", "Duplicate ACK #", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_analysis_dup_ack_frame, "tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_analysis_acks_frame, "tcp.analysis.acks_frame", "This is an ACK to the segment in frame", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_analysis_ack_rtt, "tcp.analysis.ack_rtt", "The RTT to ACK the segment was", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_analysis_initial_rtt, "tcp.analysis.initial_rtt", "iRTT", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_analysis_bif, "tcp.analysis.bytes_in_flight", "Bytes in flight", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_analysis_push_bytes, "tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_payload, "tcp.payload", "TCP payload", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_segment_data, "tcp.segment_data", "TCP segment data", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_reset_cause, "tcp.reset_cause", "Reset cause", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_segments, "tcp.segments", "Reassembled TCP Segments", FT_NONE, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_segment, "tcp.segment", "TCP Segment", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_segment_overlap, "tcp.segment.overlap", "Segment overlap", FT_BOOLEAN, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_segment_count, "tcp.segment.count", "Segment count", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_reassembled_length, "tcp.reassembled.length", "Reassembled TCP length", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_reassembled_data, "tcp.reassembled.data", "Reassembled TCP Data", FT_BYTES, BASE_NONE, FF_GENERATED, 0, NULL);

#define E(v, abbrev, name, group, sev) \
	static struct expert_field v = { { abbrev, name, FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL }, group, sev }

E(ei_retransmission, "tcp.analysis.retransmission", "This frame is a (suspected) retransmission", PI_SEQUENCE, PI_NOTE);
E(ei_fast_retransmission, "tcp.analysis.fast_retransmission", "This frame is a (suspected) fast retransmission", PI_SEQUENCE, PI_NOTE);
E(ei_spurious_retransmission, "tcp.analysis.spurious_retransmission", "This frame is a (suspected) spurious retransmission", PI_SEQUENCE, PI_NOTE);
E(ei_out_of_order, "tcp.analysis.out_of_order", "This frame is a (suspected) out-of-order segment", PI_SEQUENCE, PI_WARN);
E(ei_reused_ports, "tcp.analysis.reused_ports", "A new tcp session is started with the same ports as an earlier session in this trace", PI_SEQUENCE, PI_NOTE);
E(ei_lost_segment, "tcp.analysis.lost_segment", "Previous segment(s) not captured (common at capture start)", PI_SEQUENCE, PI_WARN);
E(ei_ack_lost_segment, "tcp.analysis.ack_lost_segment", "ACKed segment that wasn't captured (common at capture start)", PI_SEQUENCE, PI_WARN);
E(ei_window_update, "tcp.analysis.window_update", "TCP window update", PI_SEQUENCE, PI_CHAT);
E(ei_window_full, "tcp.analysis.window_full", "TCP window specified by the receiver is now completely full", PI_SEQUENCE, PI_WARN);
E(ei_keep_alive, "tcp.analysis.keep_alive", "TCP keep-alive segment", PI_SEQUENCE, PI_NOTE);
E(ei_keep_alive_ack, "tcp.analysis.keep_alive_ack", "ACK to a TCP keep-alive segment", PI_SEQUENCE, PI_NOTE);
E(ei_duplicate_ack, "tcp.analysis.duplicate_ack", "Duplicate ACK", PI_SEQUENCE, PI_NOTE);
E(ei_zero_window_probe, "tcp.analysis.zero_window_probe", "TCP Zero Window Probe", PI_SEQUENCE, PI_NOTE);
E(ei_zero_window, "tcp.analysis.zero_window", "TCP Zero Window segment", PI_SEQUENCE, PI_WARN);
E(ei_zero_window_probe_ack, "tcp.analysis.zero_window_probe_ack", "ACK to a TCP Zero Window Probe", PI_SEQUENCE, PI_NOTE);
E(ei_tfo_syn, "tcp.analysis.tfo_syn", "TCP SYN with TFO Cookie", PI_SEQUENCE, PI_NOTE);
E(ei_tfo_ack, "tcp.analysis.tfo_ack", "TCP SYN-ACK accepting TFO data", PI_SEQUENCE, PI_NOTE);
E(ei_tfo_ignored, "tcp.analysis.tfo_ignored", "TCP SYN-ACK ignoring TFO data", PI_SEQUENCE, PI_NOTE);
E(ei_fin_active, "tcp.connection.fin_active", "This frame initiates the connection closing", PI_SEQUENCE, PI_NOTE);
E(ei_fin_passive, "tcp.connection.fin_passive", "This frame undergoes the connection closing", PI_SEQUENCE, PI_NOTE);
E(ei_conn_syn, "tcp.connection.syn", "Connection establish request (SYN)", PI_SEQUENCE, PI_CHAT);
E(ei_conn_synack, "tcp.connection.synack", "Connection establish acknowledge (SYN+ACK)", PI_SEQUENCE, PI_CHAT);
E(ei_conn_fin, "tcp.connection.fin", "Connection finish (FIN)", PI_SEQUENCE, PI_CHAT);
E(ei_conn_rst, "tcp.connection.rst", "Connection reset (RST)", PI_SEQUENCE, PI_WARN);
E(ei_ack_nonzero, "tcp.ack.nonzero", "The acknowledgment number field is nonzero while the ACK flag is not set", PI_PROTOCOL, PI_NOTE);
E(ei_urgent_nonzero, "tcp.urgent_pointer.non_zero", "The urgent pointer field is nonzero while the URG flag is not set", PI_PROTOCOL, PI_NOTE);
E(ei_short_segment, "tcp.short_segment", "Short segment", PI_MALFORMED, PI_WARN);
E(ei_bogus_hdr_len, "tcp.bogus_header_length", "Bogus TCP Header length", PI_PROTOCOL, PI_ERROR);
E(ei_opt_len_invalid, "tcp.option.len.invalid", "Invalid length for option", PI_PROTOCOL, PI_ERROR);
E(ei_nop, "tcp.nop", "4 NOP in a row - a router may have removed some options", PI_PROTOCOL, PI_WARN);
E(ei_nonzero_after_eol, "tcp.non_zero_bytes_after_eol", "Non zero bytes in option space after EOL option", PI_PROTOCOL, PI_ERROR);
E(ei_wscale_invalid, "tcp.options.wscale.shift.invalid", "Window scale shift exceeds 14", PI_PROTOCOL, PI_WARN);
E(ei_dsack, "tcp.options.sack.dsack", "D-SACK Sequence", PI_SEQUENCE, PI_NOTE);
E(ei_suboption_malformed, "tcp.suboption_malformed", "suboption would go past end of option", PI_MALFORMED, PI_ERROR);
E(ei_checksum_bad, "tcp.checksum_bad.expert", "Bad checksum", PI_CHECKSUM, PI_ERROR);
E(ei_checksum_ffff, "tcp.checksum.ffff", "TCP Checksum 0xffff instead of 0x0000 (see RFC 1624)", PI_CHECKSUM, PI_WARN);

static struct field *const fields[] = {
	&hf_tcp, &hf_srcport, &hf_dstport, &hf_port, &hf_stream,
	&hf_completeness, &hf_len, &hf_seq, &hf_seq_raw, &hf_nxtseq, &hf_ack,
	&hf_ack_raw, &hf_hdr_len, &hf_flags, &hf_flags_res, &hf_flags_ae,
	&hf_flags_cwr, &hf_flags_ece, &hf_flags_urg, &hf_flags_ack,
	&hf_flags_push, &hf_flags_reset, &hf_flags_syn, &hf_flags_fin,
	&hf_flags_str, &hf_win_value, &hf_win, &hf_win_scalefactor,
	&hf_checksum, &hf_checksum_status, &hf_checksum_calc, &hf_urgent, &hf_options,
	&hf_opt_kind, &hf_opt_len, &hf_opt_eol, &hf_opt_nop, &hf_opt_mss,
	&hf_opt_mss_val, &hf_opt_wscale, &hf_opt_wscale_shift,
	&hf_opt_wscale_mult, &hf_opt_sack_perm, &hf_opt_sack, &hf_opt_sack_le,
	&hf_opt_sack_re, &hf_opt_sack_count, &hf_opt_dsack_le,
	&hf_opt_dsack_re, &hf_opt_ts, &hf_opt_tsval, &hf_opt_tsecr,
	&hf_opt_tfo, &hf_opt_tfo_request, &hf_opt_tfo_cookie, &hf_opt_mptcp,
	&hf_opt_mptcp_subtype, &hf_opt_mptcp_version, &hf_opt_mptcp_sendkey,
	&hf_opt_mptcp_recvkey, &hf_opt_mptcp_addrid, &hf_opt_mptcp_recvtok,
	&hf_opt_mptcp_sendrand, &hf_opt_unknown, &hf_opt_unknown_payload,
	&hf_opt_md5, &hf_opt_md5_digest, &hf_opt_user_to, &hf_opt_exp,
	&hf_opt_exp_data, &hf_time_relative, &hf_time_delta,
	&hf_analysis, &hf_analysis_flags, &hf_analysis_dup_ack,
	&hf_analysis_dup_ack_num, &hf_analysis_dup_ack_frame,
	&hf_analysis_acks_frame, &hf_analysis_ack_rtt,
	&hf_analysis_initial_rtt, &hf_analysis_bif, &hf_analysis_push_bytes,
	&hf_payload, &hf_segment_data, &hf_reset_cause, &hf_segments,
	&hf_segment, &hf_segment_overlap, &hf_segment_count,
	&hf_reassembled_length,
	&hf_reassembled_data, NULL,
};

static struct expert_field *const experts[] = {
	&ei_retransmission, &ei_fast_retransmission,
	&ei_spurious_retransmission, &ei_out_of_order, &ei_reused_ports,
	&ei_lost_segment, &ei_ack_lost_segment, &ei_window_update,
	&ei_window_full, &ei_keep_alive, &ei_keep_alive_ack,
	&ei_duplicate_ack, &ei_zero_window_probe, &ei_zero_window,
	&ei_zero_window_probe_ack, &ei_tfo_syn, &ei_tfo_ack, &ei_tfo_ignored,
	&ei_fin_active, &ei_fin_passive, &ei_conn_syn, &ei_conn_synack,
	&ei_conn_fin, &ei_conn_rst, &ei_ack_nonzero, &ei_urgent_nonzero,
	&ei_short_segment, &ei_bogus_hdr_len, &ei_opt_len_invalid, &ei_nop,
	&ei_nonzero_after_eol, &ei_wscale_invalid, &ei_dsack,
	&ei_suboption_malformed, &ei_checksum_bad, &ei_checksum_ffff, NULL,
};

static int tcp_slot = -1;   /* conversation extension slot */
static int tap_tcp, tap_follow;

/* Pool of tcp_conv objects: conversations come and go per packet (a SYN
 * flood creates one per frame), so they are recycled, never freed. */
#define TC_SLAB 256
static struct tcp_conv *tc_free;
static size_t tc_slabs;

static struct tcp_conv *tc_alloc(void)
{
	if (!tc_free) {
		struct tcp_conv *s = xmalloc(TC_SLAB * sizeof(*s));
		tc_slabs++;
		for (int i = 0; i < TC_SLAB; i++) {
			s[i].next_free = tc_free;
			tc_free = &s[i];
		}
	}
	struct tcp_conv *tc = tc_free;
	tc_free = tc->next_free;
	return tc;
}

static void tcp_conv_free(struct conv *c, void *state)
{
	(void)c;
	struct tcp_conv *tc = state;
	tcp_conv_release(tc);
	tc->next_free = tc_free;
	tc_free = tc;
}

size_t tcp_conv_pool_bytes(void)
{
	return tc_slabs * TC_SLAB * sizeof(struct tcp_conv);
}

static void tcp_init(void)
{
	tcp_slot = conv_ext_register("tcp", tcp_conv_free);
	tap_tcp = tap_register("tcp");
	tap_follow = tap_register("tcp_follow");
}

static void tcp_reset(void)
{
	conv_reset();
}

/* "FIN, SYN" ... as tshark's summary shows flags, lowest bit first. */
static size_t flags_str(char *dst, size_t n, uint16_t flags)
{
	static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK",
					     "URG", "ECE", "CWR", "AE" };
	size_t len = 0;
	dst[0] = '\0';
	for (int i = 0; i < 9; i++) {
		if (!(flags & (1u << i)))
			continue;
		len += (size_t)snprintf(dst + len, n - len, "%s%s", len ? ", " : "", names[i]);
	}
	if (flags & TH_RES)
		len += (size_t)snprintf(dst + len, n - len, "%sReserved", len ? ", " : "");
	if (!len)
		len = (size_t)snprintf(dst, n, "<None>");
	return len;
}

/* "·······AP···": one character per flag bit, highest first. */
static size_t flags_letters(char *dst, uint16_t flags)
{
	static const char letters[] = "RRRACEUAPRSF";
	size_t n = 0;
	for (int i = 0; i < 12; i++) {
		if (flags & (0x800u >> i)) {
			dst[n++] = letters[i];
		} else {
			dst[n++] = (char)0xc2; /* U+00B7 MIDDLE DOT */
			dst[n++] = (char)0xb7;
		}
	}
	dst[n] = '\0';
	return n;
}

static const char *completeness_str(uint8_t v)
{
	const uint8_t hs = TCP_COMPLETENESS_SYNSENT | TCP_COMPLETENESS_SYNACK |
			   TCP_COMPLETENESS_ACK;
	if ((v & hs) == hs && (v & (TCP_COMPLETENESS_FIN | TCP_COMPLETENESS_RST)))
		return (v & TCP_COMPLETENESS_DATA) ? "Complete, WITH_DATA" : "Complete, NO_DATA";
	switch (v) {
	case TCP_COMPLETENESS_SYNSENT: return "Incomplete, SYN_SENT";
	case TCP_COMPLETENESS_SYNSENT | TCP_COMPLETENESS_SYNACK: return "Incomplete, CLIENT_ESTABLISHED";
	case TCP_COMPLETENESS_SYNSENT | TCP_COMPLETENESS_SYNACK | TCP_COMPLETENESS_ACK: return "Incomplete, ESTABLISHED";
	case TCP_COMPLETENESS_SYNSENT | TCP_COMPLETENESS_SYNACK | TCP_COMPLETENESS_ACK | TCP_COMPLETENESS_DATA: return "Incomplete, DATA";
	default: return "Incomplete";
	}
}

/* Per-packet state shared by the helpers below. */
struct tcp_ctx {
	struct packet *pk;
	struct bv *bv;
	struct tcp_info *ti;
	struct tcp_conv *tc;
	struct tcp_flow *fwd, *rev;
	char *optnames;           /* "Maximum segment size, SACK permitted":
	                             OPTNAMES_MAX bytes, filled only when
	                             labels are made (not zeroed per packet) */
	size_t optnames_len;
	bool cksum_bad;           /* verified and wrong: no desegmentation */
};
#define OPTNAMES_MAX 256

/* tcp.check_checksum (tshark's default: FALSE). */
static bool check_checksum;

/* The checksum item, its status and calculated value in tshark's layout,
 * and the Info mark. `data` is the IP layer's info (ip.h); the
 * pseudo-header length is the segment's reported length. */
static void tcp_checksum(struct tcp_ctx *x, const void *data)
{
	struct packet *pk = x->pk;
	struct bv *bv = x->bv;
	uint16_t ck = x->ti->checksum;
	struct item *it = pk_add_uint(pk, &hf_checksum, bv, 16, 2, ck);
	int32_t sum = check_checksum ?
		ip_transport_sum(pk, data, IPPROTO_TCP_, bv, bv->rlen) : -1;
	if (sum < 0) {
		lbl_text(pk, it, "Checksum: 0x%04x [unverified]", ck);
		pk_add_uint(pk, &hf_checksum_status, bv, 16, 0, CKSUM_UNVERIFIED);
		return;
	}
	if (sum == 0xffff && ck == 0xffff) {
		/* Right in one's-complement arithmetic, but a sender computes
		 * 0x0000 (RFC 1624 section 3): tshark warns, status "Bad",
		 * and still desegments. */
		lbl_text(pk, it, "Checksum: 0xffff [should be 0x0000 (see RFC 1624)]");
		pk_push(pk);
		pk_add_uint(pk, &hf_checksum_calc, bv, 16, 2, 0);
		pk_add_uint(pk, &hf_checksum_status, bv, 16, 0, CKSUM_BAD);
		pk_push(pk);
		ip_cksum_expert(pk, &ei_checksum_ffff, "TCP", bv, 16, 0, -1);
		pk_pop(pk);
		pk_pop(pk);
		col_info_append(pk, " [TCP CHECKSUM 0xFFFF]");
		return;
	}
	uint16_t calc = ip_cksum_shouldbe(ck, (uint16_t)sum);
	bool good = sum == 0xffff;
	if (good) {
		lbl_text(pk, it, "Checksum: 0x%04x [correct]", ck);
	} else {
		lbl_text(pk, it, "Checksum: 0x%04x incorrect, should be 0x%04x(maybe caused by \"TCP checksum offload\"?)",
			 ck, calc);
		pk_push(pk);
		ip_cksum_expert(pk, &ei_checksum_bad, "TCP", bv, 16, 2, calc);
		pk_pop(pk);
		col_info_append(pk, " [TCP CHECKSUM INCORRECT]");
		x->cksum_bad = true;
	}
	pk_add_uint(pk, &hf_checksum_status, bv, 16, 0, good ? CKSUM_GOOD : CKSUM_BAD);
	pk_add_uint(pk, &hf_checksum_calc, bv, 16, 2, calc);
}

/* Appends s to the Options label (only the -V label uses it). */
static void opt_name(struct tcp_ctx *x, const char *s)
{
	if (!pk_labels(x->pk))
		return;
	size_t n = strlen(s);
	if (x->optnames_len + n + 3 >= OPTNAMES_MAX)
		return;
	if (x->optnames_len) {
		memcpy(x->optnames + x->optnames_len, ", ", 2);
		x->optnames_len += 2;
	}
	memcpy(x->optnames + x->optnames_len, s, n + 1);
	x->optnames_len += n;
}

static void opt_kind_len(struct tcp_ctx *x, uint32_t off, uint8_t kind,
			 uint8_t len, bool has_len)
{
	pk_add_uint(x->pk, &hf_opt_kind, x->bv, off, 1, kind);
	if (has_len)
		pk_add_uint(x->pk, &hf_opt_len, x->bv, off + 1, 1, len);
}

/* opt: the option's item, labelled "TCP Option - SACK 1-2 3-4" (the
 * blocks' relative edges, as tshark appends them). */
static void opt_sack(struct tcp_ctx *x, uint32_t off, uint8_t len,
		     struct item *opt)
{
	struct packet *pk = x->pk;
	struct bv *bv = x->bv;
	struct tcp_info *ti = x->ti;
	uint32_t base = 0;
	/* SACK edges acknowledge the peer's data: relative to its base. */
	if (x->rev && tcp_prefs.relative_seq && tcp_prefs.analyze_seq)
		base = x->rev->base_seq;
	uint32_t n = 0;
	uint32_t o = off + 2;
	bool labels = opt && pk_labels(pk);
	char lab[32 + 4 * 24];
	size_t ll = 0;
	if (labels)
		ll = (size_t)snprintf(lab, sizeof(lab), "TCP Option - SACK");
	const char *rel = base ? " (relative)" : "";
	while (o + 8 <= off + len) {
		uint32_t le = bv_be32(bv, o), re = bv_be32(bv, o + 4);
		uint32_t rle = le - base, rre = re - base;
		bool dsack = n == 0 && (ti->flags & TH_ACK) &&
			     (int32_t)(re - ti->ack_raw) <= 0;
		if (dsack) {
			pk_add_uint(pk, &hf_opt_dsack_le, bv, o, 4, rle);
			pk_add_uint(pk, &hf_opt_dsack_re, bv, o + 4, 4, rre);
			pk_expert(pk, &ei_dsack, "TCP", bv, o, 8, NULL);
		}
		struct item *it = pk_add_uint(pk, &hf_opt_sack_le, bv, o, 4, rle);
		lbl_text(pk, it, "left edge = %u%s", rle, rel);
		it = pk_add_uint(pk, &hf_opt_sack_re, bv, o + 4, 4, rre);
		lbl_text(pk, it, "right edge = %u%s", rre, rel);
		if (labels && ll < sizeof(lab))
			ll += (size_t)snprintf(lab + ll, sizeof(lab) - ll,
					       " %u-%u", rle, rre);
		col_info_append(pk, " SLE=%u SRE=%u", rle, rre);
		if (ti->nsack < TCP_MAX_SACK) {
			ti->sack_le[ti->nsack] = le;
			ti->sack_re[ti->nsack] = re;
			ti->nsack++;
		}
		n++;
		/* Bytes-in-flight bookkeeping keeps blocks 1..3 (as tshark). */
		if (x->fwd && n < TCP_MAX_SACK) {
			x->fwd->num_sack_ranges = (uint8_t)n;
			x->fwd->sack_le[n] = rle;
			x->fwd->sack_re[n] = rre;
		}
		o += 8;
	}
	pk_add_uint(pk, &hf_opt_sack_count, bv, off, 0, n);
	if (labels)
		lbl_text(pk, opt, "%s", lab);
}

static void opt_mptcp(struct tcp_ctx *x, uint32_t off, uint8_t len)
{
	struct packet *pk = x->pk;
	struct bv *bv = x->bv;
	if (len < 3)
		return;
	uint8_t st = bv_u8(bv, off + 2);
	pk_add_bits(pk, &hf_opt_mptcp_subtype, bv, off + 2, 1, st);
	switch (st >> 4) {
	case 0: /* MP_CAPABLE */
		pk_add_bits(pk, &hf_opt_mptcp_version, bv, off + 2, 1, st);
		if (len >= 12)
			pk_add_uint(pk, &hf_opt_mptcp_sendkey, bv, off + 4, 8, bv_be64(bv, off + 4));
		if (len >= 20)
			pk_add_uint(pk, &hf_opt_mptcp_recvkey, bv, off + 12, 8, bv_be64(bv, off + 12));
		break;
	case 1: /* MP_JOIN */
		if (len >= 4)
			pk_add_uint(pk, &hf_opt_mptcp_addrid, bv, off + 3, 1, bv_u8(bv, off + 3));
		if (len == 12) {
			pk_add_uint(pk, &hf_opt_mptcp_recvtok, bv, off + 4, 4, bv_be32(bv, off + 4));
			pk_add_uint(pk, &hf_opt_mptcp_sendrand, bv, off + 8, 4, bv_be32(bv, off + 8));
		}
		break;
	default:
		break;
	}
}

/* Options (RFC 9293 3.2): kind, length, value. Appends to the Info column
 * exactly what tshark appends (MSS=, WS=, SACK_PERM, TSval= TSecr=, SLE=
 * SRE=, TFO=). */
static void dissect_options(struct tcp_ctx *x, uint32_t start, uint32_t end)
{
	struct packet *pk = x->pk;
	struct bv *bv = x->bv;
	struct tcp_info *ti = x->ti;
	uint32_t off = start;
	int nops = 0;
	while (off < end) {
		if (!bv_has(bv, off, 1))
			return;
		uint8_t kind = bv_u8(bv, off);
		struct item *it;
		if (kind == 0) {
			it = pk_add_view(pk, &hf_opt_eol, bv, off, 1);
			lbl_text(pk, it, "TCP Option - End of Option List (EOL)");
			opt_name(x, "End of Option List (EOL)");
			pk_push(pk);
			opt_kind_len(x, off, kind, 0, false);
			pk_pop(pk);
			/* tshark shows padding zeros as further EOLs; other
			 * bytes after an EOL are reported and not parsed. */
			for (uint32_t o = off + 1; o < end; o++) {
				if (bv_has(bv, o, 1) && bv_u8(bv, o)) {
					pk_expert(pk, &ei_nonzero_after_eol, "TCP", bv, off + 1, end - off - 1, NULL);
					return;
				}
			}
			off++;
			continue;
		}
		if (kind == 1) {
			it = pk_add_view(pk, &hf_opt_nop, bv, off, 1);
			lbl_text(pk, it, "TCP Option - No-Operation (NOP)");
			opt_name(x, "No-Operation (NOP)");
			pk_push(pk);
			opt_kind_len(x, off, kind, 0, false);
			pk_pop(pk);
			/* tshark counts NOPs "in a row within a uint32": a
			 * NOP on a 4-byte boundary after others restarts the
			 * count at 0 (and is not counted); other options do
			 * not reset it. So MSS, SACK_PERM, 14 NOPs raises
			 * nothing, 4 NOPs from an aligned start do. */
			if (nops == 0 || off % 4) {
				if (++nops == 4)
					pk_expert(pk, &ei_nop, "TCP", bv, off, 1, NULL);
			} else {
				nops = 0;
			}
			off++;
			continue;
		}
		if (!bv_has(bv, off + 1, 1))
			return;
		uint8_t len = bv_u8(bv, off + 1);
		if (len < 2 || off + len > end) {
			pk_expert(pk, &ei_opt_len_invalid, "TCP", bv, off, 2,
				  "option length %u %s", len, len < 2 ? "shorter than 2" : "goes past end of options");
			return;
		}
		switch (kind) {
		case 2: /* MSS */
			if (len != 4)
				goto invalid;
			ti->mss = bv_be16(bv, off + 2);
			it = pk_add_view(pk, &hf_opt_mss, bv, off, len);
			lbl_text(pk, it, "TCP Option - Maximum segment size: %u bytes", ti->mss);
			opt_name(x, "Maximum segment size");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			pk_add_uint(pk, &hf_opt_mss_val, bv, off + 2, 2, ti->mss);
			pk_pop(pk);
			col_info_append(pk, " MSS=%u", ti->mss);
			break;
		case 3: { /* window scale */
			if (len != 3)
				goto invalid;
			uint8_t shift = bv_u8(bv, off + 2);
			it = pk_add_view(pk, &hf_opt_wscale, bv, off, len);
			opt_name(x, "Window scale");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			pk_add_uint(pk, &hf_opt_wscale_shift, bv, off + 2, 1, shift);
			if (shift > 14) {
				/* RFC 7323 2.3: larger shifts are used as 14 */
				pk_expert(pk, &ei_wscale_invalid, "TCP", bv, off + 2, 1, NULL);
				shift = 14;
			}
			uint32_t mult = 1u << shift;
			pk_add_uint(pk, &hf_opt_wscale_mult, bv, off + 2, 1, mult);
			pk_pop(pk);
			lbl_text(pk, it, "TCP Option - Window scale: %u (multiply by %u)", shift, mult);
			col_info_append(pk, " WS=%u", mult);
			ti->wscale = (int8_t)shift;
			if (x->fwd)
				x->fwd->win_scale = (int8_t)shift;
			break;
		}
		case 4: /* SACK permitted */
			if (len != 2)
				goto invalid;
			ti->sack_perm = true;
			it = pk_add_view(pk, &hf_opt_sack_perm, bv, off, len);
			lbl_text(pk, it, "TCP Option - SACK permitted");
			opt_name(x, "SACK permitted");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			pk_pop(pk);
			col_info_append(pk, " SACK_PERM");
			break;
		case 5: /* SACK */
			if (len < 10 || (len - 2) % 8)
				goto invalid;
			it = pk_add_view(pk, &hf_opt_sack, bv, off, len);
			lbl_text(pk, it, "TCP Option - SACK");
			opt_name(x, "SACK");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			opt_sack(x, off, len, it);
			pk_pop(pk);
			break;
		case 8: /* timestamps */
			if (len != 10)
				goto invalid;
			ti->has_ts = true;
			ti->tsval = bv_be32(bv, off + 2);
			ti->tsecr = bv_be32(bv, off + 6);
			it = pk_add_view(pk, &hf_opt_ts, bv, off, len);
			lbl_text(pk, it, "TCP Option - Timestamps: TSval %u, TSecr %u", ti->tsval, ti->tsecr);
			opt_name(x, "Timestamps");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			pk_add_uint(pk, &hf_opt_tsval, bv, off + 2, 4, ti->tsval);
			pk_add_uint(pk, &hf_opt_tsecr, bv, off + 6, 4, ti->tsecr);
			pk_pop(pk);
			col_info_append(pk, " TSval=%u TSecr=%u", ti->tsval, ti->tsecr);
			break;
		case 19: /* MD5 */
			it = pk_add_view(pk, &hf_opt_md5, bv, off, len);
			lbl_text(pk, it, "TCP Option - TCP MD5 signature");
			opt_name(x, "TCP MD5 signature");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			if (len > 2)
				pk_add_view(pk, &hf_opt_md5_digest, bv, off + 2, len - 2u);
			pk_pop(pk);
			break;
		case 28: /* user timeout */
			it = pk_add_view(pk, &hf_opt_user_to, bv, off, len);
			lbl_text(pk, it, "TCP Option - User Timeout");
			opt_name(x, "User Timeout");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			pk_pop(pk);
			break;
		case 30: /* MPTCP */
			it = pk_add_view(pk, &hf_opt_mptcp, bv, off, len);
			lbl_text(pk, it, "TCP Option - Multipath TCP");
			opt_name(x, "Multipath TCP");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			opt_mptcp(x, off, len);
			pk_pop(pk);
			break;
		case 34: /* TCP Fast Open (RFC 7413) */
			it = pk_add_view(pk, &hf_opt_tfo, bv, off, len);
			opt_name(x, "TCP Fast Open");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			if (len == 2) {
				pk_add_none(pk, &hf_opt_tfo_request, bv, off, 2);
				col_info_append(pk, " TFO=R");
				lbl_text(pk, it, "TCP Option - TCP Fast Open: Fast Open Cookie Request");
			} else {
				pk_add_view(pk, &hf_opt_tfo_cookie, bv, off + 2, len - 2u);
				col_info_append(pk, " TFO=C");
				lbl_text(pk, it, "TCP Option - TCP Fast Open: Fast Open Cookie");
				if ((ti->flags & (TH_SYN | TH_ACK)) == TH_SYN)
					pk_expert(pk, &ei_tfo_syn, "TCP", bv, off + 2, len - 2u, NULL);
			}
			pk_pop(pk);
			break;
		case 253: case 254: /* RFC 3692 experiments */
			it = pk_add_view(pk, &hf_opt_exp, bv, off, len);
			lbl_text(pk, it, "TCP Option - Experimental");
			opt_name(x, "Experimental");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			if (len > 2)
				pk_add_view(pk, &hf_opt_exp_data, bv, off + 2, len - 2u);
			pk_pop(pk);
			break;
		default:
			it = pk_add_view(pk, &hf_opt_unknown, bv, off, len);
			lbl_text(pk, it, "TCP Option - Unknown (%u bytes)", len);
			opt_name(x, "Unknown");
			pk_push(pk);
			opt_kind_len(x, off, kind, len, true);
			if (len > 2)
				pk_add_view(pk, &hf_opt_unknown_payload, bv, off + 2, len - 2u);
			pk_pop(pk);
			break;
		}
		off += len;
		continue;
invalid:
		pk_expert(pk, &ei_opt_len_invalid, "TCP", bv, off, len,
			  "option length should be %s", kind == 2 ? "4" : kind == 3 ? "3" :
			  kind == 4 ? "2" : kind == 8 ? "10" : "2 + 8*n");
		off += len;
	}
}

/* The SEQ/ACK analysis subtree, its expert infos and the Info prefixes, in
 * tshark's order (each prefix goes in front, so the last one printed
 * comes first). */
static void print_analysis(struct tcp_ctx *x, const struct tcp_ares *a)
{
	struct packet *pk = x->pk;
	struct bv *bv = x->bv;
	struct item *it = pk_add_none(pk, &hf_analysis, bv, 0, 0);
	pk_push(pk);
	if (a->frame_acked) {
		pk_add_uint(pk, &hf_analysis_acks_frame, bv, 0, 0, a->frame_acked);
		if (a->ack_rtt)
			pk_add_time(pk, &hf_analysis_ack_rtt, bv, 0, 0, a->ack_rtt);
	}
	if (x->tc->ts_first_rtt)
		pk_add_time(pk, &hf_analysis_initial_rtt, bv, 0, 0, x->tc->ts_first_rtt);
	if (a->bytes_in_flight && tcp_prefs.track_bif) {
		pk_add_uint(pk, &hf_analysis_bif, bv, 0, 0, a->bytes_in_flight);
		pk_add_uint(pk, &hf_analysis_push_bytes, bv, 0, 0, a->push_bytes_sent);
	}
	uint32_t f = a->flags;
	if (f) {
		pk_add_none(pk, &hf_analysis_flags, bv, 0, 0);
		pk_push(pk);
		if (f & TCP_A_REUSED_PORTS) {
			pk_expert(pk, &ei_reused_ports, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Port numbers reused] ");
		}
		if (f & TCP_A_RETRANSMISSION) {
			pk_expert(pk, &ei_retransmission, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Retransmission] ");
		}
		if (f & TCP_A_FAST_RETRANSMISSION) {
			pk_expert(pk, &ei_fast_retransmission, "TCP", bv, 0, 0, NULL);
			pk_expert(pk, &ei_retransmission, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Fast Retransmission] ");
		}
		if (f & TCP_A_SPURIOUS_RETRANSMISSION) {
			pk_expert(pk, &ei_spurious_retransmission, "TCP", bv, 0, 0, NULL);
			pk_expert(pk, &ei_retransmission, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Spurious Retransmission] ");
		}
		if (f & TCP_A_OUT_OF_ORDER) {
			pk_expert(pk, &ei_out_of_order, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Out-Of-Order] ");
		}
		if (f & TCP_A_LOST_PACKET) {
			pk_expert(pk, &ei_lost_segment, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Previous segment not captured] ");
		}
		if (f & TCP_A_ACK_LOST_PACKET) {
			pk_expert(pk, &ei_ack_lost_segment, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP ACKed unseen segment] ");
		}
		if (f & TCP_A_WINDOW_UPDATE) {
			pk_expert(pk, &ei_window_update, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Window Update] ");
		}
		if (f & TCP_A_WINDOW_FULL) {
			pk_expert(pk, &ei_window_full, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Window Full] ");
		}
		if (f & TCP_A_KEEP_ALIVE) {
			pk_expert(pk, &ei_keep_alive, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Keep-Alive] ");
		}
		if (f & TCP_A_KEEP_ALIVE_ACK) {
			pk_expert(pk, &ei_keep_alive_ack, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP Keep-Alive ACK] ");
		}
		if (a->dupack_num) {
			if (f & TCP_A_DUPLICATE_ACK) {
				it = pk_add_none(pk, &hf_analysis_dup_ack, bv, 0, 0);
				lbl_text(pk, it, "[This is a TCP duplicate ack]");
				if (pk->cols) {
					char s[64];
					snprintf(s, sizeof(s), "[TCP Dup ACK %u#%u] ",
						 a->dupack_frame, a->dupack_num);
					col_info_prepend_fence(pk, s);
				}
			}
			/* tshark: "Duplicate ACK #" and "Duplicate to the ACK
			 * in frame" under [SEQ/ACK analysis], the expert info
			 * under the latter. */
			pk_pop(pk);
			pk_add_uint(pk, &hf_analysis_dup_ack_num, bv, 0, 0, a->dupack_num);
			pk_add_uint(pk, &hf_analysis_dup_ack_frame, bv, 0, 0, a->dupack_frame);
			pk_push(pk);
			pk_expert(pk, &ei_duplicate_ack, "TCP", bv, 0, 0,
				  "Duplicate ACK (#%u)", a->dupack_num);
			pk_pop(pk);
			pk_push(pk);
		}
		if (f & TCP_A_ZERO_WINDOW_PROBE) {
			pk_expert(pk, &ei_zero_window_probe, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP ZeroWindowProbe] ");
		}
		if (f & TCP_A_ZERO_WINDOW) {
			pk_expert(pk, &ei_zero_window, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP ZeroWindow] ");
		}
		if (f & TCP_A_ZERO_WINDOW_PROBE_ACK) {
			pk_expert(pk, &ei_zero_window_probe_ack, "TCP", bv, 0, 0, NULL);
			col_info_prepend_fence(pk, "[TCP ZeroWindowProbeAck] ");
		}
		pk_pop(pk);
	}
	pk_pop(pk);
}

/* True inside the packet an ICMP/ICMPv6 error quotes (icmp_quote.h sets
 * pk->in_error around every quote, as Wireshark's in_error_pkt). */
static bool quoted_in_icmp(const struct packet *pk)
{
	return pk->in_error;
}

/* True when this TCP header is quoted by ICMP directly over IPv4 (layers
 * ...:icmp:ip:tcp): tshark then shows the raw sequence number right after
 * the ports, since an RFC 792 quote may hold only 8 bytes of TCP. */
static bool icmp_ip_quote(const struct packet *pk)
{
	unsigned n = pk->nlayers;
	return n >= 3 && strcmp(pk->layers[n - 2], "ip") == 0 &&
	       strcmp(pk->layers[n - 3], "icmp") == 0;
}

/* Finds (or creates) the conversation and applies tshark's port-reuse
 * rules; returns the TCP state and sets *dir and the reuse flag in *a. */
static struct tcp_conv *get_conv(struct packet *pk, struct tcp_info *ti,
				 struct conv **cp, int *dir, bool *is_new,
				 struct tcp_ares *a)
{
	struct conv_key k;
	if (!conv_key_from_packet(&k, pk, IPPROTO_TCP_, ti->srcport, ti->dstport))
		return NULL;
	bool created = false;
	struct conv *c = conv_find_or_create(&k, pk, dir, &created);
	struct tcp_conv *tc = c->ext[tcp_slot];
	if (!tc) {
		tc = tc_alloc();
		tcp_conv_init(tc, c->index, pk->ts);
		c->ext[tcp_slot] = tc;
		/* announced by an application dissector: not new (tshark
		 * found the conversation FTP had created) */
		created = created && !conv_take_expected(&k);
	}
	struct tcp_flow *fwd = &tc->flow[*dir];
	uint16_t sa = ti->flags & (TH_SYN | TH_ACK);
	if (sa == TH_SYN && (fwd->static_flags & TCP_S_BASE_SEQ_SET)) {
		if (ti->seq_raw != fwd->base_seq) {
			/* A SYN with a new ISN on a known 4-tuple: a new
			 * connection reusing the ports. */
			c = conv_new(&k, pk);
			tc = tc_alloc();
			tcp_conv_init(tc, c->index, pk->ts);
			c->ext[tcp_slot] = tc;
			*dir = 0;
			a->exists = true;
			a->flags |= TCP_A_REUSED_PORTS;
			tc->completeness = TCP_COMPLETENESS_SYNSENT;
			created = false;
		} else {
			/* Same ISN: a SYN retransmission; undo a RST that
			 * carried the acknowledged sequence number. */
			fwd->nextseq = fwd->maxseqtobeacked;
		}
	} else if (sa == (TH_SYN | TH_ACK) && (fwd->static_flags & TCP_S_BASE_SEQ_SET) &&
		   ti->seq_raw != fwd->base_seq) {
		fwd->base_seq = ti->seq_raw;
		a->exists = true;
		a->flags |= TCP_A_REUSED_PORTS;
	}
	*cp = c;
	*is_new = created;
	return tc;
}

/* Desegmentation and hand-off of the payload (see tcp.h). */
static void dispatch_payload(struct tcp_ctx *x, struct conv *c, int dir,
			     struct bv *pl, const struct tcp_ares *a);

static int dissect_tcp(struct packet *pk, struct bv *bv, void *data)
{
	struct item *top = pk_layer_begin(pk, "tcp", &hf_tcp, bv, 0, bv->len < 20 ? bv->len : 20);
	col_set_proto(pk, "TCP");
	uint16_t sport = bv_be16(bv, 0), dport = bv_be16(bv, 2);
	col_info_printf(pk, "%u \xe2\x86\x92 %u", sport, dport);
	pk->srcport = sport;
	pk->dstport = dport;
	if (!bv_has(bv, 0, 20)) {
		if (bv_has(bv, 0, 4)) {
			pk_add_uint(pk, &hf_srcport, bv, 0, 2, sport);
			pk_add_uint(pk, &hf_dstport, bv, 2, 2, dport);
			pk_add_uint(pk, &hf_port, bv, 0, 2, sport);
			pk_add_uint(pk, &hf_port, bv, 2, 2, dport);
			lbl_text(pk, top, "Transmission Control Protocol, Src Port: %u, Dst Port: %u",
				     sport, dport);
			if (icmp_ip_quote(pk) && bv_has(bv, 4, 4))
				pk_add_uint(pk, &hf_seq, bv, 4, 4, bv_be32(bv, 4));
		}
		pk_layer_end(pk);
		/* tshark swallows bounds errors inside an ICMP error (the
		 * RFC 792 quote ends after the sequence number): no mark */
		if (!quoted_in_icmp(pk))
			pk_truncated(pk, "TCP", bv);
		return (int)bv->len;
	}

	struct tcp_info *ti = arena_alloc(&pk->arena, sizeof(*ti));
	ti->srcport = sport;
	ti->dstport = dport;
	ti->seq_raw = ti->seq = bv_be32(bv, 4);
	ti->ack_raw = ti->ack = bv_be32(bv, 8);
	uint8_t offx = bv_u8(bv, 12);
	ti->flags = bv_be16(bv, 12) & TH_MASK;
	ti->win_raw = bv_be16(bv, 14);
	ti->win = ti->win_raw;
	ti->hdr_len = (uint8_t)((offx >> 4) * 4);
	ti->checksum = bv_be16(bv, 16);
	ti->urgent = bv_be16(bv, 18);
	ti->wscale = -1;
	pk->tcp = ti;

	pk_add_uint(pk, &hf_srcport, bv, 0, 2, sport);
	pk_add_uint(pk, &hf_dstport, bv, 2, 2, dport);
	pk_add_uint(pk, &hf_port, bv, 0, 2, sport);
	pk_add_uint(pk, &hf_port, bv, 2, 2, dport);
	bool icmp_ip = icmp_ip_quote(pk);
	if (icmp_ip)
		pk_add_uint(pk, &hf_seq, bv, 4, 4, ti->seq_raw);

	struct tcp_ares a;
	memset(&a, 0, sizeof(a));
	struct conv *c = NULL;
	int dir = 0;
	bool is_new = false;
	struct tcp_conv *tc = get_conv(pk, ti, &c, &dir, &is_new, &a);
	char optnames[OPTNAMES_MAX];
	optnames[0] = '\0';
	struct tcp_ctx x = { pk, bv, ti, tc, NULL, NULL, optnames, 0, false };
	if (tc) {
		x.fwd = &tc->flow[dir];
		x.rev = &tc->flow[!dir];
		pk->conv = c;
		ti->conv = c;
		ti->dir = dir;
		ti->stream = tc->stream;
		ti->completeness = tc->completeness;
		pk_add_uint(pk, &hf_stream, bv, 0, 0, tc->stream);
		struct item *it = pk_add_uint(pk, &hf_completeness, bv, 0, 0, tc->completeness);
		lbl_text(pk, it, "[Conversation completeness: %s (%u)]",
			     completeness_str(tc->completeness), tc->completeness);
		x.fwd->num_sack_ranges = 0;
		if (tcp_prefs.calculate_ts) {
			ti->time_delta = pk->ts - tc->ts_prev;
			tc->ts_prev = pk->ts;
			ti->time_relative = pk->ts - tc->ts_first;
		}
	}

	/* Segment length from the reported (IP payload) length. */
	uint32_t reported = bv->rlen;
	uint32_t nxtseq = 0;
	bool frag = pk->ip4 && (((const struct ip4_info *)pk->ip4)->flags & 1);
	bool in_error = quoted_in_icmp(pk);
	if (in_error || frag) {
		/* A quoted header (ICMP error) or the first fragment of a
		 * datagram: the segment length is unknown, so no analysis,
		 * relative numbers or window scaling (as tshark). */
	} else if (reported < ti->hdr_len) {
		pk_expert(pk, &ei_short_segment, "TCP", bv, 0, 0,
			  "Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or someone else deliberately sending unusual packets)");
	} else {
		ti->seglen = reported - ti->hdr_len;
		ti->have_seglen = true;
		pk_add_uint(pk, &hf_len, bv, 12, 1, ti->seglen);
		if (tcp_prefs.analyze_seq && tc) {
			tcp_analyze_seq(tc, dir, ti->seq_raw, ti->ack_raw, ti->seglen,
					ti->flags, ti->win_raw, (uint32_t)pk->num, pk->ts, &a);
			if (tcp_prefs.relative_seq) {
				ti->seq -= x.fwd->base_seq;
				if (ti->flags & TH_ACK)
					ti->ack -= x.rev->base_seq;
			}
		}
		if (!(ti->flags & TH_SYN) && tc && x.fwd->win_scale >= 0)
			ti->win = (uint32_t)ti->win_raw << x.fwd->win_scale;
		nxtseq = ti->seq + ti->seglen;
	}

	if (pk->cols) {
		char fs[64];
		flags_str(fs, sizeof(fs), ti->flags);
		col_info_append(pk, " [%s] Seq=%u", fs, ti->seq);
		if (ti->flags & TH_ACK)
			col_info_append(pk, " Ack=%u", ti->ack);
		col_info_append(pk, " Win=%u", ti->win);
	}
	bool relative = tcp_prefs.relative_seq && tcp_prefs.analyze_seq && tc;
	struct item *it;
	if (!icmp_ip) {
		it = pk_add_uint(pk, &hf_seq, bv, 4, 4, ti->seq);
		if (relative)
			lbl_text(pk, it, "Sequence Number: %u    (relative sequence number)", ti->seq);
		it = pk_add_uint(pk, &hf_seq_raw, bv, 4, 4, ti->seq_raw);
		if (it && !relative)
			it->flags |= FF_HIDDEN;
	}

	if (ti->hdr_len < 20) {
		lbl_text(pk, top, "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u",
			     sport, dport, ti->seq);
		col_info_append(pk, ", bogus TCP header length (%u, must be at least %u)",
				ti->hdr_len, 20);
		it = pk_add_uint(pk, &hf_hdr_len, bv, 12, 1, ti->hdr_len);
		lbl_text(pk, it, "Header Length: %u bytes (%u)", ti->hdr_len, ti->hdr_len >> 2);
		pk_expert(pk, &ei_bogus_hdr_len, "TCP", bv, 12, 1,
			  "Bogus TCP header length (%u, must be at least %u)", ti->hdr_len, 20);
		pk_layer_end(pk);
		return (int)bv->len;
	}

	/* Conversation completeness (shown before this segment's update). */
	if (tc) {
		uint8_t cc = 0;
		uint16_t sa = ti->flags & (TH_SYN | TH_ACK);
		if (is_new) {
			if (sa == TH_SYN) {
				cc |= TCP_COMPLETENESS_SYNSENT;
				if (ti->seglen > 0)
					cc |= TCP_COMPLETENESS_DATA;
			}
		} else {
			cc = tc->completeness;
			if (sa == (TH_SYN | TH_ACK))
				cc |= TCP_COMPLETENESS_SYNACK;
			if (sa == TH_ACK)
				cc |= ti->seglen > 0 ? TCP_COMPLETENESS_DATA : TCP_COMPLETENESS_ACK;
			if ((ti->flags & (TH_FIN | TH_ACK)) == (TH_FIN | TH_ACK))
				cc |= TCP_COMPLETENESS_FIN;
			if (ti->flags & TH_RST)
				cc |= TCP_COMPLETENESS_RST;
		}
		tc->completeness = cc;
	}

	if ((ti->flags & TH_ACK) && ti->have_seglen)
		lbl_text(pk, top, "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u, Ack: %u, Len: %u",
			 sport, dport, ti->seq, ti->ack, ti->seglen);
	else if (ti->flags & TH_ACK)
		lbl_text(pk, top, "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u, Ack: %u",
			 sport, dport, ti->seq, ti->ack);
	else if (ti->have_seglen)
		lbl_text(pk, top, "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u, Len: %u",
			 sport, dport, ti->seq, ti->seglen);
	else
		lbl_text(pk, top, "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u",
			 sport, dport, ti->seq);
	pk_item_set_len(top, ti->hdr_len);
	if (ti->have_seglen) {
		ti->nxtseq = (ti->flags & (TH_SYN | TH_FIN)) ? nxtseq + 1 : nxtseq;
		it = pk_add_uint(pk, &hf_nxtseq, bv, 0, 0, ti->nxtseq);
		if (relative)
			lbl_text(pk, it, "[Next Sequence Number: %u    (relative sequence number)]", ti->nxtseq);
	}
	it = pk_add_uint(pk, &hf_ack, bv, 8, 4, ti->ack);
	struct item *ar = pk_add_uint(pk, &hf_ack_raw, bv, 8, 4, ti->ack_raw);
	if (ti->flags & TH_ACK) {
		if (relative)
			lbl_text(pk, it, "Acknowledgment Number: %u    (relative ack number)", ti->ack);
		else if (ar)
			ar->flags |= FF_HIDDEN;
	} else if (ti->ack_raw != 0) {
		pk_expert(pk, &ei_ack_nonzero, "TCP", bv, 8, 4, NULL);
	}

	it = pk_add_uint(pk, &hf_hdr_len, bv, 12, 1, ti->hdr_len);
	lbl_text(pk, it, "%u%u%u%u .... = Header Length: %u bytes (%u)",
		     (offx >> 7) & 1, (offx >> 6) & 1, (offx >> 5) & 1, (offx >> 4) & 1,
		     ti->hdr_len, ti->hdr_len >> 2);
	char fs[64];
	if (pk_labels(pk))
		flags_str(fs, sizeof(fs), ti->flags);
	it = pk_add_bits(pk, &hf_flags, bv, 12, 2, ti->flags);
	lbl_text(pk, it, "Flags: 0x%03x (%s)", ti->flags, fs);
	pk_push(pk);
	static struct field *const fbits[] = {
		&hf_flags_res, &hf_flags_ae, &hf_flags_cwr, &hf_flags_ece,
		&hf_flags_urg, &hf_flags_ack, &hf_flags_push, &hf_flags_reset,
		&hf_flags_syn, &hf_flags_fin,
	};
	for (size_t i = 0; i < sizeof(fbits) / sizeof(fbits[0]); i++) {
		struct field *f = fbits[i];
		/* "...0 .... .... = Name: Not set" comes from the mask. */
		pk_add_bits(pk, f, bv, i < 2 ? 12 : 13, 1, ti->flags);
		if (f == &hf_flags_syn && (ti->flags & TH_SYN)) {
			pk_push(pk);
			if (ti->flags & TH_ACK) {
				pk_expert(pk, &ei_conn_synack, "TCP", bv, 13, 1,
					  "Connection establish acknowledge (SYN+ACK): server port %u", sport);
				if (tc)
					tc->server_port = sport;
			} else {
				pk_expert(pk, &ei_conn_syn, "TCP", bv, 13, 1,
					  "Connection establish request (SYN): server port %u", dport);
				if (tc) {
					tc->server_port = dport;
					tc->ts_mru_syn = pk->ts;
				}
			}
			if (tc)
				x.fwd->is_first_ack = true;
			pk_pop(pk);
		}
		if (f == &hf_flags_fin && (ti->flags & TH_FIN)) {
			pk_push(pk);
			pk_expert(pk, &ei_conn_fin, "TCP", bv, 13, 1, NULL);
			pk_pop(pk);
		}
		if (f == &hf_flags_reset && (ti->flags & TH_RST)) {
			pk_push(pk);
			pk_expert(pk, &ei_conn_rst, "TCP", bv, 13, 1, NULL);
			pk_pop(pk);
		}
	}
	if (pk_wants(pk, &hf_flags_str)) {
		char *s = arena_alloc(&pk->arena, 32);
		size_t n = flags_letters(s, ti->flags);
		pk_add_bytes(pk, &hf_flags_str, bv, 12, 2, (const uint8_t *)s, (uint32_t)n);
	}
	if ((ti->flags & TH_FIN) && tc) {
		/* The first FIN of a connection initiates the close; tshark
		 * shows this under [TCP Flags: ...]. */
		pk_push(pk);
		if (!x.rev->closing_initiator) {
			x.fwd->closing_initiator = true;
			pk_expert(pk, &ei_fin_active, "TCP", bv, 12, 2, NULL);
		} else {
			pk_expert(pk, &ei_fin_passive, "TCP", bv, 12, 2, NULL);
		}
		pk_pop(pk);
	}
	pk_pop(pk);

	pk_add_uint(pk, &hf_win_value, bv, 14, 2, ti->win_raw);
	pk_add_uint(pk, &hf_win, bv, 14, 2, ti->win);
	if (!(ti->flags & TH_SYN) && tc) {
		int ws = x.fwd->win_scale;
		ti->win_scalefactor = ws >= 0 ? (1 << ws) : ws;
		it = pk_add_int(pk, &hf_win_scalefactor, bv, 14, 2, ti->win_scalefactor);
		if (ws == -1)
			lbl_text(pk, it, "[Window size scaling factor: -1 (unknown)]");
		else if (ws == -2)
			lbl_text(pk, it, "[Window size scaling factor: -2 (no window scaling used)]");
	}

	/* iRTT: the first pure ACK after a SYN ends the handshake. */
	if (tc && tcp_prefs.analyze_seq && (ti->flags & (TH_SYN | TH_ACK)) == TH_ACK &&
	    tc->ts_mru_syn && !tc->ts_first_rtt)
		tc->ts_first_rtt = pk->ts - tc->ts_mru_syn;
	if (tc && tcp_prefs.analyze_seq && (ti->flags & (TH_SYN | TH_ACK)) == TH_ACK)
		x.fwd->is_first_ack = false;

	tcp_checksum(&x, data);

	it = pk_add_uint(pk, &hf_urgent, bv, 18, 2, ti->urgent);
	if (ti->flags & TH_URG)
		col_info_append(pk, " Urg=%u", ti->urgent);
	else if (ti->urgent)
		pk_expert(pk, &ei_urgent_nonzero, "TCP", bv, 18, 2, NULL);
	if (ti->have_seglen)
		col_info_append(pk, " Len=%u", ti->seglen);

	struct item *opts = NULL;
	uint32_t optlen = ti->hdr_len - 20u;
	if (optlen) {
		/* Options are children of the options item, which tshark puts
		 * before the timestamps. */
		uint32_t capt = bv_remaining(bv, 20);
		opts = pk_add_view(pk, &hf_options, bv, 20, capt < optlen ? capt : optlen);
		pk_push(pk);
		dissect_options(&x, 20, ti->hdr_len);
		pk_pop(pk);
		if (opts && pk_labels(pk))
			lbl_text(pk, opts, "Options: (%u bytes), %s", optlen, x.optnames);
	}
	if (tc && tcp_prefs.calculate_ts) {
		pk_add_text(pk, bv, 0, 0, "[Timestamps]");
		pk_push(pk);
		pk_add_time(pk, &hf_time_relative, bv, 0, 0, ti->time_relative);
		pk_add_time(pk, &hf_time_delta, bv, 0, 0, ti->time_delta);
		pk_pop(pk);
	}

	if (tc && tcp_prefs.analyze_seq) {
		ti->aflags = a.flags;
		ti->dupack_num = a.dupack_num;
		ti->dupack_frame = a.dupack_frame;
		ti->acks_frame = a.frame_acked;
		ti->ack_rtt = a.ack_rtt;
		ti->initial_rtt = tc->ts_first_rtt;
		ti->bytes_in_flight = a.bytes_in_flight;
		ti->push_bytes_sent = a.push_bytes_sent;
		ti->has_analysis = a.exists;
		if (a.exists)
			print_analysis(&x, &a);
	}

	/* Window scaling is known once both SYNs were seen: a SYN without
	 * the option (or a SYN/ACK without it) means no scaling either way. */
	if (tc && (ti->flags & TH_SYN)) {
		if (x.fwd->win_scale == -1) {
			x.fwd->win_scale = -2;
			x.rev->win_scale = -2;
		} else if ((ti->flags & TH_ACK) && x.rev->win_scale == -2) {
			x.fwd->win_scale = -2;
		}
	}
	if (tc) {
		if (ti->flags & TH_RST)
			conv_set_state(c, CONV_CLOSED);
		else if ((tc->completeness & TCP_COMPLETENESS_FIN) &&
			 x.fwd->closing_initiator != x.rev->closing_initiator &&
			 (ti->flags & TH_FIN) && !x.fwd->closing_initiator)
			conv_set_state(c, CONV_CLOSED);
		else if ((ti->flags & (TH_SYN | TH_ACK)) == TH_SYN)
			conv_set_state(c, c->state == CONV_CLOSED ? CONV_CLOSED : CONV_EMBRYONIC);
		else if (c->state == CONV_EMBRYONIC)
			conv_set_state(c, CONV_OPEN);
	}

	uint32_t hl = ti->hdr_len;
	struct bv pl = bv_sub(bv, hl, ti->have_seglen ? ti->seglen : bv_reported_remaining(bv, hl));
	ti->payload = pl.p;
	ti->payload_caplen = pl.len;

	if (tap_has_listener(tap_tcp)) {
		struct transport_tap_info *tt = arena_alloc(&pk->arena, sizeof(*tt));
		tt->src = pk->net_src;
		tt->dst = pk->net_dst;
		tt->sport = sport;
		tt->dport = dport;
		tt->stream = ti->stream;
		tt->info = ti;
		tap_queue(tap_tcp, pk, tt);
	}
	if (ti->have_seglen && tap_has_listener(tap_follow)) {
		struct follow_tap_info *fo = arena_alloc(&pk->arena, sizeof(*fo));
		fo->src = pk->net_src;
		fo->dst = pk->net_dst;
		fo->sport = sport;
		fo->dport = dport;
		fo->stream = ti->stream;
		fo->seq = ti->seq_raw;
		fo->flags = (uint8_t)ti->flags;
		fo->data = pl.p;
		fo->len = pl.len;
		tap_queue(tap_follow, pk, fo);
	}
	pk_layer_end(pk);

	if (pl.len == 0)
		return (int)bv->len;
	if (ti->flags & TH_RST) {
		/* RFC 1122 4.2.2.12: data on a RST is a reason text. */
		pk_push(pk);
		pk_add_view(pk, &hf_reset_cause, &pl, 0, pl.len);
		pk_pop(pk);
		return (int)bv->len;
	}
	dispatch_payload(&x, c, dir, &pl, &a);
	return (int)bv->len;
}

/* Calls the application dissectors as tshark's decode_tcp_ports() does:
 * the server port learnt from the SYN (or SYN/ACK) first, then the lower
 * port, the higher port and the heuristics (dissect_ports). Returns true
 * when one took the payload. */
static bool call_app(struct packet *pk, const struct tcp_info *ti,
		     struct bv *v, struct tcp_pdu_ctx *pc)
{
	const struct conv *c = pc->conv;
	const struct tcp_conv *tc = c && tcp_slot >= 0 ? c->ext[tcp_slot] : NULL;
	if (tc && tc->server_port &&
	    dissect_table(pk, DT_TCP_PORT, tc->server_port, v, pc) >= 0)
		return true;
	return dissect_ports(pk, DT_TCP_PORT, ti->srcport, ti->dstport, v, pc) >= 0;
}

/* Tree mode: moves the items added since `from` to index `pos` (< from),
 * for items tshark shows under TCP that tapir only knows once the payload's
 * dissector has returned. Only the tree's order changes. */
static void tree_move(struct packet *pk, uint32_t pos, uint32_t from)
{
	if (!pk->tree || pos >= from || from >= pk->nitems)
		return;
	uint32_t n = pk->nitems - from, m = from - pos;
	struct item *tmp = arena_alloc(&pk->arena, n * sizeof(*tmp));
	memcpy(tmp, pk->items + from, n * sizeof(*tmp));
	memmove(pk->items + pos + n, pk->items + pos, m * sizeof(*tmp));
	memcpy(pk->items + pos, tmp, n * sizeof(*tmp));
}

/* tshark's "[N Reassembled TCP Segments (L bytes): #f(n), ...]": a
 * top-level node after TCP's tree, for a PDU built from several segments
 * and handed on. io,phs counts it as a layer "tcp.segments" after the
 * application's (not in frame.protocols). pos: where the node goes in the
 * tree (before the application's items). */
static void segments_tree(struct packet *pk, const struct reasm_pdu *m,
			  const uint8_t *pdu, uint32_t pdu_len, uint32_t pos)
{
	pk_add_tree_layer(pk, "tcp.segments");
	if (!pk_wants(pk, &hf_segments) && !pk_wants(pk, &hf_segment) &&
	    !pk_wants(pk, &hf_segment_overlap) &&
	    !pk_wants(pk, &hf_segment_count) &&
	    !pk_wants(pk, &hf_reassembled_length) &&
	    !pk_wants(pk, &hf_reassembled_data))
		return;
	uint32_t at = pk->nitems;
	uint16_t d = pk->depth;
	pk->depth = 0;
	struct item *it = pk_add_none(pk, &hf_segments, NULL, 0, 0);
	if (it && pk_labels(pk)) {
		/* Wireshark cuts labels at 239 bytes (ITEM_LABEL_LENGTH) */
		char lb[512];
		int n = snprintf(lb, sizeof(lb),
				 "%u Reassembled TCP Segments (%u bytes): ",
				 m->nfrags, pdu_len);
		for (uint32_t i = 0; i < m->nfrags && n < 239; i++)
			n += snprintf(lb + n, sizeof(lb) - (size_t)n, "%s#%llu(%u)",
				      i ? ", " : "",
				      (unsigned long long)m->frags[i].frame,
				      m->frags[i].len);
		if (n > 239)
			n = 239;
		it->text = arena_strndup(&pk->arena, lb, (size_t)n);
	}
	pk_push(pk);
	for (uint32_t i = 0; i < m->nfrags; i++) {
		const struct reasm_frag *f = &m->frags[i];
		struct item *s = pk_add_uint(pk, &hf_segment, NULL, 0, 0, f->frame);
		lbl_text(pk, s, "Frame: %llu, payload: %u-%u (%u byte%s)",
			 (unsigned long long)f->frame, f->off,
			 f->off + f->len - (f->len ? 1 : 0), f->len,
			 f->len == 1 ? "" : "s");
		if (f->overlap) {
			pk_push(pk);
			pk_add_uint(pk, &hf_segment_overlap, NULL, 0, 0, 1);
			pk_pop(pk);
		}
	}
	pk_add_uint(pk, &hf_segment_count, NULL, 0, 0, m->nfrags);
	pk_add_uint(pk, &hf_reassembled_length, NULL, 0, 0, pdu_len);
	pk_add_bytes(pk, &hf_reassembled_data, NULL, 0, 0, pdu, pdu_len);
	pk_pop(pk);
	pk->depth = d;
	tree_move(pk, pos, at);
}

static void segment_data(struct packet *pk, struct bv *v, const char *what)
{
	pk_push(pk);
	struct item *it = pk_add_view(pk, &hf_segment_data, v, 0, v->len);
	lbl_text(pk, it, "%sTCP segment data (%u byte%s)", what, v->rlen,
		     v->rlen == 1 ? "" : "s");
	pk_pop(pk);
}

/* A segment that only adds to an incomplete PDU: tshark keeps what the
 * application wrote in the Info column, appends this mark and shows
 * Protocol TCP. */
static void mark_segment(struct packet *pk)
{
	col_set_proto(pk, "TCP");
	col_info_append_sep(pk, " ", "[TCP segment of a reassembled PDU]");
}

/* Starts a PDU after the dissector asked for more: bytes [off, n) of the
 * view (whose first byte has sequence number seq) are its beginning. */
static void start_pdu(struct reasm_pdu *m, const struct tcp_pdu_ctx *pc,
		      const uint8_t *p, uint32_t n, uint32_t seq,
		      uint64_t frame)
{
	uint32_t off = pc->desegment_offset < n ? pc->desegment_offset : n;
	uint32_t start = seq + off, end = seq + n;
	bool entire = pc->desegment_len == TCP_DESEGMENT_ONE_MORE;
	uint32_t nxtpdu = entire ? end + 1 : end + pc->desegment_len;
	if (reasm_pdu_start(m, start, nxtpdu, entire, frame) && n > off)
		reasm_pdu_add(m, 0, p + off, n - off, true, frame);
}

/* Desegmentation the way tshark's desegment_tcp() does it (first pass,
 * out-of-order reassembly off, its default): one multi-segment PDU per
 * direction covers [seq, nxtpdu); a segment inside it is added; a complete
 * PDU is handed to the dissector again; anything else starts a new PDU. */
static void dispatch_payload(struct tcp_ctx *x, struct conv *c, int dir,
			     struct bv *pl, const struct tcp_ares *a)
{
	struct packet *pk = x->pk;
	struct tcp_info *ti = x->ti;
	struct item *it;
	pk_push(pk);
	it = pk_add_view(pk, &hf_payload, pl, 0, pl->len);
	lbl_text(pk, it, "TCP payload (%u byte%s)", pl->rlen, pl->rlen == 1 ? "" : "s");
	pk_pop(pk);

	struct tcp_pdu_ctx pc;
	memset(&pc, 0, sizeof(pc));
	pc.tcp = ti;
	pc.conv = c;
	pc.dir = dir;
	pc.first_frame = pk->num;
	pc.seq = ti->seq_raw + ((ti->flags & TH_SYN) ? 1 : 0);

	/* Desegmentation needs the whole segment (not cut by the snap length),
	 * a known length and a conversation; otherwise the payload goes to the
	 * dissectors as it is. */
	bool can_deseg = tcp_prefs.desegment && x->tc && c && ti->have_seglen &&
			 pl->len == pl->rlen && !quoted_in_icmp(pk) &&
			 !x->cksum_bad;
	if (!can_deseg) {
		if (!call_app(pk, ti, pl, &pc))
			dissect_data(pk, pl);
		return;
	}
	struct tcp_flow *fwd = x->fwd;
	if (!fwd->deseg) {
		fwd->deseg = xmalloc(sizeof(*fwd->deseg));
		memset(fwd->deseg, 0, sizeof(*fwd->deseg));
		for (int k = 0; k < TCP_MSP_HISTORY; k++)
			reasm_pdu_init(&fwd->deseg->pdu[k], 0);
	}
	struct tcp_deseg *ds = fwd->deseg;
	uint32_t seq = pc.seq;
	uint32_t nxtseq = seq + pl->len;

	/* The PDU for this segment, as tshark looks it up: one starting
	 * exactly at seq, else the one with the greatest start before seq. */
	struct reasm_pdu *m = NULL;
	for (int k = 0; k < TCP_MSP_HISTORY; k++) {
		struct reasm_pdu *p = &ds->pdu[k];
		if (!p->active)
			continue;
		if (p->seq == seq) {
			m = p;
			break;
		}
		if ((int32_t)(p->seq - seq) < 0 &&
		    (!m || (int32_t)(p->seq - m->seq) > 0))
			m = p;
	}
	/* The first segment of a PDU seen again: a retransmission (the PDU
	 * is not handed on twice). */
	if (m && m->seq == seq && (int32_t)(nxtseq - m->nxtpdu) <= 0 &&
	    m->last_frame != pk->num) {
		segment_data(pk, pl, "Retransmitted ");
		return;
	}
	if (a->flags & TCP_A_SPURIOUS_RETRANSMISSION)
		return;
	if (a->flags & TCP_A_RETRANSMISSION) {
		segment_data(pk, pl, "Retransmitted ");
		return;
	}

	uint32_t off = 0;
	bool first_pdu = true;
	while (off < pl->len) {
		struct bv v = bv_tail(pl, off);
		uint32_t s0 = seq + off;
		pc.desegment_offset = pc.desegment_len = 0;
		pc.reassembled = false;
		pc.first_frame = pk->num;
		pc.seq = s0;
		if (m && m->active && m->done && (int32_t)(s0 - m->seq) >= 0 &&
		    (int32_t)(m->nxtpdu - s0) > 0) {
			/* inside a PDU already handed on */
			segment_data(pk, &v, "");
			return;
		}
		if (m && m->active && !m->done && (int32_t)(s0 - m->seq) >= 0 &&
		    (int32_t)(m->nxtpdu - s0) > 0) {
			/* continues the current PDU */
			uint32_t len = m->entire ? v.len : (m->nxtpdu - s0 < v.len ? m->nxtpdu - s0 : v.len);
			if (m->entire) {
				m->entire = false;
				if ((int32_t)(m->nxtpdu - nxtseq) < 0)
					m->nxtpdu = nxtseq;
			}
			bool more = (int32_t)(s0 + len - m->nxtpdu) < 0;
			if (!reasm_pdu_add(m, s0 - m->seq, v.p, len, more, pk->num)) {
				segment_data(pk, &v, "");
				return;
			}
			if (!reasm_pdu_complete(m)) {
				struct bv sv = bv_sub(&v, 0, len);
				segment_data(pk, &sv, "");
				if (first_pdu)
					mark_segment(pk);
				off += len;
				first_pdu = false;
				continue;
			}
			/* complete: hand the reassembled PDU on. Its buffer
			 * goes to the packet arena afterwards, so items the
			 * dissector records stay valid until the next packet
			 * whatever becomes of the stream (see tcp.h). */
			uint8_t *pdu = m->buf;
			uint32_t pdu_len = m->tot;
			struct bv rv = bv_make(pdu, pdu_len, pdu_len);
			pc.reassembled = true;
			pc.first_frame = m->first_frame;
			pc.seq = m->seq;
			/* tshark lists the completing bytes as segment data of
			 * this frame too, before the reassembled PDU. */
			struct bv cv = bv_sub(&v, 0, len);
			segment_data(pk, &cv, "");
			uint32_t app_at = pk->nitems;
			bool took = call_app(pk, ti, &rv, &pc);
			m->done = true;
			bool same_pdu = took && pc.desegment_len &&
					pc.desegment_offset == 0;
			if (!took)
				dissect_data(pk, &rv);
			/* a PDU the application still extends is not shown as
			 * reassembled yet */
			if (!same_pdu && m->nfrags > 1)
				segments_tree(pk, m, pdu, pdu_len, app_at);
			arena_adopt(&pk->arena, reasm_pdu_take_bytes(m, same_pdu));
			if (took && pc.desegment_len) {
				if (pc.desegment_offset == 0) {
					/* the same PDU needs still more */
					m->done = false;
					m->tot = 0;
					if (pc.desegment_len == TCP_DESEGMENT_ONE_MORE) {
						m->entire = true;
						m->nxtpdu = s0 + len + 1;
					} else {
						m->nxtpdu = s0 + len + pc.desegment_len;
					}
					mark_segment(pk);
				} else {
					/* a new PDU begins inside the reassembled
					 * bytes (still valid: the arena has them) */
					uint32_t rest = pdu_len - pc.desegment_offset;
					struct tcp_pdu_ctx p2 = pc;
					p2.desegment_offset = 0;
					start_pdu(m, &p2, pdu + pc.desegment_offset, rest,
						  m->seq + pc.desegment_offset, pk->num);
				}
			}
			/* A PDU handed on is only looked up by its sequence
			 * range from now on; its bytes are not needed. */
			if (m->done)
				reasm_pdu_drop_bytes(m);
			off += len;
			first_pdu = false;
			continue;
		}
		/* a new PDU starts here; tshark 4.0 hands no out-of-order
		 * segment to an application dissector (its preference
		 * tcp.no_subdissector_on_error, TRUE by default): the
		 * payload stays "TCP payload" only */
		if (a->flags & TCP_A_OUT_OF_ORDER)
			return;
		uint32_t before_app = pk->nitems;
		bool took = call_app(pk, ti, &v, &pc);
		if (!took) {
			dissect_data(pk, &v);
			return;
		}
		if (pc.desegment_len) {
			struct reasm_pdu *n = &ds->pdu[ds->next];
			ds->next = (uint8_t)((ds->next + 1) % TCP_MSP_HISTORY);
			start_pdu(n, &pc, v.p, v.len, s0, pk->num);
			/* tshark shows the bytes kept for the PDU as segment
			 * data of this frame, in the TCP tree (before what the
			 * application dissected of the segment). */
			if (pc.desegment_offset < v.len) {
				struct bv sv = bv_tail(&v, pc.desegment_offset);
				uint32_t at = pk->nitems;
				segment_data(pk, &sv, "");
				tree_move(pk, before_app, at);
			}
			if (pc.desegment_offset == 0)
				mark_segment(pk);
		}
		return;
	}
}

static const struct handoff handoffs[] = {
	{ DT_IP_PROTO, IPPROTO_TCP_ },
	{ DT_NONE, 0 },
};

/* tshark's names for the same settings (-o tcp.NAME:TRUE|FALSE). */
static const struct pref prefs[] = {
	{ "analyze_sequence_numbers", PREF_BOOL, &tcp_prefs.analyze_seq,
	  "Analyze TCP sequence numbers (tcp.analysis.*)" },
	{ "relative_sequence_numbers", PREF_BOOL, &tcp_prefs.relative_seq,
	  "Relative sequence numbers" },
	{ "calculate_timestamps", PREF_BOOL, &tcp_prefs.calculate_ts,
	  "Calculate conversation timestamps (tcp.time_relative, tcp.time_delta)" },
	{ "desegment_tcp_streams", PREF_BOOL, &tcp_prefs.desegment,
	  "Allow subdissectors to reassemble TCP streams" },
	{ "track_bytes_in_flight", PREF_BOOL, &tcp_prefs.track_bif,
	  "Track number of bytes in flight" },
	{ "check_checksum", PREF_BOOL, &check_checksum,
	  "Validate the TCP checksum; a wrong one stops desegmentation (tcp.checksum.status, tcp.checksum_calculated)" },
	{ NULL, PREF_BOOL, NULL, NULL },
};

const struct dissector dissector_tcp = {
	.prefs = prefs,
	.name = "tcp",
	.long_name = "Transmission Control Protocol",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_tcp,
	.init = tcp_init,
	.reset = tcp_reset,
};
