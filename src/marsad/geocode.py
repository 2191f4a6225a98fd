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
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from .gazetteer import Gazetteer, Place, PlaceMention, lexicon
from .gazetteer.build import FOCUS
from .gazetteer.mentions import MIN_KEY_LENGTH, cue_of, is_ordinary_word
from .gazetteer.store import distance_km
from .normalize import name_key, normalize_text
from .translit import transliterate

_latin = lru_cache(maxsize=1 << 14)(transliterate)  # names of unknown places recur across articles
DATELINE = 60  # characters at the start of an article that name where it was filed
COUNTRY_WINDOW = 80  # characters around a mention in which a named country licenses it
NEAR_KM = 60.0
MAJOR_CITY = 100_000
FOREIGN_CITY = 1_000_000
CAPITAL_SIZE = 1_000_000

_DIRECTIONS = {"شرق": "east", "غرب": "west", "شمال": "north", "جنوب": "south"}
_PRECISION = {"populated": 1, "admin3": 2, "admin2": 2}  # of a known place's feature (else 3)
_DIR = r"(?:ال)?(شرق|غرب|شمال|جنوب)(?:ي|ا)?(?:\s+(?:ال)?(شرق|غرب)(?:ي|ا)?)?"
# After a mention: «، شرقي درعا», «جنوب غربي بغداد», «في ريف ادلب», «قرب حلب»; the target follows.
_RELATION_AFTER = re.compile(
    r"[\"']?\s*(?:(?:ال)?(?:شرق|غرب|شمال|جنوب)(?:ي|يه)\s+)?[،,]?\s*(?:(?:في|الى|من)\s+)?(?:(?P<dir>" + _DIR + r")|(?P<near>قرب|بالقرب من|في محيط|على اطراف|"
    r"اطراف|محيط|ضواحي|بريف|ريف|في|ب|داخل|وسط))\s*(?:(?:مدينه|بلده|قريه|محافظه|ولايه|اقليم|العاصمه|ريف|منطقه|ناحيه|مديريه|قضاء|سهل|جبل|وادي)\s+)?$"
)
# After a mention, its relation to «the town» the text has named before it: «جبل أمان شرقي المدينة».
_TO_THE_TOWN = re.compile(
    r"\s*[،,]?\s*(?:(?P<dir>" + _DIR + r")\s+|(?:قرب|بالقرب من|في محيط|على اطراف|اطراف|محيط|ضواحي|داخل|وسط|في)\s+"
    r"|(?=ب))ب?المدينه(?!\s+المنوره)")
_TOWN_BEFORE = 300  # characters back in which «the town» is looked for
# A quarter lies in its town; a front, camp or checkpoint may lie tens of km out of it.
_QUARTER_CUES = frozenset({"حي", "حيي", "احياء"})
# Between coordinated names: «، », « و», and a repeated place word («حي الشعار وحي الصاخور»).
_COORDINATION = re.compile(r"\s*(?:[،,]\s*)?و?(?:(?:حي|احياء|قريه|قري|بلده|بلدات|مدينه|منطقه|مخيم|ناحيه|مديريه|قضاء)\s+)?")
_DIR_BEFORE = re.compile(_DIR + r"\s+(?:(?:مدينه|بلده|قريه|محافظه|العاصمه)\s+)?$")  # «شرقي مدينة الفاشر»
_DIR_ROOT = re.compile("|".join(_DIRECTIONS))


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes
# building one four times slower, and dozens are built per article; nothing changes them.
@dataclass(slots=True)
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
    # Every candidate that was weighed, with its score, best first (empty when none was scored),
    # or a function that works them out on demand (only ``marsad gazetteer lookup`` reads them).
    ranking: tuple[tuple[Place, float], ...] | Callable[[], tuple[tuple[Place, float], ...]] = field(
        default=(), compare=False, repr=False)

    @property
    def why(self) -> str:
        """Why the mention was placed so: country votes, evidence over the runner-up, relation."""
        return self.reason() if callable(self.reason) else self.reason

    @property
    def scores(self) -> tuple[tuple[Place, float], ...]:
        """Every candidate that was weighed with its score (rounded), best first."""
        return self.ranking() if callable(self.ranking) else self.ranking

    @property
    def kind(self) -> str:
        """The mention's kind: "name" or "unknown_after_cue" (adjectives are never resolved)."""
        return self.mention.kind


