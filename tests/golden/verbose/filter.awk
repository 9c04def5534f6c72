# filter.awk — keeps, of a `-V` protocol tree (tshark's or tapir's), only the
# top-level subtrees of the layers the -V golden suite compares, each headed
# by a key line "@@ <frame number> <layer>#<occurrence in the packet>".
#
# A packet starts at its top-level "Frame N:" line; a subtree is a top-level
# (unindented) line and the indented lines under it. Other protocols'
# subtrees, top-level markers ("[Malformed Packet: ...]") and the -x hex
# dump lines are dropped. Used by regen-verbose
# (on tshark's output, committed) and run-verbose.sh (on tapir's).
function layer(s) {
	if (s ~ /^Frame [0-9]+: /) return "frame"
	if (s ~ /^Ethernet II, / || s ~ /^IEEE 802\.3 Ethernet/) return "eth"
	if (s ~ /^802\.1Q Virtual LAN/ || s ~ /^IEEE 802\.1ad, /) return "vlan"
	if (s ~ /^Address Resolution Protocol/) return "arp"
	if (s ~ /^Internet Protocol Version 4, /) return "ip"
	if (s ~ /^Internet Protocol Version 6, /) return "ipv6"
	if (s ~ /^Transmission Control Protocol, /) return "tcp"
	if (s ~ /^User Datagram Protocol, /) return "udp"
	if (s ~ /^\[[0-9]+ Reassembled TCP Segments /) return "tcp.segments"
	if (s ~ /^Hypertext Transfer Protocol/) return "http"
	if (s ~ /^Line-based text data/) return "data-text-lines"
	if (s ~ /^Media Type$/) return "media"
	return ""
}
/^$/ { keep = 0; next }
/^[^ ]/ {
	l = layer($0)
	if (l == "frame") {
		frame = $2; sub(/:$/, "", frame)
		delete occ
	}
	keep = l != ""
	if (keep)
		print "@@ " frame " " l "#" (++occ[l])
}
keep { print }
