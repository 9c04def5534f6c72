-- bench/count.lua — a realistic Lua tap for the benchmark: tshark users'
-- "TCP expert per stream" script. Per tcp.stream it counts packets, payload
-- bytes and the TCP analysis events (retransmissions, fast retransmissions,
-- duplicate ACKs, lost segments, out-of-order, zero windows, resets), and
-- prints the 20 streams with the most retransmissions plus totals.
--   tapir  -q -X lua_script:bench/count.lua -r bench/out/bench-200000-s1.pcap
--   tshark -q -X lua_script:bench/count.lua -r bench/out/bench-200000-s1.pcap
local f_stream = Field.new("tcp.stream")
local f_len = Field.new("tcp.len")
local f_retr = Field.new("tcp.analysis.retransmission")
local f_fast = Field.new("tcp.analysis.fast_retransmission")
local f_dup = Field.new("tcp.analysis.duplicate_ack")
local f_lost = Field.new("tcp.analysis.lost_segment")
local f_ooo = Field.new("tcp.analysis.out_of_order")
local f_zw = Field.new("tcp.analysis.zero_window")
local f_rst = Field.new("tcp.flags.reset")

local streams = {}
local tap = Listener.new("tcp")

function tap.packet(pinfo, tvb)
	local id = f_stream().value
	local s = streams[id]
	if not s then
		s = { id = id, name = tostring(pinfo.src) .. ":" .. pinfo.src_port ..
		      " -> " .. tostring(pinfo.dst) .. ":" .. pinfo.dst_port,
		      pkts = 0, bytes = 0, retr = 0, fast = 0, dup = 0, lost = 0,
		      ooo = 0, zw = 0, rst = 0 }
		streams[id] = s
	end
	s.pkts = s.pkts + 1
	s.bytes = s.bytes + f_len().value
	if f_retr() then s.retr = s.retr + 1 end
	if f_fast() then s.fast = s.fast + 1 end
	if f_dup() then s.dup = s.dup + 1 end
	if f_lost() then s.lost = s.lost + 1 end
	if f_ooo() then s.ooo = s.ooo + 1 end
	if f_zw() then s.zw = s.zw + 1 end
	if f_rst().value then s.rst = s.rst + 1 end
end

function tap.draw()
	local list, tot = {}, { pkts = 0, bytes = 0, retr = 0, fast = 0, dup = 0,
	                        lost = 0, ooo = 0, zw = 0, rst = 0 }
	for _, s in pairs(streams) do
		list[#list + 1] = s
		for k in pairs(tot) do tot[k] = tot[k] + s[k] end
	end
	table.sort(list, function(a, b)
		if a.retr ~= b.retr then return a.retr > b.retr end
		return a.id < b.id
	end)
	print("streams", #list)
	print("stream", "pkts", "bytes", "retr", "fast", "dup", "lost", "ooo", "zwin", "rst", "endpoints")
	for i = 1, math.min(20, #list) do
		local s = list[i]
		print(s.id, s.pkts, s.bytes, s.retr, s.fast, s.dup, s.lost, s.ooo, s.zw, s.rst, s.name)
	end
	print("total", tot.pkts, tot.bytes, tot.retr, tot.fast, tot.dup, tot.lost, tot.ooo, tot.zw, tot.rst)
end
