"""Who gets what on every page: the role x page matrix.

One row per URL name of the portal, walked from the root URLconf (`config.urls`): the
pages of our apps, the authentication views of `django.contrib.auth.urls`, the language
switch, the health check and the Django admin. The admin generates some hundred names
(seven per registered model); it is covered by a few representative rows (its index,
login, logout and password change, an app index, the list, add, change and history
pages of a model, the user list), the same code serving all the others. The bench page
(`bench-bare`) exists only with the BENCH_BARE_VIEW setting, off in the tests.

Each row states, for the five roles (anonymous, partner, director, coordinator,
administrator), the status of a GET and of a POST. A POST is sent by a client that
enforces CSRF checks, with a valid token; it carries no other data, so a form page
re-renders with its errors (200) and writes nothing. Only the delete pages and the
few pages that act on a bare POST (logout, language, a confirmed import) do what
they do; each test runs in a transaction rolled back at its end. The PDFs are not
rendered: the renderers are replaced by a stub once access is granted, and the
budget export is asked as a spreadsheet.

The public pages (`public:*`) open for every role, anonymous visitors included, on a
project its partnership has published (`is_public`); they answer no POST.

The records in the URLs belong to the partner's own partnership. The same partner
asking for the records of another partnership gets 403 today (the record exists but
is outside its scope; a missing record is a 404): see PARTNER_ON_ANOTHER_PARTNERSHIP.
"""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from core import roles
from core.jobs import job_create, job_finish
from core.models import Proposal, ProposalFile
from evaluations.models import Indicator
from evaluations.proposals import MEASUREMENT_THERE
from imports.models import ImportRecord
from missions.models import BudgetLine
from missions.proposals import BUDGET_ACTUAL
from projects.models import Payment, ProjectPhoto
from tests.conftest import ensure_reference_data
from tests.factories import (
    AgreementFactory,
    ContactFactory,
    CostTableFactory,
    EvaluationFactory,
    EvaluativeQuestionFactory,
    FundingLineFactory,
    IndicatorFactory,
    MeasurementFactory,
    MembershipFactory,
    MissionFactory,
    MissionStepFactory,
    PartnershipFactory,
    ProgrammeFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "partner", "director", "coordinator", "administrator")


def png_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(output, format="PNG")
    return output.getvalue()


def partnership_records(partnership) -> SimpleNamespace:
    """One record of each kind a URL names, all within `partnership`."""
    project = ProjectFactory(partnership=partnership)
    mission = MissionFactory(partnership=partnership, project=project)
    evaluation = EvaluationFactory(project=project)
    question = EvaluativeQuestionFactory(evaluation=evaluation)
    indicator = IndicatorFactory(question=question)
    funding_line = FundingLineFactory(project=project)
    public_project = ProjectFactory(partnership=partnership, is_public=True)
    return SimpleNamespace(
        partnership=partnership,
        organisation=partnership.partner,
        agreement=AgreementFactory(
            partnership=partnership,
            file=SimpleUploadedFile("convention.pdf", b"%PDF-1.4 convention"),
        ),
        programme=ProgrammeFactory(partnership=partnership),
        project=project,
        cost_table=CostTableFactory(project=project),
        photo=ProjectPhoto.objects.create(
            project=project,
            image=SimpleUploadedFile("photo.png", png_bytes()),
            caption="Une photo",
        ),
        public_project=public_project,
        public_photo=ProjectPhoto.objects.create(
            project=public_project,
            image=SimpleUploadedFile("public.png", png_bytes()),
            caption="Une photo publique",
        ),
        funding_line=funding_line,
        payment=Payment.objects.create(
            line=funding_line,
            paid_on=datetime.date(2016, 3, 1),
            amount=Decimal("100"),
            receipt=SimpleUploadedFile("recu.pdf", b"%PDF-1.4 recu"),
        ),
        mission=mission,
        step=MissionStepFactory(
            mission=mission,
            document=SimpleUploadedFile("objectifs.pdf", b"%PDF-1.4 objectifs"),
        ),
        evaluation=evaluation,
        question=question,
        indicator=indicator,
        measurement=MeasurementFactory(indicator=indicator),
    )


