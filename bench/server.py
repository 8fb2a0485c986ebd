"""The portal as `make serve` runs it (production settings, gunicorn, whitenoise,
PostgreSQL), started and stopped by the load scripts, on loopback only.

    with served(database_url, port=8765, workers=4) as server:
        ...  # server.url, server.workers()

The bare view (/bench/bare/) is turned on for the run. Every process started here
is ended by its own id when the block ends.
"""

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    process: subprocess.Popen
    url: str

    def gunicorn_pids(self) -> list[int]:
        """The gunicorn master and its workers under `make serve`, master first."""
        return [pid for pid in descendants(self.process.pid) if is_gunicorn(pid)]

    def workers(self) -> list[int]:
        """The worker processes: gunicorn processes whose parent is gunicorn."""
        pids = self.gunicorn_pids()
        return [pid for pid in pids if parent(pid) in pids]


def is_gunicorn(pid: int) -> bool:
    """A gunicorn process (not the shell that make starts it from)."""
    arguments = cmdline(pid).split(b"\0")
    return not arguments[0].endswith(b"sh") and any(
        argument.endswith(b"bin/gunicorn") for argument in arguments
    )


def parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def descendants(root: int) -> list[int]:
    """The processes under `root`, parents before children (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        children.setdefault(parent(pid), []).append(pid)
    found, queue = [], [root]
    while queue:
        pid = queue.pop(0)
        for child in sorted(children.get(pid, [])):
            found.append(child)
            queue.append(child)
    return found


def wait_until_up(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/sante/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server at {url} did not answer in time")


@contextlib.contextmanager
def served(
    database_url: str,
    *,
    port: int = 8765,
    workers: int = 4,
    log=None,
    environment: dict | None = None,
):
    """Run `make serve` on 127.0.0.1:port against `database_url` for the block
    (`environment` adds to the variables it is started with, e.g. REDIS_URL)."""
    environment = os.environ | {"BENCH_BARE_VIEW": "true"} | (environment or {})
    process = subprocess.Popen(
        [
            "make",
            "--no-print-directory",
            "serve",
            f"PG_URL={database_url}",
            f"PORT={port}",
            f"WORKERS={workers}",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, ended as one below
    )
    server = Server(process, f"http://127.0.0.1:{port}")
    try:
        wait_until_up(server.url, time.monotonic() + 300)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def bench_user(username: str, role: str) -> str:
    """Create (or reset) an account with a role; returns its password. Needs Django
    set up against the served database."""
    import secrets

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    password = secrets.token_urlsafe(16)
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return password


def django_setup(database_url: str) -> None:
    import sys

    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
