#!/usr/bin/env python3
"""Where the service's Java CPU goes during bench/waiters.sh's phases, and its GC pauses, from its JFR recording
(PROFILE=1).

  waiters_profile.py results/waiters.json waiters.jfr

Execution samples (jdk.ExecutionSample: threads running Java code; the JIT compilers and GC are not in them, see
each phase's serviceCpuCoresByThreads for those) are told apart by the phases' wall-clock times and sorted into
what the service was doing, by the first rule that matches the sample's stack. Prints one markdown table: samples
per second of each kind of phase (comparable between phases: the sampling rate is fixed), by activity; then the
young-collection pauses and the heap after them in each kind of phase (jdk.GarbageCollection, jdk.GCHeapSummary).
Samples are taken of threads in Java code whether or not the OS runs them: on an overloaded machine they measure
time in Java code rather than CPU; the CPU of each thread group is in results/waiters.json (serviceCpuCoresByThreads).
"""
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime

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


def seconds_of(duration):
    match = re.fullmatch(r"PT(?:(\d+)M)?([\d.]+)S", duration)
    return (int(match.group(1) or 0) * 60 + float(match.group(2))) if match else 0.0


def timestamp(value):
    return datetime.fromisoformat(value["startTime"].replace("Z", "+00:00")).timestamp() * 1000


def gc_table(path, phases, seconds, kinds):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.GarbageCollection,jdk.GCHeapSummary", path],
                         check=True, capture_output=True, text=True).stdout
    collections, heap_after = {}, {}
    for e in json.loads(out)["recording"]["events"]:
        v = e["values"]
        if e["type"] == "jdk.GarbageCollection":
            collections[v["gcId"]] = (timestamp(v), seconds_of(v["sumOfPauses"]), seconds_of(v["longestPause"]))
        elif v.get("when") == "After GC":
            heap_after[v["gcId"]] = v["heapUsed"]
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
    print("| heap after a collection, median (MiB) | "
          + " | ".join(f"{sorted(after[k])[len(after[k]) // 2]:.0f}" if after[k] else "" for k in kinds) + " |")


def main():
    results = json.load(open(sys.argv[1]))
    phases = [(p["startedAtMs"], p["endedAtMs"], kind(p)) for p in results["phases"] if kind(p) and "endedAtMs" in p]
    seconds = defaultdict(float)
    for start, end, k in phases:
        seconds[k] += (end - start) / 1000
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample", sys.argv[2]],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    counts = defaultdict(Counter)
    rules = [(a, re.compile(t) if t else None, re.compile(f) if f else None) for a, t, f in RULES]
    for e in events:
        v = e["values"]
        at = datetime.fromisoformat(v["startTime"].replace("Z", "+00:00")).timestamp() * 1000
        k = next((k for start, end, k in phases if start <= at < end), None)
        if k is None:
            continue
        thread = (v.get("sampledThread") or {}).get("javaName") or ""
        frames = " ".join(f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                          for f in (v.get("stackTrace") or {}).get("frames", []))
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
    gc_table(sys.argv[2], phases, seconds, kinds)
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
