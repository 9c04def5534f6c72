/* ctl.c — tapd's postfix control language (see ctl.h, docs/tapd.md).
 * Words are one table; each checks its own arguments and either succeeds or
 * reports one error through fail(), which also clears the stack.
 */
#include "ctl.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"
#include "../core/outbuf.h"
#include "../queue/machash.h"
#include "../queue/pqueue.h"
#include "tapd.h"

struct word {
	const char *name;
	const char *effect; /* stack effect, Forth notation */
	const char *help;
	int (*fn)(struct ctl *c, struct outbuf *o, const struct word *w);
};

static void val_free(struct ctl_val *v)
{
	xfree(v->str);
	xfree(v->bytes);
	v->str = NULL;
	v->bytes = NULL;
}

static void clear(struct ctl *c)
{
	while (c->depth > 0)
		val_free(&c->stack[--c->depth]);
}

void ctl_init(struct ctl *c, struct tapd *t)
{
	memset(c, 0, sizeof(*c));
	c->t = t;
}

void ctl_fini(struct ctl *c)
{
	clear(c);
}

static int fail(struct ctl *c, struct outbuf *o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct ctl *c, struct outbuf *o, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ob_puts(o, "error: ");
	ob_puts(o, msg);
	ob_putc(o, '\n');
	clear(c);
	return -1;
}

static int need(struct ctl *c, struct outbuf *o, const struct word *w, int n)
{
	if (c->depth >= n)
		return 0;
	return fail(c, o, "stack underflow: '%s' %s", w->name, w->effect);
}

static struct ctl_val *push(struct ctl *c, struct outbuf *o)
{
	if (c->depth >= CTL_STACK_MAX) {
		fail(c, o, "stack overflow (%d items)", CTL_STACK_MAX);
		return NULL;
	}
	struct ctl_val *v = &c->stack[c->depth++];
	memset(v, 0, sizeof(*v));
	return v;
}

/* Top of stack at depth k (0 = top). Caller checked need(). */
static struct ctl_val *peek(struct ctl *c, int k)
{
	return &c->stack[c->depth - 1 - k];
}

static void drop_n(struct ctl *c, int n)
{
	while (n-- > 0 && c->depth > 0)
		val_free(&c->stack[--c->depth]);
}

static const char *type_name(enum ctl_type t)
{
	switch (t) {
	case CV_INT: return "integer";
	case CV_FLOAT: return "number";
	case CV_MAC: return "MAC address";
	case CV_STR: return "string";
	case CV_FRAME: return "frame";
	}
	return "?";
}

/* The port number at depth k, checked against the configured ports. */
static int arg_if(struct ctl *c, struct outbuf *o, const struct word *w, int k,
		  unsigned *idx)
{
	struct ctl_val *v = peek(c, k);
	if (v->type != CV_INT)
		return fail(c, o, "%s: expected an interface number, got a %s",
			    w->name, type_name(v->type));
	if (v->i < 0 || (uint64_t)v->i >= c->t->nif)
		return fail(c, o, "%s: no interface %lld (%u configured)",
			    w->name, (long long)v->i, c->t->nif);
	*idx = (unsigned)v->i;
	return 0;
}

static int arg_prob(struct ctl *c, struct outbuf *o, const struct word *w,
		    int k, double *p)
{
	struct ctl_val *v = peek(c, k);
	double x;
	if (v->type == CV_INT)
		x = (double)v->i;
	else if (v->type == CV_FLOAT)
		x = v->f;
	else
		return fail(c, o, "%s: expected a probability, got a %s",
			    w->name, type_name(v->type));
	if (!(x >= 0.0 && x <= 1.0))
		return fail(c, o, "%s: probability %g not in [0,1]", w->name, x);
	*p = x;
	return 0;
}

/* --- printing --- */

static void print_double(struct outbuf *o, double x)
{
	char b[64];
	snprintf(b, sizeof(b), "%g", x);
	ob_puts(o, b);
}

