-- Field extractors over every value type: for each occurrence (multiple
-- returns) prints the FieldInfo's name, type, tostring, label, Lua type of
-- .value and tostring(.value), for the first 40 packets.
local names = {
	"frame.number", "frame.len", "frame.cap_len", "frame.time",
	"frame.time_epoch", "frame.time_relative", "frame.time_delta",
	"frame.protocols",
	"eth.src", "eth.dst", "eth.type", "eth.addr",
	"vlan.id",
	"ip.version", "ip.hdr_len", "ip.ttl", "ip.id", "ip.flags", "ip.flags.df",
	"ip.src", "ip.dst", "ip.addr", "ip.proto", "ip.checksum",
	"ipv6.src", "ipv6.dst", "ipv6.addr", "ipv6.nxt", "ipv6.hlim",
	"tcp.srcport", "tcp.dstport", "tcp.port", "tcp.stream", "tcp.seq",
	"tcp.ack", "tcp.len", "tcp.flags", "tcp.flags.syn", "tcp.flags.ack",
	"tcp.window_size", "tcp.analysis.flags", "tcp.analysis.acks_frame",
	"tcp.options.mss_val", "tcp.payload",
	"udp.srcport", "udp.dstport", "udp.length", "udp.port",
	"dns.qry.name", "dns.a", "dns.aaaa", "dns.id", "dns.flags.response",
	"http.request.method", "http.request.uri", "http.host",
	"http.response.code",
	"icmp.type", "icmpv6.type",
	"arp.opcode", "arp.src.hw_mac", "arp.src.proto_ipv4",
}
local fields = {}
for i, n in ipairs(names) do fields[i] = Field.new(n) end

local tap = Listener.new(nil, "frame.number <= 40")
function tap.packet(pinfo, tvb)
	for _, f in ipairs(fields) do
		local all = { f() }
		for j, fi in ipairs(all) do
			local v = fi.value
			print(pinfo.number, fi.name, j .. "/" .. #all, fi.type,
			      tostring(fi), fi.label, type(v), tostring(v))
		end
	end
end
