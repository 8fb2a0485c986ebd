from django.urls import path  # noqa: F401

from . import sheet_views, views  # noqa: F401

app_name = "projects"

urlpatterns: list = []

# The capitalization sheet: HTML preview, PDF, and the catalogue of the list.
urlpatterns += [
    path("<slug:slug>/fiche/", sheet_views.SheetView.as_view(), name="sheet"),
    path("<slug:slug>/fiche.pdf", sheet_views.SheetPdfView.as_view(), name="sheet-pdf"),
    path("catalogue.pdf", sheet_views.CataloguePdfView.as_view(), name="catalogue-pdf"),
]
