"""The migration that turns a project's one partnership into several keeps every
link, and its reverse keeps one of them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("projects", "0009_public_and_coordinates")]
AFTER = [("projects", "0010_projects_in_several_partnerships")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_link_to_the_partnership_is_copied_and_comes_back():
    old = migrate(BEFORE)
    Organisation = old.get_model("partnerships", "Organisation")
    Partnership = old.get_model("partnerships", "Partnership")
    Project = old.get_model("projects", "Project")
    savoie = Organisation.objects.create(name="Département de la Savoie")
    bignona = Organisation.objects.create(name="Département de Bignona")
    partnership = Partnership.objects.create(
        french_authority=savoie, partner=bignona, slug="savoie-bignona"
    )
    linked = Project.objects.create(
        title="L'action sociale de l'Autre",
        slug="action-sociale",
        carrier=savoie,
        partnership=partnership,
    )
    Project.objects.create(title="Hors partenariat", slug="hors", carrier=savoie)

    try:
        new = migrate(AFTER)
        Project = new.get_model("projects", "Project")
        assert list(
            Project.objects.get(pk=linked.pk).partnerships.values_list(
                "slug", flat=True
            )
        ) == ["savoie-bignona"]
        assert not Project.objects.get(slug="hors").partnerships.exists()

        old = migrate(BEFORE)
        Project = old.get_model("projects", "Project")
        assert Project.objects.get(pk=linked.pk).partnership_id == partnership.pk
        assert Project.objects.get(slug="hors").partnership_id is None
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
