/* luatap_obj.c — the objects a Lua tap sees, shaped like Wireshark 4.0's
 * wslua classes: Field and FieldInfo (wslua_field.c), Address, NSTime,
 * ByteArray, Pinfo and Columns (wslua_pinfo.c), Tvb and TvbRange
 * (wslua_tvb.c), and the tapinfo tables Wireshark's tap extractors build
 * (taps.ini: eth, ip, tcp, udp, http).
 *
 * Objects tied to a packet (FieldInfo, Pinfo, Tvb, TvbRange) remember the
 * packet's number and refuse to be used once it is gone: the values they
 * point at live in the packet arena and frame buffer, reused for the next
 * packet. Packet bytes are read only through the byte view (core/bv.h).
 */
#include "luatap_int.h"
#include "../core/bv.h"
#include "../core/outbuf.h"
#include "../dissect/http.h"
#include "../dissect/ip.h"
#include "../dissect/manuf.h"
#include "../dissect/tcp.h"
#include "../dissect/udp.h"
#include "../engine/fvalue.h"
#include "../engine/tap.h"

#include <arpa/inet.h>
#include <math.h>
#include <string.h>

void lt_pushnum(lua_State *L, double d)
{
	if (d == floor(d) && fabs(d) < 9.2e18)
		lua_pushinteger(L, (lua_Integer)d);
	else
		lua_pushnumber(L, d);
}

/* The current packet, when an object made for packet `num` may use it. */
static struct packet *live_pk(lua_State *L, uint64_t num, const char *what)
{
	if (!lt.pk || lt.pk->num != num)
		luaL_error(L, "%s used after its packet was processed (expired)", what);
	return lt.pk;
}

static struct bv frame_bv(const struct packet *pk)
{
	return bv_make(pk->data, pk->caplen, pk->len);
}

/* Registers a metatable with __index = itself plus functions. */
static void new_class(lua_State *L, const char *name, const luaL_Reg *meta)
{
	luaL_newmetatable(L, name);
	luaL_setfuncs(L, meta, 0);
	if (lua_getfield(L, -1, "__index") == LUA_TNIL) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		lua_setfield(L, -2, "__index");
	} else {
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* ---- hex ------------------------------------------------------------- */

/* Appends n bytes as hex (sep 0: none) to b; at most max bytes, then "…". */
static void add_hex(luaL_Buffer *b, const uint8_t *p, size_t n, bool upper,
		    char sep, size_t max)
{
	const char *hx = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t m = n > max ? max : n;
	for (size_t i = 0; i < m; i++) {
		if (sep && i)
			luaL_addchar(b, sep);
		luaL_addchar(b, hx[p[i] >> 4]);
		luaL_addchar(b, hx[p[i] & 15]);
	}
	if (m < n)
		luaL_addstring(b, "\xe2\x80\xa6");
}

/* ---- ByteArray ------------------------------------------------------- */

struct lt_bytes {
	size_t n;
	uint8_t b[];
};

static struct lt_bytes *push_bytes(lua_State *L, const uint8_t *p, size_t n)
{
	struct lt_bytes *ba = lua_newuserdatauv(L, sizeof(*ba) + n, 0);
	ba->n = n;
	if (n && p)
		memcpy(ba->b, p, n);
	luaL_setmetatable(L, LT_BYTEARRAY);
	return ba;
}

static struct lt_bytes *check_bytes(lua_State *L, int i)
{
	return luaL_checkudata(L, i, LT_BYTEARRAY);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* ByteArray.new([hex [, raw]]): hex digits, any other characters between
 * bytes skipped; with raw true the string's own bytes. */
static int ba_new(lua_State *L)
{
	size_t n = 0;
	const char *s = luaL_optlstring(L, 1, "", &n);
	if (lua_toboolean(L, 2)) {
		push_bytes(L, (const uint8_t *)s, n);
		return 1;
	}
	struct lt_bytes *ba = push_bytes(L, NULL, n / 2);
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		int hi = hexval((unsigned char)s[i]);
		if (hi < 0) {
			i++;
			continue;
		}
		int lo = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
		if (lo < 0)
			return luaL_error(L, "ByteArray.new: bad hex string");
		ba->b[k++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	ba->n = k;
	return 1;
}

static int ba_tostring(lua_State *L)
{
	struct lt_bytes *ba = check_bytes(L, 1);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	add_hex(&b, ba->b, ba->n, true, 0, SIZE_MAX);
	luaL_pushresult(&b);
	return 1;
}

static int ba_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)check_bytes(L, 1)->n);
	return 1;
}

static int ba_tohex(lua_State *L)
{
	struct lt_bytes *ba = check_bytes(L, 1);
	bool lower = lua_toboolean(L, 2);
	const char *sep = luaL_optstring(L, 3, "");
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	const char *hx = lower ? "0123456789abcdef" : "0123456789ABCDEF";
	for (size_t i = 0; i < ba->n; i++) {
		if (i)
			luaL_addstring(&b, sep);
		luaL_addchar(&b, hx[ba->b[i] >> 4]);
		luaL_addchar(&b, hx[ba->b[i] & 15]);
	}
	luaL_pushresult(&b);
	return 1;
}

static int ba_get_index(lua_State *L)
{
	struct lt_bytes *ba = check_bytes(L, 1);
	lua_Integer i = luaL_checkinteger(L, 2);
	luaL_argcheck(L, i >= 0 && (size_t)i < ba->n, 2, "index out of range");
	lua_pushinteger(L, ba->b[i]);
	return 1;
}

static int ba_subset(lua_State *L)
{
	struct lt_bytes *ba = check_bytes(L, 1);
	lua_Integer off = luaL_checkinteger(L, 2), n = luaL_checkinteger(L, 3);
	luaL_argcheck(L, off >= 0 && n >= 0 && (size_t)off <= ba->n &&
		      (size_t)n <= ba->n - (size_t)off, 2, "out of bounds");
	push_bytes(L, ba->b + off, (size_t)n);
	return 1;
}

