/* dfilter.c — display-filter compiler: recursive-descent parser for the
 * Wireshark 4.0 grammar, resolution of names against the field registry,
 * conversion of literals to the compared field's type, and the program tree
 * dfeval.c runs. Precedence, lowest first: or, and, not, relations. */
#include "dfilter_int.h"
#include "../core/alloc.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Scratch for string()/lower()/upper() values: two halves, one per side of
 * a comparison. Longer values are truncated to a half (see docs). */
#define SCRATCH_LEN (2u * 65536u)

struct dalloc {
	struct dalloc *next;
	max_align_t data[];
};

void *df_alloc(struct dfilter *df, size_t n)
{
	struct dalloc *a = xcalloc(1, sizeof(*a) + n + 1);
	a->next = df->allocs;
	df->allocs = a;
	return a->data;
}

void dfilter_free_allocs(struct dfilter *df)
{
	while (df->allocs) {
		struct dalloc *a = df->allocs;
		df->allocs = a->next;
		xfree(a);
	}
}

void dfilter_free(struct dfilter *df)
{
	if (!df)
		return;
	for (int i = 0; i < df->nre; i++) {
		pcre2_match_data_free(df->mds[i]);
		pcre2_code_free(df->res[i]);
	}
	xfree(df->res);
	xfree(df->mds);
	xfree(df->scratch);
	dfilter_free_allocs(df);
	xfree(df);
}

/* ---- compiler state ---- */

struct cc {
	struct dfilter *df;
	const char *text;
	int pos;             /* scan position after tok */
	struct token tok;    /* lookahead */
	char *err;
	size_t errlen;
	int errpos;
	jmp_buf jb;
	bool need_scratch;
};

