#!/usr/bin/env python3
"""Whole-process cost of `openness license detect` (and of a catalogue command), as a user sees it.

Run from the workspace root after `cargo build --release -p openness-cli`:

    python3 crates/openness-detect/benches/whole_process.py [--runs 10] [--binary target/release/openness]

Unpacks `../shared/bench/licence-files-200.tar.xz` into the temporary directory on first use, then
runs each case `--runs` times pinned to CPU 0 and prints the medians of wall time, CPU time
(user + sys) and peak RSS. The figures come from `wait4(2)`, the call `/usr/bin/time -v` reads,
here with microseconds where `time` prints hundredths of a second. CPU time is the figure to
compare on a shared machine (the load average is printed with it); wall time grows with the load.
"""

import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time

ARCHIVE = "../shared/bench/licence-files-200.tar.xz"


def corpus():
    target = os.path.join(tempfile.gettempdir(), "openness-licence-files-200")
    files = sorted(glob.glob(os.path.join(target, "corpusC", "*")))
    if not files:
        if not os.path.exists(ARCHIVE):
            sys.exit(f"skipped: {ARCHIVE} is absent (run from the workspace root, with ../shared beside it)")
        os.makedirs(target, exist_ok=True)
        subprocess.run(["tar", "-xJf", ARCHIVE, "-C", target], check=True)
        files = sorted(glob.glob(os.path.join(target, "corpusC", "*")))
    return files


def run_once(argv):
    """(wall s, cpu s, max RSS KiB, exit status) of one run on CPU 0."""
    start = time.perf_counter()
    child = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=lambda: os.sched_setaffinity(0, {0}),
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def measure(label, argv, runs, items):
    samples = [run_once(argv) for _ in range(runs)]
    wall = statistics.median(s[0] for s in samples)
    cpu = statistics.median(s[1] for s in samples)
    rss = statistics.median(s[2] for s in samples)
    codes = sorted({s[3] for s in samples})
    rate = f"  {items / cpu:,.0f} files/s of CPU" if items > 1 else ""
    print(f"{label:<34} wall {wall * 1e3:7.1f} ms  cpu {cpu * 1e3:7.1f} ms  rss {rss / 1024:5.1f} MiB"
          f"  exit {codes}{rate}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--binary", default="target/release/openness")
    args = parser.parse_args()
    files = corpus()
    one = next(f for f in files if f.endswith("__LICENSE-MIT"))
    print(f"{len(files)} files; {args.runs} runs each, medians; CPU 0; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    measure("license detect, 200 files", [args.binary, "license", "detect", *files], args.runs, len(files))
    measure("license detect, one file", [args.binary, "license", "detect", one], args.runs, 1)
    measure("show llama-2-70b", [args.binary, "show", "llama-2-70b"], args.runs, 1)
    measure("models", [args.binary, "models"], args.runs, 1)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
