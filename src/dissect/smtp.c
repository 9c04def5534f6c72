/* smtp.c — Simple Mail Transfer Protocol (RFC 5321) on TCP port 25, with
 * AUTH LOGIN (RFC 4954) and the DATA body.
 *
 * Follows tshark 4.0's packet-smtp.c with its default preferences: a
 * segment to port 25 is from the client; command and reply lines are
 * desegmented to whole lines; Info is "C: <line>" / "S: <first line> |
 * <parameter> | ..." for multi-line replies; after "354" the client's
 * segments are DATA fragments shown as text, until the "." line.
 *
 * Not done: tshark reassembles the DATA body and hands it to its IMF
 * dissector (Info from the headers, "SMTP/IMF"); tapir shows each
 * fragment as text and the end of data as "C: ." (see KNOWN_DIFFS.md).
 * STARTTLS is not followed.
 *
 * Per-conversation state lives in a small direct-mapped table keyed by
 * tcp.stream (the conversation extension slots are all taken); a
 * collision forgets the older session's state (bounded memory). */
#include "../engine/conv.h"
#include "../engine/dissector.h"
#include "tcp.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

static const struct tok code_vals[] = {
	{ 211, "System status, or system help reply" }, { 214, "Help message" },
	{ 220, "<domain> Service ready" },
	{ 221, "<domain> Service closing transmission channel" },
	{ 235, "Authentication succeeded" },
	{ 250, "Requested mail action okay, completed" },
	{ 251, "User not local; will forward to <forward-path>" },
	{ 252, "Cannot VRFY user, but will accept message and attempt delivery" },
	{ 334, "AUTH input" }, { 354, "Start mail input; end with <CRLF>.<CRLF>" },
	{ 421, "<domain> Service not available, closing transmission channel" },
	{ 432, "A password transition is needed" },
	{ 450, "Requested mail action not taken: mailbox unavailable" },
	{ 451, "Requested action aborted: local error in processing" },
	{ 452, "Requested action not taken: insufficient system storage" },
	{ 454, "Temporary authentication failed" },
	{ 500, "Syntax error, command unrecognized" },
	{ 501, "Syntax error in parameters or arguments" },
	{ 502, "Command not implemented" }, { 503, "Bad sequence of commands" },
	{ 504, "Command parameter not implemented" },
	{ 530, "Authentication required" }, { 534, "Authentication mechanism is too weak" },
	{ 535, "Authentication credentials invalid" },
	{ 538, "Encryption required for requested authentication mechanism" },
	{ 550, "Requested action not taken: mailbox unavailable" },
	{ 551, "User not local; please try <forward-path>" },
	{ 552, "Requested mail action aborted: exceeded storage allocation" },
	{ 553, "Requested action not taken: mailbox name not allowed" },
	{ 554, "Transaction failed" }, { 0, NULL },
};

F(hf_smtp, "smtp", "Simple Mail Transfer Protocol", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_req, "smtp.req", "Request", FT_BOOLEAN, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_rsp, "smtp.rsp", "Response", FT_BOOLEAN, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_command_line, "smtp.command_line", "Command Line", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_req_command, "smtp.req.command", "Command", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_req_parameter, "smtp.req.parameter", "Request parameter", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_response, "smtp.response", "Response", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_response_code, "smtp.response.code", "Response code", FT_UINT32, BASE_DEC, 0, 0, code_vals);
F(hf_rsp_parameter, "smtp.rsp.parameter", "Response parameter", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_username, "smtp.auth.username", "Username", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_password, "smtp.auth.password", "Password", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_eom, "smtp.eom", "EOM", FT_NONE, BASE_NONE, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_smtp, &hf_req, &hf_rsp, &hf_command_line, &hf_req_command,
	&hf_req_parameter, &hf_response, &hf_response_code, &hf_rsp_parameter,
	&hf_username, &hf_password, &hf_eom, NULL,
};

/* Session state (tshark's smtp_state). */
enum smtp_state {
	S_COMMAND = 0,   /* client sends commands */
	S_DATA_WAIT,     /* "DATA" sent, waiting for 354 */
	S_BODY,          /* message body until "." */
	S_AUTH_WAIT,     /* "AUTH LOGIN" sent, waiting for a 334 */
	S_AUTH_USER,     /* next client line is the username */
	S_AUTH_PASS,     /* next client line is the password */
};

