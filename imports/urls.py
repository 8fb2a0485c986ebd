from django.urls import path

from . import views

app_name = "imports"

# Spreadsheet imports of funding lines and organisations (administrators).
urlpatterns = [
    path("", views.ImportListView.as_view(), name="import-list"),
    path("nouveau/", views.import_upload_view, name="import-upload"),
    path("<int:pk>/", views.import_preview_view, name="import-preview"),
    path("<int:pk>/confirmer/", views.import_confirm_view, name="import-confirm"),
]