static int ba_raw(lua_State *L)
{
	struct lt_bytes *ba = check_bytes(L, 1);
	lua_Integer off = luaL_optinteger(L, 2, 0);
	lua_Integer n = luaL_optinteger(L, 3, -1);
	luaL_argcheck(L, off >= 0 && (size_t)off <= ba->n, 2, "out of bounds");
	size_t left = ba->n - (size_t)off;
	if (n < 0 || (size_t)n > left)
		n = (lua_Integer)left;
	lua_pushlstring(L, (const char *)ba->b + off, (size_t)n);
	return 1;
}

static int ba_eq(lua_State *L)
{
	struct lt_bytes *a = check_bytes(L, 1), *b = check_bytes(L, 2);
	lua_pushboolean(L, a->n == b->n && memcmp(a->b, b->b, a->n) == 0);
	return 1;
}

static int ba_concat(lua_State *L)
{
	struct lt_bytes *a = check_bytes(L, 1), *b = check_bytes(L, 2);
	struct lt_bytes *r = push_bytes(L, NULL, a->n + b->n);
	memcpy(r->b, a->b, a->n);
	memcpy(r->b + a->n, b->b, b->n);
	return 1;
}

/* ---- Address --------------------------------------------------------- */

void lt_push_address(lua_State *L, const struct address *a)
{
	struct address *u = lua_newuserdatauv(L, sizeof(*u), 0);
	*u = *a;
	luaL_setmetatable(L, LT_ADDRESS);
}

static int addr_len(uint8_t t)
{
	return t == AT_IPv4 ? 4 : t == AT_IPv6 ? 16 : t == AT_ETHER ? 6 : 0;
}

/* tostring: IPv4/IPv6 in their usual notation (tshark resolves no network
 * names by default), Ethernet resolved like tshark's default ("Apple_96:
 * d2:a0"; plain with -n), "NONE" for no address. */
static int addr_tostring(lua_State *L)
{
	struct address *a = luaL_checkudata(L, 1, LT_ADDRESS);
	char s[64];
	size_t n = 0;
	if (a->type == AT_ETHER)
		n = manuf_eth_name(a->a, s, sizeof(s));
	else if (a->type != AT_NONE)
		n = addr_fmt(a, s);
	else
		n = (size_t)snprintf(s, sizeof(s), "NONE"); /* tshark's AT_NONE */
	lua_pushlstring(L, s, n);
	return 1;
}

static int addr_cmp(lua_State *L)
{
	struct address *a = luaL_checkudata(L, 1, LT_ADDRESS);
	struct address *b = luaL_checkudata(L, 2, LT_ADDRESS);
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return memcmp(a->a, b->a, (size_t)addr_len(a->type));
}

static int addr_eq(lua_State *L) { lua_pushboolean(L, addr_cmp(L) == 0); return 1; }
static int addr_lt(lua_State *L) { lua_pushboolean(L, addr_cmp(L) < 0); return 1; }
static int addr_le(lua_State *L) { lua_pushboolean(L, addr_cmp(L) <= 0); return 1; }

/* Address.ip("1.2.3.4") / Address.ipv6("::1"). */
static int addr_parse(lua_State *L, int af, uint8_t type)
{
	const char *s = luaL_checkstring(L, 1);
	struct address a = { .type = type };
	if (inet_pton(af, s, a.a) != 1)
		return luaL_error(L, "Address: \"%s\" is not a valid address", s);
	lt_push_address(L, &a);
	return 1;
}

static int addr_ip(lua_State *L) { return addr_parse(L, AF_INET, AT_IPv4); }
static int addr_ipv6(lua_State *L) { return addr_parse(L, AF_INET6, AT_IPv6); }

/* ---- NSTime ---------------------------------------------------------- */

static void push_nstime(lua_State *L, int64_t ns)
{
	int64_t *u = lua_newuserdatauv(L, sizeof(*u), 0);
	*u = ns;
	luaL_setmetatable(L, LT_NSTIME);
}

static int64_t check_ns(lua_State *L, int i)
{
	return *(int64_t *)luaL_checkudata(L, i, LT_NSTIME);
}

static int ns_new(lua_State *L)
{
	lua_Integer s = luaL_optinteger(L, 1, 0), n = luaL_optinteger(L, 2, 0);
	push_nstime(L, (int64_t)s * 1000000000 + n);
	return 1;
}

/* "secs.nnnnnnnnn", a minus sign first when negative (tshark's form). */
static int ns_tostring(lua_State *L)
{
	int64_t ns = check_ns(L, 1);
	const char *sign = "";
	uint64_t a = (uint64_t)ns;
	if (ns < 0) {
		sign = "-";
		a = (uint64_t)0 - a;
	}
	char s[48];
	snprintf(s, sizeof(s), "%s%llu.%09llu", sign,
		 (unsigned long long)(a / 1000000000),
		 (unsigned long long)(a % 1000000000));
	lua_pushstring(L, s);
	return 1;
}

static int ns_index(lua_State *L)
{
	int64_t ns = check_ns(L, 1);
	const char *k = luaL_checkstring(L, 2);
	if (strcmp(k, "secs") == 0)
		lua_pushinteger(L, ns / 1000000000);
	else if (strcmp(k, "nsecs") == 0)
		lua_pushinteger(L, ns % 1000000000);
	else if (luaL_getmetafield(L, 1, k) == LUA_TNIL)
		return luaL_error(L, "No such '%s' method/field for object type 'NSTime'", k);
	return 1;
}

static int ns_tonumber(lua_State *L)
{
	lua_pushnumber(L, (double)check_ns(L, 1) / 1e9);
	return 1;
}

static int ns_add(lua_State *L) { push_nstime(L, check_ns(L, 1) + check_ns(L, 2)); return 1; }
static int ns_sub(lua_State *L) { push_nstime(L, check_ns(L, 1) - check_ns(L, 2)); return 1; }
static int ns_unm(lua_State *L) { push_nstime(L, -check_ns(L, 1)); return 1; }
static int ns_eq(lua_State *L) { lua_pushboolean(L, check_ns(L, 1) == check_ns(L, 2)); return 1; }
static int ns_lt(lua_State *L) { lua_pushboolean(L, check_ns(L, 1) < check_ns(L, 2)); return 1; }
static int ns_le(lua_State *L) { lua_pushboolean(L, check_ns(L, 1) <= check_ns(L, 2)); return 1; }

