"""The composition root: the only place where adapters are wired to services (being written)."""

from __future__ import annotations
