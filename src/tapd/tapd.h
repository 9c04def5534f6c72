/* tapd.h — the inline tap: a transparent bridge between two or more
 * interfaces (AF_PACKET sockets with PACKET_VNET_HDR, recvmmsg/sendmmsg, or
 * AF_XDP sockets via libxdp, see afxdp.h) that floods every frame received on one port out of all the others,
 * optionally drops or corrupts frames on purpose (fault injection), and
 * copies what it sees into the shared-memory packet queue. Controlled by
 * the postfix language in ctl.h over a Unix socket.
 *
 * Single-threaded: one poll() loop serves the ports and the control socket.
 */
#ifndef TAPIR_TAPD_TAPD_H
#define TAPIR_TAPD_TAPD_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

struct pqueue;
struct machash;
struct afxdp;

/* How a port's frames move. AUTO is a request only: a port is opened as
 * XDP when that works, else as PACKET. */
enum tapd_mode {
	TAPD_MODE_PACKET = 0,
	TAPD_MODE_XDP = 1,
	TAPD_MODE_AUTO = 2,
};

#define TAPD_MAX_IF 8
#define TAPD_DEFAULT_SOCK "/run/tapir-tapd.sock"

struct tapd_if_stats {
	uint64_t rx;         /* frames received */
	uint64_t tx;         /* frames sent */
	uint64_t drop;       /* not sent: socket buffer full (EAGAIN/ENOBUFS) */
	uint64_t noif;       /* received with no other port up to send to */
	uint64_t err;        /* other receive/send errors (e.g. EMSGSIZE) */
	uint64_t rx_tap;     /* received frames copied into the queue */
	uint64_t tx_tap;     /* sent frames copied into the queue */
	uint64_t fi_dropped; /* frames not sent out of this port by FI */
	uint64_t fi_flipped; /* frames sent out of this port with a bit flipped */
	uint64_t q_packets;  /* PACKET: kernel PACKET_STATISTICS, summed;
			      * XDP: rx + q_drops */
	uint64_t q_drops;    /* XDP: XDP_STATISTICS rx_dropped + rx_ring_full */
};

struct tapd_if {
	char name[IF_NAMESIZE];
	int kindex;    /* kernel ifindex */
	int fd;        /* AF_PACKET or AF_XDP socket, -1 in dry mode */
	enum tapd_mode mode; /* PACKET or XDP */
	struct afxdp *xsk;   /* XDP mode: the socket and its UMEM */
	int promisc_fd;      /* XDP mode: holds the promiscuous membership */
	char how[24];  /* XDP mode: "native, copy", "generic, copy", ... */
	bool vnet;     /* socket has PACKET_VNET_HDR */
	bool rx_tap;   /* copy frames received here into the queue */
	bool tx_tap;   /* copy frames sent out of here into the queue */
	bool fi_on;    /* fault injection applies to frames sent out of here */
	double p_drop; /* probability in [0,1] */
	double p_flip;
	struct tapd_if_stats st;
};

struct tapd {
	struct tapd_if ifs[TAPD_MAX_IF];
	unsigned nif;
	struct pqueue *q;     /* may be NULL: nothing is tapped */
	struct machash *mh;   /* queue filter; empty = every frame */
	uint64_t rng;         /* xorshift state for fault injection */
	bool dry;             /* ports are not opened (tests, fuzzing) */
	enum tapd_mode mode;  /* for ports added from now on (default PACKET) */
	char privs[128];      /* what tapd kept after set-up, for tap.status */
	volatile int stop;    /* set from a signal handler to leave the loop */
};

/* A tapd with no ports. q may be NULL; ownership stays with the caller.
 * dry: if_add records ports without opening sockets. */
void tapd_init(struct tapd *t, struct pqueue *q, bool dry);
/* Closes the ports and frees the MAC set (not the queue). */
void tapd_fini(struct tapd *t);

/* Adds port `name` in mode t->mode: PACKET opens a promiscuous AF_PACKET
 * socket bound to it; XDP an AF_XDP socket on its RX queue 0 (afxdp_open);
 * AUTO tries XDP and, when that fails, prints one line on stderr saying why
 * and opens AF_PACKET. RX tap on, TX tap off, fault injection off. Returns
 * the port number (0..) or -1 with a message in err. */
int tapd_if_add(struct tapd *t, const char *name, char *err, size_t errlen);

/* Updates q_packets/q_drops: adds the kernel's PACKET_STATISTICS (which
 * reset on read) for AF_PACKET ports, reads XDP_STATISTICS for AF_XDP. */
void tapd_poll_qstats(struct tapd *t);

/* Runs the bridge and serves control connections on listen_fd (-1: none)
 * until t->stop is set. Returns 0, or -1 on a fatal poll error. */
int tapd_run(struct tapd *t, int listen_fd);

/* Fault injection and tap decisions for one frame, exported for tests:
 * returns true when the frame (src/dst MAC at data[6]/data[0]) qualifies for
 * the queue under the MAC filter. */
bool tapd_mac_match(const struct tapd *t, const uint8_t *data, uint32_t len);

/* "packet", "xdp" or "auto"; tapd_mode_parse returns -1 for other words. */
const char *tapd_mode_name(enum tapd_mode m);
int tapd_mode_parse(const char *s, enum tapd_mode *m);

/* Uniform double in [0,1) from t->rng. */
double tapd_rand(struct tapd *t);

/* Flips one random bit of a frame of len bytes and, when the frame carries
 * a checksum still to be filled in (vnet NEEDS_CSUM), fills it first so the
 * flip shows as a checksum error downstream. */
void tapd_flip_bit(struct tapd *t, uint8_t *data, uint32_t len);

#endif
