"""Timing that reports the median of several rounds, so one slow round does not decide the figure."""
import statistics
import time


def per_second(work, count, rounds=5):
    """Run ``work(count)`` ``rounds`` times; return the median operations per second."""
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        work(count)
        rates.append(count / (time.perf_counter() - started))
    return statistics.median(rates)


def report(title, rows):
    """Print ``rows`` of ``(label, ops_per_second)``: ours first, then peers with ours as a share of theirs."""
    print(f"\n## {title}")
    ours = rows[0][1]
    for index, (label, rate) in enumerate(rows):
        relation = "" if index == 0 else f"   ours = {ours / rate:.2f} x this"
        print(f"  {label:<58} {rate:>10,.1f} /s{relation}")
