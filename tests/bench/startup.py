#!/usr/bin/env python3
"""Launch-to-first-frame time of the Zhibiao window on the Wuhan dataset.

Run under a display (tests/bench/startup wraps it in xvfb-run and a session bus). The app prints
"first-frame <monotonic µs>" when its chart view first draws (ZB_FIRST_FRAME_TIMESTAMP=quit makes it
quit right after); we read CLOCK_MONOTONIC, the same clock, just before starting it.
"""
import os
import statistics
import subprocess
import sys
import time

def one_launch(binary, dataset):
    env = dict(os.environ, ZB_FIRST_FRAME_TIMESTAMP="quit", GSETTINGS_BACKEND="memory")
    t0 = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
    proc = subprocess.run([binary, dataset], env=env, capture_output=True, text=True, timeout=60)
    for line in proc.stdout.splitlines():
        if line.startswith("first-frame "):
            return (int(line.split()[1]) - t0) / 1000.0
    sys.exit(f"no first-frame line from {binary} (exit {proc.returncode}): {proc.stderr[-500:]}")

def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binary = os.environ.get("ZB_BINARY", os.path.join(root, "build", "app", "zhibiao"))
    dataset = os.path.join(root, "data", "wuhan-2024.json")
    runs = int(os.environ.get("ZB_BENCH_RUNS", "15"))
    one_launch(binary, dataset)  # warm the page cache and the font cache once
    times = sorted(one_launch(binary, dataset) for _ in range(runs))
    print(f"start-up to first chart frame, Wuhan dataset, {runs} runs:")
    print(f"  median {statistics.median(times):.0f} ms   min {times[0]:.0f} ms   max {times[-1]:.0f} ms")

if __name__ == "__main__":
    main()
