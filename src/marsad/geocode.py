"""Resolve place mentions to gazetteer places with the article as context.

Evidence, strongest first: an explicit relation after the mention («صيدا، شرقي درعا»: near the
resolved Daraa), the governorates and countries the article names (the dateline counts more),
places near the other resolved mentions, and population last. A candidate in another country than
the article's is never chosen unless that country is named near the mention. A name the gazetteer
does not know (or knows only abroad) still gives a place when a town is named with it: «حاجز
المساكن شرقي درعا» -> Daraa, geo_precision 2, location_ar «المساكن»; with nothing related, an
unknown name after a cue («قرية الزيادية») falls back on the centre of the article's main
governorate (precision 3). Country adjectives («القوات السورية») only vote for the article's
country, and a foreign country named as a party («اتهمت الولايات المتحدة») is not a place.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from .gazetteer import Gazetteer, Place, PlaceMention, lexicon
from .gazetteer.build import FOCUS
from .gazetteer.mentions import cue_of
from .gazetteer.store import distance_km
from .normalize import name_key, normalize_text
from .translit import transliterate

DATELINE = 60  # characters at the start of an article that name where it was filed
COUNTRY_WINDOW = 80  # characters around a mention in which a named country licenses it
NEAR_KM = 60.0
MAJOR_CITY = 100_000
FOREIGN_CITY = 1_000_000
CAPITAL_SIZE = 1_000_000

_DIRECTIONS = {"شرق": "east", "غرب": "west", "شمال": "north", "جنوب": "south"}
_DIR = r"(?:ال)?(شرق|غرب|شمال|جنوب)(?:ي|ا)?(?:\s+(?:ال)?(شرق|غرب)(?:ي|ا)?)?"
# After a mention: «، شرقي درعا», «جنوب غربي بغداد», «في ريف ادلب», «قرب حلب»; the target follows.
_RELATION_AFTER = re.compile(
    r"\s*(?:(?:ال)?(?:شرق|غرب|شمال|جنوب)(?:ي|يه)\s+)?[،,]?\s*(?:(?:في|الى|من)\s+)?(?:(?P<dir>" + _DIR + r")|(?P<near>قرب|بالقرب من|في محيط|على اطراف|"
    r"اطراف|محيط|ضواحي|بريف|ريف|في|ب|داخل|وسط))\s*(?:(?:مدينه|بلده|قريه|محافظه|ريف|منطقه|ناحيه|مديريه|قضاء|سهل|جبل|وادي)\s+)?$"
)
_COORDINATION = re.compile(r"\s*(?:[،,]\s*)?و?")
_DIR_BEFORE = re.compile(_DIR + r"\s+$")


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """A mention placed: ``place`` gives the coordinates (None only when nothing at all is known
    about where an unknown name lies); ``location_ar`` is the name as written."""

    mention: PlaceMention
    place: Place | None
    geo_precision: int
    location_ar: str
    location: str
    relation: str | None
    parent: Place | None
    # Why it was placed so: the text, or a function that writes it on demand (only
    # ``marsad gazetteer lookup`` reads it, so extraction does not pay for it).
    reason: str | Callable[[], str] = field(default="", compare=False, repr=False)
    # Every candidate that was weighed, with its score, best first (empty when none was scored).
    scores: tuple[tuple[Place, float], ...] = ()

    @property
    def why(self) -> str:
        """Why the mention was placed so: country votes, evidence over the runner-up, relation."""
        return self.reason() if callable(self.reason) else self.reason

    @property
    def kind(self) -> str:
        """The mention's kind: "name" or "unknown_after_cue" (adjectives are never resolved)."""
        return self.mention.kind


def _direction(phrase: str) -> str:
    """«جنوب غربي» -> «southwest»."""
    return "".join(_DIRECTIONS[d] for d in re.findall("شرق|غرب|شمال|جنوب", phrase)[:2])


