/* cmd_send.c — `tapir send`: transmits the packets of a capture file, or
 * one packet given in hex, on an interface (libpcap pcap_inject): as fast
 * as possible, at a packet or bit rate, or with the capture's own gaps
 * (like a WinPcap/Npcap send queue transmitted with synchronisation). */
#include "cmds.h"
#include "../core/alloc.h"
#include "../io/live.h"
#include "../io/source.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Largest frame --hex takes (a jumbo frame). */
#define SEND_HEX_MAX 9216

struct send_opts {
	const char *iface;
	const char *file;
	const char *hex;
	bool timed;             /* --timed: the capture's inter-packet gaps */
	double speed;           /* --speed: gaps divided by this (with --timed) */
	double pps;             /* --pps: packets per second, 0 = no limit */
	double mbps;            /* --mbps: megabits per second, 0 = no limit */
	long loop;              /* --loop: passes over the input, 0 = forever */
	long count;             /* -c: packets in all, 0 = no limit */
	bool quiet;             /* -q: no totals line */
};

static void send_usage(FILE *f)
{
	fprintf(f,
"Usage: tapir send -i IFACE [options] FILE     send the packets of FILE\n"
"       tapir send -i IFACE [options] --hex HEX send one packet\n"
"\n"
"  -i IFACE        interface (name or number from tapir -D)\n"
"  --hex HEX       the packet's bytes in hex, link-layer header included;\n"
"                  spaces, ':' and '-' between bytes are ignored\n"
"  --timed         keep the capture's gaps between packets (synchronised\n"
"                  send queue); --speed X replays X times faster\n"
"  --pps N         at most N packets per second\n"
"  --mbps N        at most N megabits per second (packet bytes)\n"
"  --loop N        send the input N times (0 = until interrupted)\n"
"  -c N            stop after N packets\n"
"  -q              don't print the totals\n"
"Without a rate, packets go out as fast as the interface takes them.\n"
"Prints \"N packets sent, N bytes\" at the end (also on SIGINT).\n");
}

static int send_fail(const char *fmt, const char *a)
{
	fputs("tapir send: ", stderr);
	fprintf(stderr, fmt, a);
	fputc('\n', stderr);
	return 1;
}

static bool parse_num(const char *s, double *v)
{
	char *end;
	*v = strtod(s, &end);
	return end != s && *end == '\0' && *v >= 0 && *v < 1e12;
}

static bool parse_count(const char *s, long *v)
{
	char *end;
	*v = strtol(s, &end, 10);
	return end != s && *end == '\0' && *v >= 0;
}

/* Hex digits to bytes; separators between bytes are skipped. Returns the
 * length, or -1 (odd digit count, a bad character, too long). */
static long hex_decode(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;
	for (; *s; s++) {
		int v;
		if (*s >= '0' && *s <= '9') v = *s - '0';
		else if (*s >= 'a' && *s <= 'f') v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F') v = *s - 'A' + 10;
		else if ((*s == ' ' || *s == ':' || *s == '-' || *s == '\t' ||
			  *s == '\n') && hi < 0)
			continue;
		else
			return -1;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? (long)n : -1;
}

static int64_t mono_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Sleeps until the CLOCK_MONOTONIC instant at (ns); false when a stop was
 * requested meanwhile. Absolute deadlines keep rates and gaps from drifting
 * with the time spent sending. */
static bool sleep_until(int64_t at)
{
	struct timespec ts = { (time_t)(at / 1000000000), (long)(at % 1000000000) };
	while (!live_stop_requested()) {
		int r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		if (r == 0)
			return true;
		if (r != EINTR)
			return true;
	}
	return false;
}

struct pacer {
	const struct send_opts *o;
	int64_t start;          /* monotonic ns of the first packet sent */
	uint64_t pkts, bytes;   /* sent so far */
	int64_t pass_start;     /* --timed: monotonic ns when this pass began */
	int64_t ts0;            /* --timed: capture time of the pass's first packet */
	bool pass_begun;
};

/* Waits until the next packet (captured at ts when has_ts) may go: the
 * latest of its --timed instant and the --pps / --mbps budgets of the
 * packets and bytes already sent. False when a stop was requested. */
static bool pace(struct pacer *pc, int64_t ts, bool has_ts)
{
	const struct send_opts *o = pc->o;
	int64_t now = mono_ns();
	if (pc->pkts == 0)
		pc->start = now;
	int64_t at = now;
	if (o->timed && has_ts) {
		if (!pc->pass_begun) {
			pc->pass_begun = true;
			pc->pass_start = now;
			pc->ts0 = ts;
		}
		int64_t gap = ts - pc->ts0;
		if (gap < 0)    /* out-of-order stamps: no waiting back */
			gap = 0;
		at = pc->pass_start + (int64_t)((double)gap / o->speed);
	}
	if (o->pps > 0) {
		int64_t t = pc->start + (int64_t)((double)pc->pkts * 1e9 / o->pps);
		if (t > at)
			at = t;
	}
	if (o->mbps > 0) {
		int64_t t = pc->start +
			    (int64_t)((double)pc->bytes * 8.0 * 1e3 / o->mbps);
		if (t > at)
			at = t;
	}
	if (at > now)
		return sleep_until(at);
	return !live_stop_requested();
}

static int parse_send(int argc, char **argv, struct send_opts *o)
{
	enum { O_HEX = 1000, O_TIMED, O_SPEED, O_PPS, O_MBPS, O_LOOP };
	static const struct option longopts[] = {
		{ "hex", required_argument, NULL, O_HEX },
		{ "timed", no_argument, NULL, O_TIMED },
		{ "speed", required_argument, NULL, O_SPEED },
		{ "pps", required_argument, NULL, O_PPS },
		{ "mbps", required_argument, NULL, O_MBPS },
		{ "loop", required_argument, NULL, O_LOOP },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof(*o));
	o->loop = 1;
	o->speed = 1;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "i:c:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': o->iface = optarg; break;
		case 'q': o->quiet = true; break;
		case 'c':
			if (!parse_count(optarg, &o->count) || o->count == 0)
				return send_fail("-c needs a positive packet count, not \"%s\".", optarg);
			break;
		case O_HEX: o->hex = optarg; break;
		case O_TIMED: o->timed = true; break;
		case O_SPEED:
			if (!parse_num(optarg, &o->speed) || o->speed <= 0)
				return send_fail("--speed needs a positive factor, not \"%s\".", optarg);
			break;
		case O_PPS:
			if (!parse_num(optarg, &o->pps) || o->pps <= 0)
				return send_fail("--pps needs a positive rate, not \"%s\".", optarg);
			break;
		case O_MBPS:
			if (!parse_num(optarg, &o->mbps) || o->mbps <= 0)
				return send_fail("--mbps needs a positive rate, not \"%s\".", optarg);
			break;
		case O_LOOP:
			if (!parse_count(optarg, &o->loop))
				return send_fail("--loop needs a count (0 = forever), not \"%s\".", optarg);
			break;
		case 'h': send_usage(stdout); exit(0);
		default:
			if (optopt && optopt < 256)
				fprintf(stderr, "tapir send: option -%c %s\n", optopt,
					strchr("ic", optopt) ? "requires an argument" : "is not known");
			else
				fprintf(stderr, "tapir send: unknown option or missing argument: %s\n",
					argv[optind - 1]);
			send_usage(stderr);
			return 1;
		}
	}
	if (optind < argc)
		o->file = argv[optind++];
	if (optind < argc)
		return send_fail("unexpected argument \"%s\".", argv[optind]);
	if (!o->iface)
		return send_fail("%s", "no interface: give one with -i IFACE.");
	if (!o->file == !o->hex)
		return send_fail("%s", "give either a capture FILE or --hex HEX.");
	if (o->file && strcmp(o->file, "-") == 0 && o->loop != 1)
		return send_fail("%s", "--loop needs a file that can be read again, not standard input.");
	return 0;
}

