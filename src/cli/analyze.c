/* analyze.c — `tapir -r FILE ...`: tshark's options and its per-packet loop:
 * read → dissect → filter → taps → output → write. */
#include "analyze.h"
#include "cmds.h"
#include "../core/alloc.h"
#include "../core/outbuf.h"
#include "../engine/dissector.h"
#include "../engine/prefs.h"
#include "../engine/fvalue.h"
#include "../filter/dfilter.h"
#include "../io/pcap_write.h"
#include "../io/pcapng_write.h"
#include "../io/source.h"
#include "../io/live.h"
#include "../stats/output.h"
#include "../stats/stat_registry.h"
#include "../lua/luatap.h"

#include <getopt.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAPIR_VERSION "0.1.0"

enum out_mode { OUT_SUMMARY, OUT_FIELDS, OUT_JSON, OUT_PDML_NONE };

struct opts {
	const char *rfile;
	const char *wfile;
	const char *wformat;    /* -F: pcap (default) or pcapng */
	const char *yfilter;    /* -Y display filter */
	const char *cfilter;    /* -f capture (BPF) filter */
	bool print_bpf;         /* -d / --print-bpf: show the BPF program, exit */
	long count;             /* -c, 0 = all: packets read, displayed or not */
	long autostop_pkts;     /* -a packets:N, 0 = none (see cmd_analyze) */
	struct live_opts live;  /* -i -s -p -B, -a duration: live capture */
	enum out_mode mode;
	bool verbose;           /* -V */
	bool hex;               /* -x */
	bool summary;           /* -P: the summary line too (with -V/-x/-w) */
	bool quiet;             /* -q */
	bool line_flush;        /* -l */
	enum time_fmt tf;
	struct fields_opts fo;
	const char *zargs[64];  /* -z arguments, in order */
	int nz;
	const char *xargs[16];  /* -X arguments */
	int nx;
	const char *oargs[32];  /* -o NAME:VALUE preferences, in order */
	int no;
};

static void usage(FILE *f)
{
	fprintf(f,
"tapir " TAPIR_VERSION " — packet capture and analysis\n"
"\n"
"Usage: tapir [options] -r FILE        analyse a capture file (- = stdin)\n"
"       tapir [options] -i IFACE       capture live (several -i allowed)\n"
"       tapir send -i IFACE FILE|--hex HEX  transmit packets (send --help)\n"
"       tapir tapd|ctl|collect ...      inline tap, its control, queue drain\n"
"\n"
"Input:\n"
"  -r FILE            read packets from FILE (pcap, pcapng, gzip/zstd; - = stdin)\n"
"  -i IFACE           capture on IFACE (name or number from -D; repeatable)\n"
"  -s SNAPLEN         live: bytes kept per packet (default 262144)\n"
"  -p                 live: don't put the interface in promiscuous mode\n"
"  -B MIB             live: kernel buffer size in MiB (default 2)\n"
"  -c N               stop after N packets read (displayed or not)\n"
"  -a duration:SEC|packets:N  live: stop after SEC seconds or N packets;\n"
"                     files: packets:N stops after N displayed packets\n"
"Processing:\n"
"  -Y FILTER          display filter (Wireshark syntax)\n"
"  -f BPF             capture filter (libpcap syntax), also applied to files\n"
"  -d, --print-bpf    print the -f program like tcpdump -d and exit\n"
"  -z STAT            statistics (-z help lists them)\n"
"  -X lua_script:F    run a Lua tap script\n"
"Output:\n"
"  -w FILE            write the (filtered) packets to FILE (pcap; -F pcapng)\n"
"  -F pcap|pcapng     format for -w\n"
"  -T fields|json|text  output format (default text)\n"
"  -e FIELD           field to print with -T fields (repeatable)\n"
"  -E header=y|separator=C|occurrence=f|l|a|aggregator=C|quote=d|s|n\n"
"  -V                 print the protocol tree\n"
"  -x                 print a hex and ASCII dump (instead of the summary line)\n"
"  -P                 print the summary line too (with -V, -x or -w)\n"
"  -q                 no per-packet output\n"
"  -t r|a|ad|adoy|d|dd|e|u|ud|udoy  time format of the summary line\n"
"  -l                 flush output after each packet\n"
"Other:\n"
"  -h, --help         this help\n"
"  -D                 list capture interfaces (tapir ifaces: with addresses)\n"
"  -v, --version      version\n");
}

