-- Pinfo and Tvb: per packet (first 30) the numbers, times, addresses and
-- ports of pinfo, and bytes read through tvb ranges.
local tap = Listener.new("frame", "frame.number <= 30")
function tap.packet(pinfo, tvb)
	print(pinfo.number, pinfo.len, pinfo.caplen, pinfo.abs_ts, pinfo.rel_ts,
	      pinfo.delta_ts, pinfo.delta_dis_ts, pinfo.visited)
	print("", tostring(pinfo.src), tostring(pinfo.dst), tostring(pinfo.net_src),
	      tostring(pinfo.net_dst), tostring(pinfo.dl_src), tostring(pinfo.dl_dst),
	      pinfo.src_port, pinfo.dst_port, pinfo.port_type, pinfo.curr_proto,
	      tostring(pinfo.cols.protocol), tostring(pinfo.cols.info))
	local n = tvb:len()
	print("", n, tvb:reported_len(), tostring(tvb), tostring(tvb:range(0, 6)),
	      tvb:range(0, 1):uint(), tvb:range(12, 2):uint(), tvb:range(12, 2):le_uint(),
	      tostring(tvb(6, 6):bytes()), tvb(0, 4):bytes():len(),
	      tvb:range(n - 2):len(), tvb:range(n - 4, 4):uint(), tvb:range(n, 0):len(),
	      tvb:range(0, 3):bitfield(4, 12), tvb:range(1, 7):uint64(),
	      tostring(tvb:range(0, 6):ether()), tvb:range(n - 1, 1):int())
	local ok, err = pcall(function() return tvb:range(n, 1) end)
	print("", "past end:", ok)
end
