"""Stage 3: recognize mentions in the normalized text.

Fills ``article.spans`` with named groups, each a list of :class:`~marsad.document.Mention`
sorted by position:

- ``triggers``  event words (data/triggers.yaml); ``label`` is the class, ``data`` a TriggerInfo
- ``weapons``   weapon words (data/weapons.yaml); ``label`` is the sub-event type they imply
- ``cues``      negation, modality, hedges, denials, claims, attributions, background,
                conflict context, casualty words (data/cues.yaml); ``label`` is the cue group
- ``places``    place names (gazetteer), resolved in document context (geocode)
- ``actors``    armed groups, forces, civilians, protesters (actors.yaml)
- ``dates``     date expressions resolved against the publication date
- ``numbers``   counts in digits and words
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from itertools import repeat

from . import actors as actors_mod
from . import dates as dates_mod
from . import geocode
from . import numbers as numbers_mod
from .document import Article, Mention
from .gazetteer import Gazetteer
from .lexicon import NOUN_SUFFIXES, PhraseMatcher, load_data, norm_phrase, verb_forms_by_tense
from .schema import SUB_EVENT_TYPES

GENERIC_CLASSES = ("attack", "territory", "killing")
STRENGTHS = ("strong", "weak", "context")


@dataclass(frozen=True, slots=True)
class TriggerInfo:
    cls: str  # a sub-event type or a generic class
    strength: str
    default: str | None  # sub-type for a generic class when nothing refines it
    is_verb: bool
    present: bool = False  # a present-tense verb form («تسيطر»: holds, rather than took)
    near: tuple[str, ...] = ()  # words one of which must follow within a few words («أنشأت ... نقطة»)
    prefix: str = ""  # the proclitics written before the matched word («وبال» in «وبالقصف»)


def _check_entry(entry: dict, where: str) -> None:
    cls = entry.get("class")
    if cls not in SUB_EVENT_TYPES and cls not in GENERIC_CLASSES:
        raise ValueError(f"{where}: unknown class {cls!r}")
    if entry.get("strength") not in STRENGTHS:
        raise ValueError(f"{where}: strength must be one of {STRENGTHS}")
    if entry.get("default") and entry["default"] not in SUB_EVENT_TYPES:
        raise ValueError(f"{where}: unknown default sub-type {entry['default']!r}")
    unknown = set(entry) - {"class", "strength", "default", "nouns", "verbs", "phrases", "near"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")


@functools.cache
def trigger_matcher() -> PhraseMatcher[TriggerInfo]:
    m: PhraseMatcher[TriggerInfo] = PhraseMatcher()
    for i, entry in enumerate(load_data("triggers.yaml")):
        _check_entry(entry, f"triggers.yaml entry {i + 1}")
        near = tuple(norm_phrase(w) for w in entry.get("near") or ())
        noun = TriggerInfo(entry["class"], entry["strength"], entry.get("default"), False, near=near)
        verb = TriggerInfo(entry["class"], entry["strength"], entry.get("default"), True, near=near)
        for form in entry.get("nouns") or []:
            m.add(form, noun, suffixes=NOUN_SUFFIXES)
            key = norm_phrase(form)
            if " " not in key:
                if key.endswith("ه"):  # ta marbuta before a suffix: غارة -> غارتها
                    m.add(key[:-1] + "ت", noun, suffixes=NOUN_SUFFIXES)
                elif not key.endswith(("ا", "ي", "و")):  # the accusative: «نفذوا اعتصاما»
                    m.add(key + "ا", noun)
        for form in entry.get("phrases") or []:
            m.add(form, verb)
        present_verb = replace(verb, present=True)
        for v in entry.get("verbs") or []:
            past, present = (v, None) if isinstance(v, str) else (v[0], v[1] if len(v) > 1 else None)
            past_forms, present_forms = verb_forms_by_tense(past, present)
            for form in past_forms:
                m.add(form, verb, suffixes=NOUN_SUFFIXES)
                if form.endswith("وا") and " " not in form:  # «اختطفوه»: the alif falls before an object
                    m.add(form[:-1], verb, suffixes=NOUN_SUFFIXES)
            for form in present_forms:
                m.add(form, present_verb, suffixes=NOUN_SUFFIXES)
    return m


@functools.cache
def weapon_matcher() -> PhraseMatcher[str]:
    m: PhraseMatcher[str] = PhraseMatcher()
    for cls, forms in load_data("weapons.yaml").items():
        if cls not in SUB_EVENT_TYPES and cls != "firearms":
            raise ValueError(f"weapons.yaml: unknown class {cls!r}")
        for form in forms:
            m.add(form, cls)
    return m


WEAPON_ORDER = tuple(load_data("weapons.yaml"))

CUE_GROUPS = (
    "negation", "no_event", "support", "aggregate", "modality", "hedge", "denial", "claim", "attribution", "background",
    "conflict_context", "killed", "injured", "captured", "abducted", "arrested", "person_intro", "not_territory",
    "not_base", "not_attack", "accusation",
)


@functools.cache
def _not_triggers() -> frozenset[str]:
    return frozenset(norm_phrase(w) for w in load_data("cues.yaml").get("not_triggers") or [])


@functools.cache
def cue_matcher() -> PhraseMatcher[str]:
    # Short function words (لم، لا، ما) must only match as whole words.
    m: PhraseMatcher[str] = PhraseMatcher(strip_article=False, min_clitic_stem=3)
    data = load_data("cues.yaml")
    for group in CUE_GROUPS:
        for form in data.get(group) or []:
            m.add(form, group)
    return m


def _mentions(matches, label=lambda m: m.value, data=lambda m: None) -> list[Mention]:
    return [Mention(m.start, m.end, label(m), data(m)) for m in matches]


def recognize(article: Article, gazetteer: Gazetteer | None = None) -> Article:
    text = article.text
    spans = article.spans
    triggers = []
    not_triggers = _not_triggers()
    matcher = trigger_matcher()
    for m in matcher.find(text):
        if text[m.start:m.end] in not_triggers:
            continue
        # A verb that means an event only with its object («أطلق» a missile, a drone or fire) stands
        # for each of its classes: the object found after it decides which.
        values = [m.value] + [v for v in matcher.values(m.phrase) if v is not m.value and (v.near or m.value.near)]
        for value in values:
            info = replace(value, prefix=text[m.start:m.stem_start])
            if info.is_verb and text[m.end - 1] == "ه" and article.raw_span(m.end - 1, m.end)[2][:1] == "ة":
                info = replace(info, is_verb=False, present=False)  # «سيطرة» is a noun, not «سيطره» (took it)
            triggers.append(Mention(m.start, m.end, value.cls, info))
    if not triggers:
        # No word of any event: nothing else can make one, so the costly recognizers are skipped
        # (most news is not about conflict).
        for group in ("triggers", "weapons", "cues", "dates", "numbers", "actors", "places"):
            spans[group] = []
        return article
    spans["weapons"] = _mentions(weapon_matcher().find(text))
    # Cues may overlap triggers («قتل» is both a killing and a casualty word): match them apart.
    spans["cues"] = [Mention(m.start, m.end, m.value, None) for m in cue_matcher().candidates(text)]
    spans["cues"].sort(key=lambda x: (x.start, x.end))
    spans["dates"] = [
        Mention(d.start, d.end, d.kind, d) for d in dates_mod.find_dates(text, article.doc.published)
        if not _quoted(text, d.start, d.end) and not _NAMED_AFTER_DATE.search(text, max(0, d.start - 12), d.start)
    ]
    # The «29» of «29 تموز» and the «3» of «منذ 3 أيام» are parts of dates, not counts, and
    # «فجر اليوم» is dawn, not «detonated».
    date_spans = [(d.start, d.end) for d in spans["dates"]]
    spans["triggers"] = [t for t in triggers if not any(a < t.end and t.start < b for a, b in date_spans)]
    spans["numbers"] = [
        Mention(n.start, n.end, "number", n) for n in _counts_near_casualties(text, spans["cues"])
        if not any(a < n.end and n.start < b for a, b in date_spans)
    ]
    # («قوة», «دورية» name a force only with its country: «قوة إسرائيلية»; alone they are dropped.)
    spans["actors"] = _named_gunmen([Mention(a.start, a.end, a.key, a)
                                     for a in map(actors_mod.with_nationality, _find_actors(text), repeat(text))
                                     if a.key not in actors_mod.ONLY_WITH_NATIONALITY or a.nationality], text)
    spans["actors"], named_attackers = _attack_nationalities(spans["triggers"], spans["actors"], text)
    # «هيئة تحرير الشام», «جيش الفتح»: a word inside a group's name announces nothing.
    # («طيران التحالف الدولي» is both a group and an air strike: weapons-bearing names stay.)
    spans["triggers"] = [
        t for t in spans["triggers"]
        if SUB_EVENT_TYPES.get(t.label) == "Explosions/Remote violence"
        or not any(a.start <= t.start and t.end <= a.end and a.end - a.start > t.end - t.start
                   and (a.start, a.end) not in named_attackers for a in spans["actors"])
    ]
    gaz = gazetteer or Gazetteer.default()
    place_mentions = gaz.find_places(text)
    # The parties named say which country too («الدعم السريع»: Sudan): half a vote, for ties.
    parties_country = actors_mod.country_of_mentions(spans["actors"])
    resolved = [r for r in geocode.resolve_places(text, place_mentions, default_country=parties_country, gazetteer=gaz)
                if r is not None]
    anchors = _anchors(resolved)
    places = [Mention(r.mention.start, r.mention.end, r.location_ar, PlaceRef(r, i in anchors))
              for i, r in enumerate(resolved)]
    places = sorted(places + _named_again(text, resolved), key=lambda m: m.start)
    # «ميدان التحرير», «حي الكرامة»: a word inside a place's name announces nothing either, nor does
    # one right after a word that names squares, streets and quarters («ميدان التحرير» the gazetteer
    # does not know).
    spans["triggers"] = [
        t for t in spans["triggers"]
        if not any(p.start <= t.start and t.end <= p.end for p in places)
        and not (t.label == "territory" and _NAMED_AFTER_DATE.search(text, max(0, t.start - 12), t.start))
    ]
    spans["places"] = places
    return article


def _find_actors(text: str) -> list[actors_mod.ActorMention]:
    """Actor names, quotes inside them allowed («حركة "فتح"», «قوات "سوريا الديمقراطية"»): matched
    on the text without its quotes, placed back on the text."""
    if '"' not in text:
        return actors_mod.find_actors(text)
    kept = [i for i, ch in enumerate(text) if ch != '"']
    bare = "".join(text[i] for i in kept)
    out = []
    for a in actors_mod.find_actors(bare):
        start, end = kept[a.start], kept[a.end - 1] + 1
        out.append(replace(a, start=start, end=end, text=text[start:end]))
    return out


# «مسلحو حركة الشباب», «مسلحون تابعون لحركة الشباب»: gunmen of a group named right after them.
_OF_GROUP = re.compile(r"\s*(?:(?:من|تابعون|تابعين|ينتمون(?:\s+الي)?|(?:يعتقد|يرجح|يشتبه\s+في)\s+انهم\s+من)\s+)?")


def _attack_nationalities(triggers: list[Mention], actors: list[Mention],
                          text: str) -> tuple[list[Mention], set[tuple[int, int]]]:
    """«قصف إسرائيلي», «غارات روسية»: a country adjective right after an attack or weapon noun
    names who attacked: that country's forces, as «طائرات مسيرة تركية» does (and a group's nisba
    the group). Returns the actors with these added, and the spans added (the attack word inside
    them still announces its event)."""
    pattern, stems = actors_mod.nationality_adjectives()
    groups, group_stems = actors_mod.group_adjectives()
    taken = [(a.start, a.end) for a in actors]
    added = []
    for t in triggers:
        if t.data.is_verb:
            continue
        m = pattern.match(text, t.end)
        g = groups.match(text, t.end) if m is None and groups is not None else None
        hit = m or g
        if hit is None or any(a < hit.end() and hit.start(1) < b for a, b in taken):
            continue
        # The mention spans the attack word too: the word names who acts, as «طيران التحالف» does.
        # («قصف حوثي»: a group's nisba names the group.)
        key = "national_force" if m else group_stems[g.group(1)]
        mention = actors_mod.ActorMention(t.start, hit.end(), text[t.start:hit.end()], key,
                                          nationality=stems[m.group(1)] if m else None)
        added.append(Mention(t.start, hit.end(), key, mention))
    spans = {(a.start, a.end) for a in added}
    return (sorted(actors + added, key=lambda a: a.start) if added else actors), spans


def _named_gunmen(actors: list[Mention], text: str) -> list[Mention]:
    """Drop «gunmen» (unidentified) mentions that the next mention names: they are that group's men;
    and soldiers or policemen of the forces named right after them («جنود الجيش الإسرائيلي»)."""
    out = []
    specific = actors_mod.catalogue().entries
    for i, a in enumerate(actors):
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        if nxt is not None and nxt.start - a.end <= 16 and _OF_GROUP.fullmatch(text[a.end:nxt.start]) is not None and (
                a.label == "unidentified" and nxt.label != "unidentified"
                or a.label in actors_mod.NATIONAL_FORCES and nxt.label in specific):
            continue
        out.append(a)
    return out


def _named_again(text: str, resolved) -> list[Mention]:
    """«قريتي تل أعور والفريكة» ... «انسحبوا من تل أعور والفريكة»: a name read as a place after a
    place word is that place wherever the article repeats it, with or without the place word."""
    taken = [(r.mention.start, r.mention.end) for r in resolved]
    seen: set[str] = set()
    out = []
    for r in resolved:
        name = r.mention.text
        if r.mention.cue is None or r.place is None or len(name) < 4 or name in seen:
            continue
        seen.add(name)
        a = text.find(name)
        while a >= 0:
            b = a + len(name)
            word_start = a
            while word_start > 0 and text[word_start - 1].isalnum():
                word_start -= 1
            # The name as a word of its own, after one or two proclitics at most («والفريكة»).
            if text[word_start:a] in _PROCLITICS and (b == len(text) or not text[b].isalnum()) \
                    and not any(x < b and a < y for x, y in taken):
                taken.append((a, b))
                out.append(Mention(a, b, r.location_ar, PlaceRef(r, False)))
            a = text.find(name, b)
    return out


_PROCLITICS = frozenset({"", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"})


# «شارع 26 سبتمبر», «ميدان 30 يونيو», «جسر 14 تموز»: a date that names a street or a square.
_NAMED_AFTER_DATE = re.compile(r"(?:^|\s)[وبل]?(?:ال)?(?:شارع|ميدان|ساحه|جسر|جامعه|مدرسه|مستشفي|حي|دوار|مدينه|لواء|اللواء|"
                               r"سوق)\s+$")  # «سوق الجمعة» (Tripoli), «سوق الخميس»: market towns

_OPEN, _CLOSE = "(\"'[", ")\"']"


def _quoted(text: str, start: int, end: int) -> bool:
    """«لـ(اليوم)», «"الأحد"»: a name in brackets or quotes (a newspaper), not a date."""
    before = text[max(0, start - 2):start].strip()[-1:]
    after = text[end:end + 2].strip()[:1]
    return bool(before) and before in _OPEN and bool(after) and after in _CLOSE


# Counts matter only beside words of death and capture (fatalities, prisoners): read them there.
_COUNT_CUES = {"killed", "injured", "captured"}
_COUNT_WINDOW = 70


def _counts_near_casualties(text: str, cues: list[Mention]) -> list:
    windows: list[list[int]] = []
    for c in cues:
        if c.label not in _COUNT_CUES:
            continue
        a, b = max(0, c.start - _COUNT_WINDOW), min(len(text), c.end + _COUNT_WINDOW)
        if windows and a <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], b)
        else:
            windows.append([a, b])
    out = []
    for a, b in windows:
        # Widen to word boundaries so a window never cuts a number word in two.
        while a > 0 and text[a - 1].isalnum():
            a -= 1
        while b < len(text) and text[b].isalnum():
            b += 1
        out += [replace(n, start=n.start + a, end=n.end + a) for n in numbers_mod.find_numbers(text[a:b])]
    return out


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes
# building one four times slower, and dozens are built per article; nothing changes them.
@dataclass(slots=True)
class PlaceRef:
    """A resolved place mention; ``is_anchor`` when it only locates the place before it."""

    resolved: "geocode.ResolvedPlace"
    is_anchor: bool

    def __getattr__(self, name):  # read through to the ResolvedPlace (place, location_ar, ...)
        return getattr(self.resolved, name)


_DIRECTIONAL = re.compile(r"(?:north|south|east|west)")  # «لحج شمال مدينة عدن»: Aden locates Lahij


def _anchors(resolved: list) -> set[int]:
    """Mentions that serve as the reference of a relation: «درعا» in «صيدا، شرقي درعا»."""
    out = set()
    for i, r in enumerate(resolved):
        if not r.relation or r.parent is None:
            continue
        for j in range(i + 1, min(i + 3, len(resolved))):
            other = resolved[j]
            if other.mention.start - r.mention.end > 40:
                break
            if other.place is not None and other.place.id == r.parent.id:
                if r.place is not None and r.place.feature in ("admin1", "admin2", "country") \
                        and other.place.feature == "populated" and not _DIRECTIONAL.match(r.relation):
                    continue  # «مجلس محافظة ذي قار في مدينة الناصرية»: the town is the finer place
                out.add(j)
    return out

