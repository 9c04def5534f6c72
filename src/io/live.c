/* live.c — libpcap interfaces: listing, live capture as a packet source,
 * and transmission (see live.h). */
#include "live.h"
#include "source_int.h"
#include "../core/alloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static size_t sa_fmt(const struct sockaddr *sa, char *dst, size_t n)
{
	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)sa;
		return inet_ntop(AF_INET, &a->sin_addr, dst, (socklen_t)n) ? strlen(dst) : 0;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)sa;
		return inet_ntop(AF_INET6, &a->sin6_addr, dst, (socklen_t)n) ? strlen(dst) : 0;
	}
	return 0;
}

static const char *family_name(int f)
{
	return f == AF_INET ? "IPv4" : f == AF_INET6 ? "IPv6" : NULL;
}

int live_list(FILE *out, bool with_addrs, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_if_t *devs = NULL;
	if (pcap_findalldevs(&devs, ebuf) < 0) {
		snprintf(err, errlen, "%s", ebuf);
		return -1;
	}
	if (!devs) {
		snprintf(err, errlen, "There are no interfaces on which a capture can be done.");
		return -1;
	}
	int i = 1;
	for (pcap_if_t *d = devs; d; d = d->next, i++) {
		bool lo = (d->flags & PCAP_IF_LOOPBACK) != 0;
		if (!with_addrs) {
			/* tshark -D: number and name; tshark shows libpcap's
			 * descriptions only as "(Loopback)" for loopback. */
			fprintf(out, "%d. %s", i, d->name);
			if (lo)
				fprintf(out, " (Loopback)");
			fputc('\n', out);
			continue;
		}
		fprintf(out, "%d. %s", i, d->name);
		if (d->description)
			fprintf(out, " (%s)", d->description);
		fprintf(out, " [");
		bool first = true;
#define FLAG(cond, s) do { if (cond) { fprintf(out, "%s%s", first ? "" : ", ", s); first = false; } } while (0)
		FLAG(d->flags & PCAP_IF_UP, "Up");
		FLAG(d->flags & PCAP_IF_RUNNING, "Running");
		FLAG(lo, "Loopback");
		FLAG(d->flags & PCAP_IF_WIRELESS, "Wireless");
		FLAG((d->flags & PCAP_IF_CONNECTION_STATUS) == PCAP_IF_CONNECTION_STATUS_CONNECTED, "Connected");
		FLAG((d->flags & PCAP_IF_CONNECTION_STATUS) == PCAP_IF_CONNECTION_STATUS_DISCONNECTED, "Disconnected");
#undef FLAG
		if (first)
			fprintf(out, "none");
		fprintf(out, "]\n");
		for (pcap_addr_t *a = d->addresses; a; a = a->next) {
			const char *fam = a->addr ? family_name(a->addr->sa_family) : NULL;
			if (!fam)
				continue;
			char s[INET6_ADDRSTRLEN];
			sa_fmt(a->addr, s, sizeof(s));
			fprintf(out, "    %s %s", fam, s);
			if (sa_fmt(a->netmask, s, sizeof(s)))
				fprintf(out, " netmask %s", s);
			if (sa_fmt(a->broadaddr, s, sizeof(s)))
				fprintf(out, " broadcast %s", s);
			if (sa_fmt(a->dstaddr, s, sizeof(s)))
				fprintf(out, " peer %s", s);
			fputc('\n', out);
		}
	}
	pcap_freealldevs(devs);
	return 0;
}

/* --- interface names ---------------------------------------------------- */

int live_resolve(const char *arg, char *dst, size_t n, char *err,
		 size_t errlen)
{
	const char *p = arg;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*arg == '\0' || *p != '\0') {
		snprintf(dst, n, "%s", arg);
		return 0;
	}
	/* All digits: the number tapir -D (and tshark -D) shows. */
	long want = strtol(arg, NULL, 10);
	char ebuf[PCAP_ERRBUF_SIZE];
	pcap_if_t *devs = NULL;
	if (pcap_findalldevs(&devs, ebuf) < 0) {
		snprintf(err, errlen, "Interface %s: %s", arg, ebuf);
		return -1;
	}
	long count = 0;
	const pcap_if_t *d = NULL;
	for (const pcap_if_t *e = devs; e; e = e->next)
		if (++count == want)
			d = e;
	if (!d) {
		snprintf(err, errlen,
			 "There is no interface number %s (tapir -D lists %ld).",
			 arg, count);
		pcap_freealldevs(devs);
		return -1;
	}
	snprintf(dst, n, "%s", d->name);
	pcap_freealldevs(devs);
	return 0;
}

/* pcap_datalink() gives a DLT_ value; files and dissectors use LINKTYPE_
 * values, which differ only for a few (DLT_RAW is 12 or 14 by platform). */
