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
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
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
		"  -m, --mode MODE     data path of the ports: packet "
		"(AF_PACKET, default), xdp\n"
		"                      (AF_XDP) or auto (AF_XDP, else "
		"AF_PACKET)\n"
		"  -u, --user USER     switch to USER after set-up (always: "
		"drop all capabilities\n"
		"                      but CAP_NET_RAW and CAP_NET_ADMIN)\n"
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

/* Capabilities tapd keeps after set-up: CAP_NET_RAW to open AF_PACKET
 * ports added at run time (`if.add`), CAP_NET_ADMIN for their socket
 * buffer sizes and promiscuous mode and to detach the XDP program from
 * AF_XDP ports at exit. Everything else (CAP_SYS_ADMIN, CAP_BPF,
 * CAP_IPC_LOCK, ...) is only needed to load XDP programs and register
 * UMEMs, which happens before: an AF_XDP port added later falls back to
 * AF_PACKET in auto mode. */
#define KEEP_CAPS ((1ull << CAP_NET_RAW) | (1ull << CAP_NET_ADMIN))

static int capget_all(uint64_t *eff, uint64_t *prm)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	*eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	*prm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	return 0;
}

static int capset_all(uint64_t keep)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof(d));
	d[0].effective = d[0].permitted = (uint32_t)keep;
	d[1].effective = d[1].permitted = (uint32_t)(keep >> 32);
	return (int)syscall(SYS_capset, &h, d);
}

/* After set-up: optionally becomes USER (setgroups/setgid/setuid, keeping
 * capabilities across the switch), empties the bounding set but for
 * KEEP_CAPS, sets permitted = effective = the KEEP_CAPS tapd had,
 * inheritable and ambient empty, and no_new_privs. Describes the result in
 * desc ("user root (uid 0), capabilities net_raw,net_admin, no_new_privs").
 * Returns 0, or -1 after printing why. */
static int drop_privileges(const char *user, const char *sock, char *desc,
			   size_t desclen)
{
	uint64_t eff = 0, prm = 0;
	if (capget_all(&eff, &prm) < 0) {
		fprintf(stderr, "tapd: capget: %s\n", strerror(errno));
		return -1;
	}
	uint64_t keep = prm & KEEP_CAPS;
	/* the bounding set needs CAP_SETPCAP, so it goes first */
	int last = 63;
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "r");
	if (f) {
		if (fscanf(f, "%d", &last) != 1 || last > 63)
			last = 63;
		fclose(f);
	}
	if (prm & (1ull << CAP_SETPCAP))
		for (int c = 0; c <= last; c++)
			if (!(keep & (1ull << c)))
				prctl(PR_CAPBSET_DROP, c, 0, 0, 0);
	if (user) {
		struct passwd *pw = getpwnam(user);
		if (!pw) {
			fprintf(stderr, "tapd: no user '%s'\n", user);
			return -1;
		}
		if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 ||
		    chown(sock, pw->pw_uid, pw->pw_gid) < 0 ||
		    setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 ||
		    setuid(pw->pw_uid) < 0) {
			fprintf(stderr, "tapd: switching to user %s: %s\n",
				user, strerror(errno));
			return -1;
		}
		prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	}
	if (capset_all(keep) < 0) {
		fprintf(stderr, "tapd: capset: %s\n", strerror(errno));
		return -1;
	}
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		fprintf(stderr, "tapd: no_new_privs: %s\n", strerror(errno));
		return -1;
	}
	if (capget_all(&eff, &prm) < 0)
		eff = ~0ull;
	struct passwd *me = getpwuid(getuid());
	char caps[64] = "";
	if (eff & (1ull << CAP_NET_RAW))
		strcat(caps, "net_raw");
	if (eff & (1ull << CAP_NET_ADMIN))
		strcat(caps, caps[0] ? ",net_admin" : "net_admin");
	if (eff & ~KEEP_CAPS)
		snprintf(caps, sizeof(caps), "unexpected set %#llx",
			 (unsigned long long)eff);
	snprintf(desc, desclen, "user %s (uid %u), capabilities %s, "
				"no_new_privs",
		 me ? me->pw_name : "?", (unsigned)getuid(),
		 caps[0] ? caps : "none");
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
		{ "mode", required_argument, NULL, 'm' },
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
	enum tapd_mode mode = TAPD_MODE_PACKET;
	int c;

	if (!sock || !*sock)
		sock = TAPD_DEFAULT_SOCK;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "c:i:S:q:u:m:hv", opts, NULL)) != -1) {
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
		case 'm':
			if (tapd_mode_parse(optarg, &mode) < 0) {
				fprintf(stderr,
					"tapd: bad --mode '%s' (packet, xdp or "
					"auto)\n",
					optarg);
				return 2;
			}
			break;
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
	t.mode = mode;
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

	if (drop_privileges(user, sock, t.privs, sizeof(t.privs)) < 0)
		goto out;

	fprintf(stderr, "tapd: %u port(s):", t.nif);
	for (unsigned i = 0; i < t.nif; i++)
		fprintf(stderr, " %u=%s (%s%s%s)", i, t.ifs[i].name,
			tapd_mode_name(t.ifs[i].mode),
			t.ifs[i].how[0] ? ", " : "", t.ifs[i].how);
	fprintf(stderr, "; queue %s (%u slots x %u bytes); control %s\n", qname,
		pq_nslots(q), pq_slot_size(q), sock);
	fprintf(stderr, "tapd: privileges: %s\n", t.privs);
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
