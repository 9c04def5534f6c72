/* ftp.c — File Transfer Protocol control connection (RFC 959; EPSV RFC
 * 2428) on TCP port 21, FTP-DATA for the data connections a PASV/EPSV reply
 * announces, and Line-based text data (data-text-lines).
 *
 * Like tshark 4.0's packet-ftp.c: no desegmentation (each segment is taken
 * as lines as it comes), a segment to port 21 is a request, and the first
 * line gives Info and the request/response fields. A passive reply
 * announces the data connection with conv_expect(), so TCP treats it as
 * existing (no SYN_SENT completeness bit, as in tshark), and the FTP-DATA
 * heuristic then claims that connection, naming the control connection's
 * latest command in its Info. Active mode (PORT) is shown but announces
 * nothing: tshark 4.0 does not find that conversation for the server's
 * connection either (its data shows as "data", ipv4.pcap frame 63).
 * Not done: the current working directory (ftp.current-working-directory)
 * and the command/response timing fields. */
#include "../core/alloc.h"
#include "../engine/conv.h"
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "tcp.h"

#include <stdio.h>
#include <string.h>

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

static const struct tok code_vals[] = {
	{ 110, "Restart marker reply" }, { 120, "Service ready in nnn minutes" },
	{ 125, "Data connection already open; transfer starting" },
	{ 150, "File status okay; about to open data connection" },
	{ 200, "Command okay" }, { 202, "Command not implemented, superfluous at this site" },
	{ 211, "System status, or system help reply" }, { 212, "Directory status" },
	{ 213, "File status" }, { 214, "Help message" }, { 215, "NAME system type" },
	{ 220, "Service ready for new user" }, { 221, "Service closing control connection" },
	{ 225, "Data connection open; no transfer in progress" },
	{ 226, "Closing data connection" }, { 227, "Entering Passive Mode" },
	{ 229, "Entering Extended Passive Mode" }, { 230, "User logged in, proceed" },
	{ 232, "User logged in, authorized by security data exchange" },
	{ 234, "Security data exchange complete" },
	{ 235, "Security data exchange completed successfully" },
	{ 250, "Requested file action okay, completed" }, { 257, "PATHNAME created" },
	{ 331, "User name okay, need password" }, { 332, "Need account for login" },
	{ 334, "Requested security mechanism is ok" },
	{ 335, "Security data is acceptable, more is required to complete the security data exchange" },
	{ 336, "Username okay, need password. Challenge is ..." },
	{ 350, "Requested file action pending further information" },
	{ 421, "Service not available, closing control connection" },
	{ 425, "Can't open data connection" }, { 426, "Connection closed; transfer aborted" },
	{ 431, "Need some unavailable resource to process security" },
	{ 450, "Requested file action not taken" },
	{ 451, "Requested action aborted: local error in processing" },
	{ 452, "Requested action not taken. Insufficient storage space in system" },
	{ 500, "Syntax error, command unrecognized" },
	{ 501, "Syntax error in parameters or arguments" },
	{ 502, "Command not implemented" }, { 503, "Bad sequence of commands" },
	{ 504, "Command not implemented for that parameter" }, { 530, "Not logged in" },
	{ 532, "Need account for storing files" },
	{ 533, "Command protection level denied for policy reasons" },
	{ 534, "Request denied for policy reasons" },
	{ 535, "Failed security check (hash, sequence, etc)" },
	{ 536, "Requested PROT level not supported by mechanism" },
	{ 537, "Command protection level not supported by security mechanism" },
	{ 550, "Requested action not taken: File unavailable" },
	{ 551, "Requested action aborted: page type unknown" },
	{ 552, "Requested file action aborted: Exceeded storage allocation" },
	{ 553, "Requested action not taken: File name not allowed" },
	{ 631, "Integrity protected reply" },
	{ 632, "Confidentiality and integrity protected reply" },
	{ 633, "Confidentiality protected reply" }, { 0, NULL },
};

