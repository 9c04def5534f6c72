/* ctl.h — tapd's control language: postfix, Forth-like, one data stack per
 * connection. A line is split into tokens at white space; each token is a
 * string literal ("..." without escapes), a number (42, 0x2a, 0.02, 2%), a
 * MAC address (00:23:7d:86:71:ff) — all pushed — or a word, executed.
 * `\` or `#` starts a comment running to the end of the line.
 * On an unknown word, a stack underflow or a bad argument, one line
 * "error: ..." is written, the stack is cleared, and the rest of the line is
 * skipped. The words are listed in docs/tapd.md and by `help`.
 */
#ifndef TAPIR_TAPD_CTL_H
#define TAPIR_TAPD_CTL_H

#include <stddef.h>
#include <stdint.h>

struct outbuf;
struct tapd;

#define CTL_STACK_MAX 64
#define CTL_LINE_MAX 4096

enum ctl_type { CV_INT, CV_FLOAT, CV_MAC, CV_STR, CV_FRAME };

struct ctl_val {
	enum ctl_type type;
	int64_t i;
	double f;
	uint8_t mac[6];
	char *str;      /* CV_STR, owned */
	uint8_t *bytes; /* CV_FRAME, owned, caplen bytes */
	int64_t ts_ns;  /* CV_FRAME */
	uint32_t ifindex, dir, caplen, len;
};

struct ctl {
	struct tapd *t;
	int depth;
	struct ctl_val stack[CTL_STACK_MAX];
};

/* An empty interpreter acting on tapd t (kept, not owned). */
void ctl_init(struct ctl *c, struct tapd *t);
/* Frees what is on the stack. */
void ctl_fini(struct ctl *c);

/* Runs one line of len bytes (need not be NUL-terminated; NUL bytes end a
 * token) and writes the answer to o. Returns 0, or -1 after writing one
 * "error: ..." line and clearing the stack. */
int ctl_eval(struct ctl *c, const char *line, size_t len, struct outbuf *o);

/* Runs file path line by line (the rc file); answers go to o. Returns the
 * number of lines that failed, or -1 (message to o) if it cannot be read. */
int ctl_run_file(struct ctl *c, const char *path, struct outbuf *o);

#endif
