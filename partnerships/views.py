from django.urls import reverse_lazy
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

from .filters import ContactFilter, OrganisationFilter, PartnershipFilter
from .forms import (
    AgreementFormSet,
    ContactForm,
    EventFormSet,
    OrganisationForm,
    PartnershipForm,
)
from .models import Agreement, Contact, Organisation, Partnership, PartnershipEvent
from .resources import OrganisationResource, PartnershipResource
from .selectors import organisation_detail, partnership_list

# Organisations


class OrganisationListView(RecordListView):
    export_resource = OrganisationResource
    export_filename = "organisations"
    model = Organisation
    filterset_class = OrganisationFilter


class OrganisationDetailView(RecordDetailView):
    model = Organisation
    selector = organisation_detail
    history_url_name = "partnerships:organisation-history"


class OrganisationHistoryView(RecordHistoryView):
    """The history of an organisation, fetched by its page when opened."""

    model = Organisation


class OrganisationCreateView(RecordCreateView):
    model = Organisation
    form_class = OrganisationForm
    create_title = _("Nouvelle organisation")
    cancel_url = reverse_lazy("partnerships:organisation-list")


class OrganisationUpdateView(RecordUpdateView):
    model = Organisation
    form_class = OrganisationForm


class OrganisationDeleteView(RecordDeleteView):
    model = Organisation
    success_url = reverse_lazy("partnerships:organisation-list")


# Partnerships

PARTNERSHIP_FORMSETS = [
    ("events", EventFormSet, _("Chronologie")),
    ("agreements", AgreementFormSet, _("Conventions")),
]


class PartnershipListView(RecordListView):
    export_resource = PartnershipResource
    export_filename = "partenariats"
    model = Partnership
    filterset_class = PartnershipFilter
    selector = partnership_list


class PartnershipDetailView(RecordDetailView):
    model = Partnership
    selector = partnership_list
    history_url_name = "partnerships:partnership-history"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "events",
                "agreements",
                "programmes__axes",
                "projects__carrier",
                "missions",
            )
        )


class PartnershipHistoryView(RecordHistoryView):
    """The history of a partnership, its timeline and its agreements, fetched by its
    page when opened."""

    model = Partnership
    selector = partnership_list
    history_rows = ((PartnershipEvent, "partnership"), (Agreement, "partnership"))
    # where the start year was read: a note for the people who keep the records
    staff_only_fields = ("start_year_note",)


class PartnershipCreateView(RecordCreateView):
    model = Partnership
    form_class = PartnershipForm
    formset_classes = PARTNERSHIP_FORMSETS
    create_title = _("Nouveau partenariat")
    cancel_url = reverse_lazy("partnerships:partnership-list")


class PartnershipUpdateView(RecordUpdateView):
    model = Partnership
    selector = partnership_list
    form_class = PartnershipForm
    formset_classes = PARTNERSHIP_FORMSETS


class PartnershipDeleteView(RecordDeleteView):
    model = Partnership
    selector = partnership_list
    success_url = reverse_lazy("partnerships:partnership-list")


# Contacts


class ContactListView(RecordListView):
    model = Contact
    filterset_class = ContactFilter

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")


class ContactCreateView(RecordCreateView):
    model = Contact
    form_class = ContactForm
    create_title = _("Nouveau contact")
    cancel_url = reverse_lazy("partnerships:contact-list")

    def get_success_url(self):
        return reverse_lazy("partnerships:contact-list")


class ContactUpdateView(RecordUpdateView):
    model = Contact
    form_class = ContactForm

    def get_success_url(self):
        return reverse_lazy("partnerships:contact-list")


class ContactDeleteView(RecordDeleteView):
    model = Contact
    success_url = reverse_lazy("partnerships:contact-list")


class AgreementFileView(ScopedFileView):
    """The signed document of an agreement, for whoever may read its partnership."""

    model = Agreement
    permission_required = "partnerships.view_agreement"
    read_through = (partnership_list, "partnership")
