/* icmp_echo.h — request/response matching of ICMP and ICMPv6 echo messages
 * (Wireshark's icmp.resp_to / icmp.resptime in a single pass): a bounded,
 * direct-mapped table of recent requests keyed by addresses, id and seq. */
#ifndef TAPIR_DISSECT_ICMP_ECHO_H
#define TAPIR_DISSECT_ICMP_ECHO_H

#include <stdbool.h>
#include <stdint.h>

/* Records a request from src to dst (alen 4 or 16 bytes) seen in frame at
 * time ts (ns). */
void icmp_echo_request(int af, const uint8_t *src, const uint8_t *dst,
		       int alen, uint16_t id, uint16_t seq, uint64_t frame,
		       int64_t ts);
/* Finds the request a reply from src to dst answers; true with its frame
 * number and time. */
bool icmp_echo_reply(int af, const uint8_t *src, const uint8_t *dst, int alen,
		     uint16_t id, uint16_t seq, uint64_t *frame, int64_t *ts);
/* Forgets everything (new file). */
void icmp_echo_reset(void);

#endif