static void hexdump(struct outbuf *o, const uint8_t *p, uint32_t n)
{
	for (uint32_t off = 0; off < n; off += 16) {
		uint32_t k = n - off < 16 ? n - off : 16;
		ob_hex(o, off, 4);
		ob_puts(o, "  ");
		for (uint32_t i = 0; i < 16; i++) {
			if (i == 8)
				ob_putc(o, ' ');
			if (i < k) {
				ob_hex(o, p[off + i], 2);
				ob_putc(o, ' ');
			} else {
				ob_puts(o, "   ");
			}
		}
		ob_puts(o, " |");
		for (uint32_t i = 0; i < k; i++) {
			uint8_t ch = p[off + i];
			ob_putc(o, ch >= 0x20 && ch < 0x7f ? (char)ch : '.');
		}
		ob_puts(o, "|\n");
	}
}

static void print_val(struct ctl *c, struct outbuf *o, const struct ctl_val *v,
		      bool brief)
{
	char b[32];
	switch (v->type) {
	case CV_INT:
		ob_i64(o, v->i);
		break;
	case CV_FLOAT:
		print_double(o, v->f);
		break;
	case CV_MAC:
		fmt_ether(b, v->mac);
		ob_puts(o, b);
		if (!brief) {
			ob_puts(o, "  ");
			ob_puts(o, oui_vendor(v->mac));
		}
		break;
	case CV_STR:
		ob_putc(o, '"');
		ob_puts(o, v->str);
		ob_putc(o, '"');
		break;
	case CV_FRAME:
		if (brief) {
			ob_puts(o, "<frame ");
			ob_u64(o, v->caplen);
			ob_putc(o, '>');
			break;
		}
		ob_puts(o, "frame len ");
		ob_u64(o, v->len);
		ob_puts(o, " caplen ");
		ob_u64(o, v->caplen);
		if (v->caplen || v->len) {
			ob_puts(o, " if ");
			ob_u64(o, v->ifindex);
			if (v->ifindex < c->t->nif) {
				ob_puts(o, " (");
				ob_puts(o, c->t->ifs[v->ifindex].name);
				ob_putc(o, ')');
			}
			ob_puts(o, v->dir == PQ_DIR_TX ? " TX" : " RX");
			ob_puts(o, " ts ");
			ob_nsec(o, v->ts_ns, 9);
		}
		ob_putc(o, '\n');
		hexdump(o, v->bytes, v->caplen);
		return;
	}
	if (!brief)
		ob_putc(o, '\n');
}

/* --- words --- */

static int w_dot(struct ctl *c, struct outbuf *o, const struct word *w)
{
	if (need(c, o, w, 1))
		return -1;
	print_val(c, o, peek(c, 0), false);
	drop_n(c, 1);
	return 0;
}

static int w_dots(struct ctl *c, struct outbuf *o, const struct word *w)
{
	(void)w;
	ob_putc(o, '<');
	ob_u64(o, (uint64_t)c->depth);
	ob_putc(o, '>');
	for (int i = 0; i < c->depth; i++) {
		ob_putc(o, ' ');
		print_val(c, o, &c->stack[i], true);
	}
	ob_putc(o, '\n');
	return 0;
}

static int w_drop(struct ctl *c, struct outbuf *o, const struct word *w)
{
	if (need(c, o, w, 1))
		return -1;
	drop_n(c, 1);
	return 0;
}

static int w_dup(struct ctl *c, struct outbuf *o, const struct word *w)
{
	if (need(c, o, w, 1))
		return -1;
	struct ctl_val src = *peek(c, 0);
	struct ctl_val *v = push(c, o);
	if (!v)
		return -1;
	*v = src;
	if (src.str)
		v->str = xstrdup(src.str);
	if (src.bytes) {
		v->bytes = xmalloc(src.caplen ? src.caplen : 1);
		memcpy(v->bytes, src.bytes, src.caplen);
	}
	return 0;
}

static int w_clear(struct ctl *c, struct outbuf *o, const struct word *w)
{
	(void)o;
	(void)w;
	clear(c);
	return 0;
}

static int w_words(struct ctl *c, struct outbuf *o, const struct word *w);
static int w_help(struct ctl *c, struct outbuf *o, const struct word *w);

static int need_queue(struct ctl *c, struct outbuf *o, const struct word *w)
{
	if (c->t->q)
		return 0;
	return fail(c, o, "%s: no packet queue", w->name);
}

