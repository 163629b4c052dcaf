from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "kausa.reference"
    label = "reference"
    verbose_name = _("Reference")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from kausa.reference.models import Occupation
        from kausa.reference.selectors import occupation_search_forget

        # the kept search results of this process (other processes: within a minute)
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                occupation_search_forget, sender=Occupation, dispatch_uid=f"occupation-{name}"
            )