static void fail(struct cc *c, int pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

static void fail(struct cc *c, int pos, const char *fmt, ...)
{
	if (c->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	c->errpos = pos;
	longjmp(c->jb, 1);
}

static void next(struct cc *c)
{
	char msg[256];
	if (!df_lex(c->df, c->text, &c->pos, &c->tok, msg, sizeof(msg)))
		fail(c, c->tok.pos, "%s", msg);
}

/* tshark: "X" was unexpected in this context / Unexpected end ... */
static void unexpected(struct cc *c)
{
	if (c->tok.kind == TK_EOF)
		fail(c, -1, "Unexpected end of filter expression.");
	fail(c, c->tok.pos, "\"%.*s\" was unexpected in this context.",
	     c->tok.len, c->text + c->tok.pos);
}

/* ---- syntax entities (before resolution) ---- */

enum ent_kind { E_WORD, E_STRING, E_CHAR, E_FUNC };

struct ent {
	enum ent_kind kind;
	struct token t;        /* the word, string, char or function name */
	int fn;                /* E_FUNC: enum fn_kind */
	struct ent *arg;       /* E_FUNC: first argument */
	int nargs;
	struct srange *rg;     /* slice */
	int nrg;
	int rgpos;             /* position of the slice text */
	struct ent *nextarg;   /* E_FUNC arguments: the next one */
	struct ent *mask;      /* "& literal" */
	int maskpos;
};

static const struct {
	const char *name;
	enum fn_kind fn;
} functions[] = {
	{ "len", FN_LEN }, { "count", FN_COUNT }, { "lower", FN_LOWER },
	{ "upper", FN_UPPER }, { "string", FN_STRING },
};

static const char *fn_name(int fn)
{
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
		if ((int)functions[i].fn == fn)
			return functions[i].name;
	return "?";
}

static bool parse_int32(const char *s, const char **end, int32_t *v)
{
	char *e;
	errno = 0;
	long x = strtol(s, &e, 10);
	if (e == s || errno || x > INT32_MAX || x < INT32_MIN)
		return false;
	*v = (int32_t)x;
	*end = e;
	return true;
}

/* One range of a slice: i, i:j, i-j, :j, i: (Wireshark's drange syntax). */
static void parse_range(struct cc *c, const struct token *t, struct srange *r)
{
	const char *s = t->str, *e;
	int32_t a = 0, b;
	if (*s == ':') {
		if (!parse_int32(s + 1, &e, &b) || *e)
			fail(c, t->pos, "\"%s\" is not a valid range.", s);
		if (b <= 0)
			fail(c, t->pos,
			     "Range %s isn't valid because length %d isn't positive",
			     s, (int)b);
		r->start = 0;
		r->len = b;
		return;
	}
	if (!parse_int32(s, &e, &a))
		fail(c, t->pos, "\"%s\" is not a valid number.", s);
	r->start = a;
	if (*e == '\0') {
		r->len = 1;
	} else if (*e == ':' && e[1] == '\0') {
		r->len = -1;
	} else if (*e == ':') {
		if (!parse_int32(e + 1, &e, &b) || *e)
			fail(c, t->pos, "\"%s\" is not a valid range.", s);
		if (b <= 0)
			fail(c, t->pos,
			     "Range %s isn't valid because length %d isn't positive",
			     s, (int)b);
		r->len = b;
	} else if (*e == '-') {
		if (!parse_int32(e + 1, &e, &b) || *e)
			fail(c, t->pos, "\"%s\" is not a valid range.", s);
		/* i-j: offsets i through j inclusive, both on the same side */
		if ((a < 0) != (b < 0) || b < a)
			fail(c, t->pos, "\"%s\" is not a valid range.", s);
		r->len = b - a + 1;
	} else {
		fail(c, t->pos, "\"%s\" is not a valid range.", s);
	}
}

static void parse_slice(struct cc *c, struct ent *e)
{
	/* at '[' */
	e->rgpos = c->tok.pos + 1;
	next(c);
	struct srange tmp[64];
	int n = 0;
	for (;;) {
		if (c->tok.kind == TK_EOF)
			fail(c, c->tok.pos, "The right bracket was missing from a slice.");
		if (c->tok.kind != TK_WORD)
			unexpected(c);
		if (n == 64)
			fail(c, c->tok.pos, "Too many ranges in a slice.");
		parse_range(c, &c->tok, &tmp[n++]);
		next(c);
		if (c->tok.kind == TK_COMMA) {
			next(c);
			continue;
		}
		if (c->tok.kind == TK_RBRACKET)
			break;
		if (c->tok.kind == TK_EOF)
			fail(c, c->tok.pos, "The right bracket was missing from a slice.");
		unexpected(c);
	}
	next(c);
	e->rg = df_alloc(c->df, sizeof(*e->rg) * (size_t)n);
	memcpy(e->rg, tmp, sizeof(*e->rg) * (size_t)n);
	e->nrg = n;
}

static struct ent *parse_atom(struct cc *c)
{
	struct ent *e = df_alloc(c->df, sizeof(*e));
	e->t = c->tok;
	switch (c->tok.kind) {
	case TK_STRING: e->kind = E_STRING; next(c); return e;
	case TK_CHAR: e->kind = E_CHAR; next(c); return e;
	case TK_WORD: break;
	default: unexpected(c);
	}
	e->kind = E_WORD;
	next(c);
	if (c->tok.kind == TK_LPAREN) {
		e->kind = E_FUNC;
		e->fn = -1;
		for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
			if (strcmp(e->t.str, functions[i].name) == 0)
				e->fn = functions[i].fn;
		if (e->fn < 0)
			fail(c, e->t.pos, "Function '%s' does not exist", e->t.str);
		next(c);
		struct ent **tail = &e->arg;
		while (c->tok.kind != TK_RPAREN) {
			if (e->nargs) {
				if (c->tok.kind != TK_COMMA)
					unexpected(c);
				next(c);
			}
			*tail = parse_atom(c);
			tail = &(*tail)->nextarg;
			e->nargs++;
		}
		next(c);
		return e;
	}
	if (c->tok.kind == TK_LBRACKET)
		parse_slice(c, e);
	return e;
}

/* atom [& atom] */
static struct ent *parse_entity(struct cc *c)
{
	struct ent *e = parse_atom(c);
	if (c->tok.kind == TK_BITAND) {
		e->maskpos = c->tok.pos;
		next(c);
		e->mask = parse_atom(c);
	}
	return e;
}

/* ---- types and literals ---- */

uint8_t df_class_of(int ft)
{
	switch (ft) {
	case FT_NONE: return VC_NONE;
	case FT_FLOAT: case FT_DOUBLE: return VC_DOUBLE;
	case FT_ABSOLUTE_TIME: return VC_ABSTIME;
	case FT_RELATIVE_TIME: return VC_RELTIME;
	case FT_IPv4: return VC_IPV4;
	case FT_IPv6: return VC_IPV6;
	case FT_STRING: return VC_STRING;
	case FT_PROTOCOL: case FT_ETHER: case FT_BYTES: case FT_GUID:
		return VC_BYTES;
	default: return VC_INT;
	}
}

/* tshark's type names in messages. */
static const char *type_desc(int ft)
{
	switch (ft) {
	case FT_NONE: return "Label";
	case FT_PROTOCOL: return "Protocol";
	case FT_BOOLEAN: return "Boolean";
	case FT_UINT8: return "Unsigned integer (1 byte)";
	case FT_UINT16: return "Unsigned integer (2 bytes)";
	case FT_UINT24: return "Unsigned integer (3 bytes)";
	case FT_UINT32: return "Unsigned integer (4 bytes)";
	case FT_UINT48: return "Unsigned integer (6 bytes)";
	case FT_UINT64: return "Unsigned integer (8 bytes)";
	case FT_INT8: return "Signed integer (1 byte)";
	case FT_INT16: return "Signed integer (2 bytes)";
	case FT_INT32: return "Signed integer (4 bytes)";
	case FT_INT64: return "Signed integer (8 bytes)";
	case FT_FRAMENUM: return "Frame number";
	case FT_FLOAT: return "Floating point (single-precision)";
	case FT_DOUBLE: return "Floating point (double-precision)";
	case FT_ABSOLUTE_TIME: return "Date and time";
	case FT_RELATIVE_TIME: return "Time offset";
	case FT_IPv4: return "IPv4 address";
	case FT_IPv6: return "IPv6 address";
	case FT_ETHER: return "Ethernet or other MAC address";
	case FT_STRING: return "Character string";
	case FT_BYTES: return "Byte sequence";
	case FT_GUID: return "Globally Unique Identifier";
	default: return "?";
	}
}

static bool is_unsigned_ft(int ft)
{
	return ftype_is_uint((enum ftype)ft);
}

/* Unsigned or signed integer in C syntax (decimal, 0x hex, 0 octal), with
 * an optional sign. Returns 0 ok, 1 not a number, 2 overflow. */
static int parse_integer(const char *s, struct dval *v)
{
	const char *p = s;
	bool neg = false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!isdigit((unsigned char)*p))
		return 1;
	char *e;
	errno = 0;
	uint64_t u = strtoull(p, &e, 0);
	if (*e || e == p)
		return 1;
	if (errno == ERANGE)
		return 2;
	v->cls = VC_INT;
	if (neg && u) {
		if (u > (uint64_t)INT64_MAX + 1)
			return 2;
		v->neg = true;
		v->i = (int64_t)(0 - u);
	} else {
		v->u = u;
		v->i = (int64_t)u;
	}
	return 0;
}

static const char *tok_text(struct cc *c, const struct ent *e, char *buf,
			    size_t n)
{
	snprintf(buf, n, "%.*s", e->t.len, c->text + e->t.pos);
	return buf;
}

static int hexdig(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* Byte string as tshark 4.0 reads one: "0xNN" (one byte), or groups of
 * hex digits separated by ':', '-' or '.' (one separator kind) where a group
 * is read two digits at a time and an odd last digit is a byte of its own
 * ("0800" = 08:00, "8" = 08, "141" = 14:01, "0011.2233.4455"). Returns the
 * byte count, -1 when s is not a byte string. */
static int parse_bytes(const char *s, uint8_t *out, int max)
{
	int n = 0;
	char sep = 0;
	const char *p = s;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (hexdig((unsigned char)s[2]) < 0 ||
		    hexdig((unsigned char)s[3]) < 0 || s[4] || max < 1)
			return -1;
		out[0] = (uint8_t)(hexdig((unsigned char)s[2]) * 16 +
				   hexdig((unsigned char)s[3]));
		return 1;
	}
	for (;;) {
		int k = 0;
		while (hexdig((unsigned char)p[k]) >= 0)
			k++;
		if (k == 0 || (sep && k > 2 && k % 2))
			return -1;
		for (int i = 0; i < k; i += 2) {
			if (n >= max)
				return -1;
			int v = hexdig((unsigned char)p[i]);
			if (i + 1 < k)
				v = v * 16 + hexdig((unsigned char)p[i + 1]);
			out[n++] = (uint8_t)v;
		}
		p += k;
		if (*p == '\0')
			return n;
		if (*p != ':' && *p != '-' && *p != '.')
			return -1;
		if (sep && *p != sep)
			return -1;
		sep = *p++;
	}
}

static bool parse_ipv4(const char *s, uint8_t a[4], uint8_t *plen)
{
	char buf[64];
	size_t n = strlen(s);
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n + 1);
	*plen = 32;
	char *slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		char *e;
		if (!isdigit((unsigned char)slash[1]))
			return false;
		long b = strtol(slash + 1, &e, 10);
		if (*e || b < 0 || b > 32)
			return false;
		*plen = (uint8_t)b;
	}
	int parts = 0;
	const char *p = buf;
	while (parts < 4) {
		if (!isdigit((unsigned char)*p))
			return false;
		unsigned v = 0;
		int k = 0;
		while (isdigit((unsigned char)*p) && k < 4) {
			v = v * 10 + (unsigned)(*p++ - '0');
			k++;
		}
		if (v > 255 || isdigit((unsigned char)*p))
			return false;
		a[parts++] = (uint8_t)v;
		if (parts < 4 && *p++ != '.')
			return false;
	}
	return *p == '\0';
}

