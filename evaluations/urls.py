from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.EvaluationListView.as_view(), name="evaluation-list"),
    path("nouvelle/", views.EvaluationCreateView.as_view(), name="evaluation-create"),
    path("<int:pk>/", views.EvaluationDetailView.as_view(), name="evaluation-detail"),
    path(
        "<int:pk>/historique/",
        views.EvaluationHistoryView.as_view(),
        name="evaluation-history",
    ),
    path(
        "<int:pk>/modifier/",
        views.EvaluationUpdateView.as_view(),
        name="evaluation-update",
    ),
    path(
        "<int:pk>/supprimer/",
        views.EvaluationDeleteView.as_view(),
        name="evaluation-delete",
    ),
    path(
        "questions/<int:pk>/",
        views.QuestionUpdateView.as_view(),
        name="question-update",
    ),
    path(
        "indicateurs/<int:pk>/",
        views.IndicatorDetailView.as_view(),
        name="indicator-detail",
    ),
    path(
        "mesures/<int:pk>/supprimer/",
        views.MeasurementDeleteView.as_view(),
        name="measurement-delete",
    ),
]
