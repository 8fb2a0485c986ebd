"""A project may belong to several partnerships: the foreign key `partnership`
becomes the many-to-many `partnerships`, each existing link copied over."""

from django.db import migrations, models


def copy_links_forward(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Link = Project.partnerships.through
    Link.objects.bulk_create(
        Link(project_id=project_id, partnership_id=partnership_id)
        for project_id, partnership_id in Project.objects.filter(
            partnership__isnull=False
        ).values_list("pk", "partnership_id")
    )


def copy_links_backward(apps, schema_editor):
    # A foreign key holds one partnership: a project of several keeps the first
    # (the oldest partnership); its other links are lost.
    Project = apps.get_model("projects", "Project")
    Link = Project.partnerships.through
    first = {}
    for project_id, partnership_id in Link.objects.order_by(
        "project_id", "partnership_id"
    ).values_list("project_id", "partnership_id"):
        first.setdefault(project_id, partnership_id)
    for project_id, partnership_id in first.items():
        Project.objects.filter(pk=project_id).update(partnership_id=partnership_id)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_attachments"),
        ("projects", "0009_public_and_coordinates"),
    ]

    operations = [
        # "+" until the foreign key, which holds the name "projects", is gone
        migrations.AddField(
            model_name="project",
            name="partnerships",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to="partnerships.partnership",
                verbose_name="partenariats",
            ),
        ),
        migrations.RunPython(copy_links_forward, copy_links_backward),
        migrations.RemoveField(model_name="historicalproject", name="partnership"),
        migrations.RemoveField(model_name="project", name="partnership"),
        migrations.AlterField(
            model_name="project",
            name="partnerships",
            field=models.ManyToManyField(
                blank=True,
                related_name="projects",
                to="partnerships.partnership",
                verbose_name="partenariats",
            ),
        ),
    ]