/* ---- Field and FieldInfo --------------------------------------------- */

struct lt_field {
	const struct field *f;
};

struct lt_fi {
	struct item it;   /* copy of the item; its value may point into the
	                     packet: valid while the packet is */
	uint64_t num;
};

/* Wireshark 4.0's enum ftenum value of a tapir field. tshark reports the
 * seconds-since-epoch times (frame.time_epoch) as relative times. */
static int ws_ftype(const struct field *f)
{
	uint8_t t = f->type;
	if (t == FT_ABSOLUTE_TIME && f->base == BASE_TIME_UNIX)
		return 25;
	static const uint8_t map[] = {
		[FT_NONE] = 0, [FT_PROTOCOL] = 1, [FT_BOOLEAN] = 2,
		[FT_UINT8] = 4, [FT_UINT16] = 5, [FT_UINT24] = 6,
		[FT_UINT32] = 7, [FT_UINT48] = 9, [FT_UINT64] = 11,
		[FT_INT8] = 12, [FT_INT16] = 13, [FT_INT32] = 15,
		[FT_INT64] = 19, [FT_FRAMENUM] = 35, [FT_FLOAT] = 22,
		[FT_DOUBLE] = 23, [FT_ABSOLUTE_TIME] = 24,
		[FT_RELATIVE_TIME] = 25, [FT_IPv4] = 32, [FT_IPv6] = 33,
		[FT_ETHER] = 29, [FT_STRING] = 26, [FT_BYTES] = 30,
		[FT_GUID] = 36,
	};
	return t < sizeof(map) ? map[t] : 0;
}

static int field_new(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	if (!lt.loading)
		return luaL_error(L, "Field.new: a Field extractor must be defined before Taps or Dissectors get called");
	struct field *f = field_lookup(name);
	if (!f)
		return luaL_error(L, "Field.new: a field with this name does not exist: %s", name);
	field_want(name);
	struct lt_field *u = lua_newuserdatauv(L, sizeof(*u), 0);
	u->f = f;
	luaL_setmetatable(L, LT_FIELD);
	return 1;
}

/* Calling a Field: one FieldInfo per occurrence in the current packet, in
 * dissection order; nothing outside a packet or when absent. */
static int field_call(lua_State *L)
{
	struct lt_field *u = luaL_checkudata(L, 1, LT_FIELD);
	struct packet *pk = lt.pk;
	if (!pk)
		return 0;
	int n = 0;
	for (const struct item *it = pk_find(pk, u->f->id, NULL); it;
	     it = pk_find(pk, u->f->id, it)) {
		luaL_checkstack(L, 2, "too many field occurrences");
		struct lt_fi *fi = lua_newuserdatauv(L, sizeof(*fi), 0);
		fi->it = *it;
		fi->num = pk->num;
		luaL_setmetatable(L, LT_FIELDINFO);
		n++;
	}
	return n;
}

static int field_index(lua_State *L)
{
	struct lt_field *u = luaL_checkudata(L, 1, LT_FIELD);
	const char *k = luaL_checkstring(L, 2);
	if (strcmp(k, "name") == 0)
		lua_pushstring(L, u->f->abbrev);
	else if (strcmp(k, "display") == 0)
		lua_pushstring(L, u->f->name);
	else if (strcmp(k, "type") == 0)
		lua_pushinteger(L, ws_ftype(u->f));
	else
		return luaL_error(L, "No such '%s' method/field for object type 'Field'", k);
	return 1;
}

static int field_tostring(lua_State *L)
{
	lua_pushstring(L, ((struct lt_field *)luaL_checkudata(L, 1, LT_FIELD))->f->abbrev);
	return 1;
}

static struct lt_fi *check_fi(lua_State *L, int i, struct packet **pk)
{
	struct lt_fi *fi = luaL_checkudata(L, i, LT_FIELDINFO);
	*pk = live_pk(L, fi->num, "FieldInfo");
	return fi;
}

/* The bytes of a bytes-like item: its value, or for a protocol node
 * recorded without one, the frame bytes it covers. */
static void item_bytes(const struct packet *pk, const struct item *it,
		       const uint8_t **p, size_t *n)
{
	*p = it->v.b.p;
	*n = it->v.b.n;
	if (it->f->type == FT_PROTOCOL && (!*p || !*n || *p == (const uint8_t *)pk->protos)) {
		struct bv v = frame_bv(pk);
		*p = bv_ptr(&v, it->off, it->len);
		*n = *p ? it->len : 0;
	}
}

/* tostring(fi) and fi.label: tshark's value string (-T fields form),
 * bytes and protocols as colon-separated hex, "(unknown)" for no value. */
static void push_fi_string(lua_State *L, const struct packet *pk,
			   const struct item *it)
{
	uint8_t t = it->f->type;
	if (t == FT_NONE) {
		lua_pushstring(L, "(unknown)");
		return;
	}
	if (t == FT_PROTOCOL || t == FT_BYTES || t == FT_GUID) {
		const uint8_t *p;
		size_t n;
		item_bytes(pk, it, &p, &n);
		luaL_Buffer b;
		luaL_buffinit(L, &b);
		add_hex(&b, p, n, false, ':', SIZE_MAX);
		luaL_pushresult(&b);
		return;
	}
	char buf[256];
	size_t n = item_value_str(it, buf, sizeof(buf));
	if (n < sizeof(buf)) {
		lua_pushlstring(L, buf, n);
		return;
	}
	luaL_Buffer b;
	char *d = luaL_buffinitsize(L, &b, n + 1);
	item_value_str(it, d, n + 1);
	luaL_pushresultsize(&b, n);
}

/* fi.display: the value as the -V line shows it. */
static void push_fi_display(lua_State *L, const struct item *it)
{
	uint8_t t = it->f->type;
	if (t == FT_NONE || t == FT_PROTOCOL) {
		lua_pushstring(L, it->f->name);
		return;
	}
	char buf[512];
	if (t == FT_ETHER && it->v.b.n == 6) {
		char name[64], plain[20];
		manuf_eth_name(it->v.b.p, name, sizeof(name));
		fmt_ether(plain, it->v.b.p);
		lua_pushfstring(L, "%s (%s)", name, plain);
		return;
	}
	size_t n = item_display_str(it, buf, sizeof(buf));
	lua_pushlstring(L, buf, n < sizeof(buf) ? n : sizeof(buf) - 1);
}

