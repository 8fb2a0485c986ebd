from django.db import migrations

from portal.roles import groups_sync


def sync(apps, schema_editor):
    groups_sync(apps)


class Migration(migrations.Migration):
    """Partner accounts no longer read the directory of organisations and contacts."""

    dependencies = [("portal", "0001_roles")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
