/* io_phs.c — -z io,phs[,filter]: protocol hierarchy statistics, tshark
 * 4.0's layout (ui/cli/tap-protohierstat.c). Each packet walks its
 * top-level protocol tree nodes (struct packet.layers flagged in layer_top:
 * "ethertype" and protocols dissected inside another protocol's subtree,
 * such as the IP header quoted by ICMP, are not top-level) and counts its
 * frame length on every node of that path. */
#include "stat_registry.h"
#include "../core/alloc.h"

#include <stdio.h>
#include <string.h>

struct phs_node {
	const char *name;
	uint32_t frames;
	uint64_t bytes;
	struct phs_node *child, *sibling;
};

struct phs {
	const char *filter;
	struct phs_node *top; /* first top-level protocol, siblings follow */
};

/* Finds name among the list at *head or appends it (first-seen order). */
static struct phs_node *phs_get(struct phs_node **head, const char *name)
{
	struct phs_node **pp = head;
	for (; *pp; pp = &(*pp)->sibling)
		if ((*pp)->name == name || strcmp((*pp)->name, name) == 0)
			return *pp;
	struct phs_node *n = xcalloc(1, sizeof(*n));
	n->name = name;
	*pp = n;
	return n;
}

static bool phs_packet(void *user, struct packet *pk, const void *data)
{
	struct phs *ps = user;
	struct phs_node **level = &ps->top;
	for (unsigned i = 0; i < pk->nlayers && i < PK_MAX_LAYERS; i++) {
		if (!(pk->layer_top & (1u << i)))
			continue;
		struct phs_node *n = phs_get(level, pk->layers[i]);
		n->frames++;
		n->bytes += pk->len;
		level = &n->child;
	}
	return true;
}

static void phs_draw_level(struct outbuf *o, const struct phs_node *n,
			   int indent)
{
	for (; n; n = n->sibling) {
		char str[80];
		int off = 0;
		str[0] = '\0';
		for (int i = 0; i < indent; i++) {
			if (i > 15) {
				off += snprintf(str + off, sizeof(str) - (size_t)off, "...");
				break;
			}
			off += snprintf(str + off, sizeof(str) - (size_t)off, "  ");
		}
		snprintf(str + off, sizeof(str) - (size_t)off, "%s", n->name);
		ob_printf(o, "%-40s frames:%u bytes:%llu\n", str, n->frames,
			  (unsigned long long)n->bytes);
		phs_draw_level(o, n->child, indent + 1);
	}
}

static void phs_draw(void *user, struct outbuf *o)
{
	struct phs *ps = user;
	ob_puts(o, "\n===================================================================\n");
	ob_puts(o, "Protocol Hierarchy Statistics\n");
	ob_printf(o, "Filter: %s\n\n", ps->filter ? ps->filter : "");
	phs_draw_level(o, ps->top, 0);
	ob_puts(o, "===================================================================\n");
}

static int phs_init(const char *arg, const char *rest, char *err,
		    size_t errlen)
{
	tap_match_fn match;
	void *ctx;
	if (stat_filter(rest, &match, &ctx, err, errlen) < 0)
		return -1;
	struct phs *ps = xcalloc(1, sizeof(*ps));
	ps->filter = *rest ? rest : NULL;
	tap_listener_add("frame", 0, match, ctx, phs_packet, phs_draw, NULL,
			 ps);
	return 0;
}

const struct stat_desc stat_io_phs = { "io,phs", "io,phs[,filter]", phs_init };
