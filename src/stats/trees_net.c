/* trees_net.c — the generic statistics trees of Wireshark's
 * pinfo_stats_tree.c: packet lengths (frame tap), IPv4/IPv6 hosts, source
 * and destination addresses, protocol types and destinations/ports (ip and
 * ipv6 taps). Addresses are the packet's network addresses after the whole
 * packet was dissected (the innermost IP header), as in tshark. */
#include "stats_tree.h"
#include "../dissect/ip.h"

#include <stdio.h>

/* ---- -z plen,tree ---- */

static const char *const plen_ranges[] = {
	"0-19", "20-39", "40-79", "80-159", "160-319", "320-639",
	"640-1279", "1280-2559", "2560-5119", "5120 and greater",
};
static const char st_str_plen[] = "Packet Lengths";

static void plen_init(struct stats_tree *st)
{
	st_create_range_node_strings(st, st_str_plen, 0,
				     (int)(sizeof(plen_ranges) / sizeof(plen_ranges[0])),
				     plen_ranges);
}

static bool plen_packet(struct stats_tree *st, struct packet *pk,
			const void *data)
{
	st_tick_node(st, st_str_plen, 0, false);
	st_tick_range(st, st_str_plen, 0, (int)pk->len);
	return true;
}

const struct stats_tree_cfg st_plen = {
	.tap = "frame", .abbr = "plen", .name = st_str_plen,
	.packet = plen_packet, .init = plen_init,
};

/* ---- helpers ---- */

static void net_addr_str(const struct address *a, char *buf)
{
	if (a->type == AT_NONE)
		buf[0] = '\0';
	else
		addr_fmt(a, buf);
}

/* port_type_to_str() of the innermost transport that set the ports. */
static const char *ptype_str(const struct packet *pk)
{
	switch (pk->ipproto) {
	case 6: return pk->tcp ? "TCP" : "NONE";
	case 17: return pk->udp ? "UDP" : "NONE";
	case 132: return "SCTP";
	case 33: return "DCCP";
	default: return "NONE";
	}
}

/* ---- -z ip_hosts,tree / ipv6_hosts,tree ---- */

static const char st_str_ipv4[] = "IPv4 Statistics/All Addresses";
static const char st_str_ipv6[] = "IPv6 Statistics/All Addresses";

static void hosts_init4(struct stats_tree *st)
{
	st_create_node(st, st_str_ipv4, 0, ST_DT_INT, true);
}

static void hosts_init6(struct stats_tree *st)
{
	st_create_node(st, st_str_ipv6, 0, ST_DT_INT, true);
}

static bool hosts_packet(struct stats_tree *st, struct packet *pk,
			 const char *name)
{
	char a[64];
	int node = st_tick_node(st, name, 0, false);
	net_addr_str(&pk->net_src, a);
	st_tick_node(st, a, node, false);
	net_addr_str(&pk->net_dst, a);
	st_tick_node(st, a, node, false);
	return true;
}

static bool hosts_packet4(struct stats_tree *st, struct packet *pk,
			  const void *d)
{
	return hosts_packet(st, pk, st_str_ipv4);
}

static bool hosts_packet6(struct stats_tree *st, struct packet *pk,
			  const void *d)
{
	return hosts_packet(st, pk, st_str_ipv6);
}

const struct stats_tree_cfg st_ip_hosts = {
	.tap = "ip", .abbr = "ip_hosts", .name = st_str_ipv4,
	.packet = hosts_packet4, .init = hosts_init4,
};
const struct stats_tree_cfg st_ipv6_hosts = {
	.tap = "ipv6", .abbr = "ipv6_hosts", .name = st_str_ipv6,
	.packet = hosts_packet6, .init = hosts_init6,
};

/* ---- -z ip_srcdst,tree / ipv6_srcdst,tree ---- */

static void srcdst_init(struct stats_tree *st, const char *src,
			const char *dst)
{
	st_create_node(st, src, 0, ST_DT_INT, true);
	st_node_set_flags(st, src, 0, false, ST_FLG_SORT_TOP);
	st_create_node(st, dst, 0, ST_DT_INT, true);
	st_node_set_flags(st, dst, 0, false, ST_FLG_DEF_NOEXPAND);
}

static void srcdst_init4(struct stats_tree *st)
{
	srcdst_init(st, "Source IPv4 Addresses", "Destination IPv4 Addresses");
}

static void srcdst_init6(struct stats_tree *st)
{
	srcdst_init(st, "Source IPv6 Addresses", "Destination IPv6 Addresses");
}

