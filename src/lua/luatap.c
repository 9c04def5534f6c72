/* luatap.c — the Lua state behind `-X lua_script:FILE`: loading scripts,
 * tshark's Lua globals (print, debug/info/message/warn/critical, bit,
 * bit32, get_version, ...) and Listener (Wireshark's wslua_listener.c
 * interface: Listener.new(tap, filter, allfields) with packet/draw/reset
 * callbacks). Dissector API (Proto, register_postdissector, ...) is refused
 * with one clear error. */
#include "luatap.h"
#include "luatap_int.h"
#include "../core/alloc.h"
#include "../engine/field.h"
#include "../engine/tap.h"
#include "../filter/dfilter.h"

#include <lualib.h>

#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

struct lt_ctx lt;

#define LT_LISTENER "tapir.Listener"
#define MAX_SCRIPTS 16
#define MAX_SCRIPT_ARGS 16

/* One Listener.new(). Owned by the tap registry once attached (freed by
 * tap_remove_all through lt_listener_free). */
struct lt_listener {
	int ref;                 /* registry ref of the Listener userdata */
	struct dfilter *df;      /* the listener's filter, or NULL */
	const char *proto;       /* emulated tap (see listener_new): the
	                            protocol that must be in the packet */
	struct dfilter *when;    /* emulated tap: its messages, or NULL */
	enum lt_tapkind kind;    /* which tapinfo table packet() gets */
	bool dead;               /* removed, or a callback raised an error */
	struct lt_listener *next; /* every listener, in creation order */
};

static struct lt_listener *all_listeners, **all_tail = &all_listeners;
static struct outbuf *lt_out;   /* tapir's stdout buffer (luatap_start) */
static bool lt_failed;          /* a callback raised an error */

/* ---- calls into Lua -------------------------------------------------- */

/* Keeps the order of tapir's buffered output and the script's stdio
 * output: tapir's buffer goes out before Lua runs, Lua's after. */
static void call_enter(void)
{
	if (lt_out && lt_out->len)
		ob_flush(lt_out);
}

static void call_leave(void)
{
	if (__fpending(stdout))
		fflush(stdout);
}

/* The message of the error object on top of the stack. */
static const char *err_msg(lua_State *L)
{
	const char *m = lua_tostring(L, -1);
	if (!m)
		m = lua_pushfstring(L, "(error object is a %s value)",
				    luaL_typename(L, -1));
	return m;
}

/* Pushes listener li's callback `name` (packet, draw, reset); returns false
 * (nothing pushed) when it has none. */
static bool push_callback(lua_State *L, struct lt_listener *li,
			  const char *name)
{
	lua_rawgeti(L, LUA_REGISTRYINDEX, li->ref);
	lua_getiuservalue(L, -1, 1);
	lua_getfield(L, -1, name);
	lua_replace(L, -3);
	lua_pop(L, 1);
	if (lua_isfunction(L, -1))
		return true;
	lua_pop(L, 1);
	return false;
}

/* Runs the function on the stack with nargs arguments; on error reports it
 * once, disables the listener and remembers the failure. */
static void run_callback(lua_State *L, struct lt_listener *li, int nargs,
			 const char *name, uint64_t frame)
{
	call_enter();
	int r = lua_pcall(L, nargs, 0, 0);
	call_leave();
	if (r == LUA_OK)
		return;
	/* tshark reports every failing call and goes on calling; tapir
	 * reports the first and stops calling that listener. */
	if (frame)
		fprintf(stderr, "tapir: lua: frame %llu: %s (in listener.%s; listener disabled)\n",
			(unsigned long long)frame, err_msg(L), name);
	else
		fprintf(stderr, "tapir: lua: %s (in listener.%s; listener disabled)\n",
			err_msg(L), name);
	lua_pop(L, 1);
	li->dead = true;
	lt_failed = true;
}

/* Number of declared parameters of the function on top of the stack
 * (vararg functions count as wanting everything). */
static int nparams(lua_State *L)
{
	lua_Debug ar;
	lua_pushvalue(L, -1);
	if (!lua_getinfo(L, ">u", &ar))
		return 3;
	return ar.isvararg ? 3 : ar.nparams;
}

