from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from core.money import format_amount
from projects.models import FundingLine, FundingLineYear, Project
from tests.factories import (
    CostLineFactory,
    EvaluativeQuestionFactory,
    FundingLineFactory,
    IndicatorFactory,
    KeyFigureFactory,
    ProjectFactory,
)
from tests.pages import admin_form_data, form_data, page_text

pytestmark = pytest.mark.django_db


def test_an_administrator_searches_projects_in_the_admin(client, administrator):
    ProjectFactory(title="L'action sociale de l'Autre")
    ProjectFactory(title="Promouvoir la citoyenneté des migrants")
    client.force_login(administrator)

    response = client.get(reverse("admin:projects_project_changelist"), {"q": "Autre"})

    content = response.content.decode()
    assert "L&#x27;action sociale de l&#x27;Autre" in content
    assert "migrants" not in content


def test_the_admin_project_page_shows_its_funding_lines_inline(client, administrator):
    line = FundingLineFactory(amount=Decimal("22124.13"), note="sur 24 mois")
    client.force_login(administrator)

    response = client.get(
        reverse("admin:projects_project_change", args=[line.project.pk])
    )

    content = response.content.decode()
    assert "sur 24 mois" in content
    # written the French way, as on the portal's form
    assert f'value="{format_amount(Decimal("22124.13"))}"' in content


def test_saving_in_the_admin_moves_the_version_on(client, administrator):
    project = ProjectFactory()
    client.force_login(administrator)
    url = reverse("admin:projects_project_change", args=[project.pk])
    data = admin_form_data(client.get(url)) | {"title": "Nouveau titre"}

    response = client.post(url, data)

    assert response.status_code == 302, page_text(response)[:2000]
    project.refresh_from_db()
    assert project.title == "Nouveau titre"
    assert project.version == 2
    assert project.history.first().history_user == administrator


