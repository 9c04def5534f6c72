/* output.c — the summary line and -T fields, in tshark 4.0's layout. */
#include "output.h"
#include "../core/alloc.h"
#include "../engine/fvalue.h"
#include "../dissect/manuf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool time_fmt_parse(const char *s, enum time_fmt *tf)
{
	static const struct { const char *n; enum time_fmt f; } t[] = {
		{ "r", TF_RELATIVE }, { "a", TF_ABSOLUTE }, { "ad", TF_ABSOLUTE_DATE },
		{ "adoy", TF_ABSOLUTE_DOY }, { "d", TF_DELTA }, { "dd", TF_DELTA_DISP },
		{ "e", TF_EPOCH }, { "u", TF_UTC }, { "ud", TF_UTC_DATE },
		{ "udoy", TF_UTC_DOY },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(s, t[i].n) == 0) {
			*tf = t[i].f;
			return true;
		}
	return false;
}

static size_t fmt_secs(char *dst, size_t dstlen, int64_t ns, int decimals)
{
	const char *sign = "";
	if (ns < 0) {
		sign = "-";
		ns = -ns;
	}
	long long sec = ns / 1000000000;
	long long frac = ns % 1000000000;
	for (int i = decimals; i < 9; i++)
		frac /= 10;
	int n = snprintf(dst, dstlen, "%s%lld.%0*lld", sign, sec, decimals, frac);
	return n < 0 ? 0 : (size_t)n;
}

static size_t fmt_clock(char *dst, size_t dstlen, int64_t ns, int decimals,
			bool utc, int date)
{
	time_t sec = (time_t)(ns / 1000000000);
	long long frac = ns % 1000000000;
	if (frac < 0) {
		frac += 1000000000;
		sec--;
	}
	for (int i = decimals; i < 9; i++)
		frac /= 10;
	struct tm tm;
	if (utc)
		gmtime_r(&sec, &tm);
	else
		localtime_r(&sec, &tm);
	int n;
	if (date == 1)
		n = snprintf(dst, dstlen, "%04d-%02d-%02d %02d:%02d:%02d.%0*lld",
			     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			     tm.tm_hour, tm.tm_min, tm.tm_sec, decimals, frac);
	else if (date == 2)
		n = snprintf(dst, dstlen, "%04d/%03d %02d:%02d:%02d.%0*lld",
			     tm.tm_year + 1900, tm.tm_yday + 1, tm.tm_hour,
			     tm.tm_min, tm.tm_sec, decimals, frac);
	else
		n = snprintf(dst, dstlen, "%02d:%02d:%02d.%0*lld", tm.tm_hour,
			     tm.tm_min, tm.tm_sec, decimals, frac);
	return n < 0 ? 0 : (size_t)n;
}

void out_set_mac_resolution(bool on) { manuf_set_resolution(on); }

/* Column text of an address: Ethernet addresses are name-resolved like
 * tshark's default (manuf/wka: "Apple_96:d2:a0", "Broadcast"; the plain
 * form with -n, see manuf_set_resolution). */
static size_t col_addr(const struct address *a, char *s)
{
	if (a->type == AT_ETHER)
		return manuf_eth_name(a->a, s, 64);
	return addr_fmt(a, s);
}

static void pad_left(struct outbuf *o, const char *s, size_t n, size_t w)
{
	for (size_t i = n; i < w; i++)
		ob_putc(o, ' ');
	ob_write(o, s, n);
}

