-- Value objects a script builds itself: NSTime arithmetic, Address
-- comparison, ByteArray, bit/bit32 and the enum tables; plus # and .name of
-- Field and FieldInfo during packets.
local f_ip = Field.new("ip.src")
local f_time = Field.new("frame.time_relative")
local f_ttl = Field.new("ip.ttl")
local a = NSTime.new(3, 500000000)
local b = NSTime(1, 700000000)
print(tostring(a), tostring(b), tostring(a + b), tostring(a - b), tostring(b - a), tostring(-a))
print(a.secs, a.nsecs, a == NSTime.new(3, 500000000), b < a, a <= b)
local ba = ByteArray.new("01 02 0a ff")
print(tostring(ba), ba:len(), ba:get_index(3), tostring(ba:subset(1, 2)), ba:tohex(true, ":"), tostring(ba .. ByteArray.new("ee")))
print(bit.band(0xff, 0x0f), bit.bor(1, 2), bit.bxor(3, 5), bit.lshift(1, 4), bit.rshift(256, 4), bit.tohex(255, 4), bit.bnot(0))
print(bit32.band(0xff, 0x0f), bit32.bnot(0), bit32.extract(0xf0, 4, 4), bit32.btest(1, 2))
print(ftypes.UINT32, ftypes.IPv4, ftypes.BYTES, ftypes.NONE, base.HEX, base.DEC)
print(tostring(f_ip), f_ip.name, f_ttl.name)
local first
local prev
local tap = Listener.new("ip", "frame.number <= 20")
function tap.packet(pinfo)
	local ip = f_ip()
	local t = f_time()
	if not ip then return end
	local addr = ip.value
	if not first then first = addr end
	print(pinfo.number, tostring(addr), addr == first, #ip, ip.len, ip.name,
	      tostring(t.value), t.value.secs, t.value.nsecs,
	      prev and tostring(t.value - prev) or "-", f_ttl().value + 0)
	prev = t.value
end
