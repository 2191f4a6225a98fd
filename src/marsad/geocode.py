"""Resolve place mentions to gazetteer places with the article as context.

Evidence, strongest first: an explicit relation after the mention («صيدا، شرقي درعا»: near the
resolved Daraa), the governorates and countries the article names (the dateline counts more),
places near the other resolved mentions, and population last. A candidate in another country than
the article's is never chosen unless that country is named near the mention. A name the gazetteer
does not know (or knows only abroad) still gives a place when a town is named with it: «حاجز
المساكن شرقي درعا» -> Daraa, geo_precision 2, location_ar «المساكن».
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .gazetteer import Gazetteer, Place, PlaceMention, lexicon
from .gazetteer.store import distance_km

DATELINE = 60  # characters at the start of an article that name where it was filed
COUNTRY_WINDOW = 80  # characters around a mention in which a named country licenses it
NEAR_KM = 60.0
MAJOR_CITY = 100_000

_DIRECTIONS = {"شرق": "east", "غرب": "west", "شمال": "north", "جنوب": "south"}
_DIR = r"(?:ال)?(شرق|غرب|شمال|جنوب)(?:ي|ا)?(?:\s+(?:ال)?(شرق|غرب)(?:ي|ا)?)?"
# After a mention: «، شرقي درعا», «جنوب غربي بغداد», «في ريف ادلب», «قرب حلب»; the target follows.
_RELATION_AFTER = re.compile(
    r"\s*[،,]?\s*(?:(?:في|الى|من)\s+)?(?:(?P<dir>" + _DIR + r")|(?P<near>قرب|بالقرب من|في محيط|على اطراف|"
    r"اطراف|محيط|ضواحي|بريف|ريف|في|ب|داخل))\s*(?:(?:مدينه|بلده|قريه|محافظه|ريف|منطقه)\s+)?$"
)
_DIR_BEFORE = re.compile(_DIR + r"\s+$")


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """A mention placed: ``place`` gives the coordinates; ``location_ar`` is the name as written."""

    mention: PlaceMention
    place: Place
    geo_precision: int
    location_ar: str
    location: str
    relation: str | None
    parent: Place | None
    why: str = ""


def _direction(phrase: str) -> str:
    """«جنوب غربي» -> «southwest»."""
    return "".join(_DIRECTIONS[d] for d in re.findall("شرق|غرب|شمال|جنوب", phrase)[:2])


def _context(text: str, mentions: list[PlaceMention], default_country: str | None):
    """Votes for the article's countries and (country, admin1) pairs."""
    countries: Counter[str] = Counter()
    admin1s: Counter[tuple[str, str]] = Counter()
    if default_country:
        countries[default_country.upper()] += 0.5
    for m in mentions:
        weight = 3 if m.start < DATELINE else 1
        named = {p.country_iso2 for p in m.candidates if p.feature == "country"}
        in_one = {p.country_iso2 for p in m.candidates}
        for cc in named or (in_one if len(in_one) == 1 else ()):
            countries[cc] += weight * (2 if named else 1)
        for p in m.candidates:
            if p.feature in ("admin1", "admin2") or len(m.candidates) == 1:
                admin1s[(p.country_iso2, p.admin1)] += weight
    return countries, admin1s


def resolve_places(text: str, mentions: list[PlaceMention], default_country: str | None = None,
                   gazetteer: Gazetteer | None = None) -> list[ResolvedPlace]:
    """Place each mention of a normalized text (and unknown names after part cues), in text order."""
    countries, admin1s = _context(text, mentions, default_country)
    dominant = countries.most_common(1)[0][0] if countries else None
    by_start = {m.start: m for m in mentions}

    def allowed(m: PlaceMention, p: Place) -> bool:
        if dominant is None or p.country_iso2 == dominant:
            return True
        # A large city whose name exists in one country only names that country («بغداد»).
        if p.population >= MAJOR_CITY and len({c.country_iso2 for c in m.candidates}) == 1:
            return True
        return any(o is not m and abs(o.start - m.start) <= COUNTRY_WINDOW
                   and any(c.feature == "country" and c.country_iso2 == p.country_iso2 for c in o.candidates)
                   for o in mentions)

    # Relations: mention -> (English relation word, the mention it points to).
    relations: dict[int, tuple[str, PlaceMention]] = {}
    for m in mentions:
        for target in mentions:
            if target.start <= m.end or target.start - m.end > 40:
                continue
            hit = _RELATION_AFTER.match(text[m.end:target.start])
            if hit:
                relations[m.start] = (_direction(hit.group("dir")) if hit.group("dir") else "near", target)
            break

    resolved: dict[int, ResolvedPlace] = {}

    def score(m: PlaceMention, p: Place, anchors: list[Place]) -> float:
        s = 2.0 * admin1s.get((p.country_iso2, p.admin1), 0) ** 0.5
        if m.start < DATELINE:
            s += 0.5
        if anchors and min(distance_km(p, a) for a in anchors) <= NEAR_KM:
            s += 3.0
        if p.feature == "populated":
            s += 0.0 if m.cue in ("محافظه",) else 1.0
        elif p.feature == "admin1" and m.cue == "محافظه":
            s += 2.0
        return s + 0.1 * math.log10(p.population + 1)

    def resolve(m: PlaceMention, anchors: list[Place]) -> ResolvedPlace | None:
        if m.start in resolved:
            return resolved[m.start]
        relation = relations.get(m.start)
        target = resolve(relation[1], anchors) if relation else None
        pool = [p for p in m.candidates if allowed(m, p) and p.lat is not None]
        if target is not None:
            near = [p for p in pool if _within(p, target.place)]
            if not near:  # unknown here: hang on the target with the name kept
                result = _on(m, m.text, target.place, _relation_text(relation[0], target.place),
                             "name not in the gazetteer near its relation target")
                resolved[m.start] = result
                return result
            pool = near
        if not pool:
            return None
        best = max(pool, key=lambda p: score(m, p, anchors))
        precision = {"populated": 1, "admin3": 2, "admin2": 2}.get(best.feature, 3)
        rel_text = None
        before = _DIR_BEFORE.search(text[max(0, m.start - 25):m.start])
        if before and not _place_before(text, m.start - len(before.group()), mentions):
            rel_text, precision = f"{_direction(before.group())} of {best.name_en}", max(precision, 2)
        elif m.cue in lexicon.cues() and lexicon.cues()[m.cue] == "region":
            rel_text, precision = f"countryside of {best.name_en}", max(precision, 2)
        elif relation and target is not None:
            rel_text = _relation_text(relation[0], target.place)
        why = f"{len(m.candidates)} candidates; best score {score(m, best, anchors):.2f}"
        result = ResolvedPlace(m, best, precision, m.text, best.name_en, rel_text,
                               target.place if target else None, why)
        resolved[m.start] = result
        return result

    # Unambiguous mentions first: they anchor the others.
    anchors = [r.place for m in mentions if len(m.candidates) == 1 and (r := resolve(m, [])) is not None]
    for m in mentions:
        resolve(m, anchors)
    out = list(resolved.values())
    out.extend(_unknown_parts(text, mentions, by_start, resolved))
    return sorted(out, key=lambda r: r.mention.start)


