"""Comments on a record of a partnership: written by either side, read by both;
nothing reaches another partnership."""

import pytest
from django.urls import reverse

from core import roles
from core.models import RecordComment
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bignona():
    organisation = OrganisationFactory(
        name="Département de Bignona", country="SN", kind="departement"
    )
    project = ProjectFactory(partnership=PartnershipFactory(partner=organisation))
    partner = UserFactory(username="partenaire-bignona", role=roles.PARTNER)
    MembershipFactory(user=partner, organisation=organisation)
    return {
        "project": project,
        "partner": partner,
        "coordinator": UserFactory(username="coordinatrice", role=roles.COORDINATOR),
    }


def comment_url(project):
    return reverse("comment-create", args=["projects.project", project.pk])


def test_a_partner_comment_is_read_by_the_french_side(client, bignona):
    client.force_login(bignona["partner"])
    client.post(
        comment_url(bignona["project"]),
        {"text": "Le comité local se réunit en janvier."},
    )
    client.force_login(bignona["coordinator"])

    page = client.get(bignona["project"].get_absolute_url()).content.decode()

    assert "Le comité local se réunit en janvier." in page
    assert "partenaire-bignona</strong> — Département de Bignona" in page


def test_a_partner_cannot_comment_on_another_partnership(client, bignona):
    elsewhere = ProjectFactory(partnership=PartnershipFactory())
    client.force_login(bignona["partner"])

    response = client.post(comment_url(elsewhere), {"text": "Intrusion"})

    assert response.status_code == 403
    assert not RecordComment.objects.exists()


def test_a_director_reads_and_does_not_comment(client, bignona):
    client.force_login(UserFactory(username="directeur", role=roles.DIRECTOR))

    response = client.post(comment_url(bignona["project"]), {"text": "Bien"})

    assert response.status_code == 403
    assert not RecordComment.objects.exists()
