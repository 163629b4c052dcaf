"""Form fields for reference data, rendered from a per-process cache."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator

from kausa.core.forms import IdMultipleChoiceField
from kausa.core.widgets import FastSelect, FastSelectMultiple
from kausa.reference.models import Occupation
from kausa.reference.selectors import occupation_choices


class _CachedOccupationIterator(ModelChoiceIterator):
    def __iter__(self) -> Iterator[tuple[Any, str]]:
        if self.field.empty_label is not None:
            yield ("", str(self.field.empty_label))
        yield from occupation_choices()

    def __len__(self) -> int:
        return len(occupation_choices()) + (self.field.empty_label is not None)


class OccupationChoiceField(forms.ModelChoiceField):
    iterator = _CachedOccupationIterator
    widget = FastSelect

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Occupation.objects.all(), **kwargs)


class OccupationMultipleChoiceField(IdMultipleChoiceField):
    iterator = _CachedOccupationIterator
    widget = FastSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Occupation.objects.all(), **kwargs)