F(hf_ftp, "ftp", "File Transfer Protocol (FTP)", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_response, "ftp.response", "Response", FT_BOOLEAN, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_request, "ftp.request", "Request", FT_BOOLEAN, BASE_NONE, FF_HIDDEN, 0, NULL);
F(hf_req_cmd, "ftp.request.command", "Request command", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_req_arg, "ftp.request.arg", "Request arg", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_resp_code, "ftp.response.code", "Response code", FT_UINT32, BASE_DEC, 0, 0, code_vals);
F(hf_resp_arg, "ftp.response.arg", "Response arg", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_pasv_ip, "ftp.passive.ip", "Passive IP address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_pasv_port, "ftp.passive.port", "Passive port", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_pasv_nat, "ftp.passive.nat", "Passive IP NAT", FT_BOOLEAN, BASE_NONE, 0, 0, NULL);
F(hf_act_ip, "ftp.active.cip", "Active IP address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_act_port, "ftp.active.port", "Active port", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_act_nat, "ftp.active.nat", "Active IP NAT", FT_BOOLEAN, BASE_NONE, 0, 0, NULL);
F(hf_epsv_port, "ftp.epsv.port", "Extended passive port", FT_UINT16, BASE_DEC, 0, 0, NULL);

static struct field *const fields[] = {
	&hf_ftp, &hf_response, &hf_request, &hf_req_cmd, &hf_req_arg,
	&hf_resp_code, &hf_resp_arg, &hf_pasv_ip, &hf_pasv_port, &hf_pasv_nat,
	&hf_act_ip, &hf_act_port, &hf_act_nat, &hf_epsv_port, NULL,
};

/* Per data connection (claimed by FTP-DATA). */
struct ftp_data {
	struct conv_key ctl;    /* its control connection */
	uint64_t setup_frame;   /* the PASV/EPSV reply */
	const char *method;     /* "PASV" / "EPSV" */
};

/* The state of a conversation in the one "ftp" extension slot: a control
 * connection (the latest request, for FTP-DATA's Info) or a data one. */
#define FTP_CMD_MAX 64
struct ftp_conv {
	bool is_data;
	/* control connection */
	char cmd[FTP_CMD_MAX];  /* latest request line ("RETR robots.txt") */
	uint64_t cmd_frame;
	/* data connection */
	struct ftp_data data;
};

/* Announced data connections not seen yet: server address and port, client
 * address (any client port). Bounded; when full the oldest is dropped. */
#define FTP_PENDING 16
static struct ftp_data pending_data[FTP_PENDING];
static struct conv_key pending_key[FTP_PENDING];
static unsigned npending;

static int ftp_slot = -1;

static void ext_free(struct conv *c, void *state)
{
	(void)c;
	xfree(state);
}

static void ftp_init(void)
{
	ftp_slot = conv_ext_register("ftp", ext_free);
}

static void ftp_reset(void)
{
	npending = 0;
}

/* Length of the line at off (without CR LF) and the offset past it. */
static uint32_t line_at(const struct bv *bv, uint32_t off, uint32_t *next)
{
	const uint8_t *p = bv->p + off;
	uint32_t n = bv->len - off;
	const uint8_t *nl = memchr(p, '\n', n);
	uint32_t l = nl ? (uint32_t)(nl - p) : n;
	*next = nl ? off + l + 1 : bv->len;
	if (nl && l && p[l - 1] == '\r')
		l--;
	return l;
}

/* Parses "h1,h2,h3,h4,p1,p2" (RFC 959 4.1.2); the first run of six
 * comma-separated numbers wins, as in tshark. True with the address
 * (network order) and port. */
static bool parse_hostport(const uint8_t *s, uint32_t n, uint8_t ip[4], uint16_t *port)
{
	for (uint32_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			continue;
		uint32_t v[6], k = 0, j = i;
		while (k < 6) {
			uint32_t x = 0, d = 0;
			while (j < n && s[j] >= '0' && s[j] <= '9' && d < 4) {
				x = x * 10 + (uint32_t)(s[j++] - '0');
				d++;
			}
			if (!d || x > 255)
				break;
			v[k++] = x;
			if (k < 6) {
				if (j >= n || s[j] != ',')
					break;
				j++;
			}
		}
		if (k == 6) {
			for (int b = 0; b < 4; b++)
				ip[b] = (uint8_t)v[b];
			*port = (uint16_t)(v[4] << 8 | v[5]);
			return true;
		}
		/* skip this run of digits */
		while (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9')
			i++;
	}
	return false;
}

/* EPSV reply "(|||port|)" (RFC 2428 3): the port between the delimiters. */
static bool parse_epsv(const uint8_t *s, uint32_t n, uint16_t *port)
{
	const uint8_t *o = memchr(s, '(', n);
	if (!o)
		return false;
	uint32_t i = (uint32_t)(o - s) + 1;
	if (i + 3 > n)
		return false;
	uint8_t d = s[i];
	if (s[i + 1] != d || s[i + 2] != d)
		return false;
	i += 3;
	uint32_t x = 0, dig = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9' && dig < 6) {
		x = x * 10 + (uint32_t)(s[i++] - '0');
		dig++;
	}
	if (!dig || x > 65535 || i >= n || s[i] != d)
		return false;
	*port = (uint16_t)x;
	return true;
}

/* Announces a passive data connection: server addr:port <-> client addr. */
static void announce(struct packet *pk, struct conv *ctl, const uint8_t srv[4],
		     uint16_t port, const char *method)
{
	if (pk->net_dst.type != AT_IPv4 || !ctl)
		return;
	struct conv_key k;
	memset(&k, 0, sizeof(k));
	k.af = AT_IPv4;
	k.proto = 6;
	memcpy(k.addr[0], srv, 4);
	k.port[0] = port;
	memcpy(k.addr[1], pk->net_dst.a, 4);
	k.port[1] = 0;
	conv_expect(&k);
	if (npending == FTP_PENDING) {
		memmove(pending_key, pending_key + 1, sizeof(pending_key[0]) * (FTP_PENDING - 1));
		memmove(pending_data, pending_data + 1, sizeof(pending_data[0]) * (FTP_PENDING - 1));
		npending--;
	}
	unsigned i = npending++;
	pending_key[i] = k;
	pending_data[i].ctl = ctl->key;
	pending_data[i].setup_frame = pk->num;
	pending_data[i].method = method;
}

/* The address and port of a PORT request or PASV reply; the NAT flag
 * only when the address is not the sender's, as tshark adds it. */
static void add_hostport(struct packet *pk, struct bv *bv, uint32_t off,
			 uint32_t len, const uint8_t ip[4], uint16_t port,
			 struct field *fip, struct field *fport, struct field *fnat)
{
	if (pk_wants(pk, fip)) {
		uint8_t *a = arena_alloc(&pk->arena, 4);
		memcpy(a, ip, 4);
		pk_add_bytes(pk, fip, bv, off, len, a, 4);
	}
	pk_add_uint(pk, fport, bv, off, len, port);
	if (pk->net_src.type == AT_IPv4 && memcmp(pk->net_src.a, ip, 4) != 0)
		pk_add_uint(pk, fnat, bv, off, len, 1);
}

/* A text line of the -V tree, with its line end escaped as tshark does. */
static void add_line_label(struct packet *pk, struct bv *bv, uint32_t off,
			   uint32_t len, uint32_t next)
{
	if (!pk_labels(pk))
		return;
	bool crlf = next >= off + len + 2 && bv->p[off + len] == '\r';
	bool lf = next > off + len;
	char esc[1024];
	fmt_text(esc, sizeof(esc), bv->p + off, len);
	pk_add_text(pk, bv, off, next - off, "%s%s", esc,
		    crlf ? "\\r\\n" : lf ? "\\n" : "");
}

static int dissect_ftp(struct packet *pk, struct bv *bv, void *data)
{
	struct tcp_pdu_ctx *tc = data;
	bool is_request = pk->dstport == 21;
	struct conv *c = tc ? tc->conv : NULL;
	struct ftp_conv *st = NULL;
	if (c && ftp_slot >= 0 && !pk->in_error) {
		if (!c->ext[ftp_slot])
			c->ext[ftp_slot] = xcalloc(1, sizeof(struct ftp_conv));
		st = c->ext[ftp_slot];
		if (st->is_data)
			st = NULL;
	}
	col_set_proto(pk, "FTP");
	pk_layer_begin(pk, "ftp", &hf_ftp, bv, 0, bv->len);
	pk_add_uint(pk, &hf_response, bv, 0, 0, !is_request);
	pk_add_uint(pk, &hf_request, bv, 0, 0, is_request);
	uint32_t next;
	uint32_t len = line_at(bv, 0, &next);
	const uint8_t *l = bv->p;
	col_info_printf(pk, "%s: %.*s", is_request ? "Request" : "Response",
			(int)len, (const char *)l);
	add_line_label(pk, bv, 0, len, next);
	pk_push(pk);
	/* first token (up to a space) and the rest after the spaces */
	uint32_t tok = 0;
	while (tok < len && l[tok] != ' ')
		tok++;
	uint32_t arg = tok;
	while (arg < len && l[arg] == ' ')
		arg++;
	uint8_t ip[4];
	uint16_t port;
	if (is_request) {
		if (tok)
			pk_add_view(pk, &hf_req_cmd, bv, 0, tok);
		if (arg < len)
			pk_add_view(pk, &hf_req_arg, bv, arg, len - arg);
		if (st) {
			uint32_t n = len < FTP_CMD_MAX - 1 ? len : FTP_CMD_MAX - 1;
			memcpy(st->cmd, l, n);
			st->cmd[n] = '\0';
			st->cmd_frame = pk->num;
		}
		if (tok == 4 && memcmp(l, "PORT", 4) == 0 && arg < len &&
		    parse_hostport(l + arg, len - arg, ip, &port))
			add_hostport(pk, bv, arg, len - arg, ip, port, &hf_act_ip,
				     &hf_act_port, &hf_act_nat);
	} else if (tok >= 3 && l[0] >= '0' && l[0] <= '9' && l[1] >= '0' &&
		   l[1] <= '9' && l[2] >= '0' && l[2] <= '9') {
		uint32_t code = (uint32_t)(l[0] - '0') * 100u +
				(uint32_t)(l[1] - '0') * 10u + (uint32_t)(l[2] - '0');
		pk_add_uint(pk, &hf_resp_code, bv, 0, 3, code);
		if (arg < len)
			pk_add_view(pk, &hf_resp_arg, bv, arg, len - arg);
		if (code == 227 && parse_hostport(l + arg, len - arg, ip, &port)) {
			add_hostport(pk, bv, arg, len - arg, ip, port, &hf_pasv_ip,
				     &hf_pasv_port, &hf_pasv_nat);
			if (!pk->in_error)
				announce(pk, c, ip, port, "PASV");
		} else if (code == 229 && parse_epsv(l + arg, len - arg, &port)) {
			pk_add_uint(pk, &hf_epsv_port, bv, arg, len - arg, port);
			if (pk->net_src.type == AT_IPv4 && !pk->in_error)
				announce(pk, c, pk->net_src.a, port, "EPSV");
		}
	} else if (len) {
		/* a continuation line of a multi-line reply: all of it */
		pk_add_view(pk, &hf_resp_arg, bv, 0, len);
	}
	pk_pop(pk);
	/* the other lines of the segment, as text */
	for (uint32_t off = next; off < bv->len;) {
		uint32_t n2;
		uint32_t ll = line_at(bv, off, &n2);
		add_line_label(pk, bv, off, ll, n2);
		off = n2;
	}
	pk_layer_end(pk);
	return (int)bv->len;
}

static const struct handoff handoffs[] = {
	{ DT_TCP_PORT, 21 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_ftp = {
	.name = "ftp",
	.long_name = "File Transfer Protocol (FTP)",
	.fields = fields,
	.handoffs = handoffs,
	.dissect = dissect_ftp,
	.init = ftp_init,
	.reset = ftp_reset,
};

/* ---- data-text-lines ------------------------------------------------------ */

/* Line-based text data (tshark's data-text-lines): one text line per line
 * in -V. Used by FTP-DATA, and by SMTP and HTTP (which find it by name);
 * data: NULL, or the body's media type (const char *, lower case) that
 * HTTP names in the label. */
F(hf_text, "data-text-lines", "Line-based text data", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
static struct field *const text_fields[] = { &hf_text, NULL };

static int dissect_text_lines(struct packet *pk, struct bv *bv, void *data)
{
	struct item *t = pk_layer_begin(pk, "data-text-lines", &hf_text, bv, 0, bv->len);
	if (pk_labels(pk) && bv->len) {
		uint32_t nl = 0;
		for (uint32_t i = 0; i < bv->len; i++)
			nl += bv->p[i] == '\n';
		if (bv->p[bv->len - 1] != '\n')
			nl++;
		if (data)
			pk_item_text(pk, t, "Line-based text data: %s (%u lines)",
				     (const char *)data, nl);
		else
			pk_item_text(pk, t, "Line-based text data (%u lines)", nl);
	}
	if (pk->tree) {
		for (uint32_t off = 0; off < bv->len;) {
			uint32_t next;
			uint32_t l = line_at(bv, off, &next);
			add_line_label(pk, bv, off, l, next);
			off = next;
		}
	}
	pk_layer_end(pk);
	return (int)bv->len;
}

const struct dissector dissector_text_lines = {
	.name = "data-text-lines",
	.long_name = "Line-based text data",
	.fields = text_fields,
	.dissect = dissect_text_lines,
};

/* ---- FTP-DATA ------------------------------------------------------------ */

F(hf_ftp_data, "ftp-data", "FTP Data", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_d_setup_frame, "ftp-data.setup-frame", "Setup frame", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_d_setup_method, "ftp-data.setup-method", "Setup method", FT_STRING, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_d_command, "ftp-data.command", "Command", FT_STRING, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_d_command_frame, "ftp-data.command-frame", "Command frame", FT_FRAMENUM, BASE_NONE, 0, 0, NULL);

static struct field *const data_fields[] = {
	&hf_ftp_data, &hf_d_setup_frame, &hf_d_setup_method, &hf_d_command,
	&hf_d_command_frame, NULL,
};

/* The FTP-DATA state of c: attached on its first payload when c is a data
 * connection an FTP reply announced (server addr:port, client addr). */
static struct ftp_data *data_state(struct conv *c)
{
	if (!c || ftp_slot < 0)
		return NULL;
	if (c->ext[ftp_slot]) {
		struct ftp_conv *fc = c->ext[ftp_slot];
		return fc->is_data ? &fc->data : NULL;
	}
	for (unsigned i = 0; i < npending; i++) {
		const struct conv_key *k = &pending_key[i];
		for (int e = 0; e < 2; e++) {
			if (c->key.af != k->af ||
			    memcmp(c->key.addr[e], k->addr[0], 16) != 0 ||
			    c->key.port[e] != k->port[0] ||
			    memcmp(c->key.addr[!e], k->addr[1], 16) != 0)
				continue;
			struct ftp_conv *fc = xcalloc(1, sizeof(*fc));
			fc->is_data = true;
			fc->data = pending_data[i];
			c->ext[ftp_slot] = fc;
			/* consumed: the last entry takes its place */
			npending--;
			pending_key[i] = pending_key[npending];
			pending_data[i] = pending_data[npending];
			return &fc->data;
		}
	}
	return NULL;
}

/* Text when every byte is printable ASCII or white space (tshark then
 * calls data-text-lines, else data). */
static bool all_text(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint8_t b = p[i];
		if (!((b >= 0x20 && b < 0x7f) || b == '\t' || b == '\n' ||
		      b == '\r' || b == '\v' || b == '\f'))
			return false;
	}
	return true;
}

static int dissect_ftp_data(struct packet *pk, struct bv *bv, void *data)
{
	struct tcp_pdu_ctx *tc = data;
	/* cheap refusal for every other TCP payload */
	if (!tc || (npending == 0 && (ftp_slot < 0 || !tc->conv->ext[ftp_slot])))
		return -1;
	struct ftp_data *d = data_state(tc->conv);
	if (!d)
		return -1;
	int dir;
	struct conv *ctl = conv_lookup(&d->ctl, &dir);
	const struct ftp_conv *st = ctl ? ctl->ext[ftp_slot] : NULL;
	if (st && st->is_data)
		st = NULL;
	col_set_proto(pk, "FTP-DATA");
	col_info_printf(pk, "FTP Data: %u bytes (%s)", bv->len, d->method);
	if (st && st->cmd[0])
		col_info_append(pk, " (%s)", st->cmd);
	struct item *top = pk_layer_begin(pk, "ftp-data", &hf_ftp_data, bv, 0, bv->len);
	pk_item_text(pk, top, "FTP Data (%u bytes data)", bv->len);
	pk_add_uint(pk, &hf_d_setup_frame, bv, 0, 0, d->setup_frame);
	pk_add_bytes(pk, &hf_d_setup_method, bv, 0, 0, (const uint8_t *)d->method,
		     (uint32_t)strlen(d->method));
	if (st && st->cmd[0]) {
		pk_add_bytes(pk, &hf_d_command, bv, 0, 0, (const uint8_t *)st->cmd,
			     (uint32_t)strlen(st->cmd));
		pk_add_uint(pk, &hf_d_command_frame, bv, 0, 0, st->cmd_frame);
	}
	pk_layer_end(pk);
	if (bv->len && all_text(bv->p, bv->len))
		dissect_text_lines(pk, bv, NULL);
	else
		dissect_data(pk, bv);
	return (int)bv->len;
}

const struct dissector dissector_ftp_data = {
	.name = "ftp-data",
	.long_name = "FTP Data",
	.fields = data_fields,
	.heur_table = DT_TCP_PORT,
	.min_len = 1,
	.dissect = dissect_ftp_data,
};