void out_summary(struct outbuf *o, const struct packet *pk, enum time_fmt tf,
		 int decimals)
{
	char buf[64];
	size_t n = fmt_u64(buf, pk->num);
	pad_left(o, buf, n, 5);
	ob_putc(o, ' ');
	switch (tf) {
	case TF_RELATIVE: n = fmt_secs(buf, sizeof(buf), pk->ts - pk->ts_first, decimals); break;
	case TF_DELTA: n = fmt_secs(buf, sizeof(buf), pk->num > 1 ? pk->ts - pk->ts_prev_cap : 0, decimals); break;
	case TF_DELTA_DISP: n = fmt_secs(buf, sizeof(buf), pk->num > 1 ? pk->ts - pk->ts_prev_disp : 0, decimals); break;
	case TF_EPOCH: n = fmt_secs(buf, sizeof(buf), pk->ts, decimals); break;
	case TF_ABSOLUTE: n = fmt_clock(buf, sizeof(buf), pk->ts, decimals, false, 0); break;
	case TF_ABSOLUTE_DATE: n = fmt_clock(buf, sizeof(buf), pk->ts, decimals, false, 1); break;
	case TF_ABSOLUTE_DOY: n = fmt_clock(buf, sizeof(buf), pk->ts, decimals, false, 2); break;
	case TF_UTC: n = fmt_clock(buf, sizeof(buf), pk->ts, decimals, true, 0); break;
	case TF_UTC_DATE: n = fmt_clock(buf, sizeof(buf), pk->ts, decimals, true, 1); break;
	case TF_UTC_DOY: n = fmt_clock(buf, sizeof(buf), pk->ts, decimals, true, 2); break;
	}
	pad_left(o, buf, n, 10);
	ob_putc(o, ' ');
	const struct address *src = &pk->net_src, *dst = &pk->net_dst;
	if (src->type == AT_NONE) {
		src = &pk->dl_src;
		dst = &pk->dl_dst;
	}
	char s[64];
	n = col_addr(src, s);
	pad_left(o, s, n, 12);
	ob_puts(o, " → ");
	n = col_addr(dst, s);
	ob_write(o, s, n);
	for (size_t i = n; i < 12; i++)
		ob_putc(o, ' ');
	ob_putc(o, ' ');
	ob_puts(o, pk->col_proto ? pk->col_proto : "");
	ob_putc(o, ' ');
	ob_u64(o, pk->len);
	ob_putc(o, ' ');
	ob_write(o, pk->info, pk->info_len);
	ob_putc(o, '\n');
}

void fields_opts_init(struct fields_opts *fo)
{
	memset(fo, 0, sizeof(*fo));
	fo->separator = '\t';
	fo->occurrence = 'a';
	fo->aggregator = ',';
	fo->quote = 0;
}

bool fields_opts_parse_E(struct fields_opts *fo, const char *arg, char *err,
			 size_t errlen)
{
	const char *eq = strchr(arg, '=');
	if (!eq) {
		snprintf(err, errlen, "Invalid -E parameter \"%s\"", arg);
		return false;
	}
	size_t k = (size_t)(eq - arg);
	const char *v = eq + 1;
	if (k == 6 && strncmp(arg, "header", 6) == 0 && (*v == 'y' || *v == 'n') && !v[1]) {
		fo->header = *v == 'y';
	} else if (k == 9 && strncmp(arg, "separator", 9) == 0) {
		if (v[0] == '/' && v[1] == 't' && !v[2]) fo->separator = '\t';
		else if (v[0] == '/' && v[1] == 's' && !v[2]) fo->separator = ' ';
		else if (v[0] && !v[1]) fo->separator = v[0];
		else goto bad;
	} else if (k == 10 && strncmp(arg, "occurrence", 10) == 0 &&
		   (*v == 'f' || *v == 'l' || *v == 'a') && !v[1]) {
		fo->occurrence = *v;
	} else if (k == 10 && strncmp(arg, "aggregator", 10) == 0) {
		if (v[0] == '/' && v[1] == 's' && !v[2]) fo->aggregator = ' ';
		else if (v[0] && !v[1]) fo->aggregator = v[0];
		else goto bad;
	} else if (k == 5 && strncmp(arg, "quote", 5) == 0 && !v[1] &&
		   (*v == 'd' || *v == 's' || *v == 'n')) {
		fo->quote = *v == 'd' ? '"' : *v == 's' ? '\'' : 0;
	} else if (k == 10 && strncmp(arg, "bom", 3) == 0) {
		/* accepted for compatibility; tapir never writes a BOM */
	} else {
		goto bad;
	}
	return true;
bad:
	snprintf(err, errlen, "Invalid -E parameter \"%s\"", arg);
	return false;
}

