-- The popular "TCP expert per stream" tap: counts retransmissions, dup
-- ACKs, zero windows, lost segments and resets per tcp.stream, keyed by the
-- stream's addresses, printed sorted by stream in draw().
local f_stream = Field.new("tcp.stream")
local f_retr = Field.new("tcp.analysis.retransmission")
local f_fast = Field.new("tcp.analysis.fast_retransmission")
local f_dup = Field.new("tcp.analysis.duplicate_ack")
local f_zw = Field.new("tcp.analysis.zero_window")
local f_lost = Field.new("tcp.analysis.lost_segment")
local f_ooo = Field.new("tcp.analysis.out_of_order")
local f_rst = Field.new("tcp.flags.reset")
local f_len = Field.new("tcp.len")

local streams = {}
local tap = Listener.new("tcp")

function tap.packet(pinfo, tvb, tcp)
	local id = f_stream().value
	local s = streams[id]
	if not s then
		s = { name = tostring(pinfo.src) .. ":" .. pinfo.src_port .. " -> " ..
		             tostring(pinfo.dst) .. ":" .. pinfo.dst_port,
		      pkts = 0, bytes = 0, retr = 0, fast = 0, dup = 0, zw = 0,
		      lost = 0, ooo = 0, rst = 0 }
		streams[id] = s
	end
	s.pkts = s.pkts + 1
	s.bytes = s.bytes + f_len().value
	if f_retr() then s.retr = s.retr + 1 end
	if f_fast() then s.fast = s.fast + 1 end
	if f_dup() then s.dup = s.dup + 1 end
	if f_zw() then s.zw = s.zw + 1 end
	if f_lost() then s.lost = s.lost + 1 end
	if f_ooo() then s.ooo = s.ooo + 1 end
	if f_rst().value then s.rst = s.rst + 1 end
end

function tap.draw()
	local ids = {}
	for id in pairs(streams) do ids[#ids + 1] = id end
	table.sort(ids)
	print("stream", "pkts", "bytes", "retr", "fast", "dup", "zwin", "lost", "ooo", "rst", "endpoints")
	for _, id in ipairs(ids) do
		local s = streams[id]
		print(id, s.pkts, s.bytes, s.retr, s.fast, s.dup, s.zw, s.lost, s.ooo, s.rst, s.name)
	end
end

function tap.reset()
	print("reset", #streams)
	streams = {}
end
