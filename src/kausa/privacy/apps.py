from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "kausa.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # each app's privacy.py registers the exporter and eraser of its own models
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("privacy")
