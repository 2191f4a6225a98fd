"""``marsad serve``: the REST API (OpenAPI at ``/openapi.json``, docs at ``/docs``) and the
offline dashboard over the event store. Needs the ``server`` extra (FastAPI, uvicorn)."""
from __future__ import annotations

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