static void push_fi_value(lua_State *L, const struct packet *pk,
			  const struct item *it)
{
	struct address a = { 0 };
	switch ((enum ftype)it->f->type) {
	case FT_NONE:
		lua_pushnil(L);
		return;
	case FT_BOOLEAN:
		lua_pushboolean(L, it->v.u != 0);
		return;
	case FT_UINT8: case FT_UINT16: case FT_UINT24: case FT_UINT32:
	case FT_UINT48: case FT_UINT64: case FT_FRAMENUM:
		lua_pushinteger(L, (lua_Integer)it->v.u);
		return;
	case FT_INT8: case FT_INT16: case FT_INT32: case FT_INT64:
		lua_pushinteger(L, (lua_Integer)it->v.i);
		return;
	case FT_FLOAT: case FT_DOUBLE:
		lt_pushnum(L, it->v.d);
		return;
	case FT_ABSOLUTE_TIME: case FT_RELATIVE_TIME:
		push_nstime(L, it->v.ns);
		return;
	case FT_IPv4: a.type = AT_IPv4; break;
	case FT_IPv6: a.type = AT_IPv6; break;
	case FT_ETHER: a.type = AT_ETHER; break;
	case FT_STRING:
		lua_pushlstring(L, (const char *)it->v.b.p, it->v.b.n);
		return;
	case FT_PROTOCOL: case FT_BYTES: case FT_GUID: {
		const uint8_t *p;
		size_t n;
		item_bytes(pk, it, &p, &n);
		push_bytes(L, p, n);
		return;
	}
	}
	if (it->v.b.n != (uint32_t)addr_len(a.type) || !it->v.b.p) {
		lua_pushnil(L);
		return;
	}
	memcpy(a.a, it->v.b.p, it->v.b.n);
	lt_push_address(L, &a);
}

static void push_range(lua_State *L, uint64_t num, uint32_t off, uint32_t len);

static int fi_index(lua_State *L)
{
	struct packet *pk;
	struct lt_fi *fi = check_fi(L, 1, &pk);
	const struct item *it = &fi->it;
	const char *k = luaL_checkstring(L, 2);
	if (strcmp(k, "value") == 0)
		push_fi_value(L, pk, it);
	else if (strcmp(k, "name") == 0)
		lua_pushstring(L, it->f->abbrev);
	else if (strcmp(k, "label") == 0)
		push_fi_string(L, pk, it);
	else if (strcmp(k, "display") == 0)
		push_fi_display(L, it);
	else if (strcmp(k, "len") == 0)
		lua_pushinteger(L, it->len);
	else if (strcmp(k, "offset") == 0)
		lua_pushinteger(L, it->off);
	else if (strcmp(k, "type") == 0)
		lua_pushinteger(L, ws_ftype(it->f));
	else if (strcmp(k, "generated") == 0)
		lua_pushboolean(L, (it->flags | it->f->flags) & FF_GENERATED);
	else if (strcmp(k, "hidden") == 0)
		/* tshark -q builds an invisible tree: every item is hidden */
		lua_pushboolean(L, !pk->tree || ((it->flags | it->f->flags) & FF_HIDDEN));
	else if (strcmp(k, "is_url") == 0 || strcmp(k, "little_endian") == 0)
		lua_pushboolean(L, 0);
	else if (strcmp(k, "big_endian") == 0)
		lua_pushboolean(L, 1);
	else if (strcmp(k, "range") == 0) {
		struct bv v = frame_bv(pk);
		if (bv_has(&v, it->off, it->len))
			push_range(L, pk->num, it->off, it->len);
		else
			lua_pushnil(L);
	} else if (strcmp(k, "source") == 0)
		lt_push_tvb(L);
	else
		return luaL_error(L, "No such '%s' method/field for object type 'FieldInfo'", k);
	return 1;
}

static int fi_tostring(lua_State *L)
{
	struct packet *pk;
	struct lt_fi *fi = check_fi(L, 1, &pk);
	push_fi_string(L, pk, &fi->it);
	return 1;
}

static int fi_len(lua_State *L)
{
	struct packet *pk;
	lua_pushinteger(L, check_fi(L, 1, &pk)->it.len);
	return 1;
}

/* ---- Tvb and TvbRange ------------------------------------------------ */

struct lt_range {
	uint64_t num;
	uint32_t off, len;
};

void lt_push_tvb(lua_State *L)
{
	uint64_t *u = lua_newuserdatauv(L, sizeof(*u), 0);
	*u = lt.pk ? lt.pk->num : 0;
	luaL_setmetatable(L, LT_TVB);
}

static void push_range(lua_State *L, uint64_t num, uint32_t off, uint32_t len)
{
	struct lt_range *r = lua_newuserdatauv(L, sizeof(*r), 0);
	r->num = num;
	r->off = off;
	r->len = len;
	luaL_setmetatable(L, LT_TVBRANGE);
}

static struct packet *check_tvb(lua_State *L, int i)
{
	return live_pk(L, *(uint64_t *)luaL_checkudata(L, i, LT_TVB), "Tvb");
}

/* A sub-range [off, off+len) of [base, base+blen); len -1 = to the end.
 * Raises an error unless it lies within the captured bytes. */
static int new_subrange(lua_State *L, struct packet *pk, uint32_t base,
			uint32_t blen, int ioff)
{
	lua_Integer off = luaL_optinteger(L, ioff, 0);
	lua_Integer len = luaL_optinteger(L, ioff + 1, -1);
	if (off < 0 || (uint64_t)off > blen)
		return luaL_error(L, "Range is out of bounds");
	if (len == -1)
		len = (lua_Integer)(blen - (uint32_t)off);
	if (len < 0 || (uint64_t)len > blen - (uint64_t)off)
		return luaL_error(L, "Range is out of bounds");
	push_range(L, pk->num, base + (uint32_t)off, (uint32_t)len);
	return 1;
}