static int w_hash_insert(struct ctl *c, struct outbuf *o, const struct word *w)
{
	if (need(c, o, w, 1))
		return -1;
	struct ctl_val *v = peek(c, 0);
	if (v->type != CV_MAC)
		return fail(c, o, "%s: expected a MAC address, got a %s",
			    w->name, type_name(v->type));
	if (machash_insert(c->t->mh, v->mac) < 0)
		return fail(c, o, "%s: MAC set full (%u addresses)", w->name,
			    MACHASH_MAX);
	drop_n(c, 1);
	return 0;
}

static int w_hash_reset(struct ctl *c, struct outbuf *o, const struct word *w)
{
	(void)o;
	(void)w;
	machash_reset(c->t->mh);
	return 0;
}

static int w_hash_show(struct ctl *c, struct outbuf *o, const struct word *w)
{
	(void)w;
	size_t n = machash_count(c->t->mh);
	if (n == 0) {
		ob_puts(o, "MAC hash empty: every frame is queued\n");
		return 0;
	}
	uint8_t(*list)[6] = xmalloc(n * 6);
	n = machash_list(c->t->mh, list, n);
	for (size_t i = 0; i < n; i++) {
		char b[20];
		fmt_ether(b, list[i]);
		ob_puts(o, b);
		ob_puts(o, "  ");
		ob_puts(o, oui_vendor(list[i]));
		ob_putc(o, '\n');
	}
	xfree(list);
	return 0;
}

static int w_queue_get(struct ctl *c, struct outbuf *o, const struct word *w)
{
	if (need_queue(c, o, w))
		return -1;
	struct ctl_val *v = push(c, o);
	if (!v)
		return -1;
	uint32_t ss = pq_slot_size(c->t->q);
	struct pq_meta m;
	v->type = CV_FRAME;
	v->bytes = xmalloc(ss);
	if (pq_dequeue_mc(c->t->q, &m, v->bytes, ss) == 1) {
		v->ts_ns = m.ts_ns;
		v->ifindex = m.ifindex;
		v->dir = m.dir;
		v->caplen = m.caplen < ss ? m.caplen : ss;
		v->len = m.len;
	}
	return 0;
}

static int w_queue_reset(struct ctl *c, struct outbuf *o, const struct word *w)
{
	if (need_queue(c, o, w))
		return -1;
	pq_reset(c->t->q);
	return 0;
}

static int w_queue_status(struct ctl *c, struct outbuf *o,
			  const struct word *w)
{
	if (need_queue(c, o, w))
		return -1;
	pq_status_print(c->t->q, o);
	return 0;
}

/* tap.rx.enable & co: which flag from the word's name. */
static int w_tap_flag(struct ctl *c, struct outbuf *o, const struct word *w)
{
	unsigned i = 0;
	if (need(c, o, w, 1) || arg_if(c, o, w, 0, &i))
		return -1;
	bool on = strstr(w->name, ".enable") != NULL;
	struct tapd_if *f = &c->t->ifs[i];
	if (strncmp(w->name, "tap.rx", 6) == 0)
		f->rx_tap = on;
	else if (strncmp(w->name, "tap.tx", 6) == 0)
		f->tx_tap = on;
	else
		f->fi_on = on;
	drop_n(c, 1);
	return 0;
}

static int w_fi_prob(struct ctl *c, struct outbuf *o, const struct word *w)
{
	unsigned i = 0;
	double p = 0;
	if (need(c, o, w, 2) || arg_if(c, o, w, 1, &i) ||
	    arg_prob(c, o, w, 0, &p))
		return -1;
	if (strcmp(w->name, "fi.drop") == 0)
		c->t->ifs[i].p_drop = p;
	else
		c->t->ifs[i].p_flip = p;
	drop_n(c, 2);
	return 0;
}

static int w_fi_seed(struct ctl *c, struct outbuf *o, const struct word *w)
{
	if (need(c, o, w, 1))
		return -1;
	struct ctl_val *v = peek(c, 0);
	if (v->type != CV_INT)
		return fail(c, o, "%s: expected an integer", w->name);
	/* xorshift must not start at 0 */
	c->t->rng = (uint64_t)v->i * 0x9e3779b97f4a7c15ull | 1;
	drop_n(c, 1);
	return 0;
}

