"""API tokens: created by ``marsad token create``, kept in the store as SHA-256 hashes only.

A token is 32 random bytes (``secrets``), so a plain SHA-256 is enough to store it: there is
nothing to brute-force as there would be with a password. The token itself is shown once,
when it is created.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timezone
from typing import Any

from ..store import Store

PREFIX = "marsad_"
_TABLE = ("CREATE TABLE IF NOT EXISTS api_tokens (token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, "
          "created_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def ensure_table(store: Store) -> None:
    """Create the token table when the store has none (portable SQL)."""
    with store.transaction():
        store.execute(_TABLE)


def create_token(store: Store, name: str = "") -> str:
    """A new token (returned once, stored hashed)."""
    ensure_table(store)
    token = PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with store.transaction():
        store.execute("INSERT INTO api_tokens (token_hash, name, created_at) VALUES (?, ?, ?)",
                      (token_hash(token), name, now))
    return token


def list_tokens(store: Store) -> list[dict[str, Any]]:
    """Names, creation times and the first characters of the hashes (never the tokens)."""
    ensure_table(store)
    return [{"id": h[:12], "name": n, "created_at": c, "revoked": bool(r)} for h, n, c, r in store.query(
        "SELECT token_hash, name, created_at, revoked FROM api_tokens ORDER BY created_at, token_hash")]


def revoke_token(store: Store, hash_prefix: str) -> int:
    """Revoke the tokens whose hash starts with ``hash_prefix`` (as ``list_tokens`` shows it)."""
    if len(hash_prefix) < 8:
        raise ValueError("give at least 8 characters of the token id")
    ensure_table(store)
    with store.transaction():
        matches = [h for (h,) in store.query("SELECT token_hash FROM api_tokens WHERE token_hash LIKE ?",
                                             (hash_prefix.lower().replace("%", "") + "%",))]
        for h in matches:
            store.execute("UPDATE api_tokens SET revoked = 1 WHERE token_hash = ?", (h,))
    return len(matches)


def valid_token(store: Store, token: str | None) -> bool:
    if not token or not token.startswith(PREFIX):
        return False
    rows = store.query("SELECT revoked FROM api_tokens WHERE token_hash = ?", (token_hash(token),))
    return bool(rows) and not rows[0][0]
