#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs plugboard's benchmarks and prints one markdown table.

1. Per-call overhead without a network (Google Benchmark ns/op, median of 5
   repetitions; callgrind instructions per call), plugboard vs hand-written.
2. Decode: json_serializer vs simdjson_serializer.
3. Loopback throughput against the sandbox: plugboard vs raw cpp-httplib.
4. Compile time: TUs including plugboard headers vs the dependencies alone.
5. Scrubbing: adversarial 1 MiB and 8 MiB error bodies to an api_error, vs a
   copy-and-find pass over the same bytes.
6. Pieces discovery when nothing listens (36 ports), vs one blocking connect
   per port.
7. Fleet scale: the bulk executor within the sandbox's rate budget vs a
   sequential loop and a naive thread pool, and an unlimited batch vs a
   hand-written cpp-httplib thread loop.

8. http_transport: the client's instructions per call over loopback
   (callgrind, only inside send()), and a ~1.2 MB answer decoded with
   simdjson: minor page faults per call and calls per second.
9. Threads: 1, 4 and 8 threads sharing one client vs as many raw cpp-httplib
   clients, the server in a process of its own, with and without a CPU-bound
   load on every core (bench_threads starts it).

   run.py [--quick] [--fleet-only] [--per-call] [--threads-only]
          [--compile-only] [--before=DIR]

--compile-only runs only the compile times (section 4). --before=DIR adds the
same TUs compiled against DIR/include (a checkout of an earlier commit) to the
same interleaved rounds, so the table carries before and after from one run.

