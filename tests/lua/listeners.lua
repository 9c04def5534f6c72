-- Several listeners: taps other than frame, display filters, draw order
-- (tshark draws the last listener first) and reset after the draws.
local function counter(tap, filter)
	local l = Listener.new(tap, filter)
	local n, bytes = 0, 0
	function l.packet(pinfo)
		n = n + 1
		bytes = bytes + pinfo.len
	end
	function l.draw()
		print(string.format("%-6s %-40s %6d packets %9d bytes", tostring(tap), tostring(filter), n, bytes))
	end
	function l.reset() n, bytes = 0, 0 end
	return l
end
counter("frame")
counter(nil, "tcp")
counter("frame", "udp.port == 53 || tcp.port == 53")
counter("eth")
counter("ip", "ip.ttl < 64")
counter("ip")
counter("tcp", "tcp.flags.syn == 1")
counter("tcp", "tcp.len > 0")
counter("udp")
counter("http")
counter("expert")
counter("ipv6")
counter("dns")
counter("tls")
counter("icmp")
counter("icmpv6")
counter("sctp")
counter("tcp_follow")
local removed = counter("frame", "frame.len > 100")
removed:remove()
print("listeners ready")
