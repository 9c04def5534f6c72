/* afxdp.c — AF_XDP sockets for tapd's bridge ports (see afxdp.h).
 * Ring protocol as in the kernel's Documentation/networking/af_xdp.rst:
 * the fill ring gives the kernel empty frames, the RX ring returns them
 * full, the TX ring hands frames to send, the completion ring returns them
 * sent. Frame addresses are UMEM offsets.
 */
#include "afxdp.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <xdp/libxdp.h>
#include <xdp/xsk.h>

#include "../core/alloc.h"

#define RING 2048u /* each of fill, completion, RX, TX */
_Static_assert(AFXDP_FRAMES == 2 * RING, "half RX, half TX frames");

struct afxdp {
	int ifindex;
	uint32_t xdp_flags;   /* mode the program was attached in */
	uint32_t prog_id;     /* the program libxdp attached, 0 if unknown */
	int prog_fd;          /* a reference to it, -1 if unknown */
	struct xsk_umem *umem;
	struct xsk_socket *xsk;
	struct xsk_ring_prod fq, tx;
	struct xsk_ring_cons cq, rx;
	uint8_t *area;
	uint32_t rx_idx;      /* RX ring index of the last afxdp_rx() */
	uint64_t rx_addr[64]; /* addresses of that batch (n <= 64) */
	uint64_t free[RING];  /* TX frames not in flight */
	unsigned nfree;
	unsigned queued;      /* reserved in the TX ring, not yet submitted */
	uint32_t tx_idx;      /* first reserved TX index */
};

/* libxdp and libbpf print their diagnostics on stderr; tapd decides what
 * the user sees, so the last line is kept for the error message. */
static char lib_msg[256];

static int lib_print(const char *fmt, va_list ap)
{
	char b[256];
	vsnprintf(b, sizeof(b), fmt, ap);
	size_t n = strlen(b);
	while (n && (b[n - 1] == '\n' || b[n - 1] == ' '))
		b[--n] = '\0';
	if (n)
		snprintf(lib_msg, sizeof(lib_msg), "%s", b);
	return 0;
}

static int xdp_print(enum libxdp_print_level l, const char *fmt, va_list ap)
{
	return l == LIBXDP_WARN ? lib_print(fmt, ap) : 0;
}

static int bpf_print(enum libbpf_print_level l, const char *fmt, va_list ap)
{
	return l == LIBBPF_WARN ? lib_print(fmt, ap) : 0;
}

/* RX channels of the interface (ETHTOOL_GCHANNELS); 1 when the driver
 * does not say. */
static unsigned rx_queues(const char *ifname)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&ch;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 1;
	int r = ioctl(fd, SIOCETHTOOL, &ifr);
	close(fd);
	if (r < 0)
		return 1;
	unsigned n = ch.rx_count + ch.combined_count;
	return n ? n : 1;
}

int afxdp_fd(const struct afxdp *x)
{
	return xsk_socket__fd(x->xsk);
}

/* Detaches the program afxdp_open's libxdp call attached, if libxdp did
 * not: its own clean-up looks the program up by id, which needs
 * CAP_SYS_ADMIN, and tapd no longer has it by then. Replacing "our
 * program" (XDP_FLAGS_REPLACE with the fd we kept) by nothing needs only
 * CAP_NET_ADMIN and never removes a program someone else attached since. */
static void detach_leftover(struct afxdp *x)
{
	uint32_t id = 0;
	if (x->prog_fd < 0)
		return;
	if (bpf_xdp_query_id(x->ifindex, (int)x->xdp_flags, &id) == 0 &&
	    id == x->prog_id) {
		LIBBPF_OPTS(bpf_xdp_attach_opts, ao, .old_prog_fd = x->prog_fd);
		bpf_xdp_detach(x->ifindex, x->xdp_flags | XDP_FLAGS_REPLACE, &ao);
	}
	close(x->prog_fd);
	x->prog_fd = -1;
}

void afxdp_close(struct afxdp *x)
{
	if (!x)
		return;
	if (x->xsk)
		xsk_socket__delete(x->xsk);
	detach_leftover(x);
	if (x->umem)
		xsk_umem__delete(x->umem);
	if (x->area)
		munmap(x->area, (size_t)AFXDP_FRAMES * AFXDP_FRAME_SIZE);
	xfree(x);
}

static const struct attempt {
	uint32_t xdp_flags;
	uint16_t bind_flags;
	const char *name;
} attempts[] = {
	{ XDP_FLAGS_DRV_MODE, XDP_ZEROCOPY, "native, zero-copy" },
	{ XDP_FLAGS_DRV_MODE, XDP_COPY, "native, copy" },
	{ XDP_FLAGS_SKB_MODE, XDP_COPY, "generic, copy" },
};

