-- golden-args: -c 8
-- Without -q: the script's print() lines and tapir's summary lines keep
-- tshark's order (a tap runs before its packet's line is printed), and the
-- columns are filled, so cols.protocol / cols.info are the real texts.
local l = Listener.new("frame")
function l.packet(pinfo)
	print("lua", pinfo.number, tostring(pinfo.cols.protocol), tostring(pinfo.cols.info))
end
local t = Listener.new("tcp", "tcp.flags.syn == 1")
function t.packet(pinfo, tvb, tcp)
	io.write("syn ", pinfo.number, " ", tcp.th_sport, " -> ", tcp.th_dport, "\n")
end
function l.draw() print("draw frame") end
function t.draw() print("draw tcp") end
