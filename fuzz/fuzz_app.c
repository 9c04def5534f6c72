/* fuzz_app.c — libFuzzer harness for the application dissectors: the first
 * input byte picks the dissector and its transport (low 3 bits: dns/udp,
 * dns/tcp, dhcp, ntp, http, tls, quic, sctp; bits 3-4 vary the ports, e.g.
 * mDNS/LLMNR; bit 5: the view is a TCP-reassembled PDU; bit 6: tree mode
 * off), the rest is the payload given straight to that dissector. TCP-based
 * dissectors get a tcp_pdu_ctx on one long-lived conversation, so state
 * kept across calls (TLS handshake reassembly, HTTP request matching, DNS
 * transactions) is exercised too.
 *
 * Build and run: fuzz/run-smoke fuzz/fuzz_app.c (seeds: fuzz/corpus/fuzz_app,
 * payloads cut from tests/captures with the selector byte in front).
 * fuzz-seeds: none
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../src/dissect/tcp.h"
#include "../src/engine/conv.h"
#include "../src/engine/dissector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *name;
	uint8_t proto;
	uint16_t ports[4]; /* server port, picked by bits 3-4 */
} sel_tab[8] = {
	{ "dns", 17, { 53, 5353, 5355, 53 } },
	{ "dns", 6, { 53, 5353, 53, 53 } },
	{ "dhcp", 17, { 67, 68, 67, 68 } },
	{ "ntp", 17, { 123, 123, 123, 123 } },
	{ "http", 6, { 80, 8080, 3128, 80 } },
	{ "tls", 6, { 443, 993, 5228, 443 } },
	{ "quic", 17, { 443, 443, 443, 443 } },
	{ "sctp", 132, { 0, 0, 0, 0 } },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct packet pk;
	static bool init;
	static uint64_t num;
	static const uint8_t a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
	if (!init) {
		dissect_init();
		field_want_all();
		pk_init(&pk);
		init = true;
	}
	if (size < 1)
		return 0;
	uint8_t s = data[0];
	int k = s & 7;
	uint16_t server = sel_tab[k].ports[(s >> 3) & 3];
	bool to_server = (s >> 7) & 1;

	pk_begin(&pk);
	pk.num = ++num;
	pk.ts = (int64_t)num * 1000;
	pk.tree = !((s >> 6) & 1);
	pk.cols = true;
	pk.labels = pk.tree;
	pk.ipproto = sel_tab[k].proto;
	pk.srcport = to_server ? 40000 : server;
	pk.dstport = to_server ? server : 40000;
	pk_set_net_addrs(&pk, AT_IPv4, to_server ? a : b, to_server ? b : a);
	pk.data = data + 1;
	pk.caplen = pk.len = (uint32_t)(size - 1);
	struct bv bv = bv_make(data + 1, (uint32_t)(size - 1), (uint32_t)(size - 1));

	struct tcp_pdu_ctx tc;
	void *arg = NULL;
	if (sel_tab[k].proto == 6) {
		struct conv_key key;
		if (conv_key_from_packet(&key, &pk, 6, pk.srcport, pk.dstport)) {
			int dir;
			bool created;
			memset(&tc, 0, sizeof(tc));
			tc.conv = conv_find_or_create(&key, &pk, &dir, &created);
			tc.dir = dir;
			tc.reassembled = (s >> 5) & 1;
			pk.conv = tc.conv;
			arg = &tc;
		}
	} else if (sel_tab[k].proto == 17) {
		struct conv_key key;
		if (conv_key_from_packet(&key, &pk, 17, pk.srcport, pk.dstport)) {
			int dir;
			bool created;
			pk.conv = conv_find_or_create(&key, &pk, &dir, &created);
		}
	}
	const struct dissector *d = dissector_find(sel_tab[k].name);
	if (d)
		d->dissect(&pk, &bv, arg);
	return 0;
}
