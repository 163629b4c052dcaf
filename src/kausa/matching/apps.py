from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "kausa.matching"
    label = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # Not business flow: only tells the per-process offer index that it is stale.
        from kausa.companies.models import Company, Offer
        from kausa.matching.index import offer_index_invalidate

        for model in (Offer, Company):
            post_save.connect(offer_index_invalidate, sender=model, dispatch_uid=f"mi-s-{model}")
            post_delete.connect(offer_index_invalidate, sender=model, dispatch_uid=f"mi-d-{model}")
