from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search, name="search"),
    path("sante/", views.health, name="health"),
    path("rappels/", views.reminder_update, name="reminder-update"),
    path("compte/preferences/", views.account, name="account"),
    path("carte/", views.world_map, name="map"),
    path(
        "compte/preferences/jetons/",
        views.account_token_create,
        name="account-token-create",
    ),
    path(
        "compte/preferences/jetons/<int:pk>/revoquer/",
        views.account_token_revoke,
        name="account-token-revoke",
    ),
    path(
        "commentaires/<str:key>/<int:target>/",
        views.comment_create,
        name="comment-create",
    ),
    path("propositions/", views.proposal_list, name="proposal-list"),
    path(
        "propositions/nouvelle/<str:kind>/<int:target>/",
        views.proposal_create,
        name="proposal-create",
    ),
    path("propositions/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path(
        "propositions/<int:pk>/examen/",
        views.proposal_review,
        name="proposal-review",
    ),
    path(
        "propositions/justificatifs/<int:pk>/",
        views.proposal_file,
        name="proposal-file",
    ),
    path(
        "rapports/projets/<slug:key>/<int:year>/",
        views.yearly_report_page,
        {"kind": "project"},
        name="project-yearly-report",
    ),
    path(
        "rapports/projets/<slug:key>/<int:year>/pdf/",
        views.yearly_report_pdf,
        {"kind": "project"},
        name="project-yearly-report-pdf",
    ),
    path(
        "rapports/partenariats/<int:key>/<int:year>/",
        views.yearly_report_page,
        {"kind": "partnership"},
        name="partnership-yearly-report",
    ),
    path(
        "rapports/partenariats/<int:key>/<int:year>/pdf/",
        views.yearly_report_pdf,
        {"kind": "partnership"},
        name="partnership-yearly-report-pdf",
    ),
    path(
        "declaration-apd/<int:year>/",
        views.apd_declaration_page,
        name="apd-declaration",
    ),
    path(
        "declaration-apd/<int:year>/pdf/",
        views.apd_declaration_pdf_download,
        name="apd-declaration-pdf",
    ),
    path(
        "declaration-apd/<int:year>/xlsx/",
        views.apd_declaration_xlsx_download,
        name="apd-declaration-xlsx",
    ),
    path("iati/activities.xml", views.iati_activities, name="iati-activities"),
]
