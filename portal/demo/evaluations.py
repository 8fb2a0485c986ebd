"""Evaluations with their grid: questions and indicators."""

from evaluations.models import Evaluation, EvaluativeQuestion, Indicator
from projects.models import (
    Project,
)

from .base import BaseLoader, text, to_date, to_decimal


class EvaluationsLoader(BaseLoader):
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
