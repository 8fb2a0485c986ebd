from django.urls import path  # noqa: F401

from . import funding_views, import_views, views  # noqa: F401

app_name = "projects"

urlpatterns: list = []

# Spreadsheet imports (administrators) and the funding-lines list.
urlpatterns += [
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
]
