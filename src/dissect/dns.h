/* dns.h — DNS dissector entry points and its typed result (see dns.c). */
#ifndef TAPIR_DISSECT_DNS_H
#define TAPIR_DISSECT_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../engine/packet.h"

enum dns_flavor { FL_DNS, FL_MDNS, FL_LLMNR };

/* Header of one DNS message, host order (RFC 1035 4.1.1). */
struct dns_info {
	uint16_t id;      /* dns.id */
	uint16_t flags;   /* dns.flags */
	uint16_t qdcount; /* dns.count.queries (zones for UPDATE) */
	uint16_t ancount; /* dns.count.answers */
	uint16_t nscount; /* dns.count.auth_rr */
	uint16_t arcount; /* dns.count.add_rr */
};

/* Value names: record types with their descriptions ("A (Host Address)"),
 * classes, opcodes, reply codes. */
extern const struct tok dns_type_desc[], dns_class_vals[], dns_opcode_vals[],
	dns_rcode_vals[];

/* What the "dns" tap carries, one per DNS message (not mDNS or LLMNR, as
 * in tshark 4.0), like tshark's struct DnsTap for -z dns,tree: from the
 * header, the first question and the request/response matching. */
struct dns_tap_info {
	bool response;           /* QR bit */
	uint8_t opcode, rcode;
	uint16_t qtype, qclass;  /* of the first question, 0 when none */
	uint32_t payload_size;   /* message length in bytes (+2 over TCP) */
	uint32_t qname_len;      /* printed length of the first name */
	uint32_t qname_labels;   /* its label count */
	uint16_t nquestions, nanswers, nauthorities, nadditionals;
	bool unsolicited;        /* a response without its request */
	bool retransmission;     /* a request or response seen again */
	bool have_rrt;
	int64_t rrt_ns;          /* response time, when have_rrt */
};

/* Expands the (possibly compressed) name at off of the DNS message bv into
 * out (NUL-terminated, at most outsz-1 bytes; "<Root>" for the root name).
 * Compression pointers are followed at most 128 times; a loop stops the name
 * and sets *loop. Returns the bytes the name occupies at off (up to and
 * including the first pointer or the terminating zero). nlen and nlabels
 * (may be NULL) get the printed length and the label count. Never reads
 * outside bv; a name running past the view sets bv->trunc. */
int dns_name(struct bv *bv, uint32_t off, char *out, size_t outsz,
	     uint32_t *nlen, uint32_t *nlabels, bool *loop);

/* One DNS message over UDP (bv = the UDP payload). Returns bytes consumed. */
int dns_dissect_udp(struct packet *pk, struct bv *bv, enum dns_flavor fl);
struct tcp_pdu_ctx;
/* DNS over TCP (RFC 7766 8): 2-byte length prefixed messages. tc is TCP's
 * desegmentation context (see tcp.h) or NULL: with tc an incomplete message
 * asks TCP for the missing bytes; without, the partial message is dissected
 * as far as it goes (and marked). Returns bv->len. */
int dns_dissect_tcp(struct packet *pk, struct bv *bv, struct tcp_pdu_ctx *tc);

#endif
