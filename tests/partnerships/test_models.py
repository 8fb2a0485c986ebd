import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    AgreementFactory,
    OrganisationFactory,
    PartnershipEventFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


def test_an_agreement_ending_before_it_starts_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementFactory(start=datetime.date(2016, 1, 1), end=datetime.date(2015, 1, 1))


def test_a_partnership_with_itself_is_refused():
    savoie = OrganisationFactory(name="Département de la Savoie")

    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipFactory(french_authority=savoie, partner=savoie)


def test_the_same_pair_cannot_be_partnered_twice():
    partnership = PartnershipFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        PartnershipFactory(
            french_authority=partnership.french_authority, partner=partnership.partner
        )


def test_an_event_date_must_fall_in_its_year():
    event = PartnershipEventFactory.build(
        partnership=PartnershipFactory(), year=1990, date=datetime.date(1991, 5, 1)
    )

    with pytest.raises(ValidationError) as error:
        event.full_clean()

    assert "La date doit tomber dans l'année indiquée." in str(error.value)


def test_a_foreign_partner_is_shown_with_its_country_in_french():
    bignona = OrganisationFactory(name="Département de Bignona", country="SN")

    assert bignona.display_name == "Département de Bignona (Sénégal)"
