# Shared helpers for the golden scripts (sourced, not run).
# GOLDEN_DIR, CAPTURES_DIR: absolute paths. captures_list: every capture
# under tests/captures/ (recursively), relative to it, sorted, one a line.
GOLDEN_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CAPTURES_DIR=$(cd "$GOLDEN_DIR/../captures" && pwd)
export TZ=UTC LC_ALL=C

captures_list() {
	(cd "$CAPTURES_DIR" &&
	 find . -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \
		-o -name '*.pcap.gz' -o -name '*.pcapng.gz' \) | sed 's|^\./||' | sort)
}

# fields_list: the field names of fields.list, one a line.
fields_list() {
	sed -e 's/#.*//' -e 's/[[:space:]]//g' "$GOLDEN_DIR/fields.list" | grep -v '^$'
}

# tapir_known_fields TAPIR FIELD...: prints the given fields that TAPIR
# accepts with -e, one a line, in order. tapir refuses a whole -e list when
# one name is unknown ("Some fields aren't valid:" then one tab-indented name
# per line, like tshark), so probe with /dev/null as the capture (the field
# list is checked before the file is opened) and drop the names it rejects
# until the rest is accepted.
tapir_known_fields() {
	local tapir=$1; shift
	local -a left=("$@")
	local -A bad=()
	local i out n
	for ((i = 0; i <= $#; i++)); do
		local -a eargs=()
		local f
		for f in "${left[@]}"; do eargs+=(-e "$f"); done
		[ ${#eargs[@]} -gt 0 ] || break
		out=$("$tapir" -r /dev/null -T fields "${eargs[@]}" 2>&1 >/dev/null) || true
		n=0
		while IFS= read -r f; do
			f=${f#$'\t'}
			[ -n "$f" ] && [ -z "${bad[$f]:-}" ] && { bad[$f]=1; n=$((n + 1)); }
		done < <(printf '%s\n' "$out" | grep $'^\t' || true)
		[ $n -gt 0 ] || break
		local -a keep=()
		for f in "${left[@]}"; do [ -n "${bad[$f]:-}" ] || keep+=("$f"); done
		left=("${keep[@]}")
	done
	[ ${#left[@]} -eq 0 ] || printf '%s\n' "${left[@]}"
}

# snapshot_tapir SRC DIR: copies the tapir binary SRC into DIR and prints the
# copy's path, so a suite measures one binary even when someone relinks
# build/tapir meanwhile (the shared tree is built by several people). Retries
# a few times while SRC is missing or half-written.
snapshot_tapir() {
	local i
	for i in 1 2 3 4 5 6; do
		if [ -x "$1" ] && cp "$1" "$2/tapir" 2>/dev/null && "$2/tapir" -v >/dev/null 2>&1; then
			echo "$2/tapir"; return 0
		fi
		sleep 5
	done
	return 1
}
