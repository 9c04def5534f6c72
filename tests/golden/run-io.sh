#!/bin/bash
# Golden suite for capture file I/O (src/io). Expected files come from
# tests/golden/regen-io (tshark 4.0, tcpdump); this script needs neither.
#
#  read:     frame.* fields (io-fields.sh) of every pcapng capture equal
#            tshark's, cell by cell (io/<capture>.tsv)
#  gzip:     the same through `gzip -c X | tapir -r -` (and zstd when the
#            zstd tool is installed): compressed input on a pipe
#  rt-ng:    tapir -r X -F pcapng -w Y; tapir -r Y equals tshark's own
#            round trip (io/<capture>.rt.tsv)
#  w-bytes:  tapir -r X -w Y writes the same bytes as tcpdump for every
#            classic µs pcap (io/pcap-w.md5)
#  rt-pcap:  tapir -r X -w Y; tapir -r Y gives the frame.* fields of X, for
#            every classic pcap (ns files included)
#  damaged:  a damaged and a cut-short file: whole frames first, one error
#            line in tshark's words, exit status 2
#
# A (capture, field) pair listed in KNOWN_DIFFS.md is still compared and
# reported but does not fail the suite.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$GOLDEN_DIR/io-fields.sh"
root=$(cd "$GOLDEN_DIR/../.." && pwd)
TAPIR=${TAPIR:-$root/build/tapir}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAPIR=$(snapshot_tapir "$TAPIR" "$tmp") ||
	{ echo "run-io: tapir not built or not runnable"; echo "0 passed, 1 failed"; exit 1; }

eargs=()
for f in "${IO_FIELDS[@]}"; do eargs+=(-e "$f"); done
fieldlist=$(IFS=,; echo "${IO_FIELDS[*]}")
pass=0 fail=0 failed=()

ok() { pass=$((pass + 1)); printf 'ok    %s\n' "$1"; }
bad() { fail=$((fail + 1)); failed+=("$1"); printf 'FAIL  %s: %s\n' "$1" "$2"; }

# Excused fields of a capture, comma-separated, from KNOWN_DIFFS.md rows.
excused() {
	awk -F'|' -v cap="$1" '
	NF >= 4 {
		c = $2; f = $3; gsub(/^[ \t`]+|[ \t`]+$/, "", c); gsub(/^[ \t`]+|[ \t`]+$/, "", f)
		if ((c == cap || c == "*") && f ~ /^frame\./) printf "%s,", f
	}' "$GOLDEN_DIR/KNOWN_DIFFS.md" 2>/dev/null
}

# cmp_tsv NAME EXPECTED GOT CAPTURE: cell-by-cell comparison; prints the
# first mismatches; counts one test.
cmp_tsv() {
	local name=$1 exp=$2 got=$3 cap=$4 res
	res=$(awk -F'\t' -v fields="$fieldlist" -v exc=",$(excused "$cap")" '
	BEGIN { nf = split(fields, fn, ",") }
	FILENAME == ARGV[1] { want[FNR] = $0; n = FNR; next }
	{ got[FNR] = $0; if (FNR > n) n = FNR }
	END {
		for (i = 1; i <= n; i++) {
			if (!(i in want) || !(i in got)) { lines++; continue }
			split(want[i], a, "\t"); split(got[i], b, "\t")
			for (k = 1; k <= nf; k++) {
				if (a[k] == b[k]) continue
				if (index(exc, "," fn[k] ",")) { xc++; continue }
				bad++
				if (shown++ < 3)
					printf "frame %d %s: tshark \"%s\" tapir \"%s\"; ", i, fn[k], a[k], b[k]
			}
		}
		if (lines) printf "%d frames missing or extra; ", lines
		if (xc) printf "(%d excused cells) ", xc
		exit (bad || lines) ? 1 : 0
	}' "$exp" "$got")
	if [ $? -eq 0 ]; then ok "$name${res:+ $res}"; else bad "$name" "$res"; fi
}

mapfile -t caps < <(captures_list)

for c in "${caps[@]}"; do
	case $c in *.pcapng) ;; *) continue ;; esac
	exp=$GOLDEN_DIR/io/$c.tsv
	if [ ! -f "$exp" ]; then
		bad "read $c" "no expected file (run tests/golden/regen-io)"; continue
	fi
	"$TAPIR" -r "$CAPTURES_DIR/$c" -T fields "${eargs[@]}" >"$tmp/got" 2>"$tmp/err"
	rc=$?
	if [ $rc -gt 2 ] || grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
		bad "read $c" "tapir exit $rc: $(head -c 200 "$tmp/err")"
	else
		cmp_tsv "read $c" "$exp" "$tmp/got" "$c"
	fi

	gzip -c "$CAPTURES_DIR/$c" | "$TAPIR" -r - -T fields "${eargs[@]}" >"$tmp/got" 2>/dev/null
	cmp_tsv "gzip-stdin $c" "$exp" "$tmp/got" "$c"
	if command -v zstd >/dev/null; then
		zstd -q -c "$CAPTURES_DIR/$c" >"$tmp/in.zst"
		"$TAPIR" -r "$tmp/in.zst" -T fields "${eargs[@]}" >"$tmp/got" 2>/dev/null
		cmp_tsv "zstd $c" "$exp" "$tmp/got" "$c"
	fi

	rexp=$GOLDEN_DIR/io/$c.rt.tsv
	if [ -f "$rexp" ]; then
		rm -f "$tmp/rt.pcapng"
		"$TAPIR" -r "$CAPTURES_DIR/$c" -F pcapng -w "$tmp/rt.pcapng" 2>/dev/null
		"$TAPIR" -r "$tmp/rt.pcapng" -T fields "${eargs[@]}" >"$tmp/got" 2>/dev/null
		cmp_tsv "rt-ng $c" "$rexp" "$tmp/got" "$c"
	fi
