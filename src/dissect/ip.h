/* ip.h — typed results of the IPv4 and IPv6 dissectors, for taps,
 * conversations, flows and the transport dissectors (pseudo-headers). */
#ifndef TAPIR_DISSECT_IP_H
#define TAPIR_DISSECT_IP_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/tok.h"

struct ip4_info {
	uint8_t version;    /* ip.version */
	uint8_t hdr_len;    /* ip.hdr_len, bytes */
	uint8_t dsfield;    /* ip.dsfield */
	uint16_t len;       /* ip.len, total length */
	uint16_t id;        /* ip.id */
	uint8_t flags;      /* ip.flags (3 bits) */
	uint16_t frag_off;  /* ip.frag_offset, bytes */
	uint8_t ttl;        /* ip.ttl */
	uint8_t proto;      /* ip.proto */
	uint16_t checksum;  /* ip.checksum */
	uint8_t src[4];     /* ip.src, network order */
	uint8_t dst[4];     /* ip.dst */
	bool partial;       /* the payload handed on is the first fragment of
	                       a datagram not reassembled (Wireshark's
	                       pinfo->fragmented): no transport checksum */
};

struct ip6_info {
	uint8_t tclass;     /* ipv6.tclass */
	uint32_t flow;      /* ipv6.flow */
	uint16_t plen;      /* ipv6.plen */
	uint8_t nxt;        /* ipv6.nxt: first next header */
	uint8_t hlim;       /* ipv6.hlim */
	uint8_t proto;      /* upper-layer protocol after extension headers */
	bool fragment;      /* a fragment header was present */
	uint8_t src[16];    /* ipv6.src */
	uint8_t dst[16];    /* ipv6.dst */
	uint8_t final_dst[16]; /* last address of a routing header, else dst:
	                          the upper-layer pseudo-header's destination */
};

/* Internet checksum (RFC 1071) over an IPv6 pseudo-header (RFC 8200
 * section 8.1) and the upper-layer bytes p[0..len). Returns the folded sum
 * (0xffff when the packet's checksum is correct). */
uint16_t ip6_pseudo_cksum(const struct ip6_info *ip6, uint8_t nxt,
			  const uint8_t *p, uint32_t len);
/* The same over an IPv4 pseudo-header (RFC 768). */
uint16_t ip4_pseudo_cksum(const struct ip4_info *ip4, uint8_t proto,
			  const uint8_t *p, uint32_t len);
/* Plain Internet checksum of p[0..len) (folded one's-complement sum:
 * 0xffff when p holds a correct checksum, 0 only for all-zero bytes).
 * These three are the one implementation of RFC 1071 in tapir; they read
 * eight bytes per step and allocate nothing. */
uint16_t ip_cksum_sum(const uint8_t *p, uint32_t len);

/* Checksum status values (Wireshark's *.checksum.status). */
enum cksum_status {
	CKSUM_BAD = 0, CKSUM_GOOD = 1, CKSUM_UNVERIFIED = 2,
	CKSUM_NOT_PRESENT = 3, CKSUM_ILLEGAL = 4,
};

/* The value a checksum field holding ck should hold, given the folded sum
 * over the whole checked range including that field (RFC 1624: ck plus the
 * one's complement of sum, end-around carry); ck itself when the sum is
 * 0xffff. Wireshark's in_cksum_shouldbe(), shown as *.checksum_calculated. */
static inline uint16_t ip_cksum_shouldbe(uint16_t ck, uint16_t sum)
{
	uint32_t v = (uint32_t)ck + (uint16_t)~sum;
	v = (v & 0xffff) + (v >> 16);
	return (uint16_t)((v & 0xffff) + (v >> 16));
}

struct packet;
struct bv;
/* Folded sum of a transport header+payload (TCP, UDP) with its IPv4 or
 * IPv6 pseudo-header: bytes [0, len) of bv, len also being the
 * pseudo-header's length. `data` is what the IP layer handed the transport
 * (its struct ip4_info or ip6_info; told apart by pk->ip4 / pk->ip6). The
 * IPv6 pseudo-header uses the final destination of a routing header, as
 * tshark's pinfo->dst. Returns -1 when tshark would not verify: the parent
 * is not IP, the payload is a fragment not reassembled, or fewer than len
 * bytes were captured. */
int32_t ip_transport_sum(const struct packet *pk, const void *data,
			 uint8_t proto, const struct bv *bv, uint32_t len);

struct expert_field;
/* Raises a checksum expert info e on [off, off+len) of bv: "Bad checksum
 * [should be 0x<calc>]", or e's summary when calc < 0. Like pk_expert(),
 * except inside an ICMP error's quote (pk->in_error), where tshark shows
 * the item in the tree but -z expert does not count it. */
void ip_cksum_expert(struct packet *pk, const struct expert_field *e,
		     const char *proto, const struct bv *bv, uint32_t off,
		     uint32_t len, int32_t calc);

/* IP protocol numbers (IANA). */
enum {
	IPPROTO_HOPOPTS_ = 0, IPPROTO_ICMP_ = 1, IPPROTO_IGMP_ = 2,
	IPPROTO_IPIP_ = 4, IPPROTO_TCP_ = 6, IPPROTO_UDP_ = 17,
	IPPROTO_IPV6_ = 41, IPPROTO_ROUTING_ = 43, IPPROTO_FRAGMENT_ = 44,
	IPPROTO_GRE_ = 47, IPPROTO_ESP_ = 50, IPPROTO_AH_ = 51,
	IPPROTO_ICMPV6_ = 58, IPPROTO_NONE_ = 59, IPPROTO_DSTOPTS_ = 60,
	IPPROTO_SCTP_ = 132, IPPROTO_MH_ = 135,
};

extern const struct tok ipproto_vals[];

/* Pass &ip_in_error_pkt as the data of an IPv4/IPv6 header quoted inside an
 * ICMP/ICMPv6 error: no reassembly, no length complaints (Wireshark's
 * pinfo->flags.in_error_pkt). */
extern const int ip_in_error_pkt;

#endif
