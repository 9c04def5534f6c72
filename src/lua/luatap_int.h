/* luatap_int.h — what the Lua tap files share: the one Lua state, the packet
 * being delivered, and the constructors of the userdata types. Internal to
 * src/lua/. */
#ifndef TAPIR_LUA_LUATAP_INT_H
#define TAPIR_LUA_LUATAP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <lua.h>
#include <lauxlib.h>

#include "../engine/packet.h"

struct lt_ctx {
	lua_State *L;
	struct packet *pk;   /* packet being delivered, NULL outside callbacks */
	bool loading;        /* running a script's main chunk: Field.new allowed */
};
extern struct lt_ctx lt;

/* Metatable names (luaL_newmetatable keys). */
#define LT_FIELD "tapir.Field"
#define LT_FIELDINFO "tapir.FieldInfo"
#define LT_ADDRESS "tapir.Address"
#define LT_NSTIME "tapir.NSTime"
#define LT_BYTEARRAY "tapir.ByteArray"
#define LT_PINFO "tapir.Pinfo"
#define LT_COLUMNS "tapir.Columns"
#define LT_COLUMN "tapir.Column"
#define LT_TVB "tapir.Tvb"
#define LT_TVBRANGE "tapir.TvbRange"

/* Registers Field, Address, NSTime, ByteArray and the metatables of the
 * packet objects in L's globals. */
void lt_open_objects(lua_State *L);

/* Pushes a number the way Lua 5.2 (tshark 4.0's Lua) prints it: an integral
 * value as a Lua integer ("3", not "3.0"), anything else as a float. */
void lt_pushnum(lua_State *L, double d);

/* Packet objects: valid while lt.pk is the packet with the same number
 * (using one after its packet raises a Lua error). */
void lt_push_pinfo(lua_State *L);
void lt_push_tvb(lua_State *L);
void lt_push_address(lua_State *L, const struct address *a);

/* Kinds of tap payload that become a tapinfo table. */
enum lt_tapkind { LT_TAP_NONE, LT_TAP_ETH, LT_TAP_IP, LT_TAP_TCP, LT_TAP_UDP,
		  LT_TAP_HTTP };
/* The tap kind of a tapir tap name (LT_TAP_NONE: tapinfo is nil). */
enum lt_tapkind lt_tapkind_of(const char *tap);
/* Pushes the tapinfo table of data (or nil) for a tap of this kind. */
void lt_push_tapinfo(lua_State *L, enum lt_tapkind kind, const void *data);

#endif
