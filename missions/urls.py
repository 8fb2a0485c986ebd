from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("", views.MissionListView.as_view(), name="mission-list"),
    path("<int:pk>/", views.MissionDetailView.as_view(), name="mission-detail"),
]
