import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import Measurement, progress_percent
from evaluations.services import measurement_record
from tests.factories import (
    EvaluationFactory,
    MeasurementFactory,
    OrganisationFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def savoie_bignona(partnership_indicator):
    """An indicator of the evaluation of a Savoie - Bignona project."""
    return partnership_indicator(
        partner="Département de Bignona", country="SN", kind="departement"
    )


def test_the_partner_of_the_partnership_is_measured_on_the_partner_side(
    savoie_bignona, coordinator
):
    bignona = savoie_bignona.question.evaluation.project.partnerships.get().partner

    measurement = measurement_record(
        indicator=savoie_bignona,
        date=datetime.date(2016, 5, 1),
        side=Measurement.Side.PARTNER,
        territory=bignona,
        value=D("12"),
        user=coordinator,
    )

    assert measurement.territory == bignona
    assert measurement.history.get().history_user == coordinator


def test_a_measurement_on_the_wrong_side_of_the_partnership_is_refused(savoie_bignona):
    bignona = savoie_bignona.question.evaluation.project.partnerships.get().partner

    with pytest.raises(ValidationError) as error:
        measurement_record(
            indicator=savoie_bignona,
            date=datetime.date(2016, 5, 1),
            side=Measurement.Side.FRENCH,
            territory=bignona,
            value=D("12"),
        )

    assert error.value.message_dict["territory"] == [
        "Département de Bignona est du côté « Territoire partenaire » : la mesure "
        "ne peut pas être enregistrée pour le « Territoire français »."
    ]
    assert not Measurement.objects.exists()


def test_the_french_authority_is_never_measured_as_the_partner(savoie_bignona):
    project = savoie_bignona.question.evaluation.project
    savoie = project.partnerships.get().french_authority

    with pytest.raises(ValidationError):
        measurement_record(
            indicator=savoie_bignona,
            date=datetime.date(2016, 5, 1),
            side=Measurement.Side.PARTNER,
            territory=savoie,
            value=D("3"),
        )

    assert not Measurement.objects.exists()


def test_a_territory_foreign_to_the_evaluated_project_is_refused(savoie_bignona):
    elsewhere = OrganisationFactory(name="Ville de Dessalines", country="HT")

    with pytest.raises(ValidationError) as error:
        measurement_record(
            indicator=savoie_bignona,
            date=datetime.date(2016, 5, 1),
            side=Measurement.Side.PARTNER,
            territory=elsewhere,
            value=D("3"),
        )

    assert "n'est pas un territoire du projet évalué" in str(error.value)


def test_without_partnership_the_project_partners_abroad_stand_on_the_partner_side():
    arges = OrganisationFactory(name="Judet d'Argeș", country="RO", kind="judet")
    ngo = OrganisationFactory(name="Solidarité Laïque", kind="association")
    project = ProjectFactory(partnership=None)
    project.partners.add(arges)
    project.co_carriers.add(ngo)
    evaluation = EvaluationFactory(project=project)

    sides = evaluation.territory_sides()

    assert sides == {project.carrier.pk: "french", arges.pk: "partner"}


def test_a_measurement_of_a_whole_side_needs_no_territory(savoie_bignona):
    measurement = measurement_record(
        indicator=savoie_bignona,
        date=datetime.date(2016, 5, 1),
        side=Measurement.Side.FRENCH,
        value=D("7.5"),
    )

    assert measurement.territory is None


@pytest.mark.parametrize(
    ("value", "baseline", "target", "percent"),
    [
        (D("35"), None, D("40"), D("88")),  # 87.5 rounds half up
        (D("40"), D("10"), D("40"), D("100")),
        (D("25"), D("10"), D("40"), D("50")),
        (D("50"), D("0"), D("40"), D("125")),
        (D("15"), D("20"), D("10"), D("50")),  # a count to bring down
        (D("5"), None, None, None),
        (D("5"), D("40"), D("40"), None),
    ],
)
def test_progress_toward_the_target(value, baseline, target, percent):
    assert progress_percent(value, baseline=baseline, target=target) == percent


def test_the_latest_value_on_each_side_and_its_progress(savoie_bignona):
    MeasurementFactory(
        indicator=savoie_bignona, date="2016-01-01", side="french", value=10
    )
    MeasurementFactory(
        indicator=savoie_bignona, date="2016-06-01", side="french", value=30
    )
    MeasurementFactory(
        indicator=savoie_bignona, date="2016-03-01", side="french", value=20
    )
    MeasurementFactory(
        indicator=savoie_bignona, date="2016-02-01", side="partner", value=8
    )

    french, partner = savoie_bignona.side_statuses

    assert (french.latest.value, french.latest.date) == (
        D("30"),
        datetime.date(2016, 6, 1),
    )
    assert (french.progress, french.progress_bar) == (D("75"), 75)
    assert (partner.latest.value, partner.progress) == (D("8"), D("20"))
