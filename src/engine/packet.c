/* packet.c — packet context: items, layers, columns, expert events. */
#include "packet.h"
#include "fvalue.h"
#include "tap.h"
#include "../core/alloc.h"
#include "../core/outbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct field hf_malformed = {
	"_ws.malformed", "Malformed Packet", FT_PROTOCOL, BASE_NONE, 0, 0, NULL,
	0, false, NULL,
};
static struct expert_field ei_malformed = {
	{ "_ws.malformed.expert", "Malformed Packet (Exception occurred)",
	  FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};
static struct field hf_short = {
	"_ws.short", "Packet size limited during capture", FT_NONE, BASE_NONE,
	0, 0, NULL, 0, false, NULL,
};
static struct field hf_text = {
	"_ws.text", "Text item", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL,
};
static struct field hf_expert = {
	"_ws.expert", "Expert Info", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false,
	NULL,
};
static struct field hf_expert_msg = {
	"_ws.expert.message", "Message", FT_STRING, BASE_NONE, FF_HIDDEN, 0,
	NULL, 0, false, NULL,
};

const struct tok expert_severity_vals[] = {
	{ PI_COMMENT, "Comment" }, { PI_CHAT, "Chat" }, { PI_NOTE, "Note" },
	{ PI_WARN, "Warning" }, { PI_ERROR, "Error" }, { 0, NULL },
};
const struct tok expert_group_vals[] = {
	{ PI_CHECKSUM, "Checksum" }, { PI_SEQUENCE, "Sequence" },
	{ PI_RESPONSE_CODE, "Response" }, { PI_REQUEST_CODE, "Request" },
	{ PI_UNDECODED, "Undecoded" }, { PI_REASSEMBLE, "Reassemble" },
	{ PI_MALFORMED, "Malformed" }, { PI_DEBUG, "Debug" },
	{ PI_PROTOCOL, "Protocol" }, { PI_SECURITY, "Security" },
	{ PI_COMMENTS_GROUP, "Comment" }, { PI_DECRYPTION, "Decryption" },
	{ PI_ASSUMPTION, "Assumption" }, { PI_DEPRECATED, "Deprecated" },
	{ 0, NULL },
};
static struct field hf_expert_sev = {
	"_ws.expert.severity", "Severity level", FT_UINT32, BASE_DEC,
	FF_HIDDEN, 0, expert_severity_vals, 0, false, NULL,
};
static struct field hf_expert_grp = {
	"_ws.expert.group", "Group", FT_UINT32, BASE_DEC, FF_HIDDEN, 0,
	expert_group_vals, 0, false, NULL,
};

struct field *const pk_builtin_fields[] = {
	&hf_malformed, &ei_malformed.f, &hf_short, &hf_text, &hf_expert,
	&hf_expert_msg, &hf_expert_sev, &hf_expert_grp, NULL,
};

void pk_init(struct packet *pk)
{
	memset(pk, 0, sizeof(*pk));
	arena_init(&pk->arena, 1 << 16);
	pk->capitems = 256;
	pk->items = xmalloc(pk->capitems * sizeof(*pk->items));
	pk->experts_tail = &pk->experts;
}

void pk_free(struct packet *pk)
{
	if (!pk)
		return;
	arena_free(&pk->arena);
	xfree(pk->items);
	pk->items = NULL;
}

void pk_begin(struct packet *pk)
{
	arena_reset(&pk->arena);
	pk->nitems = 0;
	pk->depth = 0;
	pk->nlayers = 0;
	pk->protos_idx = 0;
	pk->protos_len = 0;
	pk->protos[0] = '\0';
	pk->col_proto = NULL;
	pk->dl_src.type = pk->dl_dst.type = AT_NONE;
	pk->net_src.type = pk->net_dst.type = AT_NONE;
	pk->info_len = 0;
	pk->info_fence = 0;
	pk->info[0] = '\0';
	pk->ipproto = 0;
	pk->srcport = pk->dstport = 0;
	pk->ip4 = pk->ip6 = pk->tcp = pk->udp = NULL;
	pk->conv = NULL;
	pk->malformed = false;
	pk->max_severity = 0;
	pk->experts = NULL;
	pk->experts_tail = &pk->experts;
	pk->nexperts = 0;
	pk->comment = NULL;
	pk->pflags = 0;
}

struct item *pk_item_new(struct packet *pk, const struct field *f,
			 const struct bv *bv, uint32_t off, uint32_t len)
{
	if (pk->nitems == pk->capitems) {
		/* Grows rarely and is kept: no per-packet allocation. */
		pk->capitems *= 2;
		pk->items = xrealloc(pk->items, pk->capitems * sizeof(*pk->items));
	}
	struct item *it = &pk->items[pk->nitems++];
	it->f = f;
	it->off = (bv ? bv->base : 0) + off;
	it->len = len;
	it->depth = pk->depth;
	it->flags = f->flags;
	it->text = NULL;
	it->v.u = 0;
	return it;
}

struct item *pk_add_view(struct packet *pk, const struct field *f,
			 struct bv *bv, uint32_t off, uint32_t n)
{
	uint32_t have = bv_remaining(bv, off);
	if (have < n) {
		bv->trunc = true;
		n = have;
	}
	return pk_add_bytes(pk, f, bv, off, n, bv->p + (off < bv->len ? off : bv->len), n);
}

/* Formats into the arena (at most 1023 bytes): the fast formatter, or
 * vsnprintf for directives it does not know. *lenp: the length. */
static char *vfmt_len(struct packet *pk, uint32_t *lenp, const char *fmt,
		      va_list ap)
{
	char tmp[1024];
	va_list aq;
	va_copy(aq, ap);
	int n = fmt_fast(tmp, sizeof(tmp), fmt, aq);
	va_end(aq);
	if (n < 0) {
		n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
		if (n < 0)
			n = 0;
		if ((size_t)n >= sizeof(tmp))
			n = sizeof(tmp) - 1;
	}
	if (lenp)
		*lenp = (uint32_t)n;
	return arena_strndup(&pk->arena, tmp, (size_t)n);
}

static char *vfmt(struct packet *pk, const char *fmt, va_list ap)
{
	return vfmt_len(pk, NULL, fmt, ap);
}

struct item *pk_add_strf(struct packet *pk, const struct field *f,
			 const struct bv *bv, uint32_t off, uint32_t len,
			 const char *fmt, ...)
{
	struct item *it = pk_item(pk, f, bv, off, len);
	if (!it)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	uint32_t n;
	char *s = vfmt_len(pk, &n, fmt, ap);
	va_end(ap);
	it->v.b.p = (const uint8_t *)s;
	it->v.b.n = n;
	return it;
}

struct item *pk_add_none(struct packet *pk, const struct field *f,
			 const struct bv *bv, uint32_t off, uint32_t len)
{
	return pk_item(pk, f, bv, off, len);
}

void pk_item_textf(struct packet *pk, struct item *it, const char *fmt, ...)
{
	if (!it || !(pk->tree || pk->labels))
		return;
	va_list ap;
	va_start(ap, fmt);
	it->text = vfmt(pk, fmt, ap);
	va_end(ap);
}

void pk_add_textf(struct packet *pk, const struct bv *bv, uint32_t off,
		  uint32_t len, const char *fmt, ...)
{
	if (!pk->tree)
		return;
	struct item *it = pk_item(pk, &hf_text, bv, off, len);
	if (!it)
		return;
	va_list ap;
	va_start(ap, fmt);
	it->text = vfmt(pk, fmt, ap);
	va_end(ap);
}

void pk_add_layer_name(struct packet *pk, const char *name)
{
	if (pk->nlayers < PK_MAX_LAYERS) {
		pk->layer_top &= ~(1u << pk->nlayers);
		pk->layers[pk->nlayers++] = name;
	}
	/* The string is only read through the frame.protocols item: not
	 * built when that item was not recorded. */
	if (!pk->protos_idx)
		return;
	size_t n = strlen(name);
	if (pk->protos_len + n + 2 > sizeof(pk->protos))
		return;
	if (pk->protos_len)
		pk->protos[pk->protos_len++] = ':';
	memcpy(pk->protos + pk->protos_len, name, n);
	pk->protos_len = (uint16_t)(pk->protos_len + n);
	pk->protos[pk->protos_len] = '\0';
	if (pk->protos_idx)
		pk->items[pk->protos_idx - 1].v.b.n = pk->protos_len;
}

void pk_add_layer_top(struct packet *pk, const char *name)
{
	pk_add_layer_name(pk, name);
	if (pk->nlayers && pk->nlayers <= PK_MAX_LAYERS &&
	    pk->layers[pk->nlayers - 1] == name)
		pk->layer_top |= 1u << (pk->nlayers - 1);
}

void pk_add_tree_layer(struct packet *pk, const char *name)
{
	if (pk->nlayers < PK_MAX_LAYERS) {
		pk->layer_top |= 1u << pk->nlayers;
		pk->layers[pk->nlayers++] = name;
	}
}

struct item *pk_layer_begin(struct packet *pk, const char *name,
			    const struct field *f, const struct bv *bv,
			    uint32_t off, uint32_t len)
{
	pk_add_layer_name(pk, name);
	if (pk->depth == 0 && pk->nlayers && pk->nlayers <= PK_MAX_LAYERS &&
	    pk->layers[pk->nlayers - 1] == name)
		pk->layer_top |= 1u << (pk->nlayers - 1);
	struct item *it = NULL;
	if (f) {
		it = pk_item(pk, f, bv, off, len);
		if (it && bv) {
			uint32_t have = bv_remaining(bv, off);
			it->v.b.p = bv->p + (off < bv->len ? off : bv->len);
			it->v.b.n = len < have ? len : have;
		}
	}
	pk_push(pk);
	return it;
}

void pk_layer_end(struct packet *pk) { pk_pop(pk); }

void pk_expert(struct packet *pk, const struct expert_field *e,
	       const char *proto, const struct bv *bv, uint32_t off,
	       uint32_t len, const char *fmt, ...)
{
	struct expert_event *ev = arena_alloc(&pk->arena, sizeof(*ev));
	ev->e = e;
	ev->proto = proto;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		ev->msg = vfmt(pk, fmt, ap);
		va_end(ap);
	} else {
		ev->msg = e->f.name;
	}
	*pk->experts_tail = ev;
	pk->experts_tail = &ev->next;
	pk->nexperts++;
	static int expert_tap; /* -z expert; data: the event */
	tap_queue_named(&expert_tap, "expert", pk, ev);
	if (e->severity > pk->max_severity)
		pk->max_severity = e->severity;
	if (e->group == PI_MALFORMED && e->severity == PI_ERROR)
		pk->malformed = true;
	struct item *it = pk_item(pk, &e->f, bv, off, len);
	if (it) {
		it->text = ev->msg;
		it->v.b.p = (const uint8_t *)ev->msg;
		it->v.b.n = (uint32_t)strlen(ev->msg);
	}
	/* The generic _ws.expert items, for -T fields and filters. The tree
	 * printers draw them from the event (out_tree's put_expert), so in
	 * tree mode they are not recorded. */
	if (!pk->tree && (hf_expert.wanted || hf_expert_msg.wanted ||
			  hf_expert_sev.wanted || hf_expert_grp.wanted)) {
		struct item *x = pk_item(pk, &hf_expert, bv, off, len);
		pk_item_text(pk, x, "Expert Info (%s/%s): %s",
			     tok_str(expert_severity_vals, e->severity, "Unknown"),
			     tok_str(expert_group_vals, e->group, "Unknown"),
			     ev->msg);
		pk_push(pk);
		struct item *m = pk_item(pk, &hf_expert_msg, bv, off, len);
		if (m) {
			m->v.b.p = (const uint8_t *)ev->msg;
			m->v.b.n = (uint32_t)strlen(ev->msg);
		}
		pk_add_uint(pk, &hf_expert_sev, bv, off, len, e->severity);
		pk_add_uint(pk, &hf_expert_grp, bv, off, len, e->group);
		pk_pop(pk);
	}
}