static int tvb_range(lua_State *L)
{
	struct packet *pk = check_tvb(L, 1);
	return new_subrange(L, pk, 0, pk->caplen, 2);
}

static int tvb_len(lua_State *L)
{
	lua_pushinteger(L, check_tvb(L, 1)->caplen);
	return 1;
}

static int tvb_reported_len(lua_State *L)
{
	lua_pushinteger(L, check_tvb(L, 1)->len);
	return 1;
}

static int tvb_reported_length_remaining(lua_State *L)
{
	struct packet *pk = check_tvb(L, 1);
	lua_Integer off = luaL_optinteger(L, 2, 0);
	lua_pushinteger(L, off >= 0 && off <= pk->len ? pk->len - off : -1);
	return 1;
}

static int tvb_offset(lua_State *L)
{
	check_tvb(L, 1);
	lua_pushinteger(L, 0);
	return 1;
}

static int tvb_bytes(lua_State *L)
{
	struct packet *pk = check_tvb(L, 1);
	new_subrange(L, pk, 0, pk->caplen, 2);
	struct lt_range *r = lua_touserdata(L, -1);
	struct bv v = frame_bv(pk);
	push_bytes(L, bv_ptr(&v, r->off, r->len), r->len);
	return 1;
}

/* "TVB(len) : " and the first 36 bytes in hex, as tshark prints a Tvb. */
static int tvb_tostring(lua_State *L)
{
	struct packet *pk = check_tvb(L, 1);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	lua_pushfstring(L, "TVB(%d) : ", (int)pk->caplen);
	luaL_addvalue(&b);
	add_hex(&b, pk->data, pk->caplen, false, 0, 36);
	luaL_pushresult(&b);
	return 1;
}

static struct lt_range *check_range(lua_State *L, int i, struct packet **pk,
				    const uint8_t **p)
{
	struct lt_range *r = luaL_checkudata(L, i, LT_TVBRANGE);
	*pk = live_pk(L, r->num, "TvbRange");
	struct bv v = frame_bv(*pk);
	*p = bv_ptr(&v, r->off, r->len);
	if (!*p)
		luaL_error(L, "Range is out of bounds");
	return r;
}

static int tr_range(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	return new_subrange(L, pk, r->off, r->len, 2);
}

static int tr_len(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	lua_pushinteger(L, check_range(L, 1, &pk, &p)->len);
	return 1;
}

static int tr_offset(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	lua_pushinteger(L, check_range(L, 1, &pk, &p)->off);
	return 1;
}

/* Integers of 1..max bytes, big- or little-endian, optionally signed. */
static int tr_int(lua_State *L, bool le, bool sign, uint32_t max,
		  const char *what)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	if (r->len < 1 || r->len > max)
		return luaL_error(L, "TvbRange:%s() does not handle %d byte integers",
				  what, (int)r->len);
	uint64_t v = 0;
	for (uint32_t i = 0; i < r->len; i++)
		v = v << 8 | p[le ? r->len - 1 - i : i];
	if (sign && r->len < 8 && (v >> (8 * r->len - 1)) & 1)
		v |= ~(uint64_t)0 << (8 * r->len);
	lua_pushinteger(L, (lua_Integer)v);
	return 1;
}

static int tr_uint(lua_State *L) { return tr_int(L, false, false, 4, "uint"); }
static int tr_le_uint(lua_State *L) { return tr_int(L, true, false, 4, "le_uint"); }
static int tr_uint64(lua_State *L) { return tr_int(L, false, false, 8, "uint64"); }
static int tr_le_uint64(lua_State *L) { return tr_int(L, true, false, 8, "le_uint64"); }
static int tr_sint(lua_State *L) { return tr_int(L, false, true, 4, "int"); }
static int tr_le_sint(lua_State *L) { return tr_int(L, true, true, 4, "le_int"); }
static int tr_int64(lua_State *L) { return tr_int(L, false, true, 8, "int64"); }
static int tr_le_int64(lua_State *L) { return tr_int(L, true, true, 8, "le_int64"); }

static int tr_float_any(lua_State *L, bool le)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	uint8_t b[8];
	if (r->len != 4 && r->len != 8)
		return luaL_error(L, "TvbRange:float(): a float is 4 or 8 bytes");
	for (uint32_t i = 0; i < r->len; i++) /* to host (little-endian) order */
		b[i] = p[le ? i : r->len - 1 - i];
	if (r->len == 4) {
		float f;
		memcpy(&f, b, 4);
		lua_pushnumber(L, f);
	} else {
		double d;
		memcpy(&d, b, 8);
		lua_pushnumber(L, d);
	}
	return 1;
}

static int tr_float(lua_State *L) { return tr_float_any(L, false); }
static int tr_le_float(lua_State *L) { return tr_float_any(L, true); }

static int tr_addr(lua_State *L, uint8_t type, bool le)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	int n = addr_len(type);
	if (r->len != (uint32_t)n)
		return luaL_error(L, "TvbRange: an address of this type is %d bytes", n);
	struct address a = { .type = type };
	for (int i = 0; i < n; i++)
		a.a[i] = p[le ? n - 1 - i : i];
	lt_push_address(L, &a);
	return 1;
}

static int tr_ipv4(lua_State *L) { return tr_addr(L, AT_IPv4, false); }
static int tr_le_ipv4(lua_State *L) { return tr_addr(L, AT_IPv4, true); }
static int tr_ipv6(lua_State *L) { return tr_addr(L, AT_IPv6, false); }
static int tr_ether(lua_State *L) { return tr_addr(L, AT_ETHER, false); }

static int tr_string(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	lua_pushlstring(L, (const char *)p, r->len);
	return 1;
}

static int tr_stringz(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	const uint8_t *z = memchr(p, 0, r->len);
	lua_pushlstring(L, (const char *)p, z ? (size_t)(z - p) : r->len);
	return 1;
}

static int tr_bytes(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	push_bytes(L, p, r->len);
	return 1;
}

static int tr_raw(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	lua_Integer off = luaL_optinteger(L, 2, 0), n = luaL_optinteger(L, 3, -1);
	luaL_argcheck(L, off >= 0 && (uint64_t)off <= r->len, 2, "out of bounds");
	if (n < 0 || (uint64_t)n > r->len - (uint64_t)off)
		n = (lua_Integer)(r->len - (uint32_t)off);
	lua_pushlstring(L, (const char *)p + off, (size_t)n);
	return 1;
}

