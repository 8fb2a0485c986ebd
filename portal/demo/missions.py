"""Missions, with their participants, days, steps and provisional budget."""

from decimal import Decimal

from missions.models import BudgetLine, Mission, MissionDay, Participant
from missions.services import mission_steps_create_standard
from partnerships.models import (
    Partnership,
)
from projects.models import (
    Project,
)

from .base import BaseLoader, text, to_date, to_decimal


class MissionsLoader(BaseLoader):
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