# Words that introduce a village, an area or a quarter: what follows is no foreign capital.
_SMALL_PLACE_CUES = frozenset({"منطقه", "مناطق", "قريه", "قري", "بلده", "بلدات", "حي", "احياء", "مديريه",
                               "ناحيه", "عزله", "مزرعه", "خربه", "مخيم", "مخيمات"})


def _direction(phrase: str) -> str:
    """«جنوب غربي» -> «southwest»."""
    return "".join(_DIRECTIONS[d] for d in re.findall("شرق|غرب|شمال|جنوب", phrase)[:2])


@dataclass(frozen=True, slots=True)
class _CandidateFacts:
    """What the article context takes from a mention's candidates, whatever the article."""

    candidates: tuple[Place, ...]  # the tuple these facts belong to (checked by identity)
    named: set[str]  # countries the name is
    country: str | None  # the country of every candidate, if they share one
    regions: tuple[tuple[str, str], ...]  # (country, admin1) votes of a place-name mention
    located: tuple[Place, ...]  # the candidates with coordinates
    province: bool  # every candidate a first-level division
    spread: tuple[str, ...] = ()  # the two or three focus countries of a name found in several


# Name key -> the facts of its candidates: the same names come back in every article.
_candidate_facts: dict[str, _CandidateFacts] = {}


def _facts(key: str, candidates: tuple[Place, ...]) -> _CandidateFacts:
    facts = _candidate_facts.get(key)
    if facts is None or facts.candidates is not candidates:
        if len(_candidate_facts) > 1 << 15:
            _candidate_facts.clear()
        named = {p.country_iso2 for p in candidates if p.feature == "country"}
        in_one = {p.country_iso2 for p in candidates}
        facts = _candidate_facts[key] = _CandidateFacts(
            candidates, named, next(iter(in_one)) if len(in_one) == 1 else None,
            tuple((p.country_iso2, p.admin1) for p in candidates
                  if p.feature in ("admin1", "admin2") or len(candidates) == 1),
            tuple(p for p in candidates if p.lat is not None),
            bool(candidates) and all(p.feature == "admin1" for p in candidates),
            tuple(sorted(in_one)) if 2 <= len(in_one) <= 3 and in_one <= FOCUS else ())
    return facts


