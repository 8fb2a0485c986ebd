"""The pilot projects, one file each under fixtures/demo/projects/: every section
of their capitalization sheet."""

from partnerships.models import (
    Partnership,
)
from projects.models import (
    CostLine,
    CostTable,
    CrossViewRow,
    FundingLine,
    KeyFigure,
    PrintedName,
    Project,
    ProjectContact,
    ProjectRecommendation,
    Quote,
    RecommendationCategory,
    SustainableDevelopmentGoal,
    Theme,
)

from .base import BaseLoader, text, to_date, to_decimal


class ProjectsLoader(BaseLoader):
    def load_project(self, entry: dict) -> Project:
        cross_view = entry.get("cross_view") or {}
        project = self.upsert(
            Project,
            {"slug": entry["slug"]},
            {
                "title": entry["title"],
                # the other names the source documents print it under
                "aliases": "\n".join(entry.get("aliases") or []),
                "lead": text(entry.get("lead")),
                "carrier": self.organisation(entry["carrier"]),
                "programme": None,
                "start_year": entry.get("start_year"),
                "end_year": entry.get("end_year"),
                "status": entry.get("status") or Project.Status.DONE,
                "action_kind": entry.get("action_kind") or "",
                "sector_code": entry.get("sector_code") or "",
                "guide_order": entry.get("order"),
                "is_public": bool(entry.get("is_public")),
                "funding_is_public": bool(entry.get("funding_is_public")),
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
        # a project may belong to several partnerships (Anima'Terre Jeunesse)
        self.set_m2m(
            project.partnerships,
            [
                Partnership.objects.get(slug=key)
                for key in entry.get("partnerships") or []
            ],
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
                    # only where the source says so: else cash, obtained
                    "nature": line.get("nature") or FundingLine.Nature.CASH,
                    "status": line.get("status") or FundingLine.Status.SECURED,
                    "period_start": to_date(line.get("period_start")),
                    "period_end": to_date(line.get("period_end")),
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
        self.sync_printed_names(project, entry.get("printed_names") or {})
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

    def sync_printed_names(self, project: Project, names: dict[str, str]) -> None:
        """`printed_names` maps an organisation's name to the one the sheet prints,
        in the sheet's order."""
        wanted = []
        for order, (organisation_name, printed) in enumerate(names.items()):
            organisation = self.organisation(organisation_name)
            wanted.append(organisation.pk)
            self.upsert(
                PrintedName,
                {"project": project, "organisation": organisation},
                {"name": printed, "order": order},
            )
        for stale in project.printed_names.exclude(organisation__in=wanted):
            stale.delete()
            self.report.updated[PrintedName._meta.verbose_name_plural] += 1

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