void pk_malformed(struct packet *pk, const char *proto, const struct bv *bv,
		  uint32_t off)
{
	/* Wireshark: "[Malformed Packet: PROTO]" at top level; tshark 4.0 does
	 * not list it in frame.protocols. */
	uint16_t d = pk->depth;
	pk->depth = 0;
	struct item *it = pk_item(pk, &hf_malformed, bv, off, 0);
	pk_item_text(pk, it, "[Malformed Packet: %s]", proto);
	pk_push(pk);
	pk_expert(pk, &ei_malformed, proto, bv, off, 0,
		  "Malformed Packet (Exception occurred)");
	pk->depth = d;
	pk->malformed = true;
	if (pk->cols)
		col_info_append(pk, "[Malformed Packet]");
}

void pk_short(struct packet *pk, const char *proto, const struct bv *bv,
	      uint32_t off)
{
	if (bv->len < bv->rlen)
		pk_truncated(pk, proto, bv);
	else
		pk_malformed(pk, proto, bv, off);
}

void pk_truncated(struct packet *pk, const char *proto, const struct bv *bv)
{
	uint16_t d = pk->depth;
	pk->depth = 0;
	struct item *it = pk_item(pk, &hf_short, bv, bv ? bv->len : 0, 0);
	pk_item_text(pk, it, "[Packet size limited during capture: %s truncated]",
		     proto);
	pk->depth = d;
	if (pk->cols)
		col_info_append(pk, "[Packet size limited during capture]");
}

