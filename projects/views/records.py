from django.db.models import Prefetch
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.generic import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordUpdateView,
)
from core.mixins import ScopedFileView
from core.proposals import may_propose, proposal_kind, proposals_shown
from core.services import record_save

from ..filters import ProgrammeFilter, ProjectFilter
from ..forms import (
    CostLineFormSet,
    CostTableFormSet,
    CostTableLinesForm,
    CrossViewRowFormSet,
    FundingLineFormSet,
    FundingLineRowsForm,
    FundingLineYearFormSet,
    KeyFigureFormSet,
    PaymentFormSet,
    PrintedNameFormSet,
    ProgrammeAxisFormSet,
    ProgrammeForm,
    ProjectContactFormSet,
    ProjectForm,
    ProjectPhotoFormSet,
    ProjectPhotosForm,
    QuoteFormSet,
    RecommendationFormSet,
)
from ..models import (
    CostTable,
    CrossViewRow,
    FundingLine,
    KeyFigure,
    Payment,
    PrintedName,
    Programme,
    ProgrammeAxis,
    Project,
    ProjectContact,
    ProjectPhoto,
    ProjectRecommendation,
    Quote,
)
from ..proposals import CROSS_VIEW_PARTNER
from ..resources import ProjectResource
from ..selectors import programme_list, project_detail, project_list, project_scope
from ..services import project_save

PROJECT_FORMSETS = [
    (
        "key_figures",
        KeyFigureFormSet,
        _("Chiffres clés (les trois premiers figurent sur la fiche)"),
    ),
    ("recommendations", RecommendationFormSet, _("Préconisations")),
    ("funding_lines", FundingLineFormSet, _("Financement du projet")),
    ("cost_tables", CostTableFormSet, _("Tableaux des coûts")),
    ("cross_view_rows", CrossViewRowFormSet, _("Regard croisé")),
    ("quotes", QuoteFormSet, _("Paroles d'acteurs")),
    ("project_contacts", ProjectContactFormSet, _("Contacts")),
    (
        "printed_names",
        PrintedNameFormSet,
        _("Noms imprimés sur la fiche (porteurs et partenaires, dans cet ordre)"),
    ),
]

PROJECT_ROWS = (
    (KeyFigure, "project"),
    (ProjectRecommendation, "project"),
    (FundingLine, "project"),
    (CostTable, "project"),
    (CrossViewRow, "project"),
    (Quote, "project"),
    (ProjectContact, "project"),
    (PrintedName, "project"),
    (ProjectPhoto, "project"),
)


class ProjectListView(RecordListView):
    export_resource = ProjectResource
    export_filename = "projets"
    model = Project
    filterset_class = ProjectFilter
    selector = project_list


class ProjectDetailView(RecordDetailView):
    model = Project
    selector = project_detail
    slug_field = "slug"
    history_url_name = "projects:project-history"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # a partner account proposes the partner column of the cross-view table
        if may_propose(self.request.user):
            context["cross_view_kind"] = CROSS_VIEW_PARTNER
            context["cross_view_proposals"] = proposals_shown(
                user=self.request.user,
                kind=proposal_kind(CROSS_VIEW_PARTNER),
                targets=self.object.cross_view_rows.all(),
            )
        return context


class ProjectHistoryView(RecordHistoryView):
    """The history of a project and its rows, fetched by its page when opened."""

    model = Project
    slug_field = "slug"
    history_rows = PROJECT_ROWS
    selector = project_scope


class ProjectSaveMixin:
    def save_records(self, *, form, formsets):
        # record_save, and the change of partnerships written in the history
        return project_save(
            form=form, formsets=formsets, version=form.cleaned_data.get("version")
        )


class ProjectCreateView(ProjectSaveMixin, RecordCreateView):
    model = Project
    form_class = ProjectForm
    formset_classes = PROJECT_FORMSETS
    create_title = _("Nouveau projet")
    cancel_url = reverse_lazy("projects:project-list")


class ProjectUpdateView(ProjectSaveMixin, RecordUpdateView):
    model = Project
    selector = project_list
    slug_field = "slug"
    form_class = ProjectForm
    formset_classes = PROJECT_FORMSETS


