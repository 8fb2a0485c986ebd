"""The probes of an attacker and a careless user, kept as tests (issue 14).

- XSS: every text field of the main forms (the record's and its inline rows') is
  saved with each payload below, then every page that shows the record is read back:
  no payload may come out as markup (an element, an event handler, a javascript: or
  protocol-relative link), and no page answers a 500.
- Crafted uploads: files a careless or hostile user sends as attachments, through
  the real forms: refused in French or stored, never a 500, never a file outside
  the media folder, always sent back as a download.

The other probes live with what they probe: every URL x role GET, POST with and
without a CSRF token in tests/portal/test_access_matrix.py, the filters' fuzz in
tests/core/test_filters.py, hostile spreadsheets in tests/imports/test_hostile_files.py.
"""

import io
import zipfile
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.uploads import MB
from tests.factories import (
    AgreementFactory,
    BudgetLineFactory,
    CostLineFactory,
    CostTableFactory,
    CrossViewRowFactory,
    EvaluationFactory,
    EvaluativeQuestionFactory,
    FundingLineFactory,
    IndicatorFactory,
    KeyFigureFactory,
    MissionDayFactory,
    MissionFactory,
    MissionStepFactory,
    ParticipantFactory,
    PartnershipEventFactory,
    PartnershipFactory,
    ProgrammeAxisFactory,
    ProgrammeFactory,
    ProjectFactory,
    QuoteFactory,
)
from tests.pages import blank_pdf, form_data, page_text

pytestmark = pytest.mark.django_db

# Each carries "xss" so that a finding names its payload.
PAYLOADS = [
    '<script>alert("xss1")</script>',
    '"><img src=x onerror=alert("xss2")>',
    "'><svg onload=alert('xss3')>",
    '[xss4](javascript:alert("xss4"))',
    "[xss5](//evil.example/)",
    '<a href="//evil.example/">xss6</a>',
    "<iframe src=javascript:alert('xss7')>",
    "{{ xss8 }}{% now 'Y' %}",
]


class MarkupFinder(HTMLParser):
    """The elements, event handlers and links a payload would have injected."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") and "xss" in value:
                self.found.append(f"<{tag} {name}>")
            if name in {"href", "src"} and (
                value.startswith("javascript:") or value.startswith("//evil")
            ):
                self.found.append(f"<{tag} {name}={value}>")

    def handle_data(self, data):
        if self.in_script and "xss" in data:
            self.found.append(f"<script>{data}")

    def handle_endtag(self, tag):
        self.in_script = False


def injected(markup: str) -> list[str]:
    finder = MarkupFinder()
    finder.feed(markup)
    return finder.found


def is_free_text(field) -> bool:
    return (
        isinstance(field, forms.CharField)
        and not isinstance(
            field,
            forms.SlugField | forms.EmailField | forms.URLField | forms.RegexField,
        )
        and not field.widget.is_hidden
    )


def text_fields(response) -> list[tuple[str, int | None]]:
    """(html name, max length) of every free-text field of the page's forms."""
    found = []
    context_forms = [response.context["form"]]
    for formset in response.context.get("formsets", {}).values():
        context_forms += formset.forms
    for form in context_forms:
        for name, field in form.fields.items():
            if is_free_text(field):
                found.append((form.add_prefix(name), field.max_length))
    return found


def the_records():
    partnership = PartnershipFactory()
    PartnershipEventFactory(partnership=partnership)
    AgreementFactory(partnership=partnership)
    programme = ProgrammeFactory(partnership=partnership)
    ProgrammeAxisFactory(programme=programme)
    project = ProjectFactory(partnership=partnership, programme=programme)
    for factory in (
        KeyFigureFactory,
        QuoteFactory,
        CrossViewRowFactory,
        FundingLineFactory,
    ):
        factory(project=project)
    cost_table = CostTableFactory(project=project)
    CostLineFactory(table=cost_table)
    mission = MissionFactory(partnership=partnership, project=project)
    for factory in (ParticipantFactory, MissionDayFactory, BudgetLineFactory):
        factory(mission=mission)
    MissionStepFactory(mission=mission)
    evaluation = EvaluationFactory(project=project)
    question = EvaluativeQuestionFactory(evaluation=evaluation)
    IndicatorFactory(question=question)
    return partnership, programme, project, cost_table, mission, evaluation, question


def forms_and_pages(records):
    """(form URL, pages that show what it saves) for each main form."""
    partnership, programme, project, cost_table, mission, evaluation, question = records
    project_pages = [
        project.get_absolute_url(),
        reverse("projects:sheet", args=[project.slug]),
        reverse("projects:project-list"),
    ]
    mission_pages = [
        mission.get_absolute_url(),
        reverse("missions:mission-list"),
        reverse("missions:mission-calendar"),
        reverse("missions:seminar-series", args=[project.slug]),
    ]
    partnership_pages = [
        partnership.get_absolute_url(),
        reverse("partnerships:partnership-list"),
    ]
    organisation = partnership.partner
    return [
        (
            reverse("partnerships:partnership-update", args=[partnership.pk]),
            partnership_pages,
        ),
        (
            reverse("partnerships:organisation-update", args=[organisation.pk]),
            [organisation.get_absolute_url(), *partnership_pages],
        ),
        (
            reverse("projects:programme-update", args=[programme.pk]),
            [programme.get_absolute_url(), reverse("projects:programme-list")],
        ),
        (reverse("projects:project-update", args=[project.slug]), project_pages),
        (reverse("projects:costtable-update", args=[cost_table.pk]), project_pages),
        (reverse("missions:mission-update", args=[mission.pk]), mission_pages),
        (reverse("missions:mission-steps", args=[mission.pk]), mission_pages),
        (
            reverse("evaluations:evaluation-update", args=[evaluation.pk]),
            [evaluation.get_absolute_url(), project.get_absolute_url()],
        ),
        (
            reverse("evaluations:question-update", args=[question.pk]),
            [evaluation.get_absolute_url()],
        ),
    ]


