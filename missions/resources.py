"""import-export resources of the missions app: the columns of its exports."""

from django.utils.translation import gettext_lazy as _
from import_export.resources import ModelResource

from core.exports import (
    ExportQuerysetMixin,
    date_column,
    integer_column,
    number_column,
    text_column,
)

from .models import BudgetLine, Mission


class MissionResource(ExportQuerysetMixin, ModelResource):
    title = text_column(_("Titre"), "title")
    kind = text_column(_("Type"), "get_kind_display")
    project = text_column(_("Projet"), "project__title")
    partnership = text_column(_("Partenariat"), "partnership")
    origin = text_column(_("Territoire de départ"), "origin__name")
    destination = text_column(_("Territoire d'accueil"), "destination__name")
    start_date = date_column(_("Début"), "start_date")
    end_date = date_column(_("Fin"), "end_date")
    period_note = text_column(_("Période"), "period_note")
    place = text_column(_("Lieu"), "place")
    expected_participants = integer_column(
        _("Participants prévus"), "expected_participants"
    )

    export_select_related = (
        "project",
        "partnership__french_authority",
        "partnership__partner",
        "origin",
        "destination",
    )

    class Meta:
        model = Mission
        fields = (
            "title",
            "kind",
            "project",
            "partnership",
            "origin",
            "destination",
            "start_date",
            "end_date",
            "period_note",
            "place",
            "expected_participants",
        )


class BudgetLineResource(ExportQuerysetMixin, ModelResource):
    mission = text_column(_("Mission"), "mission__title")
    side = text_column(_("Nature"), "get_side_display")
    label = text_column(_("Poste"), "label")
    cash_amount = number_column(_("Numéraire"), "cash_amount")
    in_kind_amount = number_column(_("Valorisation"), "in_kind_amount")
    currency = text_column(_("Devise"), "mission__budget_currency")
    note = text_column(_("Précisions"), "note")

    export_select_related = ("mission",)

    class Meta:
        model = BudgetLine
        fields = (
            "mission",
            "side",
            "label",
            "cash_amount",
            "in_kind_amount",
            "currency",
            "note",
        )
