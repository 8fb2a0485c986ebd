"""What a sheet reads of a project, and what it shows: the rows in the sheet's order,
grouped and totalled, read from prefetched relations only."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from ..funding import FundingSummary
from ..models import (
    CostTable,
    FundingLine,
    Project,
    ProjectContact,
    ProjectRecommendation,
)
from ..models.projects import KEY_FIGURES_ON_SHEET

KEY_FIGURES_SHOWN = KEY_FIGURES_ON_SHEET

# What the apps above this one add to a project's page and sheet (the evaluations
# app: its summary of the project's evaluations). Each registers, from its
# AppConfig.ready(), a function that returns the Prefetch its section reads.
SECTION_PREFETCHES: list[Callable[[], Prefetch]] = []


def sheet_section_register(prefetch: Callable[[], Prefetch]) -> None:
    if prefetch not in SECTION_PREFETCHES:
        SECTION_PREFETCHES.append(prefetch)


def sheet_prefetch(projects: QuerySet[Project]) -> QuerySet[Project]:
    """`projects` with every row a sheet shows: a catalogue of N sheets costs the same
    number of queries as one."""
    projects = projects.select_related(
        "carrier", "partnership__partner", "partnership__french_authority"
    )
    return projects.prefetch_related(None).prefetch_related(
        "co_carriers",
        "partners",
        "themes",
        "sdgs",
        "key_figures",
        "cross_view_rows",
        "quotes",
        Prefetch(
            "recommendations",
            queryset=ProjectRecommendation.objects.select_related("category"),
        ),
        Prefetch(
            "funding_lines", queryset=FundingLine.objects.select_related("funder")
        ),
        Prefetch("cost_tables", queryset=CostTable.objects.prefetch_related("lines")),
        Prefetch(
            "project_contacts",
            queryset=ProjectContact.objects.select_related("contact__organisation"),
        ),
        *(prefetch() for prefetch in SECTION_PREFETCHES),
    )


@dataclass(frozen=True)
class CrossViewGroup:
    title: str
    rows: list


@dataclass(frozen=True)
class ContactGroup:
    organisation: str
    contacts: list


class Sheet:
    """What the sheet shows of a project, read from its prefetched rows (no query when
    the project comes from `sheet_prefetch`)."""

    def __init__(self, project: Project):
        self.project = project

    @property
    def anchor(self) -> str:
        return f"fiche-{self.project.slug}"

    @property
    def in_guide(self) -> bool:
        """A project of the TERRINCLUS guide: its headings name TERRINCLUS."""
        return self.project.guide_order is not None

    @cached_property
    def carriers(self) -> list:
        return [self.project.carrier, *self.project.co_carriers.all()]

    @cached_property
    def partners(self) -> list:
        partners = list(self.project.partners.all())
        if not partners and self.project.partnership:
            partners = [self.project.partnership.partner]
        return partners

    @cached_property
    def themes(self) -> list:
        return list(self.project.themes.all())

    @cached_property
    def recommendations(self) -> list:
        return list(self.project.recommendations.all())

    @cached_property
    def sdgs(self) -> list:
        return list(self.project.sdgs.all())

    @cached_property
    def key_figures(self) -> list:
        return list(self.project.key_figures.all())[:KEY_FIGURES_SHOWN]

    @property
    def funding(self) -> FundingSummary:
        return self.project.funding

    @property
    def cross_view_french_label(self) -> str:
        return self.project.cross_view_french_label or _("la partie française")

    @property
    def cross_view_partner_label(self) -> str:
        return self.project.cross_view_partner_label or _("la partie partenaire")

    @cached_property
    def cross_view_groups(self) -> list[CrossViewGroup]:
        rows = self.project.cross_view_rows.all()
        return [
            CrossViewGroup(title=title, rows=list(group))
            for title, group in groupby(rows, key=lambda row: row.group)
        ]

    @cached_property
    def quotes(self) -> list:
        return list(self.project.quotes.all())

    @cached_property
    def contact_groups(self) -> list[ContactGroup]:
        """Contacts under their organisation, organisations in order of appearance."""
        groups: dict[str, list] = {}
        for project_contact in self.project.project_contacts.all():
            contact = project_contact.contact
            name = str(contact.organisation) if contact.organisation else ""
            groups.setdefault(name, []).append(contact)
        return [ContactGroup(name, contacts) for name, contacts in groups.items()]

    @property
    def has_pilot_section(self) -> bool:
        project = self.project
        return bool(project.pilot_rationale or self.recommendations or self.sdgs)

    @property
    def has_project_section(self) -> bool:
        project = self.project
        return bool(
            project.genesis
            or project.objectives
            or project.actors
            or self.funding.lines
            or self.funding.cost_tables
        )

    @property
    def has_focus_section(self) -> bool:
        return bool(
            self.project.focus_title
            or self.project.focus_body
            or self.cross_view_groups
        )
