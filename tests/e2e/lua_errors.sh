#!/bin/bash
# Bad Lua scripts (-X lua_script:): a script that cannot be loaded (syntax
# error, error at top level, unknown field, unknown tap, bad listener filter,
# dissector API) gives exactly one "tapir: lua: ..." line naming the problem
# and its position, a non-zero exit below 128, and nothing on stdout (no
# packet was read). A runtime error inside a callback is reported once, with
# the frame number; that listener is no longer called, the others go on and
# draw, and the exit status is non-zero. No case may crash or make a
# sanitizer report.
set -uo pipefail
cd "$(dirname "$0")/../.."
TAPIR=${TAPIR:-$PWD/build/tapir}
CAP=tests/captures/get.pcap      # 14 TCP packets, 2 HTTP
[ -x "$TAPIR" ] || { echo "lua_errors: $TAPIR not built"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; sed 's/^/       /' "$tmp/err" | head -5; }

# script NAME: writes stdin to $tmp/NAME.lua and prints its path.
script() { cat >"$tmp/$1.lua"; echo "$tmp/$1.lua"; }

# load_error NAME PATTERN [TAPIR ARGS...]: the script $tmp/NAME.lua must be
# refused before any packet is read, with one error line matching PATTERN.
load_error() {
	local name=$1 pat=$2; shift 2
	"$TAPIR" -q -r "$CAP" -X "lua_script:$tmp/$name.lua" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	local nerr; nerr=$(grep -c . "$tmp/err")
	if [ $rc -eq 0 ]; then bad "$name" "exit status 0"
	elif [ $rc -ge 128 ]; then bad "$name" "killed by signal $((rc - 128))"
	elif grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then bad "$name" "sanitizer report"
	elif [ "$nerr" -ne 1 ]; then bad "$name" "want one error line, got $nerr"
	elif [ -s "$tmp/out" ]; then bad "$name" "stdout not empty"
	elif ! grep -qE -- "$pat" "$tmp/err"; then bad "$name" "error does not match /$pat/"
	else ok "$name (exit $rc): $(head -1 "$tmp/err")"
	fi
}

script syntax >/dev/null <<'LUA'
local x = 1
function broken(
LUA
load_error syntax "^tapir: lua: .*/syntax\.lua:3: .*expected"

script toplevel >/dev/null <<'LUA'
local t = {}
local n = t.missing.field
LUA
load_error toplevel "^tapir: lua: .*/toplevel\.lua:2: attempt to index"

script badfield >/dev/null <<'LUA'
local ok = Field.new("ip.src")
local f = Field.new("ip.no_such_field")
LUA
load_error badfield "^tapir: lua: .*/badfield\.lua:2: Field\.new: a field with this name does not exist: ip\.no_such_field$"

script badtap >/dev/null <<'LUA'
local l = Listener.new("no_such_tap")
LUA
load_error badtap "^tapir: lua: .*/badtap\.lua:1: Listener\.new: tap \"no_such_tap\" not found"

script badfilter >/dev/null <<'LUA'
local l = Listener.new("frame", "ip.src ==")
function l.packet() print("never") end
LUA
load_error badfilter "^tapir: lua: .*/badfilter\.lua:1: Listener\.new: filter \"ip\.src ==\" is invalid"

script unknownfilterfield >/dev/null <<'LUA'
local l = Listener.new("tcp", "tcp.no_such == 1")
LUA
load_error unknownfilterfield 'filter "tcp\.no_such == 1" is invalid'

script proto >/dev/null <<'LUA'
local p = Proto("foo", "Foo Protocol")
LUA
load_error proto "^tapir: lua: .*/proto\.lua:1: Proto: tapir supports the Lua tap API \(Listener, Field\) only"

script postdis >/dev/null <<'LUA'
register_postdissector(nil)
LUA
load_error postdis "register_postdissector: tapir supports the Lua tap API"

script thrown >/dev/null <<'LUA'
error({ code = 1 })
LUA
load_error thrown "^tapir: lua: \(error object is a table value\)"

load_error nosuchfile "^tapir: lua: cannot open .*/nosuchfile\.lua"

script okscript >/dev/null <<'LUA'
print("args", ...)
LUA
"$TAPIR" -q -r "$CAP" -X "lua_script:$tmp/okscript.lua" -X lua_script1:a -X lua_script1:b >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && [ "$(cat "$tmp/out")" = "args	a	b" ]; then ok "lua_script1: arguments"
else bad "lua_script1: arguments" "got '$(cat "$tmp/out")'"; fi

# -X options tapir does not know, and script numbers without a script.
for x in "read_format:pcap" "lua_script2:x" "lua_script:"; do
	"$TAPIR" -q -r "$CAP" -X "lua_script:$tmp/okscript.lua" -X "$x" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -lt 128 ] && [ "$(grep -c . "$tmp/err")" -eq 1 ] &&
	   grep -qF -- "-X $x" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		ok "-X $x (exit $rc): $(cat "$tmp/err")"
	else
		bad "-X $x" "rc=$rc"
	fi
