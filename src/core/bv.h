/* bv.h — byte view: bounds-checked, endian-explicit reads of packet bytes.
 *
 * Every read of packet data goes through a view. A read past the end of the
 * captured bytes returns 0 and sets the view's sticky `trunc` flag; it never
 * touches memory outside [p, p+len). Offsets are relative to the view; `base`
 * is the view's offset in the whole frame (for item positions and -x).
 */
#ifndef TAPIR_CORE_BV_H
#define TAPIR_CORE_BV_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

struct bv {
	const uint8_t *p; /* first byte of the view */
	uint32_t len;     /* captured bytes available in the view */
	uint32_t base;    /* offset of p within the frame */
	uint32_t rlen;    /* "reported" length: bytes on the wire (>= len) */
	bool trunc;       /* sticky: a read went past len */
};

static inline struct bv bv_make(const uint8_t *p, uint32_t len, uint32_t rlen)
{
	struct bv v = { p, len, 0, rlen < len ? len : rlen, false };
	return v;
}

/* True when n bytes at off are all captured. Written so off+n cannot wrap. */
static inline bool bv_has(const struct bv *v, uint32_t off, uint32_t n)
{
	return off <= v->len && n <= v->len - off;
}

/* Like bv_has, but a miss sets the sticky trunc flag. */
static inline bool bv_need(struct bv *v, uint32_t off, uint32_t n)
{
	if (bv_has(v, off, n))
		return true;
	v->trunc = true;
	return false;
}

static inline uint32_t bv_remaining(const struct bv *v, uint32_t off)
{
	return off < v->len ? v->len - off : 0;
}

/* Reported (wire) bytes from off on; may exceed bv_remaining on snaplen cuts. */
static inline uint32_t bv_reported_remaining(const struct bv *v, uint32_t off)
{
	return off < v->rlen ? v->rlen - off : 0;
}

/* Pointer to n captured bytes at off, or NULL (and trunc set). */
static inline const uint8_t *bv_ptr(struct bv *v, uint32_t off, uint32_t n)
{
	return bv_need(v, off, n) ? v->p + off : NULL;
}

static inline uint8_t bv_u8(struct bv *v, uint32_t off)
{
	return bv_need(v, off, 1) ? v->p[off] : 0;
}

static inline uint16_t bv_be16(struct bv *v, uint32_t off)
{
	if (!bv_need(v, off, 2))
		return 0;
	const uint8_t *b = v->p + off;
	return (uint16_t)((b[0] << 8) | b[1]);
}

static inline uint32_t bv_be24(struct bv *v, uint32_t off)
{
	if (!bv_need(v, off, 3))
		return 0;
	const uint8_t *b = v->p + off;
	return ((uint32_t)b[0] << 16) | ((uint32_t)b[1] << 8) | b[2];
}

static inline uint32_t bv_be32(struct bv *v, uint32_t off)
{
	if (!bv_need(v, off, 4))
		return 0;
	const uint8_t *b = v->p + off;
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

static inline uint64_t bv_be64(struct bv *v, uint32_t off)
{
	if (!bv_need(v, off, 8))
		return 0;
	return ((uint64_t)bv_be32(v, off) << 32) | bv_be32(v, off + 4);
}

static inline uint16_t bv_le16(struct bv *v, uint32_t off)
{
	if (!bv_need(v, off, 2))
		return 0;
	const uint8_t *b = v->p + off;
	return (uint16_t)(b[0] | (b[1] << 8));
}

static inline uint32_t bv_le32(struct bv *v, uint32_t off)
{
	if (!bv_need(v, off, 4))
		return 0;
	const uint8_t *b = v->p + off;
	return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
	       ((uint32_t)b[3] << 24);
}

static inline uint64_t bv_le64(struct bv *v, uint32_t off)
{
	if (!bv_need(v, off, 8))
		return 0;
	return (uint64_t)bv_le32(v, off) | ((uint64_t)bv_le32(v, off + 4) << 32);
}

/* Copy n bytes at off into dst; on a short view copies nothing, zeroes dst,
 * sets trunc and returns false. */
static inline bool bv_copy(struct bv *v, uint32_t off, void *dst, uint32_t n)
{
	if (!bv_need(v, off, n)) {
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, v->p + off, n);
	return true;
}

/* Sub-view of n bytes at off, clamped to what is captured. The reported
 * length is clamped to the parent's reported bytes. */
static inline struct bv bv_sub(const struct bv *v, uint32_t off, uint32_t n)
{
	struct bv s;
	uint32_t cap = bv_remaining(v, off);
	uint32_t rep = bv_reported_remaining(v, off);
	s.p = v->p + (off < v->len ? off : v->len);
	s.len = n < cap ? n : cap;
	s.rlen = n < rep ? n : rep;
	if (s.rlen < s.len)
		s.rlen = s.len;
	s.base = v->base + off;
	s.trunc = false;
	return s;
}

/* Sub-view from off to the end of the parent. */
static inline struct bv bv_tail(const struct bv *v, uint32_t off)
{
	return bv_sub(v, off, UINT32_MAX);
}

#endif