def _context(text: str, mentions: list[PlaceMention], default_country: str | None):
    """Votes for the article's countries and (country, admin1) pairs."""
    countries: Counter[str] = Counter()
    admin1s: Counter[tuple[str, str]] = Counter()
    if default_country:
        countries[default_country.upper()] += 0.5
    borders = _border_spans(text)
    for m in mentions:
        if any(a <= m.start < b for a, b in borders):
            continue  # «على الحدود مع لبنان»: the neighbour, not where the article is
        weight = 3 if m.start < DATELINE else 1
        named = {p.country_iso2 for p in m.candidates if p.feature == "country"}
        city = _dateline_city(text, m)
        if city is not None:
            named = {city.country_iso2}  # «عمان -» at the top of an article is Amman, not Oman
        in_one = {p.country_iso2 for p in m.candidates}
        for cc in named:
            # A nisba («الطائرات السعودية») names a party's nationality, and a country named
            # without a locative word is mostly a party too («قصفت الولايات المتحدة»).
            located = m.locative or m.cue is not None or _dateline(text, m)
            countries[cc] += weight * (0.5 if m.kind == "adjective" else 2 if located else 0.7)
        if not named and len(in_one) == 1:
            cc = next(iter(in_one))
            # A town abroad is often a word taken for a name: it counts less than a region's town.
            countries[cc] += weight * (1 if cc in FOCUS else 0.3)
        if m.kind == "adjective":
            continue  # «القوات السورية» says which country, not which governorate
        for p in m.candidates:
            if p.feature in ("admin1", "admin2") or len(m.candidates) == 1:
                admin1s[(p.country_iso2, p.admin1)] += weight
    return countries, admin1s


