/* io_stat.c — -z io,stat,INTERVAL[,COLUMN...]: frames, bytes and field
 * calculations per time interval, in tshark 4.0's text layout
 * (ui/cli/tap-iostat.c): a box whose column widths follow the largest
 * value, interval labels "0.0 <> 0.5" (or "5 <> Dur" for the last row of
 * a whole-second interval), INTERVAL 0 = one row for the whole capture.
 *
 * A COLUMN is a display filter ("Frames and bytes" of matching frames), or
 * FUNC(field)filter with FUNC one of COUNT SUM MIN MAX AVG LOAD (and
 * FRAMES()/BYTES()). As in tshark, the field is read from what the
 * dissectors recorded: it must be referenced by a filter (usually the
 * column's own, "SUM(frame.len)frame.len") or the calculation sees no
 * values (tshark's manual: "the field ... MUST be part of the filter
 * string or the calculation will fail"). Times are microseconds since the
 * first frame, rounded as tshark rounds them. */
#include "stat_registry.h"
#include "../core/alloc.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum calc {
	CALC_FRAMES,
	CALC_BYTES,
	CALC_FRAMES_AND_BYTES,
	CALC_COUNT,
	CALC_SUM,
	CALC_MIN,
	CALC_MAX,
	CALC_AVG,
	CALC_LOAD,
};

/* Function names in tshark's matching order (a prefix test, so "FRAMES"
 * is tried before "FRAMES BYTES"). */
static const char *const calc_name[] = {
	"FRAMES", "BYTES", "FRAMES BYTES", "COUNT", "SUM", "MIN", "MAX",
	"AVG", "LOAD",
};
#define NCALC 9

/* One table cell: one column in one interval. */
struct io_cell {
	uint32_t frames;  /* frames that passed the column's filter */
	uint32_t num;     /* AVG: number of values */
	uint64_t counter; /* bytes, count, integer or time (ns) sum/min/max;
	                     LOAD: busy microseconds */
	float fcounter;   /* FT_FLOAT values */
	double dcounter;  /* FT_DOUBLE values */
};

struct io_stat;

struct io_col {
	struct io_stat *io;
	const char *text;       /* column text as given (NULL: empty column) */
	enum calc calc;
	const struct field *f;  /* field of a calculation, or NULL */
	struct io_cell *cells;  /* cells[i] covers interval i */
	uint32_t ncells, cap;
	uint64_t max_val;       /* largest value seen, for the column width */
	uint32_t max_frame;
};

struct io_stat {
	uint64_t interval;      /* microseconds; UINT64_MAX = whole capture */
	unsigned prec;          /* decimals of the interval labels */
	int64_t elapsed;        /* largest time since the first frame, ns */
	bool any;               /* a frame was seen */
	unsigned ncols;
	struct io_col *cols;
};

/* Time of a frame whose time since the first frame is negative: tshark
 * puts it in the interval of the last frame with a non-negative time
 * (this is global in tshark too). */
static uint64_t last_rel_us;

static bool is_int_type(enum ftype t)
{
	switch (t) {
	case FT_UINT8: case FT_UINT16: case FT_UINT24: case FT_UINT32:
	case FT_UINT64: case FT_INT8: case FT_INT16: case FT_INT32:
	case FT_INT64:
		return true;
	default:
		return false;
	}
}

static bool is_signed_type(enum ftype t)
{
	return t == FT_INT8 || t == FT_INT16 || t == FT_INT32 || t == FT_INT64;
}

/* The cell for interval idx, growing the column (new cells are zero). */
static struct io_cell *io_cell_at(struct io_col *c, uint32_t idx)
{
	if (idx >= c->cap) {
		uint32_t ncap = c->cap ? c->cap : 16;
		while (ncap <= idx)
			ncap *= 2;
		c->cells = xrealloc(c->cells, (size_t)ncap * sizeof(*c->cells));
		memset(c->cells + c->cap, 0,
		       (size_t)(ncap - c->cap) * sizeof(*c->cells));
		c->cap = ncap;
	}
	if (idx >= c->ncells)
		c->ncells = idx + 1;
	return &c->cells[idx];
}

