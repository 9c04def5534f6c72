/* expert_stat.c — -z expert[,error|warn|note|chat|comment][,filter]:
 * expert infos grouped by severity, then by (protocol, summary) in
 * first-seen order, tshark 4.0's layout (ui/cli/tap-expert.c). Listens to
 * the "expert" tap, which pk_expert() queues once per raised event with the
 * struct expert_event as data. */
#include "stat_registry.h"
#include "../core/alloc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

enum { LV_COMMENT, LV_CHAT, LV_NOTE, LV_WARN, LV_ERROR, LV_MAX };

struct expert_entry {
	uint32_t group;
	int frequency;
	char *protocol, *summary;
};

struct expert_stat {
	int lowest;
	struct expert_entry *e[LV_MAX];
	uint32_t n[LV_MAX], cap[LV_MAX];
};


static int level_of(uint32_t severity)
{
	switch (severity) {
	case PI_COMMENT: return LV_COMMENT;
	case PI_CHAT: return LV_CHAT;
	case PI_NOTE: return LV_NOTE;
	case PI_WARN: return LV_WARN;
	case PI_ERROR: return LV_ERROR;
	default: return -1;
	}
}

/* Distinct (protocol, summary) pairs are few; tshark searches linearly too,
 * and an entry is only created for a new pair (no per-packet allocation). */
static bool expert_packet(void *user, struct packet *pk, const void *data)
{
	struct expert_stat *es = user;
	const struct expert_event *ev = data;
	int lv = level_of(ev->e->severity);
	if (lv < 0 || lv < es->lowest)
		return false;
	const char *proto = ev->proto ? ev->proto : "";
	const char *sum = ev->msg ? ev->msg : "";
	for (uint32_t i = 0; i < es->n[lv]; i++) {
		struct expert_entry *x = &es->e[lv][i];
		if (!strcmp(x->protocol, proto) && !strcmp(x->summary, sum)) {
			x->frequency++;
			return true;
		}
	}
	if (es->n[lv] == es->cap[lv]) {
		es->cap[lv] = es->cap[lv] ? es->cap[lv] * 2 : 16;
		es->e[lv] = xrealloc(es->e[lv], es->cap[lv] * sizeof(*es->e[lv]));
	}
	struct expert_entry *x = &es->e[lv][es->n[lv]++];
	x->group = ev->e->group;
	x->frequency = 1;
	x->protocol = xstrdup(proto);
	x->summary = xstrdup(sum);
	return true;
}

static void draw_level(struct outbuf *o, const struct expert_stat *es, int lv,
		       const char *label)
{
	if (!es->n[lv])
		return;
	int total = 0;
	for (uint32_t i = 0; i < es->n[lv]; i++)
		total += es->e[lv][i].frequency;
	ob_printf(o, "\n%s (%d)\n", label, total);
	ob_puts(o, "=============\n");
	ob_puts(o, "   Frequency      Group           Protocol  Summary\n");
	for (uint32_t i = 0; i < es->n[lv]; i++) {
		const struct expert_entry *x = &es->e[lv][i];
		char unk[32];
		const char *g = tok_find(expert_group_vals, x->group);
		if (!g) {
			snprintf(unk, sizeof(unk), "Unknown (%d)", (int)x->group);
			g = unk;
		}
		ob_printf(o, "%12d %10s %18s  %s\n", x->frequency, g,
			  x->protocol, x->summary);
	}
}

static void expert_draw(void *user, struct outbuf *o)
{
	struct expert_stat *es = user;
	draw_level(o, es, LV_ERROR, "Errors");
	draw_level(o, es, LV_WARN, "Warns");
	draw_level(o, es, LV_NOTE, "Notes");
	draw_level(o, es, LV_CHAT, "Chats");
	draw_level(o, es, LV_COMMENT, "Comments");
}

/* "expert", "expert,LEVEL", "expert,LEVEL,FILTER", "expert,FILTER"
 * (tshark: a first word that is not a level starts the filter). */
static int expert_init(const char *arg, const char *rest, char *err,
		       size_t errlen)
{
	static const struct { const char *s; int lv; } levels[] = {
		{ "error", LV_ERROR }, { "warn", LV_WARN }, { "note", LV_NOTE },
		{ "chat", LV_CHAT }, { "comment", LV_COMMENT },
	};
	struct expert_stat *es = xcalloc(1, sizeof(*es));
	es->lowest = LV_COMMENT;
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		size_t n = strlen(levels[i].s);
		if (!strncasecmp(rest, levels[i].s, n)) {
			es->lowest = levels[i].lv;
			rest += n;
			break;
		}
	}
	if (*rest == ',')
		rest++;
	else if (*rest && rest != arg + strlen("expert,")) {
		/* "expert,errorX": tshark would take "X" as nothing; be strict */
		snprintf(err, errlen, "expected error, warn, note, chat or "
			 "comment, then an optional filter");
		xfree(es);
		return -1;
	}
	tap_match_fn match;
	void *ctx;
	if (stat_filter(rest, &match, &ctx, err, errlen) < 0) {
		xfree(es);
		return -1;
	}
	tap_listener_add("expert", 0, match, ctx, expert_packet, expert_draw,
			 NULL, es);
	return 0;
}

const struct stat_desc stat_expert = {
	"expert", "expert[,error|warn|note|chat|comment][,filter]", expert_init
};