def resolve_places(text: str, mentions: list[PlaceMention], default_country: str | None = None,
                   gazetteer: Gazetteer | None = None) -> list[ResolvedPlace]:
    """Place each mention of a normalized text, in text order.

    Adjective mentions only vote for the article's country. A foreign country named without a
    locative word («أعلنت الولايات المتحدة») is a party, not a place, and is left out. A name the
    gazetteer does not know (or knows only abroad) after a cue hangs on the place it is related
    to («X شمال مأرب», «X بمحافظة تعز»), else on the centre of the article's main governorate
    (precision 3), else on its country; ``place`` is None only when nothing is known.
    """
    countries, admin1s = _context(text, mentions, default_country)
    dominant = countries.most_common(1)[0][0] if countries else None
    places = [m for m in mentions if m.kind != "adjective"]

    named_at: dict[str, list[int]] = {}  # country -> where the article names it
    for o in mentions:
        for cc in {c.country_iso2 for c in o.candidates if c.feature == "country"}:
            named_at.setdefault(cc, []).append(o.start)

    def allowed(m: PlaceMention, p: Place) -> bool:
        if dominant is None or p.country_iso2 == dominant:
            return True
        # A city of a million whose usual name exists in one country only names that country
        # («بغداد», «الموصل»); a smaller one abroad is more often a tribe or a word there
        # («همدان», «عمارة» in a Yemeni article).
        if (p.key == m.key and p.population >= FOREIGN_CITY and p.country_iso2 in FOCUS
                and len({c.country_iso2 for c in m.candidates}) == 1):
            return True
        if p.key == m.key and p.population >= CAPITAL_SIZE:
            return True  # «الرياض» is Riyadh even where villages share the name
        return any(o_start != m.start and abs(o_start - m.start) <= COUNTRY_WINDOW
                   for o_start in named_at.get(p.country_iso2, ()))

    # Relations: mention -> (English relation word, the mention it points to).
    relations: dict[int, tuple[str, PlaceMention]] = {}
    for m in places:
        for target in places:
            if target.start <= m.end or target.start - m.end > 40:
                continue
            hit = _RELATION_AFTER.match(text[m.end:target.start])
            if hit:
                relations[m.start] = (_direction(hit.group("dir")) if hit.group("dir") else "near", target)
            break
    # Coordinated names share the relation of the last one (without taking its target as their
    # parent: the coder reads a parent right after a mention as that mention's anchor): «قريتي تل أعور والفريكه جنوب جسر الشغور».
    inherited: set[int] = set()
    for m, nxt in reversed(list(zip(places, places[1:]))):
        if m.start not in relations and nxt.start in relations and _COORDINATION.fullmatch(text[m.end:nxt.start]):
            relations[m.start] = relations[nxt.start]
            inherited.add(m.start)

    resolved: dict[int, ResolvedPlace | None] = {}
    pending: list[PlaceMention] = []  # unknown names with nothing related: placed at the end

    memo: dict[tuple[int, str, int], dict[str, float]] = {}
    # Whether a place lies near the anchors (one list for the whole article): a name the article
    # repeats brings the same candidates back.
    near: dict[tuple[str, int], bool] = {}

    def parts(m: PlaceMention, p: Place, anchors: list[Place]) -> dict[str, float]:
        """The score of a candidate by evidence (the lookup command prints them)."""
        known = memo.get((m.start, p.id, len(anchors)))
        if known is not None:
            return known
        if (p.id, len(anchors)) not in near:
            near[p.id, len(anchors)] = _near_any(p, anchors)
        out = {"governorate named": 2.0 * admin1s.get((p.country_iso2, p.admin1), 0) ** 0.5,
               "dateline": (0.5 if m.start < DATELINE else 0.0) + (2.0 if p is _dateline_city(text, m) else 0.0),
               "near other places": 3.0 if near[p.id, len(anchors)] else 0.0,
               "feature": 0.0, "population": 0.1 * math.log10(p.population + 1)}
        if p.feature == "populated":
            out["feature"] = 0.0 if m.cue in ("محافظه",) else 1.0
        elif p.feature == "admin1" and m.cue == "محافظه":
            out["feature"] = 2.0
        memo[(m.start, p.id, len(anchors))] = out
        return out

    def score(m: PlaceMention, p: Place, anchors: list[Place]) -> float:
        return sum(parts(m, p, anchors).values())

    def explain(m: PlaceMention, best: Place, pool: list[Place], anchors: list[Place],
                ranked: list[Place]) -> str:
        """Why ``best`` won: the country rule, then the evidence it had over the runner-up
        (``ranked``: the pool, best score first)."""
        kept_out = len(m.candidates) - len(pool)
        votes = ", ".join(f"{cc} {v:g}" for cc, v in countries.most_common(4)) or "none"
        why = f"{len(m.candidates)} candidates; country votes {votes}"
        if kept_out:
            why += f"; {kept_out} outside the article's country or relation"
        if len(ranked) < 2:
            return why + "; the only candidate left"
        mine, theirs = parts(m, best, anchors), parts(m, ranked[1], anchors)
        gains = [f"{k} +{mine[k] - theirs[k]:.2f}" for k in mine if mine[k] - theirs[k] > 0.005]
        return (why + f"; over {ranked[1].name_en} ({ranked[1].country_iso2}, {ranked[1].admin1 or '-'}): "
                + (", ".join(gains) or "tie, order of the gazetteer"))

    def resolve(m: PlaceMention, anchors: list[Place]) -> ResolvedPlace | None:
        if m.start in resolved:
            return resolved[m.start]
        resolved[m.start] = None  # guards against a relation cycle
        relation = relations.get(m.start)
        target = resolve(relation[1], anchors) if relation else None
        if target is not None and target.place is None:
            target = None
        pool = [p for p in m.candidates if allowed(m, p) and p.lat is not None]
        if target is not None and pool:
            # A division or country named for itself keeps its own place.
            region = lexicon.cues().get(relation[1].cue or "") == "region"
            pool = [p for p in pool if _within(p, target.place, region)] or ([] if _hangs(pool) else pool)
        if not pool:
            if target is not None:
                result = _on(m, m.text, target.place, _relation_text(relation[0], target.place, m.cue),
                             "name not in the gazetteer near its relation target", m.start not in inherited)
            elif m.cue is not None:
                pending.append(m)
                return None
            else:
                return None
            resolved[m.start] = result
            return result
        # Each candidate scored once (max and the stable sorts keep the pool's order on ties).
        scored = [(p, score(m, p, anchors)) for p in pool]
        best = max(scored, key=lambda ps: ps[1])[0]
        precision = {"populated": 1, "admin3": 2, "admin2": 2}.get(best.feature, 3)
        rel_text = None
        before = _DIR_BEFORE.search(text[max(0, m.start - 25):m.start])
        if before and not _place_before(text, m.start - len(before.group()), mentions):
            rel_text, precision = f"{_direction(before.group())} of {best.name_en}", max(precision, 2)
        elif m.cue in lexicon.cues() and lexicon.cues()[m.cue] == "region":
            rel_text, precision = f"countryside of {best.name_en}", max(precision, 2)
        elif relation and target is not None:
            rel_text = _relation_text(relation[0], target.place, None)
        parent = target.place if target is not None and m.start not in inherited else None
        ranked = tuple(sorted(((p, round(value, 3)) for p, value in scored), key=lambda x: -x[1]))

        def why(m=m, best=best, pool=pool, anchors=anchors, scored=scored, relation=relation,
                target=target) -> str:
            text = explain(m, best, pool, anchors, [p for p, _ in sorted(scored, key=lambda ps: -ps[1])])
            if relation and target is not None:
                text += f"; relation: {_relation_text(relation[0], target.place, m.cue)}"
            return text

        result = ResolvedPlace(m, best, precision, m.text, best.name_en, rel_text, parent, why, ranked)
        resolved[m.start] = result
        return result

    # Unambiguous mentions first: they anchor the others.
    anchors = [r.place for m in places if len(m.candidates) == 1 and (r := resolve(m, [])) is not None
               and r.place is not None]
    for m in places:
        resolve(m, anchors)
    out = [r for r in resolved.values() if r is not None and not _party(text, r, dominant)]
    fallback = _main_region(out, admin1s, dominant, gazetteer) if pending or _BORDER.search(text) else None
    for m in pending:
        if fallback is None:
            out.append(ResolvedPlace(m, None, 3, m.text, transliterate(m.text), None, None,
                                     f"unknown name after cue {m.cue!r}; no place known in the article"))
        else:
            place, label = fallback
            out.append(ResolvedPlace(m, place, 3, m.text, _finer_name(m, place), f"somewhere in {label}", None,
                                     f"unknown name after cue {m.cue!r}; the article's main region"))
    out = _with_borders(text, out, dominant, fallback[0] if fallback else None)
    return sorted(out, key=lambda r: r.mention.start)


