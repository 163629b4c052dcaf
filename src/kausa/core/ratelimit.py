"""Limits on public writes: per client address and per contact (e-mail, phone) sent.

Every page form and API endpoint that anyone can send without logging in is declared in
:data:`PUBLIC_WRITES` (a test sweeps the URL resolver so that none is forgotten);
:class:`PublicWriteLimitMiddleware` counts each write of an anonymous client in fixed
windows in the shared cache and answers 429 with ``Retry-After`` once a limit is reached,
before the view runs, so nothing is saved. A submission that saves nothing (a form shown
again with errors, a refused API call) is not counted.

When the shared cache is down the counts continue in this process (thread-safe), so the
limits still hold per web server and no request fails because of the outage.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse, RawPostDataException
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kausa.core.cache_safe import cache_call
from kausa.core.rates import Rate, parse_rate

# Buckets: the public forms and API writes share one count per address; a JOBWALK walk
# (start and one check-in per station, often a whole school class behind one address)
# has its own, larger one.
FORMS = "forms"
JOBWALK = "jobwalk"

# Every public write, by URL name (pages and API), and the bucket it counts in.
PUBLIC_WRITES: dict[str, str] = {
    # events: registration, cancellation with the personal link, speed-dating sign-up
    "events:register": FORMS,
    "events:registration_cancel": FORMS,
    "events:speed_apply": FORMS,
    "api:registration_create": FORMS,
    "api:registration_cancel": FORMS,
    # a young person asks for contact about an apprenticeship offer
    "matching:offer_detail": FORMS,
    # network: becoming a training company, award nominations, ambassador visits
    "network:training_interest": FORMS,
    "network:nominate": FORMS,
    "network:visit_request": FORMS,
    # anyone asks an office to call them back (its contact page)
    "workspace:office_call_back": FORMS,
    # forgotten password (mails a link) and choosing the new one
    "accounts:password_reset": FORMS,
    "accounts:password_reset_confirm": FORMS,
    # JOBWALK on a phone
    "jobwalk:walk_start": JOBWALK,
    "jobwalk:walk_checkin": JOBWALK,
    # keeping a tour made with the planner behind a link (30 days)
    "jobwalk:planned_create": FORMS,
    # offer alerts: saving a search (mails a confirmation link), confirming, changing, deleting
    "alerts:subscribe": FORMS,
    "alerts:confirm": FORMS,
    "alerts:manage": FORMS,
    "alerts:delete": FORMS,
}

# Public URLs that accept POST but are no write to limit here, and why.
NOT_LIMITED: dict[str, str] = {
    "accounts:login": "failed logins are limited per account and address by django-axes",
    "accounts:logout": "ends the caller's own session, saves nothing",
    "api:jobwalk_plan": "computes a tour and saves nothing",
    "alerts:unsubscribe": (
        "one-click unsubscribe (RFC 8058), posted by mail providers from shared addresses; "
        "it only deletes and mails nobody"
    ),
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
CONTACT_HINTS = ("email", "e_mail", "phone", "mobile")
MAX_JSON_BODY = 64 * 1024

MESSAGES: dict[str, Promise] = {
    "address": _("Too many requests from your address. Please try again later."),
    "contact": _(
        "Too many requests for this e-mail address or phone number. Please try again later."
    ),
}

_state: dict[str, str] = {"namespace": ""}


# --- counting ------------------------------------------------------------------------------
class _LocalCounters:
    """Fixed-window counters of this process: the fallback while the cache is down."""

    MAX_KEYS = 50_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, float]] = {}

    def add(self, key: str, delta: int, expires_at: float) -> int:
        now = time.time()
        with self._lock:
            if len(self._counts) >= self.MAX_KEYS:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            count, expiry = self._counts.get(key, (0, expires_at))
            if expiry <= now:
                count, expiry = 0, expires_at
            count = max(count + delta, 0)
            self._counts[key] = (count, expiry)
            return count

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


_local = _LocalCounters()


def _cache_add(key: str, delta: int, timeout: int) -> int:
    if delta > 0:
        cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key, delta))
    except ValueError:  # expired (or never there): start again
        if delta <= 0:
            return 0
        cache.set(key, delta, timeout=timeout)
        return delta


@dataclass
class Counter:
    """One count: a key in the current window of a rate."""

    key: str
    rate: Rate
    window_end: float
    local: bool = False
    count: int = 0

    @property
    def over(self) -> bool:
        return self.count > self.rate.limit

    @property
    def retry_after(self) -> int:
        return max(1, int(self.window_end - time.time() + 0.999))

    def add(self, delta: int) -> int:
        if not self.local:
            timeout = int(self.window_end - time.time()) + 60
            counted = cache_call("ratelimit", _cache_add, self.key, delta, timeout, default=None)
            if counted is not None:
                self.count = counted
                return counted
            self.local = True  # the cache is down: count in this process from now on
        self.count = _local.add(self.key, delta, self.window_end)
        return self.count


def _digest(value: str) -> str:
    # Addresses and e-mail addresses never appear in the cache in clear.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def counter(scope: str, identity: str, rate: Rate) -> Counter:
    window = int(time.time() // rate.seconds)
    key = f"kausa:rl{_state['namespace']}:{scope}:{rate.seconds}:{_digest(identity)}:{window}"
    return Counter(key=key, rate=rate, window_end=(window + 1) * rate.seconds)


def hit(scope: str, identity: str, rate: Rate) -> Counter:
    """Count one event of ``identity`` in ``scope``; ``.over`` once past the limit."""
    one = counter(scope, identity, rate)
    one.add(1)
    return one


def reset() -> None:
    """Forget every count (tests): a new key namespace, so counts kept in a shared cache by
    earlier runs no longer apply, and an empty per-process fallback."""
    _state["namespace"] = "-" + secrets.token_hex(4)
    _local.clear()


# --- who is asking -------------------------------------------------------------------------
def client_address(request: HttpRequest) -> str:
    """The client's address; behind ``KAUSA_PROXY_COUNT`` reverse proxies, the one the
    outermost proxy saw. An IPv6 client counts by its /64 (one subscriber's network)."""
    address = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.KAUSA_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _submitted_items(request: HttpRequest) -> Iterator[tuple[str, Any]]:
    try:
        # Read into memory first: the view can still read the raw body as well as the form.
        body = request.body
    except (RequestDataTooBig, RawPostDataException):
        return  # too big to hold: the view answers that
    if request.content_type == "application/json":
        try:
            data = json.loads(body or b"{}") if len(body) <= MAX_JSON_BODY else None
        except ValueError:
            return  # the view answers what is wrong with the body
        if isinstance(data, dict):
            yield from data.items()
    elif request.content_type in FORM_TYPES:
        try:
            form = request.POST
        except MultiPartParserError:
            return
        for name, values in form.lists():
            for value in values:
                yield name, value


def _normalise(name: str, value: Any) -> str:
    text = str(value).strip().lower() if isinstance(value, str | int) else ""
    if "mail" in name:
        return f"email:{text}" if "@" in text else ""
    digits = "".join(ch for ch in text if ch.isdigit())
    digits = digits[2:] if digits.startswith("00") else digits
    return f"phone:{digits}" if len(digits) >= 6 else ""


def submitted_contacts(request: HttpRequest) -> list[str]:
    """The e-mail addresses and phone numbers in a form or JSON body, normalised."""
    contacts: set[str] = set()
    for name, value in _submitted_items(request):
        lowered = str(name).lower()
        if any(hint in lowered for hint in CONTACT_HINTS):
            contact = _normalise(lowered, value)
            if contact:
                contacts.add(contact)
    return sorted(contacts)


# --- the limit on public writes ------------------------------------------------------------
def _rate(setting: str) -> Rate | None:
    return parse_rate(getattr(settings, setting))


BUCKET_SETTINGS = {FORMS: "KAUSA_RATELIMIT_PUBLIC_WRITES", JOBWALK: "KAUSA_RATELIMIT_JOBWALK"}


@dataclass
class Decision:
    counters: list[Counter] = field(default_factory=list)
    blocked: Counter | None = None
    reason: str = ""

    def refund(self) -> None:
        for one in self.counters:
            one.add(-1)


def public_write_check(request: HttpRequest, bucket: str) -> Decision:
    """Count this write for the client's address and each contact it carries."""
    decision = Decision()
    checks: list[tuple[str, str, str, Rate | None]] = [
        (f"address-{bucket}", client_address(request), "address", _rate(BUCKET_SETTINGS[bucket]))
    ]
    per_contact = _rate("KAUSA_RATELIMIT_PER_CONTACT")
    checks += [("contact", c, "contact", per_contact) for c in submitted_contacts(request)]
    for scope, identity, reason, rate in checks:
        if rate is None:
            continue
        one = hit(scope, identity, rate)
        decision.counters.append(one)
        worse = decision.blocked is None or one.retry_after > decision.blocked.retry_after
        if one.over and worse:
            decision.blocked, decision.reason = one, reason
    if decision.blocked is not None:
        decision.refund()  # a refused request does not use up the allowance
    return decision


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.path.startswith("/api/")
        or request.content_type == "application/json"
        or ("application/json" in accept and "text/html" not in accept)
    )


