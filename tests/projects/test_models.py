from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import FundingLine, Programme, Project, SustainableDevelopmentGoal
from tests.factories import (
    CostLineFactory,
    FundingLineFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_a_negative_funding_amount_is_refused_by_the_database():
    project = ProjectFactory()
    funder = OrganisationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        FundingLine.objects.create(project=project, funder=funder, amount=Decimal("-1"))


def test_a_negative_funding_amount_is_refused_by_validation_with_a_french_message():
    line = FundingLineFactory.build(
        project=ProjectFactory(), funder=OrganisationFactory(), amount=Decimal("-5")
    )

    with pytest.raises(ValidationError) as error:
        line.full_clean()

    assert "Un montant ne peut pas être négatif." in str(error.value)


def test_a_negative_cost_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        CostLineFactory(amount=Decimal("-10"))


def test_a_funding_line_needs_a_funder_or_a_label():
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingLine.objects.create(project=ProjectFactory(), amount=Decimal("10"))


def test_an_end_year_before_the_start_year_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(start_year=2015, end_year=2013)


def test_a_programme_ending_before_it_starts_is_refused_with_a_french_message():
    programme = ProgrammeFactory.build(
        partnership=ProgrammeFactory().partnership, start_year=2015, end_year=2013
    )

    with pytest.raises(ValidationError) as error:
        programme.full_clean()

    assert "L'année de fin ne peut précéder l'année de début." in str(error.value)
    assert Programme.objects.count() == 1


def test_a_duplicate_slug_is_refused():
    ProjectFactory(slug="action-sociale")

    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(slug="action-sociale")
    assert Project.objects.filter(slug="action-sociale").count() == 1


def test_reference_lists_arrive_with_the_migrations():
    goals = SustainableDevelopmentGoal.objects.all()

    assert goals.count() == 17
    assert str(goals.get(number=10)) == "ODD 10 : Inégalités réduites"
    assert str(goals.get(number=4)) == "ODD 4 : Éducation de qualité"