def _context(text: str, mentions: list[PlaceMention], default_country: str | None,
             borders: list[re.Match[str]], targets: set[int] = frozenset()):
    """Votes for the article's countries and (country, admin1) pairs, and where the article
    names each country. A place another is said to lie by or in (``targets``: their starts,
    «بلدة الكرك الشرقي بريف درعا») votes twice: the text places two names there."""
    # Plain dicts while counting (a Counter's missing key costs a Python call), Counters after.
    countries: dict[str, float] = {}
    admin1s: dict[tuple[str, str], int] = {}
    named_at: dict[str, list[int]] = {}
    if default_country:
        countries[default_country.upper()] = 0.5
    # Countries some name or party points to alone (a shared vote alone decides nothing).
    firm = set(countries)
    for m in mentions:
        # An unknown compound name («حزم العدين») tells what its known part («العدين») tells.
        facts = _facts(m.key, m.candidates or m.near)
        for cc in facts.named:
            named_at.setdefault(cc, []).append(m.start)
        if borders and any(b.start() <= m.start < b.end() for b in borders):
            continue  # «على الحدود مع لبنان»: the neighbour, not where the article is
        weight = (3 if m.start < DATELINE else 1) * (2 if m.start in targets else 1)
        named = facts.named
        city = _dateline_city(text, m) if m.start < DATELINE else None
        if city is not None:
            named = {city.country_iso2}  # «عمان -» at the top of an article is Amman, not Oman
        for cc in named:
            # A nisba («الطائرات السعودية») names a party's nationality, and a country named
            # without a locative word is mostly a party too («قصفت الولايات المتحدة»).
            located = m.locative or m.cue is not None or _dateline(text, m)
            countries[cc] = countries.get(cc, 0) + weight * (0.5 if m.kind == "adjective" else 2 if located else 0.7)
            firm.add(cc)
        if not named and facts.country is not None:
            cc = facts.country
            # A town abroad is often a word taken for a name: it counts less than a region's town;
            # a province named («بشمال دارفور») says its country as a country name would.
            countries[cc] = countries.get(cc, 0) + weight * (2 if facts.province else 1 if cc in FOCUS else 0.3)
            firm.add(cc)
        elif not named and facts.spread:
            # A name in two or three of the region's countries («طرابلس»: Libya or Lebanon) shares
            # its vote: with the article's other names it still outweighs one village homonym abroad.
            for cc in facts.spread:
                countries[cc] = countries.get(cc, 0) + weight / len(facts.spread)
        if m.kind == "adjective":
            continue  # «القوات السورية» says which country, not which governorate
        for region in facts.regions:
            admin1s[region] = admin1s.get(region, 0) + weight
    return Counter(countries), Counter(admin1s), named_at, firm