static int fail(const char *fmt, const char *a)
{
	fprintf(stderr, "tapir: ");
	fprintf(stderr, fmt, a);
	fputc('\n', stderr);
	return 1;
}

/* -a test:value, tshark's autostop conditions duration:SEC (fractions
 * allowed; live capture only) and packets:N. Returns 0, or 1 after one
 * error line. */
static int parse_autostop(const char *arg, struct opts *o)
{
	char *end;
	if (strncmp(arg, "duration:", 9) == 0) {
		double sec = strtod(arg + 9, &end);
		if (end == arg + 9 || *end || !(sec > 0) || sec > 1e9)
			return fail("Invalid -a duration \"%s\": a positive number of seconds.", arg + 9);
		o->live.duration_ns = (int64_t)(sec * 1e9);
		return 0;
	}
	if (strncmp(arg, "packets:", 8) == 0) {
		o->autostop_pkts = strtol(arg + 8, &end, 10);
		if (end == arg + 8 || *end || o->autostop_pkts <= 0)
			return fail("Invalid -a packets \"%s\": a positive number.", arg + 8);
		return 0;
	}
	if (strncmp(arg, "filesize:", 9) == 0 || strncmp(arg, "files:", 6) == 0)
		return fail("-a %s: ring-buffer output files are not supported.", arg);
	return fail("Invalid or unknown -a flag \"%s\"", arg);
}

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ "print-bpf", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *names[256];
	static int ids[256];
	char err[256];
	memset(o, 0, sizeof(*o));
	fields_opts_init(&o->fo);
	o->fo.names = names;
	o->fo.ids = ids;
	o->tf = TF_RELATIVE;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "r:w:F:Y:R:f:dc:T:e:E:VxPqlt:z:X:hvno:N:2Di:s:pB:a:",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->rfile = optarg; break;
		case 'w': o->wfile = optarg; break;
		case 'F':
			if (strcmp(optarg, "pcap") && strcmp(optarg, "pcapng") &&
			    strcmp(optarg, "libpcap"))
				return fail("\"%s\" isn't a capture file type tapir writes (pcap, pcapng).", optarg);
			o->wformat = optarg;
			break;
		case 'Y': case 'R': o->yfilter = optarg; break;
		case 'f': o->cfilter = optarg; break;
		case 'd': o->print_bpf = true; break;
		case 'c': {
			char *end;
			o->count = strtol(optarg, &end, 10);
			if (*end || o->count <= 0)
				return fail("The specified packet count \"%s\" isn't a valid positive number.", optarg);
			break;
		}
		case 'i':
			if (o->live.nifaces >= LIVE_MAX_IFACES)
				return fail("too many -i interfaces (max 16): %s", optarg);
			o->live.ifaces[o->live.nifaces++] = optarg;
			break;
		case 's': case 'B': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || v > (c == 's' ? 262144 : 4095) ||
			    (c == 'B' && v == 0))
				return fail(c == 's' ? "Invalid snapshot length \"%s\"." :
					    "Invalid buffer size \"%s\" (MiB, 1-4095).", optarg);
			if (c == 's')
				o->live.snaplen = (uint32_t)v; /* 0: the default */
			else
				o->live.buffer_mib = (uint32_t)v;
			break;
		}
		case 'p': o->live.no_promisc = true; break;
		case 'a':
			if (parse_autostop(optarg, o))
				return 1;
			break;
		case 'T':
			if (strcmp(optarg, "fields") == 0) o->mode = OUT_FIELDS;
			else if (strcmp(optarg, "json") == 0) o->mode = OUT_JSON;
			else if (strcmp(optarg, "text") == 0) o->mode = OUT_SUMMARY;
			else return fail("Invalid -T parameter \"%s\"; it must be one of: fields json text", optarg);
			break;
		case 'e':
			if (o->fo.n >= 256)
				return fail("too many -e fields (max 256): %s", optarg);
			names[o->fo.n++] = optarg;
			break;
		case 'E':
			if (!fields_opts_parse_E(&o->fo, optarg, err, sizeof(err)))
				return fail("%s", err);
			break;
		case 'V': o->verbose = true; break;
		case 'x': o->hex = true; break;
		case 'P': o->summary = true; break;
		case 'q': o->quiet = true; break;
		case 'l': o->line_flush = true; break;
		case 't':
			if (!time_fmt_parse(optarg, &o->tf))
				return fail("Invalid time stamp type \"%s\"; it must be one of r a ad adoy d dd e u ud udoy", optarg);
			break;
		case 'z':
			if (o->nz >= 64)
				return fail("too many -z options: %s", optarg);
			o->zargs[o->nz++] = optarg;
			break;
		case 'X':
			if (o->nx >= 16)
				return fail("too many -X options: %s", optarg);
			o->xargs[o->nx++] = optarg;
			break;
		case 'n':
			out_set_mac_resolution(false);
			break;
		case 'o':
			if (o->no >= 32)
				return fail("too many -o options: %s", optarg);
			o->oargs[o->no++] = optarg;
			break;
		case 'N': case '2':
			/* name resolution and two-pass analysis: tapir resolves
			 * no names and makes one pass; accepted for
			 * command-line compatibility */
			break;
		case 'D':
			exit(cmd_ifaces(1, (char *[]){ "-D", NULL }));
		case 'h': usage(stdout); exit(0);
		case 'v': printf("tapir " TAPIR_VERSION "\n"); exit(0);
		default:
			if (optopt)
				fprintf(stderr, "tapir: option -%c %s\n", optopt,
					strchr("rwFYRfcTeEtzXoNisBa", optopt) ? "requires an argument" : "is not known");
			else
				fprintf(stderr, "tapir: unknown option %s\n", argv[optind - 1]);
			fprintf(stderr, "See 'tapir --help'.\n");
			return 1;
		}
	}
	if (optind < argc)
		return fail("unexpected argument \"%s\" (capture filters on files: see -Y)", argv[optind]);
	if (o->rfile && o->live.nifaces)
		return fail("%s", "-r and -i can't both be given (read a file or capture live).");
	/* tshark's wording; on files -a packets: is kept (see cmd_analyze) */
	if (o->live.duration_ns && !o->live.nifaces)
		return fail("%s", "A maximum capture time was specified, but a capture isn't being done.");
	if (o->mode == OUT_FIELDS && o->fo.n == 0)
		return fail("%s", "-T fields was specified, but no fields were specified with -e.");
	if (o->mode != OUT_FIELDS && o->fo.n)
		return fail("%s", "-e requires -T fields.");
	return 0;
}

