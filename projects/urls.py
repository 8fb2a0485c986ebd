from django.urls import path

from . import funding_views, import_views, sheet_views, views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project-list"),
    path("nouveau/", views.ProjectCreateView.as_view(), name="project-create"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path(
        "programmes/nouveau/",
        views.ProgrammeCreateView.as_view(),
        name="programme-create",
    ),
    path(
        "programmes/<int:pk>/",
        views.ProgrammeDetailView.as_view(),
        name="programme-detail",
    ),
    path(
        "programmes/<int:pk>/modifier/",
        views.ProgrammeUpdateView.as_view(),
        name="programme-update",
    ),
    path(
        "programmes/<int:pk>/supprimer/",
        views.ProgrammeDeleteView.as_view(),
        name="programme-delete",
    ),
    # Spreadsheet imports (administrators) and the funding-lines list.
    path(
        "lignes-de-financement/",
        funding_views.FundingLineListView.as_view(),
        name="fundingline-list",
    ),
    path("imports/", import_views.ImportListView.as_view(), name="import-list"),
    path("imports/nouveau/", import_views.import_upload_view, name="import-upload"),
    path("imports/<int:pk>/", import_views.import_preview_view, name="import-preview"),
    path(
        "imports/<int:pk>/confirmer/",
        import_views.import_confirm_view,
        name="import-confirm",
    ),
    path("catalogue.pdf", sheet_views.CataloguePdfView.as_view(), name="catalogue-pdf"),
    path(
        "tableaux-des-couts/<int:pk>/",
        views.CostTableUpdateView.as_view(),
        name="costtable-update",
    ),
    path("<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path(
        "<slug:slug>/modifier/",
        views.ProjectUpdateView.as_view(),
        name="project-update",
    ),
    path(
        "<slug:slug>/supprimer/",
        views.ProjectDeleteView.as_view(),
        name="project-delete",
    ),
    # The capitalization sheet: HTML preview and PDF (the catalogue is above).
    path("<slug:slug>/fiche/", sheet_views.SheetView.as_view(), name="sheet"),
    path("<slug:slug>/fiche.pdf", sheet_views.SheetPdfView.as_view(), name="sheet-pdf"),
]