def resolve_places(text: str, mentions: list[PlaceMention], default_country: str | None = None,
                   gazetteer: Gazetteer | None = None) -> list[ResolvedPlace]:
    """Place each mention of a normalized text, in text order.

    Adjective mentions only vote for the article's country. A foreign country named without a
    locative word («أعلنت الولايات المتحدة») is a party, not a place, and is left out. A name the
    gazetteer does not know (or knows only abroad) after a cue hangs on the place it is related
    to («X شمال مأرب», «X بمحافظة تعز»), else on the centre of the article's main governorate
    (precision 3), else on its country; ``place`` is None only when nothing is known.
    """
    border_word = _BORDER in text
    borders = _border_phrases(text) if border_word else []
    places = [m for m in mentions if m.kind != "adjective"]
    cue_kinds = lexicon.cues()
    # Relations: mention -> (English relation word, the mention it points to).
    relations: dict[int, tuple[str, PlaceMention]] = {}
    for m, target in _next_places(places):
        gap = text[m.end:target.start]
        hit = _RELATION_AFTER.match(gap)
        if hit:
            relations[m.start] = (_direction(hit.group("dir")) if hit.group("dir") else "near", target)
        elif gap.isspace() and target.candidates and (
                all(p.feature == "country" for p in target.candidates) or _in_division(m, target)):
            # «كردستان العراق», «طرابلس لبنان», «جباليا شمال غزة»: the country or division it lies in
            relations[m.start] = ("near", target)
    # «جبل أمان شرقي المدينة»: the town is the last one named shortly before.
    if "مدينه" in text:
        for k, m in enumerate(places):
            hit = m.start not in relations and _TO_THE_TOWN.match(text, m.end)
            town = hit and next((t for t in reversed(places[:k]) if m.start - t.end <= _TOWN_BEFORE
                                 and any(p.feature == "populated" for p in t.candidates)), None)
            if town:
                relations[m.start] = (_direction(hit.group("dir")) if hit.group("dir") else "near", town)
    # «مدينة الفلوجة ... حي الشهداء»: a quarter told with nothing related is a quarter of the town
    # named shortly before it (a homonym elsewhere is not; the resolver keeps one near the town).
    # (A name right after it, «جبهة ماس مجزر», may say where it is.)
    followed = {m.start for m, t in _next_places(places) if text[m.end:t.start].isspace()}
    for k, m in enumerate(places):
        if m.start in relations or m.start in followed or m.cue not in _QUARTER_CUES:
            continue
        town = next((t for t in reversed(places[:k]) if m.start - t.end <= _TOWN_BEFORE
                     and any(p.feature == "populated" for p in t.candidates)), None)
        if town is not None:
            relations[m.start] = ("near", town)
    # named_at: country -> where the article names it
    countries, admin1s, named_at, firm = _context(text, mentions, default_country, borders,
                                                  {target.start for _, target in relations.values()})
    # The most voted country something names alone («القصير», Syria's or Egypt's, names neither).
    dominant = next((cc for cc, _ in countries.most_common() if cc in firm), None)

    def allowed(m: PlaceMention, p: Place) -> bool:
        if dominant is None or p.country_iso2 == dominant:
            return True
        # A city of a million whose usual name exists in one country only names that country
        # («بغداد», «الموصل»); a smaller one abroad is more often a tribe or a word there
        # («همدان», «عمارة» in a Yemeni article).
        if (p.key == m.key and p.population >= FOREIGN_CITY and p.country_iso2 in FOCUS
                and len({c.country_iso2 for c in m.candidates}) == 1):
            return True
        if p.key == m.key and p.population >= CAPITAL_SIZE and m.cue not in _SMALL_PLACE_CUES:
            return True  # «الرياض» is Riyadh even where villages share the name (not «منطقة الرباط»)
        if p.feature == "admin1" and p.key == m.key and " " in m.key \
                and len({c.country_iso2 for c in m.candidates}) == 1 \
                and not all(map(is_ordinary_word, m.key.split())):
            # «قطاع غزة», «جنوب دارفور»: a province of two words, one a name, is no word of another
            # country (but «الحدود الشمالية», a Saudi province, is also «the northern border»).
            return True
        return any(o_start != m.start and abs(o_start - m.start) <= COUNTRY_WINDOW
                   for o_start in named_at.get(p.country_iso2, ()))

    # Coordinated names share the relation of the last one (without taking its target as their
    # parent: the coder reads a parent right after a mention as that mention's anchor): «قريتي تل أعور والفريكه جنوب جسر الشغور».
    inherited: set[int] = set()
    for m, nxt in reversed(list(zip(places, places[1:]))):
        if m.start not in relations and nxt.start in relations and _COORDINATION.fullmatch(text[m.end:nxt.start]):
            relations[m.start] = relations[nxt.start]
            inherited.add(m.start)

    resolved: dict[int, ResolvedPlace | None] = {}
    pending: list[PlaceMention] = []  # unknown names with nothing related: placed at the end

    # Whether a place lies near the anchors (one list for the whole article): a name the article
    # repeats brings the same candidates back.
    near: dict[tuple[str, int], bool] = {}
    # A candidate's score outside the dateline depends on the place, on whether the cue is
    # «محافظة» and on the anchors only: a repeated name is scored once.
    scores: dict[tuple[int | None, str, bool, int], float] = {}

    def parts(m: PlaceMention, p: Place, anchors: list[Place]) -> dict[str, float]:
        """The score of a candidate by evidence (the lookup command prints them)."""
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
        return out

    def score(m: PlaceMention, p: Place, anchors: list[Place]) -> float:
        key = (m.start if m.start < DATELINE else None, p.id, m.cue == "محافظه", len(anchors))
        known = scores.get(key)
        if known is None:
            known = scores[key] = sum(parts(m, p, anchors).values())
        return known

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
        facts = _facts(m.key, m.candidates)
        if dominant is None or facts.country == dominant:
            pool = facts.located  # every candidate allowed
        else:
            pool = [p for p in m.candidates if allowed(m, p) and p.lat is not None]
        if target is not None and pool:
            # A division or country named for itself keeps its own place.
            region = cue_kinds.get(relation[1].cue or "") == "region"
            # A place the text puts in a country lies there («كردستان العراق» is not Iran's province).
            # A village or quarter named as one («بلدة الكرك الشرقي بريف درعا») is no province abroad.
            pool = [p for p in pool if _within(p, target.place, region)] or (
                [] if _hangs(pool) or target.place.feature == "country" or m.cue in _SMALL_PLACE_CUES else pool)
        if not pool:
            # An unknown compound name («حزم العدين») with nothing related: at its known part.
            around = [p for p in m.near if allowed(m, p) and p.lat is not None] if target is None else []
            if target is not None:
                result = _on(m, m.text, target.place, _relation_text(relation[0], target.place, m.cue),
                             "name not in the gazetteer near its relation target", m.start not in inherited)
            elif around:
                part = max(around, key=lambda p: score(m, p, anchors))
                result = _on(m, m.text, part, _relation_text("near", part, None),
                             "compound name not in the gazetteer, placed at the known name it ends with", False)
            elif m.cue is not None:
                pending.append(m)
                return None
            else:
                return None
            resolved[m.start] = result
            return result
        # A single candidate needs no score to win: it is scored only if its score is read. Each
        # candidate is scored once (max and the stable sorts keep the pool's order on ties).
        best = pool[0] if len(pool) == 1 else max(pool, key=lambda p: score(m, p, anchors))
        precision = _PRECISION.get(best.feature, 3)
        rel_text = None
        # The regex only where a direction word can end right before the name: most have none.
        window = text[max(0, m.start - 25):m.start]
        before = _DIR_BEFORE.search(window) if window[-1:].isspace() and _DIR_ROOT.search(window) else None
        if before and not _place_before(text, m.start - len(before.group()), mentions):
            rel_text, precision = f"{_direction(before.group())} of {best.name_en}", max(precision, 2)
        elif m.cue in cue_kinds and cue_kinds[m.cue] == "region":
            rel_text, precision = f"countryside of {best.name_en}", max(precision, 2)
        elif relation and target is not None:
            rel_text = _relation_text(relation[0], target.place, None)
        parent = target.place if target is not None and m.start not in inherited else None

        def ranking(m=m, pool=pool, anchors=anchors) -> tuple[tuple[Place, float], ...]:
            return tuple(sorted(((p, round(score(m, p, anchors), 3)) for p in pool), key=lambda x: -x[1]))

        def why(m=m, best=best, pool=pool, anchors=anchors, relation=relation, target=target) -> str:
            text = explain(m, best, pool, anchors, sorted(pool, key=lambda p: -score(m, p, anchors)))
            if relation and target is not None:
                text += f"; relation: {_relation_text(relation[0], target.place, m.cue)}"
            return text

        result = ResolvedPlace(m, best, precision, m.text, best.name_en, rel_text, parent, why, ranking)
        resolved[m.start] = result
        return result

    # Unambiguous mentions first: they anchor the others.
    anchors = [r.place for m in places if len(m.candidates) == 1 and (r := resolve(m, [])) is not None
               and r.place is not None]
    for m in places:
        resolve(m, anchors)
    out = [r for r in resolved.values() if r is not None and not _party(text, r, dominant)]
    fallback = _main_region(out, admin1s, dominant, gazetteer) if pending or border_word else None
    regions = [r for r in out if r.place is not None and r.place.admin1
               and (r.mention.cue in _REGION_CUES or r.place.feature == "admin1")] if pending else []
    for m in pending:
        short = _short_name(m, dominant, gazetteer)
        if short is not None:
            out.append(short)
            continue
        local = _sentence_region(text, m, regions, gazetteer)
        if local is not None:
            place, label = local
            out.append(ResolvedPlace(m, place, 3, m.text, _finer_name(m, place, False), f"somewhere in {label}", None,
                                     f"unknown name after cue {m.cue!r}; the region its sentence names"))
            continue
        if fallback is None:
            out.append(ResolvedPlace(m, None, 3, m.text, _latin(m.text), None, None,
                                     f"unknown name after cue {m.cue!r}; no place known in the article"))
        else:
            place, label = fallback
            out.append(ResolvedPlace(m, place, 3, m.text, _finer_name(m, place, False), f"somewhere in {label}", None,
                                     f"unknown name after cue {m.cue!r}; the article's main region"))
    out = _with_borders(text, borders, out, dominant, fallback[0] if fallback else None)
    return sorted(out, key=lambda r: r.mention.start)