done

if [ -f "$GOLDEN_DIR/io/pcap-w.md5" ]; then
	while read -r sum c; do
		[ -f "$CAPTURES_DIR/$c" ] || continue
		rm -f "$tmp/w.pcap"
		"$TAPIR" -r "$CAPTURES_DIR/$c" -w "$tmp/w.pcap" 2>/dev/null
		got=$(md5sum <"$tmp/w.pcap" | cut -d' ' -f1)
		if [ "$got" = "$sum" ]; then ok "w-bytes $c"; else bad "w-bytes $c" "bytes differ from tcpdump -w"; fi
	done <"$GOLDEN_DIR/io/pcap-w.md5"
else
	bad "w-bytes" "io/pcap-w.md5 missing (run tests/golden/regen-io)"
fi

for c in "${caps[@]}"; do
	case $c in *.pcap|*.cap) ;; *) continue ;; esac
	rm -f "$tmp/w.pcap"
	"$TAPIR" -r "$CAPTURES_DIR/$c" -T fields "${eargs[@]}" >"$tmp/a" 2>/dev/null
	"$TAPIR" -r "$CAPTURES_DIR/$c" -w "$tmp/w.pcap" 2>/dev/null
	"$TAPIR" -r "$tmp/w.pcap" -T fields "${eargs[@]}" >"$tmp/b" 2>/dev/null
	if cmp -s "$tmp/a" "$tmp/b"; then ok "rt-pcap $c"; else bad "rt-pcap $c" "$(diff "$tmp/a" "$tmp/b" | head -3 | tr '\n' ' ')"; fi
done

# Damaged and cut-short files: frames before the damage are printed, then
# one line with tshark's wording, exit 2.
dmg=$CAPTURES_DIR/tls_DER-incomplete-header.pcap
if [ -f "$dmg" ]; then
	"$TAPIR" -r "$dmg" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	want='appears to be damaged or corrupt. (pcap: File has 4325376-byte packet, bigger than maximum of 262144)'
	if [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/out")" -eq 6 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
	   grep -qF "$want" "$tmp/err"; then
		ok "damaged tls_DER-incomplete-header.pcap"
	else
		bad "damaged tls_DER-incomplete-header.pcap" "exit $rc, $(wc -l <"$tmp/out") lines, stderr: $(head -c 200 "$tmp/err")"
	fi
fi
src=$CAPTURES_DIR/dns_udp.pcap
if [ -f "$src" ]; then
	# 24-byte header + first record (16 + 98) + 10 bytes of the second
	head -c $((24 + 16 + 98 + 10)) "$src" >"$tmp/cut.pcap"
	"$TAPIR" -r "$tmp/cut.pcap" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && [ "$(wc -l <"$tmp/out")" -eq 1 ] &&
	   grep -qF 'appears to have been cut short in the middle of a packet (frame 2).' "$tmp/err"; then
		ok "cut-short dns_udp.pcap"
	else
		bad "cut-short dns_udp.pcap" "exit $rc, $(wc -l <"$tmp/out") lines, stderr: $(head -c 200 "$tmp/err")"
	fi
fi

# -T json is well-formed JSON with one object per frame and the layout's
# fixed keys (field values are the dissectors' business, checked elsewhere).
if command -v python3 >/dev/null; then
	for c in dns_udp.pcap get.pcap test102.pcapng rtp.pcapng; do
		[ -f "$CAPTURES_DIR/$c" ] || continue
		"$TAPIR" -r "$CAPTURES_DIR/$c" -T json >"$tmp/j" 2>/dev/null
		n=$("$TAPIR" -r "$CAPTURES_DIR/$c" -T fields -e frame.number 2>/dev/null | wc -l)
		if res=$(python3 - "$tmp/j" "$n" <<'PY' 2>&1
import json, sys
d = json.load(open(sys.argv[1]), object_pairs_hook=lambda kv: dict(kv))
assert isinstance(d, list) and len(d) == int(sys.argv[2]), "%d objects" % len(d)
for p in d:
    assert list(p) == ["_index", "_type", "_score", "_source"], list(p)
    assert p["_index"].startswith("packets-") and p["_score"] is None
    assert "frame" in p["_source"]["layers"]
PY
		); then ok "json $c"; else bad "json $c" "$res"; fi
	done
	"$TAPIR" -r "$CAPTURES_DIR/dns_udp.pcap" -T json -c 1 -Y 'frame.number == 0' >"$tmp/j" 2>/dev/null
	if [ "$(cat "$tmp/j")" = "[]" ]; then ok "json empty"; else bad "json empty" "want [] (tshark), got $(head -c 40 "$tmp/j")"; fi
fi

echo
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