done

# A runtime error in packet(): reported once with its frame, the listener is
# disabled (its draw does not run either), the other listener counts every
# packet and draws; exit status non-zero.
script runtime >/dev/null <<'LUA'
local calls = 0
local bad = Listener.new("tcp")
function bad.packet(pinfo)
	calls = calls + 1
	if pinfo.number >= 3 then
		local x = nil
		return x.field
	end
end
function bad.draw() print("bad draw", calls) end
local good = Listener.new("frame")
local n = 0
function good.packet() n = n + 1 end
function good.draw() print("good", n, "bad calls", calls) end
LUA
"$TAPIR" -q -r "$CAP" -X "lua_script:$tmp/runtime.lua" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 128 ] && [ "$(grep -c . "$tmp/err")" -eq 1 ] &&
   grep -qE '^tapir: lua: frame 3: .*/runtime\.lua:7: attempt to index .*listener\.packet' "$tmp/err" &&
   [ "$(cat "$tmp/out")" = "good	14	bad calls	3" ]; then
	ok "runtime error in packet (exit $rc): $(cat "$tmp/err")"
else
	bad "runtime error in packet" "rc=$rc out='$(cat "$tmp/out")'"
fi

# Misuse that must raise a Lua error, not crash: a FieldInfo or Tvb kept past
# its packet, Field.new after loading, a Tvb range past the end, Pinfo writes.
script misuse >/dev/null <<'LUA'
local f = Field.new("ip.src")
local kept_fi, kept_tvb
local l = Listener.new("frame")
local results = {}
local function try(name, fn)
	local ok, err = pcall(fn)
	results[#results + 1] = name .. "=" .. (ok and "ok" or (err:match("expired") and "expired" or err:match("out of bounds") and "bounds" or err:match("before Taps") and "late" or err:match("read%-only") and "readonly" or "error"))
end
function l.packet(pinfo, tvb)
	if pinfo.number == 1 then
		kept_fi, kept_tvb = f(), tvb
		try("late", function() return Field.new("tcp.port") end)
		try("bounds", function() return tvb:range(0, tvb:len() + 1) end)
		try("neg", function() return tvb:range(-1, 2) end)
		try("uint5", function() return tvb:range(0, 5):uint() end)
		try("write", function() pinfo.number = 3 end)
	elseif pinfo.number == 2 then
		try("fi", function() return tostring(kept_fi) end)
		try("tvb", function() return kept_tvb:len() end)
	end
end
function l.draw() print(table.concat(results, " ")) end
LUA
"$TAPIR" -q -r "$CAP" -X "lua_script:$tmp/misuse.lua" >"$tmp/out" 2>"$tmp/err"
rc=$?
want="late=late bounds=bounds neg=bounds uint5=error write=readonly fi=expired tvb=expired"
if [ $rc -eq 0 ] && [ "$(cat "$tmp/out")" = "$want" ] && [ ! -s "$tmp/err" ]; then
	ok "misuse raises Lua errors: $want"
else
	bad "misuse" "rc=$rc out='$(cat "$tmp/out")'"
fi

# An error in draw() and in reset(): reported, exit non-zero.
script drawerr >/dev/null <<'LUA'
local l = Listener.new()
function l.draw() error("draw failed") end
LUA
"$TAPIR" -q -r "$CAP" -X "lua_script:$tmp/drawerr.lua" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -lt 128 ] && grep -qE '^tapir: lua: .*drawerr\.lua:2: draw failed .*listener\.draw' "$tmp/err"; then
	ok "error in draw (exit $rc)"
else
	bad "error in draw" "rc=$rc"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
