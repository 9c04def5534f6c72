/* live.c — libpcap interfaces: listing and live capture (see live.h). */
#include "live.h"
#include "source_int.h"
#include "../core/alloc.h"
#include "../core/outbuf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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
