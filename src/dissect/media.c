/* media.c — Wireshark's "media" dissector: the body of a message whose media
 * type no dissector takes (HTTP's Content-Type, for instance), shown as
 * "Media Type" with the type and the byte count. */
#include "../engine/dissector.h"
#include "../engine/fvalue.h"

#include <string.h>

static struct field hf_media = { "media", "Media Type", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_media_type = { "media.type", "Media type", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };

static struct field *const fields[] = { &hf_media, &hf_media_type, NULL };

/* data: the media type (const char *, NUL-terminated, lower case), or
 * NULL. Takes the whole view. */
static int dissect_media(struct packet *pk, struct bv *bv, void *data)
{
	const char *type = data ? data : "";
	pk_layer_begin(pk, "media", &hf_media, bv, 0, bv->len);
	if (bv->rlen) {
		struct item *it = pk_add_view(pk, &hf_media_type, bv, 0, bv->len);
		lbl_text(pk, it, "Media type: %s (%u byte%s)", type, bv->rlen,
			 bv->rlen == 1 ? "" : "s");
	}
	pk_layer_end(pk);
	return (int)bv->len;
}

const struct dissector dissector_media = {
	.name = "media",
	.long_name = "Media Type",
	.fields = fields,
	.dissect = dissect_media,
};
