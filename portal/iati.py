"""The IATI 2.03 activity file of the public projects (`Project.is_public`): what
`/iati/activities.xml` serves and `manage.py iati_export` writes.

One iati-activity per public project, its elements in the order of the 2.03 schema
(vendored in portal/data/iati-2.03/, with its source): the reporting organisation
(settings.IATI_REPORTING_ORG), the participating organisations with their IATI roles
(1 funding: the funders of the counted lines; 2 accountable: the French authorities
of its partnerships; 3 extending: the carrier and co-carriers; 4 implementing: the
partners and the partner authorities), title and descriptions in French, the
activity dates from the start and end years, the status, the recipient countries
(the partner authorities' countries, shared equally), the DAC sector, the budgets per
calendar year (from the split by year or the one-year period of each line), the
transactions (a commitment per secured line with a date, a disbursement per
payment) and the results from the evaluations (an indicator's baseline, its target
and its measurements per year).
"""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from lxml import etree

from core.markdown import render_markdown
from evaluations.models import Evaluation, EvaluativeQuestion, Indicator
from partnerships.models import Organisation, Partnership
from projects.models import FundingLine, Project

SCHEMA_DIR = Path(__file__).parent / "data" / "iati-2.03"
ACTIVITY_SCHEMA = SCHEMA_DIR / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI OrganisationType codes (10 government, 11 local government, 22 national NGO,
# 40 multilateral, 60 foundation, 80 academic, 90 other)
ORGANISATION_TYPES = {
    Organisation.Kind.DEPARTEMENT: "11",
    Organisation.Kind.REGION: "11",
    Organisation.Kind.COMMUNE: "11",
    Organisation.Kind.VILLE: "11",
    Organisation.Kind.JUDET: "11",
    Organisation.Kind.RAION: "11",
    Organisation.Kind.PROVINCE: "11",
    Organisation.Kind.PREFECTURE: "10",
    Organisation.Kind.MINISTERE: "10",
    Organisation.Kind.AGENCE: "10",
    Organisation.Kind.ETAT: "10",
    Organisation.Kind.UNION_EUROPEENNE: "40",
    Organisation.Kind.ASSOCIATION: "22",
    Organisation.Kind.FONDATION: "60",
    Organisation.Kind.UNIVERSITE: "80",
}
# IATI ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 6 suspended
ACTIVITY_STATUS = {
    Project.Status.PREPARATION: "1",
    Project.Status.ONGOING: "2",
    Project.Status.DONE: "3",
    Project.Status.SUSPENDED: "6",
}
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_EXTENDING, ROLE_IMPLEMENTING = "1", "2", "3", "4"


def public_projects() -> QuerySet[Project]:
    """The public projects with everything the file reads, in a fixed number of
    queries."""
    partnerships = Partnership.objects.select_related("french_authority", "partner")
    lines = FundingLine.objects.select_related("funder").prefetch_related(
        "years", "payments__payer", "payments__payee"
    )
    evaluations = Evaluation.objects.prefetch_related(
        Prefetch(
            "questions",
            queryset=EvaluativeQuestion.objects.prefetch_related(
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.prefetch_related("measurements"),
                )
            ),
        )
    ).order_by("start_date", "pk")
    return (
        Project.objects.filter(is_public=True)
        .select_related("carrier")
        .prefetch_related(
            "co_carriers",
            "partners",
            Prefetch("partnerships", queryset=partnerships),
            Prefetch("funding_lines", queryset=lines),
            Prefetch("evaluations", queryset=evaluations),
            "cost_tables__lines",
        )
        .order_by("slug")
    )


def reporting_org() -> dict:
    return settings.IATI_REPORTING_ORG


