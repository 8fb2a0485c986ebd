from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Évaluations")

    def ready(self):
        # A project's page and sheet show the summary of its evaluations.
        from projects.sheets.content import sheet_section_register

        from .selectors import project_evaluation_summary_prefetch

        sheet_section_register(project_evaluation_summary_prefetch)
        # a measurement "là-bas", proposed by the partner side
        from .proposals import proposals_register

        proposals_register()
