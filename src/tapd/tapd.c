/* tapd.c — the inline tap's data path and event loop (see tapd.h).
 *
 * Each port is an AF_PACKET SOCK_RAW socket bound to one interface, in
 * promiscuous mode, with PACKET_VNET_HDR so that offloaded frames (partial
 * checksums, GSO super-frames from veth/TSO) are forwarded with their
 * offload state and the kernel finishes them on the way out, and
 * PACKET_AUXDATA so VLAN tags the kernel stripped are put back. Frames are
 * read with recvmmsg in batches of TAPD_BATCH and sent with sendmmsg, one
 * call per destination port per batch. An AF_XDP port (afxdp.c) reads a
 * batch from its RX ring and sends by copying into its own UMEM; ports of
 * both kinds can be mixed. What happens to each frame (counters, fault
 * injection, tapping) is decided in one place, forward() and the fi_* and
 * tap_* helpers, whichever path carries it. Taps are queued in bursts.
 */
#include "tapd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "../core/alloc.h"
#include "../core/outbuf.h"
#include "../queue/machash.h"
#include "../queue/pqueue.h"
#include "afxdp.h"
#include "ctl.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

#define TAPD_BATCH 32
#define VNET_LEN ((uint32_t)sizeof(struct virtio_net_hdr))
#define VLAN_LEN 4u
/* Room for a 64 KiB GSO frame, its vnet header and a re-inserted tag. */
#define FRAME_ROOM (65536u + 256u)
#define CLIENT_MAX 16

/* --- small helpers --- */

void tapd_init(struct tapd *t, struct pqueue *q, bool dry)
{
	memset(t, 0, sizeof(*t));
	t->q = q;
	t->dry = dry;
	t->mh = machash_new();
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	t->rng = ((uint64_t)ts.tv_nsec << 20 ^ (uint64_t)ts.tv_sec ^
		  (uint64_t)getpid() << 40) | 1;
}

void tapd_fini(struct tapd *t)
{
	for (unsigned i = 0; i < t->nif; i++) {
		struct tapd_if *f = &t->ifs[i];
		if (f->xsk)
			afxdp_close(f->xsk); /* closes f->fd too */
		else if (f->fd >= 0)
			close(f->fd);
		if (f->promisc_fd >= 0)
			close(f->promisc_fd);
	}
	t->nif = 0;
	machash_free(t->mh);
	t->mh = NULL;
}

double tapd_rand(struct tapd *t)
{
	/* xorshift64*: plenty for drop/flip decisions */
	uint64_t x = t->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	t->rng = x;
	return (double)((x * 0x2545f4914f6cdd1dull) >> 11) * (1.0 / 9007199254740992.0);
}

bool tapd_mac_match(const struct tapd *t, const uint8_t *data, uint32_t len)
{
	if (machash_count(t->mh) == 0)
		return true;
	if (len < 12)
		return false;
	return machash_contains(t->mh, data) || machash_contains(t->mh, data + 6);
}

/* Completes a partial (NEEDS_CSUM) checksum in software: the field at
 * csum_start + csum_offset holds the pseudo-header sum; the result is the
 * one's complement of the sum over csum_start..end. */
static void csum_complete(struct virtio_net_hdr *vh, uint8_t *f, uint32_t len)
{
	uint32_t start = vh->csum_start, off = vh->csum_offset;
	if (!(vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) || start >= len ||
	    off + 2 > len - start)
		return;
	uint64_t sum = 0;
	uint32_t i = start;
	for (; i + 1 < len; i += 2)
		sum += (uint32_t)(f[i] << 8 | f[i + 1]);
	if (i < len)
		sum += (uint32_t)f[i] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	uint16_t c = (uint16_t)~sum;
	/* UDP sends 0xffff for a computed 0 (RFC 768); harmless for TCP. */
	if (c == 0)
		c = 0xffff;
	f[start + off] = (uint8_t)(c >> 8);
	f[start + off + 1] = (uint8_t)c;
	vh->flags &= (uint8_t)~VIRTIO_NET_HDR_F_NEEDS_CSUM;
}

static void flip(struct tapd *t, struct virtio_net_hdr *vh, uint8_t *data,
		 uint32_t len)
{
	if (len == 0)
		return;
	if (vh)
		csum_complete(vh, data, len);
	uint64_t bit = (uint64_t)(tapd_rand(t) * (double)len * 8.0);
	if (bit >= (uint64_t)len * 8)
		bit = (uint64_t)len * 8 - 1;
	data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
}

