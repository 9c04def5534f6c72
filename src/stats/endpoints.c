/* endpoints.c — -z endpoints,eth|ip|ipv6|tcp|udp[,filter]: tshark 4.0's
 * "Endpoints" tables (ui/cli/tap-endpoints.c layout). Each packet counts as
 * sent by its source and received by its destination. */
#include "conv_table.h"
#include "stat_registry.h"
#include "../core/alloc.h"

#include <stdio.h>
#include <string.h>

/* From conv.c: the same tap payload decoding and address printing. */
void conv_tap_addrs(int kind, const void *data, struct address *src,
		    struct address *dst, uint16_t *sport, uint16_t *dport,
		    uint32_t *id);
void conv_fmt_endpoint(char *dst, size_t n, const struct address *a,
		       uint16_t port, bool with_port);

enum { EK_ETH, EK_IP, EK_IPV6, EK_TCP, EK_UDP };
static const char *const kind_tap[] = { "eth", "ip", "ipv6", "tcp", "udp" };
static const char *const kind_title[] = { "Ethernet", "IPv4", "IPv6", "TCP",
					  "UDP" };

struct ep_stat {
	int kind;
	const char *filter;
	struct ctab tab;
};

static bool ep_packet(void *user, struct packet *pk, const void *data)
{
	struct ep_stat *es = user;
	struct address src, dst;
	uint16_t sp, dp;
	uint32_t id;
	conv_tap_addrs(es->kind, data, &src, &dst, &sp, &dp, &id);
	ctab_endpoint_add(&es->tab, &src, sp, true, pk->len);
	ctab_endpoint_add(&es->tab, &dst, dp, false, pk->len);
	return true;
}

static void ep_draw(void *user, struct outbuf *o)
{
	struct ep_stat *es = user;
	bool ports = es->kind == EK_TCP || es->kind == EK_UDP;
	ob_puts(o, "================================================================================\n");
	ob_printf(o, "%s Endpoints\n", kind_title[es->kind]);
	ob_printf(o, "Filter:%s\n", es->filter ? es->filter : "<No Filter>");
	ob_printf(o, "                       |  %sPackets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n",
		  ports ? "Port  ||  " : "");
	uint32_t *ord = ctab_order(&es->tab, false);
	for (uint32_t i = 0; i < es->tab.n; i++) {
		const struct endpoint_item *e =
			(const struct endpoint_item *)es->tab.items + ord[i];
		char a[64];
		conv_fmt_endpoint(a, sizeof(a), &e->addr, 0, false);
		ob_printf(o, "%-20s      ", a);
		if (ports)
			ob_printf(o, "%5u     ", e->port);
		ob_printf(o, "%6llu     %9llu     %6llu       %9llu      %6llu       %9llu   \n",
			  (unsigned long long)(e->tx_frames + e->rx_frames),
			  (unsigned long long)(e->tx_bytes + e->rx_bytes),
			  (unsigned long long)e->tx_frames,
			  (unsigned long long)e->tx_bytes,
			  (unsigned long long)e->rx_frames,
			  (unsigned long long)e->rx_bytes);
	}
	xfree(ord);
	ob_puts(o, "================================================================================\n");
}

static int ep_init(const char *arg, const char *rest, char *err,
		   size_t errlen)
{
	const char *t = arg + strlen("endpoints,");
	size_t n = strcspn(t, ",");
	int k;
	for (k = EK_ETH; k <= EK_UDP; k++)
		if (strlen(kind_tap[k]) == n && !strncmp(t, kind_tap[k], n))
			break;
	if (k > EK_UDP) {
		snprintf(err, errlen, "unknown endpoint type");
		return -1;
	}
	tap_match_fn match;
	void *ctx;
	if (stat_filter(rest, &match, &ctx, err, errlen) < 0)
		return -1;
	struct ep_stat *es = xcalloc(1, sizeof(*es));
	es->kind = k;
	es->filter = *rest ? rest : NULL;
	tap_listener_add(kind_tap[k], 0, match, ctx, ep_packet, ep_draw, NULL,
			 es);
	return 0;
}

const struct stat_desc stat_endpoints_eth = { "endpoints,eth", "endpoints,eth[,filter]", ep_init };
const struct stat_desc stat_endpoints_ip = { "endpoints,ip", "endpoints,ip[,filter]", ep_init };
const struct stat_desc stat_endpoints_ipv6 = { "endpoints,ipv6", "endpoints,ipv6[,filter]", ep_init };
const struct stat_desc stat_endpoints_tcp = { "endpoints,tcp", "endpoints,tcp[,filter]", ep_init };
const struct stat_desc stat_endpoints_udp = { "endpoints,udp", "endpoints,udp[,filter]", ep_init };
