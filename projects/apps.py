from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self):
        from . import totals  # the models are ready only now

        totals.signals_connect()
        post_migrate.connect(totals.totals_fill_if_missing, sender=self)
        # the partner column of the cross-view table, proposed by the partner side
        from .proposals import proposals_register

        proposals_register()