struct smtp_sess {
	uint32_t stream;  /* tcp.stream + 1; 0 = free */
	uint8_t state;    /* enum smtp_state */
	uint8_t auth_n;   /* 334 replies seen in AUTH LOGIN */
};

#define SMTP_SESS 256
static struct smtp_sess sessions[SMTP_SESS];
static const struct dissector *text_lines;

static void smtp_init(void) { text_lines = dissector_find("data-text-lines"); }
static void smtp_reset(void) { memset(sessions, 0, sizeof(sessions)); }

static struct smtp_sess *sess_of(const struct tcp_pdu_ctx *tc)
{
	if (!tc)
		return NULL;
	uint32_t id = tc->conv->index + 1;
	struct smtp_sess *s = &sessions[id % SMTP_SESS];
	if (s->stream != id) {
		memset(s, 0, sizeof(*s));
		s->stream = id;
	}
	return s;
}

/* End of the line at off: the offset past its LF, or 0 when the view
 * holds no LF from off on. *len gets the length without CR LF. */
static uint32_t line_next(const struct bv *bv, uint32_t off, uint32_t *len)
{
	const uint8_t *p = bv->p + off;
	const uint8_t *nl = memchr(p, '\n', bv->len - off);
	if (!nl)
		return 0;
	uint32_t l = (uint32_t)(nl - p);
	*len = (l && p[l - 1] == '\r') ? l - 1 : l;
	return off + l + 1;
}

static void line_label(struct packet *pk, struct item *it, const struct bv *bv,
		       const char *prefix, uint32_t off, uint32_t len, uint32_t next)
{
	bool crlf = next >= off + len + 2;
	pk_item_text(pk, it, "%s%.*s%s", prefix, (int)len, (const char *)bv->p + off,
		     crlf ? "\\r\\n" : "\\n");
}

static void show_text(struct packet *pk, struct bv *bv)
{
	if (!text_lines || text_lines->dissect(pk, bv, NULL) < 0)
		dissect_data(pk, bv);
}

/* The body ends with a line holding a single "." (RFC 5321 4.1.1.4); true
 * when this fragment carries that line. */
static bool body_ends(const struct bv *bv)
{
	uint32_t n = bv->len;
	const uint8_t *p = bv->p;
	if (n >= 3 && memcmp(p + n - 3, ".\r\n", 3) == 0)
		return n == 3 || p[n - 4] == '\n';
	return false;
}

static int dissect_request(struct packet *pk, struct bv *bv,
			   struct tcp_pdu_ctx *tc, struct smtp_sess *s)
{
	if (s && s->state == S_BODY) {
		bool end = body_ends(bv);
		pk_layer_begin(pk, "smtp", &hf_smtp, bv, 0, bv->len);
		pk_add_uint(pk, &hf_req, bv, 0, 0, 1);
		if (end) {
			struct item *it = pk_add_none(pk, &hf_eom, bv, bv->len - 3, 3);
			pk_item_text(pk, it, "C: .");
			s->state = S_COMMAND;
		}
		/* tshark: each fragment as text, Info "DATA fragment" */
		uint32_t blen = end ? bv->len - 3 : bv->len;
		if (blen) {
			struct bv body = bv_sub(bv, 0, blen);
			show_text(pk, &body);
		}
		pk_layer_end(pk);
		if (end)
			col_info_set(pk, "C: .");
		else
			col_info_printf(pk, "C: DATA fragment, %u bytes", bv->len);
		return (int)bv->len;
	}
	uint32_t len = 0, next = line_next(bv, 0, &len);
	if (!next && tc) {
		/* a command line continues in the next segment */
		tc->desegment_offset = 0;
		tc->desegment_len = TCP_DESEGMENT_ONE_MORE;
		return (int)bv->len;
	}
	if (!next) {
		len = bv->len;
		next = bv->len;
	}
	pk_layer_begin(pk, "smtp", &hf_smtp, bv, 0, bv->len);
	pk_add_uint(pk, &hf_req, bv, 0, 0, 1);
	const char *l = (const char *)bv->p;
	if (s && (s->state == S_AUTH_USER || s->state == S_AUTH_PASS)) {
		/* AUTH LOGIN: the line answers the server's 334 prompt */
		bool user = s->state == S_AUTH_USER;
		pk_add_view(pk, user ? &hf_username : &hf_password, bv, 0, len);
		col_info_printf(pk, "C: %s: %.*s", user ? "User" : "Pass", (int)len, l);
		s->state = user ? S_AUTH_WAIT : S_COMMAND;
		pk_layer_end(pk);
		return (int)bv->len;
	}
	col_info_printf(pk, "C: %.*s", (int)len, l);
	struct item *it = pk_add_view(pk, &hf_command_line, bv, 0, len);
	line_label(pk, it, bv, "Command Line: ", 0, len, next);
	pk_push(pk);
	uint32_t tok = 0;
	while (tok < len && l[tok] != ' ')
		tok++;
	pk_add_view(pk, &hf_req_command, bv, 0, tok);
	if (tok + 1 < len)
		pk_add_view(pk, &hf_req_parameter, bv, tok + 1, len - tok - 1);
	pk_pop(pk);
	if (s) {
		if (tok == 4 && strncasecmp(l, "DATA", 4) == 0) {
			s->state = S_DATA_WAIT;
		} else if (len >= 10 && strncasecmp(l, "AUTH LOGIN", 10) == 0) {
			s->state = S_AUTH_WAIT;
			s->auth_n = 0;
		}
	}
	pk_layer_end(pk);
	return (int)bv->len;
}

