"""API endpoints of privacy (ninja reads annotations at runtime: no __future__ import)."""

from ninja import Router

router = Router(tags=["privacy"])