def test_no_payload_in_a_text_field_comes_back_as_markup(coordinator_client):
    client = coordinator_client
    client.raise_request_exception = True
    records = the_records()
    targets = forms_and_pages(records)
    probes = saved = pages_read = 0
    findings = []
    for form_url, pages in targets:
        for payload in PAYLOADS:
            page = client.get(form_url)
            data = form_data(page)
            fields = [
                name
                for name, max_length in text_fields(page)
                if max_length is None or len(payload) <= max_length
            ]
            data.update(dict.fromkeys(fields, payload))
            probes += len(fields)
            response = client.post(form_url, data)
            assert response.status_code in (200, 302), (form_url, payload)
            if response.status_code == 302:
                saved += 1
            for url in [form_url, *pages]:
                shown = client.get(url)
                pages_read += 1
                assert shown.status_code == 200, url
                findings += [
                    (url, payload, f) for f in injected(shown.content.decode())
                ]
    assert findings == []
    # every form saved every payload it could hold: its fields were really probed
    assert saved == len(targets) * len(PAYLOADS)
    assert probes > 400
    project = records[2]
    project.refresh_from_db()
    assert project.title == PAYLOADS[-1]  # saved, and shown as text, not run
    assert "{{ xss8 }}{% now 'Y' %}" in page_text(
        client.get(project.get_absolute_url())
    )
    print(f"XSS probe: {probes} fields x payloads, {saved} saves, {pages_read} pages")


def test_search_and_filters_echo_no_payload(coordinator_client):
    findings = []
    for payload in PAYLOADS:
        for url in [
            reverse("search"),
            reverse("projects:project-list"),
            reverse("missions:mission-list"),
            reverse("partnerships:organisation-list"),
        ]:
            response = coordinator_client.get(url, {"q": payload, "year": payload})
            assert response.status_code == 200
            findings += injected(response.content.decode())
    assert findings == []


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


PROGRAM = b"MZ\x90\x00" + bytes(300)
# (name, content, refusal shown, or None when the file is accepted)
CRAFTED = [
    ("outil.pdf", PROGRAM, "ne correspond pas à son extension .pdf"),
    ("page.pdf", b"<html><script>alert(1)</script>", "extension .pdf"),
    ("dessin.svg", b"<svg onload=alert(1)/>", "Type de fichier non accepté : .svg."),
    ("page.html", b"<script>alert(1)</script>", "Type de fichier non accepté : .html."),
    ("convention.pdf.exe", PROGRAM, "Type de fichier non accepté : .exe."),
    ("sans-extension", blank_pdf(), "Type de fichier non accepté : sans extension."),
    ("vide.pdf", b"", "Le fichier soumis est vide."),
    ("archive.docx", zip_bytes({"a.txt": b"x"}), "extension .docx"),
    ("calc.ods", zip_bytes({"mimetype": b"application/x-evil"}), "extension .ods"),
    ("photo.jpg", b"\x89PNG\r\n\x1a\n" + bytes(64), "extension .jpg"),
    ("liste.csv", b"nom;montant\x00\x00\x01", "extension .csv"),
    ("gros.pdf", blank_pdf() + b"%" * (20 * MB), "Fichier trop volumineux : 20,1 Mo"),
    ("x" * 120 + ".pdf", blank_pdf(), "au plus 100 caractères"),
    ("../../../../etc/passwd.pdf", blank_pdf(), None),
    ("CONVENTION.PDF", blank_pdf(), None),
    ("Convention signée — 2024.pdf", blank_pdf(), None),
    ("polyglotte.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>", None),
    ("budget.xlsx", xlsx_bytes(), None),
    ("bombe.xlsx", zip_bytes({"[Content_Types].xml": b"0" * (5 * MB)}), None),
    ("liste.csv", "nom;montant\nÉcole;1 234,56\n".encode("cp1252"), None),
    ("notes.txt", b"Compte rendu\n", None),
]


# named by the file, not its bytes: an xlsx holds the time it was written, and the
# xdist workers, collecting each at its own second, would not agree on the tests
@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    CRAFTED,
    ids=[
        f"{name}-{'refused' if refusal else 'stored'}" for name, _, refusal in CRAFTED
    ],
)
def test_a_crafted_attachment_is_refused_or_stored_safely(
    coordinator_client, settings, tmp_path, name, content, refusal
):
    settings.MEDIA_ROOT = tmp_path / "media"
    coordinator_client.raise_request_exception = True
    mission = MissionFactory()
    url = reverse("missions:mission-steps", args=[mission.pk])
    data = form_data(coordinator_client.get(url)) | {
        "steps-TOTAL_FORMS": "1",
        "steps-0-phase": "before",
        "steps-0-kind": "objectives_sheet",
        "steps-0-state": "todo",
        "steps-0-document": SimpleUploadedFile(name, content),
    }

    response = coordinator_client.post(url, data)

    stored = [path for path in tmp_path.rglob("*") if path.is_file()]
    if refusal is not None:
        assert response.status_code == 200
        assert refusal in page_text(response)
        assert stored == []
        return
    assert response.status_code == 302
    assert len(stored) == 1
    assert stored[0].is_relative_to(tmp_path / "media" / "missions")
    download = coordinator_client.get(
        reverse("missions:step-document", args=[mission.steps.get().pk])
    )
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content
