/* http.h — HTTP/1.x message-head parser (zero-copy, resumable) and the
 * typed result of the HTTP dissector (see http.c). */
#ifndef TAPIR_DISSECT_HTTP_H
#define TAPIR_DISSECT_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* One header line; all pointers point into the parsed buffer. */
struct http_header {
	const char *name;    /* field name, not NUL-terminated */
	size_t name_len;
	const char *value;   /* value without leading/trailing blanks */
	size_t value_len;
	size_t line_off;     /* offset of the line in the buffer */
	size_t line_len;     /* line length including its CRLF / LF */
};

/* The start line of a request or a response. */
struct http_msg {
	bool response;
	const char *method;  /* request: method token */
	size_t method_len;
	const char *uri;     /* request: request-target */
	size_t uri_len;
	const char *version; /* "HTTP/1.1" (request: may be absent, len 0) */
	size_t version_len;
	int status;          /* response: status code, 0..999 */
	const char *phrase;  /* response: reason phrase (may be empty) */
	size_t phrase_len;
	size_t line_len;     /* start line including its CRLF / LF */
};

/* True when buf starts like an HTTP request (a known method followed by a
 * space) or response ("HTTP/1."). len may be short: false then. */
bool http_is_start(const uint8_t *buf, size_t len);

/* Parses the head (start line + header lines + empty line) of one HTTP/1.x
 * message at buf. Lines end in LF with an optional CR. On success fills m,
 * up to *nhdr headers of hdrs (*nhdr in: capacity, out: headers found; extra
 * headers are skipped but still parsed) and returns the head length in
 * bytes including the empty line. Returns -2 when buf ends before the empty
 * line (call again with more bytes), -1 when buf is not an HTTP message. */
int http_parse_head(const uint8_t *buf, size_t len, struct http_msg *m,
		    struct http_header *hdrs, size_t *nhdr);

/* Size of a chunked body (RFC 9112 7.1) starting at buf: returns bytes up
 * to and including the last chunk and trailer, -2 when more bytes are
 * needed, -1 when broken. *payload gets the sum of chunk sizes. */
long http_chunked_len(const uint8_t *buf, size_t len, uint64_t *payload);

/* Payload of the "http" tap, one per message (Wireshark's
 * http_info_value_t); strings are NUL-terminated, in the packet arena. */
struct http_tap_info {
	const char *request_method; /* request: method, else NULL */
	const char *request_uri;    /* request: request-target, else NULL */
	unsigned response_code;     /* response: status code, else 0 */
	const char *response_desc;  /* response: status name ("OK") or NULL */
	const char *http_host;      /* Host header value, or NULL */
};

#endif
