"""API endpoints of events (ninja reads annotations at runtime: no __future__ import)."""

from ninja import Router

router = Router(tags=["events"])
