"""API endpoints of counselling (ninja reads annotations at runtime: no __future__ import)."""

from ninja import Router

router = Router(tags=["counselling"])