static bool parse_ipv6(const char *s, uint8_t a[16], uint8_t *plen)
{
	char buf[80];
	size_t n = strlen(s);
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, s, n + 1);
	*plen = 128;
	char *slash = strchr(buf, '/');
	if (slash) {
		*slash = '\0';
		char *e;
		if (!isdigit((unsigned char)slash[1]))
			return false;
		long b = strtol(slash + 1, &e, 10);
		if (*e || b < 0 || b > 128)
			return false;
		*plen = (uint8_t)b;
	}
	return inet_pton(AF_INET6, buf, a) == 1;
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Fraction ".123456789" at s: ns in *ns, characters in the return value;
 * -1 when malformed. */
static int parse_frac(const char *s, int64_t *ns)
{
	*ns = 0;
	if (*s != '.')
		return 0;
	int k = 1;
	int64_t scale = 100000000;
	if (!isdigit((unsigned char)s[1]))
		return -1;
	while (isdigit((unsigned char)s[k])) {
		if (scale) {
			*ns += (s[k] - '0') * scale;
			scale /= 10;
		}
		k++;
	}
	return k;
}

/* Absolute times as tshark 4.0 takes them: "Nov 12, 1999 08:55:44.123" or
 * "2011-07-04 12:34:56[.frac]", local time unless followed by "UTC"/"Z". */
static bool parse_abstime(const char *s, int64_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	int consumed = 0;
	char mon[4];
	int d, y, H, M, S;
	const char *rest;
	if (sscanf(s, "%3s %d, %d %d:%d:%d%n", mon, &d, &y, &H, &M, &S,
		   &consumed) == 6) {
		int m = -1;
		for (int i = 0; i < 12; i++)
			if (strcasecmp(mon, months[i]) == 0)
				m = i;
		if (m < 0)
			return false;
		tm.tm_mon = m;
	} else {
		int mo;
		consumed = 0;
		if (sscanf(s, "%d-%d-%d%*[ T]%d:%d:%d%n", &y, &mo, &d, &H, &M,
			   &S, &consumed) != 6 || consumed == 0)
			return false;
		if (mo < 1 || mo > 12)
			return false;
		tm.tm_mon = mo - 1;
	}
	if (y < 1 || y > 99999 || d < 1 || d > 31 || H < 0 || H > 23 || M < 0 || M > 59 || S < 0 ||
	    S > 60)
		return false;
	tm.tm_mday = d;
	tm.tm_year = y - 1900;
	tm.tm_hour = H;
	tm.tm_min = M;
	tm.tm_sec = S;
	rest = s + consumed;
	int64_t ns;
	int k = parse_frac(rest, &ns);
	if (k < 0)
		return false;
	rest += k;
	while (*rest == ' ')
		rest++;
	time_t t;
	if (strcmp(rest, "UTC") == 0 || strcmp(rest, "Z") == 0) {
		t = timegm(&tm);
	} else if (*rest == '\0') {
		tm.tm_isdst = -1;
		t = mktime(&tm);
	} else {
		return false;
	}
	if (t == (time_t)-1 || t > INT64_MAX / 1000000000 - 1 ||
	    t < INT64_MIN / 1000000000 + 1)
		return false;
	*out = (int64_t)t * 1000000000 + ns;
	return true;
}

