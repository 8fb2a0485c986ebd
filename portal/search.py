"""The search box of the header: every kind of record, read through the same scopes
as the lists (a partner account finds only what it may read) and searched in the same
fields as their filters, a few rows of each: a bounded number of queries."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.search import text_search
from evaluations.filters import EvaluationFilter
from evaluations.models import Evaluation
from evaluations.selectors import evaluation_scope
from missions.filters import MissionFilter
from missions.models import Mission
from missions.selectors import mission_scope
from partnerships.filters import ContactFilter, OrganisationFilter, PartnershipFilter
from partnerships.models import Contact, Organisation
from partnerships.selectors import partnership_list
from projects.filters import ProjectFilter
from projects.models import Project
from projects.selectors import project_scope

RESULTS_PER_KIND = 8


@dataclass
class SearchGroup:
    title: str
    records: list
    more_url: str  # the list of this kind, filtered by the same words
    has_more: bool


def _kinds(user):
    """(title, permission, records the user may read, filter, list URL name)."""
    return [
        (
            _("Projets"),
            "projects.view_project",
            lambda: project_scope(Project.objects.only("title", "slug"), user=user),
            ProjectFilter,
            "projects:project-list",
        ),
        (
            _("Partenariats"),
            "partnerships.view_partnership",
            lambda: partnership_list(user=user),
            PartnershipFilter,
            "partnerships:partnership-list",
        ),
        (
            _("Missions"),
            "missions.view_mission",
            lambda: mission_scope(Mission.objects.only("title"), user=user),
            MissionFilter,
            "missions:mission-list",
        ),
        (
            _("Évaluations"),
            "evaluations.view_evaluation",
            lambda: evaluation_scope(Evaluation.objects.only("title"), user=user),
            EvaluationFilter,
            "evaluations:evaluation-list",
        ),
        # no scope: these directories are for the roles whose permissions name them
        (
            _("Organisations"),
            "partnerships.view_organisation",
            lambda: Organisation.objects.only("name"),
            OrganisationFilter,
            "partnerships:organisation-list",
        ),
        (
            _("Contacts"),
            "partnerships.view_contact",
            lambda: Contact.objects.only("full_name"),
            ContactFilter,
            "partnerships:contact-list",
        ),
    ]


def global_search(*, user, text: str) -> list[SearchGroup]:
    """The records of each kind `user` may read that match every word of `text`:
    at most RESULTS_PER_KIND of each, one query per kind."""
    if not text.split():
        return []
    groups = []
    for title, permission, records, filterset, list_url in _kinds(user):
        if not user.has_perm(permission):
            continue
        queryset: QuerySet = records()
        found = list(
            text_search(queryset, filterset.search_fields, text)[: RESULTS_PER_KIND + 1]
        )
        if found:
            groups.append(
                SearchGroup(
                    title=str(title),
                    records=found[:RESULTS_PER_KIND],
                    more_url=f"{reverse(list_url)}?{urlencode({'q': text})}",
                    has_more=len(found) > RESULTS_PER_KIND,
                )
            )
    return groups
