from django.urls import path

from .views import autocomplete, funding, records, sheets

app_name = "projects"

urlpatterns = [
    path("", records.ProjectListView.as_view(), name="project-list"),
    path(
        "choix/porteurs/",
        autocomplete.CarrierAutocomplete.as_view(),
        name="carrier-choices",
    ),
    path(
        "choix/programmes/",
        autocomplete.ProgrammeAutocomplete.as_view(),
        name="programme-choices",
    ),
    path(
        "choix/projets/",
        autocomplete.LineProjectAutocomplete.as_view(),
        name="line-project-choices",
    ),
    path(
        "choix/projets-lisibles/",
        autocomplete.ProjectAutocomplete.as_view(),
        name="project-choices",
    ),
    path(
        "choix/financeurs/",
        autocomplete.FunderAutocomplete.as_view(),
        name="funder-choices",
    ),
    path("nouveau/", records.ProjectCreateView.as_view(), name="project-create"),
    path("programmes/", records.ProgrammeListView.as_view(), name="programme-list"),
    path(
        "programmes/nouveau/",
        records.ProgrammeCreateView.as_view(),
        name="programme-create",
    ),
    path(
        "programmes/<int:pk>/",
        records.ProgrammeDetailView.as_view(),
        name="programme-detail",
    ),
    path(
        "programmes/<int:pk>/historique/",
        records.ProgrammeHistoryView.as_view(),
        name="programme-history",
    ),
    path(
        "programmes/<int:pk>/modifier/",
        records.ProgrammeUpdateView.as_view(),
        name="programme-update",
    ),
    path(
        "programmes/<int:pk>/supprimer/",
        records.ProgrammeDeleteView.as_view(),
        name="programme-delete",
    ),
    # The funding lines of every project (the imports are at projets/imports/).
    path(
        "lignes-de-financement/",
        funding.FundingLineListView.as_view(),
        name="fundingline-list",
    ),
    path("catalogue.pdf", sheets.CataloguePdfView.as_view(), name="catalogue-pdf"),
    path(
        "tableaux-des-couts/<int:pk>/",
        records.CostTableUpdateView.as_view(),
        name="costtable-update",
    ),
    path(
        "lignes-de-financement/<int:pk>/annees/",
        records.FundingLineYearsUpdateView.as_view(),
        name="fundingline-years",
    ),
    path(
        "lignes-de-financement/<int:pk>/versements/",
        records.FundingLinePaymentsUpdateView.as_view(),
        name="fundingline-payments",
    ),
    path(
        "versements/<int:pk>/justificatif/",
        records.PaymentReceiptView.as_view(),
        name="payment-receipt",
    ),
    path(
        "photos/<int:pk>/",
        records.ProjectPhotoFileView.as_view(),
        name="photo-file",
    ),
    path("<slug:slug>/", records.ProjectDetailView.as_view(), name="project-detail"),
    path(
        "<slug:slug>/historique/",
        records.ProjectHistoryView.as_view(),
        name="project-history",
    ),
    path(
        "<slug:slug>/modifier/",
        records.ProjectUpdateView.as_view(),
        name="project-update",
    ),
    path(
        "<slug:slug>/photos/",
        records.ProjectPhotosUpdateView.as_view(),
        name="project-photos",
    ),
    path(
        "<slug:slug>/supprimer/",
        records.ProjectDeleteView.as_view(),
        name="project-delete",
    ),
    # The capitalization sheet: HTML preview and PDF (the catalogue is above).
    path("<slug:slug>/fiche/", sheets.SheetView.as_view(), name="sheet"),
    path("<slug:slug>/fiche.pdf", sheets.SheetPdfView.as_view(), name="sheet-pdf"),
]