/* -f: compiles a BPF capture filter with libpcap for frames of linktype
 * (a LINKTYPE_* value), prints it like `tcpdump -d` when asked. Returns 0,
 * or 1 after printing libpcap's message. */
static int bpf_compile(const char *expr, uint32_t linktype, uint32_t snaplen,
		       bool print, struct bpf_program *prog)
{
	/* pcap_open_dead takes a DLT_; LINKTYPE_RAW is the one common value
	 * that differs. */
	int dlt = linktype == 101 ? DLT_RAW : (int)linktype;
	pcap_t *p = pcap_open_dead(dlt, snaplen ? (int)snaplen : 262144);
	if (!p)
		return fail("%s", "cannot initialise libpcap");
	if (pcap_compile(p, prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		fprintf(stderr, "tapir: %s\n",
			pcap_geterr(p));
		pcap_close(p);
		return 1;
	}
	pcap_close(p);
	if (print)
		bpf_dump(prog, 1);
	return 0;
}

int cmd_analyze(int argc, char **argv)
{
	struct opts o;
	int rc = parse(argc, argv, &o);
	if (rc)
		return rc;
	bool live = o.live.nifaces > 0;
	/* -a packets:N live is dumpcap's autostop, a count of captured
	 * packets like -c; on a file tshark counts displayed packets. */
	if (live && o.autostop_pkts) {
		if (!o.count || o.autostop_pkts < o.count)
			o.count = o.autostop_pkts;
		o.autostop_pkts = 0;
	}
	/* -z help needs no capture, as in tshark */
	for (int i = 0; i < o.nz; i++) {
		if (strcmp(o.zargs[i], "help") == 0) {
			char zerr[64];
			dissect_init();
			stat_init();
			return stat_parse("help", zerr, sizeof(zerr)) == 1 ? 0 : 1;
		}
	}
	if (!o.rfile && !o.print_bpf && !live) {
		usage(stderr);
		return 1;
	}
	dissect_init();
	for (int i = 0; i < o.no; i++) {
		char perr[256];
		if (prefs_set(o.oargs[i], perr, sizeof(perr)))
			return fail("%s", perr);
	}

	/* Display filter: compiled before any packet is read. */
	struct dfilter *dfp = NULL;
	if (o.yfilter) {
		char yerr[512];
		int epos;
		dfp = dfilter_compile(o.yfilter, yerr, sizeof(yerr), &epos);
		if (!dfp) {
			fputs("tapir: ", stderr);
			dfilter_print_error(stderr, o.yfilter, yerr, epos);
			return 2;
		}
	}
	if (o.print_bpf && !o.cfilter) {
		dfilter_free(dfp);
		return fail("%s", "-d needs a capture filter (-f EXPR)");
	}
	if (o.print_bpf && !o.rfile) {
		struct bpf_program bp;
		/* no file: Ethernet, as tcpdump -d assumes */
		int br = bpf_compile(o.cfilter, 1, 262144, true, &bp);
		if (!br)
			pcap_freecode(&bp);
		dfilter_free(dfp);
		return br;
	}

	/* Lua scripts first: their listeners draw after the -z ones, as in
	 * tshark; a bad script stops the run before any packet is read. */
	if (luatap_load(o.xargs, o.nx))
		return 2;
	/* Every -z is parsed (and its listeners attached) before the file is
	 * opened: a bad statistic stops the run before any packet is read. */
	stat_init();
	for (int i = 0; i < o.nz; i++) {
		char zerr[512];
		int zr = stat_parse(o.zargs[i], zerr, sizeof(zerr));
		if (zr == 1)
			return 0;
		if (zr < 0)
			return fail("%s", zerr);
	}

	/* tshark: "Raw packet hex data can only be printed as text,
	 * PostScript, JSON, JSONRAW or EK JSON"; tapir's JSON has no raw
	 * fields yet, so -x goes with the text outputs only. */
	if (o.hex && o.mode == OUT_FIELDS)
		return fail("%s", "Raw packet hex data can only be printed as text, PostScript, JSON, JSONRAW or EK JSON");
	if (o.hex && o.mode == OUT_JSON)
		return fail("%s", "-x with -T json (raw hex fields) is not supported yet");
	if (o.mode == OUT_FIELDS) {
		const char *bad = fields_opts_resolve(&o.fo);
		if (bad)
			return fail("Some fields aren't valid:\n\t%s", bad);
	}
	bool tree = o.verbose || o.mode == OUT_JSON;
	if (tree)
		field_want_all();

	char err[512];
	struct source *src;
	if (live) {
		/* The capture filter runs in the kernel (pcap_setfilter). */
		o.live.filter = o.cfilter;
		src = live_open(&o.live, err, sizeof(err));
	} else {
		src = src_open(o.rfile, err, sizeof(err));
	}
	if (!src) {
		fprintf(stderr, "tapir: %s\n", err);
		dfilter_free(dfp);
		return live ? 1 : 2;
	}
	if (live) {
		live_print_capturing(stderr, src);
		live_stop_on_signals();
		/* Lines appear as packets arrive, as with tshark. */
		o.line_flush = true;
	}
	/* -f on a file: applied to each frame before dissection, like
	 * tcpdump -r; frames it rejects are not counted or numbered. */
	struct bpf_program bpf = { 0, NULL };
	if (o.cfilter && !live) {
		if (bpf_compile(o.cfilter, src_linktype(src), src_snaplen(src),
				o.print_bpf, &bpf)) {
			src_close(src);
			dfilter_free(dfp);
			return 1;
		}
		if (o.print_bpf) {
			pcap_freecode(&bpf);
			src_close(src);
			dfilter_free(dfp);
			return 0;
		}
	}
	struct pcap_writer *wr = NULL;
	struct pcapng_writer *wrng = NULL;
	if (o.wfile && o.wformat && strcmp(o.wformat, "pcapng") == 0) {
		wrng = pcapng_writer_open(o.wfile, false, err, sizeof(err));
		if (!wrng) {
			fprintf(stderr, "tapir: %s\n", err);
			src_close(src);
			return 2;
		}
	} else if (o.wfile) {
		wr = pcap_writer_open(o.wfile, src_linktype_field(src),
				      src_snaplen(src),
				      src_nsec(src), false, err, sizeof(err));
		if (!wr) {
			fprintf(stderr, "tapir: %s\n", err);
			src_close(src);
			return 2;
		}
	}

	static struct outbuf out;
	ob_init(&out, 1);
	luatap_start(&out);
	static struct packet pk;
	pk_init(&pk);
	pk.tree = tree;
	for (int i = 0; i < o.fo.n; i++) {
		struct field *f = field_lookup(o.fo.names[i]);
		if (f && f->type == FT_PROTOCOL)
			pk.labels = true;
	}
	bool print = !o.quiet;
	/* tshark prints nothing per packet when writing with -w unless -V or
	 * -T is given; tapir does the same. */
	if (o.wfile && o.mode == OUT_SUMMARY && !o.verbose && !o.hex &&
	    !o.summary)
		print = false;
	/* Columns are filled for the summary line and for Lua scripts (which
	 * may read them), not for a tree or hex dump that replaces the line. */
	pk.cols = !o.quiet && o.mode == OUT_SUMMARY &&
		  (o.nx || (print && (o.summary || (!o.verbose && !o.hex))));
	/* A plain copy (-r F -w out, nothing printed, filtered or tapped)
	 * needs no dissection: it runs at the reader's and writer's speed. */
	bool need_dissect = print || dfp || o.nz || o.nx;
	/* Only fields asked for (-T fields, -Y; no tree, columns, taps or
	 * Lua): application dissectors whose fields nobody wants are left
	 * out. Their fields could not appear, and the layers below them do
	 * not depend on them (dissect_prune checks the fields that do). */
	if (need_dissect && !tree && !pk.cols && !o.nz && !o.nx)
		dissect_prune();
	if (o.mode == OUT_FIELDS && !o.quiet && o.fo.header)
		out_fields_header(&out, &o.fo);
	if (o.mode == OUT_JSON && print)
		out_json_begin(&out);
	bool json_any = false;

	int decimals = src_nsec(src) ? 9 : 6;
	struct frame_hdr h;
	const uint8_t *data;
	uint64_t num = 0, shown = 0;
	int64_t first = 0, prev_cap = 0, prev_disp = 0;
	int r;
	while ((r = src_next(src, &h, &data)) == 1) {
		if (bpf.bf_insns) {
			struct pcap_pkthdr ph = { .caplen = h.caplen, .len = h.len };
			if (!pcap_offline_filter(&bpf, &ph, data))
				continue;
		}
		num++;
		if (num == 1)
			first = prev_cap = prev_disp = h.ts;
		pk_begin(&pk);
		pk.num = num;
		pk.ts = h.ts;
		pk.ts_first = first;
		pk.ts_prev_cap = prev_cap;
		pk.ts_prev_disp = prev_disp;
		pk.caplen = h.caplen;
		pk.len = h.len;
		pk.linktype = h.linktype;
		pk.ifid = h.ifid;
		pk.pflags = h.flags;
		pk.pcapng = src_format(src) == SRC_PCAPNG;
		pk.comment = h.comment;
		if (pk.pcapng) {
			pk.ifname = src_if_name(src, h.ifid);
			pk.ifdesc = src_if_desc(src, h.ifid);
			pk.section = h.section;
		}
		pk.no_ts = !h.has_ts;
		pk.custom_block = h.rectype == SRC_REC_CUSTOM;
		pk.data = data;
		if (need_dissect)
			dissect_packet(&pk);
		/* tshark runs taps on every packet; -Y only selects output. */
		tap_dispatch(&pk);
		/* tshark's "previous captured frame" is the previous packet
		 * record; custom blocks do not move it. */
		if (h.rectype == SRC_REC_PACKET)
			prev_cap = h.ts;

		bool pass = !dfp || dfilter_apply(dfp, &pk);
		if (!pass) {
			/* tshark 4.0: -c counts packets read, on files and
			 * live, whether -Y shows them or not. */
			if (o.count && (long)num >= o.count)
				break;
			continue;
		}
		prev_disp = h.ts;
		shown++;
		if (print) {
			if (o.mode == OUT_FIELDS) {
				out_fields(&out, &o.fo, &pk);
			} else if (o.mode == OUT_JSON) {
				out_json(&out, &pk, !json_any);
				json_any = true;
			} else {
				/* tshark 4.0: the summary line unless -V or -x
				 * replaces it (-P keeps it); a blank line after
				 * the summary when only hex follows, after each
				 * tree and after each hex dump. */
				if (o.summary || (!o.verbose && !o.hex)) {
					out_summary(&out, &pk, o.tf, decimals);
					if (o.hex && !o.verbose)
						ob_putc(&out, '\n');
				}
				if (o.verbose) {
					out_tree(&out, &pk);
					ob_putc(&out, '\n');
				}
				if (o.hex) {
					out_hex(&out, pk.data, pk.caplen);
					ob_putc(&out, '\n');
				}
			}
			if (o.line_flush)
				ob_flush(&out);
		}
		if (wrng && pcapng_writer_write_frame(wrng, src, &h, data) < 0) {
			fprintf(stderr, "tapir: writing \"%s\" failed\n", o.wfile);
			rc = 2;
			break;
		}
		/* pcap holds packets of one link type only: pcapng custom
		 * blocks are left out, and a second link type stops the run
		 * (tshark refuses such a file up front). */
		if (wr && h.rectype == SRC_REC_PACKET &&
		    h.linktype != src_linktype(src)) {
			fprintf(stderr, "tapir: Frame %llu has a different link type than the first interface; it can't be written as a \"pcap\" file (use -F pcapng).\n",
				(unsigned long long)num);
			rc = 2;
			break;
		}
		if (wr && h.rectype == SRC_REC_PACKET &&
		    pcap_writer_write(wr, h.ts, h.caplen, h.len, data) < 0) {
			fprintf(stderr, "tapir: writing \"%s\" failed\n", o.wfile);
			rc = 2;
			break;
		}
		if ((o.count && (long)num >= o.count) ||
		    (o.autostop_pkts && (long)shown >= o.autostop_pkts))
			break;
	}
	if (o.mode == OUT_JSON && print)
		out_json_end(&out, json_any);
	tap_draw_all(&out);
	if (luatap_finish() && rc == 0)
		rc = 2;
	ob_flush(&out);
	if (live)
		live_print_counts(stderr, src, shown);
	if (r < 0) {
		fprintf(stderr, "tapir: %s\n", src_error(src));
		rc = 2;
	}
	if ((wr && pcap_writer_close(wr) < 0) ||
	    (wrng && pcapng_writer_close(wrng) < 0)) {
		fprintf(stderr, "tapir: writing \"%s\" failed\n", o.wfile);
		rc = 2;
	}
	if (ob_error(&out) && rc == 0)
		rc = 2;
	src_close(src);
	pk_free(&pk);
	dfilter_free(dfp);
	if (bpf.bf_insns)
		pcap_freecode(&bpf);
	return rc;
}
