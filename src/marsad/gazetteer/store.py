"""Places and their on-disk form: one SQLite file of places and name keys.

The embedded gazetteer and every user gazetteer (``marsad gazetteer import``) share this
schema, so a user file simply adds rows that join the embedded ones at load time.
"""
from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Iterable, Iterator

from ..normalize import name_key, normalize_text, strip_article

FEATURES = ("country", "admin1", "admin2", "admin3", "populated")
# Precision rank of a feature: a populated place is the finest.
FEATURE_RANK = {"populated": 0, "admin3": 1, "admin2": 2, "admin1": 3, "country": 4}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``key`` is the name key of ``name_ar``."""

    id: str
    name_ar: str
    name_en: str
    key: str
    lat: float | None
    lon: float | None
    country_iso2: str
    iso_num: int | None
    country_name: str
    admin1: str
    admin2: str
    feature: str
    population: int
    pcode: str
    source: str
    admin3: str = ""  # added after the first format: files without the column read it as ""


PLACE_COLUMNS = tuple(f.name for f in fields(Place))

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS places ({", ".join(PLACE_COLUMNS)}, PRIMARY KEY (id));
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, place_id TEXT NOT NULL, matchable INTEGER NOT NULL,
                                  PRIMARY KEY (key, place_id));
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""

_NON_ARABIC_NAME = re.compile(r"[^\u0621-\u064a\u06a9\u06cc\u0671 '\-]")


def is_arabic_name(name: str) -> bool:
    """True for a name in the Arabic alphabet proper (not Persian, Urdu or Kurdish letters)."""
    text = normalize_text(name).strip()
    return bool(text) and not _NON_ARABIC_NAME.search(text) and any("\u0621" <= c <= "\u064a" for c in text)


def key_variants(name: str) -> set[str]:
    """Every key a name is indexed under: its name key, and the space-less forms
    («البو كمال» = «البوكمال», «دير الزور» = «ديرالزور»)."""
    key = name_key(name)
    if not key:
        return set()
    out = {key}
    if " " in key:
        out.add(key.replace(" ", ""))
        out.add(strip_article(normalize_text(name).replace(" ", "")))
    return {k for k in out if k}


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places (inf when a coordinate is missing)."""
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def connect(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path))
    conn.executescript(SCHEMA)
    # A user gazetteer written before a column was added gets it, empty.
    present = {row[1] for row in conn.execute("PRAGMA table_info(places)")}
    for column in PLACE_COLUMNS:
        if column not in present:
            conn.execute(f"ALTER TABLE places ADD COLUMN {column} DEFAULT ''")
    return conn


def write_places(conn: sqlite3.Connection, places: Iterable[tuple[Place, Iterable[str], bool]]) -> int:
    """Insert (place, names, matchable) rows; names are indexed under all their key variants."""
    count = 0
    marks = ", ".join("?" for _ in PLACE_COLUMNS)
    for place, names, matchable in places:
        conn.execute(f"INSERT OR REPLACE INTO places VALUES ({marks})",
                     tuple(getattr(place, c) for c in PLACE_COLUMNS))
        keys: set[str] = set()
        for name in names:
            keys |= key_variants(name)
        conn.executemany("INSERT OR REPLACE INTO names VALUES (?, ?, ?)",
                         [(k, place.id, int(matchable)) for k in keys])
        count += 1
    return count


def read_places(conn: sqlite3.Connection) -> Iterator[Place]:
    for row in conn.execute(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places"):
        yield Place(*row)


def read_names(conn: sqlite3.Connection) -> Iterator[tuple[str, str, bool]]:
    for key, place_id, matchable in conn.execute("SELECT key, place_id, matchable FROM names"):
        yield key, place_id, bool(matchable)


def set_meta(conn: sqlite3.Connection, **values: str) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(values.items()))


def get_meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT k, v FROM meta"))
