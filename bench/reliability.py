"""Twenty people at once for two minutes, reading and writing through the real forms;
then every acknowledged write is looked for in the database.

    .venv/bin/python bench/reliability.py postgres://postgres@127.0.0.1:5432/portal_bench

Each client logs in as its own coordinator and loops until the time is up (and at
most `--max-requests` requests): seven times in ten it reads a page (dashboard,
project list, filtered list, a project, the mission list), otherwise it writes:
- adds a step to its own mission through the steps form (CSRF token and the hidden
  version field sent back as a browser does: optimistic locking in play), or
- one write in five, creates a mission through the full creation form.
A write is acknowledged when the server answers 302 (saved, redirected). At the end
the database must hold exactly the acknowledged writes: the steps of each client's
mission, the version of that mission, and the missions created under this run's tag.
Any 5xx, any refused connection or any difference is a failure (exit status 1).
"""

import argparse
import collections
import datetime
import os
import random
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import Browser, form_items  # noqa: E402
from bench.server import bench_user, django_setup, served  # noqa: E402


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.writes = collections.Counter()  # sent / acknowledged / refused, by kind
        self.failures: list[str] = []
        self.failed_at: list[float] = []  # time.monotonic() of each failure
        self.sent_to_login = 0  # pages answered by the login page: a session lost
        self.latencies: list[float] = []

    def answer(self, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[f"{status // 100}xx"] += 1
            self.latencies.append(seconds)


def timed(tally: Tally, browser: Browser, path: str, data=None):
    started = time.perf_counter()
    try:
        response = browser.request(path, data)
    except OSError as error:  # refused, reset, timed out: never acceptable
        with tally.lock:
            tally.statuses["no answer"] += 1
            tally.failures.append(f"{path}: {error}")
            tally.failed_at.append(time.monotonic())
        return None
    tally.answer(response.status, time.perf_counter() - started)
    if response.status == 302 and "/compte/login/" in response.url:
        with tally.lock:
            tally.sent_to_login += 1
    if response.status >= 500:
        with tally.lock:
            tally.failures.append(f"{path}: {response.status}")
            tally.failed_at.append(time.monotonic())
    return response


def add_step(tally, browser, mission_path: str, number: int) -> None:
    """Add one step to the mission through its steps form, as a browser posts it."""
    page = timed(tally, browser, f"{mission_path}etapes/")
    if page is None or page.status != 200:
        return
    fields = form_items(page.body)
    total = int(dict(fields)["steps-TOTAL_FORMS"])
    fields = [(k, v) for k, v in fields if k != "steps-TOTAL_FORMS"]
    fields += [
        ("steps-TOTAL_FORMS", str(total + 1)),
        (f"steps-{total}-phase", "after"),
        (f"steps-{total}-kind", "other"),
        (f"steps-{total}-title", f"Étape de charge {number}"),
        (f"steps-{total}-state", "todo"),
        (f"steps-{total}-order", str(total + 1)),
    ]
    with tally.lock:
        tally.writes["step sent"] += 1
    answer = timed(tally, browser, f"{mission_path}etapes/", fields)
    if answer is not None and answer.status == 302:
        with tally.lock:
            tally.writes["step acknowledged"] += 1
    elif answer is not None and answer.status == 200:
        with tally.lock:  # the form came back: invalid or stale, nothing saved
            tally.writes["step refused"] += 1


def create_mission(tally, browser, tag: str, number: int, partnership: int) -> None:
    page = timed(tally, browser, "/missions/nouvelle/")
    if page is None or page.status != 200:
        return
    # the CSRF token and the formsets' management fields, as the page gives them
    management = ("csrfmiddlewaretoken", "_FORMS")
    fields = [(k, v) for k, v in form_items(page.body) if k.endswith(management)]
    fields += [
        ("title", f"{tag} mission {number}"),
        ("kind", "exchange"),
        ("partnership", str(partnership)),
        ("start_date", datetime.date.today().isoformat()),
        ("budget_currency", "EUR"),
    ]
    with tally.lock:
        tally.writes["mission sent"] += 1
    answer = timed(tally, browser, "/missions/nouvelle/", fields)
    if answer is not None and answer.status == 302:
        with tally.lock:
            tally.writes["mission acknowledged"] += 1
    elif answer is not None:
        with tally.lock:
            tally.writes["mission refused"] += 1
            if answer.status == 200:
                tally.failures.append(f"mission form refused: {answer.body[-300:]}")


def client(index, *, url, password, mission_path, reads, tag, partnership, stop, cap):
    tally = client.tally
    browser = Browser(url)
    browser.login(f"banc-fiabilite-{index}", password)
    rng = random.Random(index)
    for number in range(cap):
        if time.monotonic() > stop:
            return
        draw = rng.random()
        if draw < 0.7:
            timed(tally, browser, rng.choice(reads))
        elif draw < 0.94:
            add_step(tally, browser, mission_path, number)
        else:
            create_mission(tally, browser, tag, number, partnership)


@dataclass
class Plan:
    """The accounts, missions and pages of one run, made before any client starts."""

    tag: str
    partnership: object
    passwords: dict
    own_missions: list
    reads: list


def prepare(clients: int) -> Plan:
    """One coordinator and one mission per client, and the pages they read (needs
    Django set up against the served database)."""
    from missions.models import Mission
    from partnerships.models import Partnership
    from projects.models import Project, Theme

    tag = f"Fiabilité {datetime.datetime.now():%Y%m%d-%H%M%S}"
    partnership = Partnership.objects.filter(slug__startswith="banc-").first()
    passwords = {
        index: bench_user(f"banc-fiabilite-{index}", "coordinateur")
        for index in range(clients)
    }
    own_missions = [
        Mission.objects.create(
            title=f"{tag} client {index}", kind="exchange", partnership=partnership
        )
        for index in range(clients)
    ]
    project = Project.objects.filter(slug__startswith="banc-projet-").last()
    theme = Theme.objects.first()
    reads = [
        "/",
        "/projets/",
        f"/projets/?theme={theme.pk}&status=en_cours",
        project.get_absolute_url(),
        "/missions/",
    ]
    return Plan(tag, partnership, passwords, own_missions, reads)


def drive(plan: Plan, url: str, *, seconds: int, cap: int) -> tuple[Tally, float]:
    """Every client of the plan against `url` until the time is up."""
    client.tally = tally = Tally()
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=client,
            args=(index,),
            kwargs={
                "url": url,
                "password": password,
                "mission_path": plan.own_missions[index].get_absolute_url(),
                "reads": plan.reads,
                "tag": plan.tag,
                "partnership": plan.partnership.pk,
                "stop": started + seconds,
                "cap": cap,
            },
        )
        for index, password in plan.passwords.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return tally, time.monotonic() - started