void tapd_flip_bit(struct tapd *t, uint8_t *data, uint32_t len)
{
	flip(t, NULL, data, len);
}

/* --- ports --- */

const char *tapd_mode_name(enum tapd_mode m)
{
	return m == TAPD_MODE_XDP ? "xdp" : m == TAPD_MODE_AUTO ? "auto" : "packet";
}

int tapd_mode_parse(const char *s, enum tapd_mode *m)
{
	if (strcmp(s, "packet") == 0)
		*m = TAPD_MODE_PACKET;
	else if (strcmp(s, "xdp") == 0)
		*m = TAPD_MODE_XDP;
	else if (strcmp(s, "auto") == 0)
		*m = TAPD_MODE_AUTO;
	else
		return -1;
	return 0;
}

/* Opens f's AF_PACKET socket. Returns 0 or -1 with err. */
static int open_packet(struct tapd_if *f, char *err, size_t errlen)
{
	const char *name = f->name;
	/* Protocol 0 until bound, so no frame of another interface slips in
	 * between socket() and bind(). */
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "AF_PACKET socket for %s: %s", name,
			 strerror(errno));
		return -1;
	}
	int one = 1, big = 8 << 20;
	f->vnet = setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one,
			     sizeof(one)) == 0;
	setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one));
	setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	struct sockaddr_ll sll;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = f->kindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		snprintf(err, errlen, "bind to %s: %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	struct packet_mreq mr;
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = f->kindex;
	mr.mr_type = PACKET_MR_PROMISC;
	if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
		       sizeof(mr)) < 0) {
		snprintf(err, errlen, "promiscuous mode on %s: %s", name,
			 strerror(errno));
		close(fd);
		return -1;
	}
	f->fd = fd;
	f->mode = TAPD_MODE_PACKET;
	return 0;
}

/* Opens f's AF_XDP socket, and an AF_PACKET socket that receives nothing
 * (protocol 0, never bound) but holds a PACKET_MR_PROMISC membership: a
 * NIC drops frames for other MACs before XDP sees them, and unlike setting
 * IFF_PROMISC directly the membership ends with the socket, even when tapd
 * is killed. */
static int open_xdp(struct tapd_if *f, char *err, size_t errlen)
{
	int pfd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	struct packet_mreq mr;
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = f->kindex;
	mr.mr_type = PACKET_MR_PROMISC;
	if (pfd < 0 || setsockopt(pfd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
				  sizeof(mr)) < 0) {
		snprintf(err, errlen, "promiscuous mode on %s: %s", f->name,
			 strerror(errno));
		if (pfd >= 0)
			close(pfd);
		return -1;
	}
	f->xsk = afxdp_open(f->name, f->how, sizeof(f->how), err, errlen);
	if (!f->xsk) {
		close(pfd);
		return -1;
	}
	f->promisc_fd = pfd;
	f->fd = afxdp_fd(f->xsk);
	f->mode = TAPD_MODE_XDP;
	f->vnet = false;
	return 0;
}

int tapd_if_add(struct tapd *t, const char *name, char *err, size_t errlen)
{
	if (t->nif >= TAPD_MAX_IF) {
		snprintf(err, errlen, "at most %d interfaces", TAPD_MAX_IF);
		return -1;
	}
	if (strlen(name) == 0 || strlen(name) >= IF_NAMESIZE) {
		snprintf(err, errlen, "bad interface name '%s'", name);
		return -1;
	}
	for (unsigned i = 0; i < t->nif; i++)
		if (strcmp(t->ifs[i].name, name) == 0) {
			snprintf(err, errlen, "%s is already port %u", name, i);
			return -1;
		}
	struct tapd_if *f = &t->ifs[t->nif];
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->fd = -1;
	f->promisc_fd = -1;
	f->rx_tap = true;
	f->mode = t->mode == TAPD_MODE_XDP ? TAPD_MODE_XDP : TAPD_MODE_PACKET;
	if (t->dry)
		return (int)t->nif++;

	f->kindex = (int)if_nametoindex(name);
	if (f->kindex == 0) {
		snprintf(err, errlen, "interface %s: %s", name, strerror(errno));
		return -1;
	}
	int r;
	if (t->mode == TAPD_MODE_PACKET) {
		r = open_packet(f, err, errlen);
	} else {
		r = open_xdp(f, err, errlen);
		if (r < 0 && t->mode == TAPD_MODE_AUTO) {
			fprintf(stderr, "tapd: %s: AF_XDP unavailable (%s); "
					"using AF_PACKET\n",
				name, err);
			r = open_packet(f, err, errlen);
		}
	}
	if (r < 0)
		return -1;
	return (int)t->nif++;
}

