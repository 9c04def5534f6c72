/* teredo.c — Teredo: IPv6 over UDP through NATs (RFC 4380), UDP port 3544:
 * optional authentication and origin indication headers, then IPv6. */
#include "../engine/dissector.h"
#include "ethertype.h"

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_teredo, "teredo", "Teredo IPv6 over UDP tunneling", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_auth, "teredo.auth", "Teredo Authentication header", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_auth_idlen, "teredo.auth.idlen", "Client identifier length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_auth_aulen, "teredo.auth.aulen", "Authentication value length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_auth_id, "teredo.auth.id", "Client identifier", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_auth_value, "teredo.auth.value", "Authentication value", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_auth_nonce, "teredo.auth.nonce", "Nonce value", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_auth_conf, "teredo.auth.conf", "Confirmation byte", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_orig, "teredo.orig", "Teredo Origin Indication header", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_orig_port, "teredo.orig.port", "Origin UDP port", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_orig_addr, "teredo.orig.addr", "Origin IPv4 address", FT_IPv4, BASE_NONE, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_teredo, &hf_auth, &hf_auth_idlen, &hf_auth_aulen, &hf_auth_id,
	&hf_auth_value, &hf_auth_nonce, &hf_auth_conf, &hf_orig, &hf_orig_port,
	&hf_orig_addr, NULL,
};

static int dissect_teredo(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	/* Find the headers first: refuse what is not Teredo (the port is
	 * shared with other traffic in practice). */
	uint32_t off = 0, auth = UINT32_MAX, orig = UINT32_MAX;
	if (bv_has(bv, 0, 2) && bv_be16(bv, 0) == 0x0001) {
		if (!bv_has(bv, 2, 2))
			return -1;
		uint32_t idl = bv_u8(bv, 2), aul = bv_u8(bv, 3);
		auth = 0;
		off = 4 + idl + aul + 9;
	}
	if (bv_has(bv, off, 2) && bv_be16(bv, off) == 0x0000) {
		orig = off;
		off += 8;
	}
	if (!bv_has(bv, off, 40) || (bv_u8(bv, off) >> 4) != 6)
		return -1;
	col_set_proto(pk, "Teredo");
	pk_layer_begin(pk, "teredo", &hf_teredo, bv, 0, off);
	if (auth != UINT32_MAX) {
		uint8_t idl = bv_u8(bv, 2), aul = bv_u8(bv, 3);
		pk_add_none(pk, &hf_auth, bv, 0, 13u + idl + aul);
		pk_push(pk);
		pk_add_uint(pk, &hf_auth_idlen, bv, 2, 1, idl);
		pk_add_uint(pk, &hf_auth_aulen, bv, 3, 1, aul);
		if (idl)
			pk_add_view(pk, &hf_auth_id, bv, 4, idl);
		if (aul)
			pk_add_view(pk, &hf_auth_value, bv, 4u + idl, aul);
		pk_add_view(pk, &hf_auth_nonce, bv, 4u + idl + aul, 8);
		pk_add_view(pk, &hf_auth_conf, bv, 12u + idl + aul, 1);
		pk_pop(pk);
	}
	if (orig != UINT32_MAX) {
		pk_add_none(pk, &hf_orig, bv, orig, 8);
		pk_push(pk);
		pk_add_uint(pk, &hf_orig_port, bv, orig + 2, 2,
			    (uint16_t)~bv_be16(bv, orig + 2));
		uint8_t *a = arena_alloc(&pk->arena, 4);
		for (int i = 0; i < 4; i++)
			a[i] = (uint8_t)~bv_u8(bv, orig + 4 + (uint32_t)i);
		pk_add_bytes(pk, &hf_orig_addr, bv, orig + 4, 4, a, 4);
		pk_pop(pk);
	}
	pk_layer_end(pk);
	struct bv sub = bv_tail(bv, off);
	if (dissect_table(pk, DT_ETHERTYPE, ETHERTYPE_IPv6, &sub, NULL) < 0)
		dissect_data(pk, &sub);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_UDP_PORT, 3544 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_teredo = {
	.name = "teredo",
	.long_name = "Teredo IPv6 over UDP tunneling",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_teredo,
};