/* Every frame: the capture's elapsed time (tshark's cfile.elapsed_time,
 * the largest time since the first frame). */
static bool io_clock(void *user, struct packet *pk, const void *data)
{
	struct io_stat *io = user;
	int64_t rel = pk->ts - pk->ts_first;
	if (!io->any || rel > io->elapsed)
		io->elapsed = rel;
	io->any = true;
	return false;
}

/* Adds one recorded value of c->f to cell it (tshark's per-type rules:
 * MIN takes the first value of the interval's first frame as its start). */
static void io_add_value(struct io_col *c, struct io_cell *it,
			 const struct item *x, bool first)
{
	enum ftype t = (enum ftype)c->f->type;
	uint64_t v = 0;
	if (t == FT_FLOAT || t == FT_DOUBLE) {
		double d = x->v.d;
		float fl = (float)d;
		switch (c->calc) {
		case CALC_SUM:
		case CALC_AVG:
			if (t == FT_FLOAT)
				it->fcounter += fl;
			else
				it->dcounter += d;
			break;
		case CALC_MIN:
			if (t == FT_FLOAT) {
				if (first || fl < it->fcounter)
					it->fcounter = fl;
			} else if (first || d < it->dcounter) {
				it->dcounter = d;
			}
			break;
		case CALC_MAX:
			if (t == FT_FLOAT) {
				if (fl > it->fcounter)
					it->fcounter = fl;
			} else if (d > it->dcounter) {
				it->dcounter = d;
			}
			break;
		default:
			break;
		}
		return;
	}
	if (t == FT_RELATIVE_TIME)
		v = (uint64_t)x->v.ns;
	else if (is_signed_type(t))
		v = (uint64_t)x->v.i;
	else
		v = x->v.u;
	switch (c->calc) {
	case CALC_SUM:
	case CALC_AVG:
		it->counter += v;
		break;
	case CALC_MIN:
		if (first)
			it->counter = v;
		else if (t == FT_INT64 ? (int64_t)v < (int64_t)it->counter :
			 is_signed_type(t) ? (int32_t)v < (int32_t)it->counter :
			 v < it->counter)
			it->counter = v;
		break;
	case CALC_MAX:
		if (t == FT_INT64 ? (int64_t)v > (int64_t)it->counter :
		    is_signed_type(t) ? (int32_t)v > (int32_t)it->counter :
		    v > it->counter)
			it->counter = v;
		break;
	default:
		break;
	}
}

/* LOAD: the busy time v (ns) ends in cell idx; it is spread backwards
 * over the earlier intervals, whole intervals first. Walking back from
 * the first interval wraps to the last one, as tshark's list does. */
static void io_add_load(struct io_col *c, uint32_t idx, uint64_t ns)
{
	uint64_t iv = c->io->interval;
	uint64_t val = ns / 1000;
	uint64_t tival = val % iv;
	c->cells[idx].counter += tival;
	val -= tival;
	uint32_t p = idx ? idx - 1 : c->ncells - 1;
	while (val > 0) {
		if (val < iv) {
			c->cells[p].counter += val;
			break;
		}
		c->cells[p].counter += iv;
		val -= iv;
		p = p ? p - 1 : c->ncells - 1;
	}
}

