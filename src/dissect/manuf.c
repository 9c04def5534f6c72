/* manuf.c — Ethernet address and OUI names from Wireshark's manuf/wka files
 * and /etc/ethers, with the lookup order of Wireshark 4.0's addr_resolv.c:
 * exact address, ranges of /40../47, /32../39, /24../31 bits, the OUI table,
 * then ranges of /16.., /8.., /1.. bits, else the plain address. */
#include "manuf.h"
#include "../core/alloc.h"
#include "../core/outbuf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One table for all kinds: key = (48-bit address << 8) | kind, where kind is
 * KIND_RANGE for an address range (any prefix length: like Wireshark 4.0's
 * single well-known-address hash, keyed by the address as written), 48 for
 * an exact address, or KIND_OUI for a manufacturer entry (OUI << 24). */
#define KIND_RANGE 1u
#define KIND_OUI 64u

struct mentry {
	uint64_t key;   /* 0 = empty slot (no valid key is 0: kind >= 1) */
	const char *name;
	const char *longname;
};

static struct mentry *tab;
static uint32_t tab_mask; /* slots - 1 */
static uint32_t tab_used;
static bool loaded;

static uint32_t hkey(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (uint32_t)k;
}

static void tab_grow(void);

static void tab_put(uint64_t key, const char *name, const char *longname)
{
	if ((tab_used + 1) * 2 > tab_mask + 1)
		tab_grow();
	uint32_t i = hkey(key) & tab_mask;
	while (tab[i].key && tab[i].key != key)
		i = (i + 1) & tab_mask;
	if (tab[i].key) {
		/* A later line replaces an earlier one (as a GHashTable insert). */
		xfree((void *)tab[i].name);
		if (tab[i].longname != tab[i].name)
			xfree((void *)tab[i].longname);
	} else {
		tab_used++;
	}
	tab[i].key = key;
	tab[i].name = xstrdup(name);
	tab[i].longname = longname ? xstrdup(longname) : tab[i].name;
}

static void tab_grow(void)
{
	struct mentry *old = tab;
	uint32_t oslots = tab ? tab_mask + 1 : 0;
	uint32_t slots = oslots ? oslots * 2 : 1u << 16;
	tab = xcalloc(slots, sizeof(*tab));
	tab_mask = slots - 1;
	for (uint32_t i = 0; i < oslots; i++) {
		if (!old[i].key)
			continue;
		uint32_t j = hkey(old[i].key) & tab_mask;
		while (tab[j].key)
			j = (j + 1) & tab_mask;
		tab[j] = old[i];
	}
	xfree(old);
}

static const struct mentry *tab_get(uint64_t key)
{
	if (!tab)
		return NULL;
	uint32_t i = hkey(key) & tab_mask;
	while (tab[i].key) {
		if (tab[i].key == key)
			return &tab[i];
		i = (i + 1) & tab_mask;
	}
	return NULL;
}

static uint64_t mac48(const uint8_t m[6])
{
	return ((uint64_t)m[0] << 40) | ((uint64_t)m[1] << 32) |
	       ((uint64_t)m[2] << 24) | ((uint64_t)m[3] << 16) |
	       ((uint64_t)m[4] << 8) | m[5];
}

/* Parses "00:11:22", "00-11-22-33-44-55", "01-00-5E/25" (one separator kind
 * per address, 1-2 hex digits per octet). Sets *kind to the prefix length,
 * 48 for six octets, KIND_OUI for three octets without a mask. */
static bool parse_addr(const char *s, uint64_t *addr, unsigned *kind)
{
	uint8_t a[6] = { 0 };
	char sep = 0;
	for (int i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)*s))
			return false;
		char *end;
		unsigned long v = strtoul(s, &end, 16);
		if (end == s || v > 0xff || end - s > 2)
			return false;
		a[i] = (uint8_t)v;
		s = end;
		if (*s == '/') {
			char *e2;
			unsigned long m = strtoul(s + 1, &e2, 10);
			if (e2 == s + 1 || *e2 || m > 48)
				return false;
			*kind = m == 0 ? KIND_OUI : (unsigned)m;
			*addr = mac48(a);
			return true;
		}
		if (*s == '\0') {
			if (i == 2)
				*kind = KIND_OUI;
			else if (i == 5)
				*kind = 48;
			else
				return false;
			*addr = mac48(a);
			return true;
		}
		if (!sep) {
			if (*s != ':' && *s != '-' && *s != '.')
				return false;
			sep = *s;
		} else if (*s != sep) {
			return false;
		}
		s++;
	}
	return false;
}

/* Lines: ADDRESS[/BITS] <ws> SHORTNAME [<tab> LONG NAME]; '#' starts a
 * comment. ethers files have no long names and no masks. */
static void load_file(const char *path, bool masks)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		char *h = strchr(line, '#');
		if (h)
			*h = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		char *save = NULL;
		char *a = strtok_r(line, " \t", &save);
		char *n = a ? strtok_r(NULL, " \t", &save) : NULL;
		if (!n)
			continue;
		char *l = strtok_r(NULL, "\t", &save);
		uint64_t addr;
		unsigned kind;
		if (!parse_addr(a, &addr, &kind))
			continue;
		if (!masks && kind != 48)
			continue;
		if (kind == KIND_OUI)
			addr &= 0xffffff000000ULL;
		else if (kind < 48)
			kind = KIND_RANGE;
		tab_put((addr << 8) | kind, n, l);
	}
	fclose(f);
}

