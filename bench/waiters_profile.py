#!/usr/bin/env python3
"""Where the service's Java CPU goes during bench/waiters.sh's phases, and its GC pauses, from its JFR recording
(PROFILE=1).

  waiters_profile.py results/waiters.json waiters.jfr

Execution samples (jdk.ExecutionSample: threads running Java code; the JIT compilers and GC are not in them, see
each phase's serviceCpuCoresByThreads for those) are told apart by the phases' wall-clock times and sorted into
what the service was doing, by the first rule that matches the sample's stack. Prints one markdown table: samples
per second of each kind of phase (comparable between phases: the sampling rate is fixed), by activity; then the
collections and their pauses in each kind of phase (jdk.GarbageCollection). (The live heap with and without the
waiters is in results/waiters.json, "heap", from class histograms after full collections.)
Samples are taken of threads in Java code whether or not the OS runs them: on an overloaded machine they measure
time in Java code rather than CPU; the CPU of each thread group is in results/waiters.json (serviceCpuCoresByThreads).
"""
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime, timezone

RULES = [  # (activity, thread regex or None, frame regex or None): the first that matches wins
    ("bearer JWT verification (the waiters' requests)", None, r"io\.smallrye\.jwt|org\.jose4j"),
    ("POST /evaluate (wrk)", None, r"DecisionResource\.evaluate"),
    ("POST /refund-decisions (the refunds recorded)", None, r"DecisionResource\.record"),
    ("long-poll requests (EventResource.feed, LongPolls)", None, r"EventResource\.feed|LongPolls"),
    ("SSE stream set-up (EventResource.stream, EventStreamer)", None, r"EventResource\.stream|EventStreamer\.stream"),
    ("event poller (EventWaiters: queries, hand-over)", r"^refund-event-poller", None),
    ("SSE writes (events, heartbeats)", None, r"SseUtil|PublisherResponseHandler|IntervalMulti|SseEventSink"),
    ("JSON writing (Jackson), elsewhere", None, r"com\.fasterxml\.jackson\.databind\.ser"),
    ("other, event loops (HTTP, Basic auth, routing)", r"^vert\.x-eventloop", None),
    ("other, worker threads", r"^executor-thread", None),
    ("other", None, None),
]


def kind(phase):
    name = phase["phase"]
    if name.startswith("wrk /evaluate without"):
        return "wrk, no waiters"
    if name.startswith("wrk /evaluate with"):
        return "wrk, 10,000 waiters"
    if name.startswith("refunds to waiters"):
        return "refunds, waiters, no wrk"
    if name.startswith("idle, waiters held"):
        return "idle, waiters held"
    return None


UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0,
         "bytes": 1, "byte": 1, "kB": 2 ** 10, "MB": 2 ** 20, "GB": 2 ** 30}


def quantity(text):
    """'31.1 ms' in seconds, '51.9 MB' in bytes."""
    number, _, unit = text.strip().partition(" ")
    return float(number) * UNITS.get(unit, 1)


def events(path, names, stack_depth=0):
    """The recording's events of these types, as dicts, read from `jfr print`'s text line by line (its JSON for a
    recording of a whole run takes gigabytes)."""
    command = ["jfr", "print", "--events", ",".join(names)]
    if stack_depth:
        command += ["--stack-depth", str(stack_depth)]
    with subprocess.Popen(command + [path], stdout=subprocess.PIPE, text=True, bufsize=1 << 20) as jfr:
        event, frames = None, None
        for line in jfr.stdout:
            if event is None:
                if line.endswith(" {\n") and not line.startswith(" "):
                    event = {"type": line[:-3]}
                continue
            stripped = line.strip()
            if frames is not None:
                if stripped == "]":
                    event["frames"], frames = frames, None
                elif stripped != "...":
                    frames.append(stripped)
            elif stripped == "}" and not line.startswith("  "):
                yield event
                event = None
            elif stripped == "stackTrace = [":
                frames = []
            elif " = " in stripped and line.startswith("  ") and not line.startswith("    "):
                key, _, value = stripped.partition(" = ")
                event[key] = value.strip('"')


