"""Request types for view signatures, and reading numbers from a request without a 500.

``HtmxMiddleware`` puts ``request.htmx`` on every request. The signed-in request type is
:class:`kausa.accounts.http.AuthenticatedRequest` (it knows accounts' User).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, overload

from django.http import HttpRequest

from kausa.core.converters import MAX_ID

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    htmx: HtmxDetails


# At most 19 digits: MAX_ID has 19, and int() of a longer string is work for nothing.
_INTEGER = re.compile(r"-?[0-9]{1,19}")


@overload
def parse_int(
    value: str | None, *, minimum: int = ..., maximum: int = ..., default: int
) -> int: ...
@overload
def parse_int(
    value: str | None, *, minimum: int = ..., maximum: int = ..., default: None = None
) -> int | None: ...
def parse_int(
    value: str | None, *, minimum: int = 0, maximum: int = MAX_ID, default: int | None = None
) -> int | None:
    """``value`` as a whole number within ``minimum`` … ``maximum``, else ``default``.

    For numbers people and links put into query strings and forms: only ASCII digits (an
    optional minus sign), so ``"²"``, ``"1e3"`` or 5,000 digits never reach ``int()``, and
    nothing larger than a database column can hold (``MAX_ID``) ever reaches a query.
    """
    text = (value or "").strip()
    if not _INTEGER.fullmatch(text):
        return default
    number = int(text)
    return number if minimum <= number <= maximum else default


@overload
def query_int(
    request: HttpRequest, name: str, *, minimum: int = ..., maximum: int = ..., default: int
) -> int: ...
@overload
def query_int(
    request: HttpRequest,
    name: str,
    *,
    minimum: int = ...,
    maximum: int = ...,
    default: None = None,
) -> int | None: ...
def query_int(
    request: HttpRequest,
    name: str,
    *,
    minimum: int = 0,
    maximum: int = MAX_ID,
    default: int | None = None,
) -> int | None:
    """The whole number in ``?name=…`` (see :func:`parse_int`); absent or unusable: ``default``.

    A filter given a number it cannot use behaves as if it were not given: the page still
    answers 200, never 500.
    """
    return parse_int(request.GET.get(name), minimum=minimum, maximum=maximum, default=default)


def query_id(request: HttpRequest, name: str) -> int | None:
    """A primary key in ``?name=…`` (1 … 2**63-1), or ``None``."""
    return query_int(request, name, minimum=1)
