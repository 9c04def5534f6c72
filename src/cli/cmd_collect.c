/* cmd_collect.c — `tapir collect`: drains the shared-memory packet queue
 * into a pcap file or stdout, optionally as a daemon with a pidfile.
 * Output is flushed at each packet boundary (a SIGKILL leaves a valid pcap
 * up to the last whole packet); SIGINT/SIGTERM close cleanly.
 */
#include "cmds.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/alloc.h"
#include "../io/pcap_write.h"
#include "../queue/pqueue.h"

#ifndef TAPIR_VERSION
#define TAPIR_VERSION "0.1"
#endif

#define LINKTYPE_ETHERNET 1

static volatile sig_atomic_t collect_stop;

static void on_signal(int sig)
{
	(void)sig;
	collect_stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tapir collect [options] OUTPUT.pcap|-\n"
		"       tapir collect --status|--stop [-q QUEUE] [--pidfile F]\n"
		"  -b, --blimit N    stop after N bytes of packet data\n"
		"  -p, --plimit N    stop after N packets\n"
		"  -q, --queue Q     packet queue name (default %s)\n"
		"  -n, --noreset     keep frames already queued (default: "
		"empty the queue first)\n"
		"  -s, --silent      no progress line, no totals\n"
		"  -d, --daemon      detach (chdir /, pidfile); implies -s\n"
		"      --pidfile F   pidfile for -d/--status/--stop\n"
		"      --status      report whether a daemonised collect runs\n"
		"      --stop        stop a daemonised collect (SIGTERM)\n"
		"      --write-time  stamp packets with the time of writing\n"
		"      --nano        nanosecond pcap (default microsecond)\n"
		"  -h, --help        this text\n"
		"  -v, --version     version\n",
		PQ_DEFAULT_NAME);
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-')
		return false;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

static void default_pidfile(char *dst, size_t n, const char *queue)
{
	const char *dir = access("/run", W_OK) == 0 ? "/run" : "/tmp";
	snprintf(dst, n, "%s/tapir-collect.%s.pid", dir, queue);
}

/* The pid recorded in path when that process is alive, else 0. */
static pid_t pidfile_read(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	long pid = 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid <= 0)
		return 0;
	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
		return 0;
	return (pid_t)pid;
}

static int do_status(const char *pidfile, const char *queue)
{
	pid_t pid = pidfile_read(pidfile);
	if (!pid) {
		printf("collect not running (queue %s, pidfile %s)\n", queue,
		       pidfile);
		return 3;
	}
	printf("collect running, pid %ld (queue %s, pidfile %s)\n", (long)pid,
	       queue, pidfile);
	return 0;
}

static int do_stop(const char *pidfile, const char *queue)
{
	pid_t pid = pidfile_read(pidfile);
	if (!pid) {
		fprintf(stderr, "collect: not running (queue %s, pidfile %s)\n",
			queue, pidfile);
		return 1;
	}
	if (kill(pid, SIGTERM) < 0) {
		fprintf(stderr, "collect: kill %ld: %s\n", (long)pid,
			strerror(errno));
		return 1;
	}
	/* Wait up to 10 s for a clean exit. */
	for (int i = 0; i < 1000; i++) {
		if (kill(pid, 0) == -1 && errno == ESRCH) {
			printf("collect pid %ld stopped\n", (long)pid);
			return 0;
		}
		usleep(10000);
	}
	fprintf(stderr, "collect: pid %ld did not stop within 10 s\n",
		(long)pid);
	return 1;
}

/* Detaches: fork, setsid, chdir /, stdio to /dev/null, pidfile. Returns in
 * the daemon only; the parent exits once the pidfile is written. */
