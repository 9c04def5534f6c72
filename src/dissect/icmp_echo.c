/* icmp_echo.c — echo request/response matching table (see icmp_echo.h).
 * 4096 slots, overwritten on collision: memory is constant. */
#include "icmp_echo.h"

#include <string.h>

#define ECHO_SLOTS 4096

struct echo_slot {
	bool used;
	uint8_t af;
	uint8_t src[16], dst[16];  /* of the request */
	uint16_t id, seq;
	uint64_t frame;
	int64_t ts;
};

static struct echo_slot slots[ECHO_SLOTS];

static uint32_t slot_of(int af, const uint8_t *a, const uint8_t *b, int alen,
			uint16_t id, uint16_t seq)
{
	/* Symmetric in the addresses so request and reply land together. */
	uint32_t h = 2166136261u ^ (uint32_t)af;
	for (int i = 0; i < alen; i++)
		h += (uint32_t)(a[i] ^ b[i]) * 16777619u + (uint32_t)(a[i] + b[i]);
	h ^= (uint32_t)id * 2654435761u;
	h ^= (uint32_t)seq * 40503u;
	h ^= h >> 15;
	return h & (ECHO_SLOTS - 1);
}

void icmp_echo_request(int af, const uint8_t *src, const uint8_t *dst,
		       int alen, uint16_t id, uint16_t seq, uint64_t frame,
		       int64_t ts)
{
	struct echo_slot *s = &slots[slot_of(af, src, dst, alen, id, seq)];
	s->used = true;
	s->af = (uint8_t)af;
	memcpy(s->src, src, (size_t)alen);
	memcpy(s->dst, dst, (size_t)alen);
	s->id = id;
	s->seq = seq;
	s->frame = frame;
	s->ts = ts;
}

bool icmp_echo_reply(int af, const uint8_t *src, const uint8_t *dst, int alen,
		     uint16_t id, uint16_t seq, uint64_t *frame, int64_t *ts)
{
	struct echo_slot *s = &slots[slot_of(af, src, dst, alen, id, seq)];
	if (!s->used || s->af != af || s->id != id || s->seq != seq)
		return false;
	/* The reply goes back: its source is the request's destination. */
	if (memcmp(s->src, dst, (size_t)alen) || memcmp(s->dst, src, (size_t)alen))
		return false;
	*frame = s->frame;
	*ts = s->ts;
	return true;
}

void icmp_echo_reset(void)
{
	memset(slots, 0, sizeof(slots));
}
