/* print_tree.c — -V protocol tree and -x hex/ASCII dump (tshark layout:
 * four spaces per level; hex lines "0000  xx xx ... xx   ascii"). */
#include "output.h"
#include "../engine/fvalue.h"

#include <stdio.h>
#include <string.h>

void out_tree(struct outbuf *o, const struct packet *pk)
{
	char val[4096];
	for (uint32_t i = 0; i < pk->nitems; i++) {
		const struct item *it = &pk->items[i];
		if (it->flags & FF_HIDDEN)
			continue;
		/* Children of a hidden item are hidden with it. */
		for (uint16_t d = 0; d < it->depth; d++)
			ob_puts(o, "    ");
		bool gen = (it->flags & FF_GENERATED) != 0;
		if (gen && !it->text)
			ob_putc(o, '[');
		if (it->text) {
			ob_puts(o, it->text);
		} else if (it->f->type == FT_PROTOCOL || it->f->type == FT_NONE) {
			ob_puts(o, it->f->name);
		} else {
			item_display_str(it, val, sizeof(val));
			ob_puts(o, it->f->name);
			ob_puts(o, ": ");
			ob_puts(o, val);
		}
		if (gen && !it->text)
			ob_putc(o, ']');
		ob_putc(o, '\n');
	}
}

void out_hex(struct outbuf *o, const uint8_t *p, uint32_t n)
{
	static const char hx[] = "0123456789abcdef";
	for (uint32_t off = 0; off < n; off += 16) {
		char line[80];
		memset(line, ' ', sizeof(line));
		int k = snprintf(line, sizeof(line), "%04x  ", off);
		line[k] = ' ';
		for (uint32_t j = 0; j < 16 && off + j < n; j++) {
			uint8_t c = p[off + j];
			size_t pos = 6 + j * 3 + (j >= 8 ? 1 : 0);
			line[pos] = hx[c >> 4];
			line[pos + 1] = hx[c & 15];
			line[56 + j] = (c >= 0x20 && c < 0x7f) ? (char)c : '.';
		}
		uint32_t cnt = n - off < 16 ? n - off : 16;
		size_t end = 56 + cnt;
		ob_write(o, line, end);
		ob_putc(o, '\n');
	}
}
