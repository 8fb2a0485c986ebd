"""Fill a database with a large, realistic data set for the benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
        .venv/bin/python bench/fill.py --projects 10000

Creates partnerships, projects (themes, SDGs, partners, key figures), funding lines,
missions and measurements with bulk inserts, each record with the history row a
creation through a form leaves (the dashboard's "latest changes" read them), then
analyses the tables as autovacuum would. Run it on a migrated database without a
previous fill (the demo data may be there).
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from evaluations.models import (  # noqa: E402
    Evaluation,
    EvaluativeQuestion,
    Indicator,
    Measurement,
)
from missions.models import Mission  # noqa: E402
from partnerships.models import Organisation, Partnership  # noqa: E402
from projects.models import (  # noqa: E402
    FundingLine,
    KeyFigure,
    Project,
    SustainableDevelopmentGoal,
    Theme,
)
from projects.totals import totals_rebuild  # noqa: E402

COUNTRIES = ["SN", "HT", "RO", "TN", "MA", "TG", "BF", "ML", "MG", "PE", "EC", "BG"]


@transaction.atomic
def fill(
    *,
    partnerships=200,
    projects=10_000,
    lines=100_000,
    missions=5_000,
    measurements=50_000,
    seed=2026,
) -> dict:
    rng = random.Random(seed)
    french = Organisation.objects.bulk_create(
        Organisation(
            name=f"Département banc {i:03}",
            short_name=f"Dép. {i:03}",
            kind="departement",
            country="FR",
        )
        for i in range(partnerships)
    )
    foreign = Organisation.objects.bulk_create(
        Organisation(
            name=f"Collectivité partenaire {i:03}",
            short_name=f"Part. {i:03}",
            kind="commune",
            country=COUNTRIES[i % len(COUNTRIES)],
        )
        for i in range(partnerships)
    )
    funders = Organisation.objects.bulk_create(
        Organisation(
            name=f"Financeur {i:03}", short_name=f"F{i:03}", kind="agence", country="FR"
        )
        for i in range(300)
    )
    pairs = bulk_create_with_history(
        [
            Partnership(
                french_authority=a,
                partner=b,
                slug=f"banc-{i}",
                start_year=1980 + i % 40,
            )
            for i, (a, b) in enumerate(zip(french, foreign, strict=True))
        ],
        Partnership,
    )
    statuses = [choice for choice, _label in Project.Status.choices]
    created = bulk_create_with_history(
        [
            Project(
                title=f"Démarche pilote de banc n° {i}",
                slug=f"banc-projet-{i}",
                lead="Un projet de coopération décentralisée créé pour les mesures.",
                carrier=french[i % partnerships],
                start_year=2000 + i % 25,
                end_year=2000 + i % 25 + rng.randint(0, 4),
                status=statuses[i % len(statuses)],
                genesis="Texte de genèse. " * 40,
            )
            for i in range(projects)
        ],
        Project,
        batch_size=2_000,
    )
    themes = list(Theme.objects.all())
    goals = list(SustainableDevelopmentGoal.objects.all())
    Project.themes.through.objects.bulk_create(
        Project.themes.through(project=p, theme=themes[i % len(themes)])
        for i, p in enumerate(created)
    )
    Project.sdgs.through.objects.bulk_create(
        Project.sdgs.through(project=p, sustainabledevelopmentgoal=goals[i % 17])
        for i, p in enumerate(created)
    )
    Project.partners.through.objects.bulk_create(
        Project.partners.through(project=p, organisation=foreign[i % partnerships])
        for i, p in enumerate(created)
    )
    # one partnership each, and every tenth project in the next one too (as
    # Anima'Terre Jeunesse is in three)
    Project.partnerships.through.objects.bulk_create(
        Project.partnerships.through(
            project=p, partnership=pairs[(i + extra) % partnerships]
        )
        for i, p in enumerate(created)
        for extra in ((0, 1) if i % 10 == 0 and partnerships > 1 else (0,))
    )
    KeyFigure.objects.bulk_create(
        KeyFigure(project=p, value=str(1988 + n), label="Chiffre clé", order=n)
        for p in created
        for n in range(3)
    )
    # One line in twenty in the partner's currency (CFA francs, gourdes, lei...).
    bulk_create_with_history(
        [
            FundingLine(
                project=created[i % projects],
                funder=funders[i % len(funders)],
                amount=Decimal(rng.randint(1_000, 500_000)),
                currency="XOF" if i % 20 == 7 else "EUR",
                order=i // projects,
            )
            for i in range(lines)
        ],
        FundingLine,
        batch_size=5_000,
    )
    kinds = [choice for choice, _label in Mission.Kind.choices]
    # Missions from 2015 to two years ahead: some are still to come.
    first_day = datetime.date(2015, 1, 1)
    span = (datetime.date.today() - first_day).days + 730
    starts = [
        first_day + datetime.timedelta(rng.randrange(span)) for _ in range(missions)
    ]
    bulk_create_with_history(
        [
            Mission(
                title=f"Mission de banc n° {i}",
                partnership=pairs[i % partnerships],
                project=created[i % projects],
                kind=kinds[i % len(kinds)],
                origin=french[i % partnerships],
                destination=foreign[i % partnerships],
                start_date=start,
                end_date=start + datetime.timedelta(rng.randint(2, 14)),
            )
            for i, start in enumerate(starts)
        ],
        Mission,
        batch_size=2_000,
    )
    evaluations = bulk_create_with_history(
        [
            Evaluation(project=created[i], title=f"Évaluation {i}")
            for i in range(min(500, projects))
        ],
        Evaluation,
    )
    questions = EvaluativeQuestion.objects.bulk_create(
        EvaluativeQuestion(evaluation=e, text="Le projet a-t-il atteint ses cibles ?")
        for e in evaluations
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(question=q, name="Nombre de participants", target=Decimal(40))
        for q in questions
    )
    Measurement.objects.bulk_create(
        (
            Measurement(
                indicator=indicators[i % len(indicators)],
                date=f"{2015 + i % 10}-0{1 + i % 9}-01",
                side="french" if i % 2 else "partner",
                value=Decimal(rng.randint(0, 60)),
            )
            for i in range(measurements)
        ),
        batch_size=5_000,
    )
    return {
        "partnerships": partnerships,
        "projects": projects,
        "funding lines": lines,
        "missions": missions,
        "measurements": measurements,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=200)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument(
        "--lines", type=int, default=None, help="10 per project by default"
    )
    parser.add_argument("--missions", type=int, default=5_000)
    parser.add_argument("--measurements", type=int, default=50_000)
    args = parser.parse_args()
    if Project.objects.filter(slug__startswith="banc-").exists():
        sys.exit("Already filled: use an empty database.")
    started = time.perf_counter()
    counts = fill(
        partnerships=args.partnerships,
        projects=args.projects,
        lines=args.lines if args.lines is not None else args.projects * 10,
        missions=args.missions,
        measurements=args.measurements,
    )
    filled = time.perf_counter()
    # bulk inserts send no signals: the dashboard's totals recomputed once, as
    # `manage.py funding_totals --rebuild` does
    totals_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does soon after a bulk load
    print(
        f"filled in {filled - started:.1f} s, funding totals rebuilt in "
        f"{time.perf_counter() - filled:.1f} s: {counts}"
    )


if __name__ == "__main__":
    main()
