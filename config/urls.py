from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal.forms import PortalAdminAuthenticationForm, PortalAuthenticationForm
from portal.views import bench_bare, language_switch

# Both login pages refuse demo accounts when DEBUG is off (portal.forms).
admin.site.login_form = PortalAdminAuthenticationForm

urlpatterns = [
    path("", include("portal.urls")),
    # what anonymous visitors read: the public projects (portal.public)
    path("public/", include("portal.public.urls")),
    path("langue/", language_switch, name="set_language"),
    path(
        "compte/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm),
        name="login",
    ),
    path("compte/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("traitements/", include("core.urls")),
    path("partenariats/", include("partnerships.urls")),
    # before projects/, whose <slug>/ would take "imports"
    path("projets/imports/", include("imports.urls")),
    path("projets/", include("projects.urls")),
    path("missions/", include("missions.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("api/v1/", include("portal.api.urls")),
]

if settings.BENCH_BARE_VIEW:
    urlpatterns.append(path("bench/bare/", bench_bare, name="bench-bare"))

# Uploaded files are never served from the media folder: each goes through a view that
# checks who may read its record (core.mixins.ScopedFileView).