/* Seconds with an optional fraction: "1", "-0.25", "1.000000001". */
static bool parse_seconds(const char *s, int64_t *out)
{
	const char *p = s;
	bool neg = false;
	if (*p == '-')
		neg = true, p++;
	if (!isdigit((unsigned char)*p))
		return false;
	int64_t sec = 0;
	while (isdigit((unsigned char)*p)) {
		if (sec > INT64_MAX / 10 / 1000000000)
			return false;
		sec = sec * 10 + (*p++ - '0');
	}
	int64_t ns;
	int k = parse_frac(p, &ns);
	if (k < 0 || p[k] != '\0' || sec > (INT64_MAX - 999999999) / 1000000000)
		return false;
	*out = (sec * 1000000000 + ns) * (neg ? -1 : 1);
	return true;
}

/* Value-string lookup by name, case-insensitive (Wireshark's behaviour). */
static bool vals_lookup(const struct tok *vals, const char *s, uint64_t *v)
{
	if (!vals)
		return false;
	for (const struct tok *t = vals; t->s; t++)
		if (strcasecmp(t->s, s) == 0) {
			*v = t->v;
			return true;
		}
	return false;
}

/* Converts literal e to a value compared with an operand of type ft (field
 * f, for value names; NULL for function results and slices). */
static void literal(struct cc *c, const struct ent *e, int ft,
		    const struct field *f, struct dval *v)
{
	char tb[128];
	memset(v, 0, sizeof(*v));
	v->cls = df_class_of(ft);
	int pos = e->t.pos;
	if (e->kind == E_FUNC)
		fail(c, pos, "Function '%s' cannot be used as a value here.",
		     e->t.str);
	if (e->rg)
		fail(c, pos, "\"%s\" is neither a field nor a protocol name.",
		     e->t.str);
	if (e->mask)
		fail(c, e->maskpos,
		     "tapir supports bitwise and only with a field or function on its left.");
	const char *s = e->kind == E_WORD ? e->t.str : NULL;
	switch (v->cls) {
	case VC_NONE:
		fail(c, pos, "%s is a %s and cannot be compared with a value.",
		     f ? f->abbrev : "value", type_desc(ft));
	case VC_INT: {
		uint64_t nv;
		if (e->kind == E_CHAR) {
			v->u = e->t.cval;
			v->i = (int64_t)v->u;
			break;
		}
		if (e->kind == E_STRING) {
			/* only value names may be quoted */
			if (f && vals_lookup(f->vals, e->t.str, &nv)) {
				v->u = nv;
				v->i = (int64_t)nv;
				break;
			}
			if (ft == FT_BOOLEAN && (strcmp(e->t.str, "True") == 0 ||
						 strcmp(e->t.str, "False") == 0)) {
				v->u = e->t.str[0] == 'T';
				break;
			}
			fail(c, pos, "%s cannot be converted from a string (%s).",
			     type_desc(ft), tok_text(c, e, tb, sizeof(tb)));
		}
		if (ft == FT_BOOLEAN && (strcmp(s, "True") == 0 ||
					 strcmp(s, "False") == 0)) {
			v->u = s[0] == 'T';
			break;
		}
		int r = parse_integer(s, v);
		if (r == 2)
			fail(c, pos, "\"%s\" causes an integer overflow.", s);
		if (r == 1) {
			if (f && vals_lookup(f->vals, s, &nv)) {
				v->u = nv;
				v->i = (int64_t)nv;
				break;
			}
			if (f && (f->vals || ft == FT_BOOLEAN))
				fail(c, pos,
				     "\"%s\" cannot be found among the possible values for %s.",
				     s, f->abbrev);
			fail(c, pos, "\"%s\" is not a valid number.", s);
		}
		if (ft == FT_BOOLEAN) {
			/* any non-zero number is True */
			v->u = v->neg ? 1 : v->u != 0;
			v->neg = false;
			break;
		}
		int bits = ftype_bits((enum ftype)ft);
		if (is_unsigned_ft(ft) && !v->neg && bits < 64 &&
		    v->u > ((1ull << bits) - 1))
			fail(c, pos, "\"%s\" too big for this field, maximum %" PRIu64 ".",
			     s, (uint64_t)((1ull << bits) - 1));
		if (ftype_is_int((enum ftype)ft) && bits < 64) {
			int64_t hi = (int64_t)((1ull << (bits - 1)) - 1);
			if (!v->neg && v->u > (uint64_t)hi)
				fail(c, pos, "\"%s\" too big for this field, maximum %" PRId64 ".",
				     s, hi);
			if (v->neg && v->i < -hi - 1)
				fail(c, pos, "\"%s\" too small for this field, minimum %" PRId64 ".",
				     s, -hi - 1);
		}
		if (ftype_is_int((enum ftype)ft) && bits == 64 && !v->neg &&
		    v->u > (uint64_t)INT64_MAX)
			fail(c, pos, "\"%s\" causes an integer overflow.", s);
		break;
	}
	case VC_DOUBLE: {
		if (e->kind != E_WORD)
			fail(c, pos, "%s cannot be converted from a string (%s).",
			     type_desc(ft), tok_text(c, e, tb, sizeof(tb)));
		char *end;
		errno = 0;
		v->d = strtod(s, &end);
		if (*end || end == s || errno)
			fail(c, pos, "\"%s\" is not a valid number.", s);
		break;
	}
	case VC_ABSTIME: {
		const char *t = e->kind == E_STRING ? e->t.str : s;
		if (e->kind == E_CHAR)
			fail(c, pos, "\"%s\" is not a valid absolute time.",
			     tok_text(c, e, tb, sizeof(tb)));
		/* A Unix-time field (frame.time_epoch) also takes seconds. */
		if (e->kind == E_WORD && f && f->base == BASE_TIME_UNIX &&
		    parse_seconds(t, &v->i))
			break;
		if (!parse_abstime(t, &v->i))
			fail(c, pos,
			     "\"%s\" is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or \"2011-07-04 12:34:56\"",
			     t);
		break;
	}
	case VC_RELTIME:
		if (e->kind != E_WORD)
			fail(c, pos, "%s cannot be converted from a string (%s).",
			     type_desc(ft), tok_text(c, e, tb, sizeof(tb)));
		if (!parse_seconds(s, &v->i))
			fail(c, pos, "\"%s\" is not a valid time.", s);
		break;
	case VC_IPV4: {
		if (e->kind != E_WORD)
			fail(c, pos, "%s cannot be converted from a string (%s).",
			     type_desc(ft), tok_text(c, e, tb, sizeof(tb)));
		uint8_t *a = df_alloc(c->df, 4);
		const char *sl = strchr(s, '/');
		if (sl && atoi(sl + 1) > 32 && isdigit((unsigned char)sl[1]))
			fail(c, pos,
			     "Netmask bits in a CIDR IPv4 address should be <= 32, not %d",
			     atoi(sl + 1));
		if (!parse_ipv4(s, a, &v->plen))
			fail(c, pos, "\"%s\" is not a valid hostname or IPv4 address.", s);
		v->p = a;
		v->n = 4;
		break;
	}
	case VC_IPV6: {
		if (e->kind != E_WORD)
			fail(c, pos, "%s cannot be converted from a string (%s).",
			     type_desc(ft), tok_text(c, e, tb, sizeof(tb)));
		uint8_t *a = df_alloc(c->df, 16);
		if (!parse_ipv6(s, a, &v->plen))
			fail(c, pos, "\"%s\" is not a valid hostname or IPv6 address.", s);
		v->p = a;
		v->n = 16;
		break;
	}
	case VC_STRING:
		if (e->kind == E_CHAR) {
			uint8_t *b = df_alloc(c->df, 1);
			b[0] = (uint8_t)e->t.cval;
			v->p = b;
			v->n = 1;
		} else if (e->kind == E_STRING) {
			v->p = (const uint8_t *)e->t.str;
			v->n = e->t.slen;
		} else {
			v->p = (const uint8_t *)s;
			v->n = (uint32_t)strlen(s);
		}
		break;
	case VC_BYTES: {
		if (e->kind == E_CHAR) {
			uint8_t *b = df_alloc(c->df, 1);
			b[0] = (uint8_t)e->t.cval;
			v->p = b;
			v->n = 1;
			break;
		}
		if (e->kind == E_STRING) {
			if (ft == FT_ETHER || ft == FT_GUID)
				fail(c, pos, "%s cannot be converted from a string (%s).",
				     type_desc(ft), tok_text(c, e, tb, sizeof(tb)));
			v->p = (const uint8_t *)e->t.str;
			v->n = e->t.slen;
			break;
		}
		size_t sl = strlen(s);
		uint8_t *b = df_alloc(c->df, sl / 2 + 8);
		int n = parse_bytes(s, b, (int)(sl / 2 + 8));
		if (ft == FT_ETHER) {
			if (n < 0)
				fail(c, pos, "\"%s\" is not a valid Ethernet address.", s);
			if (n < 6)
				fail(c, pos, "\"%s\" contains too few bytes to be a valid Ethernet address.", s);
			if (n > 6)
				fail(c, pos, "\"%s\" contains too many bytes to be a valid Ethernet address.", s);
		}
		if (n < 0)
			fail(c, pos, "\"%s\" is not a valid byte string.", s);
		v->p = b;
		v->n = (uint32_t)n;
		break;
	}
	}
	v->cls = df_class_of(ft);
}

