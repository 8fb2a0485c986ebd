import pytest

from core.services import UNCHECKED, StaleRecordError, record_version_move
from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_version_the_record_has_moved_past_is_refused_and_nothing_moves():
    project = ProjectFactory(title="Titre du coordinateur")
    Project.objects.filter(pk=project.pk).update(version=2)  # saved meanwhile

    with pytest.raises(StaleRecordError) as refused:
        record_version_move(record=project, version=1)

    assert "modifié par quelqu'un d'autre" in str(refused.value)
    assert refused.value.current.version == 2
    project.refresh_from_db()
    assert project.version == 2


def test_a_form_that_carried_no_version_is_refused():
    project = ProjectFactory()

    with pytest.raises(StaleRecordError):
        record_version_move(record=project, version=None)

    project.refresh_from_db()
    assert project.version == 1


def test_the_version_the_form_was_opened_with_moves_on_by_one_and_is_saved():
    project = ProjectFactory()

    current = record_version_move(record=project, version=1)

    assert current.version == project.version == 2
    project.refresh_from_db()
    assert project.version == 2
    assert project.history.first().version == 2


def test_without_save_the_version_moves_for_the_callers_own_save():
    project = ProjectFactory()

    record_version_move(record=project, version=1, save=False)

    assert project.version == 2
    project.refresh_from_db()
    assert project.version == 1


def test_an_unchecked_write_moves_every_record_of_a_queryset_in_one_query(
    django_assert_num_queries,
):
    first, second, untouched = ProjectFactory(), ProjectFactory(), ProjectFactory()
    Project.objects.filter(pk=second.pk).update(version=5)
    touched = Project.objects.filter(pk__in=[first.pk, second.pk])

    with django_assert_num_queries(1):
        record_version_move(record=touched, version=UNCHECKED)

    versions = dict(Project.objects.values_list("pk", "version"))
    assert versions == {first.pk: 2, second.pk: 6, untouched.pk: 1}


def test_a_record_not_saved_yet_has_no_version_to_check():
    project = ProjectFactory.build()

    assert record_version_move(record=project, version=None) is None
    assert project.version == 1
