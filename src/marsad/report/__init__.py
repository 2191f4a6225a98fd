"""Self-contained HTML reports (inline CSS, no scripts, nothing fetched from the network)."""
from __future__ import annotations

from .html import render_html

__all__ = ["render_html"]