/* ---- resolution of entities into operands ---- */

/* The field named by word e ("name", or ".name" which must be a field);
 * NULL when it names none (then it is a literal). */
static const struct field *lookup_field(struct cc *c, const struct ent *e)
{
	const char *s = e->t.str;
	if (s[0] == '.') {
		const struct field *f = field_lookup(s + 1);
		if (!f)
			fail(c, e->t.pos,
			     "\"%s\" is not a valid protocol or protocol field.",
			     s + 1);
		return f;
	}
	return field_lookup(s);
}

static void apply_slice(struct cc *c, const struct ent *e, struct opnd *o)
{
	if (!e->rg)
		return;
	if (o->cls != VC_BYTES && o->cls != VC_STRING && o->cls != VC_IPV4 &&
	    o->cls != VC_IPV6)
		fail(c, e->t.pos,
		     "\"%s\" is a %s and cannot be sliced into a sequence of bytes.",
		     o->f ? o->f->abbrev : e->t.str, type_desc(o->ftype));
	o->rg = e->rg;
	o->nrg = e->nrg;
	if (e->nrg > 1)
		c->need_scratch = true; /* concatenated into the scratch */
	o->ftype = FT_BYTES;
	o->cls = VC_BYTES;
}

/* "operand & mask": integers only; the mask is a literal of the operand's
 * type, applied to each occurrence. */
