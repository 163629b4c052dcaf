from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobwalkConfig(AppConfig):
    name = "kausa.jobwalk"
    label = "jobwalk"
    verbose_name = _("Jobwalk")
