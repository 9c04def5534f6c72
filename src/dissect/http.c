/* http.c — Hypertext Transfer Protocol/1.x (RFC 9110, 9112) over TCP, and
 * SSDP (HTTP over UDP 1900). Heads and bodies that span segments are
 * reassembled through TCP's desegmentation contract (tcp.h) as tshark does
 * with its default preferences; requests and responses are matched per
 * conversation (the response answers the latest request). */
#include "../core/alloc.h"
#include "../engine/conv.h"
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "../engine/tap.h"
#include "http.h"
#include "tcp.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* ---- parser --------------------------------------------------------------- */

static const char *const methods[] = {
	"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT",
	"PATCH", "M-SEARCH", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "PROPFIND",
	"PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH",
	"REPORT", "MKACTIVITY", "CHECKOUT", "MERGE", "POLL", "BMOVE",
	"BDELETE", "BPROPFIND", "BPROPPATCH", "BCOPY", "X-MS-ENUMATTS",
	"RPC_IN_DATA", "RPC_OUT_DATA", "SSTP_DUPLEX_POST", NULL,
};

static size_t method_len(const uint8_t *b, size_t len)
{
	for (int i = 0; methods[i]; i++) {
		size_t n = strlen(methods[i]);
		if (len > n && memcmp(b, methods[i], n) == 0 && b[n] == ' ')
			return n;
	}
	return 0;
}

bool http_is_start(const uint8_t *b, size_t len)
{
	if (len >= 7 && memcmp(b, "HTTP/1.", 7) == 0)
		return true;
	return method_len(b, len) != 0;
}

/* End of the line starting at off: index of its LF, or len when absent. */
static size_t line_end(const uint8_t *b, size_t len, size_t off)
{
	const uint8_t *nl = memchr(b + off, '\n', len - off);
	return nl ? (size_t)(nl - b) : len;
}

static int parse_start(const uint8_t *b, size_t eol, struct http_msg *m)
{
	size_t end = eol;
	if (end && b[end - 1] == '\r')
		end--;
	memset(m, 0, sizeof(*m));
	m->line_len = eol + 1;
	if (end >= 7 && memcmp(b, "HTTP/1.", 7) == 0) {
		m->response = true;
		size_t sp = 0;
		while (sp < end && b[sp] != ' ')
			sp++;
		m->version = (const char *)b;
		m->version_len = sp;
		size_t c = sp + 1;
		if (c + 3 > end || b[c] < '0' || b[c] > '9' ||
		    b[c + 1] < '0' || b[c + 1] > '9' || b[c + 2] < '0' || b[c + 2] > '9')
			return -1;
		m->status = (b[c] - '0') * 100 + (b[c + 1] - '0') * 10 + (b[c + 2] - '0');
		size_t p = c + 3;
		if (p < end && b[p] == ' ')
			p++;
		m->phrase = (const char *)b + p;
		m->phrase_len = end > p ? end - p : 0;
		return 0;
	}
	size_t ml = method_len(b, end);
	if (!ml)
		return -1;
	m->method = (const char *)b;
	m->method_len = ml;
	size_t u = ml + 1, ue = u;
	while (ue < end && b[ue] != ' ')
		ue++;
	m->uri = (const char *)b + u;
	m->uri_len = ue - u;
	if (ue < end) {
		m->version = (const char *)b + ue + 1;
		m->version_len = end - ue - 1;
	}
	return 0;
}