/* Registers x->area as a UMEM and binds an XSK socket to queue 0 of ifname
 * the way attempt a says (libxdp attaches its program). Returns 0 or a
 * negative errno; on failure x->umem and x->xsk are NULL. */
static int create(struct afxdp *x, const char *ifname, const struct attempt *a)
{
	struct xsk_umem_config uc = {
		.fill_size = RING,
		.comp_size = RING,
		.frame_size = AFXDP_FRAME_SIZE,
		.frame_headroom = 0,
		.flags = 0,
	};
	struct xsk_socket_config sc = {
		.rx_size = RING,
		.tx_size = RING,
		.xdp_flags = a->xdp_flags,
		.bind_flags = (uint16_t)(a->bind_flags | XDP_USE_NEED_WAKEUP),
	};
	lib_msg[0] = '\0';
	int r = xsk_umem__create(&x->umem, x->area,
				 (size_t)AFXDP_FRAMES * AFXDP_FRAME_SIZE, &x->fq,
				 &x->cq, &uc);
	if (r) {
		x->umem = NULL;
		return r;
	}
	r = xsk_socket__create(&x->xsk, ifname, 0, x->umem, &x->rx, &x->tx,
			       &sc);
	if (r) {
		x->xsk = NULL;
		xsk_umem__delete(x->umem);
		x->umem = NULL;
	}
	return r;
}

struct afxdp *afxdp_open(const char *ifname, char *how, size_t howlen,
			 char *err, size_t errlen)
{
	unsigned nq = rx_queues(ifname);
	if (nq > 1) {
		snprintf(err, errlen,
			 "%s has %u RX queues; AF_XDP mode serves queue 0 only "
			 "(ethtool -L %s combined 1)",
			 ifname, nq, ifname);
		return NULL;
	}
	libxdp_set_print(xdp_print);
	libbpf_set_print(bpf_print);

	struct afxdp *x = xcalloc(1, sizeof(*x));
	x->prog_fd = -1;
	x->ifindex = (int)if_nametoindex(ifname);
	x->area = mmap(NULL, (size_t)AFXDP_FRAMES * AFXDP_FRAME_SIZE,
		       PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
		       0);
	if (x->area == MAP_FAILED) {
		x->area = NULL;
		snprintf(err, errlen, "AF_XDP UMEM: %s", strerror(errno));
		afxdp_close(x);
		return NULL;
	}
	/* every failed attempt's reason, "MODE: errno text [(libxdp:
	 * ...)]", as far as err has room */
	int used = snprintf(err, errlen, "AF_XDP on %s: ", ifname);
	for (unsigned i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
		const struct attempt *a = &attempts[i];
		char msg[sizeof(lib_msg)];
		int r = create(x, ifname, a);
		/* The kernel releases the queue of a failed attempt's socket
		 * from a workqueue, a little after close: until then bind
		 * says EBUSY. Up to 0.5 s is given. */
		for (int rep = 0; r == -EBUSY && i > 0 && rep < 25; rep++) {
			usleep(20000);
			r = create(x, ifname, a);
		}
		snprintf(msg, sizeof(msg), "%s", lib_msg);
		if (r == 0) {
			snprintf(how, howlen, "%s", a->name);
			x->xdp_flags = a->xdp_flags;
			/* remember the program while we may still look it up */
			if (bpf_xdp_query_id(x->ifindex, (int)x->xdp_flags,
					     &x->prog_id) == 0 && x->prog_id)
				x->prog_fd = bpf_prog_get_fd_by_id(x->prog_id);
			break;
		}
		if (used >= 0 && (size_t)used < errlen)
			used += snprintf(err + used, errlen - (size_t)used,
					 "%s%s: %s%s%s%s", i ? "; " : "",
					 a->name, strerror(-r),
					 msg[0] ? " (libxdp: " : "", msg,
					 msg[0] ? ")" : "");
	}
	if (!x->xsk) {
		afxdp_close(x);
		return NULL;
	}
	/* frames [0, RING) receive, [RING, 2 RING) send */
	uint32_t idx = 0;
	if (xsk_ring_prod__reserve(&x->fq, RING, &idx) != RING) {
		snprintf(err, errlen, "AF_XDP fill ring on %s: short", ifname);
		afxdp_close(x);
		return NULL;
	}
	for (unsigned i = 0; i < RING; i++)
		*xsk_ring_prod__fill_addr(&x->fq, idx + i) =
			(uint64_t)i * AFXDP_FRAME_SIZE;
	xsk_ring_prod__submit(&x->fq, RING);
	for (unsigned i = 0; i < RING; i++)
		x->free[i] = (uint64_t)(RING + i) * AFXDP_FRAME_SIZE;
	x->nfree = RING;
	return x;
}

