-- tapinfo tables of the taps with extractors (eth, ip, tcp, udp, http):
-- every key/value of the first 15 deliveries of each, keys sorted.
local function dump(tapname)
	local l = Listener.new(tapname)
	local n = 0
	function l.packet(pinfo, tvb, ti)
		n = n + 1
		if n > 15 then return end
		if ti == nil then print(tapname, pinfo.number, "nil") return end
		local keys = {}
		for k in pairs(ti) do keys[#keys + 1] = k end
		table.sort(keys)
		local parts = {}
		for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. tostring(ti[k]) end
		print(tapname, pinfo.number, table.concat(parts, " "))
	end
end
for _, t in ipairs({ "eth", "ip", "tcp", "udp", "http", "frame" }) do dump(t) end