static uint32_t dlt_to_linktype(int dlt)
{
	return dlt == DLT_RAW ? LINKTYPE_RAW : (uint32_t)dlt;
}

/* One line for a failed pcap_activate(), naming the interface. */
static void activate_error(pcap_t *p, int r, const char *name, char *err,
			   size_t errlen)
{
	const char *why = pcap_geterr(p);
	if (!why || !*why)
		why = pcap_statustostr(r);
	if (r == PCAP_ERROR_NO_SUCH_DEVICE)
		snprintf(err, errlen, "There is no device named \"%s\" (%s).",
			 name, why);
	else if (r == PCAP_ERROR_PERM_DENIED ||
		 r == PCAP_ERROR_PROMISC_PERM_DENIED)
		snprintf(err, errlen,
			 "You don't have permission to capture on interface '%s' (%s).",
			 name, why);
	else if (r == PCAP_ERROR_IFACE_NOT_UP)
		snprintf(err, errlen, "Interface '%s' is not up.", name);
	else
		snprintf(err, errlen,
			 "The capture session could not be initiated on interface '%s' (%s).",
			 name, why);
}

/* --- capture ------------------------------------------------------------ */

struct live_if {
	pcap_t *p;
	int fd;                 /* pcap_get_selectable_fd */
	bool nsec;              /* timestamps are in ns */
	uint32_t linktype;
	char name[64];
};

struct live {
	struct live_if ifs[LIVE_MAX_IFACES];
	int n;
	int rr;                 /* interface read first next time (fairness) */
	int64_t deadline;       /* CLOCK_MONOTONIC ns of -a duration, 0 = none */
};

static volatile sig_atomic_t live_stopping;

/* Longest poll() wait: bounds how late a stop request that arrives just
 * before poll() (and so does not interrupt it) is noticed. */
#define LIVE_POLL_MS 100
/* Kernel block timeout (TPACKET_V3): a packet waits at most this long in a
 * partly filled ring block before poll() reports it. */
#define LIVE_TIMEOUT_MS 50

static int64_t mono_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

void live_stop(void)
{
	live_stopping = 1;
}

bool live_stop_requested(void)
{
	return live_stopping != 0;
}

static void on_signal(int sig)
{
	(void)sig;
	live_stopping = 1;
}

void live_stop_on_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: poll() returns EINTR and the loop sees the flag. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static int live_next(struct source *s, struct frame_hdr *h,
		     const uint8_t **data)
{
	struct live *lv = s->priv;
	for (;;) {
		if (live_stopping)
			return 0;
		int wait = LIVE_POLL_MS;
		if (lv->deadline) {
			int64_t now = mono_ns();
			if (now >= lv->deadline)
				return 0;
			int64_t left = (lv->deadline - now + 999999) / 1000000;
			if (left < wait)
				wait = (int)left;
		}
		/* Non-blocking reads: each handle is asked once, starting
		 * after the one that answered last, so a busy interface
		 * cannot starve the others. */
		for (int k = 0; k < lv->n; k++) {
			int i = (lv->rr + k) % lv->n;
			struct live_if *li = &lv->ifs[i];
			struct pcap_pkthdr *ph;
			const u_char *d;
			int r = pcap_next_ex(li->p, &ph, &d);
			if (r == 1) {
				lv->rr = (i + 1) % lv->n;
				memset(h, 0, sizeof(*h));
				h->ts = (int64_t)ph->ts.tv_sec * 1000000000 +
					(int64_t)ph->ts.tv_usec * (li->nsec ? 1 : 1000);
				h->caplen = ph->caplen;
				h->len = ph->len < ph->caplen ? ph->caplen : ph->len;
				h->linktype = li->linktype;
				h->ifid = (uint32_t)i;
				h->has_ts = true;
				h->tsprec = li->nsec ? 9 : 6;
				h->fcslen = -1;
				h->section = 1;
				*data = d;
				s->nframes++;
				return 1;
			}
			if (r == PCAP_ERROR_BREAK)
				return 0;
			if (r < 0) {
				snprintf(s->err, sizeof(s->err),
					 "Error while capturing packets on interface '%s': %s",
					 li->name, pcap_geterr(li->p));
				return -1;
			}
		}
		struct pollfd pf[LIVE_MAX_IFACES];
		for (int i = 0; i < lv->n; i++)
			pf[i] = (struct pollfd){ .fd = lv->ifs[i].fd, .events = POLLIN };
		if (poll(pf, (nfds_t)lv->n, wait) < 0 && errno != EINTR) {
			snprintf(s->err, sizeof(s->err),
				 "Error while capturing packets: %s",
				 strerror(errno));
			return -1;
		}
	}
}

