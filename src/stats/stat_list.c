/* stat_list.c — every -z statistic and statistics tree; one line each.
 * stat_init() registers them (see stat_registry.h for why the list is
 * explicit). */
#include "stat_registry.h"
#include "stats_tree.h"

extern const struct stats_tree_cfg st_plen, st_ip_hosts, st_ipv6_hosts,
	st_ip_srcdst, st_ipv6_srcdst, st_ptype, st_ipv6_ptype, st_dests,
	st_ipv6_dests, st_http, st_http_req, st_http_srv, st_dns;

static const struct stats_tree_cfg *const tree_list[] = {
	&st_plen,
	&st_ip_hosts,
	&st_ipv6_hosts,
	&st_ip_srcdst,
	&st_ipv6_srcdst,
	&st_ptype,
	&st_ipv6_ptype,
	&st_dests,
	&st_ipv6_dests,
	&st_http,
	&st_http_req,
	&st_http_srv,
	&st_dns,
	NULL,
};

extern const struct stat_desc stat_conv_eth, stat_conv_ip, stat_conv_ipv6,
	stat_conv_tcp, stat_conv_udp, stat_endpoints_eth, stat_endpoints_ip,
	stat_endpoints_ipv6, stat_endpoints_tcp, stat_endpoints_udp,
	stat_io_phs, stat_expert, stat_follow_tcp, stat_follow_udp;
extern const struct stat_desc stat_tcp_streams;
extern const struct stat_desc stat_io_stat;

static const struct stat_desc *const stat_list[] = {
	&stat_conv_eth,
	&stat_conv_ip,
	&stat_conv_ipv6,
	&stat_conv_tcp,
	&stat_conv_udp,
	&stat_endpoints_eth,
	&stat_endpoints_ip,
	&stat_endpoints_ipv6,
	&stat_endpoints_tcp,
	&stat_endpoints_udp,
	&stat_io_phs,
	&stat_expert,
	&stat_follow_tcp,
	&stat_follow_udp,
	&stat_tcp_streams,
	&stat_io_stat,
	NULL,
};

void stat_init(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	for (int i = 0; tree_list[i]; i++)
		stats_tree_register(tree_list[i]);
	for (int i = 0; stat_list[i]; i++)
		stat_register(stat_list[i]);
}