def day_millis(clock, reference_ms):
    """A time of day 'HH:MM:SS.mmm' (UTC, as jfr prints it here) on the day of the reference instant, in ms."""
    day = datetime.fromtimestamp(reference_ms / 1000, timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    h, m, sec = clock.split(":")
    return (day.timestamp() + int(h) * 3600 + int(m) * 60 + float(sec)) * 1000


def gc_table(path, phases, seconds, kinds, reference_ms):
    collections, heap_after = {}, {}
    for e in events(path, ["jdk.GarbageCollection", "jdk.GCHeapSummary"]):
        if e["type"] == "jdk.GarbageCollection":
            collections[e["gcId"]] = (day_millis(e["startTime"], reference_ms), quantity(e["sumOfPauses"]),
                                      quantity(e["longestPause"]))
        elif e.get("when") == "After GC":
            heap_after[e["gcId"]] = quantity(e["heapUsed"])
    count, pauses, longest, after = Counter(), defaultdict(float), defaultdict(float), defaultdict(list)
    for gc_id, (at, pause, long_pause) in collections.items():
        k = next((k for start, end, k in phases if start <= at < end), None)
        if k is None:
            continue
        count[k] += 1
        pauses[k] += pause
        longest[k] = max(longest[k], long_pause)
        if gc_id in heap_after:
            after[k].append(heap_after[gc_id] / 2 ** 20)
    print()
    print("| garbage collection | " + " | ".join(kinds) + " |")
    print("| --- |" + " ---: |" * len(kinds))
    print("| collections per minute | " + " | ".join(f"{count[k] / seconds[k] * 60:.1f}" for k in kinds) + " |")
    print("| pauses, share of the time | " + " | ".join(f"{pauses[k] / seconds[k]:.1%}" for k in kinds) + " |")
    print("| longest pause (ms) | " + " | ".join(f"{longest[k] * 1000:.0f}" for k in kinds) + " |")


def main():
    results = json.load(open(sys.argv[1]))
    phases = [(p["startedAtMs"], p["endedAtMs"], kind(p)) for p in results["phases"] if kind(p) and "endedAtMs" in p]
    seconds = defaultdict(float)
    for start, end, k in phases:
        seconds[k] += (end - start) / 1000
    reference_ms = results["phases"][0]["startedAtMs"]
    counts = defaultdict(Counter)
    rules = [(a, re.compile(t) if t else None, re.compile(f) if f else None) for a, t, f in RULES]
    for e in events(sys.argv[2], ["jdk.ExecutionSample"], stack_depth=96):
        at = day_millis(e["startTime"], reference_ms)
        k = next((k for start, end, k in phases if start <= at < end), None)
        if k is None:
            continue
        thread = e.get("sampledThread", "").split('"')[0]
        frames = " ".join(e.get("frames", []))
        for activity, t, f in rules:
            if (t is None or t.search(thread)) and (f is None or f.search(frames)):
                counts[k][activity] += 1
                break
    kinds = [k for k in ("wrk, no waiters", "wrk, 10,000 waiters", "refunds, waiters, no wrk", "idle, waiters held")
             if seconds[k] > 0]
    print("| activity (Java execution samples per second) | " + " | ".join(kinds) + " |")
    print("| --- |" + " ---: |" * len(kinds))
    for activity, _, _ in RULES:
        print(f"| {activity} | " + " | ".join(f"{counts[k][activity] / seconds[k]:.1f}" for k in kinds) + " |")
    print("| **all** | " + " | ".join(f"**{sum(counts[k].values()) / seconds[k]:.1f}**" for k in kinds) + " |")
    print("| seconds of such phases | " + " | ".join(f"{seconds[k]:.0f}" for k in kinds) + " |")
    gc_table(sys.argv[2], phases, seconds, kinds, reference_ms)
    evaluate = [results["phases"][i] for i in range(len(results["phases"])) if kind(results["phases"][i]) in
                ("wrk, no waiters", "wrk, 10,000 waiters")]
    per = defaultdict(list)
    for p in evaluate:
        per[kind(p)].append(p["rps"])
    print()
    for k in ("wrk, no waiters", "wrk, 10,000 waiters"):
        if per[k] and counts[k]["POST /evaluate (wrk)"]:
            rate = sum(per[k]) / len(per[k])
            print(f"- {k}: {counts[k]['POST /evaluate (wrk)'] / seconds[k] / rate * 1000:.1f} samples in "
                  f"`DecisionResource.evaluate` per 1,000 requests ({rate:,.0f} req/s on average)")


if __name__ == "__main__":
    main()
