"""What a sheet reads of a project, and what it shows: the rows in the sheet's order,
grouped and totalled, read from prefetched relations only."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.markdown import render_markdown

from ..funding import FundingSummary
from ..models import (
    CostTable,
    FundingLine,
    PrintedName,
    Project,
    ProjectContact,
    ProjectPhoto,
    ProjectRecommendation,
)
from ..models.projects import KEY_FIGURES_ON_SHEET, PLACEABLE_TEXTS

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
    projects = projects.select_related("carrier")
    return projects.prefetch_related(None).prefetch_related(
        "co_carriers",
        "partners",
        "partnerships",
        "themes",
        "sdgs",
        "key_figures",
        "cross_view_rows",
        "quotes",
        Prefetch("photos", queryset=ProjectPhoto.objects.filter(on_sheet=True)),
        Prefetch(
            "printed_names", queryset=PrintedName.objects.select_related("organisation")
        ),
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


def programme_funders() -> list[str]:
    """The funders of the TERRINCLUS programme, printed at the foot of its sheets and
    of the catalogue's cover as in the guide: set once, in the
    SHEET_PROGRAMME_FUNDERS setting."""
    return list(getattr(settings, "SHEET_PROGRAMME_FUNDERS", ()))


@dataclass(frozen=True)
class CrossViewGroup:
    title: str
    rows: list


# A line of a long text that says where a cross-view table or a quote goes:
# "[[regard-croisé]]" (every table not placed elsewhere), "[[regard-croisé 2]]" (the
# second table), "[[citation 1]]" (the first quote). The form's help text offers them.
PLACEHOLDER = re.compile(
    r"^[ \t]*\[\[\s*(?P<kind>regard[- ]crois[ée]|citation)(?:\s+(?P<number>\d+))?"
    r"\s*\]\][ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class TextPart:
    """A piece of a long text: its HTML, or the tables or quotes placed there."""

    html: SafeString | None = None
    cross_view_groups: list = field(default_factory=list)
    quotes: list = field(default_factory=list)


def _markdown_part(text: str) -> TextPart | None:
    html = render_markdown(text)
    return TextPart(html=mark_safe(html)) if html else None  # noqa: S308 - nh3


@dataclass(frozen=True)
class ContactGroup:
    organisation: str
    contacts: list


@dataclass(frozen=True)
class SheetPhoto:
    url: str
    caption: str
    credit: str


class Sheet:
    """What the sheet shows of a project, read from its prefetched rows (no query when
    the project comes from `sheet_prefetch`).

    Its photos are addressed for the PDF (under MEDIA_URL, which only the sheets'
    URL fetcher serves) or, with `screen`, for a browser (through the photo's scoped
    file view, which checks who reads it, or `photo_url` when given).

    The `public` sheet is the one anonymous visitors read: the same sheet without
    the contacts' e-mail addresses and phone numbers, and without the funding lines
    and cost tables unless the project publishes them (`funding_is_public`)."""

    def __init__(
        self,
        project: Project,
        *,
        screen: bool = False,
        public: bool = False,
        photo_url: Callable[[ProjectPhoto], str] | None = None,
    ):
        self.project = project
        self.screen = screen
        self.public = public
        self.photo_url = photo_url

    @property
    def shows_funding(self) -> bool:
        return not self.public or self.project.funding_is_public

    @property
    def shows_contact_details(self) -> bool:
        return not self.public

    def _photo_address(self, photo: ProjectPhoto) -> str:
        if not self.screen:
            return photo.image.url
        if self.photo_url is not None:
            return self.photo_url(photo)
        return reverse("projects:photo-file", args=[photo.pk])

    @cached_property
    def photos(self) -> list[SheetPhoto]:
        """The photos shown on the sheet, in their order: the first is printed large
        on the first page, the others beside the text."""
        return [
            SheetPhoto(
                url=self._photo_address(photo),
                caption=photo.caption,
                credit=photo.credit,
            )
            for photo in self.project.photos.all()
            if photo.on_sheet and photo.image
        ]

    @property
    def photo_credits(self) -> str:
        """The project's credit line, printed after its photos: a sheet without a photo
        has nothing to credit (the guide's credit lines name photos we do not hold)."""
        return self.project.photo_credits if self.photos else ""

    @property
    def lead_photo(self) -> SheetPhoto | None:
        return self.photos[0] if self.photos else None

    @property
    def side_photos(self) -> list[SheetPhoto]:
        return self.photos[1:]

    @property
    def side_photos_by_section(self) -> dict[str, list[SheetPhoto]]:
        """The other photos, each beside the text of a section in turn (pilot, project,
        focus: those the sheet has), so they spread over the sheet instead of piling up;
        after the last section when the sheet has no text."""
        sections = [
            name
            for name, present in (
                ("pilot", self.has_pilot_section),
                ("project", self.has_project_section),
                ("focus", self.has_focus_section),
            )
            if present
        ] or ["end"]
        placed: dict[str, list[SheetPhoto]] = {name: [] for name in sections}
        for number, photo in enumerate(self.side_photos):
            placed[sections[number % len(sections)]].append(photo)
        return placed

    @property
    def anchor(self) -> str:
        return f"fiche-{self.project.slug}"

    @property
    def in_guide(self) -> bool:
        """A project of the TERRINCLUS guide: its headings name TERRINCLUS."""
        return self.project.guide_order is not None

    @cached_property
    def printed_names(self) -> dict[int, tuple[int, str]]:
        """Organisation id -> (its rank, the name this project prints it under)."""
        return {
            printed.organisation_id: (printed.order, printed.name)
            for printed in self.project.printed_names.all()
        }

    def printed_name(self, organisation) -> str:
        """The name as this sheet prints it, given by the project ("Ville de
        Dessalines (Haïti)"), or else the organisation's with the country of a
        foreign one: "Département de Bignona (Sénégal)"."""
        printed = self.printed_names.get(organisation.pk)
        return printed[1] if printed else organisation.display_name

    def in_printed_order(self, organisations: list) -> list:
        """Those the project ranks first, in its order, then the others as they
        come."""
        unranked = (1, 0)
        return sorted(
            organisations,
            key=lambda o: (
                (0, self.printed_names[o.pk][0])
                if o.pk in self.printed_names
                else unranked
            ),
        )

    @property
    def programme_funders(self) -> list[str]:
        return programme_funders()

    @cached_property
    def carriers(self) -> list:
        co_carriers = self.in_printed_order(list(self.project.co_carriers.all()))
        return [self.project.carrier, *co_carriers]

    @cached_property
    def carrier_names(self) -> list[str]:
        return [self.printed_name(organisation) for organisation in self.carriers]

    @cached_property
    def partners(self) -> list:
        partners = list(self.project.partners.all())
        if not partners:
            # the partners of its partnerships, each named once, in their order
            partners = list(
                {
                    partnership.partner_id: partnership.partner
                    for partnership in self.project.partnerships.all()
                }.values()
            )
        return self.in_printed_order(partners)

    @cached_property
    def partner_names(self) -> list[str]:
        return [self.printed_name(organisation) for organisation in self.partners]

    @property
    def partner_line(self) -> str:
        """As the guide joins them: "A et B", "A, B, C"."""
        names = self.partner_names
        if len(names) == 2:
            return _("%(first)s et %(second)s") % {
                "first": names[0],
                "second": names[1],
            }
        return ", ".join(names)

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
    def funding(self) -> FundingSummary | None:
        """None on a public sheet whose project does not publish its funding."""
        return self.project.funding if self.shows_funding else None

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
    def _placements(self) -> tuple[dict[str, list[TextPart]], set[int], set[int]]:
        """Each long text cut at its placeholders, with the tables and quotes they
        place (a placeholder naming nothing is dropped), and the indexes of the
        tables and quotes placed."""
        groups, quotes = self.cross_view_groups, self.quotes
        placed_groups: set[int] = set()
        placed_quotes: set[int] = set()
        parts: dict[str, list[TextPart]] = {}
        for name in PLACEABLE_TEXTS:
            text = getattr(self.project, name)
            pieces = []
            start = 0
            for match in PLACEHOLDER.finditer(text):
                pieces.append(_markdown_part(text[start : match.start()]))
                start = match.end()
                number = int(match["number"]) if match["number"] else None
                if match["kind"].lower() == "citation":
                    if number and 0 < number <= len(quotes):
                        pieces.append(TextPart(quotes=[quotes[number - 1]]))
                        placed_quotes.add(number - 1)
                    continue
                if number is None:
                    chosen = [i for i in range(len(groups)) if i not in placed_groups]
                else:
                    chosen = [number - 1] if 0 < number <= len(groups) else []
                placed_groups.update(chosen)
                if chosen:
                    pieces.append(
                        TextPart(cross_view_groups=[groups[i] for i in chosen])
                    )
            pieces.append(_markdown_part(text[start:]))
            parts[name] = [piece for piece in pieces if piece is not None]
        return parts, placed_groups, placed_quotes

    @property
    def text_parts(self) -> dict[str, list[TextPart]]:
        return self._placements[0]

    @property
    def unplaced_cross_view_groups(self) -> list[CrossViewGroup]:
        """The tables no text places: after the focus text, as before placeholders."""
        placed = self._placements[1]
        return [g for i, g in enumerate(self.cross_view_groups) if i not in placed]

    @property
    def unplaced_quotes(self) -> list:
        """The quotes no text places: gathered after the focus, as before."""
        placed = self._placements[2]
        return [q for i, q in enumerate(self.quotes) if i not in placed]

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
            or (self.funding and (self.funding.lines or self.funding.cost_tables))
        )

    @property
    def has_focus_section(self) -> bool:
        return bool(
            self.project.focus_title
            or self.project.focus_body
            or self.cross_view_groups
        )
