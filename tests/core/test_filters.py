"""Every filter of every list page answers a page, never a 500, whatever it is sent."""

import os

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import MembershipFactory, MissionFactory, ProjectFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


def list_pages(patterns=None, prefix="", namespace=""):
    """(URL, FilterSet class) of every routed page without a parameter that filters."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            name = pattern.namespace or namespace
            yield from list_pages(pattern.url_patterns, route, name)
        elif isinstance(pattern, URLPattern) and "<" not in route:
            view_class = getattr(pattern.callback, "view_class", None)
            filterset_class = getattr(view_class, "filterset_class", None)
            if filterset_class is not None:
                yield "/" + route.lstrip("^").rstrip("$"), filterset_class


LIST_PAGES = sorted(list_pages(), key=lambda page: page[0])
FIELDS = [
    (url, name) for url, filterset in LIST_PAGES for name in filterset.base_filters
]

values = st.one_of(
    st.text(max_size=40),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["0", "-1", "1e5", "32768", "2147483648", "9" * 30, "\x00", ""]),
)


def test_every_list_page_with_filters_is_probed():
    urls = {url for url, _ in LIST_PAGES}

    assert {"/missions/", "/evaluations/", "/projets/", "/partenariats/"} <= urls


@pytest.mark.parametrize("year", ["0", "-1", "1e5", "32768", "2147483648"])
@pytest.mark.parametrize("url", ["/missions/", "/evaluations/"])
def test_a_year_out_of_range_is_a_french_error_in_the_filter_form(
    client, partner_user, url, year
):
    organisation = MembershipFactory(user=partner_user).organisation
    MissionFactory(origin=organisation)
    client.force_login(partner_user)

    response = client.get(url, {"year": year})

    assert response.status_code == 200
    assert "Saisissez une année entre 1900 et 2100" in page_text(response)


@pytest.mark.parametrize("role", ["coordinator", "partner_user"])
def test_no_filter_value_gives_a_server_error(request, client, role):
    user = request.getfixturevalue(role)
    MembershipFactory(user=user, organisation=ProjectFactory().carrier)
    MissionFactory()
    client.force_login(user)
    client.raise_request_exception = True

    @settings(
        # PROBE_EXAMPLES=5000 repeats the probe at scale
        max_examples=int(os.environ.get("PROBE_EXAMPLES", 150)),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(field=st.sampled_from(FIELDS), value=values, extra=values)
    def probe(field, value, extra):
        url, name = field
        response = client.get(url, {name: value, "page": extra})
        assert response.status_code < 500, (url, name, value)

    probe()


@pytest.mark.parametrize("url", ["/projets/", "/missions/", "/evaluations/"])
def test_the_country_filter_offers_only_countries_of_readable_records(
    client, partner_user, url
):
    from tests.factories import (
        EvaluationFactory,
        OrganisationFactory,
        PartnershipFactory,
    )

    own = PartnershipFactory(partner=OrganisationFactory(country="SN"))
    MembershipFactory(user=partner_user, organisation=own.partner)
    project = ProjectFactory(partnership=own)
    MissionFactory(partnership=own)
    EvaluationFactory(project=project)
    other = PartnershipFactory(partner=OrganisationFactory(country="RO"))
    MissionFactory(partnership=other, destination=OrganisationFactory(country="HT"))
    EvaluationFactory(project=ProjectFactory(partnership=other))
    OrganisationFactory(name="Union européenne", country="EU")
    client.force_login(partner_user)

    page = client.get(url).content.decode()

    assert '<option value="SN"' in page
    for code in ("RO", "HT", "EU"):
        assert f'<option value="{code}"' not in page


def test_staff_are_offered_the_countries_every_project_names(client, director):
    from tests.factories import OrganisationFactory, PartnershipFactory

    senegal = PartnershipFactory(partner=OrganisationFactory(country="SN"))
    ProjectFactory(partnership=senegal)
    romania = PartnershipFactory(partner=OrganisationFactory(country="RO"))
    ProjectFactory(partnership=romania).partners.add(OrganisationFactory(country="TN"))
    PartnershipFactory(partner=OrganisationFactory(country="HT"))  # no project
    OrganisationFactory(name="Union européenne", country="EU")
    client.force_login(director)

    page = client.get("/projets/").content.decode()

    for code in ("SN", "RO", "TN"):
        assert f'<option value="{code}"' in page
    for code in ("HT", "EU"):
        assert f'<option value="{code}"' not in page
