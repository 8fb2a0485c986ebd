from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self):
        # the partner column of the cross-view table, proposed by the partner side
        from .proposals import proposals_register

        proposals_register()