void col_info_set(struct packet *pk, const char *s)
{
	if (!pk->cols)
		return;
	size_t n = strlen(s);
	size_t room = PK_INFO_MAX - 1 - pk->info_fence;
	if (n > room)
		n = room;
	memcpy(pk->info + pk->info_fence, s, n);
	pk->info_len = (uint16_t)(pk->info_fence + n);
	pk->info[pk->info_len] = '\0';
}

static void info_vappend(struct packet *pk, const char *fmt, va_list ap)
{
	size_t room = PK_INFO_MAX - pk->info_len;
	va_list aq;
	va_copy(aq, ap);
	int n = fmt_fast(pk->info + pk->info_len, room, fmt, aq);
	va_end(aq);
	if (n < 0)
		n = vsnprintf(pk->info + pk->info_len, room, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= room)
		n = (int)room - 1;
	pk->info_len = (uint16_t)(pk->info_len + n);
}

void col_info_printf(struct packet *pk, const char *fmt, ...)
{
	if (!pk->cols)
		return;
	pk->info_len = pk->info_fence;
	pk->info[pk->info_len] = '\0';
	va_list ap;
	va_start(ap, fmt);
	info_vappend(pk, fmt, ap);
	va_end(ap);
}

void col_info_append(struct packet *pk, const char *fmt, ...)
{
	if (!pk->cols)
		return;
	va_list ap;
	va_start(ap, fmt);
	info_vappend(pk, fmt, ap);
	va_end(ap);
}