int http_parse_head(const uint8_t *buf, size_t len, struct http_msg *m,
		    struct http_header *hdrs, size_t *nhdr)
{
	size_t cap = nhdr ? *nhdr : 0, n = 0;
	if (nhdr)
		*nhdr = 0;
	if (!http_is_start(buf, len))
		return len < 16 && len > 0 ? -2 : -1;
	size_t eol = line_end(buf, len, 0);
	if (eol == len)
		return -2;
	if (parse_start(buf, eol, m) < 0)
		return -1;
	size_t off = eol + 1;
	for (;;) {
		if (off >= len)
			return -2;
		size_t e = line_end(buf, len, off);
		if (e == len)
			return -2;
		size_t end = e;
		if (end > off && buf[end - 1] == '\r')
			end--;
		if (end == off) {
			if (nhdr)
				*nhdr = n < cap ? n : cap;
			return (int)(e + 1);
		}
		const uint8_t *colon = memchr(buf + off, ':', end - off);
		if (n < cap) {
			struct http_header *h = &hdrs[n];
			h->line_off = off;
			h->line_len = e + 1 - off;
			if (colon) {
				size_t v = (size_t)(colon - buf) + 1, ve = end;
				while (v < ve && (buf[v] == ' ' || buf[v] == '\t'))
					v++;
				while (ve > v && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t'))
					ve--;
				h->name = (const char *)buf + off;
				h->name_len = (size_t)(colon - buf) - off;
				h->value = (const char *)buf + v;
				h->value_len = ve - v;
			} else {
				h->name = (const char *)buf + off;
				h->name_len = end - off;
				h->value = NULL;
				h->value_len = 0;
			}
		}
		n++;
		off = e + 1;
		if (off > (size_t)INT32_MAX)
			return -1;
	}
}

long http_chunked_len(const uint8_t *buf, size_t len, uint64_t *payload)
{
	size_t off = 0;
	uint64_t sum = 0;
	for (;;) {
		size_t e = line_end(buf, len, off);
		if (e == len)
			return -2;
		uint64_t sz = 0;
		size_t i = off;
		int digits = 0;
		for (; i < e; i++) {
			int c = buf[i], d;
			if (c >= '0' && c <= '9') d = c - '0';
			else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
			else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
			else break;
			if (sz >> 56)
				return -1;
			sz = sz * 16 + (uint64_t)d;
			digits++;
		}
		if (!digits)
			return -1;
		off = e + 1;
		if (sz == 0) {
			/* trailer section: header lines up to an empty line */
			for (;;) {
				size_t t = line_end(buf, len, off);
				if (t == len)
					return -2;
				bool empty = t == off || (t == off + 1 && buf[off] == '\r');
				off = t + 1;
				if (empty)
					break;
			}
			if (payload)
				*payload = sum;
			return (long)off;
		}
		if (sz > len || off + sz + 1 > len)
			return -2;
		sum += sz;
		off += (size_t)sz;
		/* CRLF after the chunk data */
		if (off < len && buf[off] == '\r')
			off++;
		if (off >= len)
			return -2;
		if (buf[off] != '\n')
			return -1;
		off++;
	}
}

/* ---- dissector -------------------------------------------------------------- */

static const struct tok status_vals[] = {
	{ 100, "Continue" }, { 101, "Switching Protocols" }, { 102, "Processing" },
	{ 103, "Early Hints" }, { 200, "OK" }, { 201, "Created" },
	{ 202, "Accepted" }, { 203, "Non-authoritative Information" },
	{ 204, "No Content" }, { 205, "Reset Content" },
	{ 206, "Partial Content" }, { 207, "Multi-Status" },
	{ 208, "Already Reported" }, { 226, "IM Used" },
	{ 300, "Multiple Choices" }, { 301, "Moved Permanently" },
	{ 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" },
	{ 305, "Use Proxy" }, { 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" }, { 400, "Bad Request" },
	{ 401, "Unauthorized" }, { 402, "Payment Required" },
	{ 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
	{ 407, "Proxy Authentication Required" }, { 408, "Request Time-out" },
	{ 409, "Conflict" }, { 410, "Gone" }, { 411, "Length Required" },
	{ 412, "Precondition Failed" }, { 413, "Request Entity Too Large" },
	{ 414, "Request-URI Too Long" }, { 415, "Unsupported Media Type" },
	{ 416, "Requested Range Not Satisfiable" },
	{ 417, "Expectation Failed" }, { 418, "I'm a teapot" },
	{ 421, "Misdirected Request" }, { 422, "Unprocessable Entity" },
	{ 423, "Locked" }, { 424, "Failed Dependency" }, { 425, "Too Early" },
	{ 426, "Upgrade Required" }, { 428, "Precondition Required" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 451, "Unavailable For Legal Reasons" },
	{ 500, "Internal Server Error" }, { 501, "Not Implemented" },
	{ 502, "Bad Gateway" }, { 503, "Service Unavailable" },
	{ 504, "Gateway Time-out" }, { 505, "HTTP Version not supported" },
	{ 506, "Variant Also Negotiates" }, { 507, "Insufficient Storage" },
	{ 508, "Loop Detected" }, { 510, "Not Extended" },
	{ 511, "Network Authentication Required" }, { 0, NULL },
};

#define F(var, abbrev, name, type, base, flags) \
	static struct field var = { abbrev, name, type, base, flags, 0, NULL, 0, false, NULL }

F(hf_http, "http", "Hypertext Transfer Protocol", FT_PROTOCOL, BASE_NONE, 0);
F(hf_ssdp, "ssdp", "Simple Service Discovery Protocol", FT_PROTOCOL, BASE_NONE, 0);
F(hf_request, "http.request", "Request", FT_BOOLEAN, BASE_NONE, FF_HIDDEN);
F(hf_response, "http.response", "Response", FT_BOOLEAN, BASE_NONE, FF_HIDDEN);
F(hf_req_number, "http.request_number", "Request number", FT_UINT32, BASE_DEC, FF_GENERATED);
F(hf_resp_number, "http.response_number", "Response number", FT_UINT32, BASE_DEC, FF_GENERATED);
F(hf_req_line, "http.request.line", "Request line", FT_STRING, BASE_NONE, FF_HIDDEN);
F(hf_resp_line, "http.response.line", "Response line", FT_STRING, BASE_NONE, FF_HIDDEN);
F(hf_method, "http.request.method", "Request Method", FT_STRING, BASE_NONE, 0);
F(hf_uri, "http.request.uri", "Request URI", FT_STRING, BASE_NONE, 0);
F(hf_uri_path, "http.request.uri.path", "Request URI Path", FT_STRING, BASE_NONE, 0);
F(hf_uri_query, "http.request.uri.query", "Request URI Query", FT_STRING, BASE_NONE, 0);
F(hf_uri_param, "http.request.uri.query.parameter", "Request URI Query Parameter", FT_STRING, BASE_NONE, 0);
F(hf_req_version, "http.request.version", "Request Version", FT_STRING, BASE_NONE, 0);
F(hf_resp_version, "http.response.version", "Response Version", FT_STRING, BASE_NONE, 0);
F(hf_full_uri, "http.request.full_uri", "Full request URI", FT_STRING, BASE_NONE, FF_GENERATED);
F(hf_code, "http.response.code", "Status Code", FT_UINT16, BASE_DEC, 0);
F(hf_code_desc, "http.response.code.desc", "Status Code Description", FT_STRING, BASE_NONE, FF_GENERATED);
F(hf_resp_for_uri, "http.response_for.uri", "Request URI", FT_STRING, BASE_NONE, FF_GENERATED);
F(hf_phrase, "http.response.phrase", "Response Phrase", FT_STRING, BASE_NONE, 0);
F(hf_content_length, "http.content_length", "Content length", FT_UINT64, BASE_DEC, FF_GENERATED);
F(hf_request_in, "http.request_in", "Request in frame", FT_FRAMENUM, BASE_NONE, FF_GENERATED);
F(hf_prev_request_in, "http.prev_request_in", "Prev request in frame", FT_FRAMENUM, BASE_NONE, FF_GENERATED);
F(hf_prev_response_in, "http.prev_response_in", "Prev response in frame", FT_FRAMENUM, BASE_NONE, FF_GENERATED);
F(hf_time, "http.time", "Time since request", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED);
F(hf_file_data, "http.file_data", "File Data", FT_STRING, BASE_NONE, 0);
F(hf_chunk_size, "http.chunk_size", "Chunk size", FT_UINT32, BASE_DEC, 0);
F(hf_cookie_pair, "http.cookie_pair", "Cookie pair", FT_STRING, BASE_NONE, 0);
F(hf_unknown_header, "http.unknown_header", "Unknown header", FT_STRING, BASE_NONE, 0);

/* Headers with their own field (tshark's headers[] table), name in lower
 * case. */
F(hf_h_authorization, "http.authorization", "Authorization", FT_STRING, BASE_NONE, 0);
F(hf_h_proxy_authenticate, "http.proxy_authenticate", "Proxy-Authenticate", FT_STRING, BASE_NONE, 0);
F(hf_h_proxy_authorization, "http.proxy_authorization", "Proxy-Authorization", FT_STRING, BASE_NONE, 0);
F(hf_h_www_authenticate, "http.www_authenticate", "WWW-Authenticate", FT_STRING, BASE_NONE, 0);
F(hf_h_content_type, "http.content_type", "Content-Type", FT_STRING, BASE_NONE, 0);
F(hf_h_content_length, "http.content_length_header", "Content-Length", FT_STRING, BASE_NONE, 0);
F(hf_h_content_encoding, "http.content_encoding", "Content-Encoding", FT_STRING, BASE_NONE, 0);
F(hf_h_transfer_encoding, "http.transfer_encoding", "Transfer-Encoding", FT_STRING, BASE_NONE, 0);
F(hf_h_upgrade, "http.upgrade", "Upgrade", FT_STRING, BASE_NONE, 0);
F(hf_h_user_agent, "http.user_agent", "User-Agent", FT_STRING, BASE_NONE, 0);
F(hf_h_host, "http.host", "Host", FT_STRING, BASE_NONE, 0);
F(hf_h_connection, "http.connection", "Connection", FT_STRING, BASE_NONE, 0);
F(hf_h_cookie, "http.cookie", "Cookie", FT_STRING, BASE_NONE, 0);
F(hf_h_accept, "http.accept", "Accept", FT_STRING, BASE_NONE, 0);
F(hf_h_referer, "http.referer", "Referer", FT_STRING, BASE_NONE, 0);
F(hf_h_accept_language, "http.accept_language", "Accept-Language", FT_STRING, BASE_NONE, 0);
F(hf_h_accept_encoding, "http.accept_encoding", "Accept Encoding", FT_STRING, BASE_NONE, 0);
F(hf_h_date, "http.date", "Date", FT_STRING, BASE_NONE, 0);
F(hf_h_cache_control, "http.cache_control", "Cache-Control", FT_STRING, BASE_NONE, 0);
F(hf_h_server, "http.server", "Server", FT_STRING, BASE_NONE, 0);
F(hf_h_location, "http.location", "Location", FT_STRING, BASE_NONE, 0);
F(hf_h_set_cookie, "http.set_cookie", "Set-Cookie", FT_STRING, BASE_NONE, 0);
F(hf_h_last_modified, "http.last_modified", "Last-Modified", FT_STRING, BASE_NONE, 0);
F(hf_h_x_forwarded_for, "http.x_forwarded_for", "X-Forwarded-For", FT_STRING, BASE_NONE, 0);
F(hf_h_sec_ws_accept, "http.sec_websocket_accept", "Sec-WebSocket-Accept", FT_STRING, BASE_NONE, 0);
F(hf_h_sec_ws_ext, "http.sec_websocket_extensions", "Sec-WebSocket-Extensions", FT_STRING, BASE_NONE, 0);
F(hf_h_sec_ws_key, "http.sec_websocket_key", "Sec-WebSocket-Key", FT_STRING, BASE_NONE, 0);
F(hf_h_sec_ws_proto, "http.sec_websocket_protocol", "Sec-WebSocket-Protocol", FT_STRING, BASE_NONE, 0);
F(hf_h_sec_ws_version, "http.sec_websocket_version", "Sec-WebSocket-Version", FT_STRING, BASE_NONE, 0);
F(hf_h_http2_settings, "http.http2_settings", "HTTP2-Settings", FT_STRING, BASE_NONE, 0);

enum hkind { HK_PLAIN, HK_CONTENT_TYPE, HK_CONTENT_LENGTH, HK_HOST,
	     HK_TRANSFER_ENCODING, HK_CONTENT_ENCODING, HK_COOKIE };

static const struct {
	const char *name;
	struct field *f;
	uint8_t kind;
} hdr_tab[] = {
	{ "authorization", &hf_h_authorization, HK_PLAIN },
	{ "proxy-authenticate", &hf_h_proxy_authenticate, HK_PLAIN },
	{ "proxy-authorization", &hf_h_proxy_authorization, HK_PLAIN },
	{ "www-authenticate", &hf_h_www_authenticate, HK_PLAIN },
	{ "content-type", &hf_h_content_type, HK_CONTENT_TYPE },
	{ "content-length", &hf_h_content_length, HK_CONTENT_LENGTH },
	{ "content-encoding", &hf_h_content_encoding, HK_CONTENT_ENCODING },
	{ "transfer-encoding", &hf_h_transfer_encoding, HK_TRANSFER_ENCODING },
	{ "upgrade", &hf_h_upgrade, HK_PLAIN },
	{ "user-agent", &hf_h_user_agent, HK_PLAIN },
	{ "host", &hf_h_host, HK_HOST },
	{ "connection", &hf_h_connection, HK_PLAIN },
	{ "cookie", &hf_h_cookie, HK_COOKIE },
	{ "accept", &hf_h_accept, HK_PLAIN },
	{ "referer", &hf_h_referer, HK_PLAIN },
	{ "accept-language", &hf_h_accept_language, HK_PLAIN },
	{ "accept-encoding", &hf_h_accept_encoding, HK_PLAIN },
	{ "date", &hf_h_date, HK_PLAIN },
	{ "cache-control", &hf_h_cache_control, HK_PLAIN },
	{ "server", &hf_h_server, HK_PLAIN },
	{ "location", &hf_h_location, HK_PLAIN },
	{ "set-cookie", &hf_h_set_cookie, HK_PLAIN },
	{ "last-modified", &hf_h_last_modified, HK_PLAIN },
	{ "x-forwarded-for", &hf_h_x_forwarded_for, HK_PLAIN },
	{ "sec-websocket-accept", &hf_h_sec_ws_accept, HK_PLAIN },
	{ "sec-websocket-extensions", &hf_h_sec_ws_ext, HK_PLAIN },
	{ "sec-websocket-key", &hf_h_sec_ws_key, HK_PLAIN },
	{ "sec-websocket-protocol", &hf_h_sec_ws_proto, HK_PLAIN },
	{ "sec-websocket-version", &hf_h_sec_ws_version, HK_PLAIN },
	{ "http2-settings", &hf_h_http2_settings, HK_PLAIN },
	{ NULL, NULL, 0 },
};

static struct expert_field ei_chat = {
	{ "http.chat", "Formatted text", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_SEQUENCE, PI_CHAT,
};
static struct expert_field ei_te_and_length = {
	{ "http.te_and_length", "The Content-Length and Transfer-Encoding header must not be set together", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_WARN,
};

static struct expert_field ei_bad_header_name = {
	{ "http.bad_header_name", "Illegal characters found in header name", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_WARN,
};

static struct field *const fields[] = {
	&hf_http, &hf_ssdp, &hf_request, &hf_response, &hf_req_number,
	&hf_resp_number, &hf_req_line, &hf_resp_line, &hf_method, &hf_uri,
	&hf_uri_path, &hf_uri_query, &hf_uri_param, &hf_req_version,
	&hf_resp_version, &hf_full_uri, &hf_code, &hf_code_desc,
	&hf_resp_for_uri, &hf_phrase, &hf_content_length, &hf_request_in,
	&hf_prev_request_in, &hf_prev_response_in, &hf_time, &hf_file_data,
	&hf_chunk_size, &hf_cookie_pair, &hf_unknown_header,
	&hf_h_authorization, &hf_h_proxy_authenticate,
	&hf_h_proxy_authorization, &hf_h_www_authenticate,
	&hf_h_content_type, &hf_h_content_length, &hf_h_content_encoding,
	&hf_h_transfer_encoding, &hf_h_upgrade, &hf_h_user_agent, &hf_h_host,
	&hf_h_connection, &hf_h_cookie, &hf_h_accept, &hf_h_referer,
	&hf_h_accept_language, &hf_h_accept_encoding, &hf_h_date,
	&hf_h_cache_control, &hf_h_server, &hf_h_location, &hf_h_set_cookie,
	&hf_h_last_modified, &hf_h_x_forwarded_for, &hf_h_sec_ws_accept,
	&hf_h_sec_ws_ext, &hf_h_sec_ws_key, &hf_h_sec_ws_proto,
	&hf_h_sec_ws_version, &hf_h_http2_settings, NULL,
};
static struct expert_field *const experts[] = {
	&ei_chat, &ei_te_and_length, &ei_bad_header_name, NULL,
};

/* RFC 9110 5.6.2 tchar. */
static bool tchar(uint8_t c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* ---- request/response matching (per TCP conversation) --------------------- */

struct http_trans {
	uint32_t number;      /* http.request_number / response_number */
	uint64_t req_frame, resp_frame;
	int64_t req_ts;
	bool head;            /* the request was HEAD: its response has no body */
	char *full_uri;       /* xmalloc'd, or NULL */
};

struct http_conv {
	bool seen_request;    /* tshark's have_seen_http: a request line was
	                         seen in this conversation */
	uint32_t count;
	struct http_trans cur, prev;
};

static int http_slot = -1;

static void http_conv_free(struct conv *c, void *state)
{
	(void)c;
	struct http_conv *hc = state;
	xfree(hc->cur.full_uri);
	xfree(hc->prev.full_uri);
	xfree(hc);
}

static void http_init(void)
{
	http_slot = conv_ext_register("http", http_conv_free);
}

static struct http_conv *http_conv_of(struct conv *c)
{
	if (!c || http_slot < 0)
		return NULL;
	if (!c->ext[http_slot])
		c->ext[http_slot] = xcalloc(1, sizeof(struct http_conv));
	return c->ext[http_slot];
}

/* New transaction at the tail; the old tail becomes prev. */
static struct http_trans *push_trans(struct http_conv *hc)
{
	xfree(hc->prev.full_uri);
	hc->prev = hc->cur;
	memset(&hc->cur, 0, sizeof(hc->cur));
	hc->cur.number = ++hc->count;
	return &hc->cur;
}

/* ---- one message ------------------------------------------------------------ */

struct hctx {
	struct packet *pk;
	struct bv *bv;
	struct conv *conv;
	bool ssdp;
	bool first;
};

static char *adup(struct packet *pk, const char *s, size_t n)
{
	return arena_strndup(&pk->arena, s, n);
}

static bool ieq(const char *a, size_t n, const char *lower)
{
	return strlen(lower) == n && strncasecmp(a, lower, n) == 0;
}

/* The body's sub-protocol by media type, as tshark's media_type table
 * routes it (default preferences). */
static const char *body_proto(const char *ct, size_t n)
{
	static const struct { const char *t; const char *p; } map[] = {
		{ "text/plain", "data-text-lines" }, { "text/html", "data-text-lines" },
		{ "text/css", "data-text-lines" }, { "text/javascript", "data-text-lines" },
		{ "text/x-vcard", "data-text-lines" }, { "text/vnd.wap.wml", "data-text-lines" },
		{ "application/x-javascript", "data-text-lines" },
		{ "application/x-www-form-urlencoded", "urlencoded-form" },
		{ "image/png", "png" }, { "image/jpeg", "image-jfif" },
		{ "image/jpg", "image-jfif" }, { "image/gif", "image-gif" },
		{ "text/xml", "xml" }, { "application/xml", "xml" },
		{ "image/svg+xml", "xml" }, { "application/soap+xml", "xml" },
		{ "application/json", "json" }, { "application/octet-stream", "data" },
		{ NULL, NULL },
	};
	for (int i = 0; map[i].t; i++)
		if (ieq(ct, n, map[i].t))
			return map[i].p;
	return "media";
}

/* Inflates a gzip or deflate body into the packet arena (tshark decodes
 * Content-Encoding by default). Returns false when it is not valid; output
 * is bounded by HTTP_MAX_INFLATE bytes. */
#define HTTP_MAX_INFLATE (16u << 20)
static bool inflate_body(struct packet *pk, const uint8_t *in, uint32_t n,
			 bool gzip, const uint8_t **out, uint32_t *outn)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	/* 16+: gzip wrapper; 32+: zlib or gzip auto-detected. */
	if (inflateInit2(&z, gzip ? 16 + MAX_WBITS : 32 + MAX_WBITS) != Z_OK)
		return false;
	uint32_t cap = n < 1024 ? 4096 : n * 4;
	if (cap > HTTP_MAX_INFLATE)
		cap = HTTP_MAX_INFLATE;
	uint8_t *buf = arena_alloc(&pk->arena, cap);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = n;
	z.next_out = buf;
	z.avail_out = cap;
	int r;
	for (;;) {
		r = inflate(&z, Z_NO_FLUSH);
		if (r == Z_STREAM_END || r == Z_NEED_DICT || r == Z_DATA_ERROR ||
		    r == Z_MEM_ERROR)
			break;
		if (z.avail_out == 0 && cap < HTTP_MAX_INFLATE) {
			uint32_t ncap = cap * 2 > HTTP_MAX_INFLATE ? HTTP_MAX_INFLATE : cap * 2;
			uint8_t *nb = arena_alloc(&pk->arena, ncap);
			memcpy(nb, buf, cap);
			buf = nb;
			z.next_out = buf + cap;
			z.avail_out = ncap - cap;
			cap = ncap;
			continue;
		}
		if (z.avail_in == 0 || z.avail_out == 0)
			break;
	}
	uint32_t got = (uint32_t)z.total_out;
	inflateEnd(&z);
	if (r != Z_STREAM_END && !(r == Z_OK || r == Z_BUF_ERROR))
		return false;
	if (r != Z_STREAM_END && got == 0)
		return false;
	*out = buf;
	*outn = got;
	return true;
}

/* Dissects the message whose head is [off, off+hl) and body
 * [off+hl, off+hl+blen) of c->bv. */
static void dissect_msg(struct hctx *c, uint32_t off, uint32_t hl, uint32_t blen,
			bool chunked, const struct http_msg *m,
			const struct http_header *h, size_t nh)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	const uint8_t *base = bv->p + off;
	const char *pname = c->ssdp ? "ssdp" : "http";
	pk_layer_begin(pk, pname, c->ssdp ? &hf_ssdp : &hf_http, bv, off, hl + blen);
	col_set_proto(pk, c->ssdp ? "SSDP" : "HTTP");

	/* Info: the start line, its CR shown as a space (tshark). */
	size_t sl = m->line_len;
	size_t shown = sl;
	if (shown && base[shown - 1] == '\n')
		shown--;
	char *line = adup(pk, (const char *)base, shown);
	for (size_t i = 0; i < shown; i++)
		if (line[i] == '\r')
			line[i] = ' ';
	if (c->first)
		col_info_printf(pk, "%s", line);
	else
		col_info_append(pk, "%s", line);

	/* The Chat expert carries the start line as tshark's format_text
	 * shows it: CR and LF escaped ("GET / HTTP/1.1\\r\\n"), under the
	 * protocol's short name. */
	char esc[PK_INFO_MAX];
	size_t en = 0;
	for (size_t i = 0; i < sl && en + 3 < sizeof(esc); i++) {
		if (base[i] == '\r' || base[i] == '\n') {
			esc[en++] = '\\';
			esc[en++] = base[i] == '\r' ? 'r' : 'n';
		} else {
			esc[en++] = (char)base[i];
		}
	}
	esc[en] = '\0';
	/* the start line is a text item; the expert and the line's parts
	 * are its children */
	pk_add_text(pk, bv, off, (uint32_t)sl, "%s", esc);
	pk_push(pk);
	pk_expert(pk, &ei_chat, c->ssdp ? "SSDP" : "HTTP", bv, off, (uint32_t)sl, "%s", esc);
	const char *ct = NULL;
	size_t ctn = 0;
	const char *host = NULL;
	size_t hostn = 0;
	const char *cenc = NULL;
	size_t cencn = 0;
	bool decoded = false;
	if (m->response) {
		pk_add_bytes(pk, &hf_resp_version, bv, off, (uint32_t)m->version_len,
			     (const uint8_t *)m->version, (uint32_t)m->version_len);
		pk_add_uint(pk, &hf_code, bv, off + (uint32_t)m->version_len + 1, 3,
			    (uint64_t)m->status);
		const char *desc = tok_str(status_vals, (uint32_t)m->status, "Unknown");
		pk_add_bytes(pk, &hf_code_desc, bv, off, 0, (const uint8_t *)desc,
			     (uint32_t)strlen(desc));
		/* tshark shows no phrase item for an empty phrase */
		if (m->phrase_len)
			pk_add_bytes(pk, &hf_phrase, bv,
				     off + (uint32_t)(m->phrase - (const char *)base),
				     (uint32_t)m->phrase_len, (const uint8_t *)m->phrase,
				     (uint32_t)m->phrase_len);
	} else {
		pk_add_bytes(pk, &hf_method, bv, off, (uint32_t)m->method_len,
			     (const uint8_t *)m->method, (uint32_t)m->method_len);
		uint32_t uoff = off + (uint32_t)(m->uri - (const char *)base);
		pk_add_bytes(pk, &hf_uri, bv, uoff, (uint32_t)m->uri_len,
			     (const uint8_t *)m->uri, (uint32_t)m->uri_len);
		const char *q = memchr(m->uri, '?', m->uri_len);
		if (q) {
			/* tshark splits path / query / parameters ('&'). */
			size_t pl = (size_t)(q - m->uri);
			pk_push(pk);
			pk_add_bytes(pk, &hf_uri_path, bv, uoff, (uint32_t)pl,
				     (const uint8_t *)m->uri, (uint32_t)pl);
			size_t ql = m->uri_len - pl - 1;
			pk_add_bytes(pk, &hf_uri_query, bv, uoff + (uint32_t)pl + 1,
				     (uint32_t)ql, (const uint8_t *)q + 1, (uint32_t)ql);
			pk_push(pk);
			const char *p = q + 1, *e = m->uri + m->uri_len;
			while (p <= e) {
				const char *amp = memchr(p, '&', (size_t)(e - p));
				const char *pe = amp ? amp : e;
				pk_add_bytes(pk, &hf_uri_param, bv,
					     uoff + (uint32_t)(p - m->uri),
					     (uint32_t)(pe - p), (const uint8_t *)p,
					     (uint32_t)(pe - p));
				if (!amp)
					break;
				p = amp + 1;
			}
			pk_pop(pk);
			pk_pop(pk);
		}
		if (m->version_len)
			pk_add_bytes(pk, &hf_req_version, bv,
				     off + (uint32_t)(m->version - (const char *)base),
				     (uint32_t)m->version_len,
				     (const uint8_t *)m->version, (uint32_t)m->version_len);
	}
	pk_pop(pk);

	bool have_clen = false;
	bool has_te = false;
	for (size_t i = 0; i < nh; i++) {
		const struct http_header *x = &h[i];
		uint32_t loff = off + (uint32_t)x->line_off;
		pk_add_bytes(pk, m->response ? &hf_resp_line : &hf_req_line, bv, loff,
			     (uint32_t)x->line_len, base + x->line_off,
			     (uint32_t)x->line_len);
		int k = -1;
		if (x->value)
			for (int j = 0; hdr_tab[j].name; j++)
				if (ieq(x->name, x->name_len, hdr_tab[j].name)) {
					k = j;
					break;
				}
		size_t ll = x->line_len;
		while (ll && (base[x->line_off + ll - 1] == '\n' || base[x->line_off + ll - 1] == '\r'))
			ll--;
		/* the line as tshark's format_text shows it (a folded
		 * line's tab as \t), for the labels */
		char el[1024];
		el[0] = '\0';
		if (pk_labels(pk))
			fmt_text(el, sizeof(el), base + x->line_off, (uint32_t)ll);
		bool bad = x->name_len == 0;
		for (size_t j = 0; j < x->name_len && !bad; j++)
			bad = !tchar((uint8_t)x->name[j]);
		if (bad) {
			/* e.g. obsolete line folding: the continuation line
			 * is taken as a header with an illegal name. */
			pk_add_text(pk, bv, loff, (uint32_t)x->line_len, "%s\\r\\n", el);
			pk_push(pk);
			pk_expert(pk, &ei_bad_header_name, pname, bv, loff,
				  (uint32_t)x->name_len, NULL);
			pk_pop(pk);
			continue;
		}
		if (k < 0) {
			pk_add_text(pk, bv, loff, (uint32_t)x->line_len, "%s\\r\\n", el);
			continue;
		}
		struct item *it = pk_add_bytes(pk, hdr_tab[k].f, bv, loff,
					       (uint32_t)x->line_len,
					       (const uint8_t *)x->value,
					       (uint32_t)x->value_len);
		pk_item_text(pk, it, "%s\\r\\n", el);
		switch (hdr_tab[k].kind) {
		case HK_CONTENT_TYPE: {
			size_t n = 0;
			while (n < x->value_len && x->value[n] != ';' && x->value[n] != ' ')
				n++;
			ct = x->value;
			ctn = n;
			break;
		}
		case HK_CONTENT_LENGTH: {
			uint64_t v = 0;
			size_t n = 0;
			while (n < x->value_len && x->value[n] >= '0' && x->value[n] <= '9' &&
			       v < (UINT64_MAX - 9) / 10)
				v = v * 10 + (uint64_t)(x->value[n++] - '0');
			if (n) {
				have_clen = true;
				pk_push(pk);
				struct item *ci = pk_add_uint(pk, &hf_content_length, bv, loff,
							      (uint32_t)x->line_len, v);
				pk_item_text(pk, ci, "[Content length: %llu]", (unsigned long long)v);
				pk_pop(pk);
			}
			break;
		}
		case HK_HOST:
			host = x->value;
			hostn = x->value_len;
			break;
		case HK_TRANSFER_ENCODING:
			has_te = true;
			break;
		case HK_CONTENT_ENCODING:
			cenc = x->value;
			cencn = x->value_len;
			break;
		case HK_COOKIE: {
			pk_push(pk);
			const char *p = x->value, *e = x->value + x->value_len;
			while (p < e) {
				const char *sc = memchr(p, ';', (size_t)(e - p));
				const char *pe = sc ? sc : e;
				while (p < pe && *p == ' ')
					p++;
				if (pe > p)
					pk_add_bytes(pk, &hf_cookie_pair, bv, loff, (uint32_t)x->line_len,
						     (const uint8_t *)p, (uint32_t)(pe - p));
				p = pe + 1;
			}
			pk_pop(pk);
			break;
		}
		default:
			break;
		}
	}
	if (has_te && have_clen)
		pk_expert(pk, &ei_te_and_length, pname, bv, off, 0, NULL);
	pk_add_text(pk, bv, off + hl - 2, 2, "\\r\\n");
	static int http_tap; /* "http" tap: -z http,tree, http_req, http_srv */
	if (tap_has_listener(tap_cached(&http_tap, "http"))) {
		struct http_tap_info *ti = arena_alloc(&pk->arena, sizeof(*ti));
		if (m->response) {
			ti->response_code = (unsigned)m->status;
			ti->response_desc = tok_str(status_vals, (uint32_t)m->status, NULL);
		} else {
			ti->request_method = adup(pk, m->method, m->method_len);
			ti->request_uri = adup(pk, m->uri, m->uri_len);
		}
		ti->http_host = host ? adup(pk, host, hostn) : NULL;
		tap_queue(http_tap, pk, ti);
	}

	/* Transaction tracking. */
	struct http_conv *hc = http_conv_of(c->conv);
	if (m->response) {
		pk_add_uint(pk, &hf_response, bv, off, 0, 1);
		struct http_trans *t = NULL, *prev = NULL;
		if (hc) {
			t = &hc->cur;
			prev = &hc->prev;
			if (t->number == 0 || t->resp_frame != 0) {
				t = push_trans(hc);
				prev = &hc->prev;
			}
			t->resp_frame = pk->num;
		}
		if (t) {
			struct item *it = pk_add_uint(pk, &hf_resp_number, bv, off, 0, t->number);
			pk_item_text(pk, it, "[HTTP response %u/%u]", t->number, hc->count);
			if (t->req_frame) {
				int64_t d = pk->ts - t->req_ts;
				it = pk_add_time(pk, &hf_time, bv, off, 0, d);
				pk_item_text(pk, it, "[Time since request: %lld.%09lld seconds]",
					     (long long)(d / 1000000000), (long long)((d < 0 ? -d : d) % 1000000000));
			}
			if (prev && prev->number && prev->req_frame)
				pk_add_uint(pk, &hf_prev_request_in, bv, off, 0, prev->req_frame);
			if (prev && prev->number && prev->resp_frame)
				pk_add_uint(pk, &hf_prev_response_in, bv, off, 0, prev->resp_frame);
			if (t->req_frame)
				pk_add_uint(pk, &hf_request_in, bv, off, 0, t->req_frame);
			if (t->full_uri)
				pk_add_bytes(pk, &hf_resp_for_uri, bv, off, 0,
					     (const uint8_t *)adup(pk, t->full_uri, strlen(t->full_uri)),
					     (uint32_t)strlen(t->full_uri));
		}
	} else {
		pk_add_uint(pk, &hf_request, bv, off, 0, 1);
		char *full = NULL;
		size_t fulln = 0;
		if (host) {
			/* tshark: "http://" + Host + URI, whatever the URI is. */
			fulln = 7 + hostn + m->uri_len;
			full = arena_alloc(&pk->arena, fulln + 1);
			memcpy(full, "http://", 7);
			memcpy(full + 7, host, hostn);
			memcpy(full + 7 + hostn, m->uri, m->uri_len);
			full[fulln] = '\0';
			pk_add_bytes(pk, &hf_full_uri, bv, off, 0, (const uint8_t *)full,
				     (uint32_t)fulln);
		}
		uint32_t num = 1;
		uint64_t prevreq = 0;
		if (hc) {
			hc->seen_request = true;
			struct http_trans *t = push_trans(hc);
			t->req_frame = pk->num;
			t->req_ts = pk->ts;
			t->head = m->method_len == 4 && memcmp(m->method, "HEAD", 4) == 0;
			if (full) {
				t->full_uri = xmalloc(fulln + 1);
				memcpy(t->full_uri, full, fulln + 1);
			}
			num = t->number;
			if (hc->prev.number && hc->prev.req_frame)
				prevreq = hc->prev.req_frame;
		}
		struct item *it = pk_add_uint(pk, &hf_req_number, bv, off, 0, num);
		pk_item_text(pk, it, "[HTTP request %u/%u]", num, num);
		if (prevreq)
			pk_add_uint(pk, &hf_prev_request_in, bv, off, 0, prevreq);
	}

	/* Body. */
	if (blen) {
		const uint8_t *body = base + hl;
		uint32_t bodyn = blen;
		uint32_t boff = off + hl;
		if (chunked) {
			/* De-chunk into the arena for file_data. */
			uint8_t *out = arena_alloc(&pk->arena, blen);
			uint32_t w = 0, p = 0;
			while (p < blen) {
				const uint8_t *b = body + p;
				size_t e = line_end(b, blen - p, 0);
				if (e >= blen - p)
					break;
				uint64_t sz = 0;
				for (size_t i = 0; i < e; i++) {
					int ch = b[i], d;
					if (ch >= '0' && ch <= '9') d = ch - '0';
					else if (ch >= 'a' && ch <= 'f') d = ch - 'a' + 10;
					else if (ch >= 'A' && ch <= 'F') d = ch - 'A' + 10;
					else break;
					sz = sz * 16 + (uint64_t)d;
					if (sz > blen)
						break;
				}
				pk_add_uint(pk, &hf_chunk_size, bv, boff + p, (uint32_t)e + 1, sz);
				p += (uint32_t)e + 1;
				if (sz == 0 || sz > blen - p)
					break;
				memcpy(out + w, body + p, (size_t)sz);
				w += (uint32_t)sz;
				p += (uint32_t)sz;
				if (p < blen && body[p] == '\r')
					p++;
				if (p < blen && body[p] == '\n')
					p++;
			}
			body = out;
			bodyn = w;
		}
		if (cenc && bodyn &&
		    (ieq(cenc, cencn, "gzip") || ieq(cenc, cencn, "x-gzip") ||
		     ieq(cenc, cencn, "deflate"))) {
			const uint8_t *dz;
			uint32_t dn;
			if (inflate_body(pk, body, bodyn, cenc[0] != 'd' && cenc[0] != 'D',
					 &dz, &dn)) {
				/* a failed inflate shows no such line here (its
				 * tshark error text is not reproduced) */
				pk_add_text(pk, bv, boff, blen,
					    "Content-encoded entity body (%.*s): %u bytes -> %u bytes",
					    (int)cencn, cenc, bodyn, dn);
				body = dz;
				bodyn = dn;
				decoded = true;
			}
		}
		/* file_data is a NUL-terminated string for tshark: it ends at
		 * the first zero byte. */
		const uint8_t *nul = memchr(body, 0, bodyn);
		uint32_t strn = nul ? (uint32_t)(nul - body) : bodyn;
		struct item *it = pk_add_bytes(pk, &hf_file_data, bv, boff, blen, body, strn);
		pk_item_text(pk, it, "File Data: %u bytes", bodyn);
		pk_layer_end(pk);
		if (ct && bodyn) {
			const char *sub = body_proto(ct, ctn);
			if (strcmp(sub, "data") == 0) {
				struct bv d = decoded ? bv_make(body, bodyn, bodyn) : bv_sub(bv, boff, blen);
				dissect_data(pk, &d);
			} else if (strcmp(sub, "xml") == 0 ||
				   (strcmp(sub, "data-text-lines") == 0 && bodyn >= 5 &&
				    memcmp(body, "<?xml", 5) == 0)) {
				/* tshark's XML dissector takes XML media types
				 * and, by its heuristic, text that starts with
				 * an XML declaration; it names the column. */
				if (strcmp(sub, "xml") != 0)
					pk_add_layer_top(pk, sub);
				pk_add_layer_top(pk, "xml");
				col_set_proto(pk, "HTTP/XML");
			} else if (strcmp(sub, "data-text-lines") == 0 ||
				   strcmp(sub, "media") == 0) {
				/* the dissectors of text and unknown types get
				 * the body as decoded and the type in lower
				 * case, without parameters */
				const struct dissector *md = dissector_find(sub);
				char *mt = arena_strndup(&pk->arena, ct, ctn);
				for (char *q = mt; *q; q++)
					*q = (char)tolower((unsigned char)*q);
				struct bv d = decoded || chunked ? bv_make(body, bodyn, bodyn)
								 : bv_sub(bv, boff, blen);
				if (md)
					md->dissect(pk, &d, mt);
				col_info_append(pk, " (%.*s)", (int)ctn, ct);
			} else {
				pk_add_layer_top(pk, sub);
				/* What the media dissectors add to the Info. */
				if (strcmp(sub, "png") == 0)
					col_info_append(pk, " (PNG)");
				else if (strcmp(sub, "image-jfif") == 0)
					col_info_append(pk, " (JPEG JFIF image)");
				else if (strcmp(sub, "image-gif") == 0)
					col_info_append(pk, " (%.6s)", bodyn >= 6 ? (const char *)body : "GIF");
				else
					col_info_append(pk, " (%.*s)", (int)ctn, ct);
			}
		} else if (bodyn) {
			struct bv d = decoded ? bv_make(body, bodyn, bodyn) : bv_sub(bv, boff, blen);
			dissect_data(pk, &d);
		}
		return;
	}
	pk_layer_end(pk);
}

/* Body length of the message whose head was parsed; -2 when the body is
 * incomplete (chunked) and more bytes are needed. *until_end: length not
 * delimited (response read until the connection closes). */
static long body_len(const struct http_msg *m, const struct http_header *h,
		     size_t nh, const uint8_t *body, size_t have, bool head_req,
		     bool *chunked)
{
	*chunked = false;
	if (m->response && ((m->status >= 100 && m->status < 200) ||
			    m->status == 204 || m->status == 304 || head_req))
		return 0;
	uint64_t cl = 0;
	bool have_cl = false;
	for (size_t i = 0; i < nh; i++) {
		if (!h[i].value)
			continue;
		if (ieq(h[i].name, h[i].name_len, "transfer-encoding") &&
		    h[i].value_len >= 7 &&
		    strncasecmp(h[i].value + h[i].value_len - 7, "chunked", 7) == 0)
			*chunked = true;
		if (ieq(h[i].name, h[i].name_len, "content-length")) {
			uint64_t v = 0;
			size_t n = 0;
			while (n < h[i].value_len && h[i].value[n] >= '0' &&
			       h[i].value[n] <= '9' && v < (1ull << 40))
				v = v * 10 + (uint64_t)(h[i].value[n++] - '0');
			if (n) {
				cl = v;
				have_cl = true;
			}
		}
	}
	if (*chunked) {
		long r = http_chunked_len(body, have, NULL);
		return r;
	}
	if (have_cl)
		return cl > (uint64_t)INT32_MAX ? INT32_MAX : (long)cl;
	/* A response without a length runs to the end of the connection; a
	 * request without one has no body. */
	return m->response ? (long)have : 0;
}

#define HTTP_MAX_HDRS 128

static int dissect_http_common(struct packet *pk, struct bv *bv,
			       struct tcp_pdu_ctx *tc, bool ssdp)
{
	/* SSDP requests are numbered per UDP conversation, like tshark. */
	struct hctx c = { pk, bv, tc ? tc->conv : ssdp ? pk->conv : NULL, ssdp, true };
	struct http_header *hdrs = arena_alloc(&pk->arena, HTTP_MAX_HDRS * sizeof(*hdrs));
	uint32_t off = 0;
	while (off < bv->len) {
		const uint8_t *b = bv->p + off;
		size_t have = bv->len - off;
		struct http_msg m;
		size_t nh = HTTP_MAX_HDRS;
		int hl = http_parse_head(b, have, &m, hdrs, &nh);
		if (hl == -1 && tc && bv->len == bv->rlen && !memchr(b, '\n', have)) {
			/* tshark asks for more data whenever no complete line
			 * is in the segment, before it looks at the line. */
			tc->desegment_offset = off;
			tc->desegment_len = TCP_DESEGMENT_ONE_MORE;
			return (int)bv->len;
		}
		if (hl == -1) {
			if (off == 0 && tc) {
				/* tshark names a payload that does not start
				 * with a request/response line "Continuation"
				 * only once it has seen a request in the
				 * conversation; before that the bytes are
				 * taken without a trace (mpls-in-vlan.pcap
				 * frame 2 stays "tcp"). */
				struct http_conv *hc0 = c.conv && http_slot >= 0 ?
					c.conv->ext[http_slot] : NULL;
				if (!hc0 || !hc0->seen_request)
					return (int)bv->len;
			}
			if (off == 0) {
				/* Not the start of a message: body bytes of a
				 * message tshark could not delimit. */
				pk_layer_begin(pk, ssdp ? "ssdp" : "http",
					       ssdp ? &hf_ssdp : &hf_http, bv, 0, bv->len);
				pk_layer_end(pk);
				col_set_proto(pk, ssdp ? "SSDP" : "HTTP");
				col_info_printf(pk, "Continuation");
				struct bv d = bv_tail(bv, 0);
				dissect_data(pk, &d);
			}
			return (int)bv->len;
		}
		if (hl == -2) {
			if (tc && bv->len == bv->rlen) {
				tc->desegment_offset = off;
				tc->desegment_len = TCP_DESEGMENT_ONE_MORE;
				return (int)bv->len;
			}
			/* Without reassembly: the head as far as captured. */
			if (off == 0) {
				pk_layer_begin(pk, ssdp ? "ssdp" : "http",
					       ssdp ? &hf_ssdp : &hf_http, bv, 0, bv->len);
				pk_layer_end(pk);
				col_set_proto(pk, ssdp ? "SSDP" : "HTTP");
				col_info_printf(pk, "Continuation");
			}
			return (int)bv->len;
		}
		bool chunked = false;
		struct http_conv *hc = c.conv ? http_conv_of(c.conv) : NULL;
		bool head_req = m.response && hc && hc->cur.number &&
				!hc->cur.resp_frame && hc->cur.head;
		size_t rest = have - (size_t)hl;
		long bl = body_len(&m, hdrs, nh < HTTP_MAX_HDRS ? nh : HTTP_MAX_HDRS,
				   b + hl, rest, head_req, &chunked);
		if (bl == -2 || (bl >= 0 && (size_t)bl > rest)) {
			if (tc && bv->len == bv->rlen) {
				/* tshark names the message in the Info column
				 * before it asks for the rest of the body. */
				if (off == 0) {
					size_t sl = m.line_len;
					if (sl && b[sl - 1] == '\n')
						sl--;
					char *line = adup(pk, (const char *)b, sl);
					for (size_t i = 0; i < sl; i++)
						if (line[i] == '\r')
							line[i] = ' ';
					col_info_printf(pk, "%s", line);
				}
				tc->desegment_offset = off;
				tc->desegment_len = bl == -2 ? TCP_DESEGMENT_ONE_MORE
							     : (uint32_t)((size_t)bl - rest);
				return (int)bv->len;
			}
			bl = (long)rest;
		}
		if (bl < 0)
			bl = (long)rest;
		dissect_msg(&c, off, (uint32_t)hl, (uint32_t)bl, chunked, &m, hdrs,
			    nh < HTTP_MAX_HDRS ? nh : HTTP_MAX_HDRS);
		c.first = false;
		off += (uint32_t)hl + (uint32_t)bl;
	}
	return (int)bv->len;
}

static bool http_port(uint16_t p)
{
	static const uint16_t ports[] = { 80, 3128, 3132, 5985, 8080, 8088,
		11371, 1900, 2869, 2710, 3689, 631, 0 };
	for (int i = 0; ports[i]; i++)
		if (ports[i] == p)
			return true;
	return false;
}

/* tshark's "http_tcp" heuristic: a start line that names HTTP/1.x, or a
 * conversation already claimed for HTTP. */
static bool http_heuristic(struct bv *bv, const struct tcp_pdu_ctx *tc)
{
	if (tc && http_slot >= 0 && tc->conv->ext[http_slot])
		return true;
	size_t n = bv->len;
	const uint8_t *b = bv->p;
	if (n >= 8 && memcmp(b, "HTTP/1.", 7) == 0)
		return true;
	if (!http_is_start(b, n))
		return false;
	size_t e = line_end(b, n, 0);
	if (e == n)
		return false;
	if (e && b[e - 1] == '\r')
		e--;
	return e >= 9 && memcmp(b + e - 8, "HTTP/1.", 7) == 0 && b[e - 9] == ' ';
}

static int dissect_http(struct packet *pk, struct bv *bv, void *data)
{
	bool tcp = pk->ipproto == 6;
	if (!tcp) {
		/* SSDP: HTTP over UDP 1900 */
		if (pk->srcport != 1900 && pk->dstport != 1900)
			return -1;
		return dissect_http_common(pk, bv, NULL, true);
	}
	if (!http_port(pk->srcport) && !http_port(pk->dstport) &&
	    !http_heuristic(bv, data))
		return -1;
	return dissect_http_common(pk, bv, data, false);
}

/* tshark's default http.tcp.port range. */
static const struct handoff handoffs[] = {
	{ DT_TCP_PORT, 80 }, { DT_TCP_PORT, 3128 }, { DT_TCP_PORT, 3132 },
	{ DT_TCP_PORT, 5985 }, { DT_TCP_PORT, 8080 }, { DT_TCP_PORT, 8088 },
	{ DT_TCP_PORT, 11371 }, { DT_TCP_PORT, 1900 }, { DT_TCP_PORT, 2869 },
	{ DT_TCP_PORT, 2710 }, { DT_TCP_PORT, 3689 }, { DT_TCP_PORT, 631 },
	{ DT_UDP_PORT, 1900 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_http = {
	.name = "http",
	.long_name = "Hypertext Transfer Protocol",
	.app = true,
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.heur_table = DT_TCP_PORT,
	.min_len = 8,
	.dissect = dissect_http,
	.init = http_init,
};
