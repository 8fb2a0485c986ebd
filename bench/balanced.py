"""Two app servers behind HAProxy, one PostgreSQL, Redis for the cache and the
sessions; twenty people at once (the clients of `reliability.py`), and one server
killed half-way through.

    .venv/bin/python bench/balanced.py postgres://postgres@127.0.0.1:5432/portal_bench

What must hold: only the requests in flight on the killed server fail (the balancer
sends everything after to the other one), every acknowledged write is in the
database (a write whose answer was lost with the server may be there or not, never
half), and no session is lost (no page answered by the login form). HAProxy comes
from Debian (`make haproxy`); Redis at REDIS_URL (default 127.0.0.1:6379).
"""

import argparse
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.reliability import drive, prepare, print_answers, stored  # noqa: E402
from bench.server import django_setup, served, wait_until_up  # noqa: E402

HAPROXY_CONFIG = """
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 90s
    timeout server 90s
    # a busy server answers its health check late: out after 3 missed checks only
    timeout check 5s
    # a request that never reached a server is sent to the other one
    retries 3
    option redispatch
    option httpchk
    http-check send meth GET uri /sante/ ver HTTP/1.1 hdr Host 127.0.0.1
backend portal
    balance roundrobin
    server first 127.0.0.1:{first} check inter 1s fall 3 rise 2
    server second 127.0.0.1:{second} check inter 1s fall 3 rise 2
frontend web
    bind 127.0.0.1:{port}
    default_backend portal
"""


@contextlib.contextmanager
def balancer(port: int, first: int, second: int):
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    with tempfile.NamedTemporaryFile("w", suffix=".cfg") as config:
        config.write(HAPROXY_CONFIG.format(port=port, first=first, second=second))
        config.flush()
        process = subprocess.Popen(
            [haproxy, "-f", config.name, "-db"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, time.monotonic() + 20)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--port", type=int, default=8770)
    parser.add_argument("--workers", type=int, default=2, help="per server")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--max-requests", type=int, default=2_000, help="per client")
    parser.add_argument(
        "--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    args = parser.parse_args()

    django_setup(args.database_url)
    plan = prepare(args.clients)
    first, second = args.port + 1, args.port + 2
    environment = {"REDIS_URL": args.redis}
    killed = {}
    with (
        served(
            args.database_url,
            port=first,
            workers=args.workers,
            environment=environment,
        ),
        served(
            args.database_url,
            port=second,
            workers=args.workers,
            environment=environment,
        ) as victim,
        balancer(args.port, first, second) as url,
    ):

        def kill_half_way():
            time.sleep(args.seconds / 2)
            killed["at"] = time.monotonic()
            os.killpg(victim.process.pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_half_way)
        killer.start()
        tally, elapsed = drive(plan, url, seconds=args.seconds, cap=args.max_requests)
        killer.join()

    held = stored(plan)
    kill_at = killed["at"]
    before = [at for at in tally.failed_at if at < kill_at]
    late = [at for at in tally.failed_at if at > kill_at + 5]
    print(
        f"Two servers behind HAProxy ({args.workers} gunicorn workers each), Redis "
        f"cache and sessions, {args.clients} clients, {elapsed:.0f} s, the second "
        f"server killed (SIGKILL) after {args.seconds / 2:.0f} s, "
        f"{os.cpu_count()} cores"
    )
    print_answers(tally, elapsed)
    failed_requests = len(tally.failed_at)
    print(
        f"  failed requests: {failed_requests} "
        f"({len(before)} before the kill, "
        f"{failed_requests - len(before) - len(late)} within 5 s after it, "
        f"{len(late)} later)"
    )
    for failure in tally.failures[:5]:
        print(f"  failure: {failure}")
    print(f"  pages answered by the login form (session lost): {tally.sent_to_login}")
    failed = bool(before or late) or tally.sent_to_login > 0
    for kind in ("step", "mission"):
        writes = tally.writes
        acknowledged = writes[f"{kind} acknowledged"]
        unanswered = writes[f"{kind} sent"] - acknowledged - writes[f"{kind} refused"]
        ok = acknowledged <= held[kind] <= acknowledged + unanswered
        failed = failed or not ok
        print(
            f"  {kind}s stored {held[kind]}: acknowledged {acknowledged}, answer lost "
            f"with the server {unanswered} {'ok' if ok else 'LOST'}"
        )
    print(
        "  result: "
        + ("FAILED" if failed else "only in-flight requests failed, no lost write")
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