static bool io_packet(void *user, struct packet *pk, const void *data)
{
	struct io_col *c = user;
	struct io_stat *io = c->io;
	int64_t rel = pk->ts - pk->ts_first;
	uint64_t rel_us;
	if (rel >= 0) {
		rel_us = ((uint64_t)rel + 500) / 1000;
		last_rel_us = rel_us;
	} else {
		rel_us = last_rel_us;
	}
	/* Frames earlier than the latest interval go into it (tshark keeps
	 * a pointer to its last interval and never moves back). */
	uint32_t idx = c->ncells ? c->ncells - 1 : 0;
	if (io->interval != UINT64_MAX && rel_us / io->interval > idx)
		idx = (uint32_t)(rel_us / io->interval);
	struct io_cell *it = io_cell_at(c, idx);
	it->frames++;

	switch (c->calc) {
	case CALC_FRAMES:
	case CALC_BYTES:
	case CALC_FRAMES_AND_BYTES:
		it->counter += pk->len;
		break;
	case CALC_COUNT:
		for (const struct item *x = pk_find(pk, c->f->id, NULL); x;
		     x = pk_find(pk, c->f->id, x))
			it->counter++;
		break;
	case CALC_LOAD:
		for (const struct item *x = pk_find(pk, c->f->id, NULL); x;
		     x = pk_find(pk, c->f->id, x))
			io_add_load(c, idx, (uint64_t)x->v.ns);
		break;
	default: {
		bool first = it->frames == 1;
		for (const struct item *x = pk_find(pk, c->f->id, NULL); x;
		     x = pk_find(pk, c->f->id, x)) {
			if (c->calc == CALC_AVG)
				it->num++;
			io_add_value(c, it, x, first);
			first = false;
		}
		break;
	}
	}

	/* The largest value decides the column width. */
	uint64_t m = 0;
	enum ftype t = c->f ? (enum ftype)c->f->type : FT_NONE;
	switch (c->calc) {
	case CALC_FRAMES:
	case CALC_FRAMES_AND_BYTES:
		if (it->frames > c->max_frame)
			c->max_frame = it->frames;
		m = it->counter;
		break;
	case CALC_BYTES:
	case CALC_COUNT:
	case CALC_LOAD:
		m = it->counter;
		break;
	case CALC_SUM:
	case CALC_MIN:
	case CALC_MAX:
		if (t == FT_FLOAT)
			m = (uint64_t)(it->fcounter + 0.5);
		else if (t == FT_DOUBLE)
			m = (uint64_t)(it->dcounter + 0.5);
		else
			m = it->counter;
		break;
	case CALC_AVG:
		if (!it->num)
			break;
		if (t == FT_FLOAT)
			m = (uint64_t)it->fcounter / it->num;
		else if (t == FT_DOUBLE)
			m = (uint64_t)it->dcounter / it->num;
		else if (t == FT_RELATIVE_TIME)
			m = (it->counter / it->num + 500000000) / 1000000000;
		else
			m = it->counter / it->num;
		break;
	}
	if (m > c->max_val)
		c->max_val = m;
	return true;
}

/* Number of decimal digits of val, at most max_w (tshark's magnitude()). */
static int magnitude(uint64_t val, int max_w)
{
	int mag = 0;
	for (int i = 0; i < max_w; i++) {
		mag++;
		if ((val /= 10) == 0)
			break;
	}
	return mag;
}

static void pad(struct outbuf *o, int n, char ch)
{
	for (int i = 0; i < n; i++)
		ob_putc(o, ch);
}

/* A column label centred over a value of width lenval (tshark's
 * printcenter(): labels too narrow or too wide for it print oddly or not
 * at all, which is kept). */
static void print_center(struct outbuf *o, const char *label, int lenval)
{
	int lenlab = (int)strlen(label);
	int len = 6 - ((lenval - lenlab) / 2 + 1);
	if (len > 0 && len < 6) {
		int sp = 6 - len;
		pad(o, (lenval - lenlab) % 2 == 0 ? sp : sp + 1, ' ');
		ob_puts(o, label);
		pad(o, sp, ' ');
		ob_putc(o, '|');
	} else if (len > 0 && len <= 15) {
		ob_printf(o, "%s|", label);
	}
}

/* Column widths: fr for the frame count, val for the value. */
struct col_w {
	int fr, val, mag;
	bool time, flt, sgn;
};

