"""The actor catalogue and its recognizer.

``data/actors.yaml`` lists armed groups, state forces and the generic actors (civilians,
protesters, unidentified gunmen, "the army") with the Arabic names news give them;
``data/countries.yaml`` gives the English country names ACLED writes. :func:`find_actors`
finds every name in normalized text with one Aho-Corasick automaton; :func:`resolve_actor`
turns a mention's key and the event's country into an ACLED actor («الجيش» in Syria is
"Military Forces of Syria (2000-)", «المدنيين» in Yemen "Civilians (Yemen)").
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator

import ahocorasick
import yaml

from .normalize import normalize_text

KINDS: dict[str, frozenset[int]] = {
    "state": frozenset({1}),
    "rebel": frozenset({2}),
    "militia": frozenset({3, 4}),
    "unidentified": frozenset({3}),
    "rioters": frozenset({5}),
    "protesters": frozenset({6}),
    "civilians": frozenset({7}),
    "external": frozenset({8}),
}
DATA_DIR = Path(__file__).resolve().parent / "data"

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_SPACES = re.compile(r"\s+")
_ARTICLE = "ال"
# What may stand before a form inside its word: و/ف, then ب/ك/ل, then the article. A form
# written with the article is stored without it and needs one («الجيش» -> جيش after ال or لل).
_NEEDS_ARTICLE = re.compile(r"^[وف]?(?:[بك]?ال|لل)$")
_MAY_TAKE_ARTICLE = re.compile(r"^[وف]?(?:[بك]?ال|لل|[بكل])?$")


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as ACLED codes it."""

    key: str
    name: str
    inter: int
    countries: tuple[str, ...]
    kind: str  # state|rebel|militia|civilians|protesters|rioters|external|unidentified
    pro_government: bool = False  # a non-state force fighting on the government's side
    governs: bool = False  # a non-state authority that runs an area: its detentions are arrests


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor name at ``start:end`` of the normalized text (article included, و/ب/ل/ف/ك not)."""

    start: int
    end: int
    text: str
    key: str
    weak: bool = False  # the name means this actor only in context (see actors.yaml: ar_weak)
    # The country whose forces a generic name is, said by the adjective after it («طائرات مسيرة
    # تركية», «جنود أمريكيون»): see :func:`with_nationality`.
    nationality: str | None = None


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166 alpha-2
    name: str  # as ACLED writes it
    iso: int  # ISO 3166 numeric
    regime: str = ""  # ACLED's dated suffix for the government's forces, e.g. "2000-"
    earlier: tuple[tuple[date, str], ...] = ()  # (until, suffix) of earlier governments, by date

    def suffix(self, on: date | None) -> str:
        """« (2000-)»: the suffix of the government in power on ``on`` (today's without a date)."""
        regime = self.regime
        if on is not None:
            regime = next((r for until, r in self.earlier if on < until), regime)
        return f" ({regime})" if regime else ""


@dataclass(frozen=True, slots=True)
class _Era:
    until: date
    name: str | None
    inter: int | None
    kind: str | None


@dataclass(frozen=True, slots=True)
class _Entry:
    """One catalogue actor."""

    actor: Actor
    home: str | None
    hint: str | None
    earlier: tuple[_Era, ...]


@dataclass(frozen=True, slots=True)
class _Generic:
    """A name whose actor depends on the event's country."""

    key: str
    by_country: dict[str, str]
    default: str | None
    name: str | None  # template with {country} and {regime}
    unknown_name: str | None
    inter: int | None
    kind: str | None
    pro_government: bool = False


@dataclass(frozen=True, slots=True)
class _Pattern:
    key: str  # "" for a blocker
    weak: bool
    article: str  # "needs" (form written with ال) or "may"


@dataclass
class Catalogue:
    """The loaded actor catalogue and its automaton."""

    countries: dict[str, Country]
    entries: dict[str, _Entry]
    generics: dict[str, _Generic]
    patterns: dict[str, _Pattern] = field(repr=False)
    nisbas: dict[str, str] = field(default_factory=dict)  # normalized nisba stem («حوثي») -> actor key
    _automaton: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._automaton = ahocorasick.Automaton()
        for form, pattern in self.patterns.items():
            self._automaton.add_word(form, (form, pattern))
        self._automaton.make_automaton()

    def candidates(self, text: str) -> Iterator[ActorMention]:
        """Every occurrence of a form on word boundaries, overlapping ones and blockers included."""
        if not self.patterns:
            return
        n = len(text)
        for last, (form, pattern) in self._automaton.iter(text):
            end = last + 1
            if end < n and text[end].isalnum():
                continue
            stem = end - len(form)
            word_start = stem
            while word_start > 0 and text[word_start - 1].isalnum():
                word_start -= 1
            prefix = text[word_start:stem]
            rule = _NEEDS_ARTICLE if pattern.article == "needs" else _MAY_TAKE_ARTICLE
            if not rule.match(prefix):
                continue
            # The span keeps the article (and the ل of لل) but not و ف ب ك ل before it.
            art = prefix.rfind(_ARTICLE) if prefix.endswith(_ARTICLE) else -1
            if art < 0 and prefix.endswith("لل"):
                art = len(prefix) - 2
            start = word_start + art if art >= 0 else stem
            yield ActorMention(start, end, text[start:end], pattern.key, pattern.weak)

    def find(self, text: str) -> list[ActorMention]:
        """Non-overlapping mentions, longest first, in text order; blockers removed."""
        chosen: list[ActorMention] = []
        taken: list[tuple[int, int]] = []
        ranked = sorted(self.candidates(text), key=lambda m: (-(m.end - m.start), m.start))
        for m in ranked:
            if any(m.start < b and a < m.end for a, b in taken):
                continue
            taken.append((m.start, m.end))
            if m.key:
                chosen.append(m)
        return sorted(chosen, key=lambda m: m.start)

    def resolve(self, key: str, country: str | None, on: date | None = None) -> Actor:
        if key in self.entries:
            return self._resolve_entry(self.entries[key], country, on)
        g = self.generics.get(key)
        if g is None:
            raise KeyError(f"unknown actor key {key!r}")
        if country in g.by_country:
            return self.resolve(g.by_country[country], country, on)
        known = self.countries.get(country) if country else None
        if g.name is None:
            return self.resolve(g.default, country, on)
        if known is None:
            return Actor(g.key, g.unknown_name, g.inter, (), g.kind, g.pro_government)
        name = g.name.format(country=known.name, regime=known.suffix(on))
        return Actor(g.key, name, g.inter, (known.code,), g.kind, g.pro_government)

    def _resolve_entry(self, e: _Entry, country: str | None, on: date | None) -> Actor:
        actor = e.actor
        if on is not None:
            for era in e.earlier:  # sorted by date: the first era not yet over applies
                if on < era.until:
                    actor = Actor(
                        actor.key, era.name or actor.name, era.inter or actor.inter,
                        actor.countries, era.kind or actor.kind, actor.pro_government, actor.governs,
                    )
                    break
        if e.home is not None and country == e.home:
            actor = Actor(actor.key, actor.name, 1, actor.countries, "state", actor.pro_government, actor.governs)
        return actor

    def resolve_national(self, key: str, nationality: str, country: str | None, on: date | None = None) -> Actor:
        """A generic force name with the country it belongs to (``nationality``) in an event in
        ``country``: that country's catalogue forces when there are («طائرات مسيرة تركية» ->
        Military Forces of Turkey, external outside Turkey), else the generic name for it."""
        g = self.generics.get(key)
        prefix = NATIONAL_FORCES.get(key)
        if g is None or prefix is None:
            return self.resolve(key, country, on)
        homes = [e for e in self.entries.values() if e.home == nationality and e.actor.name.startswith(prefix)]
        if homes:
            return self._resolve_entry(min(homes, key=lambda e: len(e.actor.name)), country, on)
        known = self.countries.get(nationality)
        if known is None or g.name is None or g.inter is None:
            return self.resolve(key, country, on)
        name = g.name.format(country=known.name, regime=known.suffix(on))
        if nationality == country:
            return Actor(g.key, name, g.inter, (known.code,), g.kind or "state", g.pro_government)
        return Actor(g.key, name, 8, (known.code,), "external")

    def hint(self, key: str) -> str | None:
        entry = self.entries.get(key)
        return entry.hint if entry else None


def _forms(raw: Any, where: str) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(f, str) and f.strip() for f in raw):
        raise ValueError(f"{where}: Arabic forms must be a list of non-empty strings")
    return [_SPACES.sub(" ", normalize_text(f)).strip() for f in raw]


