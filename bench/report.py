#!/usr/bin/env python3
"""Helpers of bench/run.sh (standard library only).

  report.py --median-peak HTTP_JSONL DB MODE        the median peak req/s of one endpoint
  report.py --time-validate BASE_URL RULES_DIR N    times POST /api/v1/rules/validate (compile + every case)
  report.py --write RESULTS_DIR README              writes RESULTS_DIR/summary.md and the README's results section
"""
import base64
import glob
import json
import os
import statistics
import sys
import time
import urllib.request

BEGIN = "<!-- results:begin (bench/run.sh rewrites this section) -->"
END = "<!-- results:end -->"
MODE_NAMES = {
    "floor": "floor (no-op endpoint, same JSON)",
    "evaluate": "`POST /evaluate`",
    "record": "`POST /refund-decisions` (recorded; 1,000 shops, half with a strategy)",
    "record-hot": "`POST /refund-decisions` (recorded; one shop: the hot spot)",
    "refused": "`POST /evaluate` refused with 400 (error path)",
}


def http_rows(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def median_peak(rows, db, mode):
    peaks = [r["rps"] for r in rows if r["db"] == db and r["mode"] == mode and r["phase"] == "peak"]
    return statistics.median(peaks) if peaks else None


def time_validate(base, rules_dir, count):
    files = {}
    for path in sorted(glob.glob(os.path.join(rules_dir, "**", "*.drl"), recursive=True)):
        files[os.path.relpath(path, rules_dir).replace(os.sep, "/")] = open(path, encoding="utf-8").read()
    body = json.dumps({"files": files}).encode()
    auth = base64.b64encode(b"operator:operator-secret").decode()
    times, answer = [], None
    for _ in range(count):
        request = urllib.request.Request(base + "/api/v1/rules/validate", data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": "Basic " + auth})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        times.append((time.perf_counter() - started) * 1000)
    return {"calls": count, "firstMs": round(times[0], 1), "medianOfRestMs": round(statistics.median(times[1:]), 1),
            "minMs": round(min(times), 1), "lastMs": round(times[-1], 1), "allMs": [round(t) for t in times],
            "valid": answer.get("valid"), "casesPassed": answer.get("casesPassed")}


def jmh(path):
    if not os.path.exists(path):
        return []
    return json.load(open(path, encoding="utf-8"))


def us_per_op(result):
    metric = result["primaryMetric"]
    if metric["scoreUnit"] == "ops/s":
        return 1e6 / metric["score"] * result["threads"]
    return metric["score"]


def fmt(value, digits=2):
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return value
    if value is None or value != value:
        return "n/a"
    return f"{value:,.{digits}f}"


def part_run(results, part):
    """When the part's results were measured: a run with SKIP_… keeps another part's results from an earlier run."""
    path = os.path.join(results, f"part-{part}.txt")
    if not os.path.exists(path):
        return "Measured in an earlier run than this one (no record kept; see `git log bench/results`)."
    return "Measured: " + open(path, encoding="utf-8").read().strip() + "."


def write(results, readme):
    out = []
    machine = open(os.path.join(results, "machine.txt"), encoding="utf-8").read().strip().splitlines()
    out.append("Machine and last run: " + "; ".join(machine) + ". Each table below says when it was measured.")
    out.append("")
    goals = []

    # ---- JMH decisions
    one = {r["benchmark"].rsplit(".", 1)[1]: r for r in jmh(os.path.join(results, "jmh-decision-1t.json"))}
    two = {r["benchmark"].rsplit(".", 1)[1]: r for r in jmh(os.path.join(results, "jmh-decision-2t.json"))}
    if one:
        out.append("### One decision in process (JMH, the 16-request mix, same run)")
        out.append("")
        out.append(part_run(results, "jmh"))
        out.append("")
        out.append("| evaluator | threads | µs per decision (per thread) | decisions/s (all threads) | ± (99.9%) | × hand-written |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
        hand1 = one.get("handWritten")
        names = {"drl": "DRL, `RuleSet.evaluate` (pooled sessions)", "drlNewSession": "DRL, new session per decision (before)",
                 "handWritten": "hand-written Java (the floor)"}
        for table, threads in ((one, 1), (two, 2)):
            hand = table.get("handWritten")
            for name in ("drl", "drlNewSession", "handWritten"):
                if name not in table:
                    continue
                r = table[name]
                ratio = us_per_op(r) / us_per_op(hand) if hand else None
                out.append(f"| {names[name]} | {threads} | {fmt(us_per_op(r))} | {fmt(r['primaryMetric']['score'], 0)} | "
                           f"{fmt(r['primaryMetric']['scoreError'], 0)} | {fmt(ratio, 0)}× |")
        out.append("")
        drl1 = us_per_op(one["drl"])
        goals.append(("≤ 2 µs per decision, single-threaded, shipped rules", f"{drl1:.2f} µs "
                      f"({one['drl']['primaryMetric']['score']:,.0f}/s; new session per decision "
                      f"{us_per_op(one['drlNewSession']):.2f} µs; hand-written {us_per_op(hand1):.3f} µs)",
                      "met" if drl1 <= 2 else f"missed: {drl1 / 2:.2f}× the goal"))
        if "drl" in two:
            scaling = two["drl"]["primaryMetric"]["score"] / one["drl"]["primaryMetric"]["score"]
            hand_scaling = two["handWritten"]["primaryMetric"]["score"] / hand1["primaryMetric"]["score"] if hand1 and "handWritten" in two else None
            goals.append(("near-linear scaling to both cores", f"2 threads: {scaling:.2f}× the 1-thread rate "
                          f"(hand-written: {fmt(hand_scaling)}×)", "met" if scaling >= 1.7 else "missed"))

    # ---- HTTP
    rows = http_rows(os.path.join(results, "http.jsonl"))
    if rows:
        out.append("### Over HTTP on loopback (wrk, 1 thread, 64 connections at peak; median of the peak rounds)")
        out.append("")
        out.append(part_run(results, "http"))
        out.append("")
        out.append("| storage | endpoint | peak req/s | × floor | p50 / p99 at peak (ms) | req/s at half peak | "
                   "p50 / p99 at half peak (ms) | non-2xx |")
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for db in ("h2", "pg"):
            floor = median_peak(rows, db, "floor")
            for mode in ("floor", "evaluate", "record", "record-hot", "refused"):
                peak = median_peak(rows, db, mode)
                if peak is None:
                    continue
                peaks = [r for r in rows if r["db"] == db and r["mode"] == mode and r["phase"] == "peak"]
                at_peak = min(peaks, key=lambda r: abs(r["rps"] - peak))
                half = [r for r in rows if r["db"] == db and r["mode"] == mode and r["phase"] == "half"]
                half = half[-1] if half else None
                out.append(f"| {'H2' if db == 'h2' else 'PostgreSQL'} | {MODE_NAMES[mode]} | {peak:,.0f} | "
                           f"{peak / floor:.0%} | {at_peak['p50_ms']:.1f} / {at_peak['p99_ms']:.1f} | "
                           f"{fmt(half['rps'], 0) if half else 'n/a'} | "
                           f"{(str(round(half['p50_ms'], 1)) + ' / ' + str(round(half['p99_ms'], 1))) if half else 'n/a'} | "
                           f"{sum(r['non2xx'] for r in peaks)} |")
        out.append("")
        for db, label in (("h2", "H2"), ("pg", "PostgreSQL")):
            floor = median_peak(rows, db, "floor")
            evaluate = median_peak(rows, db, "evaluate")
            record = median_peak(rows, db, "record")
            evaluate_goal, record_goal = (0.79, 0.40) if db == "h2" else (0.70, 0.35)
            if floor and evaluate:
                goals.append((f"`/evaluate` ≥ {evaluate_goal:.0%} of the floor's throughput ({label})", f"{evaluate / floor:.0%}",
                              "met" if evaluate / floor >= evaluate_goal else f"missed by {evaluate_goal - evaluate / floor:.0%} of the floor"))
            if floor and record:
                goals.append((f"recorded decisions over 1,000 shops ≥ {record_goal:.0%} of the floor ({label})", f"{record / floor:.0%}",
                              "met" if record / floor >= record_goal else f"missed by {record_goal - record / floor:.0%} of the floor"))
        for db, label in (("h2", "H2"), ("pg", "PostgreSQL")):
            halves = [r for r in rows if r["db"] == db and r["phase"] == "half" and r["mode"] in ("evaluate", "record")]
            for r in halves:
                goals.append((f"p99 < 10 ms at half the peak rate, {MODE_NAMES[r['mode']]} ({label})",
                              f"{r['p99_ms']:.1f} ms at {r['rps']:,.0f} req/s",
                              "met" if r["p99_ms"] < 10 else f"missed: {r['p99_ms'] / 10:.1f}× the bound"))

    validate = os.path.join(results, "rules-validate.json")
    if os.path.exists(validate):
        v = json.load(open(validate, encoding="utf-8"))
        out.append(f"Rebuild of the shipped rules in the running service (`POST /api/v1/rules/validate`: compile and run "
                   f"all {v['casesPassed']} cases, over HTTP): first call {v['firstMs']:.0f} ms, then median "
                   f"{v['medianOfRestMs']:.0f} ms (min {v['minMs']:.0f} ms, last {v.get('lastMs', 0):.0f} ms) over {v['calls'] - 1} more "
                   f"calls, one after another (all, ms: {', '.join(str(t) for t in v.get('allMs', []))}).")
        out.append("")

    # ---- rules scale
    scale = jmh(os.path.join(results, "jmh-scale.json"))
    builds = {}
    build_path = os.path.join(results, "scale-build.jsonl")
    if os.path.exists(build_path):
        for line in open(build_path, encoding="utf-8"):
            if line.strip():
                b = json.loads(line)
                builds[f"{b['kind']}:{b['rules']}"] = b
    if scale:
        by = {r["params"]["grown"]: r for r in scale}
        base = us_per_op(by["none:0"]) if "none:0" in by else None
        out.append("### Rules scale (shipped rules + generated rules that never match; JMH, 1 thread)")
        out.append("")
        out.append(part_run(results, "jmh"))
        out.append("")
        out.append("| generated rules | kind | rules in all | first build, fresh JVM (s) | rebuild (s) | heap kept by the built rule set (MiB) | "
                   "µs per decision | × shipped alone |")
        out.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        order = sorted(by, key=lambda k: (k.split(":")[0] != "none", k.split(":")[0], int(k.split(":")[1])))
        for key in order:
            r = by[key]
            b = builds.get(key, {})
            kind, count = key.split(":")
            us = us_per_op(r)
            out.append(f"| {int(count):,} | {kind if kind != 'none' else '(shipped rules alone)'} | {b.get('totalRules', 'n/a')} | "
                       f"{fmt(b.get('firstBuildMs', 0) / 1000)} | {fmt(b.get('rebuildMs', 0) / 1000)} | "
                       f"{fmt(b.get('retainedHeapMiB'))} | {fmt(us)} | {fmt(us / base if base else None)}× |")
        out.append("")
        for kind in ("indexed", "predicate", "joined"):
            r = by.get(f"{kind}:1000")
            if r and base:
                ratio = us_per_op(r) / base
                goals.append((f"1,000 never-matching rules at most double a decision ({kind})", f"{ratio:.1f}×",
                              "met" if ratio <= 2 else f"missed: {ratio / 2:.1f}× the bound"))
        if "none:0" in builds:
            b = builds["none:0"]
            measured = f"in process: {b['rebuildMs']:.0f} ms (first build in a fresh JVM {b['firstBuildMs'] / 1000:.1f} s)"
            verdict = "met" if b["rebuildMs"] < 1000 else "missed"
            if os.path.exists(validate):
                v = json.load(open(validate, encoding="utf-8"))
                measured += (f"; in the service with its {v['casesPassed']} cases: first call after start-up "
                             f"{v['firstMs']:.0f} ms, then median {v['medianOfRestMs']:.0f} ms")
                if v["medianOfRestMs"] >= 1000:
                    verdict = "missed in the service"
                elif v["firstMs"] >= 1000:
                    verdict = f"met once warm; the first rebuild after start-up takes {v['firstMs'] / 1000:.1f} s"
            goals.append(("rebuild of the shipped rules < 1 s", measured, verdict))

    # ---- profiles
    for name, title in (("decision", "a decision of the shipped rules"),
                        ("predicate-1000", "a decision with 1,000 generated `predicate` rules"),
                        ("joined-1000", "a decision with 1,000 generated `joined` rules")):
        path = os.path.join(results, f"profile-{name}.txt")
        if os.path.exists(path):
            text = open(path, encoding="utf-8").read().strip().splitlines()
            out.append(f"<details><summary>CPU profile of {title} (async-profiler)</summary>")
            out.append("")
            out.extend(text)
            out.append("")
            out.append("</details>")
            out.append("")

    if goals:
        goal_lines = ["### Goals", "", "| goal | measured | verdict |", "| --- | --- | --- |"]
        goal_lines += [f"| {g} | {m} | {v} |" for g, m, v in goals]
        out = out[:2] + goal_lines + [""] + out[2:]

    summary = "\n".join(out).rstrip() + "\n"
    open(os.path.join(results, "summary.md"), "w", encoding="utf-8").write(summary)
    text = open(readme, encoding="utf-8").read()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        open(readme, "w", encoding="utf-8").write(head + BEGIN + "\n" + summary + END + tail)
    print(summary)


def main():
    if sys.argv[1] == "--median-peak":
        print(median_peak(http_rows(sys.argv[2]), sys.argv[3], sys.argv[4]))
    elif sys.argv[1] == "--time-validate":
        print(json.dumps(time_validate(sys.argv[2], sys.argv[3], int(sys.argv[4]))))
    elif sys.argv[1] == "--write":
        write(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
