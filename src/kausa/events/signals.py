"""An event's page is kept rendered per ``updated_at`` (events.views): a change to any of its
texts, groups, stations or languages moves the event's ``updated_at``, so the page is drawn
anew at the next visit."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone


def _touch(event_id: int | None) -> None:
    from kausa.events.models import Event

    if event_id:
        Event.objects.filter(pk=event_id).update(updated_at=timezone.now())


def _part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures
        return
    _touch(getattr(instance, "event_id", None))


def _languages_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not kwargs.get("reverse"):
        _touch(instance.pk)


def connect() -> None:
    from kausa.events.models import Event, EventGroup, EventTranslation, Station

    for model in (EventTranslation, EventGroup, Station):
        uid = f"events-touch-{model.__name__}"
        post_save.connect(_part_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-deleted")
    m2m_changed.connect(
        _languages_changed, sender=Event.languages.through, dispatch_uid="events-touch-languages"
    )