class ProjectPhotosUpdateView(RecordUpdateView):
    """The photos of a project on a page of their own (uploads checked, resized and
    stripped of their metadata by the photo field)."""

    model = Project
    selector = project_list
    slug_field = "slug"
    form_class = ProjectPhotosForm
    formset_classes = [
        (
            "photos",
            ProjectPhotoFormSet,
            _("Photos (la première cochée « sur la fiche » y est imprimée en grand)"),
        )
    ]


class ProjectPhotoFileView(ScopedFileView):
    """A project's photo, for whoever may read the project (the sheet's preview
    shows it from here): never straight from the media folder."""

    model = ProjectPhoto
    permission_required = "projects.view_project"
    file_field = "image"
    as_attachment = False
    read_through = (project_list, "project")


class ProjectDeleteView(RecordDeleteView):
    model = Project
    selector = project_list
    slug_field = "slug"
    success_url = reverse_lazy("projects:project-list")


class ProjectPartUpdateView(RecordUpdateView):
    """The rows of a part of a project (a cost table, a funding line's years): the
    project's version guards them, its readers and its editors are theirs."""

    def save_records(self, *, form, formsets):
        return record_save(
            form=form,
            formsets=formsets,
            version=form.cleaned_data.get("version"),
            guard=self.object.project,
        )

    def get_queryset(self):
        projects = project_list(user=self.request.user)
        return self.model.objects.select_related("project").filter(
            project__in=projects.values("pk")
        )

    def get_permission_required(self):
        return ["projects.change_project"]

    def get_success_url(self):
        return self.object.project.get_absolute_url()


class CostTableUpdateView(ProjectPartUpdateView):
    """The lines of one cost table (a project's cost tables are listed on its form)."""

    model = CostTable
    form_class = CostTableLinesForm
    formset_classes = [("lines", CostLineFormSet, _("Lignes de coût"))]


class FundingLineYearsUpdateView(ProjectPartUpdateView):
    """A funding line's split by calendar year: rows of a year and an amount, which
    add up to the line's amount (a project's lines are listed on its form)."""

    model = FundingLine
    form_class = FundingLineRowsForm
    template_name = "projects/fundingline_years_form.html"
    formset_classes = [("years", FundingLineYearFormSet, _("Montants par année"))]

    def get_queryset(self):
        return super().get_queryset().select_related("funder")


class FundingLinePaymentsUpdateView(ProjectPartUpdateView):
    """What was actually paid under a funding line: date, amount, payer, payee,
    purpose and receipt of each payment."""

    model = FundingLine
    form_class = FundingLineRowsForm
    template_name = "projects/fundingline_payments_form.html"
    formset_classes = [("payments", PaymentFormSet, _("Versements"))]

    def get_queryset(self):
        return super().get_queryset().select_related("funder", "project__carrier")


class PaymentReceiptView(ScopedFileView):
    """The receipt of a payment, for whoever may read its project."""

    model = Payment
    permission_required = "projects.view_project"
    file_field = "receipt"
    read_through = (project_list, "line__project")


class ProgrammeListView(RecordListView):
    model = Programme
    selector = programme_list
    filterset_class = ProgrammeFilter


class ProgrammeDetailView(RecordDetailView):
    model = Programme
    selector = programme_list
    history_url_name = "projects:programme-history"

    def get_queryset(self):
        # the programme's projects, as far as the user may read them
        projects = project_scope(user=self.request.user)
        return (
            super()
            .get_queryset()
            .prefetch_related("axes", Prefetch("projects", queryset=projects))
        )


class ProgrammeHistoryView(RecordHistoryView):
    """The history of a programme and its axes, fetched by its page when opened."""

    model = Programme
    selector = programme_list
    history_rows = ((ProgrammeAxis, "programme"),)


class ProgrammeCreateView(RecordCreateView):
    model = Programme
    form_class = ProgrammeForm
    formset_classes = [("axes", ProgrammeAxisFormSet, _("Axes"))]
    create_title = _("Nouveau programme")
    cancel_url = reverse_lazy("projects:programme-list")


class ProgrammeUpdateView(RecordUpdateView):
    model = Programme
    selector = programme_list
    form_class = ProgrammeForm
    formset_classes = [("axes", ProgrammeAxisFormSet, _("Axes"))]


class ProgrammeDeleteView(RecordDeleteView):
    model = Programme
    selector = programme_list

    def get_success_url(self):
        return reverse("projects:programme-list")