static bool is_code(const char *l, uint32_t len)
{
	return len >= 3 && l[0] >= '0' && l[0] <= '9' && l[1] >= '0' &&
	       l[1] <= '9' && l[2] >= '0' && l[2] <= '9';
}

static int dissect_response(struct packet *pk, struct bv *bv,
			    struct tcp_pdu_ctx *tc, struct smtp_sess *s)
{
	/* whole lines only: ask for more when the last one is cut */
	if (tc && bv->p[bv->len - 1] != '\n') {
		tc->desegment_offset = 0;
		tc->desegment_len = TCP_DESEGMENT_ONE_MORE;
		return (int)bv->len;
	}
	pk_layer_begin(pk, "smtp", &hf_smtp, bv, 0, bv->len);
	pk_add_uint(pk, &hf_rsp, bv, 0, 0, 1);
	uint32_t code = 0;
	for (uint32_t off = 0; off < bv->len;) {
		uint32_t len = 0, next = line_next(bv, off, &len);
		if (!next) {
			len = bv->len - off;
			next = bv->len;
		}
		const char *l = (const char *)bv->p + off;
		if (off == 0)
			col_info_printf(pk, "S: %.*s", (int)len, l);
		else if (len > 4)
			col_info_append(pk, " | %.*s", (int)(len - 4), l + 4);
		struct item *it = pk_add_view(pk, &hf_response, bv, off, len);
		line_label(pk, it, bv, "Response: ", off, len, next);
		pk_push(pk);
		if (is_code(l, len)) {
			code = (uint32_t)(l[0] - '0') * 100u +
			       (uint32_t)(l[1] - '0') * 10u + (uint32_t)(l[2] - '0');
			if (off == 0)
				pk_add_uint(pk, &hf_response_code, bv, off, 3, code);
			if (len > 4)
				pk_add_view(pk, &hf_rsp_parameter, bv, off + 4, len - 4);
		}
		pk_pop(pk);
		off = next;
	}
	if (s) {
		if (s->state == S_DATA_WAIT)
			s->state = code == 354 ? S_BODY : S_COMMAND;
		else if (s->state == S_AUTH_WAIT)
			s->state = code == 334 ? (s->auth_n++ == 0 ? S_AUTH_USER : S_AUTH_PASS)
					       : S_COMMAND;
	}
	pk_layer_end(pk);
	return (int)bv->len;
}

static int dissect_smtp(struct packet *pk, struct bv *bv, void *data)
{
	struct tcp_pdu_ctx *tc = data;
	if (!bv->len)
		return -1;
	struct smtp_sess *s = sess_of(tc);
	struct smtp_sess copy;
	if (s && pk->in_error) {
		/* a segment quoted by an ICMP error: read the state, as
		 * tshark does (smtp.pcap frames 26, 28-30), change nothing */
		copy = *s;
		s = &copy;
	}
	col_set_proto(pk, "SMTP");
	if (pk->dstport == 25)
		return dissect_request(pk, bv, tc, s);
	return dissect_response(pk, bv, tc, s);
}

static const struct handoff handoffs[] = {
	{ DT_TCP_PORT, 25 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_smtp = {
	.name = "smtp",
	.long_name = "Simple Mail Transfer Protocol",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_smtp,
	.init = smtp_init,
	.reset = smtp_reset,
};