static void set_mask(struct cc *c, const struct ent *e, struct opnd *o)
{
	if (o->cls != VC_INT)
		fail(c, e->maskpos + 2, "%s cannot &.",
		     ftype_name((enum ftype)o->ftype));
	struct dval m;
	literal(c, e->mask, o->ftype, NULL, &m);
	if (m.neg)
		fail(c, e->mask->t.pos, "\"%s\" is not a valid mask.",
		     e->mask->t.str);
	o->has_mask = true;
	o->mask = m.u;
}

/* A field, slice or function: the operand side of a relation. Returns NULL
 * when e is a plain literal (the caller decides what that means). */
static struct opnd *field_opnd(struct cc *c, const struct ent *e)
{
	struct opnd *o = df_alloc(c->df, sizeof(*o));
	if (e->kind == E_FUNC) {
		if (e->nargs != 1)
			fail(c, e->t.pos, "Function %s() takes exactly one argument.",
			     e->t.str);
		const struct ent *a = e->arg;
		const struct field *f = a->kind == E_WORD ? lookup_field(c, a) : NULL;
		if (!f)
			fail(c, a->t.pos, "Only fields can be used as parameter for %s()",
			     e->t.str);
		o->f = f;
		o->fid = f->id;
		o->ftype = f->type;
		o->cls = df_class_of(f->type);
		o->fn = (uint8_t)e->fn;
		if (e->fn == FN_COUNT && a->rg)
			fail(c, a->rgpos, "Only fields can be used as parameter for count()");
		apply_slice(c, a, o);
		switch (e->fn) {
		case FN_LEN:
		case FN_COUNT:
			o->ftype = FT_UINT32;
			o->cls = VC_INT;
			break;
		case FN_LOWER:
		case FN_UPPER:
			if (o->cls != VC_STRING)
				fail(c, a->t.pos,
				     "Only string type fields can be used as parameter for %s()",
				     fn_name(e->fn));
			c->need_scratch = true;
			break;
		case FN_STRING:
			if (o->cls == VC_STRING || o->cls == VC_BYTES ||
			    o->cls == VC_NONE)
				fail(c, a->t.pos,
				     "String conversion for field \"%s\" is not supported",
				     f->abbrev);
			o->ftype = FT_STRING;
			o->cls = VC_STRING;
			c->need_scratch = true;
			break;
		}
		if (e->mask)
			set_mask(c, e, o);
		return o;
	}
	if (e->kind != E_WORD)
		return NULL;
	const struct field *f = lookup_field(c, e);
	if (!f)
		return NULL;
	o->f = f;
	o->fid = f->id;
	o->ftype = f->type;
	o->cls = df_class_of(f->type);
	apply_slice(c, e, o);
	if (e->mask)
		set_mask(c, e, o);
	return o;
}

static bool compatible(const struct opnd *a, const struct opnd *b)
{
	if (a->cls == b->cls)
		return a->cls != VC_NONE;
	return (a->cls == VC_BYTES && b->cls == VC_STRING) ||
	       (a->cls == VC_STRING && b->cls == VC_BYTES);
}

static const char *opnd_name(struct cc *c, const struct ent *e, char *buf,
			     size_t n)
{
	if (e->kind == E_FUNC)
		snprintf(buf, n, "%s(...)", e->t.str);
	else
		tok_text(c, e, buf, n);
	return buf;
}

/* The right side of a relation whose left side is lhs: a field of a
 * compatible type or a literal converted to lhs's type. */
static struct opnd *rhs_opnd(struct cc *c, const struct opnd *lhs,
			     const struct ent *le, const struct ent *e)
{
	struct opnd *o = field_opnd(c, e);
	if (o) {
		if (!compatible(lhs, o)) {
			char a[128], b[128];
			fail(c, e->t.pos, "%s and %s are not of compatible types.",
			     opnd_name(c, le, a, sizeof(a)),
			     opnd_name(c, e, b, sizeof(b)));
		}
		return o;
	}
	o = df_alloc(c->df, sizeof(*o));
	o->lit = true;
	/* Value names apply only when the field itself is compared. */
	const struct field *vf = (lhs->fn == FN_NONE && !lhs->rg) ? lhs->f : NULL;
	literal(c, e, lhs->ftype, vf, &o->v);
	o->ftype = lhs->ftype;
	o->cls = lhs->cls;
	return o;
}

static const char *rel_text(int rel)
{
	switch (rel) {
	case TK_EQ: return "==";
	case TK_NE: return "!=";
	case TK_ALL_EQ: return "===";
	case TK_ANY_NE: return "!==";
	case TK_LT: return "<";
	case TK_GT: return ">";
	case TK_LE: return "<=";
	case TK_GE: return ">=";
	case TK_CONTAINS: return "contains";
	case TK_MATCHES: return "matches";
	case TK_IN: return "in";
	default: return "?";
	}
}