def _country(code: Any, countries: dict[str, Country], where: str) -> str:
    if not isinstance(code, str) or code not in countries:
        raise ValueError(f"{where}: unknown country {code!r} (add it to countries.yaml)")
    return code


def _check_fields(item: dict, allowed: set[str], required: set[str], where: str) -> None:
    unknown = set(item) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
    missing = required - set(item)
    if missing:
        raise ValueError(f"{where}: missing fields {sorted(missing)}")


def _check_type(inter: Any, kind: Any, where: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    if inter not in KINDS[kind]:
        raise ValueError(f"{where}: inter {inter!r} does not go with kind {kind!r}")


def _load_countries(data: Any) -> dict[str, Country]:
    if not isinstance(data, dict):
        raise ValueError("countries.yaml: expected a mapping of ISO2 codes")
    out = {}
    for code, item in data.items():
        where = f"countries.yaml {code}"
        if not isinstance(code, str) or not _ISO2.match(code) or not isinstance(item, dict):
            raise ValueError(f"{where}: expected 'XX: {{name, iso, regime?}}'")
        _check_fields(item, {"name", "iso", "regime", "earlier"}, {"name", "iso"}, where)
        if not isinstance(item["iso"], int):
            raise ValueError(f"{where}: iso must be the numeric ISO code")
        earlier = []
        for era in item.get("earlier") or []:
            if not (isinstance(era, dict) and isinstance(era.get("until"), date) and isinstance(era.get("regime"), str)):
                raise ValueError(f"{where}: earlier entries need 'until: YYYY-MM-DD' and 'regime'")
            earlier.append((era["until"], era["regime"]))
        out[code] = Country(code, str(item["name"]), item["iso"], str(item.get("regime") or ""),
                            tuple(sorted(earlier)))
    return out


_ENTRY_FIELDS = {"key", "name", "inter", "kind", "countries", "hint", "home", "pro_government", "governs",
                 "earlier", "ar", "ar_weak", "nisba"}
_GENERIC_FIELDS = {"key", "name", "unknown_name", "inter", "kind", "by_country", "default",
                   "pro_government", "ar", "ar_weak"}


def _load_entry(item: dict, countries: dict[str, Country], where: str) -> _Entry:
    _check_fields(item, _ENTRY_FIELDS, {"key", "name", "inter", "kind", "countries", "ar"}, where)
    _check_type(item["inter"], item["kind"], where)
    scope = item["countries"]
    if not isinstance(scope, list) or not scope:
        raise ValueError(f"{where}: countries must be a non-empty list")
    scope = tuple(_country(c, countries, where) for c in scope)
    home = _country(item["home"], countries, where) if "home" in item else None
    if home and item["kind"] != "external":
        raise ValueError(f"{where}: only external forces have a home country")
    if "hint" in item:
        hint = _country(item["hint"], countries, where)
    else:
        hint = scope[0] if len(scope) == 1 else None
    eras = []
    for era in item.get("earlier") or []:
        if not isinstance(era, dict) or not isinstance(era.get("until"), date):
            raise ValueError(f"{where}: earlier entries need 'until: YYYY-MM-DD'")
        _check_fields(era, {"until", "name", "inter", "kind"}, {"until"}, where)
        _check_type(era.get("inter", item["inter"]), era.get("kind", item["kind"]), where)
        eras.append(_Era(era["until"], era.get("name"), era.get("inter"), era.get("kind")))
    actor = Actor(item["key"], str(item["name"]), item["inter"], scope, item["kind"],
                  bool(item.get("pro_government", False)), bool(item.get("governs", False)))
    return _Entry(actor, home, hint, tuple(sorted(eras, key=lambda e: e.until)))


def _load_generic(item: dict, countries: dict[str, Country], where: str) -> _Generic:
    _check_fields(item, _GENERIC_FIELDS, {"key", "ar"}, where)
    template = {"name", "unknown_name", "inter", "kind"}
    if "default" in item:
        if template & set(item):
            raise ValueError(f"{where}: give either a default actor or a name template, not both")
    else:
        _check_fields(item, _GENERIC_FIELDS, template | {"key", "ar"}, where)
        _check_type(item["inter"], item["kind"], where)
        try:
            item["name"].format(country="X", regime="")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"{where}: bad name template {item['name']!r}") from exc
    by_country = item.get("by_country") or {}
    if not isinstance(by_country, dict):
        raise ValueError(f"{where}: by_country must map ISO2 codes to actor keys")
    for code in by_country:
        _country(code, countries, where)
    return _Generic(
        item["key"], dict(by_country), item.get("default"), item.get("name"),
        item.get("unknown_name"), item.get("inter"), item.get("kind"),
        bool(item.get("pro_government", False)),
    )