# Degrees of latitude beyond which two places cannot be NEAR_KM apart (1 degree >= 111 km).
_NEAR_DEGREES = NEAR_KM / 111.0


def _near_any(p: Place, anchors: list[Place]) -> bool:
    """Whether a place lies within NEAR_KM of one of the anchors; a latitude/longitude box
    rules most pairs out before the great-circle distance."""
    if p.lat is None or p.lon is None:
        return False
    box = _NEAR_DEGREES / max(0.2, math.cos(math.radians(p.lat)))
    return any(a.lat is not None and a.lon is not None and abs(a.lat - p.lat) <= _NEAR_DEGREES
               and abs(a.lon - p.lon) <= box and distance_km(p, a) <= NEAR_KM for a in anchors)


def _hangs(pool: list[Place]) -> bool:
    """Whether a mention without a candidate near its relation target takes the target's
    place: a village or a part («حاجز المساكن شرقي درعا»), not a division or country named for
    itself («محافظة ديالى شمال شرق بغداد»)."""
    return not any(p.feature in ("country", "admin1", "admin2") for p in pool)


def _party(text: str, r: ResolvedPlace, dominant: str | None) -> bool:
    """A foreign country named without a locative word, outside the dateline: a party to events
    («اتهمت الولايات المتحدة»), not where they happen."""
    return (r.place is not None and r.place.feature == "country" and r.place.country_iso2 != dominant
            and not r.mention.locative and r.mention.cue is None and not _dateline(text, r.mention))


def _dateline_city(text: str, m: PlaceMention) -> Place | None:
    """The large city a dateline names when its name is also a country's («عمان» Amman/Oman)."""
    if not _dateline(text, m) or not any(p.feature == "country" for p in m.candidates):
        return None
    city = max((p for p in m.candidates if p.feature == "populated"), key=lambda p: p.population, default=None)
    return city if city is not None and city.population >= MAJOR_CITY else None


def _dateline(text: str, m: PlaceMention) -> bool:
    """A place at the start of the article followed by «-», «:» or «(»: where it was filed."""
    return m.start < DATELINE and text[m.end:m.end + 3].lstrip()[:1] in ("-", ":", "(")


def _main_region(resolved: list[ResolvedPlace], admin1s: Counter[tuple[str, str]], dominant: str | None,
                 gazetteer: Gazetteer | None) -> tuple[Place, str] | None:
    """The centre of the article's most named governorate in its country, else the country."""
    if dominant is None:
        return None
    gaz = gazetteer or Gazetteer.default()
    votes: Counter[str] = Counter()
    for r in resolved:
        if r.place is not None and r.place.country_iso2 == dominant and r.place.admin1:
            votes[r.place.admin1] += 3 if r.mention.start < DATELINE else 1
    for (cc, admin1), n in admin1s.items():
        if cc == dominant and admin1:
            votes[admin1] += 0.1 * n  # a tie-breaker only
    for admin1, _ in votes.most_common():
        centre = gaz.admin1_centre(dominant, admin1)
        if centre is not None and centre.lat is not None:
            return centre, admin1
    country = gaz.country(dominant)
    return (country, country.name_en) if country is not None and country.lat is not None else None


def _relation_text(relation: str, target: Place, cue: str | None) -> str:
    """«east of Daraa», «near Daraa», «part of Baghdad» (a neighbourhood, camp, front...),
    «in Taizz» (a division or country)."""
    if relation != "near":
        return f"{relation} of {target.name_en}"
    if target.feature in ("country", "admin1", "admin2", "admin3"):
        return f"in {target.name_en}"
    return f"part of {target.name_en}" if cue and lexicon.cues().get(cue) == "part" else f"near {target.name_en}"


def _within(p: Place, target: Place, region: bool = False) -> bool:
    """Whether a candidate lies in or near a relation target (a town, a division, a country);
    «ريف حمص» (``region``) is the governorate of Homs, not whatever lies within reach of it."""
    if target.feature == "country":
        return p.country_iso2 == target.country_iso2
    if target.feature == "admin1" or region:
        return p.country_iso2 == target.country_iso2 and p.admin1 == target.admin1
    return distance_km(p, target) <= NEAR_KM * 1.5