void tapd_poll_qstats(struct tapd *t)
{
	for (unsigned i = 0; i < t->nif; i++) {
		struct tapd_if *f = &t->ifs[i];
		if (f->xsk) {
			struct afxdp_stats xs;
			if (afxdp_stats(f->xsk, &xs) == 0) {
				f->st.q_drops = xs.rx_dropped;
				f->st.q_packets = f->st.rx + xs.rx_dropped;
			}
			continue;
		}
		struct tpacket_stats ps;
		socklen_t l = sizeof(ps);
		if (f->fd >= 0 && getsockopt(f->fd, SOL_PACKET,
					     PACKET_STATISTICS, &ps, &l) == 0) {
			/* the kernel resets them on every read */
			f->st.q_packets += ps.tp_packets;
			f->st.q_drops += ps.tp_drops;
		}
	}
}

/* --- forwarding --- */

struct rxframe {
	uint8_t *base;   /* vnet header (or frame when !vnet) */
	uint8_t *frame;  /* Ethernet header */
	uint32_t len;    /* frame bytes */
	int64_t ts_ns;
};

/* Frames to copy into the queue, handed over with one burst call. The
 * pointers must stay valid until tap_flush. */
struct tap_batch {
	struct pq_meta m[TAPD_BATCH];
	const void *d[TAPD_BATCH];
	unsigned n;
};

struct fwd_bufs {
	uint8_t *rx[TAPD_BATCH];   /* FRAME_ROOM each */
	uint8_t *flip[TAPD_BATCH]; /* private copies for flipped frames */
	struct rxframe fr[TAPD_BATCH];
	struct tap_batch tb;
};

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Queues the collected frames with one pq_enqueue_burst_mp() and counts
 * the ones that got in (the first k; the rest counted `full` by pqueue). */
static void tap_flush(struct tapd *t, struct tap_batch *tb)
{
	if (tb->n == 0)
		return;
	unsigned k = pq_enqueue_burst_mp(t->q, tb->m, tb->d, tb->n);
	for (unsigned x = 0; x < k; x++) {
		struct tapd_if_stats *st = &t->ifs[tb->m[x].ifindex].st;
		if (tb->m[x].dir == PQ_DIR_RX)
			st->rx_tap++;
		else
			st->tx_tap++;
	}
	tb->n = 0;
}

static void tap_frame(struct tapd *t, struct tap_batch *tb, unsigned port,
		      enum pq_dir dir, const uint8_t *data, uint32_t len,
		      int64_t ts)
{
	if (!t->q || !tapd_mac_match(t, data, len))
		return;
	if (tb->n == TAPD_BATCH)
		tap_flush(t, tb);
	tb->m[tb->n] = (struct pq_meta){ ts, port, (uint32_t)dir, len, len };
	tb->d[tb->n++] = data;
}

/* The per-frame decisions, the same for both data paths. */

/* Fault injection for one frame about to leave port out: drop it
 * (counted), flip a bit in a private copy, or pass it on. */
enum fi_verdict { FI_PASS, FI_DROP, FI_FLIP };

static enum fi_verdict fi_decide(struct tapd *t, struct tapd_if *out)
{
	if (!out->fi_on)
		return FI_PASS;
	if (out->p_drop > 0 && tapd_rand(t) < out->p_drop) {
		out->st.fi_dropped++;
		return FI_DROP;
	}
	if (out->p_flip > 0 && tapd_rand(t) < out->p_flip)
		return FI_FLIP;
	return FI_PASS;
}

/* Carries out FI_FLIP on the private copy data. A GSO frame is segmented
 * later with fresh checksums, which would hide the flip: only whole frames
 * flip (and only those are counted). */
static void fi_flip(struct tapd *t, struct tapd_if *out,
		    struct virtio_net_hdr *vh, uint8_t *data, uint32_t len)
{
	if (vh && vh->gso_type != VIRTIO_NET_HDR_GSO_NONE)
		return;
	flip(t, vh, data, len);
	out->st.fi_flipped++;
}

