/* conv.c — -z conv,eth|ip|ipv6|tcp|udp[,filter]: tshark 4.0's
 * "Conversations" tables (ui/cli/tap-iousers.c layout), fed by the eth, ip,
 * ipv6, tcp and udp taps. */
#include "conv_table.h"
#include "stat_registry.h"
#include "../core/alloc.h"
#include "../dissect/ip.h"
#include "../dissect/udp.h"

#include <stdio.h>
#include <string.h>

enum conv_kind { CK_ETH, CK_IP, CK_IPV6, CK_TCP, CK_UDP };

struct conv_stat {
	enum conv_kind kind;
	const char *filter;        /* the ",filter" text, or NULL */
	struct ctab tab;
};

static const char *const kind_tap[] = { "eth", "ip", "ipv6", "tcp", "udp" };
static const char *const kind_title[] = { "Ethernet", "IPv4", "IPv6", "TCP",
					  "UDP" };

/* Fills the addresses, ports and stream of a packet from a tap payload.
 * Shared with endpoints.c. */
void conv_tap_addrs(int kind, const void *data, struct address *src,
		    struct address *dst, uint16_t *sport, uint16_t *dport,
		    uint32_t *id)
{
	*sport = *dport = 0;
	*id = CONV_ID_UNSET;
	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	switch (kind) {
	case CK_ETH: {
		const struct eth_tap_info *e = data;
		src->type = dst->type = AT_ETHER;
		memcpy(src->a, e->src, 6);
		memcpy(dst->a, e->dst, 6);
		break;
	}
	case CK_IP: {
		const struct ip4_info *ip = data;
		src->type = dst->type = AT_IPv4;
		memcpy(src->a, ip->src, 4);
		memcpy(dst->a, ip->dst, 4);
		break;
	}
	case CK_IPV6: {
		const struct ip6_info *ip = data;
		src->type = dst->type = AT_IPv6;
		memcpy(src->a, ip->src, 16);
		memcpy(dst->a, ip->dst, 16);
		break;
	}
	default: {
		const struct transport_tap_info *t = data;
		*src = t->src;
		*dst = t->dst;
		*sport = t->sport;
		*dport = t->dport;
		/* tshark keys TCP and UDP conversations by tcp.stream /
		 * udp.stream as well, so a reused port pair that the
		 * conversation table split is a new conversation. */
		if (kind == CK_TCP)
			*id = t->stream;
		else if (kind == CK_UDP && t->info)
			*id = ((const struct udp_info *)t->info)->stream;
		break;
	}
	}
}

static bool conv_packet(void *user, struct packet *pk, const void *data)
{
	struct conv_stat *cs = user;
	struct address src, dst;
	uint16_t sp, dp;
	uint32_t id;
	conv_tap_addrs((int)cs->kind, data, &src, &dst, &sp, &dp, &id);
	ctab_conv_add(&cs->tab, &src, &dst, sp, dp, id, pk->len,
		      pk->ts - pk->ts_first);
	return true;
}

/* format_size(n, FORMAT_SIZE_UNIT_BYTES, 0): "5477 bytes", "11 kB" ... */
static void fmt_size(char *dst, size_t n, uint64_t v)
{
	static const char *const units[] = { "kB", "MB", "GB", "TB", "PB" };
	uint64_t div = 1000000000000000ULL;
	for (int i = 4; i >= 0; i--, div /= 1000) {
		if (v / div >= 10) {
			snprintf(dst, n, "%llu %s", (unsigned long long)(v / div),
				 units[i]);
			return;
		}
	}
	snprintf(dst, n, "%llu bytes", (unsigned long long)v);
}

/* nstime_to_sec() */
static double ns_to_sec(int64_t ns)
{
	return (double)(ns / 1000000000) + (double)(ns % 1000000000) / 1e9;
}

void conv_fmt_endpoint(char *dst, size_t n, const struct address *a,
		       uint16_t port, bool with_port)
{
	char s[64];
	if (a->type == AT_NONE)
		s[0] = '\0';
	else
		addr_fmt(a, s);
	if (with_port)
		snprintf(dst, n, "%s:%u", s, port);
	else
		snprintf(dst, n, "%s", s);
}

static void conv_draw(void *user, struct outbuf *o)
{
	struct conv_stat *cs = user;
	bool ports = cs->kind == CK_TCP || cs->kind == CK_UDP;
	const char *pad = ports ? "            " : "";
	ob_puts(o, "================================================================================\n");
	ob_printf(o, "%s Conversations\n", kind_title[cs->kind]);
	ob_printf(o, "Filter:%s\n", cs->filter ? cs->filter : "<No Filter>");
	ob_printf(o, "%s                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n", pad);
	ob_printf(o, "%s                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n", pad);
	uint32_t *ord = ctab_order(&cs->tab, true);
	for (uint32_t i = 0; i < cs->tab.n; i++) {
		const struct conv_item *c =
			(const struct conv_item *)cs->tab.items + ord[i];
		char a[80], b[80], rx[32], tx[32], tot[32];
		conv_fmt_endpoint(a, sizeof(a), &c->src, c->sport, ports);
		conv_fmt_endpoint(b, sizeof(b), &c->dst, c->dport, ports);
		fmt_size(rx, sizeof(rx), c->rx_bytes);
		fmt_size(tx, sizeof(tx), c->tx_bytes);
		fmt_size(tot, sizeof(tot), c->rx_bytes + c->tx_bytes);
		int w = ports ? 26 : 20;
		ob_printf(o, "%-*s <-> %-*s  %6llu %-9s  %6llu %-9s  %6llu %-9s  ",
			  w, a, w, b, (unsigned long long)c->rx_frames, rx,
			  (unsigned long long)c->tx_frames, tx,
			  (unsigned long long)(c->rx_frames + c->tx_frames), tot);
		ob_printf(o, "%14.9f   %12.4f\n", ns_to_sec(c->start),
			  ns_to_sec(c->stop) - ns_to_sec(c->start));
	}
	xfree(ord);
	ob_puts(o, "================================================================================\n");
}

static int conv_init(const char *arg, const char *rest, char *err,
		     size_t errlen)
{
	enum conv_kind k;
	const char *t = arg + strlen("conv,");
	size_t n = strcspn(t, ",");
	for (k = CK_ETH; k <= CK_UDP; k++)
		if (strlen(kind_tap[k]) == n && !strncmp(t, kind_tap[k], n))
			break;
	if (k > CK_UDP) {
		snprintf(err, errlen, "unknown conversation type");
		return -1;
	}
	tap_match_fn match;
	void *ctx;
	if (stat_filter(rest, &match, &ctx, err, errlen) < 0)
		return -1;
	struct conv_stat *cs = xcalloc(1, sizeof(*cs));
	cs->kind = k;
	cs->filter = *rest ? rest : NULL;
	tap_listener_add(kind_tap[k], 0, match, ctx, conv_packet, conv_draw,
			 NULL, cs);
	return 0;
}

const struct stat_desc stat_conv_eth = { "conv,eth", "conv,eth[,filter]", conv_init };
const struct stat_desc stat_conv_ip = { "conv,ip", "conv,ip[,filter]", conv_init };
const struct stat_desc stat_conv_ipv6 = { "conv,ipv6", "conv,ipv6[,filter]", conv_init };
const struct stat_desc stat_conv_tcp = { "conv,tcp", "conv,tcp[,filter]", conv_init };
const struct stat_desc stat_conv_udp = { "conv,udp", "conv,udp[,filter]", conv_init };