static void print_cell(struct outbuf *o, const struct io_col *c,
		       const struct col_w *w, const struct io_cell *it,
		       bool last, uint64_t interval, uint64_t span)
{
	static const struct io_cell zero;
	if (!it)
		it = &zero;
	switch (c->calc) {
	case CALC_FRAMES:
		ob_printf(o, " %*u |", w->fr, it->frames);
		return;
	case CALC_FRAMES_AND_BYTES:
		ob_printf(o, " %*u | %*llu |", w->fr, it->frames, w->val,
			  (unsigned long long)it->counter);
		return;
	case CALC_BYTES:
	case CALC_COUNT:
		ob_printf(o, " %*llu |", w->val, (unsigned long long)it->counter);
		return;
	default:
		break;
	}
	enum ftype t = (enum ftype)c->f->type;
	uint64_t v = it->counter;
	if (c->calc == CALC_LOAD) {
		uint64_t d = last ? span : interval;
		if (!d)
			d = 1;
		ob_printf(o, " %*u.%06u |", w->mag, (unsigned)(v / d),
			  (unsigned)((v % d) * 1000000 / d));
		return;
	}
	uint32_t num = c->calc == CALC_AVG && it->num ? it->num : 1;
	if (t == FT_FLOAT || t == FT_DOUBLE) {
		double d = t == FT_FLOAT ? (double)it->fcounter : it->dcounter;
		if (c->calc == CALC_AVG)
			d = t == FT_FLOAT ? (double)(it->fcounter / (float)num) :
					    it->dcounter / num;
		ob_printf(o, " %*.6f |", w->mag, d);
		return;
	}
	if (c->calc == CALC_AVG)
		v /= num;
	if (t == FT_RELATIVE_TIME) {
		v = (v + 500) / 1000;
		ob_printf(o, " %*u.%06u |", w->mag, (unsigned)(v / 1000000),
			  (unsigned)(v % 1000000));
	} else if (w->sgn) {
		ob_printf(o, " %*lld |", w->val, (long long)v);
	} else {
		ob_printf(o, " %*llu |", w->val, (unsigned long long)v);
	}
}

/* "| Col 1: filter...|" lines; filters wider than the box wrap at the
 * last space that fits (or hard at the width). */
static void draw_filters(struct outbuf *o, const struct io_stat *io,
			 int borderlen)
{
	ob_puts(o, "| Col");
	for (unsigned j = 0; j < io->ncols; j++) {
		ob_printf(o, j == 0 ? "%2u: " : "|    %2u: ", j + 1);
		const char *flt = io->cols[j].text;
		if (!flt) {
			ob_puts(o, "Frames and bytes");
			pad(o, borderlen - 26, ' ');
			ob_puts(o, "|\n");
			continue;
		}
		int len = (int)strlen(flt);
		if (len + 11 <= borderlen) {
			ob_puts(o, flt);
			pad(o, borderlen - len - 10, ' ');
			ob_puts(o, "|\n");
			continue;
		}
		int max_w = borderlen - 11;
		for (;;) {
			if (len > max_w) {
				int cut = max_w, next = max_w;
				for (int k = max_w - 1; k >= 0; k--)
					if (flt[k] == ' ') {
						cut = k;
						next = k + 1;
						break;
					}
				ob_write(o, flt, (size_t)cut);
				pad(o, borderlen - cut - 10, ' ');
				ob_puts(o, "|\n");
				ob_puts(o, "|        ");
				flt += next;
				len = (int)strlen(flt);
			} else {
				ob_puts(o, flt);
				pad(o, borderlen - len - 10, ' ');
				ob_puts(o, "|\n");
				break;
			}
		}
	}
}

