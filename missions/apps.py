from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "missions"
    verbose_name = _("Missions")

    def ready(self):
        # both sides comment on the missions of their partnership
        from core.comments import commentable_register

        from .models import Mission
        from .selectors import mission_scope

        commentable_register(Mission, lambda user: mission_scope(user=user))
        # its participants, programme, budget and financial report, proposed by the
        # partner side
        from .proposals import proposals_register

        proposals_register()
