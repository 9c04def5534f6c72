/* dfilter_int.h — internals shared by the display-filter lexer (dflex.c),
 * compiler (dfilter.c) and evaluator (dfeval.c). Not a public header. */
#ifndef TAPIR_FILTER_DFILTER_INT_H
#define TAPIR_FILTER_DFILTER_INT_H

#include <stdbool.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "dfilter.h"

/* ---- lexer ---- */

enum tok_kind {
	TK_EOF,
	TK_LPAREN, TK_RPAREN, TK_LBRACE, TK_RBRACE, TK_LBRACKET, TK_RBRACKET,
	TK_COMMA, TK_DOTDOT,
	TK_EQ, TK_NE, TK_ALL_EQ, TK_ANY_NE, TK_LT, TK_GT, TK_LE, TK_GE,
	TK_AND, TK_OR, TK_NOT, TK_BITAND, TK_CONTAINS, TK_MATCHES, TK_IN,
	TK_WORD,      /* unquoted: a field name or an unparsed literal */
	TK_STRING,    /* "..." or r"..." (decoded into str/slen) */
	TK_CHAR,      /* 'a' (value in cval) */
	TK_BAD,       /* a character that starts no token */
};

struct token {
	enum tok_kind kind;
	int pos, len;          /* bytes of the source text */
	char *str;             /* TK_WORD: the word; TK_STRING: decoded bytes
	                          (NUL-terminated, may hold NULs); owned by the
	                          filter's allocation list */
	uint32_t slen;
	uint32_t cval;         /* TK_CHAR */
};

struct dfilter;
/* Scans the token at *pos of text, advancing *pos. Returns false with a
 * message in msg (and the token's position set) on a lexical error, such as
 * an unterminated string. Words and strings are allocated with df_alloc. */
bool df_lex(struct dfilter *df, const char *text, int *pos, struct token *t,
	    char *msg, size_t msglen);
/* Length of the token starting at pos (at least 1, for the caret line). */
int df_token_len(const char *text, int pos);

/* ---- program ---- */

/* Value classes: how values of a type compare. */
enum vclass {
	VC_NONE,      /* FT_NONE: existence only */
	VC_INT,       /* unsigned, signed, boolean (0/1), frame numbers */
	VC_DOUBLE,
	VC_ABSTIME,   /* ns since the epoch */
	VC_RELTIME,   /* ns */
	VC_IPV4,      /* 4 bytes + prefix length */
	VC_IPV6,      /* 16 bytes + prefix length */
	VC_BYTES,     /* bytes, ether, protocol, GUID, slices */
	VC_STRING,
};

/* A value being compared: a literal, or one occurrence of an operand. */
struct dval {
	uint8_t cls;       /* enum vclass */
	uint8_t plen;      /* prefix bits of an IPv4/IPv6 value */
	bool neg;          /* VC_INT: i holds a negative number */
	uint64_t u;        /* VC_INT (as unsigned when !neg) */
	int64_t i;         /* VC_INT when neg; times in ns */
	double d;
	const uint8_t *p;  /* bytes-like values */
	uint32_t n;
};

enum fn_kind { FN_NONE, FN_LEN, FN_COUNT, FN_LOWER, FN_UPPER, FN_STRING };

struct srange {           /* one slice range, Wireshark drange semantics */
	int32_t start;        /* negative: from the end */
	int32_t len;          /* -1: to the end */
};

struct opnd {
	bool lit;             /* a literal (v) rather than a field */
	uint8_t fn;           /* enum fn_kind applied to the field */
	uint8_t ftype;        /* enum ftype of the operand's value */
	uint8_t cls;          /* enum vclass of the operand's value */
	int fid;              /* field id */
	const struct field *f;
	struct srange *rg;    /* slice ranges (result is bytes), or NULL */
	int nrg;
	bool has_mask;        /* "field & mask" */
	uint64_t mask;
	struct dval v;        /* the literal */
};

enum node_op {
	N_TRUE, N_AND, N_OR, N_NOT, N_EXISTS, N_TEST, N_CMP, N_IN, N_CONTAINS,
	N_MATCHES, N_EXPERT,
};
/* How repeated occurrences combine (tshark 4.0). */
enum cmp_mode { M_ANY, M_ALL };

struct setelem {
	struct dval lo, hi;   /* a single value has lo == hi */
	bool range;
	struct opnd *fo;      /* a field element: any of its occurrences */
};

struct ent; /* a parsed operand before resolution (dfilter.c) */

struct node {
	uint8_t op;           /* enum node_op */
	uint8_t rel;          /* N_CMP: TK_EQ, TK_NE, TK_LT ... */
	uint8_t mode;         /* enum cmp_mode */
	bool never;           /* compares an unsigned value with a negative
	                         literal: false, as in tshark 4.0 */
	struct node *l, *r;   /* N_AND, N_OR, N_NOT */
	struct opnd *a, *b;   /* operands */
	struct setelem *set;  /* N_IN */
	int nset;
	struct ent *le, *rent; /* relation operands as parsed */
	struct ent **slo, **shi; /* N_IN elements as parsed (shi[k] NULL:
	                            a single value) */
	pcre2_code *re;       /* N_MATCHES */
	pcre2_match_data *md;
};

struct dalloc;

struct dfilter {
	struct node *root;
	struct dalloc *allocs;   /* everything below, freed at once */
	pcre2_code **res;        /* compiled regexes, freed by dfilter_free */
	pcre2_match_data **mds;
	int nre, capre;
	uint8_t *scratch;        /* string()/lower()/upper() + matches */
	uint32_t scratchlen;
};

/* Zeroed memory owned by df, freed by dfilter_free (compile time only). */
void *df_alloc(struct dfilter *df, size_t n);
/* Frees what df_alloc handed out for df (not df itself). */
void dfilter_free_allocs(struct dfilter *df);

/* The value class of a field type (dfilter.c). */
uint8_t df_class_of(int ft);

/* Evaluates node n (dfeval.c). */
bool df_eval(const struct dfilter *df, const struct node *n,
	     const struct packet *pk);

#endif
