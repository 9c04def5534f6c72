/* cmd_tapd.c — `tapir tapd`: sets up the packet queue, the bridge ports and
 * the control socket, runs the rc file, then runs the bridge in the
 * foreground until SIGINT/SIGTERM.
 */
#include "cmds.h"

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../core/outbuf.h"
#include "../queue/pqueue.h"
#include "../tapd/ctl.h"
#include "../tapd/tapd.h"

#ifndef TAPIR_VERSION
#define TAPIR_VERSION "0.1"
#endif

static struct tapd *tapd_sig_target;

static void on_stop(int sig)
{
	(void)sig;
	if (tapd_sig_target)
		tapd_sig_target->stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tapir tapd [-c RCFILE] [-i IF]... [options]\n"
		"  -c, --rc FILE       run FILE's words at start-up (default "
		"/etc/tapir.rc if present)\n"
		"  -i, --interface IF  add a bridge port (repeatable; rc "
		"files use \"IF\" if.add)\n"
		"  -S, --socket PATH   control socket (default $TAPIR_CTL_SOCK "
		"or %s)\n"
		"  -q, --queue NAME    packet queue (default %s)\n"
		"      --slots N       queue slots, a power of two (default "
		"%u)\n"
		"      --slot-size N   bytes per slot (default %u)\n"
		"  -u, --user USER     switch to USER after set-up\n"
		"  -h, --help, -v, --version\n",
		TAPD_DEFAULT_SOCK, PQ_DEFAULT_NAME, PQ_DEFAULT_SLOTS,
		PQ_DEFAULT_SLOT_SIZE);
}

static bool parse_u32(const char *s, uint32_t *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 0);
	if (errno || end == s || *end || v > UINT32_MAX || *s == '-')
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Binds a Unix stream socket at path with mode 0600. Refuses when another
 * process answers on it; removes a stale one. */
static int ctl_listen(const char *path)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "tapd: socket path too long: %s\n", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "tapd: socket: %s\n", strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		fprintf(stderr, "tapd: %s: another tapd is listening there\n",
			path);
		close(fd);
		return -1;
	}
	close(fd);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fprintf(stderr, "tapd: socket: %s\n", strerror(errno));
		return -1;
	}
	mode_t old = umask(0177);
	int r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0 || chmod(path, 0600) < 0 || listen(fd, 8) < 0) {
		fprintf(stderr, "tapd: control socket %s: %s\n", path,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int drop_to_user(const char *user, const char *sock)
{
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		fprintf(stderr, "tapd: no user '%s'\n", user);
		return -1;
	}
	if (chown(sock, pw->pw_uid, pw->pw_gid) < 0 ||
	    setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0) {
		fprintf(stderr, "tapd: switching to user %s: %s\n", user,
			strerror(errno));
		return -1;
	}
	return 0;
}

int cmd_tapd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rc", required_argument, NULL, 'c' },
		{ "interface", required_argument, NULL, 'i' },
		{ "socket", required_argument, NULL, 'S' },
		{ "queue", required_argument, NULL, 'q' },
		{ "slots", required_argument, NULL, 's' },
		{ "slot-size", required_argument, NULL, 'z' },
		{ "user", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rc = NULL, *user = NULL;
	const char *sock = getenv("TAPIR_CTL_SOCK");
	const char *qname = PQ_DEFAULT_NAME;
	const char *ifs[TAPD_MAX_IF];
	unsigned nifs = 0;
	uint32_t slots = PQ_DEFAULT_SLOTS, slot_size = PQ_DEFAULT_SLOT_SIZE;
	int c;

	if (!sock || !*sock)
		sock = TAPD_DEFAULT_SOCK;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "c:i:S:q:u:hv", opts, NULL)) != -1) {
		switch (c) {
		case 'c': rc = optarg; break;
		case 'i':
			if (nifs == TAPD_MAX_IF) {
				fprintf(stderr, "tapd: at most %d interfaces\n",
					TAPD_MAX_IF);
				return 2;
			}
			ifs[nifs++] = optarg;
			break;
		case 'S': sock = optarg; break;
		case 'q': qname = optarg; break;
		case 's':
			if (!parse_u32(optarg, &slots)) {
				fprintf(stderr, "tapd: bad --slots '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'z':
			if (!parse_u32(optarg, &slot_size)) {
				fprintf(stderr, "tapd: bad --slot-size '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'u': user = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'v': printf("tapir tapd %s\n", TAPIR_VERSION); return 0;
		default:
			fprintf(stderr,
				"tapd: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "tapd: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (!rc && access("/etc/tapir.rc", R_OK) == 0)
		rc = "/etc/tapir.rc";

	char err[512];
	struct pqueue *q = pq_create(qname, slots, slot_size, err, sizeof(err));
	if (!q) {
		fprintf(stderr, "tapd: %s\n", err);
		return 1;
	}
	static struct tapd t;
	tapd_init(&t, q, false);
	int status = 1, lfd = -1;
	for (unsigned i = 0; i < nifs; i++) {
		if (tapd_if_add(&t, ifs[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "tapd: %s\n", err);
			goto out;
		}
	}
	static struct outbuf ob;
	ob_init(&ob, 1);
	if (rc) {
		struct ctl ctl;
		ctl_init(&ctl, &t);
		int bad = ctl_run_file(&ctl, rc, &ob);
		ctl_fini(&ctl);
		ob_flush(&ob);
		if (bad < 0)
			goto out;
		if (bad > 0)
			fprintf(stderr, "tapd: %s: %d line(s) failed\n", rc, bad);
	}
	if (t.nif < 2)
		fprintf(stderr,
			"tapd: warning: %u interface(s): nothing to bridge "
			"until more are added (\"IF\" if.add)\n",
			t.nif);
	lfd = ctl_listen(sock);
	if (lfd < 0)
		goto out;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	tapd_sig_target = &t;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (user && drop_to_user(user, sock) < 0)
		goto out;

	fprintf(stderr, "tapd: %u port(s):", t.nif);
	for (unsigned i = 0; i < t.nif; i++)
		fprintf(stderr, " %u=%s", i, t.ifs[i].name);
	fprintf(stderr, "; queue %s (%u slots x %u bytes); control %s\n", qname,
		pq_nslots(q), pq_slot_size(q), sock);
	status = tapd_run(&t, lfd) == 0 ? 0 : 1;
	fprintf(stderr, "tapd: stopped\n");
out:
	if (lfd >= 0) {
		close(lfd);
		unlink(sock);
	}
	tapd_fini(&t);
	pq_close(q);
	return status;
}