/* bitfield(position = 0, length = 1): bits counted from the first byte's
 * most significant bit; at most 64. */
static int tr_bitfield(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	lua_Integer pos = luaL_optinteger(L, 2, 0), len = luaL_optinteger(L, 3, 1);
	if (pos < 0 || len < 1 || len > 64 || (uint64_t)(pos + len) > 8ull * r->len)
		return luaL_error(L, "TvbRange:bitfield(): bits out of range");
	uint64_t v = 0;
	for (lua_Integer i = pos; i < pos + len; i++)
		v = v << 1 | ((p[i / 8] >> (7 - i % 8)) & 1);
	lua_pushinteger(L, (lua_Integer)v);
	return 1;
}

static int tr_tvb(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	check_range(L, 1, &pk, &p);
	lt_push_tvb(L);
	return 1;
}

static int tr_tostring(lua_State *L)
{
	struct packet *pk;
	const uint8_t *p;
	struct lt_range *r = check_range(L, 1, &pk, &p);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	add_hex(&b, p, r->len, false, 0, 36);
	luaL_pushresult(&b);
	return 1;
}

/* ---- Pinfo and Columns ----------------------------------------------- */

struct lt_col {
	uint64_t num;
	char name[32];
};

void lt_push_pinfo(lua_State *L)
{
	uint64_t *u = lua_newuserdatauv(L, sizeof(*u), 0);
	*u = lt.pk ? lt.pk->num : 0;
	luaL_setmetatable(L, LT_PINFO);
}

/* Wireshark's port_type numbering (PT_SCTP 1, PT_TCP 2, PT_UDP 3). */
static int port_type(const struct packet *pk)
{
	if (!pk->srcport && !pk->dstport)
		return 0;
	switch (pk->ipproto) {
	case 6: return 2;
	case 17: return 3;
	case 132: return 1;
	default: return 0;
	}
}

static int pinfo_index(lua_State *L)
{
	struct packet *pk = live_pk(L, *(uint64_t *)luaL_checkudata(L, 1, LT_PINFO), "Pinfo");
	const char *k = luaL_checkstring(L, 2);
	switch (k[0]) {
	case 'a':
		if (strcmp(k, "abs_ts") == 0)
			return lt_pushnum(L, (double)pk->ts / 1e9), 1;
		break;
	case 'c':
		if (strcmp(k, "caplen") == 0)
			return lua_pushinteger(L, pk->caplen), 1;
		if (strcmp(k, "cols") == 0 || strcmp(k, "columns") == 0) {
			uint64_t *u = lua_newuserdatauv(L, sizeof(*u), 0);
			*u = pk->num;
			luaL_setmetatable(L, LT_COLUMNS);
			return 1;
		}
		if (strcmp(k, "curr_proto") == 0)
			/* no protocol is current once dissection ended */
			return lua_pushstring(L, "<Missing Protocol Name>"), 1;
		if (strcmp(k, "can_desegment") == 0)
			return lua_pushinteger(L, 0), 1;
		break;
	case 'd':
		if (strcmp(k, "delta_ts") == 0)
			return lt_pushnum(L, (double)(pk->ts - pk->ts_prev_cap) / 1e9), 1;
		if (strcmp(k, "delta_dis_ts") == 0)
			return lt_pushnum(L, (double)(pk->ts - pk->ts_prev_disp) / 1e9), 1;
		if (strcmp(k, "dst") == 0)
			return lt_push_address(L, pk->net_dst.type ? &pk->net_dst : &pk->dl_dst), 1;
		if (strcmp(k, "dl_src") == 0)
			return lt_push_address(L, &pk->dl_src), 1;
		if (strcmp(k, "dl_dst") == 0)
			return lt_push_address(L, &pk->dl_dst), 1;
		if (strcmp(k, "dst_port") == 0)
			return lua_pushinteger(L, pk->dstport), 1;
		if (strcmp(k, "desegment_len") == 0 || strcmp(k, "desegment_offset") == 0)
			return lua_pushinteger(L, 0), 1;
		break;
	case 'f':
		if (strcmp(k, "fragmented") == 0)
			return lua_pushboolean(L, 0), 1;
		break;
	case 'i':
		if (strcmp(k, "in_error_pkt") == 0)
			return lua_pushboolean(L, pk->in_error), 1;
		break;
	case 'l':
		if (strcmp(k, "len") == 0)
			return lua_pushinteger(L, pk->len), 1;
		break;
	case 'm':
		if (strcmp(k, "match") == 0 || strcmp(k, "match_uint") == 0)
			return lua_pushinteger(L, 0), 1;
		if (strcmp(k, "match_string") == 0)
			return lua_pushnil(L), 1;
		break;
	case 'n':
		if (strcmp(k, "number") == 0)
			return lua_pushinteger(L, (lua_Integer)pk->num), 1;
		if (strcmp(k, "net_src") == 0)
			return lt_push_address(L, &pk->net_src), 1;
		if (strcmp(k, "net_dst") == 0)
			return lt_push_address(L, &pk->net_dst), 1;
		break;
	case 'p':
		if (strcmp(k, "port_type") == 0)
			return lua_pushinteger(L, port_type(pk)), 1;
		if (strcmp(k, "p2p_dir") == 0)
			return lua_pushinteger(L, -1), 1;
		break;
	case 'r':
		if (strcmp(k, "rel_ts") == 0)
			return lt_pushnum(L, (double)(pk->ts - pk->ts_first) / 1e9), 1;
		break;
	case 's':
		if (strcmp(k, "src") == 0)
			return lt_push_address(L, pk->net_src.type ? &pk->net_src : &pk->dl_src), 1;
		if (strcmp(k, "src_port") == 0)
			return lua_pushinteger(L, pk->srcport), 1;
		break;
	case 'v':
		/* tshark 4.0 reports true in a one-pass -q run as well */
		if (strcmp(k, "visited") == 0)
			return lua_pushboolean(L, 1), 1;
		break;
	}
	return luaL_error(L, "No such '%s' method/field for object type 'Pinfo'", k);
}

