from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, TemplateView

from core.generic import (
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordHistoryView,
    RecordListView,
    RecordMixin,
    RecordUpdateView,
)
from core.mixins import ScopedFileView, ScopedObjectMixin
from core.models import ProposalFile
from core.services import StaleRecordError
from partnerships.models import Contact
from projects.models import Project
from projects.selectors import project_scope

from .dossier import mission_dossier_pdf, step_template_odt
from .exports import budget_xlsx
from .filters import MissionFilter
from .forms import (
    BudgetLineFormSet,
    MissionDayFormSet,
    MissionForm,
    MissionReportForm,
    MissionStepFormSet,
    MissionStepsForm,
    ParticipantFormSet,
)
from .models import BudgetLine, Mission, MissionDay, MissionStep, Participant
from .pdf import budget_pdf
from .proposals import budget_receipt_scope, budget_receipts, mission_proposals
from .resources import MissionResource
from .selectors import (
    mission_calendar,
    mission_detail,
    mission_list,
    mission_report_writable,
    mission_scope,
    mission_years,
    seminar_series,
)
from .services import (
    budget_summary,
    financial_report,
    mission_create,
    mission_report_write,
)

MISSION_FORMSETS = [
    ("participants", ParticipantFormSet, gettext_lazy("Participants")),
    ("days", MissionDayFormSet, gettext_lazy("Programme du séjour")),
    (
        "budget_lines",
        BudgetLineFormSet,
        gettext_lazy("Budget prévisionnel (dépenses et recettes)"),
    ),
]
STEPS_FORMSET = [
    (
        "steps",
        MissionStepFormSet,
        gettext_lazy("Étapes : avant, pendant et après la mission"),
    )
]
# The years the calendar accepts in `?year=`: anything else shows the current year.
FIRST_YEAR, LAST_YEAR = 1950, 2100
MISSION_ROWS = (
    (Participant, "mission"),
    (MissionDay, "mission"),
    (MissionStep, "mission"),
    (BudgetLine, "mission"),
)


class MissionListView(RecordListView):
    export_resource = MissionResource
    export_filename = "missions"
    model = Mission
    filterset_class = MissionFilter
    selector = mission_list


class MissionDetailView(RecordDetailView):
    model = Mission
    selector = mission_detail
    history_url_name = "missions:mission-history"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = list(self.object.budget_lines.all())
        context["budget"] = budget_summary(lines)
        context["financial_report"] = financial_report(lines)
        context["receipts"] = budget_receipts(lines=lines)
        context["can_write_report"] = mission_report_writable(
            user=self.request.user, mission=self.object
        )
        context.update(mission_proposals(mission=self.object, user=self.request.user))
        return context


class MissionHistoryView(RecordHistoryView):
    """The history of a mission and of its rows, fetched by its page when opened."""

    model = Mission
    history_rows = MISSION_ROWS
    selector = mission_scope


class MissionCreateView(RecordCreateView):
    model = Mission
    form_class = MissionForm
    formset_classes = MISSION_FORMSETS
    create_title = gettext_lazy("Nouvelle mission")
    cancel_url = reverse_lazy("missions:mission-list")

    def save_records(self, *, form, formsets):
        return mission_create(form=form, formsets=formsets)


class MissionUpdateView(RecordUpdateView):
    model = Mission
    selector = mission_list
    form_class = MissionForm
    formset_classes = MISSION_FORMSETS + STEPS_FORMSET


class MissionStepsUpdateView(RecordUpdateView):
    """The steps alone: the page to keep the working plan up to date."""

    model = Mission
    selector = mission_list
    form_class = MissionStepsForm
    formset_classes = STEPS_FORMSET
    template_name = "missions/mission_steps_form.html"


class MissionDeleteView(RecordDeleteView):
    model = Mission
    selector = mission_list
    success_url = reverse_lazy("missions:mission-list")