--per-call runs only the instruction counts (sections 1, 2 and 8), which
are exact and so unaffected by a busy machine: a few minutes.
"""
import glob
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "build", "bench", "tests", "benchmarks")
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
import registry  # noqa: E402
QUICK = "--quick" in sys.argv
FLEET_ONLY = "--fleet-only" in sys.argv
PER_CALL_ONLY = "--per-call" in sys.argv
THREADS_ONLY = "--threads-only" in sys.argv
COMPILE_ONLY = "--compile-only" in sys.argv
BEFORE = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--before=")), None)
rows = []


def row(section, what, plugboard, floor, unit, ratio, target):
    rows.append((section, what, plugboard, floor, unit, ratio, target))


def gbench():
    out = subprocess.run([os.path.join(BENCH, "bench_per_call"), "--benchmark_format=json",
                          f"--benchmark_repetitions={2 if QUICK else 5}",
                          "--benchmark_report_aggregates_only=true"],
                         capture_output=True, text=True, check=True).stdout
    medians = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            medians[b["run_name"]] = b["cpu_time"]
    return medians


def instructions(case, n):
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          os.path.join(BENCH, "bench_per_call"), "--repeat", case, str(n)],
                         capture_output=True, text=True)
    match = re.search(r"Collected : (\d+)", run.stderr)
    if not match:
        sys.exit(f"callgrind failed for {case}: {run.stderr[-500:]}")
    return int(match.group(1))


def ir_per_call(case, n):
    return (instructions(case, n) - instructions(case, 0)) / n


def transport_instructions(mode, n, collect):
    """Instructions of the benchmark's client inside `collect` per call (the
    server's threads are not counted); the first call, which connects, is
    left out."""
    def run(calls):
        out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                              f"--toggle-collect={collect}",
                              os.path.join(BENCH, "bench_transport"), "--repeat", mode, str(calls)],
                             capture_output=True, text=True)
        match = re.search(r"Collected : (\d+)", out.stderr)
        if not match:
            sys.exit(f"callgrind failed for bench_transport {mode}: {out.stderr[-500:]}")
        return int(match.group(1))
    return (run(n + 1) - run(1)) / n


def transport():
    n = 50 if QUICK else 200
    ir = transport_instructions("small", n, "plugboard::http_transport::send*")
    row("transport (loopback)", "http_transport::send, ~1 KB answer, client instructions",
        f"{ir:,.0f}", "", "Ir", None, "")
    ir = transport_instructions("big_decoded", 2 if QUICK else 4, "*fetch_list*")
    row("transport (loopback)", "~1.2 MB answer sent and decoded with simdjson_serializer, "
        "client instructions", f"{ir:,.0f}", "", "Ir", None, "")
    if PER_CALL_ONLY:
        return
    out = subprocess.run([os.path.join(BENCH, "bench_transport"), "--big", "10" if QUICK else "40",
                          "--rounds", "3"], capture_output=True, text=True, check=True).stdout
    big = json.loads(out)
    row("transport (loopback)", "~1.2 MB answer decoded with simdjson: calls/s (best of 3 rounds)",
        f"{big['calls_per_second']:,.1f}", "", "calls/s", None, "")
    row("transport (loopback)", "~1.2 MB answer: minor page faults per call (calling thread, "
        "getrusage)", f"{big['faults_per_call']:.1f}", "", "", None, "")


def loopback(mode, threads, calls):
    results = []
    for _ in range(1 if QUICK else 3):
        out = subprocess.run([os.path.join(BENCH, "bench_loopback"), "--mode", mode, "--calls",
                              str(calls), "--threads", str(threads)],
                             capture_output=True, text=True, check=True).stdout.split()
        results.append(float(out[4]))
    return statistics.median(results)


def thread_scaling():
    """bench_threads: interleaved rounds, medians; one JSON line per (load, N)."""
    calls, rounds = (4000, 3) if QUICK else (20000, 7)
    run = subprocess.run([os.path.join(BENCH, "bench_threads"), "--threads", "1,4,8", "--calls",
                          str(calls), "--rounds", str(rounds), "--load", "both"],
                         capture_output=True, text=True, timeout=1800)
    if run.returncode != 0:
        sys.exit(f"bench_threads failed: {run.stdout} {run.stderr}")
    for line in run.stdout.splitlines():
        r = json.loads(line)
        n = r["threads"]
        load = (f"a busy thread on each of the {r['spinning_threads']} cores" if r["load"]
                else "no other load")
        who = "1 thread" if n == 1 else f"{n} threads sharing one client"
        cut = " (cut short by the time bound)" if r["cut_short"] else ""
        row("threads (loopback, server in its own process)",
            f"{who} vs {n} raw cpp-httplib client(s), {load}, {calls:,} GETs x {rounds} "
            f"interleaved rounds, median calls/s{cut}", f"{r['plugboard']:,.0f}",
            f"{r['raw']:,.0f}", "calls/s", r["ratio"],
            ">= 0.95" if r["load"] and n >= 4 else "")


def scrubbing():
    out = subprocess.run([os.path.join(BENCH, "bench_scrub")] + (["--quick"] if QUICK else []),
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def discovery():
    out = subprocess.run([os.path.join(BENCH, "bench_discovery")] + (["--quick"] if QUICK else []),
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def compile_rounds(sources, runs):
    """CPU time (user + system) of g++ -O2 compiling each (source, include
    root), interleaved: every round compiles every source once, so a slow
    spell of a shared machine hits all of them alike. CPU time rather than wall
    time: a busy machine delays a compiler more than it slows it. Returns one
    list of seconds per source."""
    flags = subprocess.run(["pkg-config", "--cflags", "cpp-httplib"], capture_output=True,
                           text=True, check=True).stdout.split()
    times = [[] for _ in sources]
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (source, _) in enumerate(sources):
            paths.append(os.path.join(tmp, f"tu{i}.cpp"))
            with open(paths[-1], "w") as f:
                f.write(source)
        for _ in range(runs):
            for i, path in enumerate(paths):
                start = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run(["g++", "-std=c++17", "-O2", *flags, f"-I{sources[i][1]}/include",
                                "-c", path, "-o", os.devnull], check=True)
                end = resource.getrusage(resource.RUSAGE_CHILDREN)
                times[i].append(end.ru_utime - start.ru_utime + end.ru_stime - start.ru_stime)
    return times


def compile_times():
    """One TU per registered service (its client.hpp alone), each generated
    group alone, then the umbrella and the single header, each against the
    dependencies alone; with --before, the same service and umbrella TUs of
    the earlier tree in the same rounds. The ratio is the median over rounds of
    (TU / dependencies in the same round), steadier than a ratio of medians on
    a noisy machine."""
    runs = 3 if QUICK else 9
    groups = sorted(os.path.relpath(p, os.path.join(ROOT, "include"))
                    for p in glob.glob(os.path.join(ROOT, "include/plugboard/*/generated/*.hpp"))
                    if os.path.exists(p[:-len(".hpp")] + "_models.hpp"))
    tus = ([(f"plugboard/{name}/client.hpp", 1.25) for name in registry.services()] +
           [(group, 1.35) for group in groups] +
           [("plugboard/plugboard.hpp", 1.5), ("single_include/plugboard/plugboard.hpp", 1.5)])
    # (label, include line, include root, target)
    cases = [(header, header, ROOT, target) for header, target in tus]
    if BEFORE:
        before = os.path.abspath(BEFORE)
        cases += [(f"{header} (before)", header, before, "") for header, _ in tus
                  if header not in groups]
    sources = [("#include <nlohmann/json.hpp>\n#include <httplib.h>\n", ROOT)] + [
        (f'#include "{os.path.join(tree, h)}"\n' if h.startswith("single_include") else
         f'#include "{h}"\n', tree) for _, h, tree, _ in cases]
    times = compile_rounds(sources, runs)
    deps = times[0]
    for (label, _, _, target), t in sorted(zip(cases, times[1:]), key=lambda c: c[0][0]):
        ratio = statistics.median(a / b for a, b in zip(t, deps))
        row("compile (g++ -O2)", f"TU including {label}, CPU s", f"{statistics.median(t):.2f}",
            f"{statistics.median(deps):.2f}", "s", ratio, f"<= {target}" if target else "")


def fleet_run(*args):
    run = subprocess.run([os.path.join(BENCH, "bench_fleet"), *map(str, args)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"bench_fleet {' '.join(map(str, args))} failed: {run.stdout} {run.stderr}")
    return json.loads(run.stdout)


def fleet():
    calls, budget, latency = (400, 200, 20) if QUICK else (2000, 200, 20)
    area = f"fleet (budget {budget}/s, {latency} ms latency)"
    mixed = ["--scenario", "budget", "--calls", calls, "--connectors", 50, "--workers", 8,
             "--rate", budget, "--setup-rate", 60, "--latency-ms", latency]
    runs = {mode: fleet_run(*mixed, "--mode", mode)
            for mode in ("executor", "naive", "sequential")}
    what = f"{calls:,} mixed calls on 50 connections"
    for mode, label in [("executor", "bulk_executor, 8 workers, rate budgets"),
                        ("naive", "naive pool, 8 threads, each 429 on its own"),
                        ("sequential", "plain sequential loop")]:
        r = runs[mode]
        row(area, f"{what}, {label}: calls/s", f"{r['calls_per_second']:,.0f}", f"{budget}",
            "calls/s", r["calls_per_second"] / budget, ">= 0.9" if mode == "executor" else "")
    n = runs["naive"]
    for mode in ("executor", "naive", "sequential"):
        r = runs[mode]
        row(area, f"{what}, {mode}: 429 replies (floor: the naive pool's)",
            f"{r['replies_429']}", f"{n['replies_429']}", "",
            r["replies_429"] / max(1, n["replies_429"]),
            f"<= {calls // 100} (1%)" if mode == "executor" else "")
    for mode in ("executor", "naive", "sequential"):
        r = runs[mode]
        row(area, f"{what}, {mode}: lost / admitted twice (counted by the fake)",
            f"{r['lost']} / {r['duplicated']}", "0 / 0", "", 0.0, "0 / 0")
    for mode in ("executor", "naive", "sequential"):
        r = runs[mode]
        row(area, f"{what}, {mode}: peak RSS (process with the sandbox), KiB (floor: naive)",
            f"{r['peak_rss_kb']:,}", f"{n['peak_rss_kb']:,}", "KiB",
            r["peak_rss_kb"] / n["peak_rss_kb"], "")

    calls = 2000 if QUICK else 10000
    results = {"executor": [], "raw": []}
    for _ in range(1 if QUICK else 5):
        for mode in results:
            results[mode].append(fleet_run("--scenario", "unlimited", "--calls", calls,
                                           "--connectors", 50, "--workers", 8, "--mode", mode))
    p = statistics.median(r["calls_per_second"] for r in results["executor"])
    r = statistics.median(r["calls_per_second"] for r in results["raw"])
    row("fleet (unlimited, loopback)",
        f"{calls:,} connector_details, bulk_executor vs an 8-thread raw cpp-httplib loop, calls/s",
        f"{p:,.0f}", f"{r:,.0f}", "calls/s", p / r, ">= 0.9")
    p = statistics.median(r["peak_rss_kb"] for r in results["executor"])
    r = statistics.median(r["peak_rss_kb"] for r in results["raw"])
    row("fleet (unlimited, loopback)",
        f"{calls:,} connector_details: peak RSS (process with the sandbox; the executor keeps "
        f"every typed result, the loop none), KiB", f"{p:,.0f}", f"{r:,.0f}", "KiB", p / r, "")


def main():
    if COMPILE_ONLY:
        compile_times()
        report()
        return
    if FLEET_ONLY:
        fleet()
        report()
        return
    if THREADS_ONLY:
        thread_scaling()
        report()
        return
    ns = {} if PER_CALL_ONLY else gbench()
    n = 200 if QUICK else 2000
    for case, what in [("get", "GET with a path parameter, ~1 KB JSON result"),
                       ("post", "POST with a 10-field body"),
                       ("list100", "list of 100 items (~60 KB)")]:
        if ns:
            p, h = ns[f"{case}/plugboard"], ns[f"{case}/by_hand"]
            row("per call (no network)", what + ", ns/op", f"{p:,.0f}", f"{h:,.0f}", "ns", p / h,
                "<= 1.03")
        ip, ih = ir_per_call(f"{case}/plugboard", n), ir_per_call(f"{case}/by_hand", n)
        row("per call (no network)", what + ", instructions", f"{ip:,.0f}", f"{ih:,.0f}", "Ir",
            ip / ih, "<= 1.03")
    s = ir_per_call("get/simdjson", n)
    row("per call (no network)", "GET ~1 KB through simdjson_serializer, instructions",
        f"{s:,.0f}", "", "Ir", None, "<= 36,000")
    s = ir_per_call("list100/simdjson", max(2, n // 50))
    row("per call (no network)", "list of 100 through simdjson_serializer, instructions",
        f"{s:,.0f}", "", "Ir", None, "")
    g = ir_per_call("fivetran_get/generated", n)
    h = ir_per_call("fivetran_get/hand_written", n)
    row("per call (no network)", "Fivetran connection_details, generated vs the same descriptor "
        "written by hand, instructions", f"{g:,.0f}", f"{h:,.0f}", "Ir", g / h, "<= 1.00")
    for case, what, calls in [("decode1k", "decode a 1 KB object", 20 if QUICK else 500),
                              ("decode_list1000", "decode a list of 1,000 (~600 KB)", 2 if QUICK else 10)]:
        if ns:
            s, j = ns[f"{case}/simdjson"], ns[f"{case}/json"]
            row("decode", what + " (simdjson vs nlohmann), ns", f"{s:,.0f}", f"{j:,.0f}", "ns",
                j / s, ">= 3x faster")
        s, j = ir_per_call(f"{case}/simdjson", calls), ir_per_call(f"{case}/json", calls)
        row("decode", what + " (simdjson vs nlohmann), instructions", f"{s:,.0f}", f"{j:,.0f}", "Ir",
            j / s, ">= 3x fewer")
    transport()
    if PER_CALL_ONLY:
        report()
        return

    calls = 2000 if QUICK else 20000
    for threads in (1, 4):
        p, r = loopback("plugboard", threads, calls), loopback("raw", threads, calls)
        row("loopback", f"{calls:,} keep-alive GETs, {threads} thread(s), calls/s", f"{p:,.0f}",
            f"{r:,.0f}", "calls/s", p / r, ">= 0.95")
    thread_scaling()

    bodies = {"bearer": "\"Bearer a \" repeated", "escapes": "dense JSON/percent/HTML escapes",
              "echoes": "the client's key echoed JSON-escaped, end to end"}
    for r in scrubbing():
        if r["what"] != "api_error":
            continue
        row("scrubbing", f"{r['mib']} MiB error body ({bodies[r['body']]}) to api_error, ms",
            f"{r['ms']:,.1f}", f"{r['floor_ms']:,.2f}", "ms", r["ms"] / r["floor_ms"],
            f"< {50 * r['mib']} ms")

    d = discovery()
    row("discovery", f"pieces::discover(), nothing listening ({d['ports']} ports), ms (worst "
        f"{d['max_ms']:,.1f})", f"{d['ms']:,.1f}", f"{d['floor_ms']:,.2f}", "ms",
        d["ms"] / d["floor_ms"], "< 1,000 ms")

    compile_times()
    fleet()
    report()


def report():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"plugboard benchmarks, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} x {cpu}, "
          f"{platform.platform()}\n")
    print("| area | measurement | plugboard | floor | ratio | target |")
    print("|---|---|---|---|---|---|")
    for section, what, p, f, unit, ratio, target in rows:
        shown = "" if ratio is None else f"{ratio:.2f}"
        print(f"| {section} | {what} | {p} | {f} | {shown} | {target} |")
    print("\nfloor: hand-written nlohmann/json + string building (per call), nlohmann (decode), a raw "
          "cpp-httplib client doing the same requests and parsing (loopback; one per thread for "
          "threads, the ratio being the median of the per-round ratios), a TU including only "
          "nlohmann/json.hpp and httplib.h (compile), one copy and one std::string::find over "
          "the same bytes (scrubbing), one blocking connect per port in a row (discovery), "
          "the sandbox's budget or the naive pool's 429s or a raw cpp-httplib thread loop "
          "(fleet).")


if __name__ == "__main__":
    main()