static int pinfo_newindex(lua_State *L)
{
	return luaL_error(L, "Pinfo: tapir's taps see the packet read-only");
}

static int pinfo_tostring(lua_State *L)
{
	lua_pushstring(L, "a Pinfo");
	return 1;
}

static int columns_index(lua_State *L)
{
	uint64_t num = *(uint64_t *)luaL_checkudata(L, 1, LT_COLUMNS);
	const char *k = luaL_checkstring(L, 2);
	struct lt_col *c = lua_newuserdatauv(L, sizeof(*c), 0);
	c->num = num;
	snprintf(c->name, sizeof(c->name), "%s", k);
	luaL_setmetatable(L, LT_COLUMN);
	return 1;
}

/* Writes to columns (cols.info = "...") are accepted and ignored: the
 * columns were formatted before the taps ran. */
static int columns_newindex(lua_State *L) { return 0; }

static int columns_tostring(lua_State *L)
{
	lua_pushstring(L, "Columns");
	return 1;
}

/* A column's text when tapir filled the columns (not with -q), else
 * "(name)" as tshark -q, which fills no columns, prints. */
static int column_tostring(lua_State *L)
{
	struct lt_col *c = luaL_checkudata(L, 1, LT_COLUMN);
	struct packet *pk = live_pk(L, c->num, "Column");
	if (pk->cols && strcmp(c->name, "protocol") == 0 && pk->col_proto)
		lua_pushstring(L, pk->col_proto);
	else if (pk->cols && strcmp(c->name, "info") == 0)
		lua_pushlstring(L, pk->info, pk->info_len);
	else
		lua_pushfstring(L, "(%s)", c->name);
	return 1;
}

static int column_noop(lua_State *L) { return 0; }

/* ---- tapinfo tables -------------------------------------------------- */

enum lt_tapkind lt_tapkind_of(const char *tap)
{
	static const struct { const char *n; enum lt_tapkind k; } kinds[] = {
		{ "eth", LT_TAP_ETH }, { "ip", LT_TAP_IP }, { "tcp", LT_TAP_TCP },
		{ "udp", LT_TAP_UDP }, { "http", LT_TAP_HTTP },
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(tap, kinds[i].n) == 0)
			return kinds[i].k;
	return LT_TAP_NONE;
}

