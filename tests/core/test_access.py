"""The roles of an account are read once per request, on the user object the request
carries: asking again, for any role, reads nothing more."""

from django.contrib.auth import get_user_model

from core import roles
from core.access import has_role, partner_scope


def test_the_roles_are_read_once_for_every_question_of_a_request(
    director, django_assert_num_queries
):
    user = get_user_model().objects.get(pk=director.pk)  # as a request loads it

    with django_assert_num_queries(1):
        assert has_role(user, roles.DIRECTOR, roles.ADMINISTRATOR)
        assert not has_role(user, roles.ADMINISTRATOR)
        assert partner_scope(user) is None


def test_a_partner_account_has_no_staff_role(partner_user):
    assert not has_role(partner_user, roles.DIRECTOR, roles.ADMINISTRATOR)
    assert has_role(partner_user, roles.PARTNER)