def test_a_coordinator_has_no_access_to_the_admin(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# A stale admin form is refused like a stale portal form


STALE = "modifié par quelqu'un d'autre depuis que vous avez ouvert ce formulaire"


@pytest.fixture
def colleague(coordinator):
    """A coordinator working on the portal at the same time, in a browser of her own."""
    browser = Client()
    browser.force_login(coordinator)
    return browser


def portal_save(browser, url: str, **changes) -> None:
    """Open a portal form, type `changes`, save it: the colleague's edit."""
    response = browser.post(url, form_data(browser.get(url)) | changes)
    assert response.status_code == 302, page_text(response)[:2000]


def admin_save(client, url: str, changes: dict) -> None:
    """Open an admin change form, type `changes`, save it: each change is named by
    its field, or by the end of an inline row's field name (`-0-amount`)."""
    data = admin_form_data(client.get(url))
    named = {
        name if name in data else next(key for key in data if key.endswith(name)): value
        for name, value in changes.items()
    }
    response = client.post(url, data | named)
    assert response.status_code == 302, page_text(response)[:2000]


def project_url(project) -> str:
    return reverse("projects:project-update", args=[project.slug])


def evaluation_url(evaluation) -> str:
    return reverse("evaluations:evaluation-update", args=[evaluation.pk])


def test_a_stale_admin_project_form_does_not_put_the_old_title_back(
    client, administrator, colleague
):
    project = ProjectFactory(title="Titre d'origine", lead="Résumé d'origine")
    client.force_login(administrator)
    url = reverse("admin:projects_project_change", args=[project.pk])
    opened = admin_form_data(client.get(url))
    portal_save(colleague, project_url(project), title="Titre du coordinateur")

    response = client.post(url, opened | {"lead": "Résumé de l'administrateur"})

    assert response.status_code == 200
    assert STALE in page_text(response)
    project.refresh_from_db()
    assert project.title == "Titre du coordinateur"
    assert project.lead == "Résumé d'origine"
    assert project.version == 2


def funding_line_case():
    line = FundingLineFactory(amount=Decimal("845000"))
    return line, line.project, "amount", "777777"


def cost_table_case():
    line = CostLineFactory(amount=Decimal("7200"))
    return line.table, line.table.project, "caption", "Second chantier"


def question_case():
    question = EvaluativeQuestionFactory(text="Question d'origine")
    return question, question.evaluation, "text", "Question de l'administrateur"


def indicator_case():
    indicator = IndicatorFactory(target=Decimal("40"))
    return indicator, indicator.question.evaluation, "target", "50"


@pytest.mark.parametrize(
    ("case", "admin_url_name"),
    [
        (funding_line_case, "admin:projects_fundingline_change"),
        (cost_table_case, "admin:projects_costtable_change"),
        (question_case, "admin:evaluations_evaluativequestion_change"),
        (indicator_case, "admin:evaluations_indicator_change"),
    ],
    ids=["funding line", "cost table", "evaluative question", "indicator"],
)
def test_a_row_admin_form_opened_before_its_parent_changed_is_refused(
    client, administrator, colleague, case, admin_url_name
):
    row, parent, field, typed = case()
    client.force_login(administrator)
    url = reverse(admin_url_name, args=[row.pk])
    opened = admin_form_data(client.get(url))
    before = getattr(row, field)
    if isinstance(parent, Project):
        portal_save(colleague, project_url(parent), title="Titre du coordinateur")
    else:
        portal_save(colleague, evaluation_url(parent), title="Titre du coordinateur")

    response = client.post(url, opened | {field: typed})

    assert response.status_code == 200
    assert STALE in page_text(response)
    row.refresh_from_db()
    assert getattr(row, field) == before
    parent.refresh_from_db()
    assert parent.title == "Titre du coordinateur"
    assert parent.version == 2


# An admin save of a row moves its parent's version


def test_an_admin_edit_of_a_key_figure_row_makes_a_portal_form_stale(
    client, administrator, colleague
):
    figure = KeyFigureFactory(value="120", label="jeunes accueillis")
    project = figure.project
    opened_on_the_portal = form_data(colleague.get(project_url(project)))
    client.force_login(administrator)
    admin_save(
        client,
        reverse("admin:projects_project_change", args=[project.pk]),
        {"key_figures-0-value": "150"},
    )

    refused = colleague.post(project_url(project), opened_on_the_portal)

    assert refused.status_code == 409
    figure.refresh_from_db()
    assert figure.value == "150"


def test_an_admin_edit_of_a_funding_line_is_not_undone_by_a_portal_form(
    client, administrator, colleague
):
    line = FundingLineFactory(amount=Decimal("845000"))
    project = line.project
    opened_on_the_portal = form_data(colleague.get(project_url(project)))
    assert opened_on_the_portal["funding_lines-0-amount"] == "845000.00"
    client.force_login(administrator)
    admin_save(
        client,
        reverse("admin:projects_fundingline_change", args=[line.pk]),
        {"amount": "777777"},
    )

    refused = colleague.post(
        project_url(project), opened_on_the_portal | {"lead": "Un autre résumé."}
    )

    assert refused.status_code == 409
    assert "quelqu'un d'autre a modifié cette fiche" in page_text(refused)
    line.refresh_from_db()
    assert line.amount == Decimal("777777")
    project.refresh_from_db()
    assert project.lead != "Un autre résumé."
    assert project.version == 2


def test_an_admin_edit_of_a_cost_line_makes_the_portal_page_opened_before_stale(
    client, administrator, colleague
):
    line = CostLineFactory(amount=Decimal("7200"))
    table = line.table
    portal_url = reverse("projects:costtable-update", args=[table.pk])
    opened_on_the_portal = form_data(colleague.get(portal_url))
    client.force_login(administrator)
    admin_save(
        client,
        reverse("admin:projects_costtable_change", args=[table.pk]),
        {"-0-amount": "9000"},
    )

    refused = colleague.post(portal_url, opened_on_the_portal)

    assert refused.status_code == 409
    line.refresh_from_db()
    assert line.amount == Decimal("9000")
    assert table.project.history.first().history_user == administrator


def test_an_admin_edit_of_an_indicator_row_makes_the_question_page_stale(
    client, administrator, colleague
):
    indicator = IndicatorFactory(target=Decimal("40"))
    question = indicator.question
    portal_url = reverse("evaluations:question-update", args=[question.pk])
    opened_on_the_portal = form_data(colleague.get(portal_url))
    client.force_login(administrator)
    admin_save(
        client,
        reverse("admin:evaluations_evaluativequestion_change", args=[question.pk]),
        {"-0-target": "60"},
    )

    refused = colleague.post(
        portal_url, opened_on_the_portal | {"indicators-0-target": "40"}
    )

    assert refused.status_code == 409
    indicator.refresh_from_db()
    assert indicator.target == Decimal("60")


def test_an_admin_deletion_of_indicators_makes_an_evaluation_form_stale(
    client, administrator, colleague
):
    indicator = IndicatorFactory(name="Indicateur retiré")
    evaluation = indicator.question.evaluation
    opened_on_the_portal = form_data(colleague.get(evaluation_url(evaluation)))
    client.force_login(administrator)
    deleted = client.post(
        reverse("admin:evaluations_indicator_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [indicator.pk],
            "post": "yes",
        },
    )
    assert deleted.status_code == 302

    refused = colleague.post(
        evaluation_url(evaluation), opened_on_the_portal | {"title": "Autre titre"}
    )

    assert refused.status_code == 409
    evaluation.refresh_from_db()
    assert evaluation.title != "Autre titre"
    assert not indicator.question.indicators.exists()


def test_the_admin_refuses_a_new_amount_on_a_line_split_by_year(client, administrator):
    line = FundingLineFactory(amount=Decimal("100"))
    FundingLineYear.objects.create(line=line, year=2016, amount=Decimal("100"))
    client.force_login(administrator)
    url = reverse("admin:projects_fundingline_change", args=[line.pk])

    response = client.post(url, admin_form_data(client.get(url)) | {"amount": "150"})

    assert response.status_code == 200
    assert "Cette ligne est répartie par année" in page_text(response)
    line.refresh_from_db()
    assert line.amount == Decimal("100")


def test_the_admin_refuses_a_split_that_does_not_add_up(client, administrator):
    line = FundingLineFactory(amount=Decimal("100"))
    client.force_login(administrator)
    url = reverse("admin:projects_fundingline_change", args=[line.pk])
    data = admin_form_data(client.get(url)) | {
        "years-TOTAL_FORMS": 2,
        "years-0-year": 2016,
        "years-0-amount": "40",
        "years-1-year": 2017,
        "years-1-amount": "50",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Les montants par année totalisent 90" in page_text(response)
    assert not FundingLineYear.objects.exists()
    saved = client.post(url, data | {"years-1-amount": "60"})
    assert saved.status_code == 302, page_text(saved)[:2000]
    assert list(line.years.values_list("year", "amount")) == [
        (2016, Decimal("40")),
        (2017, Decimal("60")),
    ]


def test_the_admin_refuses_an_amount_on_a_line_not_assessable(client, administrator):
    line = FundingLineFactory(amount=None, status=FundingLine.Status.NOT_ASSESSABLE)
    client.force_login(administrator)
    url = reverse("admin:projects_fundingline_change", args=[line.pk])

    response = client.post(url, admin_form_data(client.get(url)) | {"amount": "10"})

    assert response.status_code == 200
    assert "Une ligne « non évaluable » n'a pas de montant" in page_text(response)