def _next_places(places: list[PlaceMention]) -> list[tuple[PlaceMention, PlaceMention]]:
    """Each mention with the first mention (in list order) starting after it within 40
    characters: the only one a relation after it can point to."""
    starts = [m.start for m in places]
    if all(a <= b for a, b in zip(starts, starts[1:])):  # in text order (find_places): bisect
        pairs = ((m, bisect_right(starts, m.end)) for m in places)
        return [(m, places[k]) for m, k in pairs if k < len(places) and places[k].start - m.end <= 40]
    out = []
    for m in places:
        target = next((t for t in places if m.end < t.start <= m.end + 40), None)
        if target is not None:
            out.append((m, target))
    return out


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


def _short_name(m: PlaceMention, dominant: str | None, gazetteer: Gazetteer | None) -> ResolvedPlace | None:
    """«مدينة إب», «محافظة إب»: a name too short to look for in running text (``MIN_KEY_LENGTH``)
    is looked up when a place word stands before it, in the article's country."""
    if len(m.key.replace(" ", "")) >= MIN_KEY_LENGTH:
        return None
    # In the article's country; with none known, in the one country of the region that has it.
    found = [p for p in (gazetteer or Gazetteer.default()).lookup(m.text) if p.lat is not None]
    pool = [p for p in found if p.country_iso2 == dominant] if dominant else \
        [p for p in found if p.country_iso2 in FOCUS]
    if not pool or len({p.country_iso2 for p in pool}) > 1:
        return None
    want_division = m.cue in ("محافظه", "ولايه")
    best = next((p for p in pool if (p.feature == "admin1") == want_division), pool[0])
    return ResolvedPlace(m, best, _PRECISION.get(best.feature, 3), m.text, best.name_en, None, None,
                         "a short name read after a place word, looked up in the article's country")


