from django.db import migrations


class Migration(migrations.Migration):
    """ImportRecord now belongs to the imports app (imports/0001): removed from this
    app's state only, its table is kept."""

    dependencies = [
        ("projects", "0005_list_order_indexes"),
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ImportRecord")],
            database_operations=[],
        ),
    ]
