/* bridge_send.c — frame blaster for bench/bridge_bench.sh: sends
 * minimum-size (or -s SIZE) Ethernet frames out of one interface as fast
 * as AF_PACKET allows (sendmmsg, 64 frames per call, qdisc bypassed) for a
 * given time, then prints how many it sent. Ethertype 0x88b5 (IEEE local
 * experimental): receivers' stacks drop the frames without answering.
 * Only for interfaces inside network namespaces the bench creates.
 *
 * Build: cc -O2 -std=c11 -D_GNU_SOURCE bench/bridge_send.c -o bridge_send
 * Run:   bridge_send IF DST_MAC SECONDS [SIZE]   (prints "sent N frames")
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bridge_send IF DST_MAC SECONDS [SIZE]\n");
		return 2;
	}
	unsigned mac[6];
	if (sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1], &mac[2],
		   &mac[3], &mac[4], &mac[5]) != 6) {
		fprintf(stderr, "bridge_send: bad MAC %s\n", argv[2]);
		return 2;
	}
	double secs = atof(argv[3]);
	size_t size = argc > 4 ? (size_t)atoi(argv[4]) : 60;
	if (size < 60 || size > 1514)
		size = 60;
	int ifx = (int)if_nametoindex(argv[1]);
	int fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (ifx == 0 || fd < 0) {
		fprintf(stderr, "bridge_send: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	int one = 1;
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	struct sockaddr_ll sll;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = ifx;
	sll.sll_protocol = 0;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		fprintf(stderr, "bridge_send: bind: %s\n", strerror(errno));
		return 1;
	}
	static unsigned char fr[BATCH][1514];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < BATCH; i++) {
		unsigned char *f = fr[i];
		for (int k = 0; k < 6; k++)
			f[k] = (unsigned char)mac[k];
		memcpy(f + 6, "\x02\x77\x00\x00\x00\xfe", 6);
		f[12] = 0x88;
		f[13] = 0xb5;
		memset(f + 14, i, size - 14);
		iov[i].iov_base = f;
		iov[i].iov_len = size;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	unsigned long long sent = 0, seq = 0;
	double end = now_s() + secs;
	while (now_s() < end) {
		for (int r = 0; r < 16; r++) {
			for (int i = 0; i < BATCH; i++) {
				seq++;
				memcpy(fr[i] + 14, &seq, sizeof(seq));
			}
			int n = sendmmsg(fd, mm, BATCH, 0);
			if (n > 0)
				sent += (unsigned long long)n;
		}
	}
	printf("sent %llu frames\n", sent);
	return 0;
}
