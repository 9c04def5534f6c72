/* trees_http.c — HTTP statistics trees of Wireshark's packet-http.c:
 * -z http,tree (HTTP/Packet Counter), -z http_req,tree (HTTP/Requests),
 * -z http_srv,tree (HTTP/Load Distribution). They listen to the "http" tap
 * (struct http_tap_info, one per message). */
#include "stats_tree.h"
#include "../dissect/http.h"

#include <stdio.h>
#include <string.h>

static const char st_str_packets[] = "Total HTTP Packets";
static const char st_str_requests[] = "HTTP Request Packets";
static const char st_str_responses[] = "HTTP Response Packets";
static const char st_str_resp_broken[] = "???: broken";
static const char st_str_resp_100[] = "1xx: Informational";
static const char st_str_resp_200[] = "2xx: Success";
static const char st_str_resp_300[] = "3xx: Redirection";
static const char st_str_resp_400[] = "4xx: Client Error";
static const char st_str_resp_500[] = "5xx: Server Error";
static const char st_str_other[] = "Other HTTP Packets";

/* Node ids are the same in every instance (created in the same order). */
static int node_packets, node_requests, node_responses, node_grp[6];

static void http_init(struct stats_tree *st)
{
	node_packets = st_create_node(st, st_str_packets, 0, ST_DT_INT, true);
	node_requests = st_create_pivot(st, st_str_requests, node_packets);
	node_responses = st_create_node(st, st_str_responses, node_packets, ST_DT_INT, true);
	node_grp[0] = st_create_node(st, st_str_resp_broken, node_responses, ST_DT_INT, true);
	node_grp[1] = st_create_node(st, st_str_resp_100, node_responses, ST_DT_INT, true);
	node_grp[2] = st_create_node(st, st_str_resp_200, node_responses, ST_DT_INT, true);
	node_grp[3] = st_create_node(st, st_str_resp_300, node_responses, ST_DT_INT, true);
	node_grp[4] = st_create_node(st, st_str_resp_400, node_responses, ST_DT_INT, true);
	node_grp[5] = st_create_node(st, st_str_resp_500, node_responses, ST_DT_INT, true);
	st_create_node(st, st_str_other, node_packets, ST_DT_INT, false);
}

static bool http_packet(struct stats_tree *st, struct packet *pk,
			const void *data)
{
	static const char *const grp_str[6] = {
		st_str_resp_broken, st_str_resp_100, st_str_resp_200,
		st_str_resp_300, st_str_resp_400, st_str_resp_500,
	};
	const struct http_tap_info *v = data;
	unsigned i = v->response_code;
	st_tick_node(st, st_str_packets, 0, false);
	if (i) {
		st_tick_node(st, st_str_responses, node_packets, false);
		int g = (i < 100 || i >= 600) ? 0 : (int)(i / 100);
		st_tick_node(st, grp_str[g], node_responses, false);
		char str[96];
		if (v->response_desc)
			snprintf(str, sizeof(str), "%u %s", i, v->response_desc);
		else
			snprintf(str, sizeof(str), "%u Unknown (%u)", i, i);
		st_tick_node(st, str, node_grp[g], false);
	} else if (v->request_method) {
		/* tshark's HTTP dissector records SSDP's "M-SEARCH" as
		 * "SEARCH" (it matches the method from its third byte). */
		const char *meth = v->request_method;
		if (strcmp(meth, "M-SEARCH") == 0)
			meth += 2;
		st_tick_pivot(st, node_requests, meth);
	} else {
		st_tick_node(st, st_str_other, node_packets, false);
	}
	return true;
}

const struct stats_tree_cfg st_http = {
	.tap = "http", .abbr = "http", .name = "HTTP/Packet Counter",
	.packet = http_packet, .init = http_init,
};

/* ---- HTTP/Requests ---- */

static const char st_str_by_host[] = "HTTP Requests by HTTP Host";
static int node_by_host;

static void http_req_init(struct stats_tree *st)
{
	node_by_host = st_create_node(st, st_str_by_host, 0, ST_DT_INT, true);
}

static bool http_req_packet(struct stats_tree *st, struct packet *pk,
			    const void *data)
{
	const struct http_tap_info *v = data;
	if (!v->request_method)
		return false;
	st_tick_node(st, st_str_by_host, 0, false);
	if (v->http_host) {
		int h = st_tick_node(st, v->http_host, node_by_host, true);
		if (v->request_uri)
			st_tick_node(st, v->request_uri, h, true);
	}
	return true;
}

const struct stats_tree_cfg st_http_req = {
	.tap = "http", .abbr = "http_req", .name = "HTTP/Requests",
	.packet = http_req_packet, .init = http_req_init,
};

/* ---- HTTP/Load Distribution ---- */

static const char st_str_reqs[] = "HTTP Requests by Server";
static const char st_str_reqs_by_addr[] = "HTTP Requests by Server Address";
static const char st_str_resps_by_addr[] = "HTTP Responses by Server Address";
static int node_reqs, node_reqs_by_addr, node_reqs_by_host, node_resps_by_addr;

static void http_srv_init(struct stats_tree *st)
{
	node_reqs = st_create_node(st, st_str_reqs, 0, ST_DT_INT, true);
	node_reqs_by_addr = st_create_node(st, st_str_reqs_by_addr, node_reqs, ST_DT_INT, true);
	node_reqs_by_host = st_create_node(st, st_str_by_host, node_reqs, ST_DT_INT, true);
	node_resps_by_addr = st_create_node(st, st_str_resps_by_addr, 0, ST_DT_INT, true);
}

static bool http_srv_packet(struct stats_tree *st, struct packet *pk,
			    const void *data)
{
	const struct http_tap_info *v = data;
	char ip[64];
	if (v->request_method) {
		if (pk->net_dst.type == AT_NONE)
			ip[0] = '\0';
		else
			addr_fmt(&pk->net_dst, ip);
		st_tick_node(st, st_str_reqs, 0, false);
		st_tick_node(st, st_str_reqs_by_addr, node_reqs, true);
		st_tick_node(st, st_str_by_host, node_reqs, true);
		int by_addr = st_tick_node(st, ip, node_reqs_by_addr, true);
		if (v->http_host) {
			int by_host = st_tick_node(st, v->http_host, node_reqs_by_host, true);
			st_tick_node(st, ip, by_host, false);
			st_tick_node(st, v->http_host, by_addr, false);
		}
		return true;
	}
	if (v->response_code) {
		unsigned i = v->response_code;
		if (pk->net_src.type == AT_NONE)
			ip[0] = '\0';
		else
			addr_fmt(&pk->net_src, ip);
		st_tick_node(st, st_str_resps_by_addr, 0, false);
		int by_addr = st_tick_node(st, ip, node_resps_by_addr, true);
		st_tick_node(st, i > 100 && i < 400 ? "OK" : "KO", by_addr, false);
		return true;
	}
	return false;
}

const struct stats_tree_cfg st_http_srv = {
	.tap = "http", .abbr = "http_srv", .name = "HTTP/Load Distribution",
	.packet = http_srv_packet, .init = http_srv_init,
};
