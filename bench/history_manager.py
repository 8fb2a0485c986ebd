"""What an access to `.history` costs: django-simple-history's descriptor builds a new
manager class (`HistoryManager.from_queryset(HistoricalQuerySet)`, which copies every
method of the queryset onto it) on each access, where core.history.history_of reuses
one class. No database is read: the queryset is built, not evaluated.

    .venv/bin/python bench/history_manager.py --accesses 20000

Prints microseconds per access (median of the rounds), each way, for a model and
for an instance.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

import django  # noqa: E402

django.setup()

from core.history import history_of  # noqa: E402
from projects.models import Project  # noqa: E402


def per_access(build, accesses: int, rounds: int) -> float:
    """Median microseconds of one access over `rounds` rounds of `accesses`."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(accesses):
            build().all()
        times.append((time.perf_counter() - started) / accesses * 1e6)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accesses", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    project = Project(pk=1, title="Banc")
    cases = {
        "Project.history": lambda: Project.history,
        "history_of(Project)": lambda: history_of(Project),
        "project.history": lambda: project.history,
        "history_of(project)": lambda: history_of(project),
    }
    print(f"{args.accesses} accesses, {args.rounds} rounds, median µs per access")
    for name, build in cases.items():
        micro = per_access(build, args.accesses, args.rounds)
        print(f"{name:<24}{micro:>8.1f}")


if __name__ == "__main__":
    main()