static int w_if_add(struct ctl *c, struct outbuf *o, const struct word *w)
{
	if (need(c, o, w, 1))
		return -1;
	struct ctl_val *v = peek(c, 0);
	if (v->type != CV_STR)
		return fail(c, o, "%s: expected an interface name in quotes",
			    w->name);
	char err[256];
	int idx = tapd_if_add(c->t, v->str, err, sizeof(err));
	if (idx < 0)
		return fail(c, o, "%s: %s", w->name, err);
	drop_n(c, 1);
	return 0;
}

static void line_u64(struct outbuf *o, const char *k, uint64_t v)
{
	ob_puts(o, "  ");
	ob_puts(o, k);
	ob_putc(o, ' ');
	ob_u64(o, v);
	ob_putc(o, '\n');
}

static void line_str(struct outbuf *o, const char *k, const char *v)
{
	ob_puts(o, "  ");
	ob_puts(o, k);
	ob_putc(o, ' ');
	ob_puts(o, v);
	ob_putc(o, '\n');
}

/* "  RX tap 1234 (on)": frames copied into the queue, then the switch */
static void line_tap(struct outbuf *o, const char *k, uint64_t n, bool on)
{
	ob_puts(o, "  ");
	ob_puts(o, k);
	ob_putc(o, ' ');
	ob_u64(o, n);
	ob_puts(o, on ? " (on)\n" : " (off)\n");
}

static void line_prob(struct outbuf *o, const char *k, double v)
{
	char b[64];
	snprintf(b, sizeof(b), "%.6f", v);
	line_str(o, k, b);
}

/* "PREFIXxdp (native, copy)\n" or "PREFIXpacket\n" */
static void if_mode_line(struct outbuf *o, const char *prefix,
			 const struct tapd_if *f)
{
	ob_puts(o, prefix);
	ob_puts(o, tapd_mode_name(f->mode));
	if (f->mode == TAPD_MODE_XDP && f->how[0]) {
		ob_puts(o, " (");
		ob_puts(o, f->how);
		ob_putc(o, ')');
	}
	ob_putc(o, '\n');
}

static int w_if_stats(struct ctl *c, struct outbuf *o, const struct word *w)
{
	(void)w;
	if (c->t->nif == 0)
		ob_puts(o, "no interfaces\n");
	for (unsigned i = 0; i < c->t->nif; i++) {
		const struct tapd_if *f = &c->t->ifs[i];
		ob_puts(o, "if ");
		ob_u64(o, i);
		ob_putc(o, ' ');
		ob_puts(o, f->name);
		ob_putc(o, '\n');
		line_u64(o, "rx", f->st.rx);
		line_u64(o, "tx", f->st.tx);
		line_u64(o, "drop", f->st.drop);
		line_u64(o, "noif", f->st.noif);
		line_u64(o, "err", f->st.err);
		line_tap(o, "RX tap", f->st.rx_tap, f->rx_tap);
		line_tap(o, "TX tap", f->st.tx_tap, f->tx_tap);
		line_str(o, "fault injection", f->fi_on ? "on" : "off");
		line_prob(o, "drop probability", f->p_drop);
		line_prob(o, "flip probability", f->p_flip);
		line_u64(o, "dropped by FI", f->st.fi_dropped);
		line_u64(o, "flipped by FI", f->st.fi_flipped);
		if_mode_line(o, "  mode ", f);
	}
	return 0;
}

/* tap.status: how tapd runs (ports' data paths, what it kept of its
 * privileges after set-up). */
static int w_tap_status(struct ctl *c, struct outbuf *o, const struct word *w)
{
	(void)w;
	line_str(o, "requested mode", tapd_mode_name(c->t->mode));
	line_str(o, "privileges", c->t->privs[0] ? c->t->privs : "unchanged");
	for (unsigned i = 0; i < c->t->nif; i++) {
		const struct tapd_if *f = &c->t->ifs[i];
		ob_puts(o, "  if ");
		ob_u64(o, i);
		ob_putc(o, ' ');
		ob_puts(o, f->name);
		if_mode_line(o, " ", f);
	}
	return 0;
}

