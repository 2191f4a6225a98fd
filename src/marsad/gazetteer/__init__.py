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

import gc
import hashlib
import marshal
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from threading import Lock

from .. import __version__
from ..normalize import name_key, normalize_text
from . import lexicon
from .mentions import KeyFacts, NameMatcher, PlaceMention, build_matcher, find_places as _find_places
from .store import FEATURE_RANK, PLACE_COLUMNS, Place, connect, get_meta, key_variants, read_names, read_places

__all__ = ["Gazetteer", "Place", "PlaceMention", "resolve_places", "embedded_path", "user_path",
           "user_aliases_path"]

BUILD_FORMAT = "5"  # bump when build.py changes what it writes


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
        _write_snapshot(path)
    return path


class Gazetteer:
    """Places by name key, with a matcher of the matchable keys (built on first use)."""

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
        self._matcher: NameMatcher | None = None
        self._key_facts: dict[str, KeyFacts | None] = {}  # the context-free facts of each key met
        self._countries = {p.country_iso2: p for p in places.values() if p.feature == "country"}
        self._admin1 = {(p.country_iso2, p.name_en): p for p in places.values() if p.feature == "admin1"}
        self.load_seconds = 0.0
        self._at_point: dict[tuple[str, float | None, float | None], Place] | None = None
        self._centres: dict[tuple[str, str], Place | None] = {}

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, embedded: bool = True,
             aliases: str | os.PathLike | None = None) -> "Gazetteer":
        """The embedded index joined with a user gazetteer (``path`` or $MARSAD_GAZETTEER) and
        the user's alias file (``aliases``, else $MARSAD_PLACES, else ~/.config/marsad/places.yaml)."""
        started = time.perf_counter()
        places: dict[str, Place] = {}
        names: dict[str, list[Place]] = {}
        matchable: dict[str, list[Place]] = {}
        files: list[Path] = []
        if embedded:
            files.append(ensure_embedded())
            places, names, matchable = _load_snapshot(files[0])
        extra = user_path(path)
        if extra is not None:
            if not extra.exists():
                raise FileNotFoundError(f"{extra}: gazetteer file not found")
            files.append(extra)
            _join(extra, places, names, matchable)
        alias_file = user_aliases_path(aliases)
        if alias_file is not None:
            _apply_aliases(lexicon.user_aliases(alias_file), places, names, matchable)
            files.append(alias_file)
        gaz = cls(places, names, matchable, files)
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
    def matcher(self) -> NameMatcher:
        if self._matcher is None:
            self._matcher = build_matcher(list(self._matchable))
        return self._matcher

    def find_places(self, text: str) -> list[PlaceMention]:
        """Place mentions in a NORMALIZED text (``normalize(raw).text``)."""
        return _find_places(text, self.matcher, self._by_key, self._key_facts)

    def country(self, iso2: str) -> Place | None:
        return self._countries.get(iso2.upper())

    def admin1_centre(self, country_iso2: str, admin1: str) -> Place | None:
        """The populated place at the centre of a first-level division (its capital), by English name."""
        wanted = (country_iso2, admin1)
        if wanted not in self._centres:  # the same few divisions come back article after article
            self._centres[wanted] = self._find_admin1_centre(country_iso2, admin1)
        return self._centres[wanted]

    def _find_admin1_centre(self, country_iso2: str, admin1: str) -> Place | None:
        division = self._admin1.get((country_iso2.upper(), admin1))
        if division is None:
            return None
        towns = [p for p in self._names.get(division.key, ()) if p.feature == "populated"
                 and p.country_iso2 == division.country_iso2 and p.admin1 == admin1]
        if towns:
            return towns[0]
        if self._at_point is None:  # built on first use: most runs never need it
            self._at_point = {}
            for p in self.places.values():
                if p.feature == "populated":
                    self._at_point.setdefault((p.country_iso2, p.lat, p.lon), p)
        return self._at_point.get((division.country_iso2, division.lat, division.lon), division)

    def info(self) -> dict[str, object]:
        counts: dict[str, int] = defaultdict(int)
        for place in self.places.values():
            counts[f"{place.source}:{place.feature}"] += 1
        meta = {}
        for file in self.sources:
            if file.suffix in (".yaml", ".yml"):
                meta[str(file)] = {"kind": "user aliases"}
                continue
            conn = connect(file)
            meta[str(file)] = get_meta(conn)
            conn.close()
        return {"files": meta, "places": len(self.places), "names": len(self._names),
                "matchable_names": len(self._matchable), "by_source_feature": dict(sorted(counts.items()))}


def _rank(place: Place) -> tuple[int, int]:
    """Candidates of a name: finest feature first, then the most populous."""
    return FEATURE_RANK.get(place.feature, 9), -place.population


def _snapshot_path(db: Path) -> Path:
    return db.with_suffix(".marshal")