def _add_form(patterns: dict[str, _Pattern], form: str, key: str, weak: bool, where: str) -> None:
    """Register a normalized form; a form written with the article is stored without it."""
    if form.startswith(_ARTICLE) and len(form.split(" ", 1)[0]) > 3:
        stored, article = form[len(_ARTICLE):], "needs"
    else:
        stored, article = form, "may"
    old = patterns.get(stored)
    if old is not None:
        if old.key != key or old.weak != weak or old.article == article:
            raise ValueError(f"{where}: form {form!r} is already listed (for {old.key or 'blockers'!r})")
        article = "may"  # listed with and without the article: both spellings match
    patterns[stored] = _Pattern(key, weak, article)


def load_catalogue(actors_path: Path | None = None, countries_path: Path | None = None) -> Catalogue:
    """Load and check the catalogue; malformed entries raise ValueError naming the entry."""
    actors_path = actors_path or DATA_DIR / "actors.yaml"
    countries_path = countries_path or DATA_DIR / "countries.yaml"
    countries = _load_countries(yaml.safe_load(countries_path.read_text(encoding="utf-8")))
    data = yaml.safe_load(actors_path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) - {"actors", "generic", "blockers"}:
        raise ValueError(f"{actors_path.name}: expected the sections actors, generic, blockers")
    entries: dict[str, _Entry] = {}
    generics: dict[str, _Generic] = {}
    patterns: dict[str, _Pattern] = {}
    nisbas: dict[str, str] = {}
    sections = (("actors", _load_entry, entries), ("generic", _load_generic, generics))
    for section, load, into in sections:
        for i, item in enumerate(data.get(section) or []):
            where = f"{actors_path.name} {section}[{i}]"
            if not isinstance(item, dict):
                raise ValueError(f"{where}: expected a mapping")
            key = item.get("key")
            where = f"{actors_path.name} {section} {key!r}"
            if not isinstance(key, str) or not _KEY.match(key):
                raise ValueError(f"{where}: key must be lower_snake_case")
            if key in entries or key in generics:
                raise ValueError(f"{where}: duplicate key")
            into[key] = load(item, countries, where)
            ar, weak = _forms(item.get("ar"), where), _forms(item.get("ar_weak"), where)
            if not ar and not weak:
                raise ValueError(f"{where}: no Arabic forms")
            if len(set(ar + weak)) != len(ar) + len(weak):
                raise ValueError(f"{where}: a form is listed twice")
            for form in ar:
                _add_form(patterns, form, key, False, where)
            for form in weak:
                _add_form(patterns, form, key, True, where)
            for stem in _forms(item.get("nisba"), where):
                nisbas[normalize_text(stem)] = key
    for form in _forms(data.get("blockers"), f"{actors_path.name} blockers"):
        _add_form(patterns, form, "", False, f"{actors_path.name} blockers")
    for g in generics.values():
        targets = list(g.by_country.values()) + ([g.default] if g.default else [])
        for target in targets:
            if target not in entries:
                raise ValueError(f"{actors_path.name} generic {g.key!r}: unknown actor {target!r}")
    return Catalogue(countries, entries, generics, patterns, nisbas)


