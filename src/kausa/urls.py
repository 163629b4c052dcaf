from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from kausa.api.api import api
from kausa.core.views import healthz

handler404 = "kausa.core.views.page_not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
]
# Each app owns the URLs below its prefix; pages of the public and the staff side.
urlpatterns += i18n_patterns(
    path("", include("kausa.workspace.urls")),
    path("accounts/", include("kausa.accounts.urls")),
    path("staff/people/", include("kausa.people.urls")),
    path("staff/companies/", include("kausa.companies.urls")),
    path("", include("kausa.counselling.urls")),
    path("", include("kausa.matching.urls")),
    path("", include("kausa.jobwalk.urls")),
    path("", include("kausa.events.urls")),
    path("", include("kausa.network.urls")),
    path("", include("kausa.alerts.urls")),
    path("", include("kausa.privacy.urls")),
    path("", include("kausa.reporting.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)