static int w_if_qstats(struct ctl *c, struct outbuf *o, const struct word *w)
{
	(void)w;
	tapd_poll_qstats(c->t);
	if (c->t->nif == 0)
		ob_puts(o, "no interfaces\n");
	for (unsigned i = 0; i < c->t->nif; i++) {
		const struct tapd_if *f = &c->t->ifs[i];
		ob_puts(o, "if ");
		ob_u64(o, i);
		ob_putc(o, ' ');
		ob_puts(o, f->name);
		ob_puts(o, " queue 0\n");
		line_u64(o, "packets", f->st.q_packets);
		line_u64(o, "drops", f->st.q_drops);
	}
	return 0;
}

static const struct word words[] = {
	{ "tap.hash.insert", "( mac -- )",
	  "queue only frames from/to these MACs", w_hash_insert },
	{ "tap.hash.reset", "( -- )", "empty the MAC filter (queue all)",
	  w_hash_reset },
	{ "tap.hash.show", "( -- )", "list the MAC filter with vendors",
	  w_hash_show },
	{ "tap.queue.get", "( -- frame )",
	  "take one frame from the queue (len 0 when empty)", w_queue_get },
	{ "tap.queue.reset", "( -- )", "discard queued frames, zero counters",
	  w_queue_reset },
	{ "tap.queue.status", "( -- )", "print the queue counters",
	  w_queue_status },
	{ "tap.rx.enable", "( if -- )", "queue frames received on port if",
	  w_tap_flag },
	{ "tap.rx.disable", "( if -- )", "stop queueing frames received on if",
	  w_tap_flag },
	{ "tap.tx.enable", "( if -- )", "queue frames sent out of port if",
	  w_tap_flag },
	{ "tap.tx.disable", "( if -- )", "stop queueing frames sent out of if",
	  w_tap_flag },
	{ "if.add", "( \"name\" -- )", "add a bridge port", w_if_add },
	{ "if.stats", "( -- )", "per-port counters", w_if_stats },
	{ "if.qstats", "( -- )", "per-queue kernel counters", w_if_qstats },
	{ "tap.status", "( -- )",
	  "data path of each port, privileges kept", w_tap_status },
	{ "fi.drop", "( if p -- )",
	  "drop frames sent out of if with probability p", w_fi_prob },
	{ "fi.flip", "( if q -- )",
	  "flip one bit of frames sent out of if with probability q",
	  w_fi_prob },
	{ "fi.enable", "( if -- )", "turn fault injection on for port if",
	  w_tap_flag },
	{ "fi.disable", "( if -- )", "turn fault injection off for port if",
	  w_tap_flag },
	{ "fi.seed", "( n -- )", "seed the fault injection generator",
	  w_fi_seed },
	{ ".s", "( -- )", "show the stack", w_dots },
	{ ".", "( x -- )", "print and drop the top of the stack", w_dot },
	{ "drop", "( x -- )", "drop the top of the stack", w_drop },
	{ "dup", "( x -- x x )", "duplicate the top of the stack", w_dup },
	{ "clear", "( ... -- )", "empty the stack", w_clear },
	{ "words", "( -- )", "list the words", w_words },
	{ "help", "( -- )", "list the words with stack effects", w_help },
	{ NULL, NULL, NULL, NULL },
};

static int w_words(struct ctl *c, struct outbuf *o, const struct word *w)
{
	(void)c;
	(void)w;
	for (const struct word *x = words; x->name; x++) {
		if (x != words)
			ob_putc(o, ' ');
		ob_puts(o, x->name);
	}
	ob_putc(o, '\n');
	return 0;
}

static int w_help(struct ctl *c, struct outbuf *o, const struct word *w)
{
	(void)c;
	(void)w;
	for (const struct word *x = words; x->name; x++) {
		char b[160];
		snprintf(b, sizeof(b), "%-16s %-14s %s\n", x->name, x->effect,
			 x->help);
		ob_puts(o, b);
	}
	ob_puts(o, "literals: 42 0x2a 0.02 2% 00:23:7d:86:71:ff \"name\"; "
		   "\\ or # comments\n");
	return 0;
}