/* A frame has left port j (bytes as sent). */
static void tx_done(struct tapd *t, struct tap_batch *tb, unsigned j,
		    const uint8_t *data, uint32_t len, int64_t ts)
{
	t->ifs[j].st.tx++;
	if (t->ifs[j].tx_tap)
		tap_frame(t, tb, j, PQ_DIR_TX, data, len, ts);
}

/* Sends the n frames in fr out of AF_PACKET port j. */
static void send_packet(struct tapd *t, struct fwd_bufs *b, unsigned j,
			unsigned n, bool vnet_in)
{
	struct tapd_if *out = &t->ifs[j];
	struct mmsghdr mm[TAPD_BATCH];
	struct iovec iov[TAPD_BATCH][2];
	const uint8_t *sent[TAPD_BATCH]; /* frame bytes as sent, for TX tap */
	uint32_t sent_len[TAPD_BATCH];
	int64_t sent_ts[TAPD_BATCH];
	unsigned k = 0;
	uint8_t vnet_zero[sizeof(struct virtio_net_hdr)];
	memset(vnet_zero, 0, sizeof(vnet_zero));

	for (unsigned i = 0; i < n; i++) {
		struct rxframe *fr = &b->fr[i];
		uint8_t *base = fr->base;
		uint8_t *frame = fr->frame;
		enum fi_verdict v = fi_decide(t, out);
		if (v == FI_DROP)
			continue;
		uint32_t hdr = vnet_in ? VNET_LEN : 0;
		if (v == FI_FLIP) {
			memcpy(b->flip[k], base, hdr + fr->len);
			base = b->flip[k];
			frame = base + hdr;
			fi_flip(t, out,
				vnet_in ? (struct virtio_net_hdr *)base : NULL,
				frame, fr->len);
		}
		memset(&mm[k], 0, sizeof(mm[k]));
		struct iovec *io = iov[k];
		if (out->vnet && !vnet_in) {
			/* no offload state to pass on: a zero vnet header */
			io[0].iov_base = vnet_zero;
			io[0].iov_len = VNET_LEN;
			io[1].iov_base = frame;
			io[1].iov_len = fr->len;
			mm[k].msg_hdr.msg_iovlen = 2;
		} else {
			io[0].iov_base = out->vnet ? base : frame;
			io[0].iov_len = (out->vnet ? VNET_LEN : 0) + fr->len;
			mm[k].msg_hdr.msg_iovlen = 1;
		}
		mm[k].msg_hdr.msg_iov = io;
		sent[k] = frame;
		sent_len[k] = fr->len;
		sent_ts[k] = fr->ts_ns;
		k++;
	}
	unsigned done = 0;
	while (done < k) {
		int r = sendmmsg(out->fd, mm + done, k - done, MSG_DONTWAIT);
		if (r > 0) {
			for (unsigned x = done; x < done + (unsigned)r; x++)
				tx_done(t, &b->tb, j, sent[x], sent_len[x],
					sent_ts[x]);
			done += (unsigned)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		/* frame `done` failed: count it and go on with the rest */
		if (errno == EAGAIN || errno == ENOBUFS)
			out->st.drop++;
		else if (errno == ENETDOWN || errno == ENXIO)
			out->st.noif++;
		else
			out->st.err++;
		done++;
	}
	tap_flush(t, &b->tb);
}

/* Sends the n frames in fr out of AF_XDP port j: each is copied into a TX
 * frame of j's UMEM (where a flip is applied), then all go with one kick.
 * AF_XDP has no offloads: a partial checksum from a vnet input is finished
 * here, and a GSO super-frame cannot be sent (err). */
static void send_xdp(struct tapd *t, struct fwd_bufs *b, unsigned j,
		     unsigned n, bool vnet_in)
{
	struct tapd_if *out = &t->ifs[j];
	for (unsigned i = 0; i < n; i++) {
		struct rxframe *fr = &b->fr[i];
		enum fi_verdict v = fi_decide(t, out);
		if (v == FI_DROP)
			continue;
		struct virtio_net_hdr vh;
		if (vnet_in) {
			memcpy(&vh, fr->base, sizeof(vh));
			if (vh.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
				out->st.err++;
				continue;
			}
		}
		if (fr->len > AFXDP_MTU) {
			out->st.err++;
			continue;
		}
		uint8_t *buf = afxdp_tx_buf(out->xsk);
		if (!buf) {
			out->st.drop++; /* every TX frame in flight */
			continue;
		}
		memcpy(buf, fr->frame, fr->len);
		if (vnet_in)
			csum_complete(&vh, buf, fr->len);
		if (v == FI_FLIP)
			fi_flip(t, out, NULL, buf, fr->len);
		afxdp_tx_push(out->xsk, buf, fr->len);
		tx_done(t, &b->tb, j, buf, fr->len, fr->ts_ns);
	}
	tap_flush(t, &b->tb);
	if (afxdp_tx_flush(out->xsk) < 0) {
		if (errno == ENETDOWN || errno == ENXIO)
			out->st.noif++;
		else
			out->st.err++;
	}
}

/* Counts and taps the n frames received on port i, then floods them out
 * of every other port. */
static void forward(struct tapd *t, struct fwd_bufs *b, unsigned i,
		    unsigned n, bool vnet_in)
{
	struct tapd_if *in = &t->ifs[i];
	for (unsigned k = 0; k < n; k++) {
		struct rxframe *fr = &b->fr[k];
		in->st.rx++;
		if (in->rx_tap)
			tap_frame(t, &b->tb, i, PQ_DIR_RX, fr->frame, fr->len,
				  fr->ts_ns);
	}
	tap_flush(t, &b->tb);
	unsigned outs = 0;
	for (unsigned j = 0; j < t->nif; j++) {
		if (j == i || t->ifs[j].fd < 0)
			continue;
		outs++;
		if (t->ifs[j].xsk)
			send_xdp(t, b, j, n, vnet_in);
		else
			send_packet(t, b, j, n, vnet_in);
	}
	if (outs == 0)
		in->st.noif += n;
}

/* Puts back a VLAN tag the kernel moved into auxdata: shifts the vnet
 * header and both MAC addresses 4 bytes towards the buffer start (the
 * receive buffer keeps VLAN_LEN bytes free in front). */
static void vlan_reinsert(struct rxframe *fr, bool vnet, uint16_t tpid,
			  uint16_t tci)
{
	uint32_t hdr = vnet ? VNET_LEN : 0;
	if (fr->len < 12)
		return;
	memmove(fr->base - VLAN_LEN, fr->base, hdr + 12);
	fr->base -= VLAN_LEN;
	fr->frame -= VLAN_LEN;
	uint8_t *tag = fr->frame + 12;
	tag[0] = (uint8_t)(tpid >> 8);
	tag[1] = (uint8_t)tpid;
	tag[2] = (uint8_t)(tci >> 8);
	tag[3] = (uint8_t)tci;
	fr->len += VLAN_LEN;
	if (vnet) {
		struct virtio_net_hdr *vh = (struct virtio_net_hdr *)fr->base;
		if (vh->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
			vh->csum_start = (uint16_t)(vh->csum_start + VLAN_LEN);
		if (vh->hdr_len)
			vh->hdr_len = (uint16_t)(vh->hdr_len + VLAN_LEN);
	}
}

/* Reads up to one batch from AF_PACKET port i and forwards it. Returns
 * frames read. */
static int port_rx(struct tapd *t, struct fwd_bufs *b, unsigned i)
{
	struct tapd_if *in = &t->ifs[i];
	struct mmsghdr mm[TAPD_BATCH];
	struct iovec iov[TAPD_BATCH];
	struct sockaddr_ll from[TAPD_BATCH];
	union {
		char buf[CMSG_SPACE(sizeof(struct tpacket_auxdata)) +
			 CMSG_SPACE(sizeof(struct timespec)) + 64];
		struct cmsghdr align;
	} cm[TAPD_BATCH];

	memset(mm, 0, sizeof(mm));
	for (unsigned k = 0; k < TAPD_BATCH; k++) {
		iov[k].iov_base = b->rx[k] + VLAN_LEN;
		iov[k].iov_len = FRAME_ROOM - VLAN_LEN;
		mm[k].msg_hdr.msg_iov = &iov[k];
		mm[k].msg_hdr.msg_iovlen = 1;
		mm[k].msg_hdr.msg_name = &from[k];
		mm[k].msg_hdr.msg_namelen = sizeof(from[k]);
		mm[k].msg_hdr.msg_control = cm[k].buf;
		mm[k].msg_hdr.msg_controllen = sizeof(cm[k].buf);
	}
	int r = recvmmsg(in->fd, mm, TAPD_BATCH, MSG_DONTWAIT, NULL);
	if (r < 0) {
		if (errno != EAGAIN && errno != EINTR)
			in->st.err++;
		return 0;
	}
	unsigned n = 0;
	int64_t fallback_ts = now_ns();
	for (int k = 0; k < r; k++) {
		struct msghdr *mh = &mm[k].msg_hdr;
		uint32_t got = mm[k].msg_len;
		uint32_t hdr = in->vnet ? VNET_LEN : 0;
		if (from[k].sll_pkttype == PACKET_OUTGOING)
			continue; /* our own transmissions, old kernels */
		if ((mh->msg_flags & MSG_TRUNC) || got < hdr + 14) {
			in->st.err++;
			continue;
		}
		struct rxframe *fr = &b->fr[n];
		fr->base = b->rx[k] + VLAN_LEN;
		fr->frame = fr->base + hdr;
		fr->len = got - hdr;
		fr->ts_ns = fallback_ts;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c;
		     c = CMSG_NXTHDR(mh, c)) {
			if (c->cmsg_level == SOL_PACKET &&
			    c->cmsg_type == PACKET_AUXDATA) {
				struct tpacket_auxdata aux;
				memcpy(&aux, CMSG_DATA(c), sizeof(aux));
				if (aux.tp_status & TP_STATUS_VLAN_VALID)
					vlan_reinsert(
						fr, in->vnet,
						(aux.tp_status &
						 TP_STATUS_VLAN_TPID_VALID) &&
								aux.tp_vlan_tpid
							? aux.tp_vlan_tpid
							: ETH_P_8021Q,
						aux.tp_vlan_tci);
			} else if (c->cmsg_level == SOL_SOCKET &&
				   c->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;
				memcpy(&ts, CMSG_DATA(c), sizeof(ts));
				fr->ts_ns = (int64_t)ts.tv_sec * 1000000000 +
					    ts.tv_nsec;
			}
		}
		n++;
	}
	if (n)
		forward(t, b, i, n, in->vnet);
	return r;
}

/* Reads up to one batch from AF_XDP port i and forwards it. The frames are
 * used in place in the UMEM and go back to the fill ring afterwards. AF_XDP
 * gives no receive timestamp: the batch gets the time it was read. */
static int port_rx_xdp(struct tapd *t, struct fwd_bufs *b, unsigned i)
{
	struct tapd_if *in = &t->ifs[i];
	uint8_t *data[TAPD_BATCH];
	uint32_t len[TAPD_BATCH];
	unsigned r = afxdp_rx(in->xsk, TAPD_BATCH, data, len);
	if (r == 0)
		return 0;
	int64_t ts = now_ns();
	unsigned n = 0;
	for (unsigned k = 0; k < r; k++) {
		if (len[k] < 14) {
			in->st.err++;
			continue;
		}
		b->fr[n] = (struct rxframe){ data[k], data[k], len[k], ts };
		n++;
	}
	if (n)
		forward(t, b, i, n, false);
	afxdp_rx_done(in->xsk, r);
	return (int)r;
}

/* --- control connections --- */

struct client {
	int fd;
	size_t inlen;
	struct ctl ctl;
	struct outbuf *ob;
	char in[CTL_LINE_MAX];
};

static void client_close(struct client *c)
{
	close(c->fd);
	c->fd = -1;
	ctl_fini(&c->ctl);
	xfree(c->ob);
	c->ob = NULL;
}

/* Runs each complete line; every answer ends with "ok\n" or its error
 * line, then one NUL byte, which is how `tapir ctl` knows it is done.
 * Returns false when the client should be dropped. */
static bool client_input(struct tapd *t, struct client *c)
{
	(void)t;
	ssize_t r = recv(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen,
			 MSG_DONTWAIT);
	if (r == 0)
		return false;
	if (r < 0)
		return errno == EAGAIN || errno == EINTR;
	c->inlen += (size_t)r;
	for (;;) {
		char *nl = memchr(c->in, '\n', c->inlen);
		if (!nl) {
			if (c->inlen == sizeof(c->in)) {
				ob_puts(c->ob, "error: line too long\n");
				ob_putc(c->ob, '\0');
				ob_flush(c->ob);
				return false;
			}
			return true;
		}
		size_t n = (size_t)(nl - c->in);
		if (ctl_eval(&c->ctl, c->in, n, c->ob) == 0)
			ob_puts(c->ob, "ok\n");
		ob_putc(c->ob, '\0');
		ob_flush(c->ob);
		if (ob_error(c->ob))
			return false;
		memmove(c->in, nl + 1, c->inlen - n - 1);
		c->inlen -= n + 1;
	}
}

int tapd_run(struct tapd *t, int listen_fd)
{
	struct fwd_bufs *b = xcalloc(1, sizeof(*b));
	for (unsigned k = 0; k < TAPD_BATCH; k++) {
		b->rx[k] = xmalloc(FRAME_ROOM);
		b->flip[k] = xmalloc(FRAME_ROOM);
	}
	struct client *cl = xcalloc(CLIENT_MAX, sizeof(*cl));
	for (unsigned k = 0; k < CLIENT_MAX; k++)
		cl[k].fd = -1;
	int rc = 0;
	struct timespec last;
	clock_gettime(CLOCK_MONOTONIC, &last);

	while (!t->stop) {
		struct pollfd pfd[TAPD_MAX_IF + 1 + CLIENT_MAX];
		int map[TAPD_MAX_IF + 1 + CLIENT_MAX];
		nfds_t n = 0;
		for (unsigned i = 0; i < t->nif; i++) {
			if (t->ifs[i].fd < 0)
				continue;
			pfd[n].fd = t->ifs[i].fd;
			pfd[n].events = POLLIN;
			map[n++] = (int)i;
		}
		if (listen_fd >= 0) {
			pfd[n].fd = listen_fd;
			pfd[n].events = POLLIN;
			map[n++] = -1;
		}
		for (unsigned k = 0; k < CLIENT_MAX; k++) {
			if (cl[k].fd < 0)
				continue;
			pfd[n].fd = cl[k].fd;
			pfd[n].events = POLLIN;
			map[n++] = -2 - (int)k;
		}
		/* frames an AF_XDP kick could not send yet are retried soon,
		 * not only when the next frame arrives */
		int timeout = 1000;
		for (unsigned i = 0; i < t->nif; i++)
			if (t->ifs[i].xsk && afxdp_tx_pending(t->ifs[i].xsk)) {
				afxdp_tx_flush(t->ifs[i].xsk);
				timeout = 1;
			}
		int pr = poll(pfd, n, timeout);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		for (nfds_t x = 0; x < n; x++) {
			if (!pfd[x].revents)
				continue;
			if (map[x] >= 0) {
				/* bounded: at most 8 batches per port per
				 * round so no port starves the others */
				unsigned i = (unsigned)map[x];
				for (int rep = 0; rep < 8; rep++)
					if ((t->ifs[i].xsk
						     ? port_rx_xdp(t, b, i)
						     : port_rx(t, b, i)) <
					    TAPD_BATCH)
						break;
			} else if (map[x] == -1) {
				int fd = accept4(listen_fd, NULL, NULL,
						 SOCK_CLOEXEC);
				if (fd < 0)
					continue;
				unsigned k = 0;
				while (k < CLIENT_MAX && cl[k].fd >= 0)
					k++;
				if (k == CLIENT_MAX) {
					static const char busy[] =
						"error: too many control "
						"connections\n";
					ssize_t w = write(fd, busy, sizeof(busy));
					(void)w;
					close(fd);
					continue;
				}
				/* a client that stops reading is dropped
				 * after 1 s instead of stalling the bridge */
				struct timeval tv = { 1, 0 };
				setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv,
					   sizeof(tv));
				cl[k].fd = fd;
				cl[k].inlen = 0;
				cl[k].ob = xmalloc(sizeof(*cl[k].ob));
				ob_init(cl[k].ob, fd);
				ctl_init(&cl[k].ctl, t);
			} else {
				struct client *c = &cl[-2 - map[x]];
				if (!client_input(t, c))
					client_close(c);
			}
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec != last.tv_sec) {
			tapd_poll_qstats(t);
			last = now;
		}
	}
	for (unsigned k = 0; k < CLIENT_MAX; k++)
		if (cl[k].fd >= 0)
			client_close(&cl[k]);
	xfree(cl);
	for (unsigned k = 0; k < TAPD_BATCH; k++) {
		xfree(b->rx[k]);
		xfree(b->flip[k]);
	}
	xfree(b);
	return rc;
}