/* ---- tap registry callbacks ------------------------------------------ */

static bool has_layer(const struct packet *pk, const char *proto)
{
	for (unsigned i = 0; i < pk->nlayers; i++)
		if (strcmp(pk->layers[i], proto) == 0)
			return true;
	return false;
}

static bool lt_match(void *ctx, struct packet *pk)
{
	struct lt_listener *li = ctx;
	if (li->dead)
		return false;
	if (li->proto && !has_layer(pk, li->proto))
		return false;
	if (li->when && !dfilter_apply(li->when, pk))
		return false;
	return !li->df || dfilter_apply(li->df, pk);
}

static bool lt_packet(void *user, struct packet *pk, const void *data)
{
	struct lt_listener *li = user;
	lua_State *L = lt.L;
	if (li->dead || !L || !push_callback(L, li, "packet"))
		return false;
	/* The tapinfo table costs a table per call: built only for a
	 * function that takes a third parameter. */
	int np = nparams(L);
	lt.pk = pk;
	lt_push_pinfo(L);
	lt_push_tvb(L);
	if (np >= 3)
		lt_push_tapinfo(L, li->kind, data);
	else
		lua_pushnil(L);
	run_callback(L, li, 3, "packet", pk->num);
	lt.pk = NULL;
	return true;
}

static void lt_draw(void *user, struct outbuf *o)
{
	struct lt_listener *li = user;
	lua_State *L = lt.L;
	if (li->dead || !L || !push_callback(L, li, "draw"))
		return;
	run_callback(L, li, 0, "draw", 0);
}

static void lt_listener_free(void *user)
{
	struct lt_listener *li = user;
	dfilter_free(li->df);
	dfilter_free(li->when);
	li->df = li->when = NULL;
	/* the struct itself stays on all_listeners until luatap_finish */
}

/* ---- Listener -------------------------------------------------------- */

/* Taps a tapir dissector queues (lt_tapkind_of says which have a tapinfo
 * table). */
static const char *const native_taps[] = {
	"frame", "eth", "ip", "tcp", "udp", "http", "expert", "tcp_follow",
	"udp_follow", NULL,
};
/* Taps tshark 4.0 has for protocols tapir dissects but queues no tap for:
 * emulated on the "frame" tap, once per packet holding that protocol (and
 * passing `when`, for taps tshark queues only for some messages), with
 * tapinfo nil. Any other name is "not found", as in tshark. */
static const struct { const char *tap, *when; } emulated_taps[] = {
	{ "ipv6", NULL }, { "dns", NULL }, { "tls", NULL },
	/* the ICMP taps carry echo request/reply pairs (-z icmp,srt) */
	{ "icmp", "icmp.type == 0 || icmp.type == 8" },
	{ "icmpv6", "icmpv6.type == 128 || icmpv6.type == 129" },
	{ "sctp", NULL }, { "dhcp", NULL }, { "gtp", NULL },
	{ "teredo", NULL }, { "sll", NULL }, { NULL, NULL },
};

static struct lt_listener *check_listener(lua_State *L, int idx)
{
	struct lt_listener **p = luaL_checkudata(L, idx, LT_LISTENER);
	return *p;
}

