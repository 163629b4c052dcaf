"""Number types for API inputs: what a database column can hold, checked before any query.

Pydantic takes an ``int`` of any size, and a number beyond 64 bits reached the database and
failed there (500). An id or an offset out of range is answered 422 with a ``detail`` naming
the parameter instead. (django-ninja and pydantic read these annotations at run time: no
``from __future__ import annotations`` here.)
"""

from typing import Annotated

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

from kausa.core.converters import MAX_ID

PkInt = Annotated[int, Field(ge=1, le=MAX_ID, description="an id (1 … 2**63-1)")]
"""A primary key in a path, a query or a body."""

OffsetInt = Annotated[int, Field(ge=0, le=MAX_ID, description="rows to skip (0 … 2**63-1)")]


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Ninja's limit/offset pagination with an offset a database accepts (at most 2**63-1)."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE,
            ge=1,
            le=int(min(ninja_settings.PAGINATION_MAX_LIMIT, MAX_ID)),  # the setting may be inf
        )
        offset: OffsetInt = 0


class ErrorOut(Schema):
    """The API's one error shape (the schema names it ``Error``): ``detail`` in words, and
    for invalid values one entry per value in ``errors``."""

    detail: str
    errors: list[dict[str, object]] = Field(default_factory=list)