static void live_close(struct source *s)
{
	struct live *lv = s->priv;
	if (!lv)
		return;
	for (int i = 0; i < lv->n; i++)
		if (lv->ifs[i].p)
			pcap_close(lv->ifs[i].p);
	xfree(lv);
	s->priv = NULL;
}

/* Creates, configures and activates one interface, then installs the
 * filter. Returns 0, or -1 with err set. */
static int live_open_if(struct live_if *li, const char *arg,
			const struct live_opts *o, char *err, size_t errlen)
{
	if (live_resolve(arg, li->name, sizeof(li->name), err, errlen) < 0)
		return -1;
	char ebuf[PCAP_ERRBUF_SIZE];
	ebuf[0] = '\0';
	li->p = pcap_create(li->name, ebuf);
	if (!li->p) {
		snprintf(err, errlen,
			 "The capture session could not be initiated on interface '%s' (%s).",
			 li->name, ebuf);
		return -1;
	}
	pcap_set_snaplen(li->p, o->snaplen ? (int)o->snaplen : 262144);
	pcap_set_promisc(li->p, !o->no_promisc);
	pcap_set_timeout(li->p, LIVE_TIMEOUT_MS);
	pcap_set_buffer_size(li->p,
			     (int)((o->buffer_mib ? o->buffer_mib : 2) * 1048576u));
	/* Not every kernel or device has ns stamps: µs is the fallback. */
	pcap_set_tstamp_precision(li->p, PCAP_TSTAMP_PRECISION_NANO);
	int r = pcap_activate(li->p);
	if (r < 0) {
		activate_error(li->p, r, li->name, err, errlen);
		return -1;
	}
	if (r > 0)
		fprintf(stderr, "tapir: warning: interface '%s': %s\n", li->name,
			r == PCAP_WARNING ? pcap_geterr(li->p) : pcap_statustostr(r));
	li->nsec = pcap_get_tstamp_precision(li->p) == PCAP_TSTAMP_PRECISION_NANO;
	li->linktype = dlt_to_linktype(pcap_datalink(li->p));
	if (o->filter) {
		bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;
		if (pcap_lookupnet(li->name, &net, &mask, ebuf) < 0)
			mask = PCAP_NETMASK_UNKNOWN;
		struct bpf_program prog;
		if (pcap_compile(li->p, &prog, o->filter, 1, mask) < 0) {
			snprintf(err, errlen,
				 "Invalid capture filter \"%s\" for interface '%s': %s.",
				 o->filter, li->name, pcap_geterr(li->p));
			return -1;
		}
		r = pcap_setfilter(li->p, &prog);
		pcap_freecode(&prog);
		if (r < 0) {
			snprintf(err, errlen,
				 "Cannot set the capture filter on interface '%s': %s.",
				 li->name, pcap_geterr(li->p));
			return -1;
		}
	}
	if (pcap_setnonblock(li->p, 1, ebuf) < 0 ||
	    (li->fd = pcap_get_selectable_fd(li->p)) < 0) {
		snprintf(err, errlen,
			 "Interface '%s' cannot be read without blocking: %s",
			 li->name, ebuf);
		return -1;
	}
	return 0;
}

struct source *live_open(const struct live_opts *o, char *err, size_t errlen)
{
	if (o->nifaces < 1 || o->nifaces > LIVE_MAX_IFACES) {
		snprintf(err, errlen, "Between 1 and %d interfaces can be captured on at once.",
			 LIVE_MAX_IFACES);
		return NULL;
	}
	struct live *lv = xcalloc(1, sizeof(*lv));
	struct source *s = src_alloc(o->ifaces[0]);
	/* The file buffer is not used: frames point into libpcap's ring. */
	xfree(s->buf);
	s->buf = NULL;
	s->cap = 0;
	s->priv = lv;
	s->close_priv = live_close;
	s->next = live_next;
	for (int i = 0; i < o->nifaces; i++) {
		lv->n = i + 1;
		if (live_open_if(&lv->ifs[i], o->ifaces[i], o, err, errlen) < 0) {
			src_close(s);
			return NULL;
		}
	}
	/* Interfaces as a pcapng reader would describe them: the src_if_*
	 * accessors, the pcapng writer and frame.interface_* work unchanged
	 * (tshark's live captures come through pcapng from dumpcap too). */
	s->fmt = SRC_PCAPNG;
	s->ifs = xcalloc((size_t)lv->n, sizeof(*s->ifs));
	s->nifs = s->capifs = (uint32_t)lv->n;
	s->section = 1;
	for (int i = 0; i < lv->n; i++) {
		struct src_iface *f = &s->ifs[i];
		const struct live_if *li = &lv->ifs[i];
		f->linktype = li->linktype;
		f->snaplen = (uint32_t)pcap_snapshot(li->p);
		f->units = li->nsec ? 1000000000u : 1000000u;
		f->tsresol = f->tsprec = li->nsec ? 9 : 6;
		f->fcslen = -1;
		snprintf(f->name, sizeof(f->name), "%s", li->name);
		s->any_nsec |= li->nsec;
	}
	s->linktype = s->ifs[0].linktype;
	s->snaplen = s->ifs[0].snaplen;
	s->nsec = s->any_nsec;
	if (o->duration_ns > 0)
		lv->deadline = mono_ns() + o->duration_ns;
	live_stopping = 0;
	return s;
}