static int listener_new(lua_State *L)
{
	const char *tap = luaL_optstring(L, 1, "frame");
	const char *filter = luaL_optstring(L, 2, NULL);
	bool allfields = lua_toboolean(L, 3);
	const char *attach = NULL, *proto = NULL;
	for (int i = 0; native_taps[i]; i++)
		if (strcmp(tap, native_taps[i]) == 0)
			attach = tap;
	const char *when = NULL;
	for (int i = 0; !attach && emulated_taps[i].tap; i++) {
		if (strcmp(tap, emulated_taps[i].tap) == 0) {
			attach = "frame";
			proto = emulated_taps[i].tap;
			when = emulated_taps[i].when;
		}
	}
	if (!attach)
		return luaL_error(L, "Listener.new: tap \"%s\" not found", tap);
	struct dfilter *df = NULL;
	if (filter && *filter) {
		char err[256];
		int pos;
		df = dfilter_compile(filter, err, sizeof(err), &pos);
		if (!df)
			return luaL_error(L, "Listener.new: filter \"%s\" is invalid: %s",
					  filter, err);
	}
	struct dfilter *wdf = NULL;
	if (when) {
		wdf = dfilter_compile(when, NULL, 0, NULL);
		if (!wdf) {
			dfilter_free(df);
			return luaL_error(L, "Listener.new: tap \"%s\" is not available", tap);
		}
	}
	/* allfields: tshark builds the whole tree for such a listener, so
	 * every field can be extracted. */
	if (allfields)
		field_want_all();
	struct lt_listener *li = xcalloc(1, sizeof(*li));
	li->df = df;
	li->when = wdf;
	li->proto = proto;
	li->kind = lt_tapkind_of(attach);
	struct lt_listener **ud = lua_newuserdatauv(L, sizeof(*ud), 1);
	*ud = li;
	luaL_setmetatable(L, LT_LISTENER);
	lua_newtable(L);
	lua_setiuservalue(L, -2, 1);
	lua_pushvalue(L, -1);
	li->ref = luaL_ref(L, LUA_REGISTRYINDEX);
	struct tap_listener *tl = tap_listener_add(
		attach, allfields ? TL_REQUIRES_TREE : 0, lt_match, li,
		lt_packet, lt_draw, NULL, li);
	tap_listener_set_free(tl, lt_listener_free);
	*all_tail = li;
	all_tail = &li->next;
	return 1;
}

static int listener_remove(lua_State *L)
{
	check_listener(L, 1)->dead = true;
	return 0;
}

static int listener_index(lua_State *L)
{
	check_listener(L, 1);
	const char *k = luaL_checkstring(L, 2);
	if (strcmp(k, "remove") == 0) {
		lua_pushcfunction(L, listener_remove);
		return 1;
	}
	if (strcmp(k, "packet") && strcmp(k, "draw") && strcmp(k, "reset"))
		return luaL_error(L, "No such '%s' method/field for object type 'Listener'", k);
	lua_getiuservalue(L, 1, 1);
	lua_getfield(L, -1, k);
	return 1;
}

static int listener_newindex(lua_State *L)
{
	check_listener(L, 1);
	const char *k = luaL_checkstring(L, 2);
	if (strcmp(k, "packet") && strcmp(k, "draw") && strcmp(k, "reset"))
		return luaL_error(L, "No such '%s' field for object type 'Listener'", k);
	if (!lua_isnil(L, 3))
		luaL_checktype(L, 3, LUA_TFUNCTION);
	lua_getiuservalue(L, 1, 1);
	lua_pushvalue(L, 3);
	lua_setfield(L, -2, k);
	return 0;
}

static int listener_tostring(lua_State *L)
{
	check_listener(L, 1);
	lua_pushstring(L, "Listener");
	return 1;
}

/* Listener.list(): the tap names a script can listen to. */
static int listener_list(lua_State *L)
{
	lua_newtable(L);
	int n = 0;
	for (int i = 0; native_taps[i]; i++) {
		lua_pushstring(L, native_taps[i]);
		lua_rawseti(L, -2, ++n);
	}
	for (int i = 0; emulated_taps[i].tap; i++) {
		lua_pushstring(L, emulated_taps[i].tap);
		lua_rawseti(L, -2, ++n);
	}
	return 1;
}

static void open_listener(lua_State *L)
{
	static const luaL_Reg meta[] = {
		{ "__index", listener_index },
		{ "__newindex", listener_newindex },
		{ "__tostring", listener_tostring },
		{ NULL, NULL },
	};
	luaL_newmetatable(L, LT_LISTENER);
	luaL_setfuncs(L, meta, 0);
	lua_pop(L, 1);
	lua_newtable(L);
	lua_pushcfunction(L, listener_new);
	lua_setfield(L, -2, "new");
	lua_pushcfunction(L, listener_list);
	lua_setfield(L, -2, "list");
	lua_setglobal(L, "Listener");
}

