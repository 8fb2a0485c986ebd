from django.db import migrations

from portal.roles import groups_sync


def sync(apps, schema_editor):
    groups_sync(apps)


class Migration(migrations.Migration):
    """The imports are an app of their own: the roles keep their permissions on the
    records of imports (administrators only)."""

    dependencies = [
        ("portal", "0002_partner_reads_only_its_records"),
        ("projects", "0006_importrecord_moves_to_imports"),
        ("imports", "0001_initial"),
        ("missions", "0003_list_order_indexes"),
        ("evaluations", "0002_measurement_territory"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