def too_many_requests(request: HttpRequest, *, retry_after: int, reason: str) -> HttpResponse:
    message = MESSAGES.get(reason, MESSAGES["address"])
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"detail": str(message)}, status=429)
    else:
        context = {"message": message, "retry_minutes": max(1, (retry_after + 59) // 60)}
        response = render(request, "core/rate_limited.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _wrote(response: HttpResponse) -> bool:
    """Did the view save something? A redirect after a form, or a 2xx that is no page
    (a form shown again with its errors is a 200 page)."""
    status = response.status_code
    if 300 <= status < 400:
        return True
    return 200 <= status < 300 and not response.get("Content-Type", "").startswith("text/html")


class PublicWriteLimitMiddleware:
    """Counts the public writes of anonymous clients (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        decision: Decision | None = getattr(request, "_kausa_ratelimit", None)
        if decision is not None and decision.blocked is None and not _wrote(response):
            decision.refund()
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: Iterable[Any],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method in SAFE_METHODS or request.resolver_match is None:
            return None
        bucket = PUBLIC_WRITES.get(request.resolver_match.view_name)
        user = getattr(request, "user", None)
        if bucket is None or (user is not None and user.is_authenticated):
            return None
        decision = public_write_check(request, bucket)
        request._kausa_ratelimit = decision  # type: ignore[attr-defined]
        if decision.blocked is not None:
            return too_many_requests(
                request, retry_after=decision.blocked.retry_after, reason=decision.reason
            )
        return None
