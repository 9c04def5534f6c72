/* fuzz_filter_run.c — libFuzzer harness: compiles the input as a display
 * filter and, when it compiles, runs it over a fixed small capture (the file
 * named by $TAPIR_FUZZ_PCAP, default tests/captures/get.pcap, plus one
 * built-in Ethernet/IPv4/UDP frame) — evaluation must not crash, read out of
 * bounds or allocate. Build: see docs/filters.md. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/core/alloc.h"
#include "../src/engine/dissector.h"
#include "../src/filter/dfilter.h"
#include "../src/io/source.h"

#define MAX_FRAMES 64

struct frame {
	uint8_t *data;
	uint32_t caplen, len, linktype;
	int64_t ts;
};

static struct frame frames[MAX_FRAMES];
static int nframes;
static struct packet pk;

static const uint8_t builtin[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
	0x08, 0x00,
	0x45, 0x00, 0x00, 0x23, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x01, 0x02, 0x03, 0xc0, 0xa8, 0x07, 0x09,
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x0f, 0x00, 0x00,
	'H', 'e', 'l', 'l', 'o', 0x00, 0x01,
};

static void add_frame(const uint8_t *d, uint32_t caplen, uint32_t len,
		      uint32_t lt, int64_t ts)
{
	if (nframes == MAX_FRAMES)
		return;
	struct frame *f = &frames[nframes++];
	f->data = xmalloc(caplen ? caplen : 1);
	memcpy(f->data, d, caplen);
	f->caplen = caplen;
	f->len = len;
	f->linktype = lt;
	f->ts = ts;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	dissect_init();
	pk_init(&pk);
	const char *path = getenv("TAPIR_FUZZ_PCAP");
	char err[256];
	struct source *src = src_open(path ? path : "tests/captures/get.pcap",
				      err, sizeof(err));
	if (src) {
		struct frame_hdr h;
		const uint8_t *d;
		while (nframes < MAX_FRAMES - 1 && src_next(src, &h, &d) == 1)
			add_frame(d, h.caplen, h.len, h.linktype, h.ts);
		src_close(src);
	}
	add_frame(builtin, sizeof(builtin), sizeof(builtin), LINKTYPE_ETHERNET,
		  1259608440LL * 1000000000);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct dfilter *df = dfilter_compile(text, NULL, 0, NULL);
	xfree(text);
	if (!df)
		return 0;
	int64_t first = frames[0].ts, prev = first;
	for (int i = 0; i < nframes; i++) {
		pk_begin(&pk);
		pk.num = (uint64_t)i + 1;
		pk.ts = frames[i].ts;
		pk.ts_first = first;
		pk.ts_prev_cap = pk.ts_prev_disp = prev;
		pk.caplen = frames[i].caplen;
		pk.len = frames[i].len;
		pk.linktype = frames[i].linktype;
		pk.data = frames[i].data;
		dissect_packet(&pk);
		size_t live = alloc_live_bytes();
		(void)dfilter_apply(df, &pk);
		if (alloc_live_bytes() != live)
			abort(); /* dfilter_apply must not allocate */
		prev = frames[i].ts;
	}
	dfilter_free(df);
	return 0;
}
