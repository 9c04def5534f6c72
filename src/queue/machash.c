/* machash.c — MAC address set (open addressing, linear probing) and the OUI
 * vendor table (Wireshark manuf / IEEE oui.txt / built-in), see machash.h.
 */
#include "machash.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"

/* --- the set --- */

/* Keys are the 48-bit address + 1, so 0 marks an empty cell. */
struct machash {
	uint64_t *cells;
	size_t cap; /* power of two */
	size_t count;
};

static uint64_t mac_key(const uint8_t m[6])
{
	uint64_t k = 0;
	for (int i = 0; i < 6; i++)
		k = k << 8 | m[i];
	return k + 1;
}

static size_t mac_hash(uint64_t k)
{
	k ^= k >> 29;
	k *= 0xbf58476d1ce4e5b9ull;
	k ^= k >> 32;
	return (size_t)k;
}

struct machash *machash_new(void)
{
	struct machash *h = xcalloc(1, sizeof(*h));
	h->cap = 64;
	h->cells = xcalloc(h->cap, sizeof(uint64_t));
	return h;
}

void machash_free(struct machash *h)
{
	if (!h)
		return;
	xfree(h->cells);
	xfree(h);
}

static void put(uint64_t *cells, size_t cap, uint64_t k)
{
	size_t i = mac_hash(k) & (cap - 1);
	while (cells[i] != 0 && cells[i] != k)
		i = (i + 1) & (cap - 1);
	cells[i] = k;
}

int machash_insert(struct machash *h, const uint8_t mac[6])
{
	if (machash_contains(h, mac))
		return 0;
	if (h->count >= MACHASH_MAX)
		return -1;
	/* Keep the load factor under 1/2 so probe runs stay short. */
	if ((h->count + 1) * 2 > h->cap) {
		size_t ncap = h->cap * 2;
		uint64_t *n = xcalloc(ncap, sizeof(uint64_t));
		for (size_t i = 0; i < h->cap; i++)
			if (h->cells[i])
				put(n, ncap, h->cells[i]);
		xfree(h->cells);
		h->cells = n;
		h->cap = ncap;
	}
	put(h->cells, h->cap, mac_key(mac));
	h->count++;
	return 1;
}

bool machash_contains(const struct machash *h, const uint8_t mac[6])
{
	uint64_t k = mac_key(mac);
	size_t i = mac_hash(k) & (h->cap - 1);
	while (h->cells[i] != 0) {
		if (h->cells[i] == k)
			return true;
		i = (i + 1) & (h->cap - 1);
	}
	return false;
}

size_t machash_count(const struct machash *h)
{
	return h->count;
}