const char *fields_opts_resolve(struct fields_opts *fo)
{
	const char *bad = NULL;
	for (int i = 0; i < fo->n; i++) {
		struct field *f = field_lookup(fo->names[i]);
		fo->ids[i] = f ? f->id : 0;
		if (!f && !bad)
			bad = fo->names[i];
		else if (f)
			field_want(fo->names[i]);
	}
	if (bad)
		return bad;
	int maxid = 0;
	for (int i = 0; i < fo->n; i++)
		if (fo->ids[i] > maxid)
			maxid = fo->ids[i];
	if (fo->n == 0)
		return NULL;
	/* The column map lives as long as the process (one -T fields list
	 * per run): the last one resolved is kept here, so it stays
	 * reachable and a second resolve frees the first. */
	static int *map_store;
	static uint32_t *head_store, *tail_store;
	xfree(map_store);
	xfree(head_store);
	xfree(tail_store);
	/* A field named twice fills only its last column: tshark's
	 * behaviour, which the overwrite below gives. */
	int *map = xcalloc((size_t)maxid + 1, sizeof(*map));
	for (int i = 0; i < fo->n; i++)
		map[fo->ids[i]] = i + 1;
	fo->colmap = map_store = map;
	fo->maxid = maxid;
	fo->head = head_store = xcalloc((size_t)fo->n, sizeof(*fo->head));
	fo->tail = tail_store = xcalloc((size_t)fo->n, sizeof(*fo->tail));
	return NULL;
}

void out_fields_header(struct outbuf *o, const struct fields_opts *fo)
{
	for (int i = 0; i < fo->n; i++) {
		if (i)
			ob_putc(o, fo->separator);
		ob_puts(o, fo->names[i]); /* tshark quotes values, not names */
	}
	ob_putc(o, '\n');
}

/* The one-pass form of out_fields (fo->colmap set): items of each column
 * are chained in packet order through nxt[], so the cost is one look at
 * each item instead of one scan of the items per column. */
static void out_fields_map(struct outbuf *o, const struct fields_opts *fo,
			   const struct packet *pk, char *buf, size_t bufsz)
{
	static uint32_t *nxt;
	static uint32_t capnxt;
	if (pk->nitems > capnxt) {
		capnxt = pk->nitems * 2;
		nxt = xrealloc(nxt, capnxt * sizeof(*nxt));
	}
	memset(fo->head, 0, (size_t)fo->n * sizeof(*fo->head));
	for (uint32_t i = 0; i < pk->nitems; i++) {
		int id = pk->items[i].f->id;
		if (id > fo->maxid || !fo->colmap[id])
			continue;
		int c = fo->colmap[id] - 1;
		nxt[i] = 0;
		if (!fo->head[c])
			fo->head[c] = i + 1;
		else
			nxt[fo->tail[c] - 1] = i + 1;
		fo->tail[c] = i + 1;
	}
	for (int c = 0; c < fo->n; c++) {
		if (c)
			ob_putc(o, fo->separator);
		if (!fo->head[c])
			continue;
		if (fo->quote)
			ob_putc(o, fo->quote);
		uint32_t k = fo->occurrence == 'l' ? fo->tail[c] : fo->head[c];
		for (bool first = true; k; k = fo->occurrence == 'a' ? nxt[k - 1] : 0) {
			if (!first)
				ob_putc(o, fo->aggregator);
			first = false;
			size_t n = item_value_str(&pk->items[k - 1], buf, bufsz);
			ob_write(o, buf, n < bufsz ? n : bufsz - 1);
		}
		if (fo->quote)
			ob_putc(o, fo->quote);
	}
	ob_putc(o, '\n');
}

void out_fields(struct outbuf *o, const struct fields_opts *fo,
		const struct packet *pk)
{
	/* tshark prints whole values (a reassembled payload can be 64 KiB
	 * and more, twice that in hex). */
	static char buf[1 << 20];
	if (!fo->colmap) { /* no -e */
		ob_putc(o, '\n');
		return;
	}
	out_fields_map(o, fo, pk, buf, sizeof(buf));
}
