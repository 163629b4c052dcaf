"""Personal data by construction: each app that holds personal data registers, for its own
models, how a person's data is exported (Art. 15/20), erased (Art. 17) and, for contact data
of people without a case, blanked after the retention period.

``kausa.privacy`` calls the registered handlers in turn and never touches another app's
models itself. Each app keeps its handler in ``<app>/privacy.py``; the privacy app imports
those modules at start-up (``autodiscover_modules``). A model declares the fields that hold
personal data as ``PERSONAL_FIELDS``; a test fails when such a model has no handler.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    from kausa.accounts.models import Organisation

# The young person's record (people.YoungPerson); the registry names no domain app, so the
# handlers, which each app types with the real model, take it as Any.
YoungPerson = Any


ANONYMOUS = "–"  # what a name becomes when it is erased


@dataclass(frozen=True)
class Blank:
    """Retention: blank ``values`` on the rows of ``queryset``; ``label`` names them."""

    label: str
    queryset: QuerySet[Any]
    values: Mapping[str, object]


Exporter = Callable[[YoungPerson], Any]
Eraser = Callable[[YoungPerson], None]
Retention = Callable[["Organisation", dt.datetime], Iterable[Blank]]
ErasureDue = Callable[[dt.date], Iterable[YoungPerson]]


@dataclass(frozen=True)
class PersonalData:
    app: str
    models: tuple[type[Model], ...]
    export: dict[str, Exporter] = field(default_factory=dict)  # export section -> function
    erase: Eraser | None = None
    retention: Retention | None = None
    erasure_due: ErasureDue | None = None  # people whose retention period is over
    erase_last: bool = False  # the person's own row goes last: others match on its data


_registry: dict[str, PersonalData] = {}


def register(entry: PersonalData) -> None:
    _registry[entry.app] = entry


def registered(*, for_erasure: bool = False) -> list[PersonalData]:
    """In INSTALLED_APPS order (the export's section order); for erasure the entries marked
    ``erase_last`` go at the end."""
    order = {config.name: n for n, config in enumerate(apps.get_app_configs())}
    entries = sorted(_registry.values(), key=lambda e: order.get(e.app, len(order)))
    return sorted(entries, key=lambda e: e.erase_last) if for_erasure else entries


def models_with_personal_fields() -> list[type[Model]]:
    return [m for m in apps.get_models() if getattr(m, "PERSONAL_FIELDS", ())]


def uncovered(entries: Iterable[PersonalData] | None = None) -> list[str]:
    """Models that declare personal fields but that no handler erases and exports."""
    entries = list(_registry.values() if entries is None else entries)
    covered = {
        model
        for entry in entries
        if entry.erase is not None and entry.export
        for model in entry.models
    }
    return sorted(m._meta.label for m in models_with_personal_fields() if m not in covered)
