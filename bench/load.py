"""Page timings under load: `make serve` on loopback, driven by wrk.

    .venv/bin/python bench/load.py postgres://postgres@127.0.0.1:5432/portal_bench

For each page (the bare view first), with 1 then 20 concurrent users: p50, p95 and
requests per second, and p95 divided by the bare view's at the same concurrency.
Every run is bounded: `--seconds` each (`--pdf-seconds` for the cold PDF), at most
`--max-requests` per wrk thread, and 127.0.0.1 only. Needs a filled database
(bench/fill.py) and wrk (`apt-get install wrk`; `make bench` installs it).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import bench_user, django_setup, served  # noqa: E402

# Sends the session cookie, walks a list of paths (one thread takes every n-th,
# so no two requests of a run ask for the same cold PDF), stops a thread after
# MAX requests, and prints the figures as one JSON line.
WRK_SCRIPT = r"""
local paths, cookie = {}, os.getenv("BENCH_COOKIE")
local max = tonumber(os.getenv("BENCH_MAX"))
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  step = tonumber(os.getenv("BENCH_THREADS"))
  index = id or 0
  done_count = 0
end
function request()
  local path = paths[(index % #paths) + 1]
  index = index + step
  return wrk.format("GET", path, {["Cookie"] = cookie})
end
function response(status, headers, body)
  done_count = done_count + 1
  if done_count >= max then wrk.thread:stop() end
end
function done(summary, latency, requests)
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, ' ..
    '"errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write, summary.errors.timeout))
end
"""


def wrk(url, paths, *, users, seconds, cookie, max_requests, workdir) -> dict:
    paths_file = Path(workdir) / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    script = Path(workdir) / "bench.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(users, 2)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{users}",
        f"-d{seconds}s",
        "--timeout",
        "60s",
        "-s",
        str(script),
        url,
    ]
    environment = os.environ | {
        "BENCH_COOKIE": cookie,
        "BENCH_PATHS": str(paths_file),
        "BENCH_MAX": str(max_requests),
        "BENCH_THREADS": str(threads),
    }
    load_before = os.getloadavg()[0]
    output = subprocess.run(
        command,
        env=environment,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    figures["rps"] = figures["requests"] / figures["seconds"]
    figures["load"] = (load_before, os.getloadavg()[0])
    return figures


def pages(count: int) -> dict[str, list[str]]:
    """The paths of each page measured, at 10,000 projects."""
    from projects.models import Project, Theme

    bench_projects = Project.objects.filter(slug__startswith="banc-projet-")
    project = bench_projects.order_by("pk").last()
    demo_sheet = Project.objects.terrinclus().first() or project
    theme = Theme.objects.first()
    # cold sheets: projects whose PDF nobody asked for yet in this database
    cold = [
        f"/projets/{slug}/fiche.pdf"
        for slug in bench_projects.order_by("-pk").values_list("slug", flat=True)[
            :count
        ]
    ]
    return {
        "bare view": ["/bench/bare/"],
        "project list": ["/projets/"],
        "project list, filtered": [
            f"/projets/?theme={theme.pk}&status=en_cours&q=banc"
        ],
        "project detail": [project.get_absolute_url()],
        "dashboard": ["/"],
        "sheet PDF, cached": [f"/projets/{demo_sheet.slug}/fiche.pdf"],
        "sheet PDF, cold": cold,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--pdf-seconds", type=int, default=15)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 20])
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    django_setup(args.database_url)
    password = bench_user("banc-directeur", "directeur")
    from bench.client import Browser

    # Each cold run needs as many unseen sheets as it can render in its time.
    paths = pages(count=400)
    # the cold sheets are split: each run takes its own quarter
    cold = paths.pop("sheet PDF, cold")
    results: dict[str, dict[int, dict]] = {}
    with served(args.database_url, port=args.port, workers=args.workers) as server:
        browser = Browser(server.url)
        browser.login("banc-directeur", password)
        cookie = f"sessionid={browser.cookie('sessionid')}"
        for path in [p[0] for p in paths.values()]:  # warm every worker once
            for _ in range(args.workers * 2):
                browser.get(path)
        with tempfile.TemporaryDirectory() as workdir:
            for name, page_paths in [*paths.items(), ("sheet PDF, cold", None)]:
                results[name] = {}
                for index, users in enumerate(args.users):
                    if page_paths is None:
                        share = len(cold) // len(args.users)
                        run_paths = cold[index * share : (index + 1) * share]
                        seconds = args.pdf_seconds
                    else:
                        run_paths, seconds = page_paths, args.seconds
                    results[name][users] = wrk(
                        server.url,
                        run_paths,
                        users=users,
                        seconds=seconds,
                        cookie=cookie,
                        max_requests=args.max_requests,
                        workdir=workdir,
                    )
                    time.sleep(1)
    report(results, args)


def report(results: dict, args) -> None:
    print(
        f"Load: make serve ({args.workers} gunicorn workers), wrk on 127.0.0.1, "
        f"{args.seconds} s per run ({args.pdf_seconds} s for cold PDFs); "
        f"{os.cpu_count()} cores"
    )
    header = (
        f"{'page':<24}{'users':>6}{'req':>7}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'x bare':>8}{'errors':>7}{'load':>11}"
    )
    print(header)
    bare = results["bare view"]
    for name, by_users in results.items():
        for users, row in by_users.items():
            ratio = row["p95_ms"] / bare[users]["p95_ms"]
            load = f"{row['load'][0]:.1f}-{row['load'][1]:.1f}"
            print(
                f"{name:<24}{users:>6}{row['requests']:>7}{row['rps']:>8.1f}"
                f"{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{ratio:>8.1f}"
                f"{row['errors'] + row['timeouts']:>7}{load:>11}"
            )


if __name__ == "__main__":
    main()
