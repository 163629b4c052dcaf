from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from kausa.api.api import api
from kausa.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    path("", include("kausa.core.urls")),
    path("accounts/", include("kausa.accounts.urls")),
    path("staff/people/", include("kausa.people.urls")),
    path("staff/companies/", include("kausa.companies.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