void machash_reset(struct machash *h)
{
	memset(h->cells, 0, h->cap * sizeof(uint64_t));
	h->count = 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

size_t machash_list(const struct machash *h, uint8_t (*out)[6], size_t max)
{
	uint64_t *keys = xmalloc((h->count ? h->count : 1) * sizeof(uint64_t));
	size_t n = 0;
	for (size_t i = 0; i < h->cap; i++)
		if (h->cells[i])
			keys[n++] = h->cells[i] - 1;
	qsort(keys, n, sizeof(uint64_t), cmp_u64);
	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < 6; j++)
			out[i][j] = (uint8_t)(keys[i] >> (8 * (5 - j)));
	xfree(keys);
	return n;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parses up to max octets separated by ':', '-' or '.'; returns the number
 * parsed and sets *end. */
static int parse_octets(const char *s, uint8_t *out, int max, const char **end)
{
	int n = 0;
	while (n < max) {
		int a = hexval((unsigned char)s[0]);
		if (a < 0)
			break;
		int b = hexval((unsigned char)s[1]);
		if (b >= 0) {
			out[n++] = (uint8_t)(a << 4 | b);
			s += 2;
		} else {
			out[n++] = (uint8_t)a;
			s += 1;
		}
		if (n < max && (*s == ':' || *s == '-' || *s == '.') &&
		    hexval((unsigned char)s[1]) >= 0)
			s++;
		else
			break;
	}
	*end = s;
	return n;
}

bool mac_parse(const char *s, uint8_t out[6])
{
	const char *end;
	uint8_t m[6];
	if (parse_octets(s, m, 6, &end) != 6 || *end != '\0')
		return false;
	memcpy(out, m, 6);
	return true;
}

/* --- vendor table --- */

struct oui_ent {
	uint64_t prefix; /* 48-bit address, bits past `bits` zero */
	uint32_t bits;   /* significant leading bits */
	const char *name;
};

static struct oui_ent *oui_tab;
static size_t oui_n;
static uint64_t oui_bits_seen; /* bit b set when some entry has bits == b */
static pthread_once_t oui_once = PTHREAD_ONCE_INIT;

static const struct {
	const char *prefix;
	const char *name;
} oui_builtin[] = {
	{ "00:00:0C", "Cisco Systems, Inc" },
	{ "00:0C:29", "VMware, Inc." },
	{ "00:50:56", "VMware, Inc." },
	{ "00:15:5D", "Microsoft Corporation" },
	{ "00:1B:21", "Intel Corporate" },
	{ "3C:FD:FE", "Intel Corporate" },
	{ "00:23:7D", "Hewlett Packard" },
	{ "08:00:27", "PCS Systemtechnik GmbH" },
	{ "00:1C:42", "Parallels, Inc." },
	{ "B8:27:EB", "Raspberry Pi Foundation" },
	{ "DC:A6:32", "Raspberry Pi Trading Ltd" },
	{ "F0:9F:C2", "Ubiquiti Inc" },
	{ "00:1A:11", "Google, Inc." },
	{ "00:17:88", "Philips Lighting BV" },
	{ "AC:DE:48", "Private" },
	{ "00:E0:4C", "Realtek Semiconductor Corp." },
	{ "00:25:90", "Super Micro Computer, Inc." },
	{ "00:1E:67", "Intel Corporate" },
	{ "F8:BC:12", "Dell Inc." },
	{ "00:14:22", "Dell Inc." },
	{ "01:80:C2:00:00:00/48", "Spanning-tree-(for-bridges)" },
};

static size_t oui_cap;

static void oui_add(uint64_t prefix, uint32_t bits, const char *name)
{
	if (bits == 0 || bits > 48)
		return;
	if (oui_n == oui_cap) {
		oui_cap = oui_cap ? oui_cap * 2 : 1024;
		oui_tab = xrealloc(oui_tab, oui_cap * sizeof(*oui_tab));
	}
	uint64_t mask = ~0ull << (48 - bits) & 0xffffffffffffull;
	oui_tab[oui_n].prefix = prefix & mask;
	oui_tab[oui_n].bits = bits;
	oui_tab[oui_n].name = xstrdup(name);
	oui_n++;
	oui_bits_seen |= 1ull << bits;
}

/* "XX:XX:XX[:...][/NN]" at s; returns false when s does not start so. */
static bool parse_prefix(const char *s, uint64_t *prefix, uint32_t *bits,
			 const char **end)
{
	uint8_t o[6] = { 0 };
	int n = parse_octets(s, o, 6, end);
	if (n < 3)
		return false;
	uint64_t p = 0;
	for (int i = 0; i < 6; i++)
		p = p << 8 | o[i];
	*bits = (uint32_t)n * 8;
	if (**end == '/') {
		char *e;
		long b = strtol(*end + 1, &e, 10);
		if (b <= 0 || b > 48)
			return false;
		*bits = (uint32_t)b;
		*end = e;
	}
	*prefix = p;
	return true;
}

static void rstrip(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* Wireshark manuf: PREFIX \t SHORT [\t LONG] [\t # comment] */
static bool load_manuf(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		rstrip(line);
		const char *end;
		uint64_t p;
		uint32_t bits;
		if (!parse_prefix(line, &p, &bits, &end) || *end != '\t')
			continue;
		char *shortn = (char *)end + 1;
		char *longn = strchr(shortn, '\t');
		if (longn) {
			*longn++ = '\0';
			char *c = strchr(longn, '\t');
			if (c)
				*c = '\0';
		}
		oui_add(p, bits, longn && *longn && *longn != '#' ? longn
								   : shortn);
	}
	fclose(f);
	return oui_n > 0;
}

/* IEEE oui.txt: "00-22-72   (hex)\t\tVendor Name" */
static bool load_ieee(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		rstrip(line);
		const char *end;
		uint64_t p;
		uint32_t bits;
		char *hex = strstr(line, "(hex)");
		if (!hex || !parse_prefix(line, &p, &bits, &end) || bits != 24)
			continue;
		const char *name = hex + 5;
		while (isspace((unsigned char)*name))
			name++;
		if (*name)
			oui_add(p, 24, name);
	}
	fclose(f);
	return oui_n > 0;
}

static int cmp_oui(const void *a, const void *b)
{
	const struct oui_ent *x = a, *y = b;
	if (x->bits != y->bits)
		return x->bits < y->bits ? -1 : 1;
	return x->prefix < y->prefix ? -1 : x->prefix > y->prefix;
}

static void oui_load(void)
{
	const char *env = getenv("TAPIR_MANUF");
	if (env && *env && (load_manuf(env) || load_ieee(env)))
		goto done;
	if (load_manuf("/usr/share/wireshark/manuf") ||
	    load_ieee("/usr/share/ieee-data/oui.txt") ||
	    load_ieee("/usr/share/misc/oui.txt"))
		goto done;
	for (size_t i = 0; i < sizeof(oui_builtin) / sizeof(oui_builtin[0]);
	     i++) {
		const char *end;
		uint64_t p;
		uint32_t bits;
		if (parse_prefix(oui_builtin[i].prefix, &p, &bits, &end))
			oui_add(p, bits, oui_builtin[i].name);
	}
done:
	/* Stable sort order; a later duplicate of (bits, prefix) is shadowed
	 * by whichever bsearch finds, which is fine for names. */
	qsort(oui_tab, oui_n, sizeof(*oui_tab), cmp_oui);
}

const char *oui_vendor(const uint8_t mac[6])
{
	if (mac[0] & 0x02)
		return "Locally Administered Address (LAA)";
	pthread_once(&oui_once, oui_load);
	uint64_t a = 0;
	for (int i = 0; i < 6; i++)
		a = a << 8 | mac[i];
	for (int bits = 48; bits > 0; bits--) {
		if (!(oui_bits_seen & (1ull << bits)))
			continue;
		struct oui_ent key = {
			a & (~0ull << (48 - bits) & 0xffffffffffffull),
			(uint32_t)bits, NULL
		};
		const struct oui_ent *e = bsearch(&key, oui_tab, oui_n,
						  sizeof(*oui_tab), cmp_oui);
		if (e)
			return e->name;
	}
	return "unknown";
}
