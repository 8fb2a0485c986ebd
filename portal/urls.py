from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search, name="search"),
    path("sante/", views.health, name="health"),
]