# Countryside and division words: the place after them names the region a sentence is about.
_REGION_CUES = frozenset({"ريف", "ارياف", "محافظه", "ناحيه", "مديريه", "قضاء", "ولايه", "باديه"})


def _sentence_region(text: str, m: PlaceMention, regions: list[ResolvedPlace],
                     gazetteer: Gazetteer | None) -> tuple[Place, str] | None:
    """«وفي ريف حلب الغربي، قصفت القوات قرى كفرنوران والأبزمو»: the governorate its sentence
    names before an unknown name (``regions``: the placed countrysides and divisions; within 150
    characters, no sentence end between), as (its centre, its name)."""
    before = [r for r in regions if 0 <= m.start - r.mention.end <= 150
              and not re.search(r"[.!?؟\n]", text[r.mention.end:m.start])]
    if not before:
        return None
    region = max(before, key=lambda r: r.mention.end).place
    centre = (gazetteer or Gazetteer.default()).admin1_centre(region.country_iso2, region.admin1)
    return (centre, region.admin1) if centre is not None and centre.lat is not None else None


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


def _in_division(m: PlaceMention, target: PlaceMention) -> bool:
    """Whether a name written right before a division's name lies in it («الفاشر شمال دارفور»,
    «جباليا شمال غزة»): the division is where it is, not a second place."""
    divisions = [t for t in target.candidates if t.feature in ("admin1", "admin2")]
    return len(divisions) == len(target.candidates) and any(
        p.country_iso2 == t.country_iso2 and p.admin1 == t.admin1 and (t.feature == "admin1" or p.admin2 == t.admin2)
        for p in m.candidates if p.feature not in ("admin1", "admin2", "country") for t in divisions)


