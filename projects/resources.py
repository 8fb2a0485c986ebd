"""import-export resources of the projects app: the columns of its exports."""

from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.resources import ModelResource
from import_export.widgets import DecimalWidget

from core.exports import (
    ExportQuerysetMixin,
    date_column,
    integer_column,
    list_column,
    number_column,
    text_column,
)
from core.spreadsheets import Column
from partnerships.models import Organisation

from .models import FundingLine, FundingLineYear, Project, Theme
from .models.funding import FUNDING_LINE_FIELDS

# The columns of a spreadsheet of funding lines, as the export writes them and the
# import (imports.funding_lines) reads them: an exported file imports back unchanged.
FUNDING_LINE_COLUMNS = [
    Column(
        "project",
        _("Projet"),
        ("Project", "Titre du projet", "Project title", "Nom du projet"),
        required=True,
    ),
    Column(
        "project_slug",
        _("Identifiant du projet"),
        ("Identifiant projet", "Project slug", "Slug"),
    ),
    Column(
        "funder",
        _("Financeur"),
        ("Funder", "Financeurs", "Funders", "Bailleur", "Donor"),
        required=True,
    ),
    Column("label", _("Libellé"), ("Label",)),
    Column(
        "amount",
        _("Montant"),
        ("Amount", "Contribution", "Somme"),
        required=True,
        numeric=True,
    ),
    Column("currency", _("Devise"), ("Currency", "Monnaie")),
    Column("nature", _("Nature"), ("Nature de la contribution", "Kind")),
    Column("status", _("Statut"), ("Status", "État", "Etat")),
    Column(
        "period_start",
        _("Début"),
        ("Début de la période", "Date de début", "Start", "Start date", "Du"),
    ),
    Column(
        "period_end",
        _("Fin"),
        ("Fin de la période", "Date de fin", "End", "End date", "Au"),
    ),
    Column(
        "note",
        _("Note"),
        ("Notes", "Remarque", "Remarques", "Commentaire", "Comment"),
    ),
]
FUNDING_LINE_COLUMN = {column.key: column for column in FUNDING_LINE_COLUMNS}


class YearAmountField(Field):
    """A line's part in one calendar year, in a column headed by the year: the
    year-split layout the import reads back."""

    def __init__(self, year: int):
        super().__init__(column_name=str(year), readonly=True, widget=DecimalWidget())
        self.year = year

    def get_value(self, instance):
        return next(
            (part.amount for part in instance.years.all() if part.year == self.year),
            None,
        )


class FundingLineResource(ExportQuerysetMixin, ModelResource):
    """Exactly the columns the funding-lines import reads, so that an exported file
    imports back unchanged: then one column per year of the lines' splits."""

    project = text_column(FUNDING_LINE_COLUMN["project"].label, "project__title")
    project_slug = text_column(
        FUNDING_LINE_COLUMN["project_slug"].label, "project__slug"
    )
    funder = text_column(FUNDING_LINE_COLUMN["funder"].label, "funder__name")
    label = text_column(FUNDING_LINE_COLUMN["label"].label, "label")
    amount = number_column(FUNDING_LINE_COLUMN["amount"].label, "amount")
    currency = text_column(FUNDING_LINE_COLUMN["currency"].label, "currency")
    nature = text_column(FUNDING_LINE_COLUMN["nature"].label, "get_nature_display")
    status = text_column(FUNDING_LINE_COLUMN["status"].label, "get_status_display")
    period_start = date_column(
        FUNDING_LINE_COLUMN["period_start"].label, "period_start"
    )
    period_end = date_column(FUNDING_LINE_COLUMN["period_end"].label, "period_end")
    note = text_column(FUNDING_LINE_COLUMN["note"].label, "note")

    export_select_related = ("project", "funder")
    export_prefetch_related = ("years",)
    split_years: list[int] = []  # the years of the exported lines' splits

    def before_export(self, queryset, **kwargs):
        super().before_export(queryset, **kwargs)
        lines = FundingLine.objects.all() if queryset is None else queryset
        self.split_years = sorted(
            FundingLineYear.objects.filter(line__in=lines)
            .values_list("year", flat=True)
            .distinct()
        )

    def export_field(self, field, instance, **kwargs):
        if isinstance(field, YearAmountField):  # not a declared field: no dehydrate_
            return field.export(instance, **kwargs)
        return super().export_field(field, instance, **kwargs)

    def get_export_fields(self, selected_fields=None):
        return [
            *super().get_export_fields(selected_fields),
            *(YearAmountField(year) for year in self.split_years),
        ]

    class Meta:
        model = FundingLine
        fields = ("project", "project_slug", *FUNDING_LINE_FIELDS)
        name = _("Lignes de financement")


class ProjectResource(ExportQuerysetMixin, ModelResource):
    title = text_column(_("Titre"), "title")
    slug = text_column(_("Identifiant"), "slug")
    status = text_column(_("Statut"), "get_status_display")
    carrier = text_column(_("Porteur"), "carrier__name")
    partnerships = Field(column_name=_("Partenariats"), readonly=True)
    programme = text_column(_("Programme"), "programme__title")
    start_year = integer_column(_("Année de début"), "start_year")
    end_year = integer_column(_("Année de fin"), "end_year")
    themes = list_column(_("Thématiques"), "themes", Theme)
    partners = list_column(_("Partenaires"), "partners", Organisation)
    funding_total = number_column(_("Total des financements"), "funding__total")
    funding_currency = text_column(_("Devise"), "funding__currency")

    export_select_related = ("carrier", "programme")
    export_prefetch_related = ("themes", "partners", "partnerships", "funding_lines")

    class Meta:
        model = Project
        fields = (
            "title",
            "slug",
            "status",
            "carrier",
            "partnerships",
            "programme",
            "start_year",
            "end_year",
            "themes",
            "partners",
            "funding_total",
            "funding_currency",
        )

    def dehydrate_partnerships(self, project: Project) -> str:
        # a partnership is named after its two authorities, read with it
        return ", ".join(str(partnership) for partnership in project.partnerships.all())