/* ---- globals --------------------------------------------------------- */

/* print(...): tab-separated, to stdout (C stdio; see call_enter). */
static int g_print(lua_State *L)
{
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *s = luaL_tolstring(L, i, &len);
		if (i > 1)
			fputc('\t', stdout);
		fwrite(s, 1, len, stdout);
		lua_pop(L, 1);
	}
	fputc('\n', stdout);
	return 0;
}

/* Log functions: tshark's default log level shows message, warn and
 * critical on stderr and drops debug and info. */
static int g_log(lua_State *L)
{
	const char *level = lua_tostring(L, lua_upvalueindex(1));
	if (!level)
		return 0;
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	int n = lua_gettop(L);
	for (int i = 1; i <= n; i++) {
		luaL_tolstring(L, i, NULL);
		luaL_addvalue(&b);
	}
	luaL_pushresult(&b);
	call_enter();
	fflush(stdout);
	fprintf(stderr, "tapir: lua: %s: %s\n", level, lua_tostring(L, -1));
	return 0;
}

/* The Wireshark release whose Lua tap API tapir implements (scripts
 * compare it to decide which API they may use). */
static int g_get_version(lua_State *L)
{
	lua_pushstring(L, "4.0.0");
	return 1;
}

static int g_nothing(lua_State *L) { return 0; }

static int g_false(lua_State *L)
{
	lua_pushboolean(L, 0);
	return 1;
}

/* Anything of the dissector API: calling or indexing it is an error. */
static int g_unsupported(lua_State *L)
{
	return luaL_error(L, "%s: tapir supports the Lua tap API (Listener, Field) only",
			  lua_tostring(L, lua_upvalueindex(1)));
}

static void set_unsupported(lua_State *L, const char *name)
{
	lua_newtable(L);
	lua_newtable(L);
	lua_pushstring(L, name);
	lua_pushcclosure(L, g_unsupported, 1);
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, "__call");
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_setglobal(L, name);
}

/* bit (LuaBitOp, what Wireshark ships) works on signed 32-bit values;
 * bit32 (Lua 5.2's library) on unsigned ones. Both are rebuilt over
 * Lua 5.4's integers. */
static uint32_t tobit(lua_State *L, int i)
{
	lua_Number n = luaL_checknumber(L, i);
	lua_Integer v;
	if (!lua_numbertointeger(n, &v))
		v = (lua_Integer)n;
	return (uint32_t)v;
}

enum bitop { B_AND, B_OR, B_XOR, B_NOT, B_SHL, B_SHR, B_SAR, B_ROL, B_ROR,
	     B_TOBIT, B_BSWAP, B_BTEST };

static int bit_op(lua_State *L)
{
	int op = (int)lua_tointeger(L, lua_upvalueindex(1));
	bool is32 = lua_toboolean(L, lua_upvalueindex(2));
	uint32_t a = tobit(L, 1), r = a;
	int n = lua_gettop(L);
	unsigned s;
	switch (op) {
	case B_AND: for (int i = 2; i <= n; i++) r &= tobit(L, i); break;
	case B_OR: for (int i = 2; i <= n; i++) r |= tobit(L, i); break;
	case B_XOR: for (int i = 2; i <= n; i++) r ^= tobit(L, i); break;
	case B_BTEST:
		for (int i = 2; i <= n; i++) r &= tobit(L, i);
		lua_pushboolean(L, r != 0);
		return 1;
	case B_NOT: r = ~a; break;
	case B_SHL: s = tobit(L, 2); r = is32 && s > 31 ? 0 : a << (s & 31); break;
	case B_SHR: s = tobit(L, 2); r = is32 && s > 31 ? 0 : a >> (s & 31); break;
	case B_SAR:
		s = tobit(L, 2);
		if (is32 && s > 31)
			s = 31;
		r = (uint32_t)((int32_t)a >> (s & 31));
		break;
	case B_ROL: s = tobit(L, 2) & 31; r = s ? a << s | a >> (32 - s) : a; break;
	case B_ROR: s = tobit(L, 2) & 31; r = s ? a >> s | a << (32 - s) : a; break;
	case B_BSWAP: r = __builtin_bswap32(a); break;
	default: break;
	}
	if (is32)
		lua_pushinteger(L, (lua_Integer)r);
	else
		lua_pushinteger(L, (lua_Integer)(int32_t)r);
	return 1;
}

