"""The yearly declaration of official development assistance (déclaration e-APD)
that every French local authority spending on development cooperation makes each
spring for the previous calendar year (CGCT art. L.1115-6): per action, what it
paid from its own funds, and apart the co-funding it received.

How a payment is read (payer and payee default to the line's funder and the
project's carrier, as on the payments form), for a French authority A of one of the
project's partnerships:
- A is the payer: paid from A's own funds (to the partner, to an operator, or to
  A's own project when A carries it: its budget spent on the action);
- A is the payee of another payer: co-funding A received for the action (a
  ministry call for projects, a grant of the Agence de l'eau);
- otherwise the money does not pass through A's budget: it is not in A's
  declaration (another funder paying the carrier directly).
The action is the project within the partnership of A (when the project has several
partnerships with A, the one whose partner is the payee, otherwise the first); its
country is the partner's. Only countries on the OECD DAC List of ODA Recipients for
the year count; the others are listed apart with the reason, and so are payments
in another currency than the euro (to be converted by hand) and actions whose
partner has no country.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exports import xlsx_table_write
from partnerships.models import Organisation, Partnership
from projects.models import Payment, Project
from projects.sectors import sector_name
from projects.sheets import html_to_pdf, sheet_setting

from .models import OdaRecipient, OdaRecipientList

ZERO = Decimal("0.00")


@dataclass
class DeclarationRow:
    """One action of the declaration: a project within one partnership of the
    declaring authority."""

    authority: Organisation
    partnership: Partnership
    project: Project
    own_funds: Decimal = ZERO
    co_funding: Decimal = ZERO
    reason: str = ""  # why the row is set apart; empty when it counts

    @property
    def country_code(self) -> str:
        return self.partnership.partner.country.code or ""

    @property
    def country_name(self) -> str:
        return str(self.partnership.partner.country.name or "")

    @property
    def partner(self) -> Organisation:
        return self.partnership.partner

    @property
    def kind_label(self) -> str:
        return self.project.get_action_kind_display() or _("non renseigné")

    @property
    def sector_code(self) -> str:
        return self.project.sector_code

    @property
    def sector_label(self) -> str:
        return sector_name(self.project.sector_code)


@dataclass(frozen=True)
class DeclarationTotal:
    label: str
    own_funds: Decimal
    co_funding: Decimal
    actions: int


@dataclass(frozen=True)
class PaymentSetApart:
    payment: Payment
    reason: str


@dataclass
class ApdDeclaration:
    year: int
    authority: Organisation | None
    oda_list: OdaRecipientList | None
    rows: list[DeclarationRow] = field(default_factory=list)
    not_eligible: list[DeclarationRow] = field(default_factory=list)
    payments_apart: list[PaymentSetApart] = field(default_factory=list)
    oda_groups: dict[str, str] = field(default_factory=dict)

    @property
    def own_funds(self) -> Decimal:
        return sum((row.own_funds for row in self.rows), ZERO)

    @property
    def co_funding(self) -> Decimal:
        return sum((row.co_funding for row in self.rows), ZERO)

    def _totals(self, key) -> list[DeclarationTotal]:
        sums: dict[str, list] = {}
        for row in self.rows:
            total = sums.setdefault(key(row), [ZERO, ZERO, 0])
            total[0] += row.own_funds
            total[1] += row.co_funding
            total[2] += 1
        return [
            DeclarationTotal(label, own, co, actions)
            for label, (own, co, actions) in sorted(sums.items())
        ]

    @property
    def by_country(self) -> list[DeclarationTotal]:
        return self._totals(lambda row: row.country_name)

    @property
    def by_kind(self) -> list[DeclarationTotal]:
        return self._totals(lambda row: row.kind_label)

    def oda_group(self, row: DeclarationRow) -> str:
        return self.oda_groups.get(row.country_code, "")


def oda_list_for(year: int) -> OdaRecipientList | None:
    """The edition of the DAC list effective for flows of `year` (None if none is
    loaded)."""
    return (
        OdaRecipientList.objects.filter(first_year__lte=year, last_year__gte=year)
        .order_by("-first_year", "-loaded_at")
        .first()
    )


def french_authorities() -> list[Organisation]:
    """The authorities a declaration can be made for: the French side of the
    partnerships."""
    return list(
        Organisation.objects.filter(partnerships_as_french_authority__isnull=False)
        .distinct()
        .order_by("name")
    )


def _action_partnership(
    partnerships: list[Partnership], authority: Organisation, payee: Organisation
) -> Partnership | None:
    own = [p for p in partnerships if p.french_authority_id == authority.pk]
    for partnership in own:
        if partnership.partner_id == payee.pk:
            return partnership
    return own[0] if own else None


def apd_declaration(
    *, year: int, authority: Organisation | None = None
) -> ApdDeclaration:
    """The declaration of `authority` (of every French authority when None) for the
    payments made in the calendar year `year`. Reads the payments with their lines,
    projects and partnerships in a fixed number of queries."""
    oda_list = oda_list_for(year)
    groups = (
        dict(
            OdaRecipient.objects.filter(recipient_list=oda_list).values_list(
                "country", "group"
            )
        )
        if oda_list
        else {}
    )
    group_labels = dict(OdaRecipient.Group.choices)
    declaration = ApdDeclaration(
        year=year,
        authority=authority,
        oda_list=oda_list,
        oda_groups={code: str(group_labels[group]) for code, group in groups.items()},
    )
    payments = (
        Payment.objects.filter(paid_on__year=year)
        .select_related("line__funder", "line__project__carrier", "payer", "payee")
        .prefetch_related(
            Prefetch(
                "line__project__partnerships",
                queryset=Partnership.objects.select_related(
                    "french_authority", "partner"
                ),
            )
        )
        .order_by("paid_on", "pk")
    )
    rows: dict[tuple[int, int], DeclarationRow] = {}
    for payment in payments:
        project = payment.line.project
        payer = payment.payer or payment.line.funder
        payee = payment.payee or project.carrier
        partnerships = list(project.partnerships.all())
        authorities = {p.french_authority for p in partnerships}
        if authority is not None:
            authorities &= {authority}
        for declaring in sorted(authorities, key=lambda o: o.name):
            if payer == declaring:
                share = "own_funds"
            elif payee == declaring:
                share = "co_funding"
            else:
                continue
            if payment.line.currency != "EUR":
                declaration.payments_apart.append(
                    PaymentSetApart(
                        payment,
                        _("versement en %(currency)s : à convertir en euros")
                        % {"currency": payment.line.currency},
                    )
                )
                continue
            partnership = _action_partnership(partnerships, declaring, payee)
            row = rows.setdefault(
                (partnership.pk, project.pk),
                DeclarationRow(declaring, partnership, project),
            )
            setattr(row, share, getattr(row, share) + payment.amount)
    for row in sorted(
        rows.values(),
        key=lambda r: (
            r.authority.name,
            r.country_name,
            r.partner.name,
            r.project.title,
        ),
    ):
        if not row.country_code:
            row.reason = _("pays du partenaire non renseigné")
        elif oda_list is None:
            row.reason = _(
                "aucune liste des bénéficiaires de l'APD chargée pour %(year)s"
            ) % {"year": year}
        elif row.country_code not in groups:
            row.reason = _("pays non éligible à l'APD")
        (declaration.not_eligible if row.reason else declaration.rows).append(row)
    return declaration


def apd_declaration_pdf(declaration: ApdDeclaration) -> bytes:
    """The summary for the elected assembly, made by the sheets' renderers."""
    html = render_to_string(
        "portal/apd_declaration_document.html",
        {"declaration": declaration, "produced_on": timezone.localdate()},
    )
    return html_to_pdf(html, seconds=sheet_setting("SHEET_BACKGROUND_TIME_LIMIT"))