unsigned afxdp_rx(struct afxdp *x, unsigned n, uint8_t **data, uint32_t *len)
{
	if (n > sizeof(x->rx_addr) / sizeof(x->rx_addr[0]))
		n = sizeof(x->rx_addr) / sizeof(x->rx_addr[0]);
	unsigned got = xsk_ring_cons__peek(&x->rx, n, &x->rx_idx);
	if (got == 0) {
		/* with need_wakeup, an empty fill ring stalls RX until we
		 * call into the kernel */
		if (xsk_ring_prod__needs_wakeup(&x->fq))
			recvfrom(afxdp_fd(x), NULL, 0, MSG_DONTWAIT, NULL,
				 NULL);
		return 0;
	}
	for (unsigned i = 0; i < got; i++) {
		const struct xdp_desc *d =
			xsk_ring_cons__rx_desc(&x->rx, x->rx_idx + i);
		x->rx_addr[i] = xsk_umem__extract_addr(d->addr);
		data[i] = xsk_umem__get_data(x->area, xsk_umem__add_offset_to_addr(d->addr));
		len[i] = d->len;
	}
	return got;
}

void afxdp_rx_done(struct afxdp *x, unsigned n)
{
	uint32_t idx = 0;
	xsk_ring_cons__release(&x->rx, n);
	/* n frames left the fill ring, so n places are free in it */
	if (xsk_ring_prod__reserve(&x->fq, n, &idx) != n)
		return;
	for (unsigned i = 0; i < n; i++)
		*xsk_ring_prod__fill_addr(&x->fq, idx + i) = x->rx_addr[i];
	xsk_ring_prod__submit(&x->fq, n);
}

static void reclaim(struct afxdp *x)
{
	uint32_t idx = 0;
	unsigned n = xsk_ring_cons__peek(&x->cq, RING, &idx);
	for (unsigned i = 0; i < n; i++)
		x->free[x->nfree++] = *xsk_ring_cons__comp_addr(&x->cq, idx + i);
	if (n)
		xsk_ring_cons__release(&x->cq, n);
}

uint8_t *afxdp_tx_buf(struct afxdp *x)
{
	if (x->nfree == 0)
		reclaim(x);
	if (x->nfree == 0)
		return NULL;
	return xsk_umem__get_data(x->area, x->free[x->nfree - 1]);
}

void afxdp_tx_push(struct afxdp *x, uint8_t *buf, uint32_t len)
{
	uint32_t idx = 0;
	/* RING TX frames and a RING-entry TX ring: a reserve cannot fail
	 * while we hold a free frame */
	if (xsk_ring_prod__reserve(&x->tx, 1, &idx) != 1)
		return;
	if (x->queued == 0)
		x->tx_idx = idx;
	struct xdp_desc *d = xsk_ring_prod__tx_desc(&x->tx, idx);
	d->addr = (uint64_t)(buf - x->area);
	d->len = len;
	x->nfree--;
	x->queued++;
}

bool afxdp_tx_pending(const struct afxdp *x)
{
	return __atomic_load_n(x->tx.consumer, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(x->tx.producer, __ATOMIC_RELAXED);
}

int afxdp_tx_flush(struct afxdp *x)
{
	if (x->queued) {
		xsk_ring_prod__submit(&x->tx, x->queued);
		x->queued = 0;
	}
	/* Copy mode sends at most a kernel batch (32) per call: kick until
	 * the kernel has taken everything or says it is busy. */
	for (int rep = 0; rep < 64; rep++) {
		if (!afxdp_tx_pending(x))
			break;
		if (!xsk_ring_prod__needs_wakeup(&x->tx) && rep > 0)
			break;
		if (sendto(afxdp_fd(x), NULL, 0, MSG_DONTWAIT, NULL, 0) < 0) {
			if (errno == EAGAIN || errno == EBUSY ||
			    errno == ENOBUFS || errno == EINTR)
				break;
			return -1;
		}
	}
	reclaim(x);
	return 0;
}

int afxdp_stats(const struct afxdp *x, struct afxdp_stats *st)
{
	struct xdp_statistics s;
	socklen_t l = sizeof(s);
	memset(st, 0, sizeof(*st));
	if (getsockopt(afxdp_fd(x), SOL_XDP, XDP_STATISTICS, &s, &l) < 0)
		return -1;
	st->rx_dropped = s.rx_dropped + s.rx_ring_full;
	st->rx_invalid = s.rx_invalid_descs;
	st->tx_invalid = s.tx_invalid_descs;
	return 0;
}