/* One pass over the capture: 1 = done, 0 = stopped (-c, signal), -1 on an
 * error (printed). */
static int send_file(struct live_tx *tx, const struct send_opts *o,
		     struct pacer *pc)
{
	char err[512];
	struct source *src = src_open(o->file, err, sizeof(err));
	if (!src) {
		fprintf(stderr, "tapir send: %s\n", err);
		return -1;
	}
	struct frame_hdr h;
	const uint8_t *data;
	int r, ret = 1;
	pc->pass_begun = false;
	while ((r = src_next(src, &h, &data)) == 1) {
		if (h.rectype != SRC_REC_PACKET)
			continue;
		if (h.linktype != live_tx_linktype(tx)) {
			fprintf(stderr, "tapir send: frame %llu of \"%s\" has link type %u, interface '%s' takes link type %u: not sent.\n",
				(unsigned long long)pc->pkts + 1, o->file,
				h.linktype, o->iface, live_tx_linktype(tx));
			ret = -1;
			break;
		}
		if (!pace(pc, h.ts, h.has_ts)) {
			ret = 0;
			break;
		}
		/* A packet cut short by the capture's snaplen goes out with
		 * the bytes that were captured (caplen). */
		if (live_tx_send(tx, data, h.caplen, err, sizeof(err)) < 0) {
			fprintf(stderr, "tapir send: %s\n", err);
			ret = -1;
			break;
		}
		pc->pkts++;
		pc->bytes += h.caplen;
		if (o->count && pc->pkts >= (uint64_t)o->count) {
			ret = 0;
			break;
		}
	}
	if (r < 0) {
		fprintf(stderr, "tapir send: %s\n", src_error(src));
		ret = -1;
	}
	src_close(src);
	return ret;
}

int cmd_send(int argc, char **argv)
{
	struct send_opts o;
	int rc = parse_send(argc, argv, &o);
	if (rc)
		return rc;
	static uint8_t pkt[SEND_HEX_MAX];
	long n = 0;
	if (o.hex) {
		n = hex_decode(o.hex, pkt, sizeof(pkt));
		if (n <= 0)
			return send_fail("--hex \"%s\" isn't a packet: hex digit pairs (at most 9216 bytes) expected.",
					 o.hex);
	}
	char err[512];
	struct live_tx *tx = live_tx_open(o.iface, err, sizeof(err));
	if (!tx) {
		fprintf(stderr, "tapir send: %s\n", err);
		return 1;
	}
	live_stop_on_signals();
	struct pacer pc = { .o = &o };
	for (long pass = 0; o.loop == 0 || pass < o.loop; pass++) {
		if (o.hex) {
			if (o.count && pc.pkts >= (uint64_t)o.count)
				break;
			if (!pace(&pc, 0, false))
				break;
			if (live_tx_send(tx, pkt, (uint32_t)n, err, sizeof(err)) < 0) {
				fprintf(stderr, "tapir send: %s\n", err);
				rc = 1;
				break;
			}
			pc.pkts++;
			pc.bytes += (uint64_t)n;
			continue;
		}
		int r = send_file(tx, &o, &pc);
		if (r < 0)
			rc = 1;
		if (r <= 0)
			break;
	}
	live_tx_close(tx);
	if (!o.quiet)
		printf("%llu packet%s sent, %llu bytes\n",
		       (unsigned long long)pc.pkts, pc.pkts == 1 ? "" : "s",
		       (unsigned long long)pc.bytes);
	return rc;
}
