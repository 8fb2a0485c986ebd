from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.EvaluationListView.as_view(), name="evaluation-list"),
    path("<int:pk>/", views.EvaluationDetailView.as_view(), name="evaluation-detail"),
]
