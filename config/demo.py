"""Load the demo data set built from the source documents (`fixtures/demo/`).

The loader is idempotent: every record is found by its natural key (an organisation by
its name, a project by its slug, a row by its position) and written only when something
differs, so a second run writes nothing, duplicates nothing and adds no history entry.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction

from evaluations.models import Evaluation, EvaluativeQuestion, Indicator
from missions.models import BudgetLine, Mission, MissionDay, Participant
from missions.services import mission_steps_create_standard
from partnerships.models import (
    Agreement,
    Contact,
    Organisation,
    OrganisationMembership,
    Partnership,
    PartnershipEvent,
)
from projects.models import (
    CostLine,
    CostTable,
    CrossViewRow,
    FundingLine,
    KeyFigure,
    Programme,
    ProgrammeAxis,
    Project,
    ProjectContact,
    ProjectRecommendation,
    Quote,
    RecommendationCategory,
    SustainableDevelopmentGoal,
    Theme,
)

from . import roles

DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"
DEMO_PASSWORD = "demo"
DEMO_ACCOUNTS = [
    # username, group, staff, organisations the account is attached to
    ("admin", roles.ADMINISTRATOR, True, []),
    ("coordinateur", roles.COORDINATOR, False, []),
    ("directeur", roles.DIRECTOR, False, []),
    ("partenaire", roles.PARTNER, False, ["Département de Bignona"]),
]


@dataclass
class DemoReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class DemoLoader:
    def __init__(self, directory: Path):
        self.directory = directory
        self.report = DemoReport()
        self.organisations: dict[str, Organisation] = {}

    # -- generic upserts -------------------------------------------------------------

    def upsert(
        self, model: type[models.Model], lookup: dict, values: dict
    ) -> models.Model:
        """Find the record by `lookup`; create it, or save the fields of `values` that
        differ. Nothing is written when nothing differs."""
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            instance.full_clean()
            instance.save()
            self.report.created[model._meta.verbose_name_plural] += 1
            return instance
        changed = [
            name for name, value in values.items() if getattr(instance, name) != value
        ]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.full_clean()
            if hasattr(instance, "version"):  # a form opened before stays stale
                instance.version += 1
                changed += ["version", "updated_at"]
            instance.save(update_fields=changed)
            self.report.updated[model._meta.verbose_name_plural] += 1
        return instance

    def upsert_rows(self, parent_field: str, parent, model, rows: list[dict]) -> list:
        """The rows of a parent, keyed by position: row i is the i-th by `order`, rows
        past the end of the list are deleted."""
        instances = [
            self.upsert(model, {parent_field: parent, "order": order}, values)
            for order, values in enumerate(rows, start=1)
        ]
        stale = model.objects.filter(**{parent_field: parent, "order__gt": len(rows)})
        for row in stale:
            row.delete()
            self.report.updated[model._meta.verbose_name_plural] += 1
        return instances

    def set_m2m(self, manager, objects) -> None:
        wanted = {obj.pk for obj in objects}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(objects)
            self.report.updated["listes liées (thématiques, ODD, partenaires…)"] += 1

    # -- reading the files -----------------------------------------------------------

    def read(self, relative: str) -> dict:
        with open(self.directory / relative, encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}

    def organisation(self, name: str | None) -> Organisation | None:
        if not name:
            return None
        try:
            return self.organisations[name]
        except KeyError:
            raise ValueError(
                f"Organisation « {name} » is used but never declared."
            ) from None

    def load_organisations(self, documents: list[dict]) -> None:
        declared: dict[str, dict] = {}
        for document in documents:
            for entry in document.get("organisations") or []:
                name = entry["name"]
                values = {
                    "short_name": entry.get("short_name") or "",
                    "kind": entry.get("kind") or Organisation.Kind.AUTRE,
                    "country": entry.get("country") or "",
                    "website": entry.get("website") or "",
                }
                declared.setdefault(name, values)
        for name, values in sorted(declared.items()):
            self.organisations[name] = self.upsert(Organisation, {"name": name}, values)

    def contact(self, entry: dict) -> Contact:
        return self.upsert(
            Contact,
            {
                "full_name": entry["name"],
                "organisation": self.organisation(entry.get("organisation")),
            },
            {
                "role": entry.get("role") or "",
                "email": entry.get("email") or "",
                "phone": entry.get("phone") or "",
            },
        )

    # -- partnerships ----------------------------------------------------------------

    def load_partnerships(self, document: dict) -> None:
        for entry in document.get("partnerships") or []:
            partnership = self.upsert(
                Partnership,
                {"slug": entry["key"]},
                {
                    "french_authority": self.organisation(entry["french_authority"]),
                    "partner": self.organisation(entry["partner"]),
                    "operator": self.organisation(entry.get("operator")),
                    "start_year": entry.get("start_year"),
                    "start_year_note": text(entry.get("start_year_note")),
                    "status": entry.get("status") or Partnership.Status.ACTIVE,
                    "description": text(entry.get("description")),
                },
            )
            self.sync_events(partnership, entry.get("events") or [])
            self.sync_agreements(partnership, entry.get("agreements") or [])
        for entry in document.get("programmes") or []:
            programme = self.upsert(
                Programme,
                {
                    "partnership": Partnership.objects.get(slug=entry["partnership"]),
                    "title": entry["title"],
                },
                {
                    "start_year": entry["start_year"],
                    "end_year": entry["end_year"],
                    "orientation": text(entry.get("orientation")),
                },
            )
            self.upsert_rows(
                "programme",
                programme,
                ProgrammeAxis,
                [
                    {
                        "kind": axis["kind"],
                        "title": axis["title"],
                        "items": "\n".join(axis.get("items") or []),
                    }
                    for axis in entry.get("axes") or []
                ],
            )
        for entry in document.get("contacts") or []:
            self.contact(entry)

    def sync_events(self, partnership: Partnership, events: list[dict]) -> None:
        for event in events:
            self.upsert(
                PartnershipEvent,
                {
                    "partnership": partnership,
                    "year": event["year"],
                    "title": event["title"],
                },
                {"date": to_date(event.get("date")), "text": text(event.get("text"))},
            )

    def sync_agreements(self, partnership: Partnership, agreements: list[dict]) -> None:
        for agreement in agreements:
            self.upsert(
                Agreement,
                {"partnership": partnership, "title": agreement["title"]},
                {
                    name: to_date(agreement.get(name))
                    for name in ("signed_on", "start", "end", "renewal_due")
                },
            )

    # -- projects --------------------------------------------------------------------

    def load_project(self, entry: dict) -> Project:
        cross_view = entry.get("cross_view") or {}
        partnership_key = entry.get("partnership")
        project = self.upsert(
            Project,
            {"slug": entry["slug"]},
            {
                "title": entry["title"],
                "lead": text(entry.get("lead")),
                "carrier": self.organisation(entry["carrier"]),
                "partnership": (
                    Partnership.objects.get(slug=partnership_key)
                    if partnership_key
                    else None
                ),
                "programme": None,
                "start_year": entry.get("start_year"),
                "end_year": entry.get("end_year"),
                "status": entry.get("status") or Project.Status.DONE,
                "guide_order": entry.get("order"),
                "guide_page": entry.get("guide_page"),
                "pilot_rationale": text(entry.get("pilot_rationale")),
                "genesis": text(entry.get("genesis")),
                "objectives": text(entry.get("objectives")),
                "actors": text(entry.get("actors")),
                "funding_printed_total": to_decimal(entry.get("funding_printed_total")),
                "focus_title": text(entry.get("focus_title")),
                "focus_body": text(entry.get("focus_body")),
                "cross_view_french_label": text(cross_view.get("french_side_label")),
                "cross_view_partner_label": text(cross_view.get("partner_side_label")),
                "partners_view_title": text(entry.get("partners_view_title")),
                "partners_view_body": text(entry.get("partners_view_body")),
                "resources": text(entry.get("resources")),
                "photo_credits": text(entry.get("photo_credits")),
            },
        )
        self.set_m2m(
            project.co_carriers,
            [self.organisation(n) for n in entry.get("co_carriers") or []],
        )
        self.set_m2m(
            project.partners,
            [self.organisation(n) for n in entry.get("partners") or []],
        )
        self.set_m2m(
            project.themes,
            [Theme.objects.get(name=name) for name in entry.get("themes") or []],
        )
        self.set_m2m(
            project.sdgs,
            [
                SustainableDevelopmentGoal.objects.get(number=n)
                for n in entry.get("sdgs") or []
            ],
        )
        self.sync_recommendations(project, entry.get("recommendations") or [])
        self.upsert_rows(
            "project",
            project,
            KeyFigure,
            [
                {"value": str(figure["value"]), "label": figure["label"]}
                for figure in entry.get("key_figures") or []
            ],
        )
        self.upsert_rows(
            "project",
            project,
            FundingLine,
            [
                {
                    "funder": self.organisation(line.get("funder")),
                    "label": text(line.get("label")),
                    "amount": to_decimal(line.get("amount")),
                    "currency": line.get("currency") or "EUR",
                    "note": text(line.get("note")),
                }
                for line in entry.get("funding_lines") or []
            ],
        )
        tables = self.upsert_rows(
            "project",
            project,
            CostTable,
            [
                {
                    "caption": table["caption"],
                    "printed_total": to_decimal(table.get("printed_total")),
                }
                for table in entry.get("cost_tables") or []
            ],
        )
        for table, table_entry in zip(
            tables, entry.get("cost_tables") or [], strict=True
        ):
            self.upsert_rows(
                "table",
                table,
                CostLine,
                [
                    {"label": line["label"], "amount": to_decimal(line.get("amount"))}
                    for line in table_entry.get("lines") or []
                ],
            )
        self.upsert_rows(
            "project",
            project,
            CrossViewRow,
            [
                {
                    "group": text(row.get("group")),
                    "theme": row["theme"],
                    "french_side": text(row.get("french_side")),
                    "partner_side": text(row.get("partner_side")),
                }
                for row in cross_view.get("rows") or []
            ],
        )
        self.upsert_rows(
            "project",
            project,
            Quote,
            [
                {
                    "text": text(quote["text"]),
                    "author": quote["author"],
                    "role": text(quote.get("role")),
                }
                for quote in entry.get("quotes") or []
            ],
        )
        self.upsert_rows(
            "project",
            project,
            ProjectContact,
            [
                {"contact": self.contact(contact)}
                for contact in entry.get("contacts") or []
            ],
        )
        return project

    def sync_recommendations(
        self, project: Project, recommendations: list[dict]
    ) -> None:
        wanted = []
        for recommendation in recommendations:
            category = RecommendationCategory.objects.get(
                name=recommendation["category"]
            )
            wanted.append(category.pk)
            self.upsert(
                ProjectRecommendation,
                {"project": project, "category": category},
                {
                    "intro": text(recommendation.get("intro")),
                    "points": "\n".join(recommendation.get("points") or []),
                },
            )
        for stale in project.recommendations.exclude(category__in=wanted):
            stale.delete()
            self.report.updated[ProjectRecommendation._meta.verbose_name_plural] += 1

    # -- missions and evaluations ----------------------------------------------------

    def load_missions(self, document: dict) -> None:
        for entry in document.get("missions") or []:
            project_slug, partnership_key = (
                entry.get("project"),
                entry.get("partnership"),
            )
            mission = self.upsert(
                Mission,
                {"title": entry["title"]},
                {
                    "project": Project.objects.get(slug=project_slug)
                    if project_slug
                    else None,
                    "partnership": (
                        Partnership.objects.get(slug=partnership_key)
                        if partnership_key
                        else None
                    ),
                    "kind": entry["kind"],
                    "origin": self.organisation(entry.get("origin")),
                    "destination": self.organisation(entry.get("destination")),
                    "start_date": to_date(entry.get("start_date")),
                    "end_date": to_date(entry.get("end_date")),
                    "period_note": text(entry.get("period_note")),
                    "place": text(entry.get("place")),
                    "objectives": text(entry.get("objectives")),
                    "expected_participants": entry.get("expected_participants"),
                    "organiser": self.organisation(entry.get("organiser")),
                    "other_participants": text(entry.get("other_participants")),
                    "themes_note": text(entry.get("themes_note")),
                    "testimonies_note": text(entry.get("testimonies_note")),
                },
            )
            self.set_m2m(
                mission.participating_authorities,
                [
                    self.organisation(n)
                    for n in entry.get("participating_authorities") or []
                ],
            )
            for participant in entry.get("participants") or []:
                self.upsert(
                    Participant,
                    {"mission": mission, "full_name": participant["name"]},
                    {
                        "organisation": self.organisation(
                            participant.get("organisation")
                        ),
                        "category": participant["category"],
                    },
                )
            for day in entry.get("days") or []:
                self.upsert(
                    MissionDay,
                    {"mission": mission, "date": to_date(day["date"])},
                    {
                        "title": day["title"],
                        "description": text(day.get("description")),
                    },
                )
            self.upsert_rows(
                "mission",
                mission,
                BudgetLine,
                [
                    {
                        "side": line["side"],
                        "label": line["label"],
                        "cash_amount": to_decimal(line.get("cash_amount"))
                        or Decimal(0),
                        "in_kind_amount": to_decimal(line.get("in_kind_amount"))
                        or Decimal(0),
                        "note": text(line.get("note")),
                    }
                    for line in entry.get("budget_lines") or []
                ],
            )
            created = mission_steps_create_standard(mission=mission)
            if created:
                self.report.created["étapes"] += len(created)

    def load_evaluations(self, document: dict) -> None:
        for entry in document.get("evaluations") or []:
            evaluation = self.upsert(
                Evaluation,
                {
                    "project": Project.objects.get(slug=entry["project"]),
                    "title": entry["title"],
                },
                {
                    "purpose": text(entry.get("purpose")),
                    "start_date": to_date(entry.get("start_date")),
                    "end_date": to_date(entry.get("end_date")),
                    "evaluators": text(entry.get("evaluators")),
                    "status": entry.get("status") or Evaluation.Status.PLANNED,
                    "summary": text(entry.get("summary")),
                },
            )
            questions = self.upsert_rows(
                "evaluation",
                evaluation,
                EvaluativeQuestion,
                [
                    {"text": question["text"]}
                    for question in entry.get("questions") or []
                ],
            )
            for question, question_entry in zip(
                questions, entry.get("questions") or [], strict=True
            ):
                self.upsert_rows(
                    "question",
                    question,
                    Indicator,
                    [
                        {
                            "name": indicator["name"],
                            "unit": text(indicator.get("unit")),
                            "baseline": to_decimal(indicator.get("baseline")),
                            "target": to_decimal(indicator.get("target")),
                        }
                        for indicator in question_entry.get("indicators") or []
                    ],
                )

    # -- everything ------------------------------------------------------------------

    def load(self) -> DemoReport:
        project_files = sorted((self.directory / "projects").glob("*.yaml"))
        partnerships = self.read("partnerships.yaml")
        missions = self.read("missions.yaml")
        evaluations = self.read("evaluations.yaml")
        projects = [
            self.read(str(path.relative_to(self.directory))) for path in project_files
        ]
        self.load_organisations([partnerships, missions, evaluations, *projects])
        self.load_partnerships(partnerships)
        for project in projects:
            self.load_project(project)
        self.load_missions(missions)
        self.load_evaluations(evaluations)
        return self.report


def text(value) -> str:
    return (str(value).strip() if value is not None else "").replace("\r\n", "\n")


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise ValueError(f"Amount {value!r} is a float: write it as a string.")
    return Decimal(str(value))


def to_date(value) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    return date.fromisoformat(str(value))


@transaction.atomic
def demo_load(*, directory: Path = DEMO_DIR) -> DemoReport:
    """Load the demo data set; all or nothing, and a second run writes nothing."""
    return DemoLoader(directory).load()


@transaction.atomic
def demo_accounts_create() -> list[tuple[str, str, str]]:
    """Create the demo accounts (password `demo`); never with DEBUG off.

    Returns (username, password, role) for each account, to be printed."""
    if not settings.DEBUG:
        raise PermissionError(
            "Les comptes de démonstration ne sont créés qu'en développement "
            "(DEBUG activé)."
        )
    User = get_user_model()
    accounts = []
    for username, group_name, staff, organisation_names in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.is_staff = staff
        user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        for name in organisation_names:
            OrganisationMembership.objects.get_or_create(
                user=user, organisation=Organisation.objects.get(name=name)
            )
        accounts.append((username, DEMO_PASSWORD, str(roles.ROLES[group_name])))
    return accounts