const char *live_if_name(const struct source *s, uint32_t i)
{
	const struct live *lv = s->priv;
	return lv && s->close_priv == live_close && i < (uint32_t)lv->n ?
	       lv->ifs[i].name : "";
}

int live_dropped(const struct source *s, uint32_t i, uint64_t *dropped)
{
	const struct live *lv = s->priv;
	if (!lv || s->close_priv != live_close || i >= (uint32_t)lv->n)
		return -1;
	struct pcap_stat st;
	if (pcap_stats(lv->ifs[i].p, &st) < 0)
		return -1;
	/* ps_drop: packets the kernel dropped because the ring was full,
	 * what tshark reports as "dropped"; ps_ifdrop counts every drop of
	 * the interface (other sockets' too) and is left out. */
	*dropped = st.ps_drop;
	return 0;
}

void live_print_capturing(FILE *f, const struct source *s)
{
	const struct live *lv = s->priv;
	fputs("Capturing on ", f);
	for (int i = 0; i < lv->n; i++) {
		if (i > 0)
			fputs(lv->n == 2 ? " and " :
			      i == lv->n - 1 ? ", and " : ", ", f);
		fprintf(f, "'%s'", lv->ifs[i].name);
	}
	fputc('\n', f);
}

void live_print_counts(FILE *f, const struct source *s, uint64_t captured)
{
	const struct live *lv = s->priv;
	fprintf(f, "%llu packet%s captured\n", (unsigned long long)captured,
		captured == 1 ? "" : "s");
	for (int i = 0; i < lv->n; i++) {
		uint64_t d;
		if (live_dropped(s, (uint32_t)i, &d) == 0 && d)
			fprintf(f, "%llu packet%s dropped from %s\n",
				(unsigned long long)d, d == 1 ? "" : "s",
				lv->ifs[i].name);
	}
}

/* --- transmission -------------------------------------------------------- */

struct live_tx {
	pcap_t *p;
	uint32_t linktype;
	char name[64];
};

struct live_tx *live_tx_open(const char *ifname, char *err, size_t errlen)
{
	struct live_tx *t = xcalloc(1, sizeof(*t));
	if (live_resolve(ifname, t->name, sizeof(t->name), err, errlen) < 0) {
		xfree(t);
		return NULL;
	}
	char ebuf[PCAP_ERRBUF_SIZE];
	ebuf[0] = '\0';
	t->p = pcap_create(t->name, ebuf);
	if (!t->p) {
		snprintf(err, errlen, "Cannot open interface '%s' for sending (%s).",
			 t->name, ebuf);
		xfree(t);
		return NULL;
	}
	/* The handle only sends: a small ring. */
	pcap_set_snaplen(t->p, 128);
	pcap_set_buffer_size(t->p, 64 * 1024);
	int r = pcap_activate(t->p);
	if (r < 0) {
		activate_error(t->p, r, t->name, err, errlen);
		live_tx_close(t);
		return NULL;
	}
	/* Accept nothing ("ret #0"), so the kernel copies no received
	 * packets into the ring of a handle that never reads it. */
	struct bpf_insn none = BPF_STMT(BPF_RET | BPF_K, 0);
	struct bpf_program prog = { 1, &none };
	pcap_setfilter(t->p, &prog);
	t->linktype = dlt_to_linktype(pcap_datalink(t->p));
	return t;
}

int live_tx_send(struct live_tx *t, const uint8_t *data, uint32_t len,
		 char *err, size_t errlen)
{
	/* ENOBUFS: the device queue is full (sending at top speed); wait for
	 * it to drain rather than lose the packet. Bounded: about 2 s. */
	for (int tries = 0;; tries++) {
		if (pcap_inject(t->p, data, len) >= 0)
			return 0;
		if ((errno == ENOBUFS || errno == EAGAIN) && tries < 20000) {
			struct timespec ts = { 0, 100000 };
			nanosleep(&ts, NULL);
			continue;
		}
		snprintf(err, errlen, "Sending a %u-byte packet on interface '%s' failed: %s",
			 len, t->name, pcap_geterr(t->p));
		return -1;
	}
}

uint32_t live_tx_linktype(const struct live_tx *t)
{
	return t->linktype;
}

void live_tx_close(struct live_tx *t)
{
	if (!t)
		return;
	if (t->p)
		pcap_close(t->p);
	xfree(t);
}
