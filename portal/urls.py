from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path("rappels/", views.reminder_update, name="reminder-update"),
    path("compte/preferences/", views.account, name="account"),
]