def _relation_text(relation: str, target: Place) -> str:
    """«east of Daraa», «near Daraa», «part of Baghdad», «south of Lebanon»."""
    return f"near {target.name_en}" if relation == "near" else f"{relation} of {target.name_en}"


def _within(p: Place, target: Place) -> bool:
    """Whether a candidate lies in or near a relation target (a town, a division, a country)."""
    if target.feature == "country":
        return p.country_iso2 == target.country_iso2
    if target.feature == "admin1":
        return p.country_iso2 == target.country_iso2 and p.admin1 == target.admin1
    return distance_km(p, target) <= NEAR_KM * 1.5


def _on(m: PlaceMention, name: str, parent: Place, relation: str, why: str) -> ResolvedPlace:
    """A place hung on its parent: precision 2 on a town or district, 3 on a larger region."""
    precision = 2 if parent.feature in ("populated", "admin2", "admin3") else 3
    return ResolvedPlace(m, parent, precision, name, parent.name_en, relation, parent, why)


def _place_before(text: str, end: int, mentions: list[PlaceMention]) -> bool:
    """Whether a place ends right before ``end``: a mention, or a name after a cue word
    («حاجز المساكن| شرقي درعا»): then the direction relates that place, not this one."""
    if any(0 <= end - m.end <= 3 for m in mentions):
        return True
    words = re.findall(r"\w+", text[max(0, end - 40):end])
    return any(_cue_of(w) for w in words[-3:-1])


def _cue_of(word: str) -> str | None:
    """The cue a word is, with proclitics allowed («وبحي» -> «حي»)."""
    cues = lexicon.cues()
    for cut in (0, 1, 2):
        if (not cut or re.fullmatch(r"[وف]?[بلك]?", word[:cut])) and word[cut:] in cues:
            return word[cut:]
    return None


_NAME_STOP = re.compile(r"^(?:في|من|الى|على|عن|قرب|بعد|قبل|منذ|مع|حيث|التي|الذي|و|او|ثم|عند|"
                        r"(?:ال)?(?:شرق|غرب|شمال|جنوب)(?:ي|ا)?)$")


def _unknown_parts(text: str, mentions: list[PlaceMention], by_start: dict[int, PlaceMention],
                   resolved: dict[int, ResolvedPlace]) -> list[ResolvedPlace]:
    """Names after a cue word («حي البياع», «حاجز المساكن», «بلدة …») that the gazetteer does not
    know, placed on the town named right after them."""
    out: list[ResolvedPlace] = []
    cues = lexicon.cues()
    words = list(re.finditer(r"\w+", text))
    not_names = lexicon.stopwords().not_names
    for i, w in enumerate(words):
        cue = _cue_of(w.group())
        if cue is None or cues[cue] == "region" or i + 1 >= len(words):
            continue
        name_words: list[re.Match] = []
        for nxt in words[i + 1:i + 3]:
            gap = text[(name_words[-1] if name_words else w).end():nxt.start()]
            word = nxt.group()
            if gap.strip() or _NAME_STOP.match(word) or word in not_names or _cue_of(word) or any(
                    m.start <= nxt.start() < m.end or nxt.start() <= m.start < nxt.end() for m in mentions):
                break
            name_words.append(nxt)
        if not name_words:
            continue
        start, end = name_words[0].start(), name_words[-1].end()
        anchor = next((m for m in mentions if 0 <= m.start - end <= 40 and m.start in resolved
                       and _RELATION_AFTER.match(text[end:m.start])), None)
        if anchor is None:
            continue
        hit = _RELATION_AFTER.match(text[end:anchor.start])
        parent = resolved[anchor.start].place
        rel = _direction(hit.group("dir")) if hit.group("dir") else "part"
        mention = PlaceMention(start, end, text[start:end], "", (), cue)
        out.append(_on(mention, text[start:end], parent, _relation_text(rel, parent),
                       f"unknown name after cue {cue!r}"))
    return out


def admin_centre(country: str, admin1: str, gazetteer: Gazetteer | None = None) -> Place | None:
    """The centre (capital) of a first-level division, by English name."""
    return (gazetteer or Gazetteer.default()).admin1_centre(country, admin1)
