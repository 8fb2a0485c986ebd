from django.db import migrations

from portal.roles import groups_sync


def create_groups(apps, schema_editor):
    groups_sync(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("partnerships", "0001_initial"),
        ("projects", "0002_reference_lists"),
        ("missions", "0001_initial"),
        ("evaluations", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