class MissionReportView(RecordMixin, ScopedObjectMixin, DetailView):
    """The report (compte rendu) of a mission: coordinators, and partner accounts for
    the missions of their own partnerships and of their projects only
    (`mission_report_writable`, which the service checks again). A mission the
    partner reads without being allowed to report on it is a 403."""

    model = Mission
    selector = mission_list
    template_name = "missions/mission_report_form.html"

    def get_permission_required(self):
        return ["missions.write_report"]

    def get_object(self, queryset=None):
        mission = super().get_object(queryset)
        if not mission_report_writable(user=self.request.user, mission=mission):
            raise PermissionDenied
        return mission

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "form",
            MissionReportForm(
                initial={"report": self.object.report, "version": self.object.version}
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = MissionReportForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            mission_report_write(
                mission=self.object,
                user=request.user,
                text=form.cleaned_data["report"],
                version=form.cleaned_data["version"],
            )
        except StaleRecordError as error:
            messages.error(request, str(error))
            context = self.get_context_data(form=form, conflict=error)
            return self.render_to_response(context, status=409)
        messages.success(request, _("Compte rendu enregistré."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class MissionBudgetExportView(RecordMixin, ScopedObjectMixin, DetailView):
    """The provisional budget as `.xlsx` or as a one-page PDF."""

    model = Mission
    selector = mission_list

    def get_permission_required(self):
        return ["missions.view_mission", "missions.view_budgetline"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("organiser")
            .prefetch_related("budget_lines")
        )

    def render_to_response(self, context, **response_kwargs):
        mission = self.object
        lines = list(mission.budget_lines.all())
        summary = budget_summary(lines)
        name = f"budget-{slugify(mission.title)[:60]}-{mission.pk}"
        if self.kwargs["format"] == "xlsx":
            content = budget_xlsx(
                mission=mission,
                lines=lines,
                summary=summary,
                report=financial_report(lines),
            )
            content_type = (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        elif self.kwargs["format"] == "pdf":
            content = budget_pdf(
                context={
                    "mission": mission,
                    "lines": lines,
                    "budget": summary,
                    "financial_report": financial_report(lines),
                    "receipts": budget_receipts(lines=lines),
                    # The notes below the table, each once (lines of the 2009
                    # seminar's budget template share some)
                    "notes": list(
                        dict.fromkeys(line.note for line in lines if line.note)
                    ),
                    "generated": timezone.localdate(),
                }
            )
            content_type = "application/pdf"
        else:
            raise Http404
        response = HttpResponse(content, content_type=content_type)
        disposition = "attachment" if self.kwargs["format"] == "xlsx" else "inline"
        response["Content-Disposition"] = (
            f'{disposition}; filename="{name}.{self.kwargs["format"]}"'
        )
        return response


class MissionCalendarView(RecordMixin, TemplateView):
    """The missions of a year, month by month (`?year=2009`)."""

    model = Mission
    template_name = "missions/mission_calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        years = mission_years(user=user)
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = timezone.localdate().year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            year = timezone.localdate().year
        months = mission_calendar(user=user, year=year)
        context.update(
            year=year,
            years=years,
            months=months,
            mission_count=sum(len(month.missions) for month in months),
        )
        return context


class SeminarSeriesView(RecordMixin, ScopedObjectMixin, DetailView):
    """The seminars of a project as the table of the report of the 2009 preparatory
    seminar: organiser, participating authorities, other participants, themes,
    testimonies, month."""

    model = Project
    slug_field = "slug"
    template_name = "missions/seminar_series.html"
    context_object_name = "project"
    selector = project_scope

    def get_permission_required(self):
        return ["missions.view_mission", "projects.view_project"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["seminars"] = seminar_series(
            user=self.request.user, project=self.object
        )
        return context


class StepDocumentView(ScopedFileView):
    """The document of a mission step, for whoever may read the mission."""

    model = MissionStep
    permission_required = "missions.view_missionstep"
    file_field = "document"
    read_through = (mission_list, "mission")


class BudgetReceiptView(ScopedFileView):
    """A receipt of a mission's financial report (the files of the partner's accepted
    actual amounts), for whoever may read the mission."""

    model = ProposalFile
    permission_required = "missions.view_budgetline"

    def scoped_queryset(self):
        return budget_receipt_scope(user=self.request.user)


class MissionDossierView(RecordMixin, ScopedObjectMixin, DetailView):
    """The mission dossier as one PDF, to carry on the journey."""

    model = Mission
    permission_required = "missions.view_mission"

    def scoped_queryset(self):
        return mission_list(user=self.request.user).prefetch_related(
            "participants__organisation",
            "days",
            "steps",
            "budget_lines",
            "project__project_contacts__contact__organisation",
        )

    def contacts(self, mission: Mission) -> list:
        """The project's contacts and those of the two territories, for staff (a
        partner account reads no directory of contacts)."""
        if not self.request.user.has_perm("partnerships.view_contact"):
            return []
        contacts = []
        if mission.project:
            contacts += [
                link.contact for link in mission.project.project_contacts.all()
            ]
        organisations = [o for o in (mission.origin, mission.destination) if o]
        contacts += list(
            Contact.objects.filter(organisation__in=organisations).select_related(
                "organisation"
            )
        )
        return list(dict.fromkeys(contacts))

    def render_to_response(self, context, **response_kwargs):
        mission = self.object
        lines = list(mission.budget_lines.all())
        content = mission_dossier_pdf(
            mission=mission,
            budget=budget_summary(lines),
            contacts=self.contacts(mission),
            financial_report=financial_report(lines),
        )
        response = HttpResponse(content, content_type="application/pdf")
        name = f"dossier-{slugify(mission.title)[:60]}-{mission.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class StepTemplateView(RecordMixin, ScopedObjectMixin, DetailView):
    """The document to start a step from (.odt), filled with the mission's data."""

    model = MissionStep
    permission_required = "missions.view_missionstep"

    def scoped_queryset(self):
        missions = mission_list(user=self.request.user)
        return (
            MissionStep.objects.filter(mission__in=missions.values("pk"))
            .select_related("mission__origin", "mission__destination")
            .prefetch_related("mission__participants__organisation")
        )

    def render_to_response(self, context, **response_kwargs):
        step = self.object
        content = step_template_odt(mission=step.mission, step=step)
        response = HttpResponse(
            content, content_type="application/vnd.oasis.opendocument.text"
        )
        name = f"{slugify(step.get_kind_display())}-{slugify(step.mission.title)[:40]}"
        response["Content-Disposition"] = f'attachment; filename="{name}.odt"'
        return response
