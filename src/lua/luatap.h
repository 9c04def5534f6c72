/* luatap.h — Lua 5.4 taps: runs scripts written for tshark's Lua tap API
 * (Listener, Field, FieldInfo, Pinfo, Tvb; `tshark -X lua_script:FILE`).
 *
 * The names avoid Lua's own lua_* namespace. Lifecycle, from the analyse
 * loop (src/cli/analyze.c):
 *
 *   luatap_load(xargs, nx)   after dissect_init(), before -z and the file:
 *                            loads every script, attaches its listeners
 *   luatap_start(&out)       once the output buffer exists
 *   ... packets: the tap registry calls the listeners ...
 *   tap_draw_all(&out)       draws (Lua listeners draw after -z tables)
 *   luatap_finish()          calls reset, closes the Lua state
 *
 * Not thread-safe: one Lua state per process.
 */
#ifndef TAPIR_LUA_LUATAP_H
#define TAPIR_LUA_LUATAP_H

#include "../core/outbuf.h"

/* Handles the -X arguments (each "lua_script:FILE", or "lua_scriptN:ARG",
 * which passes ARG to the N-th script as one of its `...` arguments, as
 * tshark does). Loads and runs each script in order; the scripts' Field.new
 * names become wanted fields and their Listener.new calls attach tap
 * listeners. Returns 0 (also when nx is 0), or 1 after printing one error
 * line "tapir: lua: FILE:LINE: message" (syntax error, error at top level,
 * unknown field, unknown tap, bad listener filter) or "tapir: -X ...: ..."
 * (an -X option tapir does not know) to stderr. */
int luatap_load(const char *const *xargs, int nx);

/* Tells the Lua side where tapir writes its own stdout output, so that a
 * script's print() (C stdio) and tapir's buffered output keep their order:
 * out is flushed before each call into Lua and stdout after it. out must stay
 * valid until luatap_finish(). No-op without scripts. */
void luatap_start(struct outbuf *out);

/* After the draws: calls each live listener's reset (tshark resets its taps
 * at exit), flushes stdout and closes the Lua state. Returns 1 when a script
 * raised an error in a packet, draw or reset callback (each was reported on
 * stderr when it happened), else 0. */
int luatap_finish(void);

#endif