def _sub(parent, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(
        parent, tag, {k.replace("_", "-"): str(v) for k, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def _narrative(parent, tag: str, text: str, **attributes) -> etree._Element:
    element = _sub(parent, tag, **attributes)
    narrative = _sub(element, "narrative", text)
    narrative.set(XML_LANG, "fr")
    return element


def _organisation(parent, tag: str, organisation: Organisation, **attributes):
    attributes.setdefault("type", ORGANISATION_TYPES.get(organisation.kind, "90"))
    return _narrative(parent, tag, organisation.name, **attributes)


def plain_text(markdown: str) -> str:
    """A Markdown text of the sheets as the plain text an IATI narrative holds."""
    return html.unescape(strip_tags(render_markdown(markdown))).strip()


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _value(parent, amount: Decimal, currency: str, value_date: date):
    return _sub(
        parent, "value", _amount(amount), currency=currency, value_date=value_date
    )


def _participants(project: Project) -> list[tuple[str, Organisation]]:
    """(role, organisation) pairs, each pair once, in the order of the roles."""
    partnerships = list(project.partnerships.all())
    pairs = []
    for line in project.funding.funder_lines:
        if line.funder is not None:
            pairs.append((ROLE_FUNDING, line.funder))
    pairs += [(ROLE_ACCOUNTABLE, p.french_authority) for p in partnerships]
    pairs += [(ROLE_EXTENDING, project.carrier)]
    pairs += [(ROLE_EXTENDING, o) for o in project.co_carriers.all()]
    pairs += [(ROLE_IMPLEMENTING, p.partner) for p in partnerships]
    pairs += [(ROLE_IMPLEMENTING, o) for o in project.partners.all()]
    seen, unique = set(), []
    for role, organisation in pairs:
        if (role, organisation.pk) not in seen:
            seen.add((role, organisation.pk))
            unique.append((role, organisation))
    return unique


def _recipient_countries(project: Project) -> list[tuple[str, Decimal]]:
    codes = sorted(
        {
            p.partner.country.code
            for p in project.partnerships.all()
            if p.partner.country and p.partner.country.code != "FR"
        }
    )
    if not codes:
        return []
    share = (Decimal(100) / len(codes)).quantize(Decimal("0.01"))
    shares = [share] * len(codes)
    shares[-1] = Decimal(100) - share * (len(codes) - 1)
    return list(zip(codes, shares, strict=True))


def _activity_dates(parent, project: Project) -> None:
    started = project.status in (Project.Status.ONGOING, Project.Status.DONE)
    start = project.start_year or timezone.localtime(project.created_at).year
    _sub(
        parent,
        "activity-date",
        iso_date=date(start, 1, 1),
        type="2" if started else "1",
    )
    if project.end_year:
        done = project.status == Project.Status.DONE
        _sub(
            parent,
            "activity-date",
            iso_date=date(project.end_year, 12, 31),
            type="4" if done else "3",
        )


def _budgets(parent, project: Project, today: date) -> None:
    for row in project.funding.by_year:
        if row.key is None or not row.total:
            continue
        budget = _sub(parent, "budget", type="1", status="1")
        _sub(budget, "period-start", iso_date=date(row.key, 1, 1))
        _sub(budget, "period-end", iso_date=date(row.key, 12, 31))
        _value(budget, row.total, row.currency, date(row.key, 1, 1))


def _commitment_date(line: FundingLine, project: Project) -> date | None:
    if line.period_start:
        return line.period_start
    return date(project.start_year, 1, 1) if project.start_year else None


def _transactions(parent, project: Project) -> None:
    for line in project.funding.funder_lines:
        when = _commitment_date(line, project)
        if line.status != FundingLine.Status.SECURED or when is None:
            continue
        transaction = _sub(parent, "transaction")
        _sub(transaction, "transaction-type", code="2")
        _sub(transaction, "transaction-date", iso_date=when)
        _value(transaction, line.amount, line.currency, when)
        _narrative(transaction, "description", line.display_label)
        if line.funder is not None:
            _organisation(transaction, "provider-org", line.funder)
        _organisation(transaction, "receiver-org", project.carrier)
    for line in project.funding.lines:
        for payment in line.payments.all():
            transaction = _sub(parent, "transaction")
            _sub(transaction, "transaction-type", code="3")
            _sub(transaction, "transaction-date", iso_date=payment.paid_on)
            _value(transaction, payment.amount, line.currency, payment.paid_on)
            if payment.purpose:
                _narrative(transaction, "description", payment.purpose)
            payer = payment.payer or line.funder
            if payer is not None:
                _organisation(transaction, "provider-org", payer)
            _organisation(transaction, "receiver-org", payment.payee or project.carrier)


def _results(parent, project: Project) -> None:
    for evaluation in project.evaluations.all():
        indicators = [
            indicator
            for question in evaluation.questions.all()
            for indicator in question.indicators.all()
        ]
        if not indicators:
            continue
        result = _sub(parent, "result", type="2", aggregation_status="0")
        _narrative(result, "title", evaluation.title)
        if evaluation.purpose:
            _narrative(result, "description", plain_text(evaluation.purpose))
        for indicator in indicators:
            _indicator(result, indicator, evaluation, project)


def _indicator(parent, indicator: Indicator, evaluation: Evaluation, project):
    element = _sub(parent, "indicator", measure="1")
    title = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
    _narrative(element, "title", title)
    first_year = (
        evaluation.start_date.year
        if evaluation.start_date
        else project.start_year or timezone.localdate().year
    )
    if indicator.baseline is not None:
        _sub(element, "baseline", year=first_year, value=indicator.baseline)
    by_year: dict[int, list] = {}
    for measurement in sorted(indicator.measurements.all(), key=lambda m: m.date):
        by_year.setdefault(measurement.date.year, []).append(measurement)
    years = sorted(by_year)
    if not years and indicator.target is not None:
        years = [evaluation.end_date.year if evaluation.end_date else first_year]
    for year in years:
        period = _sub(element, "period")
        _sub(period, "period-start", iso_date=date(year, 1, 1))
        _sub(period, "period-end", iso_date=date(year, 12, 31))
        if indicator.target is not None and year == years[-1]:
            _sub(period, "target", value=indicator.target)
        for measurement in by_year.get(year, []):
            actual = _sub(period, "actual", value=measurement.value)
            comment = measurement.get_side_display()
            if measurement.comment:
                comment = f"{comment} : {measurement.comment}"
            _narrative(actual, "comment", comment)


def _activity(parent, project: Project, org: dict, today: date) -> None:
    activity = _sub(
        parent,
        "iati-activity",
        default_currency=project.funding.currency,
        last_updated_datetime=timezone.localtime(project.updated_at).isoformat(
            timespec="seconds"
        ),
    )
    activity.set(XML_LANG, "fr")
    _sub(activity, "iati-identifier", f"{org['ref']}-{project.slug}")
    _narrative(activity, "reporting-org", org["name"], ref=org["ref"], type=org["type"])
    _narrative(activity, "title", project.title)
    if project.lead:
        _narrative(activity, "description", plain_text(project.lead), type="1")
    if project.objectives:
        _narrative(activity, "description", plain_text(project.objectives), type="2")
    for role, organisation in _participants(project):
        _organisation(activity, "participating-org", organisation, role=role)
    _sub(activity, "activity-status", code=ACTIVITY_STATUS[project.status])
    _activity_dates(activity, project)
    for code, percentage in _recipient_countries(project):
        _sub(activity, "recipient-country", code=code, percentage=percentage)
    if project.sector_code:
        _sub(activity, "sector", vocabulary="1", code=project.sector_code)
    _budgets(activity, project, today)
    _transactions(activity, project)
    _results(activity, project)


def iati_activities_xml(projects=None) -> bytes:
    """The activity file of `projects` (the public projects by default)."""
    projects = public_projects() if projects is None else projects
    now = timezone.localtime()
    root = etree.Element(
        "iati-activities",
        {"version": "2.03", "generated-datetime": now.isoformat(timespec="seconds")},
    )
    org = reporting_org()
    for project in projects:
        _activity(root, project, org, now.date())
    return etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", pretty_print=True
    )


def iati_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(ACTIVITY_SCHEMA)))


def iati_errors(content: bytes) -> list[str]:
    """What the 2.03 schema says is wrong with `content` (empty when valid)."""
    schema = iati_schema()
    document = etree.fromstring(content, etree.XMLParser(resolve_entities=False))
    if schema.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in schema.error_log]