@functools.cache
def catalogue() -> Catalogue:
    """The packaged catalogue (loaded once)."""
    return load_catalogue()


def find_actors(text: str) -> list[ActorMention]:
    """Actor names in NORMALIZED text: longest match, proclitics allowed, in text order."""
    return catalogue().find(text)


@functools.lru_cache(maxsize=4096)
def resolve_actor(key: str, country: str | None = None, on: date | None = None) -> Actor:
    """The ACLED actor a mention key means in a country (ISO2) and, optionally, on a date.

    Generic keys take the country («civilians» -> "Civilians (Syria)"); external forces are
    state forces (inter 1) in their own country; ``on`` applies earlier codings (the PMF
    before the 2016 PMF law). Raises KeyError for an unknown key.
    """
    return catalogue().resolve(key, country, on)


# Generic names of a state's forces that a country's adjective can follow, with how the
# catalogue names that country's forces of the kind.
NATIONAL_FORCES = {"air_force": "Military Forces of", "army": "Military Forces of", "police": "Police Forces of",
                   "national_force": "Military Forces of"}
# Generic names that name a force only with a country adjective after them («قوة إسرائيلية»).
ONLY_WITH_NATIONALITY = frozenset({"national_force"})


@functools.cache
def group_adjectives() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """The nisbas of armed groups (actors.yaml ``nisba``: «حوثي») in every number and gender,
    after a space («قصف حوثي», «مسيرة حوثية», «مسلحين حوثيين»), and their stems -> actor key."""
    stems = catalogue().nisbas
    if not stems:
        return None, {}
    alternatives = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
    return re.compile(rf"[ \t]+(?:ال)?({alternatives})(?:ين|ون|ان|تين|تان|ه)?(?!\w)"), dict(stems)