static int bit_tohex(lua_State *L)
{
	uint32_t a = tobit(L, 1);
	lua_Integer n = luaL_optinteger(L, 2, 8);
	const char *digits = "0123456789abcdef";
	if (n < 0) {
		n = -n;
		digits = "0123456789ABCDEF";
	}
	if (n > 8)
		n = 8;
	char buf[9];
	for (int i = (int)n - 1; i >= 0; i--, a >>= 4)
		buf[i] = digits[a & 15];
	lua_pushlstring(L, buf, (size_t)n);
	return 1;
}

static int bit32_extract(lua_State *L)
{
	uint32_t a = tobit(L, 1);
	lua_Integer f = luaL_checkinteger(L, 2), w = luaL_optinteger(L, 3, 1);
	luaL_argcheck(L, f >= 0 && w > 0 && f + w <= 32, 2, "trying to access non-existent bits");
	uint32_t m = w == 32 ? 0xffffffffu : ((1u << w) - 1);
	lua_pushinteger(L, (lua_Integer)((a >> f) & m));
	return 1;
}

static int bit32_replace(lua_State *L)
{
	uint32_t a = tobit(L, 1), v = tobit(L, 2);
	lua_Integer f = luaL_checkinteger(L, 3), w = luaL_optinteger(L, 4, 1);
	luaL_argcheck(L, f >= 0 && w > 0 && f + w <= 32, 3, "trying to access non-existent bits");
	uint32_t m = w == 32 ? 0xffffffffu : ((1u << w) - 1);
	lua_pushinteger(L, (lua_Integer)((a & ~(m << f)) | ((v & m) << f)));
	return 1;
}

static void open_bit(lua_State *L, const char *name, bool is32)
{
	static const struct { const char *n32, *nbit; int op; } ops[] = {
		{ "band", "band", B_AND }, { "bor", "bor", B_OR },
		{ "bxor", "bxor", B_XOR }, { "bnot", "bnot", B_NOT },
		{ "lshift", "lshift", B_SHL }, { "rshift", "rshift", B_SHR },
		{ "arshift", "arshift", B_SAR }, { "lrotate", "rol", B_ROL },
		{ "rrotate", "ror", B_ROR }, { NULL, "tobit", B_TOBIT },
		{ NULL, "bswap", B_BSWAP }, { "btest", NULL, B_BTEST },
	};
	lua_newtable(L);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const char *n = is32 ? ops[i].n32 : ops[i].nbit;
		if (!n)
			continue;
		lua_pushinteger(L, ops[i].op);
		lua_pushboolean(L, is32);
		lua_pushcclosure(L, bit_op, 2);
		lua_setfield(L, -2, n);
	}
	if (is32) {
		lua_pushcfunction(L, bit32_extract);
		lua_setfield(L, -2, "extract");
		lua_pushcfunction(L, bit32_replace);
		lua_setfield(L, -2, "replace");
	} else {
		lua_pushcfunction(L, bit_tohex);
		lua_setfield(L, -2, "tohex");
	}
	lua_setglobal(L, name);
}

/* Wireshark's ftypes and base tables (epan/ftypes/ftypes.h and
 * proto.h numbering of 4.0). */
