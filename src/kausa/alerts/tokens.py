"""The personal link of an alert: a token derived from the alert's random secret and the
SECRET_KEY (so a copy of the database alone opens no alert), found again by its hash."""

from __future__ import annotations

import base64
import hashlib
import secrets

from django.utils.crypto import salted_hmac

SALT = "kausa.alerts.token"
TOKEN_LENGTH = 43  # 32 bytes, base64url without padding


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def token_for(secret: str) -> str:
    digest = salted_hmac(SALT, secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token: str) -> bool:
    return len(token) == TOKEN_LENGTH and all(c.isalnum() or c in "-_" for c in token)
