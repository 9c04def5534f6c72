# filter.awk — keeps, of a `-V` protocol tree (tshark's or tapir's), only
# the checksum items of the IPv4, IPv6, TCP and UDP layers (top-level or
# quoted in an ICMP error) and what hangs under them: every line containing
# "checksum" (any case: "Header Checksum: 0x7ccd [correct]", "[Checksum
# Status: Good]", "[Calculated Checksum: 0x1c60]") with the lines indented
# deeper below it (expert infos, a UDP checksum's status), each packet
# headed by "@@ <frame number>". Used by regen-checksum (on tshark's
# output, committed) and run-checksum.sh (on tapir's).
function indent(s) { match(s, /^ */); return RLENGTH }
/^Frame [0-9]+: / { frame = $2; sub(/:$/, "", frame); print "@@ " frame; under = -1; keep = 0; next }
# a protocol line (top-level or quoted) opens or closes a kept layer
/^ *(Internet Protocol Version [46], |Transmission Control Protocol, |User Datagram Protocol, )/ {
	keep = 1; depth = indent($0); under = -1; next
}
/^ *[A-Z]/ && indent($0) <= depth && !/^ *\[/ { keep = 0 }
/^[^ ]/ { keep = 0 }
!keep { next }
under >= 0 && indent($0) > under { print; next }
{ under = -1 }
tolower($0) ~ /checksum/ { print; under = indent($0) }