static void open_enums(lua_State *L)
{
	static const char *const ft[] = {
		"NONE", "PROTOCOL", "BOOLEAN", "CHAR", "UINT8", "UINT16",
		"UINT24", "UINT32", "UINT40", "UINT48", "UINT56", "UINT64",
		"INT8", "INT16", "INT24", "INT32", "INT40", "INT48", "INT56",
		"INT64", "IEEE_11073_SFLOAT", "IEEE_11073_FLOAT", "FLOAT",
		"DOUBLE", "ABSOLUTE_TIME", "RELATIVE_TIME", "STRING",
		"STRINGZ", "UINT_STRING", "ETHER", "BYTES", "UINT_BYTES",
		"IPv4", "IPv6", "IPXNET", "FRAMENUM", "GUID", "OID", "EUI64",
		"AX25", "VINES", "REL_OID", "SYSTEM_ID", "STRINGZPAD", "FCWWN",
		"STRINGZTRUNC",
	};
	lua_newtable(L);
	for (size_t i = 0; i < sizeof(ft) / sizeof(ft[0]); i++) {
		lua_pushinteger(L, (lua_Integer)i);
		lua_setfield(L, -2, ft[i]);
	}
	lua_setglobal(L, "ftypes");
	static const struct { const char *n; int v; } bases[] = {
		{ "NONE", 0 }, { "DEC", 1 }, { "HEX", 2 }, { "OCT", 3 },
		{ "DEC_HEX", 4 }, { "HEX_DEC", 5 }, { "CUSTOM", 6 },
		{ "FLOAT", 0 }, { "RANGE_STRING", 0x100 }, { "UNIT_STRING", 0x1000 },
		{ "LOCAL", 1000 }, { "UTC", 1001 }, { "DOY_UTC", 1002 },
	};
	lua_newtable(L);
	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		lua_pushinteger(L, bases[i].v);
		lua_setfield(L, -2, bases[i].n);
	}
	lua_setglobal(L, "base");
}

static void open_globals(lua_State *L)
{
	lua_pushcfunction(L, g_print);
	lua_setglobal(L, "print");
	/* debug and warn replace Lua's own, as in Wireshark */
	static const char *const levels[][2] = {
		{ "debug", NULL }, { "info", NULL }, { "message", "message" },
		{ "warn", "warning" }, { "critical", "critical" },
	};
	for (size_t i = 0; i < 5; i++) {
		if (levels[i][1])
			lua_pushstring(L, levels[i][1]);
		else
			lua_pushnil(L);
		lua_pushcclosure(L, g_log, 1);
		lua_setglobal(L, levels[i][0]);
	}
	lua_pushcfunction(L, g_get_version);
	lua_setglobal(L, "get_version");
	lua_pushcfunction(L, g_nothing);
	lua_setglobal(L, "set_plugin_info");
	/* tapir taps in one pass: there is nothing to tap again */
	lua_pushcfunction(L, g_nothing);
	lua_setglobal(L, "retap_packets");
	lua_pushcfunction(L, g_false);
	lua_setglobal(L, "gui_enabled");
	static const char *const unsupported[] = {
		"Proto", "ProtoField", "ProtoExpert", "DissectorTable",
		"Dissector", "register_postdissector", "Dumper", "PseudoHeader",
		"TreeItem", "register_menu", "register_stat_cmd_arg", NULL,
	};
	for (int i = 0; unsupported[i]; i++)
		set_unsupported(L, unsupported[i]);
	open_bit(L, "bit", false);
	open_bit(L, "bit32", true);
	/* Lua 5.2 names that Wireshark's Lua still had */
	lua_getglobal(L, "table");
	lua_getfield(L, -1, "unpack");
	lua_setglobal(L, "unpack");
	lua_pop(L, 1);
	lua_getglobal(L, "load");
	lua_setglobal(L, "loadstring");
	open_enums(L);
	open_listener(L);
	lt_open_objects(L);
}

/* ---- lifecycle ------------------------------------------------------- */

static void *lt_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	if (nsize == 0) {
		xfree(ptr);
		return NULL;
	}
	return xrealloc(ptr, nsize);
}