def _on(m: PlaceMention, name: str, parent: Place, relation: str, why: str, keep_parent: bool = True) -> ResolvedPlace:
    """A place hung on its parent: precision 2 on a town or district, 3 on a larger region."""
    precision = 2 if parent.feature in ("populated", "admin2", "admin3") else 3
    return ResolvedPlace(m, parent, precision, name, _finer_name(m, parent), relation,
                         parent if keep_parent else None, why)


def _finer_name(m: PlaceMention, parent: Place) -> str:
    """The Latin ``location`` of a name the gazetteer does not know, placed on ``parent``: a part
    of a town in ACLED's «Town - Part» form («Baghdad - Al Bayya»), any other name (a village)
    transliterated on its own."""
    latin = transliterate(m.text)
    if not latin:
        return parent.name_en
    if m.cue and lexicon.cues().get(m.cue) in ("part", "facility") and parent.feature == "populated":
        return f"{parent.name_en} - {latin}"
    return latin


@lru_cache(maxsize=1)
def _border_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for «الحدود [مع] X [و]Y» over the countries' Arabic names and adjectives, and
    the country of each of those words."""
    words: dict[str, str] = {}
    for cc, (_, adjectives) in lexicon.demonyms().items():
        words.update((a, cc) for a in adjectives)
    for cc, names in lexicon.aliases().countries.items():
        words.update((normalize_text(n), cc) for n in names)
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?:ال)?(?:حدود|حدودي|حدوديه|شريط الحدودي)\s+(?:مع\s+)?(?P<a>{alt})(?:\s+و?(?P<b>{alt}))?(?!\w)")
    return pattern, words


_BORDER = re.compile(r"حدود")


def _border_spans(text: str) -> list[tuple[int, int]]:
    if not _BORDER.search(text):
        return []
    return [hit.span() for hit in _border_pattern()[0].finditer(text)]


def _with_borders(text: str, out: list[ResolvedPlace], dominant: str | None,
                  region: Place | None) -> list[ResolvedPlace]:
    """«قرب الحدود التركية», «على الحدود مع لبنان»: a place near a named country's border. It takes
    the coordinates of the article's nearest place in its own country (else the centre of its main
    governorate), with precision 2 and the relation «near the Turkish border»; nothing is placed
    when the article names no such place (no coordinates are invented)."""
    if not _BORDER.search(text):
        return out
    pattern, words = _border_pattern()
    demonyms = lexicon.demonyms()
    for hit in pattern.finditer(text):
        named = [words[w] for w in (hit.group("a"), hit.group("b")) if w]
        country = next((cc for cc in named if cc != dominant), named[-1])
        # The country word inside the phrase is the border's, not a place of its own.
        out = [r for r in out if not (hit.start() <= r.mention.start < hit.end())]
        nearby = [r for r in out if r.place is not None and r.place.feature not in ("country", "admin1")
                  and r.place.country_iso2 != country and r.mention.kind != "border"]
        anchor = min(nearby, key=lambda r: abs(r.mention.start - hit.start()), default=None)
        place = anchor.place if anchor is not None else region
        if place is None:
            continue
        adjective = demonyms.get(country, (None,))[0]
        relation = f"near the {adjective} border" if adjective else "near the border"
        phrase = text[hit.start():hit.end()]
        mention = PlaceMention(hit.start(), hit.end(), phrase, name_key(phrase), (), None, "border", True)
        precision = 2 if place.feature in ("populated", "admin2", "admin3") else 3
        why = (f"border of {country} named; "
               + (f"placed at {anchor.location_ar}, the nearest place of the article" if anchor is not None
                  else "placed at the centre of the article's main governorate"))
        out.append(ResolvedPlace(mention, place, max(2, precision), phrase, place.name_en, relation, None, why))
    return out


def _place_before(text: str, end: int, mentions: list[PlaceMention]) -> bool:
    """Whether a place ends right before ``end``: a mention, or a name after a cue word
    («حاجز المساكن| شرقي درعا»): then the direction relates that place, not this one."""
    if any(0 <= end - m.end <= 3 for m in mentions):
        return True
    words = re.findall(r"\w+", text[max(0, end - 40):end])
    return any(cue_of(w) for w in words[-3:-1])


def admin_centre(country: str, admin1: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """The centre (capital) of a first-level division, by English name."""
    return (gazetteer or Gazetteer.default()).admin1_centre(country, admin1)
