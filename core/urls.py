from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("<int:pk>/", views.job_detail, name="job-detail"),
    path("<int:pk>/etat/", views.job_status, name="job-status"),
    path("<int:pk>/fichier/", views.job_file, name="job-file"),
]