static int lt_panic(lua_State *L)
{
	fflush(stdout);
	fprintf(stderr, "tapir: lua: unrecoverable error: %s\n",
		lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
	exit(2);
}

struct script {
	const char *path;
	const char *args[MAX_SCRIPT_ARGS];
	int nargs;
};

/* Splits the -X arguments; returns the number of scripts or -1 after an
 * error line. */
static int parse_xargs(const char *const *xargs, int nx, struct script *s)
{
	int ns = 0;
	for (int i = 0; i < nx; i++) {
		const char *x = xargs[i];
		if (strncmp(x, "lua_script:", 11) == 0) {
			if (!x[11]) {
				fprintf(stderr, "tapir: -X %s: no script file named\n", x);
				return -1;
			}
			if (ns == MAX_SCRIPTS) {
				fprintf(stderr, "tapir: -X %s: too many Lua scripts (max %d)\n", x, MAX_SCRIPTS);
				return -1;
			}
			s[ns].path = x + 11;
			s[ns].nargs = 0;
			ns++;
		}
	}
	for (int i = 0; i < nx; i++) {
		const char *x = xargs[i];
		if (strncmp(x, "lua_script:", 11) == 0)
			continue;
		char *end;
		long n = strncmp(x, "lua_script", 10) == 0 ? strtol(x + 10, &end, 10) : 0;
		if (n <= 0 || end == x + 10 || *end != ':') {
			fprintf(stderr, "tapir: -X %s: unknown extension option (tapir knows lua_script:FILE and lua_scriptN:ARG)\n", x);
			return -1;
		}
		if (n > ns) {
			fprintf(stderr, "tapir: -X %s: there is no Lua script number %ld\n", x, n);
			return -1;
		}
		struct script *sc = &s[n - 1];
		if (sc->nargs == MAX_SCRIPT_ARGS) {
			fprintf(stderr, "tapir: -X %s: too many arguments for one script\n", x);
			return -1;
		}
		sc->args[sc->nargs++] = end + 1;
	}
	return ns;
}

int luatap_load(const char *const *xargs, int nx)
{
	struct script scripts[MAX_SCRIPTS];
	int ns = parse_xargs(xargs, nx, scripts);
	if (ns <= 0)
		return ns < 0;
	lua_State *L = lua_newstate(lt_alloc, NULL);
	if (!L) {
		fprintf(stderr, "tapir: lua: cannot create the Lua state\n");
		return 1;
	}
	lua_atpanic(L, lt_panic);
	lt.L = L;
	/* Per packet a script makes short-lived objects (Pinfo, Tvb, one
	 * FieldInfo per extracted field): the generational collector frees
	 * them young, for a fraction of the incremental collector's work. */
	lua_gc(L, LUA_GCGEN, 0, 0);
	luaL_openlibs(L);
	open_globals(L);
	for (int i = 0; i < ns; i++) {
		if (luaL_loadfile(L, scripts[i].path) != LUA_OK) {
			fprintf(stderr, "tapir: lua: %s\n", err_msg(L));
			return 1;
		}
		for (int a = 0; a < scripts[i].nargs; a++)
			lua_pushstring(L, scripts[i].args[a]);
		lt.loading = true;
		int r = lua_pcall(L, scripts[i].nargs, 0, 0);
		lt.loading = false;
		fflush(stdout);
		if (r != LUA_OK) {
			fprintf(stderr, "tapir: lua: %s\n", err_msg(L));
			return 1;
		}
	}
	return 0;
}

void luatap_start(struct outbuf *out)
{
	if (lt.L)
		lt_out = out;
}

/* tshark resets its taps at exit, most recently registered first (the
 * same order as the draws). */
static void reset_rev(lua_State *L, struct lt_listener *li)
{
	if (!li)
		return;
	reset_rev(L, li->next);
	if (!li->dead && push_callback(L, li, "reset"))
		run_callback(L, li, 0, "reset", 0);
}

int luatap_finish(void)
{
	lua_State *L = lt.L;
	if (!L)
		return 0;
	reset_rev(L, all_listeners);
	call_leave();
	/* Listeners stay attached but dead: the registry may still hold
	 * them; their filters are freed by tap_remove_all or here. */
	for (struct lt_listener *li = all_listeners; li; li = li->next) {
		li->dead = true;
		dfilter_free(li->df);
		dfilter_free(li->when);
		li->df = li->when = NULL;
	}
	lua_close(L);
	lt.L = NULL;
	lt_out = NULL;
	return lt_failed ? 1 : 0;
}