def stored(plan: Plan) -> dict[str, int]:
    """What the database holds of the run's writes."""
    from missions.models import Mission, MissionStep

    missions = Mission.objects.filter(pk__in=[m.pk for m in plan.own_missions])
    return {
        "step": MissionStep.objects.filter(mission__in=plan.own_missions).count(),
        "version": sum(m.version - 1 for m in missions),
        "mission": Mission.objects.filter(
            title__startswith=f"{plan.tag} mission"
        ).count(),
    }


def print_answers(tally: Tally, elapsed: float) -> None:
    requests = sum(tally.statuses.values())
    latencies = sorted(tally.latencies) or [0.0]
    print(
        f"  requests: {requests} ({requests / elapsed:.1f}/s), p50 "
        f"{latencies[len(latencies) // 2] * 1000:.0f} ms, p95 "
        f"{latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
    )
    print(
        "  answers: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.statuses.items()))
    )
    print("  writes: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.writes.items())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--max-requests", type=int, default=2_000, help="per client")
    args = parser.parse_args()

    django_setup(args.database_url)
    plan = prepare(args.clients)
    with served(args.database_url, port=args.port, workers=args.workers) as server:
        load_before = os.getloadavg()
        tally, elapsed = drive(
            plan, server.url, seconds=args.seconds, cap=args.max_requests
        )
    load_after = os.getloadavg()

    # What the database holds, against what the server acknowledged.
    held = stored(plan)
    checks = {
        "steps stored = steps acknowledged": (
            held["step"],
            tally.writes["step acknowledged"],
        ),
        "versions gained = steps acknowledged": (
            held["version"],
            tally.writes["step acknowledged"],
        ),
        "missions stored = missions acknowledged": (
            held["mission"],
            tally.writes["mission acknowledged"],
        ),
    }
    print(
        f"Reliability: {args.clients} clients, {elapsed:.0f} s, make serve "
        f"({args.workers} workers), {os.cpu_count()} cores, load "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after "
        f"(1-min average)"
    )
    print_answers(tally, elapsed)
    failed = (
        bool(tally.failures) or tally.statuses["5xx"] or tally.statuses["no answer"]
    )
    for label, (held_count, acknowledged) in checks.items():
        ok = held_count == acknowledged
        failed = failed or not ok
        print(f"  {label}: {held_count} = {acknowledged} {'ok' if ok else 'LOST'}")
    for failure in tally.failures[:10]:
        print(f"  failure: {failure}")
    print("  result: " + ("FAILED" if failed else "no error, no lost write"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
