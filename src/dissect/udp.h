/* udp.h — typed result of the UDP dissector. */
#ifndef TAPIR_DISSECT_UDP_H
#define TAPIR_DISSECT_UDP_H

#include <stdint.h>

struct udp_info {
	uint16_t srcport;  /* udp.srcport */
	uint16_t dstport;  /* udp.dstport */
	uint16_t length;   /* udp.length */
	uint16_t checksum; /* udp.checksum */
	uint32_t stream;   /* udp.stream, set by the conversation table */
};

#endif
