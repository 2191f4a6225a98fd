"""Loaders for the place data files an analyst edits (src/marsad/data/place_*.yaml).

Every entry is normalized with the same function as the article text; a malformed entry or a
duplicate raises :class:`LexiconError` naming the file and the entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..normalize import name_key, normalize_text

DATA = Path(__file__).resolve().parent.parent / "data"
CUE_KINDS = ("settlement", "region", "part")


class LexiconError(ValueError):
    """A place data file has a malformed or duplicate entry."""


def _load(name: str) -> dict:
    path = DATA / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data


def _words(path: str, section: str, values: object) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LexiconError(f"{path}: section {section!r} must be a list of non-empty strings")
    return values


@lru_cache(maxsize=1)
def cues() -> dict[str, str]:
    """Normalized cue word -> kind ("settlement", "region" or "part")."""
    data = _load("place_cues.yaml")
    out: dict[str, str] = {}
    for kind in CUE_KINDS:
        for word in _words("place_cues.yaml", kind, data.get(kind)):
            norm = normalize_text(word.strip())
            if norm in out:
                raise LexiconError(f"place_cues.yaml: duplicate cue {word!r}")
            out[norm] = kind
    unknown = set(data) - set(CUE_KINDS)
    if unknown:
        raise LexiconError(f"place_cues.yaml: unknown sections {sorted(unknown)}")
    return out


@dataclass(frozen=True)
class Stopwords:
    cue_only: frozenset[str]  # name keys
    cue_or_preposition: frozenset[str]  # name keys
    person_markers: frozenset[str]  # normalized words
    not_names: frozenset[str]  # normalized words
    given_names: frozenset[str]  # name keys


@lru_cache(maxsize=1)
def stopwords() -> Stopwords:
    data = _load("place_stopwords.yaml")
    sections: dict[str, set[str]] = {}
    for section, keyer in (("cue_only", name_key), ("cue_or_preposition", name_key),
                           ("person_markers", normalize_text), ("not_names", normalize_text),
                           ("given_names", name_key)):
        seen: set[str] = set()
        for word in _words("place_stopwords.yaml", section, data.get(section)):
            key = keyer(word.strip())
            if key in seen:
                raise LexiconError(f"place_stopwords.yaml: duplicate {word!r} in {section}")
            seen.add(key)
        sections[section] = seen
    both = (sections["cue_only"] & sections["cue_or_preposition"]) | (sections["given_names"] & sections["cue_only"])
    if both:
        raise LexiconError(f"place_stopwords.yaml: in two lists: {sorted(both)}")
    unknown = set(data) - set(sections)
    if unknown:
        raise LexiconError(f"place_stopwords.yaml: unknown sections {sorted(unknown)}")
    return Stopwords(*(frozenset(sections[s]) for s in ("cue_only", "cue_or_preposition",
                                                        "person_markers", "not_names", "given_names")))


@dataclass(frozen=True)
class Aliases:
    countries: dict[str, tuple[str, ...]]  # ISO alpha-2 -> Arabic names
    admin1_en: dict[str, str]  # GeoNames admin1 code ("SY.06") -> English name
    places: dict[int, tuple[str | None, tuple[str, ...]]]  # geonameid -> (English, Arabic names)


@lru_cache(maxsize=1)
def aliases() -> Aliases:
    data = _load("place_aliases.yaml")
    countries: dict[str, tuple[str, ...]] = {}
    for iso2, names in (data.get("countries") or {}).items():
        if not (isinstance(iso2, str) and len(iso2) == 2 and iso2.isupper()):
            raise LexiconError(f"place_aliases.yaml: bad country code {iso2!r}")
        countries[iso2] = tuple(_words("place_aliases.yaml", f"countries.{iso2}", names))
    admin1_en = data.get("admin1_en") or {}
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in admin1_en.items()):
        raise LexiconError("place_aliases.yaml: admin1_en must map codes to English names")
    places: dict[int, tuple[str | None, tuple[str, ...]]] = {}
    for entry in data.get("places") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("geonameid"), int):
            raise LexiconError(f"place_aliases.yaml: place entry without a geonameid: {entry!r}")
        gid = entry["geonameid"]
        if gid in places:
            raise LexiconError(f"place_aliases.yaml: duplicate geonameid {gid}")
        names = _words("place_aliases.yaml", f"places.{gid}", entry.get("names"))
        places[gid] = (entry.get("en"), tuple(names))
    return Aliases(countries, dict(admin1_en), places)
