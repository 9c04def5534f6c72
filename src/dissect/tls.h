/* tls.h — TLS record layer and handshake dissector (see tls.c). */
#ifndef TAPIR_DISSECT_TLS_H
#define TAPIR_DISSECT_TLS_H

#include <stdint.h>

#include "../engine/packet.h"

/* Dissects a sequence of TLS handshake messages (no record layer), as QUIC
 * carries them in CRYPTO frames (RFC 9001 4). Adds a "tls" layer. Returns
 * the bytes consumed (whole messages only). */
int tls_dissect_handshake_msgs(struct packet *pk, struct bv *bv);

/* MD5 of n bytes (RFC 1321) into out[16]; used for JA3 / JA3S. */
void tls_md5(const uint8_t *p, size_t n, uint8_t out[16]);

#endif