static bool srcdst_packet(struct stats_tree *st, struct packet *pk,
			  const char *src, const char *dst)
{
	char a[64];
	int n = st_tick_node(st, src, 0, false);
	net_addr_str(&pk->net_src, a);
	st_tick_node(st, a, n, false);
	n = st_tick_node(st, dst, 0, false);
	net_addr_str(&pk->net_dst, a);
	st_tick_node(st, a, n, false);
	return true;
}

static bool srcdst_packet4(struct stats_tree *st, struct packet *pk,
			   const void *d)
{
	return srcdst_packet(st, pk, "Source IPv4 Addresses",
			     "Destination IPv4 Addresses");
}

static bool srcdst_packet6(struct stats_tree *st, struct packet *pk,
			   const void *d)
{
	return srcdst_packet(st, pk, "Source IPv6 Addresses",
			     "Destination IPv6 Addresses");
}

const struct stats_tree_cfg st_ip_srcdst = {
	.tap = "ip", .abbr = "ip_srcdst",
	.name = "IPv4 Statistics/Source and Destination Addresses",
	.packet = srcdst_packet4, .init = srcdst_init4,
};
const struct stats_tree_cfg st_ipv6_srcdst = {
	.tap = "ipv6", .abbr = "ipv6_srcdst",
	.name = "IPv6 Statistics/Source and Destination Addresses",
	.packet = srcdst_packet6, .init = srcdst_init6,
};

/* ---- -z ptype,tree / ipv6_ptype,tree ---- */

static const char st_str_ptype4[] = "IPv4 Statistics/IP Protocol Types";
static const char st_str_ptype6[] = "IPv6 Statistics/IP Protocol Types";

/* Node ids are per tree and deterministic (the pivot is the first node
 * created), so one static id serves every instance. */
static int node_ptype4, node_ptype6;

static void ptype_init4(struct stats_tree *st)
{
	node_ptype4 = st_create_pivot(st, st_str_ptype4, 0);
}

static void ptype_init6(struct stats_tree *st)
{
	node_ptype6 = st_create_pivot(st, st_str_ptype6, 0);
}

static bool ptype_packet4(struct stats_tree *st, struct packet *pk,
			  const void *d)
{
	st_tick_pivot(st, node_ptype4, ptype_str(pk));
	return true;
}

static bool ptype_packet6(struct stats_tree *st, struct packet *pk,
			  const void *d)
{
	st_tick_pivot(st, node_ptype6, ptype_str(pk));
	return true;
}

const struct stats_tree_cfg st_ptype = {
	.tap = "ip", .abbr = "ptype", .name = st_str_ptype4,
	.packet = ptype_packet4, .init = ptype_init4,
};
const struct stats_tree_cfg st_ipv6_ptype = {
	.tap = "ipv6", .abbr = "ipv6_ptype", .name = st_str_ptype6,
	.packet = ptype_packet6, .init = ptype_init6,
};

/* ---- -z dests,tree / ipv6_dests,tree ---- */

static const char st_str_dsts4[] = "IPv4 Statistics/Destinations and Ports";
static const char st_str_dsts6[] = "IPv6 Statistics/Destinations and Ports";

static void dsts_init4(struct stats_tree *st)
{
	st_create_node(st, st_str_dsts4, 0, ST_DT_INT, true);
}

static void dsts_init6(struct stats_tree *st)
{
	st_create_node(st, st_str_dsts6, 0, ST_DT_INT, true);
}

static bool dsts_packet(struct stats_tree *st, struct packet *pk,
			const char *name)
{
	char a[64], port[16];
	int n = st_tick_node(st, name, 0, false);
	net_addr_str(&pk->net_dst, a);
	int ipn = st_tick_node(st, a, n, true);
	int pn = st_tick_node(st, ptype_str(pk), ipn, true);
	snprintf(port, sizeof(port), "%u", (unsigned)pk->dstport);
	st_tick_node(st, port, pn, true);
	return true;
}

static bool dsts_packet4(struct stats_tree *st, struct packet *pk,
			 const void *d)
{
	return dsts_packet(st, pk, st_str_dsts4);
}

static bool dsts_packet6(struct stats_tree *st, struct packet *pk,
			 const void *d)
{
	return dsts_packet(st, pk, st_str_dsts6);
}

const struct stats_tree_cfg st_dests = {
	.tap = "ip", .abbr = "dests", .name = st_str_dsts4,
	.packet = dsts_packet4, .init = dsts_init4,
};
const struct stats_tree_cfg st_ipv6_dests = {
	.tap = "ipv6", .abbr = "ipv6_dests", .name = st_str_dsts6,
	.packet = dsts_packet6, .init = dsts_init6,
};