def declaration_headers() -> list[str]:
    """The columns in the order of the declaration form: typing it in is copying
    each row down."""
    return [
        _("Collectivité déclarante"),
        _("Pays bénéficiaire"),
        _("Collectivité partenaire"),
        _("Intitulé de l'action"),
        _("Type d'action"),
        _("Secteur CAD (code)"),
        _("Secteur CAD (libellé)"),
        _("Montant sur fonds propres (€)"),
        _("Cofinancements reçus (€)"),
        _("Remarque"),
    ]


def _declaration_cells(row: DeclarationRow) -> list:
    return [
        row.authority.name,
        row.country_name,
        row.partner.name,
        row.project.title,
        row.kind_label,
        row.sector_code,
        row.sector_label,
        row.own_funds,
        row.co_funding,
        row.reason,
    ]


def _sheet_write(workbook, title: str, headers: list[str], rows) -> None:
    xlsx_table_write(workbook.create_sheet(title), headers, rows)


def apd_declaration_xlsx(declaration: ApdDeclaration) -> bytes:
    """Three sheets: the actions in the order of the form (the eligible ones, then
    those set apart with their reason), the totals per country, the totals per
    kind of action."""
    workbook = Workbook(write_only=True)
    _sheet_write(
        workbook,
        _("Déclaration APD %(year)s") % {"year": declaration.year},
        declaration_headers(),
        [
            _declaration_cells(row)
            for row in declaration.rows + declaration.not_eligible
        ],
    )
    total_headers = [
        _("Montant sur fonds propres (€)"),
        _("Cofinancements reçus (€)"),
        _("Actions"),
    ]
    for title, first_header, totals in (
        (_("Par pays"), _("Pays bénéficiaire"), declaration.by_country),
        (_("Par type d'action"), _("Type d'action"), declaration.by_kind),
    ):
        _sheet_write(
            workbook,
            title,
            [first_header, *total_headers],
            [[t.label, t.own_funds, t.co_funding, t.actions] for t in totals]
            + [
                [
                    _("Total"),
                    declaration.own_funds,
                    declaration.co_funding,
                    len(declaration.rows),
                ]
            ],
        )
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
