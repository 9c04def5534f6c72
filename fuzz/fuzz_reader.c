/* fuzz_reader.c — libFuzzer harness for the capture file readers
 * (src/io/source.c, pcapng.c): the input is opened as a capture from memory
 * (so gzip/zstd, pcap and pcapng are all reachable), every frame is read and
 * every byte of it touched, and frames are written back through the pcapng
 * writer to /dev/null.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *   fuzz/fuzz_reader.c src/io/source.c src/io/pcapng.c src/io/pcapng_write.c \
 *   src/core/alloc.c -lz -lzstd -o build-fuzz/fuzz_reader
 * Seeds: tests/captures (or /work/shared/captures) and fuzz/fuzz_reader.dict.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "../src/io/pcapng_write.h"
#include "../src/io/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int devnull = -1;
	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY);
	char err[512];
	struct source *s = src_open_mem(data, size, "fuzz", err, sizeof(err));
	if (!s)
		return 0;
	struct pcapng_writer *w = pcapng_writer_fdopen(devnull, false, err,
						       sizeof(err));
	struct frame_hdr h;
	const uint8_t *d;
	volatile uint8_t sink = 0;
	/* Bounded: a 1 MB input cannot hold more than this many records. */
	for (unsigned n = 0; n < 1000000 && src_next(s, &h, &d) == 1; n++) {
		for (uint32_t i = 0; i < h.caplen; i++)
			sink ^= d[i];
		for (uint32_t i = 0; i < h.ncomments; i++)
			sink ^= (uint8_t)h.comments[i][0];
		if (w)
			pcapng_writer_write_frame(w, s, &h, d);
	}
	(void)src_error(s);
	for (uint32_t i = 0; i < src_ninterfaces(s) && i < 4; i++)
		sink ^= (uint8_t)src_if_name(s, i)[0] ^
			(uint8_t)src_if_linktype(s, i);
	pcapng_writer_close(w);
	src_close(s);
	(void)sink;
	return 0;
}
