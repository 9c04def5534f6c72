/* afxdp.h — one AF_XDP (XSK) socket per tapd port, via libxdp: its own UMEM
 * of AFXDP_FRAMES frames of AFXDP_FRAME_SIZE bytes, half of them in the fill
 * ring for receiving, half in a free list for sending. Received frames are
 * copied out by the caller and recycled straight into the fill ring; sent
 * frames come back through the completion ring. libxdp's default program
 * redirects RX queue 0 of the interface into the socket.
 *
 * Single-threaded: one tapd loop owns each socket.
 */
#ifndef TAPIR_TAPD_AFXDP_H
#define TAPIR_TAPD_AFXDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AFXDP_FRAMES 4096u
#define AFXDP_FRAME_SIZE 2048u
/* Largest frame the socket can send or receive. */
#define AFXDP_MTU (AFXDP_FRAME_SIZE - 256u)

struct afxdp;

struct afxdp_stats {
	uint64_t rx_dropped;   /* kernel: no room (rx ring full, fill empty) or
				* other drops, summed */
	uint64_t rx_invalid;   /* kernel: invalid RX/TX descriptors */
	uint64_t tx_invalid;
};

/* Opens an XSK socket on queue 0 of interface ifname. Tries native
 * (driver) XDP with zero-copy, then native with copy, then generic (SKB)
 * mode with copy, and says which worked in how ("native, zero-copy",
 * "native, copy" or "generic, copy"). Returns NULL with the reason for the
 * last failure in err (libxdp's own diagnostics are captured, not
 * printed). The interface must have a single RX queue: the others would
 * bypass the socket. */
struct afxdp *afxdp_open(const char *ifname, char *how, size_t howlen,
			 char *err, size_t errlen);
/* Detaches the program, closes the socket, frees the UMEM. NULL ok. */
void afxdp_close(struct afxdp *x);
/* The socket, to poll() for POLLIN. */
int afxdp_fd(const struct afxdp *x);

/* Up to n received frames: data[i], len[i] point into the UMEM and stay
 * valid until afxdp_rx_done(). Returns the count (0: none). */
unsigned afxdp_rx(struct afxdp *x, unsigned n, uint8_t **data, uint32_t *len);
/* Hands the frames of the last afxdp_rx() back to the kernel (fill ring). */
void afxdp_rx_done(struct afxdp *x, unsigned n);

/* A free TX frame buffer of AFXDP_MTU bytes, or NULL when every TX frame
 * is in flight (the caller counts a drop). Completed transmissions are
 * reclaimed first. */
uint8_t *afxdp_tx_buf(struct afxdp *x);
/* Queues buf (from afxdp_tx_buf) with len bytes for sending. Always
 * succeeds: the TX ring has room for every TX frame. */
void afxdp_tx_push(struct afxdp *x, uint8_t *buf, uint32_t len);
/* Publishes the queued frames and kicks the kernel (in copy mode the send
 * happens inside this call). Returns 0, or -1 with errno when the kernel
 * refused the kick for another reason than a busy device. */
int afxdp_tx_flush(struct afxdp *x);

/* True while published frames wait in the TX ring (the kernel refused a
 * kick with EAGAIN/EBUSY): call afxdp_tx_flush again soon. */
bool afxdp_tx_pending(const struct afxdp *x);

/* Kernel XDP_STATISTICS (cumulative). Returns 0 or -1. */
int afxdp_stats(const struct afxdp *x, struct afxdp_stats *st);

#endif
