/* trees_dns.c — -z dns,tree: the "DNS" statistics tree of Wireshark 4.0's
 * packet-dns.c, fed by the "dns" tap (struct dns_tap_info, one per DNS
 * message; mDNS and LLMNR are not counted, as in tshark). Every message counts under Total Packets (by
 * reply code, opcode, query/response, type and class of its first
 * question) and in Payload size; a query adds its first name's length and
 * label count, a response its record counts and, when its request was
 * seen, the response time (or an unsolicited / retransmission tick). */
#include "stats_tree.h"
#include "../dissect/dns.h"

#include <stdio.h>

static const char st_str_packets[] = "Total Packets";
static const char st_str_qr[] = "Query/Response";
static const char st_str_qtypes[] = "Query Type";
static const char st_str_qclasses[] = "Class";
static const char st_str_rcodes[] = "rcode";
static const char st_str_opcodes[] = "opcodes";
static const char st_str_size[] = "Payload size";
static const char st_str_query_stats[] = "Query Stats";
static const char st_str_qname_len[] = "Qname Len";
static const char st_str_domains[] = "Label Stats";
static const char st_str_l1[] = "1st Level";
static const char st_str_l2[] = "2nd Level";
static const char st_str_l3[] = "3rd Level";
static const char st_str_lmore[] = "4th Level or more";
static const char st_str_response_stats[] = "Response Stats";
static const char st_str_nquestions[] = "no. of questions";
static const char st_str_nanswers[] = "no. of answers";
static const char st_str_nauthorities[] = "no. of authorities";
static const char st_str_nadditionals[] = "no. of additionals";
static const char st_str_service_stats[] = "Service Stats";
static const char st_str_unsolicited[] = "no. of unsolicited responses";
static const char st_str_retransmission[] = "no. of retransmissions";
static const char st_str_rrt[] = "request-response time (msec)";

/* Node ids are the same in every instance (created in the same order). */
static int node_packets, node_qr, node_qtypes, node_qclasses, node_rcodes,
	node_opcodes, node_query_stats, node_domains, node_response_stats,
	node_service_stats;

/* The tree of tshark 4.0, nodes in its creation order (which decides the
 * order of equal counts in the output). */
static void dns_init(struct stats_tree *st)
{
	node_packets = st_create_node(st, st_str_packets, 0, ST_DT_INT, true);
	node_qr = st_create_pivot(st, st_str_qr, node_packets);
	node_qtypes = st_create_pivot(st, st_str_qtypes, node_packets);
	node_qclasses = st_create_pivot(st, st_str_qclasses, node_packets);
	node_rcodes = st_create_pivot(st, st_str_rcodes, node_packets);
	node_opcodes = st_create_pivot(st, st_str_opcodes, node_packets);
	st_create_node(st, st_str_size, 0, ST_DT_INT, false);
	node_query_stats = st_create_node(st, st_str_query_stats, 0, ST_DT_INT, true);
	st_create_node(st, st_str_qname_len, node_query_stats, ST_DT_INT, false);
	node_domains = st_create_node(st, st_str_domains, node_query_stats, ST_DT_INT, true);
	st_create_node(st, st_str_l1, node_domains, ST_DT_INT, false);
	st_create_node(st, st_str_l2, node_domains, ST_DT_INT, false);
	st_create_node(st, st_str_l3, node_domains, ST_DT_INT, false);
	st_create_node(st, st_str_lmore, node_domains, ST_DT_INT, false);
	node_response_stats = st_create_node(st, st_str_response_stats, 0, ST_DT_INT, true);
	st_create_node(st, st_str_nquestions, node_response_stats, ST_DT_INT, false);
	st_create_node(st, st_str_nanswers, node_response_stats, ST_DT_INT, false);
	st_create_node(st, st_str_nauthorities, node_response_stats, ST_DT_INT, false);
	st_create_node(st, st_str_nadditionals, node_response_stats, ST_DT_INT, false);
	node_service_stats = st_create_node(st, st_str_service_stats, 0, ST_DT_INT, true);
	st_create_node(st, st_str_unsolicited, node_service_stats, ST_DT_INT, false);
	st_create_node(st, st_str_retransmission, node_service_stats, ST_DT_INT, false);
	st_create_node(st, st_str_rrt, node_service_stats, ST_DT_FLOAT, false);
}

/* A value's name, or Wireshark's "Unknown <what> (N)". */
static const char *name_of(const struct tok *t, uint32_t v, const char *what,
			   char *buf, size_t n)
{
	const char *s = tok_find(t, v);
	if (s)
		return s;
	snprintf(buf, n, "Unknown %s (%u)", what, v);
	return buf;
}

static bool dns_packet(struct stats_tree *st, struct packet *pk,
		       const void *data)
{
	const struct dns_tap_info *v = data;
	char b[64];
	st_tick_node(st, st_str_packets, 0, false);
	st_tick_pivot(st, node_qr, v->response ? "Response" : "Query");
	st_tick_pivot(st, node_qtypes,
		      name_of(dns_type_desc, v->qtype, "packet type", b, sizeof(b)));
	st_tick_pivot(st, node_qclasses,
		      name_of(dns_class_vals, v->qclass, "class", b, sizeof(b)));
	st_tick_pivot(st, node_rcodes,
		      name_of(dns_rcode_vals, v->rcode, "rcode", b, sizeof(b)));
	st_tick_pivot(st, node_opcodes,
		      name_of(dns_opcode_vals, v->opcode, "opcode", b, sizeof(b)));
	st_avg_node(st, st_str_size, 0, false, (int)v->payload_size, true);
	if (!v->response) {
		st_avg_node(st, st_str_qname_len, node_query_stats, false,
			    (int)v->qname_len, true);
		const char *lv = v->qname_labels == 1 ? st_str_l1
			       : v->qname_labels == 2 ? st_str_l2
			       : v->qname_labels == 3 ? st_str_l3 : st_str_lmore;
		st_tick_node(st, lv, node_domains, false);
		return true;
	}
	/* tshark adds each of these values twice per response: the counts
	 * are twice the responses, the averages are those of the values */
	static const char *const rs[4] = {
		st_str_nquestions, st_str_nanswers, st_str_nauthorities,
		st_str_nadditionals,
	};
	const int rv[4] = { v->nquestions, v->nanswers, v->nauthorities,
			    v->nadditionals };
	for (int i = 0; i < 4; i++) {
		st_avg_node(st, rs[i], node_response_stats, false, rv[i], true);
		st_avg_node(st, rs[i], node_response_stats, false, rv[i], true);
	}
	if (v->unsolicited)
		st_tick_node(st, st_str_unsolicited, node_service_stats, false);
	else if (v->retransmission)
		st_tick_node(st, st_str_retransmission, node_service_stats, false);
	else if (v->have_rrt)
		st_avg_node_float(st, st_str_rrt, node_service_stats, false,
				  (float)((double)v->rrt_ns / 1e6), true);
	return true;
}

const struct stats_tree_cfg st_dns = {
	.tap = "dns", .abbr = "dns", .name = "DNS",
	.packet = dns_packet, .init = dns_init,
};