/* --- the reader --- */

static bool parse_number(const char *s, struct ctl_val *v)
{
	char *end;
	size_t n = strlen(s);
	if (n == 0)
		return false;
	bool pct = s[n - 1] == '%';
	bool is_float = pct || strpbrk(s, ".eE") != NULL;
	bool hex = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) ||
		   ((s[0] == '-' || s[0] == '+') && s[1] == '0' &&
		    (s[2] == 'x' || s[2] == 'X'));
	if (hex)
		is_float = false;
	errno = 0;
	if (!is_float) {
		long long x = strtoll(s, &end, hex ? 16 : 10);
		if (errno || end == s || *end)
			return false;
		v->type = CV_INT;
		v->i = x;
		return true;
	}
	double d = strtod(s, &end);
	if (errno || end == s || (pct ? end != s + n - 1 : *end != '\0') ||
	    !isfinite(d))
		return false;
	v->type = CV_FLOAT;
	v->f = pct ? d / 100.0 : d;
	return true;
}

static int exec_token(struct ctl *c, const char *tok, struct outbuf *o)
{
	for (const struct word *w = words; w->name; w++)
		if (strcmp(w->name, tok) == 0)
			return w->fn(c, o, w);
	struct ctl_val tmp;
	memset(&tmp, 0, sizeof(tmp));
	if (strchr(tok, ':') && mac_parse(tok, tmp.mac)) {
		tmp.type = CV_MAC;
	} else if (!parse_number(tok, &tmp)) {
		return fail(c, o, "unknown word '%s'", tok);
	}
	struct ctl_val *v = push(c, o);
	if (!v)
		return -1;
	*v = tmp;
	return 0;
}

int ctl_eval(struct ctl *c, const char *line, size_t len, struct outbuf *o)
{
	char tok[CTL_LINE_MAX];
	size_t i = 0;
	while (i < len) {
		unsigned char ch = (unsigned char)line[i];
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' ||
		    ch == '\v' || ch == '\f' || ch == '\0') {
			i++;
			continue;
		}
		if (ch == '"') {
			size_t j = i + 1;
			while (j < len && line[j] != '"' && line[j] != '\0' &&
			       line[j] != '\n')
				j++;
			if (j >= len || line[j] != '"')
				return fail(c, o, "unterminated string");
			size_t n = j - i - 1;
			struct ctl_val *v = push(c, o);
			if (!v)
				return -1;
			v->type = CV_STR;
			v->str = xmalloc(n + 1);
			memcpy(v->str, line + i + 1, n);
			v->str[n] = '\0';
			i = j + 1;
			continue;
		}
		size_t j = i;
		while (j < len) {
			unsigned char d = (unsigned char)line[j];
			if (d == ' ' || d == '\t' || d == '\r' || d == '\n' ||
			    d == '\v' || d == '\f' || d == '\0')
				break;
			j++;
		}
		size_t n = j - i;
		if ((n == 1 && ch == '\\') || ch == '#') {
			/* comment to the end of the line */
			while (j < len && line[j] != '\n')
				j++;
			i = j;
			continue;
		}
		if (n >= sizeof(tok))
			return fail(c, o, "token too long (%zu bytes)", n);
		memcpy(tok, line + i, n);
		tok[n] = '\0';
		if (exec_token(c, tok, o) < 0)
			return -1;
		i = j;
	}
	return 0;
}

int ctl_run_file(struct ctl *c, const char *path, struct outbuf *o)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		ob_puts(o, "error: ");
		ob_puts(o, path);
		ob_puts(o, ": ");
		ob_puts(o, strerror(errno));
		ob_putc(o, '\n');
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int bad = 0;
	unsigned lineno = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (ctl_eval(c, line, (size_t)n, o) < 0) {
			bad++;
			ob_puts(o, "  at ");
			ob_puts(o, path);
			ob_putc(o, ':');
			ob_u64(o, lineno);
			ob_putc(o, '\n');
		}
	}
	free(line);
	fclose(f);
	return bad;
}