/* Draw hook of column 1's listener (user is that column). */
static void io_draw(void *user, struct outbuf *o)
{
	struct io_stat *io = ((struct io_col *)user)->io;
	uint64_t el = io->elapsed > 0 ? (uint64_t)io->elapsed : 0;
	uint64_t duration = (el / 1000000000) * 1000000 +
			    (el % 1000000000 + 500) / 1000;
	bool whole = io->interval == UINT64_MAX || io->interval > duration;
	uint64_t interval = whole ? duration : io->interval;

	unsigned dur_secs = (unsigned)(duration / 1000000);
	unsigned dur_secs_orig = dur_secs;
	unsigned dur_us = (unsigned)(duration % 1000000);
	unsigned dur_us_orig = dur_us;
	int dur_mag = magnitude(dur_secs, 5);
	/* The label width is fixed here, before rounding (tshark's). */
	int lab_w = dur_mag;
	int invl_mag = magnitude(interval / 1000000, 5);
	int prec, borderlen;
	if (interval == duration) {
		prec = dur_mag >= 2 ? 1 : dur_mag == 1 ? 3 : 6;
		borderlen = 30 + dur_mag + prec + 1;
	} else {
		prec = (int)io->prec;
		borderlen = 24 + invl_mag + (prec ? prec + 1 : 0);
	}
	uint64_t dv = 1000000;
	for (int i = 0; i < prec; i++)
		dv /= 10;
	if (duration % dv > 5 * (dv / 10)) {
		duration += 5 * (dv / 10);
		duration = duration / dv * dv;
		dur_secs = (unsigned)(duration / 1000000);
		dur_us = (unsigned)(duration % 1000000);
		dur_mag = magnitude(dur_secs, 5);
	}
	if (whole)
		interval = duration;

	int invl_col_w = prec == 0 ? 2 * dur_mag + 8 :
				     2 * dur_mag + 2 * prec + 10;
	if (invl_col_w < 12)
		invl_col_w = 12;
	if (borderlen < invl_col_w)
		borderlen = invl_col_w;

	struct col_w *w = xcalloc(io->ncols ? io->ncols : 1, sizeof(*w));
	int tabrow_w = invl_col_w;
	for (unsigned j = 0; j < io->ncols; j++) {
		struct io_col *c = &io->cols[j];
		int namelen = c->calc == CALC_FRAMES_AND_BYTES ?
				      5 : (int)strlen(calc_name[c->calc]);
		if (c->calc == CALC_FRAMES || c->calc == CALC_FRAMES_AND_BYTES) {
			w[j].fr = magnitude(c->max_frame, 15);
			if (w[j].fr < 6)
				w[j].fr = 6;
			tabrow_w += w[j].fr + 3;
			if (c->calc == CALC_FRAMES_AND_BYTES) {
				w[j].val = magnitude(c->max_val, 15);
				if (w[j].val < 5)
					w[j].val = 5;
				tabrow_w += w[j].val + 3;
			}
			continue;
		}
		if (c->calc == CALC_BYTES || c->calc == CALC_COUNT) {
			w[j].val = magnitude(c->max_val, 15);
			if (w[j].val < 5)
				w[j].val = 5;
		} else {
			enum ftype t = (enum ftype)c->f->type;
			uint64_t m = c->max_val;
			if (t == FT_FLOAT || t == FT_DOUBLE) {
				w[j].mag = magnitude(m, 15);
				w[j].val = w[j].mag + 7;
				w[j].flt = true;
			} else if (t == FT_RELATIVE_TIME) {
				if (c->calc == CALC_LOAD)
					m = interval ? m / interval : 0;
				else if (c->calc != CALC_AVG)
					m = (m + 500000000) / 1000000000;
				w[j].mag = magnitude(m, 15);
				w[j].val = w[j].mag + 7;
				w[j].time = true;
			} else {
				w[j].val = magnitude(m, 15);
				if (w[j].val < namelen)
					w[j].val = namelen;
				w[j].sgn = is_signed_type(t);
			}
		}
		tabrow_w += w[j].val + 3;
	}
	if (borderlen < tabrow_w)
		borderlen = tabrow_w;
	int maxfltr_w = 0;
	for (unsigned j = 0; j < io->ncols; j++) {
		int k = io->cols[j].text ? (int)strlen(io->cols[j].text) + 11 : 26;
		if (k > maxfltr_w)
			maxfltr_w = k;
	}
	if (maxfltr_w > borderlen && borderlen < 102)
		borderlen = maxfltr_w < 102 ? maxfltr_w : 102;
	if (borderlen - tabrow_w == 1)
		borderlen++;

	/* Header box. */
	ob_putc(o, '\n');
	pad(o, borderlen, '=');
	ob_puts(o, "\n| IO Statistics");
	pad(o, borderlen - 16, ' ');
	ob_puts(o, "|\n|");
	pad(o, borderlen - 2, ' ');
	ob_puts(o, "|\n");
	if (prec == 0) {
		/* tshark prints the microseconds with "%6u" (space padded). */
		ob_printf(o, "| Duration: %*u.%6u secs", lab_w, dur_secs_orig,
			  dur_us_orig);
		pad(o, borderlen - (25 + dur_mag), ' ');
		ob_printf(o, "|\n| Interval: %*u secs", lab_w,
			  (unsigned)(interval / 1000000));
		pad(o, borderlen - (18 + dur_mag), ' ');
		ob_puts(o, "|\n");
	} else {
		ob_printf(o, "| Duration: %*u.%0*u secs", lab_w, dur_secs, prec,
			  (unsigned)(dur_us / dv));
		pad(o, borderlen - (19 + dur_mag + prec), ' ');
		ob_printf(o, "|\n| Interval: %*u.%0*u secs", lab_w,
			  (unsigned)(interval / 1000000), prec,
			  (unsigned)(interval % 1000000 / dv));
		pad(o, borderlen - (19 + dur_mag + prec), ' ');
		ob_puts(o, "|\n");
	}
	ob_putc(o, '|');
	pad(o, borderlen - 2, ' ');
	ob_puts(o, "|\n");
	draw_filters(o, io, borderlen);
	ob_puts(o, "|-");
	pad(o, borderlen - 3, '-');
	ob_puts(o, "|\n");

	/* Column numbers and labels. */
	int filler = tabrow_w < borderlen ? borderlen - tabrow_w - 1 : -1;
	ob_putc(o, '|');
	pad(o, invl_col_w - 2, ' ');
	ob_putc(o, '|');
	for (unsigned j = 0; j < io->ncols; j++) {
		enum calc ct = io->cols[j].calc;
		int width = ct == CALC_FRAMES_AND_BYTES ? w[j].fr + w[j].val + 3 :
			    ct == CALC_FRAMES ? w[j].fr : w[j].val;
		ob_printf(o, "%-2u", j + 1);
		pad(o, width, ' ');
		ob_putc(o, '|');
	}
	if (filler >= 0) {
		pad(o, filler, ' ');
		ob_putc(o, '|');
	}
	ob_puts(o, "\n| Interval");
	pad(o, invl_col_w - 11, ' ');
	ob_putc(o, '|');
	for (unsigned j = 0; j < io->ncols; j++) {
		enum calc ct = io->cols[j].calc;
		if (ct == CALC_FRAMES) {
			print_center(o, calc_name[ct], w[j].fr);
		} else if (ct == CALC_FRAMES_AND_BYTES) {
			print_center(o, "Frames", w[j].fr);
			print_center(o, "Bytes", w[j].val);
		} else {
			print_center(o, calc_name[ct], w[j].val);
		}
	}
	if (filler >= 0) {
		pad(o, filler, ' ');
		ob_putc(o, '|');
	}
	ob_puts(o, "\n|-");
	pad(o, tabrow_w - 3, '-');
	ob_putc(o, '|');
	if (filler >= 0) {
		pad(o, filler, ' ');
		ob_putc(o, '|');
	}
	ob_putc(o, '\n');

	/* Rows. */
	uint64_t nrows = 0;
	if (interval && duration)
		nrows = duration / interval + (duration % interval ? 1 : 0);
	const char *edge = prec == 0 && dur_mag == 1 ? "  " : " ";
	uint64_t t = 0;
	for (uint64_t i = 0; i < nrows; i++, t += interval) {
		bool last = i == nrows - 1;
		uint64_t end = last ? duration : t + interval;
		if (prec == 0) {
			if (last) {
				int maxw = dur_mag >= 3 ? dur_mag + 1 : 3;
				ob_printf(o, "|%s%*u <> %-*s|", dur_mag == 1 ? "  " : " ",
					  lab_w, (unsigned)(t / 1000000), maxw,
					  "Dur");
			} else {
				ob_printf(o, "|%s%*u <> %*u%s|", edge, lab_w,
					  (unsigned)(t / 1000000), lab_w,
					  (unsigned)(end / 1000000), edge);
			}
		} else {
			ob_printf(o, "|%s%*u.%0*u <> %*u.%0*u%s|", edge, lab_w,
				  (unsigned)(t / 1000000), prec,
				  (unsigned)(t % 1000000 / dv), lab_w,
				  (unsigned)(end / 1000000), prec,
				  (unsigned)(end % 1000000 / dv), edge);
		}
		for (unsigned j = 0; j < io->ncols; j++) {
			const struct io_col *c = &io->cols[j];
			const struct io_cell *it = i < c->ncells ? &c->cells[i] : NULL;
			print_cell(o, c, &w[j], it, last, interval, end - t);
		}
		if (filler >= 0) {
			pad(o, filler, ' ');
			ob_putc(o, '|');
		}
		ob_putc(o, '\n');
	}
	pad(o, borderlen, '=');
	ob_putc(o, '\n');
	xfree(w);
}

