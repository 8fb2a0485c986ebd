from django.urls import path

from . import autocomplete, views

app_name = "partnerships"

urlpatterns = [
    path(
        "choix/partenariats/",
        autocomplete.PartnershipAutocomplete.as_view(),
        name="partnership-choices",
    ),
    path(
        "choix/collectivites-francaises/",
        autocomplete.FrenchAuthorityAutocomplete.as_view(),
        name="authority-choices",
    ),
    path(
        "choix/organisations/",
        autocomplete.OrganisationAutocomplete.as_view(),
        name="organisation-choices",
    ),
    path("", views.PartnershipListView.as_view(), name="partnership-list"),
    path("nouveau/", views.PartnershipCreateView.as_view(), name="partnership-create"),
    path("<int:pk>/", views.PartnershipDetailView.as_view(), name="partnership-detail"),
    path(
        "<int:pk>/historique/",
        views.PartnershipHistoryView.as_view(),
        name="partnership-history",
    ),
    path(
        "<int:pk>/modifier/",
        views.PartnershipUpdateView.as_view(),
        name="partnership-update",
    ),
    path(
        "<int:pk>/supprimer/",
        views.PartnershipDeleteView.as_view(),
        name="partnership-delete",
    ),
    path(
        "conventions/<int:pk>/document/",
        views.AgreementFileView.as_view(),
        name="agreement-file",
    ),
    path(
        "organisations/", views.OrganisationListView.as_view(), name="organisation-list"
    ),
    path(
        "organisations/nouvelle/",
        views.OrganisationCreateView.as_view(),
        name="organisation-create",
    ),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisations/<int:pk>/historique/",
        views.OrganisationHistoryView.as_view(),
        name="organisation-history",
    ),
    path(
        "organisations/<int:pk>/modifier/",
        views.OrganisationUpdateView.as_view(),
        name="organisation-update",
    ),
    path(
        "organisations/<int:pk>/supprimer/",
        views.OrganisationDeleteView.as_view(),
        name="organisation-delete",
    ),
    path("contacts/", views.ContactListView.as_view(), name="contact-list"),
    path("contacts/nouveau/", views.ContactCreateView.as_view(), name="contact-create"),
    path(
        "contacts/<int:pk>/modifier/",
        views.ContactUpdateView.as_view(),
        name="contact-update",
    ),
    path(
        "contacts/<int:pk>/supprimer/",
        views.ContactDeleteView.as_view(),
        name="contact-delete",
    ),
]
