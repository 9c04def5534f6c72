#!/usr/bin/env python3
"""hashcol.py COLUMN... < tsv > tsv

Replaces each named column of a `-T fields -E header=y` TSV (header line
first) by "length:sha1-prefix" of its hex value, so large payload columns
compare exactly while the expected files stay small. An empty cell stays
empty. Used by regen-tcp (tshark's output) and run-tcp.sh (tapir's)."""
import hashlib
import sys


def digest(cell):
    if cell == "":
        return ""
    # several occurrences are joined by ','; hash the whole cell
    return "%d:%s" % (len(cell), hashlib.sha1(cell.encode()).hexdigest()[:16])


def main():
    names = set(sys.argv[1:])
    inp = sys.stdin.buffer.read().decode("utf-8", "replace").split("\n")
    if not inp or not inp[0]:
        return
    header = inp[0].split("\t")
    idx = [i for i, h in enumerate(header) if h in names]
    out = [inp[0]]
    for line in inp[1:]:
        if line == "":
            continue
        cells = line.split("\t")
        for i in idx:
            if i < len(cells):
                cells[i] = digest(cells[i])
        out.append("\t".join(cells))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