static void io_free(void *user)
{
	struct io_stat *io = user;
	for (unsigned j = 0; j < io->ncols; j++) {
		xfree(io->cols[j].cells);
		xfree((char *)io->cols[j].text);
	}
	xfree(io->cols);
	xfree(io);
}

/* Copy of s[0..n) without leading and trailing blanks. */
static char *strip_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *r = xmalloc(n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

/* Parses one column (text NULL: empty) into c and its filter text *flt
 * (NULL: none). Returns 0 or -1 with a message in err. */
static int io_parse_col(struct io_col *c, const char *text, const char **flt,
			char *fieldbuf, size_t fbsize, char *err, size_t errlen)
{
	c->calc = CALC_FRAMES_AND_BYTES;
	c->f = NULL;
	*flt = text;
	if (!text)
		return 0;
	/* tshark's matching: every function name that prefixes the text
	 * sets the type; one followed by '(' ends the search. FRAMES and
	 * BYTES without parentheses take no filter. */
	for (int j = 0; j < NCALC; j++) {
		size_t n = strlen(calc_name[j]);
		if (strncmp(text, calc_name[j], n) != 0) {
			if (c->calc == CALC_FRAMES || c->calc == CALC_BYTES)
				*flt = "";
			continue;
		}
		c->calc = (enum calc)j;
		if (text[n] != '(')
			continue;
		const char *p = text + n + 1;
		const char *close = strchr(p, ')');
		if (!close) {
			snprintf(err, errlen, "closing parenthesis missing "
				 "from calculated expression \"%s\"", text);
			return -1;
		}
		bool plain = c->calc == CALC_FRAMES || c->calc == CALC_BYTES;
		if (plain && close != p) {
			snprintf(err, errlen, "%s does not require or allow a "
				 "field name within the parens", calc_name[j]);
			return -1;
		}
		if (!plain && close == p) {
			snprintf(err, errlen, "you didn't specify a field "
				 "name for %s(*)", calc_name[j]);
			return -1;
		}
		*flt = close + 1;
		if (plain)
			break;
		size_t fl = (size_t)(close - p);
		if (fl >= fbsize)
			fl = fbsize - 1;
		memcpy(fieldbuf, p, fl);
		fieldbuf[fl] = '\0';
		c->f = field_lookup(fieldbuf);
		if (!c->f) {
			snprintf(err, errlen, "there is no field named '%s'",
				 fieldbuf);
			return -1;
		}
		break;
	}
	if (c->f) {
		enum ftype t = (enum ftype)c->f->type;
		const char *fn = calc_name[c->calc];
		if (is_int_type(t)) {
			/* LOAD sums busy times: tshark refuses it on any
			 * other type once a value is seen; refuse it here. */
			if (c->calc == CALC_LOAD) {
				snprintf(err, errlen, "LOAD() is only supported "
					 "for relative-time fields such as "
					 "smb.time, not %s", fieldbuf);
				return -1;
			}
		} else if (t == FT_FLOAT || t == FT_DOUBLE) {
			if (c->calc == CALC_LOAD) {
				snprintf(err, errlen, "%s is a float field, so "
					 "%s(*) calculations are not supported "
					 "on it", fieldbuf, fn);
				return -1;
			}
		} else if (t != FT_RELATIVE_TIME && c->calc != CALC_COUNT) {
			snprintf(err, errlen, "%s doesn't have integral values, "
				 "so %s(*) calculations are not supported on it",
				 fieldbuf, fn);
			return -1;
		}
	} else if (c->calc > CALC_FRAMES_AND_BYTES) {
		/* "COUNT" etc. without parentheses. */
		snprintf(err, errlen, "%s needs a field: %s(field)filter", 
			 calc_name[c->calc], calc_name[c->calc]);
		return -1;
	}
	return 0;
}

static int io_init(const char *arg, const char *rest, char *err,
		   size_t errlen)
{
	static const char usage[] =
		"expected io,stat,INTERVAL[,FILTER|FUNC(field)FILTER]... "
		"with INTERVAL in seconds (0: whole capture)";
	size_t alen = strlen(arg);
	if (!*rest || arg[alen - 1] == ',') {
		snprintf(err, errlen, "%s", usage);
		return -1;
	}
	char *end;
	double f = strtod(rest, &end);
	if (end == rest || (*end && *end != ',') || !isfinite(f) || f < 0 ||
	    isspace((unsigned char)*rest)) {
		snprintf(err, errlen, "%s", usage);
		return -1;
	}
	struct io_stat *io = xcalloc(1, sizeof(*io));
	if (f == 0) {
		io->interval = UINT64_MAX;
	} else {
		double us = f * 1000000.0 + 0.5;
		io->interval = us >= 1.8e19 ? UINT64_MAX - 1 : (uint64_t)us;
		if (io->interval < 1) {
			xfree(io);
			snprintf(err, errlen, "interval must be >= 0.000001 "
				 "seconds or 0 for the whole capture");
			return -1;
		}
		/* Decimals of the labels: those the interval needs, or as
		 * many zeros as were written after the point ("1.00"). */
		io->prec = 6;
		for (uint64_t i = 10; i < 10000000; i *= 10) {
			if (io->interval % i)
				break;
			io->prec--;
		}
		if (io->prec == 0) {
			const char *dot = memchr(rest, '.', (size_t)(end - rest));
			if (dot && end - dot - 1 > 0)
				io->prec = (unsigned)(end - dot - 1 < 6 ?
						      end - dot - 1 : 6);
		}
	}

	/* Columns: split at every ',' (as tshark 4.0 does). */
	unsigned n = 1;
	const char *cols = *end == ',' ? end + 1 : NULL;
	if (cols)
		for (const char *s = cols; (s = strchr(s, ',')); s++)
			n++;
	io->ncols = n;
	io->cols = xcalloc(n, sizeof(*io->cols));
	const char *s = cols;
	for (unsigned j = 0; j < n; j++) {
		struct io_col *c = &io->cols[j];
		c->io = io;
		c->text = NULL;
		if (s) {
			const char *comma = strchr(s, ',');
			size_t len = comma ? (size_t)(comma - s) : strlen(s);
			char *txt = strip_dup(s, len);
			/* An empty column (",,", or blank at the end) is
			 * "Frames and bytes" of every frame. */
			if (len == 0 || (!comma && !*txt))
				xfree(txt);
			else
				c->text = txt;
			s = comma ? comma + 1 : NULL;
		}
	}
	tap_match_fn *match = xcalloc(n, sizeof(*match));
	void **ctx = xcalloc(n, sizeof(*ctx));
	for (unsigned j = 0; j < n; j++) {
		struct io_col *c = &io->cols[j];
		const char *flt;
		char field[128];
		char e[300];
		e[0] = '\0';
		if (io_parse_col(c, c->text, &flt, field, sizeof(field), e,
				 sizeof(e)) < 0 ||
		    stat_filter(flt, &match[j], &ctx[j], e, sizeof(e)) < 0) {
			snprintf(err, errlen, "column %u: %s", j + 1, e);
			xfree(match);
			xfree(ctx);
			io_free(io);
			return -1;
		}
		io_cell_at(c, 0);
	}
	/* The clock listener sees every frame; the columns see those that
	 * pass their filter. Column 1 draws the table. */
	struct tap_listener *l = tap_listener_add("frame", 0, NULL, NULL,
						  io_clock, NULL, NULL, io);
	tap_listener_set_free(l, io_free);
	for (unsigned j = 0; j < n; j++)
		tap_listener_add("frame", 0, match[j], ctx[j], io_packet,
				 j == 0 ? io_draw : NULL, NULL, &io->cols[j]);
	xfree(match);
	xfree(ctx);
	return 0;
}

const struct stat_desc stat_io_stat = {
	"io,stat", "io,stat,interval[,filter|FUNC(field)filter]...", io_init,
};