@functools.cache
def nationality_adjectives() -> tuple[re.Pattern[str], dict[str, str]]:
    """The adjectives of place_demonyms.yaml in every number and gender, after a space
    («تركية», «التركي», «أمريكيون», «إسرائيليين»), and their stems -> ISO2."""
    from .gazetteer.lexicon import demonyms

    stems: dict[str, str] = {}
    for iso2, (_, adjectives) in demonyms().items():
        for adjective in adjectives:  # «التركيه»: the feminine with the article
            stem = adjective[2:] if adjective.startswith("ال") else adjective
            if stem.endswith("يه") and len(stem) > 4:
                stems.setdefault(stem[:-2], iso2)
    alternatives = "|".join(sorted(map(re.escape, stems), key=len, reverse=True))
    pattern = re.compile(rf"[ \t]+(?:ال)?({alternatives})(?:يون|يين|يان|يتين|يتان|يه|ي)(?!\w)")
    return pattern, stems


def with_nationality(mention: ActorMention, text: str) -> ActorMention:
    """The mention of a generic force name with the country adjective right after it taken in
    («طائرات مسيرة تركية»: Turkey's), or the mention as it is."""
    if mention.key not in NATIONAL_FORCES or mention.nationality:
        return mention
    pattern, stems = nationality_adjectives()
    m = pattern.match(text, mention.end)
    if m is None:
        return mention
    return ActorMention(mention.start, m.end(), text[mention.start:m.end()], mention.key, mention.weak,
                        stems[m.group(1)])


def resolve_mention(mention: ActorMention | None, key: str, country: str | None, on: date | None = None) -> Actor:
    """The actor of a recognized mention (its ``key`` label) in an event in ``country``."""
    nationality = getattr(mention, "nationality", None)
    if nationality:
        return catalogue().resolve_national(key, nationality, country, on)
    return resolve_actor(key, country, on)


def country_hint(text: str) -> str | None:
    """The country the actors named in normalized text point to (قوات الأسد -> SY), if any."""
    return _country_vote((m.key, m.weak) for m in catalogue().find(text))


def country_of_mentions(mentions) -> str | None:
    """The country the actor mentions (recognized spans with an actor key as ``label``) point to;
    a country's police («الشرطة الأردنية») work at home, so they point to it too."""
    mentions = list(mentions)
    home = [m.data.nationality for m in mentions if m.label == "police" and getattr(m.data, "nationality", None)]
    return _country_vote(((m.label, getattr(m.data, "weak", False)) for m in mentions), home)


def _country_vote(keys, extra: Iterable[str] = ()) -> str | None:
    """The country most (key, weak) actor mentions hint at, with ``extra`` votes; weak forms do not vote."""
    cat = catalogue()
    votes = Counter(h for key, weak in keys if not weak and (h := cat.hint(key)))
    votes.update(extra)
    return votes.most_common(1)[0][0] if votes else None


def country_iso(code: str | None) -> int | None:
    """The ISO 3166 numeric code of an ISO2 code in the catalogue's region."""
    c = catalogue().countries.get(code) if code else None
    return c.iso if c else None


def country_name(code: str | None) -> str | None:
    """The English name ACLED writes for an ISO2 code in the catalogue's region."""
    c = catalogue().countries.get(code) if code else None
    return c.name if c else None
