/* foo.c — FOO protocol (RFC nnnn). Template for a new dissector: copy to
 * src/dissect/foo.c, rename, and add `&dissector_foo` to dissectors.c. */
#include "../engine/dissector.h"
#include "../engine/tap.h"

static const struct tok type_vals[] = {
	{ 1, "Request" }, { 2, "Reply" }, { 0, NULL },
};

static struct field hf_foo = { "foo", "FOO Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_type = { "foo.type", "Type", FT_UINT8, BASE_DEC, 0, 0, type_vals, 0, false, NULL };
static struct field hf_len = { "foo.len", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL, 0, false, NULL };

static struct expert_field ei_bad_len = {
	{ "foo.len.bad", "Bad length", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};

static struct field *const fields[] = { &hf_foo, &hf_type, &hf_len, NULL };
static struct expert_field *const experts[] = { &ei_bad_len, NULL };

/* Typed result for taps: host order, one member per header field. */
struct foo_info {
	uint8_t type;  /* foo.type */
	uint16_t len;  /* foo.len */
};

static int foo_tap;

static void foo_init(void) { foo_tap = tap_register("foo"); }

static int dissect_foo(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	struct item *top = pk_layer_begin(pk, "foo", &hf_foo, bv, 0, 3);
	struct foo_info *fi = arena_alloc(&pk->arena, sizeof(*fi));
	fi->type = bv_u8(bv, 0);
	fi->len = bv_be16(bv, 1);
	pk_item_text(pk, top, "FOO Protocol, Type: %s",
		     tok_str(type_vals, fi->type, "Unknown"));
	pk_add_uint(pk, &hf_type, bv, 0, 1, fi->type);
	pk_add_uint(pk, &hf_len, bv, 1, 2, fi->len);
	if (bv->trunc) {
		pk_layer_end(pk);
		pk_truncated(pk, "FOO", bv);
		return (int)bv->len;
	}
	if (fi->len < 3)
		pk_expert(pk, &ei_bad_len, "FOO", bv, 1, 2, NULL);
	pk_layer_end(pk);
	col_set_proto(pk, "FOO");
	col_info_printf(pk, "%s", tok_str(type_vals, fi->type, "Unknown"));
	if (tap_has_listener(foo_tap))
		tap_queue(foo_tap, pk, fi);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_UDP_PORT, 1234 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_foo = {
	.name = "foo",
	.long_name = "FOO Protocol",
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_foo,
	.init = foo_init,
};