def _within(p: Place, target: Place, region: bool = False) -> bool:
    """Whether a candidate lies in or near a relation target (a town, a division, a country);
    «ريف حمص» (``region``) is the governorate of Homs, not whatever lies within reach of it."""
    if target.feature == "country" or target.feature == "admin1" and target.id.startswith("area:"):
        return p.country_iso2 == target.country_iso2  # (a named region spans divisions: «إقليم كردستان»)
    if target.feature == "admin1" or region:
        return p.country_iso2 == target.country_iso2 and p.admin1 == target.admin1
    # A named area («سهل الغاب») is placed at a town inside it: what lies in it is nearer that town.
    return distance_km(p, target) <= NEAR_KM * (0.75 if target.id.startswith("area:") else 1.5)


def _on(m: PlaceMention, name: str, parent: Place, relation: str, why: str, keep_parent: bool = True) -> ResolvedPlace:
    """A place hung on its parent: precision 2 on a town or district, 3 on a larger region."""
    precision = 2 if parent.feature in ("populated", "admin2", "admin3") else 3
    return ResolvedPlace(m, parent, precision, name, _finer_name(m, parent), relation,
                         parent if keep_parent else None, why)


def _finer_name(m: PlaceMention, parent: Place, in_parent: bool = True) -> str:
    """The Latin ``location`` of a name the gazetteer does not know, placed on ``parent``: a part
    of a town in ACLED's «Town - Part» form («Baghdad - Al Bayya»), any other name (a village)
    transliterated on its own."""
    # A region the gazetteer knows only in another country keeps its English name when the text
    # puts it in this one («كردستان العراق»: Kurdistan); a village keeps its own transliteration
    # («صيدا» east of Daraa is not Sidon).
    known = next((p.name_en for p in m.candidates if p.name_en and p.feature in ("admin1", "admin2")), None) \
        if parent.feature == "country" else None
    latin = known or _latin(m.text)
    if not latin:
        return parent.name_en
    # (Not when the parent is only the centre of the region the name lies somewhere in.)
    if in_parent and m.cue and lexicon.cues().get(m.cue) in ("part", "facility") and parent.feature == "populated":
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


_BORDER = "حدود"  # every border phrase has it: the phrases are looked for only where it is
# Where a border phrase can start before its «حدود»: «الشريط الحدودي», «شريط الحدودي», «الحدود»,
# «حدود» (the alternatives of _border_pattern).
_BORDER_OFFSETS = (9, 7, 2, 0)


def _border_phrases(text: str) -> list[re.Match[str]]:
    """The matches of ``_border_pattern`` in the text, as ``finditer`` gives them (leftmost
    first, not overlapping), trying the pattern only where a phrase can start: scanning the
    whole text with a pattern of every country name costs more than the rest of the placing."""
    pattern = _border_pattern()[0]
    starts: set[int] = set()
    at = text.find(_BORDER)
    while at >= 0:
        starts.update(at - offset for offset in _BORDER_OFFSETS if at >= offset)
        at = text.find(_BORDER, at + 1)
    out: list[re.Match[str]] = []
    pos = 0
    for start in sorted(starts):
        if start >= pos and (hit := pattern.match(text, start)) is not None:
            out.append(hit)
            pos = hit.end()
    return out


def _with_borders(text: str, borders: list[re.Match[str]], out: list[ResolvedPlace], dominant: str | None,
                  region: Place | None) -> list[ResolvedPlace]:
    """«قرب الحدود التركية», «على الحدود مع لبنان»: a place near a named country's border. It takes
    the coordinates of the article's nearest place in its own country (else the centre of its main
    governorate), with precision 2 and the relation «near the Turkish border»; nothing is placed
    when the article names no such place (no coordinates are invented). ``borders``: the
    border phrases of the text (``_border_pattern``)."""
    if not borders:
        return out
    words = _border_pattern()[1]
    demonyms = lexicon.demonyms()
    for hit in borders:
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
