/* fuzz_ctl.c — libFuzzer harness for tapd's control language (ctl_eval in
 * src/tapd/ctl.c). Each input is one control line run against a dry tapd
 * (two ports that open no sockets) and an in-memory packet queue holding a
 * few frames, with the answer written to /dev/null.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -std=c11
 *        -D_GNU_SOURCE fuzz/fuzz_ctl.c plus the .c files of src/tapd,
 *        src/queue and src/core, -lpthread -lm
 * Without libFuzzer, -DTAPIR_FUZZ_MAIN adds a main() that runs each file
 * named on the command line once (for corpus replay in plain builds).
 * Dictionary: the words listed by `tapir ctl words`.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/core/outbuf.h"
#include "../src/queue/pqueue.h"
#include "../src/tapd/ctl.h"
#include "../src/tapd/tapd.h"

static struct pqueue *fq;
static struct outbuf *fo;

static void setup(void)
{
	size_t sz = pq_memsize(16, 256);
	void *mem = aligned_alloc(64, (sz + 63) & ~(size_t)63);
	fq = pq_init(mem, sz, 16, 256, "fuzz.q");
	fo = malloc(sizeof(*fo));
	int fd = open("/dev/null", O_WRONLY);
	ob_init(fo, fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fq)
		setup();
	static struct tapd t;
	char err[128];
	tapd_init(&t, fq, true);
	tapd_if_add(&t, "p0", err, sizeof(err));
	tapd_if_add(&t, "p1", err, sizeof(err));
	uint8_t frame[100];
	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i * 13);
	struct pq_meta m = { 1, 1, PQ_DIR_RX, sizeof(frame), sizeof(frame) };
	pq_enqueue_mp(fq, &m, frame);

	struct ctl c;
	ctl_init(&c, &t);
	ctl_eval(&c, (const char *)data, size, fo);
	ctl_fini(&c);
	fo->len = 0; /* drop the answer rather than write it */
	tapd_fini(&t);
	pq_reset(fq);
	return 0;
}

#ifdef TAPIR_FUZZ_MAIN
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		static uint8_t buf[1 << 16];
		size_t n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	return 0;
}
#endif