static struct opnd *lhs_opnd(struct cc *c, const struct ent *e, int rel)
{
	struct opnd *o = field_opnd(c, e);
	if (!o) {
		char b[128];
		fail(c, e->t.pos,
		     "Left side of \"%s\" expression must be a field or function, not %s.",
		     rel_text(rel), tok_text(c, e, b, sizeof(b)));
	}
	return o;
}

static void add_regex(struct cc *c, struct node *n, const struct ent *e)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)e->t.str, e->t.slen, 0, &ec,
				       &eo, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof(msg));
		fail(c, -1, "Regex compilation error: %s.", (const char *)msg);
	}
	/* JIT when available: faster, and matches without heap frames. */
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	struct dfilter *df = c->df;
	if (df->nre == df->capre) {
		df->capre = df->capre ? df->capre * 2 : 4;
		df->res = xrealloc(df->res, sizeof(*df->res) * (size_t)df->capre);
		df->mds = xrealloc(df->mds, sizeof(*df->mds) * (size_t)df->capre);
	}
	df->res[df->nre] = re;
	df->mds[df->nre] = md;
	df->nre++;
	n->re = re;
	n->md = md;
}

/* ---- syntax phase: relations keep their entities; resolve() checks them
 * once the whole text has parsed (tshark reports syntax errors first). ---- */

static struct node *new_node(struct cc *c, int op)
{
	struct node *n = df_alloc(c->df, sizeof(*n));
	n->op = (uint8_t)op;
	return n;
}

static void parse_set(struct cc *c, struct node *n)
{
	/* at '{': elements separated by commas, each a value or lo..hi */
	next(c);
	struct ent *lo[256], *hi[256];
	int k = 0;
	for (;;) {
		if (k == 256)
			fail(c, c->tok.pos, "Too many elements in a set (max 256).");
		lo[k] = parse_entity(c);
		hi[k] = NULL;
		if (c->tok.kind == TK_DOTDOT) {
			next(c);
			hi[k] = parse_entity(c);
		}
		k++;
		if (c->tok.kind == TK_COMMA) {
			next(c);
			continue;
		}
		if (c->tok.kind == TK_RBRACE)
			break;
		unexpected(c);
	}
	next(c);
	n->slo = df_alloc(c->df, sizeof(*n->slo) * (size_t)k);
	n->shi = df_alloc(c->df, sizeof(*n->shi) * (size_t)k);
	memcpy(n->slo, lo, sizeof(*n->slo) * (size_t)k);
	memcpy(n->shi, hi, sizeof(*n->shi) * (size_t)k);
	n->nset = k;
}

static struct node *parse_relation(struct cc *c)
{
	struct ent *le = parse_entity(c);
	int rel = c->tok.kind;
	struct node *n;
	switch (rel) {
	case TK_EQ: case TK_NE: case TK_ALL_EQ: case TK_ANY_NE:
	case TK_LT: case TK_GT: case TK_LE: case TK_GE:
	case TK_CONTAINS: case TK_MATCHES:
		n = new_node(c, rel == TK_CONTAINS ? N_CONTAINS
				: rel == TK_MATCHES ? N_MATCHES : N_CMP);
		n->rel = (uint8_t)rel;
		n->le = le;
		next(c);
		n->rent = parse_entity(c);
		return n;
	case TK_IN:
		n = new_node(c, N_IN);
		n->rel = (uint8_t)rel;
		n->le = le;
		next(c);
		if (c->tok.kind != TK_LBRACE)
			unexpected(c);
		parse_set(c, n);
		return n;
	default:
		/* no relation: a test for presence (or "field & mask") */
		n = new_node(c, N_EXISTS);
		n->le = le;
		return n;
	}
}

static struct opnd *set_value(struct cc *c, struct node *n, struct ent *e,
			      bool bound)
{
	struct opnd *o = rhs_opnd(c, n->a, n->le, e);
	if (!o->lit && bound)
		fail(c, e->t.pos, "tapir supports only values as range bounds in a set.");
	return o;
}