static void load(void)
{
	if (loaded)
		return;
	loaded = true;
	const char *dir = getenv("TAPIR_WIRESHARK_DIR");
	if (!dir || !*dir)
		dir = "/usr/share/wireshark";
	char path[1024];
	snprintf(path, sizeof(path), "%s/manuf", dir);
	load_file(path, true);
	snprintf(path, sizeof(path), "%s/wka", dir);
	load_file(path, true);
	load_file("/etc/ethers", false);
}

/* The address with everything past `bits` cleared, looked up among the
 * ranges whatever their own length (what Wireshark 4.0 does: a /16 entry
 * also answers a lookup at 47 bits when the low bits are zero). */
static const struct mentry *range_lookup(uint64_t a, unsigned bits)
{
	uint64_t m = a & ~((1ULL << (48 - bits)) - 1);
	return tab_get((m << 8) | KIND_RANGE);
}

static const struct mentry *oui_lookup(const uint8_t mac[6])
{
	load();
	uint64_t a = mac48(mac) & 0xffffff000000ULL;
	const struct mentry *e = tab_get((a << 8) | KIND_OUI);
	if (!e && (mac[0] & 1)) {
		/* Wireshark retries a group address without the I/G bit. */
		a &= ~(1ULL << 40);
		e = tab_get((a << 8) | KIND_OUI);
	}
	return e;
}

const char *manuf_oui_longname(const uint8_t mac[6])
{
	const struct mentry *e = oui_lookup(mac);
	return e ? e->longname : NULL;
}

const char *manuf_oui_name(const uint8_t mac[6])
{
	const struct mentry *e = oui_lookup(mac);
	return e ? e->name : NULL;
}

/* Name + the low bytes of the address from byte `from` on, the first of them
 * masked to the bits the range leaves free. */
static size_t dummy(char *dst, size_t dstlen, const char *name,
		    const uint8_t mac[6], int from, unsigned freebits)
{
	int n = snprintf(dst, dstlen, "%s_", name);
	if (n < 0)
		n = 0;
	for (int i = from; i < 6 && (size_t)n < dstlen; i++) {
		uint8_t b = mac[i];
		if (i == from && freebits < 8)
			b &= (uint8_t)(0xff >> (8 - freebits));
		int k = snprintf(dst + n, dstlen - (size_t)n, i == from ? "%02x" : ":%02x", b);
		if (k < 0)
			break;
		n += k;
	}
	return (size_t)n < dstlen ? (size_t)n : dstlen - 1;
}

/* Direct-mapped cache of recent answers: one hash probe per address in the
 * common case instead of up to 48 range probes. */
#define CACHE_SLOTS 512
static struct {
	uint64_t a; /* address + 1 (0 = empty) */
	char name[64];
	uint8_t len;
} cache[CACHE_SLOTS];

static size_t resolve(const uint8_t mac[6], char *dst, size_t dstlen)
{
	load();
	uint64_t a = mac48(mac);
	const struct mentry *e = tab_get((a << 8) | 48);
	if (e)
		return (size_t)snprintf(dst, dstlen, "%s", e->name);
	/* Ranges longer than an OUI, longest prefix first. */
	for (int base = 40; base >= 24; base -= 8)
		for (int bits = base + 7; bits >= base; bits--)
			if ((e = range_lookup(a, (unsigned)bits)))
				return dummy(dst, dstlen, e->name, mac,
					     base / 8, (unsigned)(base + 8 - bits));
	if ((e = oui_lookup(mac)))
		return dummy(dst, dstlen, e->name, mac, 3, 8);
	for (int base = 16; base >= 0; base -= 8)
		for (int bits = base + 7; bits >= (base ? base : 1); bits--)
			if ((e = range_lookup(a, (unsigned)bits)))
				return dummy(dst, dstlen, e->name, mac,
					     base / 8, (unsigned)(base + 8 - bits));
	return (size_t)snprintf(dst, dstlen, "%02x:%02x:%02x:%02x:%02x:%02x",
				mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static bool resolution = true;

void manuf_set_resolution(bool on) { resolution = on; }
bool manuf_resolution(void) { return resolution; }

size_t manuf_eth_name(const uint8_t mac[6], char *dst, size_t dstlen)
{
	if (!dstlen)
		return 0;
	if (!resolution) {
		char b[18];
		size_t k = fmt_ether(b, mac);
		if (k >= dstlen)
			k = dstlen - 1;
		memcpy(dst, b, k);
		dst[k] = '\0';
		return k;
	}
	uint64_t a = mac48(mac);
	uint32_t slot = hkey(a) & (CACHE_SLOTS - 1);
	if (cache[slot].a != a + 1) {
		size_t n = resolve(mac, cache[slot].name, sizeof(cache[slot].name));
		if (n >= sizeof(cache[slot].name))
			n = sizeof(cache[slot].name) - 1;
		cache[slot].len = (uint8_t)n;
		cache[slot].a = a + 1;
	}
	size_t n = cache[slot].len;
	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, cache[slot].name, n);
	dst[n] = '\0';
	return n;
}
