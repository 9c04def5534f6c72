/* icmp_quote.h — dissecting the datagram quoted in an ICMP/ICMPv6 error
 * without letting it change what the outer packet shows: columns, addresses
 * and the typed transport info are saved before and restored after (as
 * Wireshark makes the columns read-only for the quoted packet), and
 * pk->in_error is set in between. */
#ifndef TAPIR_DISSECT_ICMP_QUOTE_H
#define TAPIR_DISSECT_ICMP_QUOTE_H

#include <string.h>

#include "../engine/packet.h"

struct icmp_quote_save {
	const char *col_proto;
	struct address net_src, net_dst;
	char info[PK_INFO_MAX];
	uint16_t info_len, info_fence;
	uint8_t ipproto;
	uint16_t srcport, dstport;
	void *ip4, *ip6, *tcp, *udp;
	struct conv *conv;
	bool in_error;
};

static inline void icmp_quote_begin(struct packet *pk, struct icmp_quote_save *s)
{
	s->col_proto = pk->col_proto;
	s->net_src = pk->net_src;
	s->net_dst = pk->net_dst;
	memcpy(s->info, pk->info, pk->info_len + 1u);
	s->info_len = pk->info_len;
	s->info_fence = pk->info_fence;
	s->ipproto = pk->ipproto;
	s->srcport = pk->srcport;
	s->dstport = pk->dstport;
	s->ip4 = pk->ip4;
	s->ip6 = pk->ip6;
	s->tcp = pk->tcp;
	s->udp = pk->udp;
	s->conv = pk->conv;
	/* Wireshark's pinfo->flags.in_error_pkt: transport dissectors then
	 * create no conversation, queue no taps and run no analysis. */
	s->in_error = pk->in_error;
	pk->in_error = true;
}

static inline void icmp_quote_end(struct packet *pk, const struct icmp_quote_save *s)
{
	pk->col_proto = s->col_proto;
	pk->net_src = s->net_src;
	pk->net_dst = s->net_dst;
	/* Whatever the quoted part wrote is dropped, truncation marks too:
	 * Wireshark's read-only columns drop them as well. */
	memcpy(pk->info, s->info, s->info_len + 1u);
	pk->info_len = s->info_len;
	pk->info_fence = s->info_fence;
	pk->ipproto = s->ipproto;
	pk->srcport = s->srcport;
	pk->dstport = s->dstport;
	pk->ip4 = s->ip4;
	pk->ip6 = s->ip6;
	pk->tcp = s->tcp;
	pk->udp = s->udp;
	pk->conv = s->conv;
	pk->in_error = s->in_error;
}

#endif
