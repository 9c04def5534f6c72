/* dflex.c — display-filter scanner (Wireshark 4.0 tokens): punctuation and
 * operators, the word forms of operators, unquoted words (field names and
 * literals such as 10.0.0.0/8, 00:11:22, 0x1f, 8000), "strings" with C
 * escapes, r"raw strings" and 'c' character constants. */
#include "dfilter_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool is_word_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == ':' || c == '/' ||
	       c == '-';
}

static const struct {
	const char *w;
	enum tok_kind k;
} keywords[] = {
	{ "eq", TK_EQ }, { "any_eq", TK_EQ }, { "ne", TK_NE },
	{ "all_ne", TK_NE }, { "all_eq", TK_ALL_EQ }, { "any_ne", TK_ANY_NE },
	{ "lt", TK_LT }, { "gt", TK_GT }, { "le", TK_LE }, { "ge", TK_GE },
	{ "and", TK_AND }, { "or", TK_OR }, { "not", TK_NOT },
	{ "contains", TK_CONTAINS }, { "matches", TK_MATCHES }, { "in", TK_IN },
	{ "bitwise_and", TK_BITAND },
};

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends the UTF-8 encoding of cp to out; returns bytes written. */
static int utf8(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Decodes one escape sequence at s (just after the backslash). Writes the
 * bytes to out, returns the count, and sets *used to the characters read;
 * -1 when the escape is not valid. */
static int unescape(const char *s, char *out, int *used)
{
	static const char from[] = "abfnrtv\\\"'?";
	static const char to[] = "\a\b\f\n\r\t\v\\\"'?";
	const char *e = strchr(from, *s);
	if (*s && e) {
		out[0] = to[e - from];
		*used = 1;
		return 1;
	}
	if (*s >= '0' && *s <= '7') {
		int v = 0, k = 0;
		while (k < 3 && s[k] >= '0' && s[k] <= '7')
			v = v * 8 + (s[k++] - '0');
		if (v > 0xff)
			return -1;
		out[0] = (char)v;
		*used = k;
		return 1;
	}
	if (*s == 'x') {
		int v = 0, k = 1;
		while (k < 3 && hexval((unsigned char)s[k]) >= 0)
			v = v * 16 + hexval((unsigned char)s[k++]);
		if (k == 1)
			return -1;
		out[0] = (char)v;
		*used = k;
		return 1;
	}
	if (*s == 'u' || *s == 'U') {
		int nd = *s == 'u' ? 4 : 8;
		uint32_t cp = 0;
		for (int k = 1; k <= nd; k++) {
			int h = hexval((unsigned char)s[k]);
			if (h < 0)
				return -1;
			cp = cp * 16 + (uint32_t)h;
		}
		if (cp > 0x10ffff)
			return -1;
		*used = nd + 1;
		return utf8(cp, out);
	}
	return -1;
}

/* Scans a quoted string starting at text[p] == '"' (raw: no escapes). */
static bool lex_string(struct dfilter *df, const char *text, int start, int p,
		       bool raw, struct token *t, char *msg, size_t msglen)
{
	size_t cap = strlen(text + p) + 1;
	char *buf = df_alloc(df, cap);
	uint32_t n = 0;
	p++;
	for (;;) {
		char c = text[p];
		if (c == '\0') {
			t->pos = (int)strlen(text);
			snprintf(msg, msglen,
				 "The final quote was missing from a quoted string.");
			return false;
		}
		if (c == '"') {
			p++;
			break;
		}
		if (c == '\\') {
			if (raw) {
				/* r"..." keeps backslashes; \" does not end it */
				buf[n++] = c;
				if (text[p + 1] == '"' || text[p + 1] == '\\')
					buf[n++] = text[++p];
				p++;
				continue;
			}
			int used = 0;
			int k = unescape(text + p + 1, buf + n, &used);
			if (k < 0) {
				t->pos = p;
				snprintf(msg, msglen,
					 "\\%c is not a valid character escape sequence",
					 text[p + 1] ? text[p + 1] : ' ');
				return false;
			}
			n += (uint32_t)k;
			p += 1 + used;
			continue;
		}
		buf[n++] = c;
		p++;
	}
	buf[n] = '\0';
	t->kind = TK_STRING;
	t->str = buf;
	t->slen = n;
	t->len = p - start;
	return true;
}

static bool lex_char(const char *text, int p, struct token *t, char *msg,
		     size_t msglen)
{
	int q = p + 1;
	char out[4];
	int n;
	if (text[q] == '\\') {
		int used = 0;
		n = unescape(text + q + 1, out, &used);
		if (n != 1) {
			snprintf(msg, msglen,
				 "\\%c is not a valid character escape sequence",
				 text[q + 1] ? text[q + 1] : ' ');
			return false;
		}
		q += 1 + used;
	} else if (text[q] && text[q] != '\'') {
		out[0] = text[q++];
	} else {
		snprintf(msg, msglen, "'' is not a valid character constant.");
		return false;
	}
	if (text[q] != '\'') {
		int e = q;
		while (text[e] && text[e] != '\'')
			e++;
		if (!text[e]) {
			snprintf(msg, msglen,
				 "The final quote was missing from a character constant.");
			return false;
		}
		snprintf(msg, msglen,
			 "%.*s is too long to be a valid character constant.",
			 e - p + 1, text + p);
		return false;
	}
	t->kind = TK_CHAR;
	t->cval = (uint8_t)out[0];
	t->len = q + 1 - p;
	return true;
}

bool df_lex(struct dfilter *df, const char *text, int *pos, struct token *t,
	    char *msg, size_t msglen)
{
	int p = *pos;
	while (text[p] == ' ' || text[p] == '\t' || text[p] == '\n' ||
	       text[p] == '\r' || text[p] == '\f' || text[p] == '\v')
		p++;
	memset(t, 0, sizeof(*t));
	t->pos = p;
	t->len = 1;
	char c = text[p], d = c ? text[p + 1] : '\0';
	switch (c) {
	case '\0': t->kind = TK_EOF; t->len = 0; break;
	case '(': t->kind = TK_LPAREN; break;
	case ')': t->kind = TK_RPAREN; break;
	case '{': t->kind = TK_LBRACE; break;
	case '}': t->kind = TK_RBRACE; break;
	case '[': t->kind = TK_LBRACKET; break;
	case ']': t->kind = TK_RBRACKET; break;
	case ',': t->kind = TK_COMMA; break;
	case '=':
		if (d == '=' && text[p + 2] == '=') {
			t->kind = TK_ALL_EQ;
			t->len = 3;
		} else if (d == '=') {
			t->kind = TK_EQ;
			t->len = 2;
		} else {
			t->kind = TK_BAD;
		}
		break;
	case '!':
		if (d == '=' && text[p + 2] == '=') {
			t->kind = TK_ANY_NE; /* tshark 4.0: !== is any_ne */
			t->len = 3;
		} else if (d == '=') {
			t->kind = TK_NE;
			t->len = 2;
		} else {
			t->kind = TK_NOT;
		}
		break;
	case '~':
		if (d == '=') {
			t->kind = TK_ANY_NE;
			t->len = 2;
		} else {
			t->kind = TK_BAD;
		}
		break;
	case '<': t->kind = d == '=' ? TK_LE : TK_LT; t->len = d == '=' ? 2 : 1; break;
	case '>': t->kind = d == '=' ? TK_GE : TK_GT; t->len = d == '=' ? 2 : 1; break;
	case '&':
		if (d == '&') {
			t->kind = TK_AND;
			t->len = 2;
		} else {
			t->kind = TK_BITAND;
		}
		break;
	case '|':
		if (d == '|') {
			t->kind = TK_OR;
			t->len = 2;
		} else {
			t->kind = TK_BAD;
		}
		break;
	case '"':
		if (!lex_string(df, text, p, p, false, t, msg, msglen))
			return false;
		break;
	case '\'':
		if (!lex_char(text, p, t, msg, msglen))
			return false;
		break;
	default:
		if ((c == 'r' || c == 'R') && d == '"') {
			if (!lex_string(df, text, p, p + 1, true, t, msg, msglen))
				return false;
			break;
		}
		if (c == '.' && d == '.') {
			t->kind = TK_DOTDOT;
			t->len = 2;
			break;
		}
		if (!is_word_char((unsigned char)c)) {
			t->kind = TK_BAD;
			break;
		}
		int e = p;
		/* A word ends before ".." so that "1..5" is a range. */
		while (is_word_char((unsigned char)text[e]) &&
		       !(text[e] == '.' && text[e + 1] == '.' && e > p))
			e++;
		t->len = e - p;
		t->kind = TK_WORD;
		for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
			if ((size_t)t->len == strlen(keywords[i].w) &&
			    memcmp(text + p, keywords[i].w, (size_t)t->len) == 0)
				t->kind = keywords[i].k;
		t->str = df_alloc(df, (size_t)t->len + 1);
		memcpy(t->str, text + p, (size_t)t->len);
		t->str[t->len] = '\0';
		t->slen = (uint32_t)t->len;
		break;
	}
	*pos = p + t->len;
	return true;
}

int df_token_len(const char *text, int pos)
{
	int n = (int)strlen(text);
	if (pos < 0 || pos >= n)
		return 1;
	struct dfilter tmp;
	memset(&tmp, 0, sizeof(tmp));
	struct token t;
	char msg[8];
	int p = pos;
	int len = 1;
	if (df_lex(&tmp, text, &p, &t, msg, sizeof(msg)) && t.len > 0) {
		len = t.len;
	} else if (text[pos] == '\\' && text[pos + 1]) {
		len = 2; /* a bad escape sequence */
	} else if (text[pos] == '\'') {
		const char *q = strchr(text + pos + 1, '\'');
		if (q)
			len = (int)(q - (text + pos)) + 1;
	}
	dfilter_free_allocs(&tmp);
	return len;
}