static void set_int(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

static void set_bool(lua_State *L, const char *k, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

static void set_str(lua_State *L, const char *k, const char *v)
{
	if (!v)
		return;
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

static void set_addr(lua_State *L, const char *k, uint8_t type, const uint8_t *p)
{
	struct address a = { .type = type };
	memcpy(a.a, p, (size_t)addr_len(type));
	lt_push_address(L, &a);
	lua_setfield(L, -2, k);
}

static void set_taddr(lua_State *L, const char *k, const struct address *a)
{
	lt_push_address(L, a);
	lua_setfield(L, -2, k);
}

/* Field names are those of Wireshark's tap extractors (the C struct's
 * members: eth_hdr, ws_ip4, tcpheader, e_udphdr, http_info_value_t). */
void lt_push_tapinfo(lua_State *L, enum lt_tapkind kind, const void *data)
{
	if (!data || kind == LT_TAP_NONE) {
		lua_pushnil(L);
		return;
	}
	lua_createtable(L, 0, 16);
	switch (kind) {
	case LT_TAP_ETH: {
		const struct eth_tap_info *e = data;
		set_addr(L, "dst", AT_ETHER, e->dst);
		set_addr(L, "src", AT_ETHER, e->src);
		set_int(L, "type", e->type);
		break;
	}
	case LT_TAP_IP: {
		const struct ip4_info *ip = data;
		set_int(L, "ip_ver", ip->version);
		set_int(L, "ip_tos", ip->dsfield);
		set_int(L, "ip_len", ip->len);
		set_int(L, "ip_id", ip->id);
		/* the raw flags + fragment offset word */
		set_int(L, "ip_off", (ip->flags << 13) | (ip->frag_off / 8));
		set_int(L, "ip_ttl", ip->ttl);
		set_int(L, "ip_proto", ip->proto);
		set_int(L, "ip_sum", ip->checksum);
		set_addr(L, "ip_src", AT_IPv4, ip->src);
		set_addr(L, "ip_dst", AT_IPv4, ip->dst);
		break;
	}
	case LT_TAP_TCP: {
		const struct transport_tap_info *tt = data;
		const struct tcp_info *ti = tt->info;
		set_taddr(L, "ip_src", &tt->src);
		set_taddr(L, "ip_dst", &tt->dst);
		set_int(L, "th_sport", tt->sport);
		set_int(L, "th_dport", tt->dport);
		set_int(L, "th_stream", tt->stream);
		if (!ti)
			break;
		set_int(L, "th_seq", ti->seq);
		set_int(L, "th_ack", ti->ack);
		set_int(L, "th_rawseq", ti->seq_raw);
		set_int(L, "th_rawack", ti->ack_raw);
		set_int(L, "th_flags", ti->flags & TH_MASK);
		set_int(L, "th_win", ti->win);
		set_int(L, "th_hlen", ti->hdr_len);
		set_bool(L, "th_have_seglen", ti->have_seglen);
		set_int(L, "th_seglen", ti->seglen);
		set_bool(L, "th_use_ace", false);
		set_int(L, "num_sack_ranges", ti->nsack);
		break;
	}
	case LT_TAP_UDP: {
		const struct transport_tap_info *tt = data;
		const struct udp_info *u = tt->info;
		set_taddr(L, "ip_src", &tt->src);
		set_taddr(L, "ip_dst", &tt->dst);
		set_int(L, "uh_sport", tt->sport);
		set_int(L, "uh_dport", tt->dport);
		if (!u)
			break;
		set_int(L, "uh_ulen", u->length);
		set_int(L, "uh_sum", u->checksum);
		/* checksum coverage: the whole datagram (no UDP-Lite) */
		set_int(L, "uh_sum_cov", u->length);
		set_int(L, "uh_stream", u->stream);
		break;
	}
	case LT_TAP_HTTP: {
		const struct http_tap_info *h = data;
		set_int(L, "framenum", lt.pk ? (lua_Integer)lt.pk->num : 0);
		set_str(L, "request_method", h->request_method);
		set_str(L, "request_uri", h->request_uri);
		set_str(L, "http_host", h->http_host);
		set_int(L, "response_code", h->response_code);
		if (h->request_uri && h->http_host) {
			lua_pushfstring(L, "http://%s%s", h->http_host, h->request_uri);
			lua_setfield(L, -2, "full_uri");
		}
		break;
	}
	case LT_TAP_NONE:
		break;
	}
}

/* ---- registration ---------------------------------------------------- */

/* Class(...) calls Class.new(...) (upvalue 1) without the class table. */
static int ctor_call(lua_State *L)
{
	lua_CFunction f = lua_tocfunction(L, lua_upvalueindex(1));
	lua_remove(L, 1);
	return f(L);
}

static void set_ctor(lua_State *L, const char *global, lua_CFunction new_fn,
		     const luaL_Reg *extra)
{
	lua_newtable(L);
	lua_pushcfunction(L, new_fn);
	lua_setfield(L, -2, "new");
	if (extra)
		luaL_setfuncs(L, extra, 0);
	/* Class(...) is Class.new(...) */
	lua_newtable(L);
	lua_pushcfunction(L, new_fn);
	lua_pushcclosure(L, ctor_call, 1);
	lua_setfield(L, -2, "__call");
	lua_setmetatable(L, -2);
	lua_setglobal(L, global);
}

void lt_open_objects(lua_State *L)
{
	static const luaL_Reg ba_meta[] = {
		{ "__tostring", ba_tostring }, { "__len", ba_len },
		{ "__eq", ba_eq }, { "__concat", ba_concat },
		{ "len", ba_len }, { "tohex", ba_tohex },
		{ "get_index", ba_get_index }, { "subset", ba_subset },
		{ "raw", ba_raw }, { NULL, NULL },
	};
	static const luaL_Reg addr_meta[] = {
		{ "__tostring", addr_tostring }, { "__eq", addr_eq },
		{ "__lt", addr_lt }, { "__le", addr_le }, { NULL, NULL },
	};
	static const luaL_Reg ns_meta[] = {
		{ "__tostring", ns_tostring }, { "__index", ns_index },
		{ "__add", ns_add }, { "__sub", ns_sub }, { "__unm", ns_unm },
		{ "__eq", ns_eq }, { "__lt", ns_lt }, { "__le", ns_le },
		{ "tonumber", ns_tonumber }, { NULL, NULL },
	};
	static const luaL_Reg field_meta[] = {
		{ "__call", field_call }, { "__index", field_index },
		{ "__tostring", field_tostring }, { NULL, NULL },
	};
	static const luaL_Reg fi_meta[] = {
		{ "__index", fi_index }, { "__tostring", fi_tostring },
		{ "__len", fi_len }, { NULL, NULL },
	};
	static const luaL_Reg tvb_meta[] = {
		{ "__call", tvb_range }, { "__tostring", tvb_tostring },
		{ "range", tvb_range }, { "len", tvb_len },
		{ "captured_len", tvb_len }, { "reported_len", tvb_reported_len },
		{ "reported_length_remaining", tvb_reported_length_remaining },
		{ "offset", tvb_offset }, { "bytes", tvb_bytes }, { NULL, NULL },
	};
	static const luaL_Reg tr_meta[] = {
		{ "__call", tr_range }, { "__tostring", tr_tostring },
		{ "range", tr_range }, { "len", tr_len }, { "offset", tr_offset },
		{ "uint", tr_uint }, { "le_uint", tr_le_uint },
		{ "uint64", tr_uint64 }, { "le_uint64", tr_le_uint64 },
		{ "int", tr_sint }, { "le_int", tr_le_sint },
		{ "int64", tr_int64 }, { "le_int64", tr_le_int64 },
		{ "float", tr_float }, { "le_float", tr_le_float },
		{ "ipv4", tr_ipv4 }, { "le_ipv4", tr_le_ipv4 },
		{ "ipv6", tr_ipv6 }, { "ether", tr_ether },
		{ "string", tr_string }, { "stringz", tr_stringz },
		{ "bytes", tr_bytes }, { "raw", tr_raw },
		{ "bitfield", tr_bitfield }, { "tvb", tr_tvb }, { NULL, NULL },
	};
	static const luaL_Reg pinfo_meta[] = {
		{ "__index", pinfo_index }, { "__newindex", pinfo_newindex },
		{ "__tostring", pinfo_tostring }, { NULL, NULL },
	};
	static const luaL_Reg columns_meta[] = {
		{ "__index", columns_index }, { "__newindex", columns_newindex },
		{ "__tostring", columns_tostring }, { NULL, NULL },
	};
	static const luaL_Reg column_meta[] = {
		{ "__tostring", column_tostring }, { "clear", column_noop },
		{ "set", column_noop }, { "append", column_noop },
		{ "prepend", column_noop }, { "fence", column_noop },
		{ "clear_fence", column_noop }, { NULL, NULL },
	};
	new_class(L, LT_BYTEARRAY, ba_meta);
	new_class(L, LT_ADDRESS, addr_meta);
	new_class(L, LT_NSTIME, ns_meta);
	new_class(L, LT_FIELD, field_meta);
	new_class(L, LT_FIELDINFO, fi_meta);
	new_class(L, LT_TVB, tvb_meta);
	new_class(L, LT_TVBRANGE, tr_meta);
	new_class(L, LT_PINFO, pinfo_meta);
	new_class(L, LT_COLUMNS, columns_meta);
	new_class(L, LT_COLUMN, column_meta);

	set_ctor(L, "Field", field_new, NULL);
	set_ctor(L, "ByteArray", ba_new, NULL);
	set_ctor(L, "NSTime", ns_new, NULL);
	static const luaL_Reg addr_ctors[] = {
		{ "ip", addr_ip }, { "ipv4", addr_ip }, { "ipv6", addr_ipv6 },
		{ NULL, NULL },
	};
	lua_newtable(L);
	luaL_setfuncs(L, addr_ctors, 0);
	lua_setglobal(L, "Address");
}
