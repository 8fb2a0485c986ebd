"""Load the reference lists (projects/reference.py)."""

from django.db import migrations

from projects.reference import reference_lists_load


def load(apps, schema_editor):
    reference_lists_load(apps)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
