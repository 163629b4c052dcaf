"""API endpoints of matching (ninja reads annotations at runtime: no __future__ import)."""

from ninja import Router

router = Router(tags=["matching"])
