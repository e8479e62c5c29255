"""Load for bench/serve.sh: a bounded client of `wan-preflight serve` on loopback.

    serve_load.py --base http://127.0.0.1:PORT --pid PID --image noise.jpg --small small.png

Phases (each bounded in requests and seconds): task queries a second on keep-alive
connections (with wrk when installed, and with this client); creations a second with the image
as a data: URI (judged and probed, then failed by X-Wan-Preflight-Fail so nothing renders); the
server's resident memory before and after 10,000 tasks; one placeholder video's wall time; the
p99 query latency while 8 tasks render. Prints one line a measure.
"""
import argparse
import base64
import http.client
import json
import re
import shutil
import subprocess
import threading
import time
import urllib.parse

CREATE = "/api/v1/services/aigc/video-generation/video-synthesis"
HEADERS = {"Authorization": "Bearer sk-bench", "X-DashScope-Async": "enable",
           "Content-Type": "application/json"}


class Client:
    """One keep-alive connection."""

    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def request(self, method, path, body=None, headers=None):
        self.connection.request(method, path, body=body, headers=headers or HEADERS)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, data

    def create(self, body, fail=None):
        headers = dict(HEADERS)
        if fail:
            headers["X-Wan-Preflight-Fail"] = fail
        status, data = self.request("POST", CREATE, body, headers)
        if status != 200:
            raise RuntimeError(f"creation answered {status}: {data[:200]!r}")
        return json.loads(data)["output"]["task_id"]

    def status(self, task_id):
        status, data = self.request("GET", f"/api/v1/tasks/{task_id}")
        if status != 200:
            raise RuntimeError(f"query answered {status}")
        return json.loads(data)["output"]["task_status"]


def creation_body(path, mime, duration=5):
    with open(path, "rb") as f:
        uri = f"data:{mime};base64," + base64.b64encode(f.read()).decode("ascii")
    return json.dumps({"model": "wan2.7-i2v",
                       "input": {"prompt": "bench", "media": [{"type": "first_frame", "url": uri}]},
                       "parameters": {"resolution": "720P", "duration": duration}}).encode()


def parallel(threads, work):
    """Runs work(index) on `threads` threads; returns the seconds taken and their results."""
    results = [None] * threads
    def run(index):
        results[index] = work(index)
    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    start = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.perf_counter() - start, results


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_final(client, ids, seconds, every=0.2):
    deadline = time.monotonic() + seconds
    pending = list(ids)
    while pending and time.monotonic() < deadline:
        pending = [i for i in pending if client.status(i) in ("PENDING", "RUNNING")]
        if pending:
            time.sleep(every)
    return not pending


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def memory(args, small, label, rounds=2):
    """Memory over rounds of 10,000 tasks (a 39 KB PNG each, failed by the header so nothing
    renders): the first round warms the allocator's arenas and the store's caches, the later
    ones show what a task costs for good."""
    readings = [rss_kib(args.pid)]
    def many(index):
        client = Client(args.base)
        return [client.create(small, fail="InternalError") for _ in range(2_500)]
    for _ in range(rounds):
        seconds, batches = parallel(4, many)
        ids = [i for batch in batches for i in batch]
        wait_final(Client(args.base), ids[-50:], 60)
        readings.append(rss_kib(args.pid))
    per_round = ", ".join(f"{(b - a) / 10_000:.2f}" for a, b in zip(readings, readings[1:]))
    print(f"{rounds * 10_000:,} tasks ({label}): RSS "
          f"{' -> '.join(str(r // 1024) for r in readings)} MiB, every 10,000; "
          f"KiB a task in each round: {per_round} (the last round {10_000 / seconds:.0f} creations/s)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--image", required=True)
    parser.add_argument("--small", required=True)
    parser.add_argument("--memory-only", metavar="LABEL",
                        help="only the rounds of 10,000 tasks, labelled (a server with --data, say)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of 10,000 tasks")
    args = parser.parse_args()
    big = creation_body(args.image, "image/jpeg")
    small = creation_body(args.small, "image/png")
    if args.memory_only:
        memory(args, small, args.memory_only, args.rounds)
        return
    print(f"serve: image data: URI body {len(big) // 1024} KiB; idle RSS {rss_kib(args.pid) // 1024} MiB")

    # Queries a second: with wrk when it is installed (a C load generator: the Python client's
    # threads share one interpreter lock and measure themselves more than the server), then
    # with the Python client on 4 connections, 5 s or 20,000 queries each.
    task_id = Client(args.base).create(small, fail="InternalError")
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t2", "-c16", "-d5s", "--timeout", "5s", "-H", f"Authorization: {HEADERS['Authorization']}",
             f"{args.base}/api/v1/tasks/{task_id}"], capture_output=True, text=True, timeout=60).stdout
        rate = re.search(r"Requests/sec:\s+([0-9.]+)", out)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        latency = re.search(r"Latency\s+(\S+)", out)
        print(f"queries (wrk, 2 threads, 16 connections, 5 s): {float(rate.group(1)):.0f}/s, "
              f"mean latency {latency.group(1)}, {errors.group(1) if errors else 0} non-2xx"
              if rate else f"queries (wrk): no result: {out[:200]!r}")
    def queries(_):
        client, count, deadline = Client(args.base), 0, time.monotonic() + 5
        while count < 20_000 and time.monotonic() < deadline:
            client.status(task_id)
            count += 1
        return count
    seconds, counts = parallel(4, queries)
    print(f"queries (Python client): {sum(counts) / seconds:.0f}/s (4 connections, {sum(counts)} in {seconds:.1f} s)")

    # Creations a second with the 200 KB image: 4 connections, 50 each (judged, not rendered).
    def creations(_):
        client = Client(args.base)
        return [client.create(big, fail="InternalError") for _ in range(50)]
    seconds, ids = parallel(4, creations)
    print(f"creations: {200 / seconds:.1f}/s with a {len(big) // 1024} KiB body (4 connections, 200 in {seconds:.1f} s)")

    memory(args, small, "in memory", args.rounds)

    # One placeholder video alone: 5 s at 720P, from creation to SUCCEEDED (queue and run 0 s).
    renderer = Client(args.base)
    start = time.perf_counter()
    alone = renderer.create(big)
    done = wait_final(renderer, [alone], 60, every=0.01)
    print(f"placeholder video, 5 s at 720P: {time.perf_counter() - start:.2f} s from creation to "
          f"{renderer.status(alone)}{'' if done else ' (not final in 60 s)'}")

    # Query latency while 8 tasks render (720P, 5 s each).
    rendering = [renderer.create(big) for _ in range(8)]
    latencies, client = [], Client(args.base)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        start = time.perf_counter()
        client.status(rendering[-1])
        latencies.append((time.perf_counter() - start) * 1000)
        if len(latencies) % 200 == 0 and all(
                renderer.status(i) not in ("PENDING", "RUNNING") for i in rendering):
            break
    finished = wait_final(renderer, rendering, 120)
    print(f"query latency while rendering 8 videos: p50 {percentile(latencies, 0.5):.2f} ms, "
          f"p99 {percentile(latencies, 0.99):.2f} ms, max {max(latencies):.1f} ms "
          f"({len(latencies)} queries{'' if finished else '; renders not finished in time'})")


if __name__ == "__main__":
    main()
