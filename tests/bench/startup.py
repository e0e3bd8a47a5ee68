#!/usr/bin/env python3
"""Launch-to-first-frame time of the Zhibiao window on the Wuhan dataset.

Run under a display (tests/bench/startup wraps it in xvfb-run and a session bus). With
ZB_FIRST_FRAME_TIMESTAMP=quit the app prints "first-frame <monotonic µs>" once the first frame in
which its chart view drew has been rendered and the display server has it, then quits; we read
CLOCK_MONOTONIC, the same clock, just before starting the process, so the figure covers exec, the
dynamic linker, GTK's set-up, loading the dataset, building the window and rendering the frame.

Two launches are timed, as people start the app: with the dataset named on the command line
(`zhibiao wuhan-2024.json`, what opening the file does) and without (the launcher: the app opens its
default dataset, which is the same Wuhan file). The GSettings schema of the build is used, as an
installed app would find its own (the memory backend keeps the user's settings out of it).

Environment: ZB_BINARY (default build/app/zhibiao), ZB_BENCH_RUNS (default 15), GSK_RENDERER
(passed on to the app; unset, as for users, the app takes cairo when OpenGL is software-rendered,
as under Xvfb, and leaves the choice to GTK otherwise). Time both: GSK_RENDERER=cairo and =gl.
"""
import os
import statistics
import subprocess
import sys
import time

def one_launch(binary, args, env):
    t0 = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000
    proc = subprocess.run([binary] + args, env=env, capture_output=True, text=True, timeout=60)
    for line in proc.stdout.splitlines():
        if line.startswith("first-frame "):
            return (int(line.split()[1]) - t0) / 1000.0
    sys.exit(f"no first-frame line from {binary} (exit {proc.returncode}): {proc.stderr[-500:]}")

def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    binary = os.path.abspath(os.environ.get("ZB_BINARY", os.path.join(root, "build", "app", "zhibiao")))
    schema_dir = os.path.join(os.path.dirname(os.path.dirname(binary)), "data")
    dataset = os.path.join(root, "data", "wuhan-2024.json")
    runs = int(os.environ.get("ZB_BENCH_RUNS", "15"))
    env = dict(os.environ, ZB_FIRST_FRAME_TIMESTAMP="quit", GSETTINGS_BACKEND="memory")
    if os.path.exists(os.path.join(schema_dir, "gschemas.compiled")):
        env["GSETTINGS_SCHEMA_DIR"] = schema_dir
    else:
        print(f"warning: no compiled schema in {schema_dir}; settings are not exercised")

    print(f"start-up to first rendered chart frame, Wuhan dataset, {runs} runs, "
          f"GSK_RENDERER={os.environ.get('GSK_RENDERER') or '(unset: the app chooses)'}, {binary}:")
    for label, args in (("file argument", [dataset]), ("no argument", [])):
        one_launch(binary, args, env)  # warm the page cache and the font cache once
        times = sorted(one_launch(binary, args, env) for _ in range(runs))
        print(f"  {label:14} median {statistics.median(times):4.0f} ms   "
              f"min {times[0]:4.0f} ms   max {times[-1]:4.0f} ms")

if __name__ == "__main__":
    main()