/* Semantic phase: resolves names, checks types, converts literals. */
static void resolve(struct cc *c, struct node *n)
{
	struct ent *le = n->le, *re = n->rent;
	int rel = n->rel;
	switch (n->op) {
	case N_AND:
	case N_OR:
		resolve(c, n->l);
		resolve(c, n->r);
		return;
	case N_NOT:
		resolve(c, n->l);
		return;
	case N_CMP:
		n->a = lhs_opnd(c, le, rel);
		if (n->a->cls == VC_NONE)
			fail(c, le->t.pos,
			     "%s (type=%s) cannot participate in %s comparison.",
			     le->t.str, type_desc(n->a->ftype), rel_text(rel));
		n->b = rhs_opnd(c, n->a, le, re);
		n->mode = (rel == TK_NE || rel == TK_ALL_EQ) ? M_ALL : M_ANY;
		/* tshark 4.0: an unsigned value never relates to a negative
		 * literal, whatever the operator. */
		n->never = n->b->lit && n->b->v.neg && n->a->cls == VC_INT &&
			   !ftype_is_int((enum ftype)n->a->ftype);
		return;
	case N_CONTAINS:
	case N_MATCHES:
		n->a = lhs_opnd(c, le, rel);
		if (n->a->cls != VC_BYTES && n->a->cls != VC_STRING)
			fail(c, le->t.pos,
			     "%s (type=%s) cannot participate in %s comparison.",
			     le->t.str, type_desc(n->a->ftype), rel_text(rel));
		if (n->op == N_MATCHES) {
			if (re->kind != E_STRING)
				fail(c, re->t.pos,
				     "Matches requires a double quoted string on the right side.");
			add_regex(c, n, re);
			return;
		}
		n->b = rhs_opnd(c, n->a, le, re);
		if (!n->b->lit)
			fail(c, re->t.pos,
			     "tapir supports only a value on the right side of contains.");
		return;
	case N_IN:
		n->a = lhs_opnd(c, le, rel);
		if (n->a->cls == VC_NONE)
			fail(c, le->t.pos,
			     "%s (type=%s) cannot participate in in comparison.",
			     le->t.str, type_desc(n->a->ftype));
		n->set = df_alloc(c->df, sizeof(*n->set) * (size_t)n->nset);
		for (int k = 0; k < n->nset; k++) {
			struct setelem *se = &n->set[k];
			struct opnd *o = set_value(c, n, n->slo[k], n->shi[k] != NULL);
			if (!o->lit)
				se->fo = o;
			se->lo = se->hi = o->v;
			if (n->shi[k]) {
				se->hi = set_value(c, n, n->shi[k], true)->v;
				se->range = true;
			}
		}
		return;
	case N_EXISTS: {
		if (le->kind == E_FUNC && !le->mask)
			fail(c, le->t.pos,
			     "You cannot test whether a function is present.");
		struct opnd *o = field_opnd(c, le);
		if (!o) {
			char b[128];
			fail(c, le->t.pos, "%s is neither a field nor a protocol name.",
			     le->kind == E_WORD ? le->t.str
						: tok_text(c, le, b, sizeof(b)));
		}
		if (o->has_mask)
			n->op = N_TEST;
		/* tshark adds an _ws.expert item for every expert info; tapir
		 * keeps them as the packet's expert events. */
		if (!o->rg && !o->has_mask && strcmp(o->f->abbrev, "_ws.expert") == 0)
			n->op = N_EXPERT;
		n->a = o;
		return;
	}
	default:
		return;
	}
}

static struct node *parse_or(struct cc *c);

static struct node *parse_not(struct cc *c)
{
	if (c->tok.kind == TK_NOT) {
		next(c);
		struct node *n = new_node(c, N_NOT);
		n->l = parse_not(c);
		return n;
	}
	if (c->tok.kind == TK_LPAREN) {
		next(c);
		struct node *n = parse_or(c);
		if (c->tok.kind != TK_RPAREN)
			unexpected(c);
		next(c);
		return n;
	}
	if (c->tok.kind == TK_EOF)
		unexpected(c);
	return parse_relation(c);
}

static struct node *parse_and(struct cc *c)
{
	struct node *l = parse_not(c);
	while (c->tok.kind == TK_AND) {
		next(c);
		struct node *n = new_node(c, N_AND);
		n->l = l;
		n->r = parse_not(c);
		l = n;
	}
	return l;
}

static struct node *parse_or(struct cc *c)
{
	struct node *l = parse_and(c);
	while (c->tok.kind == TK_OR) {
		next(c);
		struct node *n = new_node(c, N_OR);
		n->l = l;
		n->r = parse_and(c);
		l = n;
	}
	return l;
}

static void want_opnd(const struct opnd *o)
{
	if (o && !o->lit && o->f)
		field_want(o->f->abbrev);
}

static void want_fields(const struct node *n)
{
	if (!n)
		return;
	want_fields(n->l);
	want_fields(n->r);
	want_opnd(n->a);
	want_opnd(n->b);
	for (int k = 0; k < n->nset; k++)
		want_opnd(n->set[k].fo);
}

struct dfilter *dfilter_compile(const char *text, char *err, size_t errlen,
				int *errpos)
{
	/* volatile: read after longjmp */
	struct cc *volatile cp = xcalloc(1, sizeof(struct cc));
	struct cc *c = cp;
	c->df = xcalloc(1, sizeof(*c->df));
	c->text = text;
	c->err = err;
	c->errlen = err ? errlen : 0;
	c->errpos = -1;
	if (c->errlen)
		c->err[0] = '\0';
	if (setjmp(c->jb)) {
		c = cp;
		if (errpos)
			*errpos = c->errpos;
		dfilter_free(c->df);
		xfree(c);
		return NULL;
	}
	next(c);
	if (c->tok.kind == TK_EOF) {
		c->df->root = new_node(c, N_TRUE);
	} else {
		c->df->root = parse_or(c);
		if (c->tok.kind != TK_EOF)
			unexpected(c);
		resolve(c, c->df->root);
	}
	struct dfilter *df = c->df;
	if (c->need_scratch) {
		df->scratchlen = SCRATCH_LEN;
		df->scratch = xmalloc(SCRATCH_LEN);
	}
	want_fields(df->root);
	if (errpos)
		*errpos = -1;
	xfree(c);
	return df;
}

bool dfilter_apply(const struct dfilter *df, const struct packet *pk)
{
	return df_eval(df, df->root, pk);
}

void dfilter_print_error(FILE *f, const char *text, const char *err,
			 int errpos)
{
	fprintf(f, "%s\n", err);
	if (errpos < 0)
		return;
	fprintf(f, "    %s\n    ", text);
	for (int i = 0; i < errpos; i++)
		fputc(text[i] == '\t' ? '\t' : ' ', f);
	fputc('^', f);
	int n = df_token_len(text, errpos);
	for (int i = 1; i < n; i++)
		fputc('~', f);
	fputc('\n', f);
}