void col_info_append_sep(struct packet *pk, const char *sep, const char *fmt,
			 ...)
{
	if (!pk->cols)
		return;
	if (pk->info_len && sep)
		col_info_append(pk, "%s", sep);
	va_list ap;
	va_start(ap, fmt);
	info_vappend(pk, fmt, ap);
	va_end(ap);
}

void col_info_prepend_fence(struct packet *pk, const char *s)
{
	if (!pk->cols)
		return;
	size_t n = strlen(s);
	if (n + pk->info_len >= PK_INFO_MAX)
		return;
	memmove(pk->info + n, pk->info, pk->info_len + 1u);
	memcpy(pk->info, s, n);
	pk->info_len = (uint16_t)(pk->info_len + n);
	if (pk->info_fence)
		pk->info_fence = (uint16_t)(pk->info_fence + n);
	else
		pk->info_fence = (uint16_t)n;
}

static void set_addr(struct address *a, enum addr_type t, const uint8_t *p)
{
	a->type = (uint8_t)t;
	size_t n = t == AT_ETHER ? 6 : t == AT_IPv4 ? 4 : t == AT_IPv6 ? 16 : 0;
	if (p && n)
		memcpy(a->a, p, n);
}

void pk_set_dl_addrs(struct packet *pk, enum addr_type t, const uint8_t *src,
		     const uint8_t *dst)
{
	set_addr(&pk->dl_src, t, src);
	set_addr(&pk->dl_dst, t, dst);
}

void pk_set_net_addrs(struct packet *pk, enum addr_type t, const uint8_t *src,
		      const uint8_t *dst)
{
	set_addr(&pk->net_src, t, src);
	set_addr(&pk->net_dst, t, dst);
}

size_t addr_fmt(const struct address *a, char *dst)
{
	switch (a->type) {
	case AT_ETHER: return fmt_ether(dst, a->a);
	case AT_IPv4: return fmt_ipv4(dst, a->a);
	case AT_IPv6: return fmt_ipv6(dst, a->a);
	default: dst[0] = '\0'; return 0;
	}
}

const struct item *pk_find(const struct packet *pk, int id,
			   const struct item *after)
{
	uint32_t i = after ? (uint32_t)(after - pk->items) + 1 : 0;
	for (; i < pk->nitems; i++)
		if (pk->items[i].f->id == id)
			return &pk->items[i];
	return NULL;
}
