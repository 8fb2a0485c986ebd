from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("catalogue.pdf", views.catalogue, name="catalogue-pdf"),
    path("carte/", views.world_map, name="map"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("projets/<slug:slug>/", views.sheet, name="sheet"),
    path("projets/<slug:slug>/fiche.pdf", views.sheet_pdf_file, name="sheet-pdf"),
]
