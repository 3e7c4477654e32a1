#!/usr/bin/env python3
"""Summarises an async-profiler collapsed-stack file of one JMH benchmark: the share of the benchmark's CPU
samples spent in (inclusive of callees) each frame of a fixed list, and the hottest frames by self time.

usage: profile_summary.py COLLAPSED ROOT_FRAME US_PER_OP [FRAME ...]"""
import collections
import sys

DEFAULT_FRAMES = [
    ("PooledSession.decide", "decide: insert the request, fire the rules"),
    ("StatefulKnowledgeSessionImpl.insert", "  insert the request's facts (alpha network, left inputs)"),
    ("StatefulKnowledgeSessionImpl.fireAllRules", "  fireAllRules (network evaluation and consequences)"),
    ("RuleExecutor.fireActivationEvent", "    rule consequences (their inserts included)"),
    ("DefaultKnowledgeHelper.insert", "      inserts by consequences (Unmet, Approval)"),
    ("PooledSession.empty", "empty the pooled session: delete every fact"),
    ("MVELConstraint.isAllowed", "constraint evaluation (MVEL), anywhere"),
    ("NotRight.assertObject", "Unmet reaching `not` join memories, anywhere"),
    ("notifyAllListeners", "event listeners (DecisionTrace), anywhere"),
    ("DecisionTrace.toEvaluation", "build the Evaluation"),
    ("ConcurrentLinkedDeque", "session pool"),
]


def main():
    path, root, us_per_op = sys.argv[1], sys.argv[2], float(sys.argv[3])
    frames = [(f, f) for f in sys.argv[4:]] or DEFAULT_FRAMES
    inclusive = collections.Counter()
    own = collections.Counter()
    total = 0
    for line in open(path, encoding="utf-8"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if root not in stack:
            continue
        count = int(count)
        total += count
        for needle, _ in frames:
            if needle in stack:
                inclusive[needle] += count
        own[stack.split(";")[-1].replace("_[j]", "").replace("_[i]", "")] += count
    if total == 0:
        print("no samples under " + root)
        return
    print(f"{total} CPU samples under {root}; {us_per_op:.2f} us per decision")
    print()
    print("| share | ~us/decision | where (inclusive of callees) |")
    print("| ---: | ---: | --- |")
    for needle, label in frames:
        share = inclusive[needle] / total
        print(f"| {100 * share:.0f}% | {share * us_per_op:.2f} | {label} (`{needle}`) |")
    print()
    print("Hottest frames by self time:")
    print()
    for frame, count in own.most_common(12):
        print(f"    {100 * count / total:5.1f}%  {frame[:140]}")


if __name__ == "__main__":
    main()
