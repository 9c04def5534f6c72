/* tap.c — tap registry, per-packet queue and listener dispatch. */
#include "tap.h"
#include "../core/alloc.h"

#include <string.h>

#define MAX_TAPS 128

struct tap_listener {
	int tap;
	unsigned flags;
	tap_match_fn match;
	void *match_ctx;
	tap_packet_fn packet;
	tap_draw_fn draw;
	tap_reset_fn reset;
	void (*free_user)(void *user); /* called by tap_remove_all, or NULL */
	void *user;
	uint64_t seen_pkt;    /* packet number of the cached filter result */
	bool seen_pass;
	struct tap_listener *next;
};

/* One queued (tap, data) pair, in the packet arena. */
struct tap_entry {
	int tap;
	const void *data;
	struct tap_entry *next;
};

static char *names[MAX_TAPS + 1];
static int nlisteners_of[MAX_TAPS + 1];
static int ntaps;
static struct tap_listener *listeners, **listeners_tail = &listeners;
static unsigned all_flags;

/* The queue hangs off the packet being dissected; a packet pointer tells
 * whether the queue belongs to the current packet (pk_begin resets the
 * arena, so a stale queue is detected by packet number). */
static struct tap_entry *q_head, **q_tail = &q_head;
static const struct packet *q_pk;
static uint64_t q_num;

int tap_find(const char *name)
{
	for (int i = 1; i <= ntaps; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return 0;
}

int tap_register(const char *name)
{
	int id = tap_find(name);
	if (id)
		return id;
	if (ntaps == MAX_TAPS)
		return 0;
	names[++ntaps] = xstrdup(name);
	return ntaps;
}

const char *tap_name(int id)
{
	return id >= 1 && id <= ntaps ? names[id] : NULL;
}

bool tap_has_listener(int id)
{
	return id >= 1 && id <= ntaps && nlisteners_of[id] > 0;
}

static void q_check(const struct packet *pk)
{
	if (q_pk != pk || q_num != pk->num) {
		q_head = NULL;
		q_tail = &q_head;
		q_pk = pk;
		q_num = pk->num;
	}
}

void tap_queue(int id, struct packet *pk, const void *data)
{
	if (!tap_has_listener(id))
		return;
	q_check(pk);
	struct tap_entry *e = arena_alloc(&pk->arena, sizeof(*e));
	e->tap = id;
	e->data = data;
	*q_tail = e;
	q_tail = &e->next;
}

struct tap_listener *tap_listener_add(const char *tap_name_, unsigned flags,
				      tap_match_fn match, void *match_ctx,
				      tap_packet_fn packet, tap_draw_fn draw,
				      tap_reset_fn reset, void *user)
{
	if (!tap_name_ || !*tap_name_)
		return NULL;
	int id = tap_register(tap_name_);
	if (!id)
		return NULL;
	struct tap_listener *l = xcalloc(1, sizeof(*l));
	l->tap = id;
	l->flags = flags;
	l->match = match;
	l->match_ctx = match_ctx;
	l->packet = packet;
	l->draw = draw;
	l->reset = reset;
	l->user = user;
	l->seen_pkt = UINT64_MAX;
	*listeners_tail = l;
	listeners_tail = &l->next;
	nlisteners_of[id]++;
	all_flags |= flags;
	return l;
}

unsigned tap_listener_flags(void) { return all_flags; }

void tap_dispatch(struct packet *pk)
{
	q_check(pk);
	for (struct tap_entry *e = q_head; e; e = e->next) {
		for (struct tap_listener *l = listeners; l; l = l->next) {
			if (l->tap != e->tap)
				continue;
			if (l->match) {
				if (l->seen_pkt != pk->num) {
					l->seen_pkt = pk->num;
					l->seen_pass = l->match(l->match_ctx, pk);
				}
				if (!l->seen_pass)
					continue;
			}
			if (l->packet)
				l->packet(l->user, pk, e->data);
		}
	}
	q_head = NULL;
	q_tail = &q_head;
}

/* tshark prepends each new listener to its list, so it draws the last
 * registered one first: "-z a -z b" prints b's table, then a's. */
static void draw_rev(struct tap_listener *l, struct outbuf *o)
{
	if (!l)
		return;
	draw_rev(l->next, o);
	if (l->draw)
		l->draw(l->user, o);
}

void tap_draw_all(struct outbuf *o) { draw_rev(listeners, o); }

void tap_reset_all(void)
{
	for (struct tap_listener *l = listeners; l; l = l->next)
		if (l->reset)
			l->reset(l->user);
}

void tap_listener_set_free(struct tap_listener *l, void (*free_user)(void *))
{
	if (l)
		l->free_user = free_user;
}

void tap_remove_all(void)
{
	struct tap_listener *l = listeners;
	while (l) {
		struct tap_listener *n = l->next;
		if (l->free_user)
			l->free_user(l->user);
		xfree(l);
		l = n;
	}
	listeners = NULL;
	listeners_tail = &listeners;
	memset(nlisteners_of, 0, sizeof(nlisteners_of));
	all_flags = 0;
}
