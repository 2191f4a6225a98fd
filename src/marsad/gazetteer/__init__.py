"""The marsad gazetteer: Arabic place names to places, offline.

Public API::

    from marsad.gazetteer import Gazetteer, Place, PlaceMention, resolve_places
    gaz = Gazetteer.default()            # embedded index (+ $MARSAD_GAZETTEER user file)
    gaz.lookup("البو كمال")              # -> [Place(...Albu Kamal...)]
    gaz.find_places(normalized_text)     # -> [PlaceMention, ...]
    resolve_places(normalized_text, mentions, default_country="SY")  # see marsad.geocode

The embedded index is compiled once from installed registry data (see ``build``) into
``$MARSAD_CACHE/gazetteer-<version>.sqlite`` (default ``~/.cache/marsad``) and loaded lazily
into memory; a user gazetteer from ``marsad gazetteer import`` joins it.
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from threading import Lock

from .. import __version__
from ..normalize import name_key
from . import lexicon
from .mentions import PlaceMention, build_automaton, find_places as _find_places
from .store import FEATURE_RANK, Place, connect, get_meta, key_variants, read_names, read_places

__all__ = ["Gazetteer", "Place", "PlaceMention", "resolve_places", "embedded_path", "user_path"]

BUILD_FORMAT = "1"  # bump when build.py changes what it writes


def _cache_dir() -> Path:
    return Path(os.environ.get("MARSAD_CACHE") or Path.home() / ".cache" / "marsad")


def embedded_path() -> Path:
    """Where the embedded index lives; the name changes with the version and the alias file."""
    digest = hashlib.sha1((lexicon.DATA / "place_aliases.yaml").read_bytes()).hexdigest()[:8]
    return _cache_dir() / f"gazetteer-{__version__}-{BUILD_FORMAT}-{digest}.sqlite"


def user_path(path: str | os.PathLike | None = None) -> Path | None:
    """The user gazetteer: the given path, else $MARSAD_GAZETTEER, else none."""
    chosen = path or os.environ.get("MARSAD_GAZETTEER")
    return Path(chosen) if chosen else None


def ensure_embedded() -> Path:
    """Build the embedded index if it is missing, with one line on stderr."""
    path = embedded_path()
    if not path.exists():
        from .build import build

        print("marsad: building the gazetteer index (once)...", file=sys.stderr, flush=True)
        build(path, __version__)
    return path


class Gazetteer:
    """Places by name key, with one automaton over the matchable keys (built on first use)."""

    _default: "Gazetteer | None" = None
    _lock = Lock()

    def __init__(self, places: dict[str, Place], names: dict[str, list[Place]],
                 matchable: dict[str, list[Place]], sources: list[Path]):
        self.places = places
        self._names = names
        # Key -> the places it may name in text (outside the focus region only larger places):
        # «ايران» in a text is Iran, not the small Texan town that GeoNames also spells so.
        self._matchable = matchable
        self.sources = sources
        self._automaton = None
        self._countries = {p.country_iso2: p for p in places.values() if p.feature == "country"}
        self._admin1 = {(p.country_iso2, p.name_en): p for p in places.values() if p.feature == "admin1"}
        self.load_seconds = 0.0

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, embedded: bool = True) -> "Gazetteer":
        """The embedded index joined with a user gazetteer (``path`` or $MARSAD_GAZETTEER)."""
        started = time.perf_counter()
        files = [ensure_embedded()] if embedded else []
        extra = user_path(path)
        if extra is not None:
            if not extra.exists():
                raise FileNotFoundError(f"{extra}: gazetteer file not found")
            files.append(extra)
        places: dict[str, Place] = {}
        links: list[tuple[str, str, bool]] = []
        for file in files:
            conn = connect(file)
            try:
                places.update((p.id, p) for p in read_places(conn))  # later files win
                links.extend(read_names(conn))
            finally:
                conn.close()
        names: dict[str, list[Place]] = defaultdict(list)
        matchable: dict[str, list[Place]] = defaultdict(list)
        seen: set[tuple[str, str]] = set()
        for key, place_id, can_match in links:
            if (key, place_id) in seen or place_id not in places:
                continue
            seen.add((key, place_id))
            names[key].append(places[place_id])
            if can_match:
                matchable[key].append(places[place_id])
        for group in (*names.values(), *matchable.values()):
            group.sort(key=lambda p: (FEATURE_RANK.get(p.feature, 9), -p.population))
        gaz = cls(places, dict(names), dict(matchable), files)
        gaz.load_seconds = time.perf_counter() - started
        return gaz

    @classmethod
    def default(cls) -> "Gazetteer":
        """The process-wide gazetteer (embedded + $MARSAD_GAZETTEER), loaded once."""
        with cls._lock:
            if cls._default is None:
                cls._default = cls.open()
            return cls._default

    def lookup(self, name: str) -> list[Place]:
        """Places whose name matches ``name`` (any spelling variant), finest and largest first."""
        out: list[Place] = []
        for key in sorted(key_variants(name) or {name_key(name)}):
            out.extend(p for p in self._names.get(key, ()) if p not in out)
        return out

    def _by_key(self, key: str) -> list[Place]:
        return self._matchable.get(key, [])

    @property
    def automaton(self):
        if self._automaton is None:
            self._automaton = build_automaton(sorted(self._matchable))
        return self._automaton

    def find_places(self, text: str) -> list[PlaceMention]:
        """Place mentions in a NORMALIZED text (``normalize(raw).text``)."""
        return _find_places(text, self.automaton, self._by_key)

    def country(self, iso2: str) -> Place | None:
        return self._countries.get(iso2.upper())

    def admin1_centre(self, country_iso2: str, admin1: str) -> Place | None:
        """The populated place at the centre of a first-level division (its capital), by English name."""
        division = self._admin1.get((country_iso2.upper(), admin1))
        if division is None:
            return None
        towns = [p for p in self._names.get(division.key, ()) if p.feature == "populated"
                 and p.country_iso2 == division.country_iso2 and p.admin1 == admin1]
        if towns:
            return towns[0]
        return next((p for p in self.places.values() if p.feature == "populated" and p.lat == division.lat
                     and p.lon == division.lon and p.country_iso2 == division.country_iso2), division)

    def info(self) -> dict[str, object]:
        counts: dict[str, int] = defaultdict(int)
        for place in self.places.values():
            counts[f"{place.source}:{place.feature}"] += 1
        meta = {}
        for file in self.sources:
            conn = connect(file)
            meta[str(file)] = get_meta(conn)
            conn.close()
        return {"files": meta, "places": len(self.places), "names": len(self._names),
                "matchable_names": len(self._matchable), "by_source_feature": dict(sorted(counts.items()))}


def resolve_places(*args, **kwargs):
    """See :func:`marsad.geocode.resolve_places` (imported lazily to avoid a cycle)."""
    from ..geocode import resolve_places as resolve

    return resolve(*args, **kwargs)
