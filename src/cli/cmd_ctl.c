/* cmd_ctl.c — `tapir ctl`: sends control-language lines to a running tapd
 * over its Unix socket. With words on the command line: one request, the
 * answer on stdout (the closing "ok" left out), an error on stderr and exit
 * status 1. Without: an interactive console answering "ok" after each line.
 * Protocol: a request is one line; the answer ends with a NUL byte.
 */
#include "cmds.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../core/alloc.h"
#include "../tapd/ctl.h"
#include "../tapd/tapd.h"

static int ctl_connect(const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "ctl: socket path too long: %s\n", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "ctl: %s: %s%s\n", path, strerror(errno),
			errno == ENOENT || errno == ECONNREFUSED
				? " (is tapd running?)"
				: "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads one answer (up to the NUL) into a growing buffer. Returns its length
 * or -1 when the connection ended first. */
static ssize_t read_answer(int fd, char **buf, size_t *cap)
{
	size_t len = 0;
	for (;;) {
		if (len + 4096 > *cap) {
			*cap = (*cap ? *cap * 2 : 8192) + 4096;
			*buf = xrealloc(*buf, *cap);
		}
		ssize_t r = recv(fd, *buf + len, *cap - len - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		char *z = memchr(*buf + len, '\0', (size_t)r);
		len += (size_t)r;
		if (z) {
			/* The server answers one request at a time, so nothing
			 * follows the NUL. */
			return z - *buf;
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f, "usage: tapir ctl [-S SOCKET] ['WORDS...']\n"
		   "  without words: interactive console (one line, one "
		   "answer)\n"
		   "  `tapir ctl help` lists the words\n");
}

int cmd_ctl(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sock = getenv("TAPIR_CTL_SOCK");
	if (!sock || !*sock)
		sock = TAPD_DEFAULT_SOCK;
	int c;
	optind = 0;
	opterr = 0;
	/* "+": stop at the first word, so "-1 tap.rx.enable" stays a word */
	while ((c = getopt_long(argc, argv, "+S:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': sock = optarg; break;
		case 'h': usage(stdout); return 0;
		default:
			fprintf(stderr, "ctl: unknown option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	int fd = ctl_connect(sock);
	if (fd < 0)
		return 1;
	char *ans = NULL;
	size_t cap = 0;
	int status = 0;

	if (optind < argc) {
		size_t n = 0;
		for (int i = optind; i < argc; i++)
			n += strlen(argv[i]) + 1;
		char *line = xmalloc(n + 1);
		size_t off = 0;
		for (int i = optind; i < argc; i++) {
			size_t l = strlen(argv[i]);
			if (memchr(argv[i], '\n', l)) {
				fprintf(stderr, "ctl: words must be on one "
						"line\n");
				xfree(line);
				close(fd);
				return 2;
			}
			memcpy(line + off, argv[i], l);
			off += l;
			line[off++] = i + 1 < argc ? ' ' : '\n';
		}
		ssize_t len;
		if (send_all(fd, line, off) < 0 ||
		    (len = read_answer(fd, &ans, &cap)) < 0) {
			fprintf(stderr, "ctl: connection to tapd lost\n");
			status = 1;
		} else {
			ans[len] = '\0';
			/* the last line is "ok" or the error */
			char *last = ans + len;
			if (last > ans && last[-1] == '\n')
				last--;
			while (last > ans && last[-1] != '\n')
				last--;
			fwrite(ans, 1, (size_t)(last - ans), stdout);
			if (strncmp(last, "error: ", 7) == 0) {
				fputs(last, stderr);
				status = 1;
			}
		}
		xfree(line);
	} else {
		char *line = NULL;
		size_t lcap = 0;
		ssize_t n;
		while ((n = getline(&line, &lcap, stdin)) >= 0) {
			bool nl = n > 0 && line[n - 1] == '\n';
			ssize_t len;
			if (send_all(fd, line, (size_t)n) < 0 ||
			    (!nl && send_all(fd, "\n", 1) < 0) ||
			    (len = read_answer(fd, &ans, &cap)) < 0) {
				fprintf(stderr, "ctl: connection to tapd lost\n");
				status = 1;
				break;
			}
			fwrite(ans, 1, (size_t)len, stdout);
			fflush(stdout);
		}
		free(line);
	}
	xfree(ans);
	close(fd);
	return status;
}