def submitted_proposal(record_set, user) -> SimpleNamespace:
    """A measurement "là-bas" proposed by `user` on the partnership's indicator,
    submitted, with one evidence file."""
    proposal = Proposal.objects.create(
        kind=MEASUREMENT_THERE,
        target_type=ContentType.objects.get_for_model(Indicator),
        target_id=record_set.indicator.pk,
        payload={"date": "2026-11-30", "value": "12", "comment": ""},
        state=Proposal.State.SUBMITTED,
        proposer=user,
        organisation_name=record_set.organisation.name,
    )
    record_set.evidence = ProposalFile.objects.create(
        proposal=proposal,
        file=SimpleUploadedFile("enquete.pdf", b"%PDF-1.4 enquete"),
    )
    return proposal


def accepted_receipt(record_set, user) -> None:
    """The financial report of a budget line of the partnership's mission, accepted,
    with its receipt."""
    line = BudgetLine.objects.create(
        mission=record_set.mission, side="expense", label="Transport"
    )
    proposal = Proposal.objects.create(
        kind=BUDGET_ACTUAL,
        target_type=ContentType.objects.get_for_model(BudgetLine),
        target_id=line.pk,
        payload={"actual_cash_amount": "12"},
        state=Proposal.State.ACCEPTED,
        proposer=user,
        organisation_name=record_set.organisation.name,
    )
    record_set.receipt = ProposalFile.objects.create(
        proposal=proposal,
        file=SimpleUploadedFile("facture.pdf", b"%PDF-1.4 facture"),
    )


