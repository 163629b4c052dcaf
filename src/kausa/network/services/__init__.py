"""Writes of the network app, one module per area."""

from __future__ import annotations