def _write_snapshot(db: Path) -> None:
    """The embedded index as one marshal blob (plain tuples and lists): it loads several times
    faster than reading the SQLite rows into objects, which keeps the load under a second."""
    conn = connect(db)
    try:
        rows = [tuple(getattr(p, c) for c in PLACE_COLUMNS) for p in read_places(conn)]
        links = list(read_names(conn))
    finally:
        conn.close()
    index = {row[0]: i for i, row in enumerate(rows)}
    rank = [_rank(Place(*row)) for row in rows]
    groups: dict[str, tuple[list[int], list[int]]] = {}
    for key, place_id, can_match in links:
        if place_id in index:
            every, match = groups.setdefault(key, ([], []))
            every.append(index[place_id])
            if can_match:
                match.append(index[place_id])
    out = [(key, sorted(set(every), key=rank.__getitem__), sorted(set(match), key=rank.__getitem__))
           for key, (every, match) in groups.items()]
    tmp = _snapshot_path(db).with_suffix(".marshal-tmp")
    tmp.write_bytes(marshal.dumps((BUILD_FORMAT, rows, out)))
    tmp.replace(_snapshot_path(db))


def _load_snapshot(db: Path) -> tuple[dict[str, Place], dict[str, list[Place]], dict[str, list[Place]]]:
    snapshot = _snapshot_path(db)
    if not snapshot.exists():
        _write_snapshot(db)
    # The cyclic garbage collector would walk the ~10^5 new objects several times while they are
    # created; none of them can form a cycle, so it is paused for the load.
    enabled = gc.isenabled()
    gc.disable()
    try:
        fmt, rows, groups = marshal.loads(snapshot.read_bytes())
        if fmt != BUILD_FORMAT:
            _write_snapshot(db)
            fmt, rows, groups = marshal.loads(snapshot.read_bytes())
        objects = [Place(*row) for row in rows]
        names = {key: [objects[i] for i in every] for key, every, _ in groups}
        matchable = {key: [objects[i] for i in match] for key, _, match in groups if match}
        return {p.id: p for p in objects}, names, matchable
    finally:
        if enabled:
            gc.enable()


def _join(file: Path, places: dict[str, Place], names: dict[str, list[Place]],
          matchable: dict[str, list[Place]]) -> None:
    """Add a user gazetteer: its rows replace places with the same id, its names join."""
    conn = connect(file)
    try:
        new = {p.id: p for p in read_places(conn)}
        links = list(read_names(conn))
    finally:
        conn.close()
    replaced = {pid for pid in new if pid in places}
    places.update(new)
    if replaced:
        for groups in (names, matchable):
            for group in groups.values():
                for i, p in enumerate(group):
                    if p.id in replaced:
                        group[i] = places[p.id]
    touched: set[str] = set()
    for key, place_id, can_match in links:
        place = places.get(place_id)
        if place is None:
            continue
        for groups, wanted in ((names, True), (matchable, can_match)):
            group = groups.setdefault(key, []) if wanted else None
            if group is not None and all(p.id != place_id for p in group):
                group.append(place)
                touched.add(key)
    for key in touched:
        names[key].sort(key=_rank)
        if key in matchable:
            matchable[key].sort(key=_rank)


def user_aliases_path(path: str | os.PathLike | None = None) -> Path | None:
    """The analyst's alias file: the given path, else $MARSAD_PLACES, else
    ``$XDG_CONFIG_HOME/marsad/places.yaml`` (``~/.config``) when it exists."""
    chosen = path or os.environ.get("MARSAD_PLACES")
    if chosen:
        if not Path(chosen).is_file():
            raise FileNotFoundError(f"{chosen}: place alias file not found")
        return Path(chosen)
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "marsad" / "places.yaml"
    return config if config.is_file() else None


def _apply_aliases(entries: list[lexicon.UserAlias], places: dict[str, Place], names: dict[str, list[Place]],
                   matchable: dict[str, list[Place]]) -> None:
    """An analyst's corrections: each name in the file names only the place it gives there (the
    other places that share the name stop being candidates for it); a place with coordinates and
    no id is added."""
    from dataclasses import replace

    for n, entry in enumerate(entries):
        if entry.place_id is not None:
            place = places.get(entry.place_id)
            if place is None:
                raise lexicon.LexiconError(f"{entry.source}: no place {entry.place_id!r} in the gazetteer")
            if entry.en:
                place = replace(place, name_en=entry.en)
        else:
            country = places.get(f"country:{entry.country}")
            if country is None:
                raise lexicon.LexiconError(f"{entry.source}: unknown country {entry.country!r}")
            place = Place(id=f"user:{n}:{name_key(entry.names[0])}", name_ar=normalize_text(entry.names[0]),
                          name_en=entry.en or "", key=name_key(entry.names[0]), lat=entry.lat, lon=entry.lon,
                          country_iso2=entry.country, iso_num=country.iso_num, country_name=country.country_name,
                          admin1=entry.admin1, admin2=entry.admin2, feature="populated", population=0,
                          pcode=entry.pcode, source=f"aliases:{Path(entry.source).name}")
        places[place.id] = place
        for name in entry.names:
            for key in key_variants(name):
                names[key] = [place]
                matchable[key] = [place]


def resolve_places(*args, **kwargs):
    """See :func:`marsad.geocode.resolve_places` (imported lazily to avoid a cycle)."""
    from ..geocode import resolve_places as resolve

    return resolve(*args, **kwargs)
