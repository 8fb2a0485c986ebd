"""ImportRecord moves from the projects app to the imports app: the model changes
app in Django's state only, its table and rows stay where they are (renamed by the
next migration), and its content type follows, so that the permissions given to the
roles are kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="imports", model="importrecord").exists():
        ContentType.objects.filter(app_label="projects", model="importrecord").update(
            app_label="imports"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="imports", model="importrecord").update(
        app_label="projects"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("projects", "0005_list_order_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ImportRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('funding_lines', 'Lignes de financement'), ('organisations', 'Organisations et contacts')], max_length=16, verbose_name='type')),
                        ('status', models.CharField(choices=[('pending', 'En attente de confirmation'), ('confirmed', 'Confirmé'), ('refused', 'Refusé'), ('expired', 'Expiré')], default='pending', max_length=12, verbose_name='statut')),
                        ('channel', models.CharField(choices=[('portal', 'Portail'), ('admin', 'Administration'), ('command', 'Ligne de commande')], default='portal', max_length=8, verbose_name='depuis')),
                        ('file_name', models.CharField(blank=True, max_length=255, verbose_name='fichier')),
                        ('file_content', models.BinaryField(blank=True, null=True, verbose_name='contenu du fichier')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='déposé le')),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmé le')),
                        ('expires_at', models.DateTimeField(verbose_name='expire le')),
                        ('created_count', models.PositiveIntegerField(default=0, verbose_name='créées')),
                        ('updated_count', models.PositiveIntegerField(default=0, verbose_name='mises à jour')),
                        ('unchanged_count', models.PositiveIntegerField(default=0, verbose_name='inchangées')),
                        ('refused_count', models.PositiveIntegerField(default=0, verbose_name='refusées')),
                        ('message', models.TextField(blank=True, verbose_name='message')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='import_records', to=settings.AUTH_USER_MODEL, verbose_name='par')),
                    ],
                    options={
                        'verbose_name': 'import',
                        'verbose_name_plural': 'imports',
                        'ordering': ['-created_at', '-pk'],
                        'db_table': 'projects_importrecord',
                        'indexes': [models.Index(fields=['status', 'expires_at'], name='projects_im_status_741892_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