def session_of(user) -> str | None:
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker, tmp_path_factory):
    """The users of the five roles and the records the URLs name, built once for the
    module inside a transaction rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        ensure_reference_data()
        own = partnership_records(PartnershipFactory())
        other = partnership_records(PartnershipFactory())
        partner = UserFactory(username="matrice-partenaire", role=roles.PARTNER)
        MembershipFactory(user=partner, organisation=own.organisation)
        administrator = UserFactory(
            username="matrice-administratrice",
            role=roles.ADMINISTRATOR,
            is_staff=True,
        )
        users = {
            "anonymous": None,
            "partner": partner,
            "director": UserFactory(username="matrice-directeur", role=roles.DIRECTOR),
            "coordinator": UserFactory(
                username="matrice-coordinatrice", role=roles.COORDINATOR
            ),
            "administrator": administrator,
        }
        own.contact = ContactFactory(organisation=own.organisation)
        # Confirmed already: its preview reads no file, and confirming it again is
        # refused (a redirect to the list) without writing anything.
        own.import_record = ImportRecord.objects.create(
            kind=ImportRecord.Kind.FUNDING_LINES,
            status=ImportRecord.Status.CONFIRMED,
            user=administrator,
            file_name="financements.csv",
            expires_at=timezone.now(),
        )
        # A catalogue made for the director: its pages are the director's only.
        own.job = job_create(
            kind="catalogue", label="Catalogue", user=users["director"], total=1
        )
        job_finish(own.job.pk, content=b"%PDF-stub", file_name="catalogue.pdf")
        # A submitted proposal of each partnership's partner, with its evidence.
        own.proposal = submitted_proposal(own, partner)
        other_partner = UserFactory(
            username="matrice-autre-partenaire", role=roles.PARTNER
        )
        MembershipFactory(user=other_partner, organisation=other.organisation)
        other.proposal = submitted_proposal(other, other_partner)
        accepted_receipt(own, partner)
        accepted_receipt(other, other_partner)
        # One session per role for the module: a test that logs out deletes it in
        # its own transaction, rolled back at its end.
        sessions = {role: session_of(user) for role, user in users.items()}
        yield SimpleNamespace(own=own, other=other, users=users, sessions=sessions)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def csrf_token(records, django_db_blocker) -> str:
    """A token as a browser gets it: the cookie set by the login page."""
    with django_db_blocker.unblock():
        response = Client(enforce_csrf_checks=True).get(reverse("login"))
    return response.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.fixture(autouse=True)
def no_pdf_rendering(pdf_stubs):
    """Access is what is tested here: a stub stands for the PDF once it is granted
    (tests/portal/conftest.py)."""


def client_as(records, role: str, token: str | None = None) -> Client:
    """A browser of `role`: logged in (the module's session of that role), holding
    the CSRF cookie when `token` is given."""
    client = Client(enforce_csrf_checks=True)
    if records.sessions[role] is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = records.sessions[role]
    if token is not None:
        client.cookies[settings.CSRF_COOKIE_NAME] = token
    return client


def resolver_names(patterns=None, namespace: str = "") -> set[str]:
    """Every URL name the root URLconf resolves, with its namespace."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            names |= resolver_names(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


# The URL arguments of each name that takes some, from one partnership's records.
URL_ARGS = {
    "password_reset_confirm": lambda r: ["MQ", "not-a-token"],
    "partnerships:partnership-detail": lambda r: [r.partnership.pk],
    "partnerships:partnership-history": lambda r: [r.partnership.pk],
    "partnerships:partnership-update": lambda r: [r.partnership.pk],
    "partnerships:partnership-delete": lambda r: [r.partnership.pk],
    "partnerships:agreement-file": lambda r: [r.agreement.pk],
    "partnerships:organisation-detail": lambda r: [r.organisation.pk],
    "partnerships:organisation-history": lambda r: [r.organisation.pk],
    "partnerships:organisation-update": lambda r: [r.organisation.pk],
    "partnerships:organisation-delete": lambda r: [r.organisation.pk],
    "partnerships:contact-update": lambda r: [r.contact.pk],
    "partnerships:contact-delete": lambda r: [r.contact.pk],
    "imports:import-preview": lambda r: [r.import_record.pk],
    "imports:import-confirm": lambda r: [r.import_record.pk],
    "projects:programme-detail": lambda r: [r.programme.pk],
    "projects:programme-history": lambda r: [r.programme.pk],
    "projects:programme-update": lambda r: [r.programme.pk],
    "projects:programme-delete": lambda r: [r.programme.pk],
    "projects:costtable-update": lambda r: [r.cost_table.pk],
    "projects:fundingline-years": lambda r: [r.funding_line.pk],
    "projects:fundingline-payments": lambda r: [r.funding_line.pk],
    "projects:payment-receipt": lambda r: [r.payment.pk],
    "projects:project-detail": lambda r: [r.project.slug],
    "projects:project-history": lambda r: [r.project.slug],
    "projects:project-update": lambda r: [r.project.slug],
    "projects:project-photos": lambda r: [r.project.slug],
    "projects:photo-file": lambda r: [r.photo.pk],
    "projects:project-delete": lambda r: [r.project.slug],
    "projects:sheet": lambda r: [r.project.slug],
    "projects:sheet-pdf": lambda r: [r.project.slug],
    "missions:seminar-series": lambda r: [r.project.slug],
    "missions:mission-detail": lambda r: [r.mission.pk],
    "missions:mission-history": lambda r: [r.mission.pk],
    "missions:step-document": lambda r: [r.step.pk],
    "missions:mission-update": lambda r: [r.mission.pk],
    "missions:mission-steps": lambda r: [r.mission.pk],
    # A report posted without its version is refused as stale (409), not re-rendered.
    "missions:mission-report": lambda r: [r.mission.pk],
    "missions:mission-budget-export": lambda r: [r.mission.pk, "xlsx"],
    "missions:mission-delete": lambda r: [r.mission.pk],
    "evaluations:evaluation-detail": lambda r: [r.evaluation.pk],
    "evaluations:evaluation-history": lambda r: [r.evaluation.pk],
    "evaluations:evaluation-update": lambda r: [r.evaluation.pk],
    "evaluations:evaluation-delete": lambda r: [r.evaluation.pk],
    "evaluations:question-update": lambda r: [r.question.pk],
    # An invalid measurement re-renders the indicator with a 400.
    "evaluations:indicator-detail": lambda r: [r.indicator.pk],
    "evaluations:measurement-delete": lambda r: [r.measurement.pk],
    "core:job-detail": lambda r: [r.job.pk],
    "core:job-status": lambda r: [r.job.pk],
    "core:job-file": lambda r: [r.job.pk],
    "project-yearly-report": lambda r: [r.project.slug, 2015],
    "project-yearly-report-pdf": lambda r: [r.project.slug, 2015],
    "partnership-yearly-report": lambda r: [r.partnership.pk, 2015],
    "partnership-yearly-report-pdf": lambda r: [r.partnership.pk, 2015],
    "apd-declaration": lambda r: [2024],
    "apd-declaration-pdf": lambda r: [2024],
    "apd-declaration-xlsx": lambda r: [2024],
    "missions:mission-dossier": lambda r: [r.mission.pk],
    "missions:budget-receipt": lambda r: [r.receipt.pk],
    "missions:step-template": lambda r: [r.step.pk],
    "public:sheet": lambda r: [r.public_project.slug],
    "public:sheet-pdf": lambda r: [r.public_project.slug],
    "public:photo": lambda r: [r.public_photo.pk],
    "account-token-revoke": lambda r: [0],  # nobody's token: a 404 for everyone
    "api:organisation-detail": lambda r: [r.organisation.pk],
    "api:partnership-detail": lambda r: [r.partnership.pk],
    "api:programme-detail": lambda r: [r.programme.pk],
    "api:project-detail": lambda r: [r.project.pk],
    "api:fundingline-detail": lambda r: [r.funding_line.pk],
    "api:mission-detail": lambda r: [r.mission.pk],
    "api:mission-report": lambda r: [r.mission.pk],
    "api:evaluation-detail": lambda r: [r.evaluation.pk],
    "api:indicator-detail": lambda r: [r.indicator.pk],
    "api:indicator-measurements": lambda r: [r.indicator.pk],
    "api:not-found": lambda r: ["nulle-part/"],
    "comment-create": lambda r: ["projects.project", r.project.pk],
    "proposal-create": lambda r: [MEASUREMENT_THERE, r.indicator.pk],
    "proposal-detail": lambda r: [r.proposal.pk],
    "proposal-review": lambda r: [r.proposal.pk],
    "proposal-file": lambda r: [r.evidence.pk],
    "admin:app_list": lambda r: ["projects"],
    "admin:projects_project_change": lambda r: [r.project.pk],
    "admin:projects_project_history": lambda r: [r.project.pk],
}


def url(records, name: str, side: str = "own") -> str:
    record_set = getattr(records, side)
    args = URL_ARGS[name](record_set) if name in URL_ARGS else []
    return reverse(name, args=args)


# The expected status of each URL name for the five roles, in the order of ROLES
# (anonymous, partner, director, coordinator, administrator): for a GET left of the
# bar, for a POST (a valid CSRF token and no other data) right of it.
#                                     GET                 | POST
# fmt: off
MATRIX = {
    # The dashboard, the health check and the import preview answer a POST as a GET.
    "home":                              "302 200 200 200 200 | 302 200 200 200 200",
    "health":                            "200 200 200 200 200 | 200 200 200 200 200",
    "set_language":                      "302 302 302 302 302 | 302 302 302 302 302",
    "login":                             "200 200 200 200 200 | 200 200 200 200 200",
    "logout":                            "302 405 405 405 405 | 302 302 302 302 302",
    "password_change":                   "302 200 200 200 200 | 302 200 200 200 200",
    "password_change_done":              "302 200 200 200 200 | 302 405 405 405 405",
    "password_reset":                    "200 200 200 200 200 | 200 200 200 200 200",
    "password_reset_done":               "200 200 200 200 200 | 405 405 405 405 405",
    "password_reset_confirm":            "200 200 200 200 200 | 200 200 200 200 200",
    "password_reset_complete":           "200 200 200 200 200 | 405 405 405 405 405",
    "partnerships:partnership-list":     "302 200 200 200 200 | 302 405 405 405 405",
    "partnerships:partnership-create":   "302 403 403 200 200 | 302 403 403 200 200",
    "partnerships:partnership-detail":   "302 200 200 200 200 | 302 405 405 405 405",
    "partnerships:partnership-history":  "302 200 200 200 200 | 302 405 405 405 405",
    "partnerships:partnership-update":   "302 403 403 200 200 | 302 403 403 200 200",
    "partnerships:partnership-delete":   "302 403 403 200 200 | 302 403 403 302 302",
    "partnerships:agreement-file":       "302 200 200 200 200 | 302 405 405 405 405",
    "partnerships:organisation-list":    "302 403 200 200 200 | 302 403 405 405 405",
    "partnerships:organisation-create":  "302 403 403 200 200 | 302 403 403 200 200",
    "partnerships:organisation-detail":  "302 403 200 200 200 | 302 403 405 405 405",
    "partnerships:organisation-history": "302 403 200 200 200 | 302 403 405 405 405",
    "partnerships:organisation-update":  "302 403 403 200 200 | 302 403 403 200 200",
    "partnerships:organisation-delete":  "302 403 403 200 200 | 302 403 403 302 302",
    "partnerships:contact-list":         "302 403 200 200 200 | 302 403 405 405 405",
    "partnerships:contact-create":       "302 403 403 200 200 | 302 403 403 200 200",
    "partnerships:contact-update":       "302 403 403 200 200 | 302 403 403 200 200",
    "partnerships:contact-delete":       "302 403 403 200 200 | 302 403 403 302 302",
    # The choices of the large selects, as JSON (the organisations: as their list).
    "partnerships:partnership-choices":  "302 200 200 200 200 | 302 405 405 405 405",
    "partnerships:organisation-choices": "302 403 200 200 200 | 302 403 405 405 405",
    "partnerships:authority-choices":    "302 200 200 200 200 | 302 405 405 405 405",
    "imports:import-list":               "302 403 403 403 200 | 302 403 403 403 405",
    "imports:import-upload":             "302 403 403 403 200 | 302 403 403 403 200",
    "imports:import-preview":            "302 403 403 403 200 | 302 403 403 403 200",
    "imports:import-confirm":            "302 405 405 405 405 | 302 403 403 403 302",
    "projects:project-list":             "302 200 200 200 200 | 302 405 405 405 405",
    "projects:project-create":           "302 403 403 200 200 | 302 403 403 200 200",
    "projects:programme-list":           "302 200 200 200 200 | 302 405 405 405 405",
    "projects:programme-create":         "302 403 403 200 200 | 302 403 403 200 200",
    "projects:programme-detail":         "302 200 200 200 200 | 302 405 405 405 405",
    "projects:programme-history":        "302 200 200 200 200 | 302 405 405 405 405",
    "projects:programme-update":         "302 403 403 200 200 | 302 403 403 200 200",
    "projects:programme-delete":         "302 403 403 200 200 | 302 403 403 302 302",
    "projects:fundingline-list":         "302 200 200 200 200 | 302 405 405 405 405",
    "projects:carrier-choices":          "302 200 200 200 200 | 302 405 405 405 405",
    "projects:programme-choices":        "302 200 200 200 200 | 302 405 405 405 405",
    "projects:line-project-choices":     "302 200 200 200 200 | 302 405 405 405 405",
    "projects:project-choices":          "302 200 200 200 200 | 302 405 405 405 405",
    "projects:funder-choices":           "302 200 200 200 200 | 302 405 405 405 405",
    "projects:catalogue-pdf":            "302 200 200 200 200 | 302 405 405 405 405",
    "projects:costtable-update":         "302 403 403 200 200 | 302 403 403 200 200",
    "projects:fundingline-years":        "302 403 403 200 200 | 302 403 403 200 200",
    "projects:fundingline-payments":     "302 403 403 200 200 | 302 403 403 200 200",
    "projects:payment-receipt":          "302 200 200 200 200 | 302 405 405 405 405",
    "projects:project-detail":           "302 200 200 200 200 | 302 405 405 405 405",
    "projects:project-history":          "302 200 200 200 200 | 302 405 405 405 405",
    "projects:project-update":           "302 403 403 200 200 | 302 403 403 200 200",
    "projects:project-photos":           "302 403 403 200 200 | 302 403 403 200 200",
    "projects:photo-file":               "302 200 200 200 200 | 302 405 405 405 405",
    "projects:project-delete":           "302 403 403 200 200 | 302 403 403 302 302",
    "projects:sheet":                    "302 200 200 200 200 | 302 405 405 405 405",
    "projects:sheet-pdf":                "302 200 200 200 200 | 302 405 405 405 405",
    "missions:mission-list":             "302 200 200 200 200 | 302 405 405 405 405",
    "missions:mission-create":           "302 403 403 200 200 | 302 403 403 200 200",
    "missions:mission-calendar":         "302 200 200 200 200 | 302 405 405 405 405",
    "missions:seminar-series":           "302 200 200 200 200 | 302 405 405 405 405",
    "missions:mission-detail":           "302 200 200 200 200 | 302 405 405 405 405",
    "missions:mission-history":          "302 200 200 200 200 | 302 405 405 405 405",
    "missions:step-document":            "302 200 200 200 200 | 302 405 405 405 405",
    "missions:mission-update":           "302 403 403 200 200 | 302 403 403 200 200",
    "missions:mission-steps":            "302 403 403 200 200 | 302 403 403 200 200",
    # A report posted without its version is refused as stale (409), not re-rendered.
    "missions:mission-report":           "302 200 403 200 200 | 302 409 403 409 409",
    "missions:mission-budget-export":    "302 200 200 200 200 | 302 405 405 405 405",
    "missions:mission-delete":           "302 403 403 200 200 | 302 403 403 302 302",
    "evaluations:evaluation-list":       "302 200 200 200 200 | 302 405 405 405 405",
    "evaluations:evaluation-create":     "302 403 403 200 200 | 302 403 403 200 200",
    "evaluations:evaluation-detail":     "302 200 200 200 200 | 302 405 405 405 405",
    "evaluations:evaluation-history":    "302 200 200 200 200 | 302 405 405 405 405",
    "evaluations:evaluation-update":     "302 403 403 200 200 | 302 403 403 200 200",
    "evaluations:evaluation-delete":     "302 403 403 200 200 | 302 403 403 302 302",
    "evaluations:question-update":       "302 403 403 200 200 | 302 403 403 200 200",
    # An invalid measurement re-renders the indicator with a 400.
    "evaluations:indicator-detail":      "302 200 200 200 200 | 302 403 403 400 400",
    "evaluations:measurement-delete":    "302 403 403 200 200 | 302 403 403 302 302",
    # The header's search, the account page and the "À faire" block: every account.
    "search":                            "302 200 200 200 200 | 302 200 200 200 200",
    "account":                           "302 200 200 200 200 | 302 302 302 302 302",
    "reminder-update":                   "302 405 405 405 405 | 302 404 404 404 404",
    # A background job is its owner's (here the director's): 404 for anybody else.
    "core:job-detail":                   "302 404 200 404 404 | 302 404 200 404 404",
    "core:job-status":                   "302 404 200 404 404 | 302 404 200 404 404",
    "core:job-file":                     "302 404 200 404 404 | 302 404 200 404 404",
    # The yearly report: a page, and its PDF asked for as a job (a redirect to it).
    "project-yearly-report":             "302 200 200 200 200 | 302 200 200 200 200",
    "project-yearly-report-pdf":         "302 302 302 302 302 | 302 302 302 302 302",
    "partnership-yearly-report":         "302 200 200 200 200 | 302 200 200 200 200",
    "partnership-yearly-report-pdf":     "302 302 302 302 302 | 302 302 302 302 302",
    # The APD declaration is the directors' and administrators' (read only).
    "apd-declaration":                   "302 403 200 403 200 | 302 405 405 405 405",
    "apd-declaration-pdf":               "302 403 200 403 200 | 302 405 405 405 405",
    "apd-declaration-xlsx":              "302 403 200 403 200 | 302 405 405 405 405",
    # The IATI file of the public projects is open to anyone.
    "iati-activities":                   "200 200 200 200 200 | 405 405 405 405 405",
    "missions:mission-dossier":          "302 200 200 200 200 | 302 405 405 405 405",
    # A receipt of a financial report: whoever reads the mission.
    "missions:budget-receipt":           "302 200 200 200 200 | 302 405 405 405 405",
    "missions:step-template":            "302 200 200 200 200 | 302 405 405 405 405",
    "map":                               "302 200 200 200 200 | 302 405 405 405 405",
    # The public pages (portal.public): everyone reads them, nobody posts to them.
    "public:directory":                  "200 200 200 200 200 | 405 405 405 405 405",
    "public:catalogue-pdf":              "200 200 200 200 200 | 405 405 405 405 405",
    "public:map":                        "200 200 200 200 200 | 405 405 405 405 405",
    "public:photo":                      "200 200 200 200 200 | 405 405 405 405 405",
    "public:sheet":                      "200 200 200 200 200 | 405 405 405 405 405",
    "public:sheet-pdf":                  "200 200 200 200 200 | 405 405 405 405 405",
    # Personal API tokens, on the account page: created and revoked by a POST only.
    "account-token-create":              "302 405 405 405 405 | 302 400 400 400 400",
    "account-token-revoke":              "302 405 405 405 405 | 302 404 404 404 404",
    # The REST API: 401 without credentials (it answers JSON, never a redirect). Its
    # reads follow the view permissions, its writes the pages' permissions; a POST
    # carrying nothing but the CSRF token is refused for want of the right (403),
    # then of the method (405), or it is a body in error (400).
    "api:schema":                        "401 200 200 200 200 | 401 405 405 405 405",
    "api:docs":                          "302 200 200 200 200 | 302 405 405 405 405",
    "api:not-found":                     "401 404 404 404 404 | 401 404 404 404 404",
    "api:organisation-list":             "401 403 200 200 200 | 401 403 403 405 405",
    "api:organisation-detail":           "401 403 200 200 200 | 401 403 403 405 405",
    "api:partnership-list":              "401 200 200 200 200 | 401 403 403 405 405",
    "api:partnership-detail":            "401 200 200 200 200 | 401 403 403 405 405",
    "api:programme-list":                "401 200 200 200 200 | 401 403 403 405 405",
    "api:programme-detail":              "401 200 200 200 200 | 401 403 403 405 405",
    "api:project-list":                  "401 200 200 200 200 | 401 403 403 405 405",
    "api:project-detail":                "401 200 200 200 200 | 401 403 403 405 405",
    "api:fundingline-list":              "401 200 200 200 200 | 401 403 403 400 400",
    "api:fundingline-detail":            "401 200 200 200 200 | 401 403 403 405 405",
    "api:mission-list":                  "401 200 200 200 200 | 401 403 403 405 405",
    "api:mission-detail":                "401 200 200 200 200 | 401 403 403 405 405",
    "api:mission-report":                "401 405 405 405 405 | 401 400 403 400 400",
    "api:evaluation-list":               "401 200 200 200 200 | 401 403 403 405 405",
    "api:evaluation-detail":             "401 200 200 200 200 | 401 403 403 405 405",
    "api:indicator-list":                "401 200 200 200 200 | 401 403 403 405 405",
    "api:indicator-detail":              "401 200 200 200 200 | 401 403 403 405 405",
    "api:indicator-measurements":        "401 405 405 405 405 | 401 403 403 400 400",
    # Proposals of the partner side: the partner proposes (an empty measurement is
    # re-rendered with a 400), coordinators and administrators review (a review
    # posted without its action, 400); a submitted proposal is no longer the
    # partner's to change (403), a directors' role reads the records, not them.
    "proposal-list":                     "302 200 403 200 200 | 302 405 405 405 405",
    # A comment without text is refused with a message, back on the record.
    "comment-create":                    "302 405 405 405 405 | 302 302 403 302 302",
    "proposal-create":                   "302 200 403 403 403 | 302 400 403 403 403",
    "proposal-detail":                   "302 200 403 200 200 | 302 403 403 403 403",
    "proposal-review":                   "302 405 405 405 405 | 302 403 403 400 400",
    "proposal-file":                     "302 200 403 200 200 | 302 405 405 405 405",
    # Only staff accounts (the administrators) enter the Django admin.
    "admin:index":                       "302 302 302 302 200 | 302 302 302 302 200",
    "admin:login":                       "200 200 200 200 302 | 200 200 200 200 200",
    "admin:logout":                      "302 302 302 302 405 | 302 302 302 302 302",
    "admin:password_change":             "302 302 302 302 200 | 302 302 302 302 200",
    "admin:app_list":                    "302 302 302 302 200 | 302 302 302 302 200",
    "admin:projects_project_changelist": "302 302 302 302 200 | 302 302 302 302 200",
    "admin:projects_project_add":        "302 302 302 302 200 | 302 302 302 302 200",
    "admin:projects_project_change":     "302 302 302 302 200 | 302 302 302 302 200",
    "admin:projects_project_history":    "302 302 302 302 200 | 302 302 302 302 200",
    "admin:auth_user_changelist":        "302 302 302 302 200 | 302 302 302 302 200",
}
# fmt: on

# A partner asking for a record of another partnership: the record exists (the
# director reads it) but is outside the partner's scope. Reading it answers 404, as
# for a record that does not exist (a guessed slug confirms nothing); a change or a
# deletion is refused first for want of the permission (403).
PARTNER_ON_ANOTHER_PARTNERSHIP = {
    "partnerships:partnership-detail": 404,
    "partnerships:partnership-history": 404,
    "partnerships:partnership-update": 403,
    "partnerships:partnership-delete": 403,
    "partnerships:agreement-file": 404,
    "projects:programme-detail": 404,
    "projects:programme-history": 404,
    "projects:programme-update": 403,
    "projects:programme-delete": 403,
    "projects:costtable-update": 403,
    "projects:fundingline-years": 403,
    "projects:fundingline-payments": 403,
    "projects:payment-receipt": 404,
    "projects:project-detail": 404,
    "projects:project-history": 404,
    "projects:project-update": 403,
    "projects:project-photos": 403,
    "projects:photo-file": 404,
    "projects:project-delete": 403,
    "projects:sheet": 404,
    "projects:sheet-pdf": 404,
    "missions:seminar-series": 404,
    "missions:mission-detail": 404,
    "missions:mission-history": 404,
    "missions:step-document": 404,
    "missions:mission-update": 403,
    "missions:mission-steps": 403,
    # A report posted without its version is refused as stale (409), not re-rendered.
    "missions:mission-report": 404,
    "missions:mission-budget-export": 404,
    "missions:mission-delete": 403,
    "evaluations:evaluation-detail": 404,
    "evaluations:evaluation-history": 404,
    "evaluations:evaluation-update": 403,
    "evaluations:evaluation-delete": 403,
    "evaluations:question-update": 403,
    # An invalid measurement re-renders the indicator with a 400.
    "evaluations:indicator-detail": 404,
    "evaluations:measurement-delete": 403,
    "missions:mission-dossier": 404,
    "missions:budget-receipt": 404,
    "missions:step-template": 404,
    # the API reads through the same selectors: not found
    "api:partnership-detail": 404,
    "api:programme-detail": 404,
    "api:project-detail": 404,
    "api:fundingline-detail": 404,
    "api:mission-detail": 404,
    "api:evaluation-detail": 404,
    "api:indicator-detail": 404,
    # another partner's proposal, or proposing on another partnership's record
    "proposal-create": 403,
    "proposal-detail": 403,
    "proposal-file": 403,
    # the reports read through the scoped selectors: not found
    "project-yearly-report": 404,
    "project-yearly-report-pdf": 404,
    "partnership-yearly-report": 404,
    "partnership-yearly-report-pdf": 404,
}


def expected(name: str, method: str) -> dict[str, int]:
    get, post = MATRIX[name].split(" | ")
    statuses = get if method == "GET" else post
    return dict(zip(ROLES, map(int, statuses.split()), strict=True))


def test_every_url_name_has_its_row():
    """A new URL name fails here until the matrix says who may open it."""
    names = resolver_names()
    ours = {name for name in names if not name.startswith("admin:")}
    rows = {name for name in MATRIX if not name.startswith("admin:")}

    assert ours - rows == set(), "URL names without a row in MATRIX"
    assert rows - ours == set(), "rows in MATRIX for URL names that are gone"
    assert "admin:index" in MATRIX
    assert {name for name in MATRIX if name.startswith("admin:")} <= names


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", MATRIX)
def test_get(records, name, role):
    response = client_as(records, role).get(url(records, name))

    assert response.status_code == expected(name, "GET")[role]
    if role == "anonymous" and response.status_code == 302 and name != "set_language":
        # The admin's own views send to its login page, its model pages to the
        # portal's (the login-required middleware stops them first).
        assert response.url.startswith((reverse("login"), reverse("admin:login")))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", MATRIX)
def test_post_with_a_token(records, csrf_token, name, role):
    response = client_as(records, role, csrf_token).post(
        url(records, name), {"csrfmiddlewaretoken": csrf_token}
    )

    assert response.status_code == expected(name, "POST")[role]


@pytest.mark.parametrize("name", MATRIX)
def test_post_without_a_token_is_refused(records, name):
    """Refused before the view runs, logged in or not, whatever the page. The REST
    API asks an anonymous client for its credentials first (401)."""
    statuses = {
        role: client_as(records, role).post(url(records, name)).status_code
        for role in ROLES
    }

    refused = dict.fromkeys(ROLES, 403)
    if name.startswith("api:") and name != "api:docs":
        refused["anonymous"] = 401
    assert statuses == refused


@pytest.mark.parametrize("name", PARTNER_ON_ANOTHER_PARTNERSHIP)
def test_a_partner_on_a_record_of_another_partnership(records, name):
    target = url(records, name, side="other")

    response = client_as(records, "partner").get(target)

    assert response.status_code == PARTNER_ON_ANOTHER_PARTNERSHIP[name]
    assert client_as(records, "director").get(target).status_code != 404
