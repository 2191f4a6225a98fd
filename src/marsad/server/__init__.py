"""``marsad serve``: the REST API (OpenAPI at ``/openapi.json``, docs at ``/docs``) and the
offline dashboard over the event store. Needs the ``server`` extra (FastAPI, uvicorn), imported
only when the app is asked for, so that the ``marsad`` command works without it."""
from __future__ import annotations

__all__ = ["Settings", "create_app"]


def __getattr__(name: str):
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