static int daemonize(const char *pidfile)
{
	int pfd[2];
	if (pipe(pfd) < 0) {
		fprintf(stderr, "collect: pipe: %s\n", strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "collect: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid > 0) {
		close(pfd[1]);
		char c = 1;
		ssize_t n = read(pfd[0], &c, 1);
		if (n == 1 && c == 0) {
			printf("collect: daemon pid %ld, pidfile %s\n",
			       (long)pid, pidfile);
			exit(0);
		}
		fprintf(stderr, "collect: daemon failed to start\n");
		exit(1);
	}
	close(pfd[0]);
	setsid();
	if (chdir("/") < 0) {
		/* cannot happen in practice; keep going in the old cwd */
	}
	char tmp[4096 + 32];
	snprintf(tmp, sizeof(tmp), "%s.%ld", pidfile, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f) != 0 ||
	    rename(tmp, pidfile) < 0) {
		fprintf(stderr, "collect: pidfile %s: %s\n", pidfile,
			strerror(errno));
		unlink(tmp);
		_exit(1);
	}
	int nul = open("/dev/null", O_RDWR);
	if (nul >= 0) {
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
		if (nul > 2)
			close(nul);
	}
	char ok = 0;
	if (write(pfd[1], &ok, 1) != 1) {
		/* parent gone; carry on */
	}
	close(pfd[1]);
	return 0;
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static double mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_collect(int argc, char **argv)
{
	enum { OPT_STATUS = 256, OPT_STOP, OPT_WTIME, OPT_PIDFILE, OPT_NANO };
	static const struct option opts[] = {
		{ "blimit", required_argument, NULL, 'b' },
		{ "plimit", required_argument, NULL, 'p' },
		{ "queue", required_argument, NULL, 'q' },
		{ "noreset", no_argument, NULL, 'n' },
		{ "silent", no_argument, NULL, 's' },
		{ "daemon", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "stop", no_argument, NULL, OPT_STOP },
		{ "write-time", no_argument, NULL, OPT_WTIME },
		{ "pidfile", required_argument, NULL, OPT_PIDFILE },
		{ "nano", no_argument, NULL, OPT_NANO },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t blimit = 0, plimit = 0;
	const char *queue = PQ_DEFAULT_NAME;
	const char *pidfile_opt = NULL;
	bool noreset = false, silent = false, daemon_mode = false;
	bool status = false, stop = false, write_time = false, nano = false;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "b:p:q:nsdhv", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (!parse_u64(optarg, &blimit)) {
				fprintf(stderr, "collect: bad byte limit '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'p':
			if (!parse_u64(optarg, &plimit)) {
				fprintf(stderr,
					"collect: bad packet limit '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'q': queue = optarg; break;
		case 'n': noreset = true; break;
		case 's': silent = true; break;
		case 'd': daemon_mode = true; silent = true; break;
		case 'h': usage(stdout); return 0;
		case 'v': printf("tapir collect %s\n", TAPIR_VERSION); return 0;
		case OPT_STATUS: status = true; break;
		case OPT_STOP: stop = true; break;
		case OPT_WTIME: write_time = true; break;
		case OPT_PIDFILE: pidfile_opt = optarg; break;
		case OPT_NANO: nano = true; break;
		default:
			fprintf(stderr, "collect: unknown or incomplete option "
					"'%s'\n",
				argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}

	char pidfile[4096];
	if (pidfile_opt)
		snprintf(pidfile, sizeof(pidfile), "%s", pidfile_opt);
	else
		default_pidfile(pidfile, sizeof(pidfile), queue);
	if (status)
		return do_status(pidfile, queue);
	if (stop)
		return do_stop(pidfile, queue);

	if (optind != argc - 1) {
		fprintf(stderr, "collect: need exactly one output file (or -)\n");
		usage(stderr);
		return 2;
	}
	const char *out = argv[optind];
	char abspath[4096];
	if (daemon_mode) {
		if (strcmp(out, "-") == 0) {
			fprintf(stderr, "collect: -d cannot write to stdout\n");
			return 2;
		}
		pid_t other = pidfile_read(pidfile);
		if (other) {
			fprintf(stderr,
				"collect: already running as pid %ld "
				"(pidfile %s)\n",
				(long)other, pidfile);
			return 1;
		}
		if (out[0] != '/') {
			char cwd[2048];
			if (!getcwd(cwd, sizeof(cwd))) {
				fprintf(stderr, "collect: getcwd: %s\n",
					strerror(errno));
				return 1;
			}
			snprintf(abspath, sizeof(abspath), "%s/%s", cwd, out);
			fprintf(stderr,
				"collect: warning: relative output path '%s' "
				"taken as '%s' (the daemon runs in /)\n",
				out, abspath);
			out = abspath;
		}
		if (pidfile[0] != '/')
			fprintf(stderr,
				"collect: warning: relative pidfile '%s' is "
				"written in /\n",
				pidfile);
	}

	char err[512];
	struct pqueue *q = pq_open(queue, err, sizeof(err));
	if (!q) {
		fprintf(stderr, "collect: %s\n", err);
		return 1;
	}
	struct pcap_writer *w = pcap_writer_open(out, LINKTYPE_ETHERNET,
						 pq_slot_size(q), nano, true,
						 err, sizeof(err));
	if (!w) {
		fprintf(stderr, "collect: %s\n", err);
		pq_close(q);
		return 1;
	}
	if (daemon_mode && daemonize(pidfile) < 0) {
		pcap_writer_close(w);
		pq_close(q);
		return 1;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: the futex wait returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (!noreset)
		pq_reset(q);

	/* Frames are taken COLLECT_BURST at a time (one queue call). A
	 * collect killed with SIGKILL loses the frames of the burst it had not
	 * written yet; with -p/-b the burst never takes frames past the
	 * limit, so those stay queued for others. */
	enum { COLLECT_BURST = 32 };
	size_t ssz = pq_slot_size(q);
	uint8_t *buf = xmalloc(ssz * COLLECT_BURST);
	struct pq_meta mb[COLLECT_BURST];
	uint64_t pkts = 0, bytes = 0;
	int rc = 0;
	bool progress = !silent && isatty(2);
	double next_progress = mono_s() + 1.0;
	while (!collect_stop) {
		unsigned want = COLLECT_BURST;
		if (plimit && plimit - pkts < want)
			want = (unsigned)(plimit - pkts);
		if (blimit)
			want = 1; /* frame sizes unknown until taken */
		int r = pq_dequeue_burst_wait(q, mb, buf, ssz, want, 250);
		bool done = false;
		for (int k = 0; k < r && !done; k++) {
			const struct pq_meta *m = &mb[k];
			int64_t ts = write_time ? now_ns() : m->ts_ns;
			if (pcap_writer_write(w, ts, m->caplen, m->len,
					      buf + (size_t)k * ssz) < 0) {
				if (errno != EPIPE) {
					fprintf(stderr,
						"collect: writing %s: %s\n",
						out, strerror(errno));
					rc = 1;
				}
				done = true;
				break;
			}
			pkts++;
			bytes += m->caplen;
			if ((plimit && pkts >= plimit) ||
			    (blimit && bytes >= blimit))
				done = true;
		}
		if (done)
			break;
		if (progress && mono_s() >= next_progress) {
			fprintf(stderr, "\r%" PRIu64 " packets, %" PRIu64
					" bytes",
				pkts, bytes);
			next_progress = mono_s() + 1.0;
		}
	}
	if (pcap_writer_close(w) < 0 && rc == 0 && errno != EPIPE) {
		fprintf(stderr, "collect: closing %s: %s\n", out,
			strerror(errno));
		rc = 1;
	}
	if (!silent) {
		struct pq_stats st;
		pq_get_stats(q, &st);
		fprintf(stderr,
			"%scollect: %" PRIu64 " packets, %" PRIu64
			" bytes written to %s (queue %s: inserted %" PRIu64
			", full %" PRIu64 ", retrieved %" PRIu64 ")\n",
			progress ? "\r" : "", pkts, bytes, out, queue,
			st.inserted, st.full, st.retrieved);
	}
	if (daemon_mode) {
		pid_t p = pidfile_read(pidfile);
		if (p == getpid())
			unlink(pidfile);
	}
	xfree(buf);
	pq_close(q);
	return rc;
}
