from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("", views.MissionListView.as_view(), name="mission-list"),
    path("nouvelle/", views.MissionCreateView.as_view(), name="mission-create"),
    path("calendrier/", views.MissionCalendarView.as_view(), name="mission-calendar"),
    path(
        "series/<slug:slug>/",
        views.SeminarSeriesView.as_view(),
        name="seminar-series",
    ),
    path("<int:pk>/", views.MissionDetailView.as_view(), name="mission-detail"),
    path(
        "etapes/<int:pk>/document/",
        views.StepDocumentView.as_view(),
        name="step-document",
    ),
    path(
        "<int:pk>/historique/",
        views.MissionHistoryView.as_view(),
        name="mission-history",
    ),
    path(
        "<int:pk>/modifier/",
        views.MissionUpdateView.as_view(),
        name="mission-update",
    ),
    path(
        "<int:pk>/etapes/",
        views.MissionStepsUpdateView.as_view(),
        name="mission-steps",
    ),
    path(
        "<int:pk>/compte-rendu/",
        views.MissionReportView.as_view(),
        name="mission-report",
    ),
    path(
        "justificatifs/<int:pk>/",
        views.BudgetReceiptView.as_view(),
        name="budget-receipt",
    ),
    path(
        "<int:pk>/dossier.pdf",
        views.MissionDossierView.as_view(),
        name="mission-dossier",
    ),
    path(
        "etapes/<int:pk>/modele.odt",
        views.StepTemplateView.as_view(),
        name="step-template",
    ),
    path(
        "<int:pk>/budget.<str:format>",
        views.MissionBudgetExportView.as_view(),
        name="mission-budget-export",
    ),
    path(
        "<int:pk>/supprimer/",
        views.MissionDeleteView.as_view(),
        name="mission-delete",
    ),
]
