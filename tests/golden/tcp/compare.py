#!/usr/bin/env python3
"""compare.py TAPIR GOLDEN_DIR CAPTURES_DIR

The TCP golden suite (run by run-tcp.sh). For every capture of
tcp/captures.list, runs TAPIR with the fields of tcp/fields.list and
compares cell by cell with tshark's answers in tcp/<capture>.tsv.

A TCP packet is a row where either side has tcp.srcport. It agrees when
every compared cell is equal. Gates:
  - per capture: every cell equal, except (capture, field) pairs excused in
    KNOWN_DIFFS.md ("| capture | field | reason |" rows);
  - overall: >= 99.9 % of all TCP packets agree (excused cells are left
    out, as in run-fields.sh; a field "tcp.*" excuses every tcp field);
  - tcp.stream and the retransmission, duplicate_ack, out_of_order and
    zero_window flags: 100 % unless excused.
Summary lines of TCP packets (tshark's default output, spaces collapsed)
are compared and reported; they depend on the application dissectors too,
so they are not a gate here (run-summary.sh owns that).
Prints one line per test and "N passed, N failed"; exit 1 on failure."""
import hashlib
import os
import re
import subprocess
import sys

GATED = ["tcp.stream", "tcp.analysis.retransmission",
         "tcp.analysis.duplicate_ack", "tcp.analysis.out_of_order",
         "tcp.analysis.zero_window"]
HASHED = {"tcp.payload"}


def read_list(path):
    out = []
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def excused_pairs(known):
    pairs = set()
    if not os.path.exists(known):
        return pairs
    for line in open(known):
        m = re.match(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|", line)
        if m and m.group(1) not in ("capture", "---------") \
                and not m.group(1).startswith("-"):
            pairs.add((m.group(1), m.group(2)))
    return pairs


def is_excused(excused, cap, field):
    for c, f in excused:
        if c not in (cap, "*"):
            continue
        if f == field or (f.endswith("*") and field.startswith(f[:-1])):
            return True
    return False


def digest(cell):
    if cell == "":
        return ""
    return "%d:%s" % (len(cell), hashlib.sha1(cell.encode()).hexdigest()[:16])


def parse_tsv(text):
    lines = [l for l in text.split("\n") if l]
    if not lines:
        return [], {}
    header = lines[0].split("\t")
    rows = {}
    for l in lines[1:]:
        cells = l.split("\t")
        cells += [""] * (len(header) - len(cells))
        rows[cells[0]] = dict(zip(header, cells))
    return header, rows


def norm_summary(line):
    return " ".join(line.split())


def frame_of(line):
    parts = line.split()
    return parts[0] if parts else None


def main():
    tapir, golden, captures = sys.argv[1:4]
    tcpdir = os.path.join(golden, "tcp")
    fields = read_list(os.path.join(tcpdir, "fields.list"))
    caps = read_list(os.path.join(tcpdir, "captures.list"))
    excused = excused_pairs(os.path.join(golden, "KNOWN_DIFFS.md"))
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    passed = failed = 0
    tot_pk = tot_ok = tot_raw = 0
    tot_sum = tot_sum_ok = 0
    gate_bad = {}
    for cap in caps:
        exp_path = os.path.join(tcpdir, cap + ".tsv")
        if not os.path.exists(exp_path):
            print("FAIL %s: no expected file (run tests/golden/regen-tcp)" % cap)
            failed += 1
            continue
        _, exp = parse_tsv(open(exp_path, encoding="utf-8", errors="replace").read())
        args = [tapir, "-r", os.path.join(captures, cap), "-T", "fields",
                "-E", "header=y", "-E", "occurrence=a", "-E", "aggregator=,",
                "-e", "frame.number"]
        for f in fields:
            args += ["-e", f]
        p = subprocess.run(args, capture_output=True, env=env)
        _, got = parse_tsv(p.stdout.decode("utf-8", "replace"))
        npk = nok = nraw = 0
        bad = {}
        hard = 0
        for num, er in exp.items():
            gr = got.get(num, {})
            if not er.get("tcp.srcport") and not gr.get("tcp.srcport"):
                continue
            npk += 1
            ok = True
            raw = True
            for f in fields:
                ev = er.get(f, "")
                gv = gr.get(f, "")
                if f in HASHED:
                    gv = digest(gv)
                if ev != gv:
                    raw = False
                    bad.setdefault(f, []).append((num, ev, gv))
                    if not is_excused(excused, cap, f):
                        ok = False
                        hard += 1
                        if f in GATED:
                            gate_bad[f] = gate_bad.get(f, 0) + 1
            nok += ok
            nraw += raw
        tot_pk += npk
        tot_ok += nok
        tot_raw += nraw
        # summary lines of TCP frames
        sum_path = os.path.join(tcpdir, cap + ".summary")
        sline = ""
        if os.path.exists(sum_path):
            tcp_frames = {n for n, er in exp.items() if er.get("tcp.srcport")}
            es = {frame_of(l): norm_summary(l) for l in open(sum_path, encoding="utf-8", errors="replace")}
            ps = subprocess.run([tapir, "-r", os.path.join(captures, cap)],
                                capture_output=True, env=env)
            gs = {frame_of(l): norm_summary(l) for l in
                  ps.stdout.decode("utf-8", "replace").split("\n") if l.strip()}
            ns = sum(1 for n in tcp_frames if n in es)
            nso = sum(1 for n in tcp_frames if n in es and es[n] == gs.get(n))
            tot_sum += ns
            tot_sum_ok += nso
            sline = ", summary lines %d/%d" % (nso, ns)
        pct = 100.0 * nok / npk if npk else 100.0
        status = "PASS" if hard == 0 else "FAIL"
        print("%s %s: %d/%d TCP packets agree (%.2f%%)%s" % (status, cap, nok, npk, pct, sline))
        for f, l in sorted(bad.items()):
            tag = " (excused)" if is_excused(excused, cap, f) else ""
            ex = "; ".join("frame %s: tshark '%s' tapir '%s'" % (n, e[:40], g[:40]) for n, e, g in l[:3])
            print("    %s: %d cells differ%s — %s" % (f, len(l), tag, ex))
        if hard:
            failed += 1
        else:
            passed += 1
    pct = 100.0 * tot_ok / tot_pk if tot_pk else 100.0
    ok = pct >= 99.9
    print("%s overall: %d/%d TCP packets agree (%.3f%%, gate 99.9%%)" %
          ("PASS" if ok else "FAIL", tot_ok, tot_pk, pct))
    passed += ok
    failed += not ok
    print("INFO without excuses: %d/%d TCP packets agree in every cell (%.3f%%)" %
          (tot_raw, tot_pk, 100.0 * tot_raw / tot_pk if tot_pk else 100.0))
    for f in GATED:
        good = gate_bad.get(f, 0) == 0
        print("%s gate %s: %d unexcused cells differ" % ("PASS" if good else "FAIL", f, gate_bad.get(f, 0)))
        passed += good
        failed += not good
    if tot_sum:
        print("INFO summary lines of TCP packets: %d/%d equal (%.2f%%; not a gate)" %
              (tot_sum_ok, tot_sum, 100.0 * tot_sum_ok / tot_sum))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
