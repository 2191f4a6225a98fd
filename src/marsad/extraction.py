"""Stage 4: from recognized mentions to candidate events, sentence by sentence.

For every trigger that survives the filters (negated, planned/threatened, background history,
future, a weak word with no conflict around it), the clause around it gives the event's
arguments: the sub-event type (refined by the weapons named), places (one event per named
town), the date, the actors (who acts, who is hit), fatalities, named victims, the attributed
source and the claim status. Denials do not make events: they mark the events they deny.

All offsets here index the normalized text; code.py maps evidence back to the raw text.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from .actors import resolve_actor
from .document import Article, Mention
from .gazetteer.lexicon import cues as place_cue_kinds
from .recognize import WEAPON_ORDER
from .normalize import name_key
from .schema import SUB_EVENT_TYPES

# Clause boundaries inside a sentence: punctuation and the connectives that start a new
# statement. Arguments are looked for in the trigger's clause first, then in its sentence.
_CLAUSE_BREAK = re.compile(
    r"[،؛:;,]|\s(?:و?فيما|و?بينما|في حين|و?حيث|كما|الا ان|وذلك|بعد ان|بعدما|فضلا عن|اضافه الي)\s"
)
_WORD = re.compile(r"\w+")
_TIME_INSERT = re.compile(r"\s*(?:(?:يوم|فجر|صباح|ظهر|عصر|مساء|ليل|ليله|منتصف|امس|اليوم|الليله|اول|من|"
                          r"الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الماضي|الماضيه|الفائت)\s*){1,4}")

# A death toll this large told with no attack or fight, for a whole province or country, sums up
# many events (a ministry's or the UN's count), it is not one.
TALLY_DEATHS = 100
ARMED_KINDS = {"state", "rebel", "militia", "external", "unidentified"}
# Nouns that make a killing an attack on civilians rather than a fight.
_CIVILIAN_WORDS = re.compile(
    r"(?:^|\s)[وبل]?(?:ال)?(?:مدني|مدنيين|مدنيون|مدنيا|مواطن|مواطنين|مواطنون|طفل|اطفال|امراه|نساء|سيده|"
    r"شاب|شابا|صحفي|ناشط|ناشطا|مسعف|عائله|اهالي|سكان|مزارع|راع|عامل|عمال|طالب|طلاب|مدرس|طبيب|رجل|رجلا|"
    r"شخص|شخصا|اشخاص|وجهاء|وجيه|وجيها|مختار|مخاتير|سوق|اسواق|محال|منازل|موظف|موظفين|موظفا)"
)
# A singular noun after «مقتل» without a number: one death.
_SINGLE_VICTIM = re.compile(
    r"^\s*(?:احد|احدى|شخص|مدني|مواطن|طفل|طفله|امراه|سيده|شاب|شابه|رجل|جندي|عنصر|مقاتل|ضابط|"
    r"شرطي|عسكري|مسلح|قيادي|القيادي|الشاب|الطفل|الطفله|المواطن|المدعو|الناشط|العميد|العقيد|اللواء|"
    r"شيخ|الشيخ|قائد|القائد|زعيم|مسؤول|المسؤول|موظف|صحفي|الصحفي|ناشط|طبيب|الطبيب|معلم|مدرس|امام|الامام|"
    r"مختار|المختار|نائب|النائب|عضو|ضابطا|جنديا|عنصرا|مقاتلا|مسن|فتي|فتاه|سائق|راع|مزارع)\b"
)
# A noun in the dual or a sound plural after a death word, with no number («قتل مدنيان», «مقتل
# حوثيين»): two at least, and «مدنيين» is written the same as «مدنيَّيْن»: two, conservatively.
_TWO_VICTIMS = re.compile(r"^\s*(?!(?:بين|عين|حين|الذين|اللذين|اللتين|ممن)\b)\w{2,}(?:ان|ين)\b")
_TARGET_WORDS = {"ضد", "علي", "مع", "استهداف", "لاستهداف", "صفوف", "مواقع", "مواقعها", "نقاط", "تجمعات",
                 "التابع", "التابعه", "التابعين", "التابعتين", "لمواقع", "معاقل", "تعزيزات", "جيوب", "لجيوب",
                 "فلول", "قبضه", "ايدي", "بايدي", "يد",
                 # «سيطروا على حاجزين لفرع الأمن العسكري»: a position's holder is the side that lost it
                 "حاجز", "حاجزا", "حاجزين", "حواجز", "مفرزه", "مقر", "مقرات", "ثكنه", "نقطه", "موقع", "معسكر"}
# «تقدماً», «تقدمها», «تقدمهم»: the noun «advance», not the verb «advanced».
_ADVANCE_NOUN = re.compile(r"(?:[وفب]|ال|وال|بال)?تقدم(?:ا|ها|هم|ه|هما)")
# Just before a word of deaths or wounded: none were («دون إصابات», «لم تسجل أي إصابات»).
_NONE_BEFORE = re.compile(r"(?:دون|بدون|لا|عدم|تسجل|يسجل|اي)\s+$")
# An anniversary or a remembering: «ذكرى», «يستذكرون».
_RECALLS = re.compile(r"ذكري|ستذكر")
# «المظاهرات السلمية»: a definite word after a definite protest noun is its adjective, not
# Salamiyah (a construct «مظاهرات X» would start without the article).
_PROTEST_NOUN_BEFORE = re.compile(r"(?:^|\s)[وف]?ال(?:مظاهرات|احتجاجات|تظاهرات|مسيرات|وقفات|اعتصامات|مظاهره|تظاهره|"
                                  r"مسيره|وقفه|اعتصام|احتجاج)\s+$")
# «تفجير مماثل»: an event like the one just told.
_SIMILAR = re.compile(r"\s+(?:مماثل|مماثله|مماثلين|مماثلتين|مشابه|مشابهه)(?!\w)")
# «ضربة», «استهداف»: strike nouns that continue the strikes just told.
_STRIKE_NOUN = re.compile(r"ضرب(?:ه|ات|تين|تان)$|استهداف$")
# Actors whose attacks are from the air (the Saudi-led and the anti-ISIS coalitions, warplanes).
_AIR_ACTORS = {"ye_coalition", "global_coalition", "coalition", "air_force"}
# Generic actors that can stand on both sides of one fight («بين مسلحين من آل جعفر وآخرين من آل شمص»).
_SIDES_OF_A_KIND = {"tribal_militia"}
# Armed actors whose raids, with no other armed side named, fall on civilians (ACLED: Attack).
_RAIDERS_OF_CIVILIANS = {"il_settlers"}
# Words of one assassination or execution: one dead unless a number says otherwise.
_ONE_KILLED = {"اغتال", "اغتالت", "اغتالوا", "اغتيال", "اغتيل", "اعدم", "اعدمت", "اعدموا", "اعدام"}
# Killings one side carries out on someone who cannot fight back: executions, assassinations.
_EXECUTION = re.compile(r"اعدم|اعدام|اغتال|اغتيال|اغتيل|تصفيه|ذبح")
_EXPLOSION_TYPES = {t for t, et in SUB_EVENT_TYPES.items() if et == "Explosions/Remote violence"}
_PUNCT = re.compile(r"[،,.;:؛!?()\"«»]")
_BETWEEN_BEFORE = re.compile(r"بين\s+$")
_BATTLE_CLASSES = {"Armed clash", "territory", "Government regains territory", "Non-state actor overtakes territory"}
_LOCAL_MEN = re.compile(r"(?:^|\s)[وف]?(?:ابناء|شبان|رجال|مقاتلو|مقاتلي)\s+(?:بلده\s+|مدينه\s+|قريه\s+)?\w")
# A withdrawal or a flight, up to three words, then «towards» (and a place-type word): the place
# after it is where they went.
_RETREAT_TO = re.compile(
    r"(?<!\w)[وف]?(?:(?:ال)?انسحاب\w*|انسحب\w*|[يت]نسحب\w*|فر|فرت|فروا|[يت]فر|[يت]فرون|(?:ال)?فرار|هرب|هربت|"
    r"هربوا|[يت]هرب\w*|(?:ال)?هروب|نزح|نزحت|نزحوا|[يت]نزح\w*|(?:ال)?نزوح)(?:\s+\S+){0,3}\s+"
    r"(?:باتجاه|نحو|الي|الى|صوب|تجاه)(?:\s+\S+)?\s*$")
# «هجوم شنته», «تفجير نفذه», «عملية تبناها», then up to three words («عناصر من»): the actor after it
# carried the event out.
_CARRIED_OUT_BY = re.compile(r"(?<!\w)(?:شن|نفذ|تبنا|تبن|اطلق|زرع)(?:ه|ته|ها|وه|تها|هم)(?:\s+\S+){0,3}\s+$")
# Between two death counts of one event: «14 عنصراً من قسد وتسعة», «5 جنود و3 مدنيين» (no comma, ends in «و»).
_COUNT_JOIN = re.compile(r"^[^،,.:؛]{0,35}(?:\sو|^و)$")
# Between a count of deaths and the place they were told at: «مقتل ثلاثة| مدنيين في |مورك»,
# «قتل اثنان |بتلبيسة» (who died, up to two words, then «في» or the proclitic «ب»).
_DEATHS_AT = re.compile(r"\s+(?:\w+\s+){0,2}(?:(?:في|داخل)\s+(?:(?:مدينه|بلده|قريه|حي)\s+)?|ب)")
# Fire or force to break a crowd up: «في الهواء», «لتفريقهم», «لتفريق المتظاهرين».
_DISPERSAL = re.compile(r"في الهواء|لتفريق|بهدف تفريق")
# «وكانت ... قد», «كان الجيش قد»: the pluperfect of Arabic news, up to four words apart.
_PLUPERFECT = re.compile(r"(?<!\w)[وف]?(?:كان|كانت|كانوا)(?:\s+\S+){0,4}\s+قد(?=\s)")
# What opens reported speech: «إن», «أن», «بأن» or a colon.
_SAYS = re.compile(r"(?:^|\s)(?:ان|انه|انها|انهم|بان|بانه):?(?=\s)|:")
_ABOUT = re.compile(r"(?:^|\s)عن(?=\s)")
_CLAUSE_OPENERS = {"ان", "انه", "انها", "انهم", "بان", "بانه", "فان", "الي", "علي", "في", "من", "عن", "ايضا"}
_TIME_PREPOSITIONS = {"بعد", "غداه", "عقب", "اعقاب", "اثر", "قبل", "منذ", "اثناء", "ابان", "وبعد", "وعقب"}
_OPERATION_WORDS = {"عمليه", "عمليات", "معركه", "معارك", "حمله", "لمعركه", "لعمليه", "بمعركه", "بعمليه"}
# Duals that name again a pair of places told before («قريتي أ وب ... القريتين»).
_DUAL_PLACES = {"قريتين": "قريتي", "بلدتين": "بلدتي", "مدينتين": "مدينتي", "منطقتين": "منطقتي"}
_JOINERS = {"و", "او", "ثم"}
_LIST_CUES = {"بلده", "بلدات", "قريه", "قري", "قريتي", "بلدتي", "مدينه", "مدن", "مدينتي", "حي", "احياء", "منطقه",
              "مناطق", "مخيم", "ناحيه",
              "اطراف", "محيط", "ضواحي"}  # «قريتي أ وب وأطراف بلدة ج»: the outskirts of one more place
# Military positions: storming one and taking its garrison is taking territory.
_POSITION = re.compile(r"(?:^|\s)[وبل]?(?:ال)?(?:حاجز|حواجز|نقطه|نقاط|موقع|مواقع|مقر|مقرات|ثكنه|معسكر|مفرزه|كتيبه|سريه|تله|قاعده)")
# Classes whose actors are crowds: protesters and rioters act in them, elsewhere they are hit.
_CROWD_CLASSES = {"Peaceful protest", "Protest with intervention", "Violent demonstration", "Mob violence"}
_SUBJECTED = ("تعرض", "يتعرض", "تتعرض", "وتعرض", "وتتعرض", "ويتعرض")
_CAUSE_WORDS = {"اثر", "بعد", "جراء", "نتيجه", "ادي", "اديا", "ادت"}
# Verbs of confronting take their object with ل: «تصدوا لمحاولة تسلل» is the attempt, no purpose.
_CONFRONT_WORDS = {f"{c}{v}" for c in ("", "و", "ف")
                   for v in ("تصدي", "تصدت", "تصدوا", "يتصدي", "تتصدي", "يتصدون", "التصدي", "تصدتا")}
# «على المعسكر», «في البلدة»: a place told before, named again by its kind alone.
_PLACE_ANAPHOR = re.compile(r"(?:^|\s)(?:[وف]?(?:في|علي|الي|من|داخل|محيط|قرب)\s|[وف]?[بل])?"
                            r"ال(?:مدينه|بلده|قريه|معسكر|مطار|مخيم|حي)(?=[\s،.,]|$)")
# A relative clause in the present tense after an event noun: «الهجمات التي تنفذها», «الغارات التي يشنها».
_HABITUAL = re.compile(r"\s+(?:التي|الذي|اللتي)\s+[تي](?!م\b)\w{2,}")
_RELATIVE_BEFORE = re.compile(r"(?:^|\s)و?(?:التي|الذي|الذين|اللتي|اللذين)\s+$")
# «حصيلة الاشتباكات», «ضحايا القصف»: the toll of an event told elsewhere.
_TOLL_OF = re.compile(r"(?:حصيله|ضحايا|قتلي)\s+$")
# Words that stand before the quoted name of a military campaign.
_NAMED_OPERATION = re.compile(r"[وفبل]?(?:ال)?(?:معركه|عمليه|غزوه|حمله|ملحمه)")
_DEFINITE = re.compile(r"^[وف]?[بكل]?(?:ال|لل)")
_NAME_STOP = {
    "في", "من", "على", "الى", "الي", "عن", "مع", "بعد", "قبل", "اثر", "جراء", "نتيجه", "خلال", "وهو",
    "وهي", "الذي", "التي", "حيث", "كما", "فيما", "بينما", "اثناء", "بسبب", "برصاص", "بقصف", "بشظايا",
    "واصابه", "وجرح", "واصيب", "قرب", "داخل", "امام", "عند", "اليوم", "امس", "صباح", "مساء", "ليل",
    "فجر", "ظهر", "منذ", "اصابته", "متاثرا", "متاثره", "وذلك", "ان", "انه", "بن", "ابن",
}


@dataclass
class Candidate:
    """An event found in one clause, with the mentions that support it."""

    sub_event_type: str
    sentence_index: int
    paragraph: int
    trigger: Mention
    clause: tuple[int, int]
    strength: str
    place: Mention | None = None  # a places Mention (data: geocode.ResolvedPlace)
    place_inherited: bool = False
    date_mention: Mention | None = None
    event_date: date | None = None
    time_precision: int = 1
    actor1: Mention | None = None
    actor2: Mention | None = None
    fatalities: int = 0
    fatalities_estimated: bool = False
    victims: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, status)
    claim_status: str = "reported"
    source_party: tuple[int, int] | None = None
    evidence: list[tuple[int, int]] = field(default_factory=list)
    confidence: float = 0.5
    from_title: bool = False  # a headline's summary of events the body tells
    detail_spans: list[tuple[int, int]] = field(default_factory=list)  # date, deaths: more evidence
    captured: int = 0  # people taken prisoner («أسروا 25 عنصراً»): for the notes, never fatalities

    @property
    def event_type(self) -> str:
        return SUB_EVENT_TYPES[self.sub_event_type]


@dataclass(frozen=True, slots=True)
class Deaths:
    count: int
    estimated: bool
    spans: list[tuple[int, int]]  # the death words and their numbers in the text


class _Index:
    """Mentions of one group, sorted, with range queries."""

    def __init__(self, mentions: list[Mention]):
        self.items = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.items]

    def within(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end, i)
        if i == j:
            return []
        return [m for m in self.items[i:j] if m.end <= end]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        cuts.append(m.start())
    cuts.append(end)
    # «سيطرت قوات الأسد، السبت، على قريتي ...»: a day set off by commas is no clause of its own.
    keep = [cuts[0]]
    i = 1
    while i < len(cuts) - 1:
        a, b = cuts[i], cuts[i + 1]
        if text[a] in "،," and b < end and text[b] in "،," and _TIME_INSERT.fullmatch(text, a + 1, b):
            i += 2  # drop both commas around the day
            continue
        keep.append(a)
        i += 1
    keep.append(end)
    return [(a, b) for a, b in zip(keep, keep[1:]) if b > a]


def _words_between(text: str, a: int, b: int) -> int:
    return len(_WORD.findall(text, a, b)) if b > a else 0


class Extractor:
    """Finds candidate events in one recognized article."""

    def __init__(self, article: Article):
        self.article = article
        self.text = article.text
        s = article.spans
        self.triggers = _Index(s.get("triggers", []))
        self.weapons = _Index(s.get("weapons", []))
        self.cues = _Index(s.get("cues", []))
        groups: dict[str, list[Mention]] = {}
        for c in self.cues.items:
            groups.setdefault(c.label, []).append(c)
        self._cue_groups = {label: _Index(ms) for label, ms in groups.items()}
        self._no_cues = _Index([])
        self.places = _Index(s.get("places", []))
        self._resolve_duals()
        self.country = article.meta.get("country")
        # «القيادة العامة» is Haftar's army in Libya and the army's headquarters in Khartoum: a name
        # that means an actor only in context does not mean one that fights elsewhere.
        self.actors = _Index([a for a in s.get("actors", []) if not _elsewhere(a, self.country)])
        self.dates = _Index(s.get("dates", []))
        self.numbers = _Index(s.get("numbers", []))
        self.published = article.doc.published
        self.candidates: list[Candidate] = []
        self._sentence_starts = [s.start for s in article.sentences]
        self.focus = self._focus_place()
        self.news_day = self._news_day()
        self.denials: list[tuple[str, int]] = []  # (sub-event type, sentence index)

    def _news_day(self) -> date | None:
        """The day the article is about: the day its own relative dates point to most often.

        Dailies report yesterday («أمس») and wires today («اليوم»): an event the article does not
        date happened on that day, not necessarily on the publication day.
        """
        if self.published is None:
            return None
        days = Counter(
            d.data.date for d in self.dates.items
            if d.data.date is not None and d.data.precision == 1 and 0 <= (self.published - d.data.date).days <= 2
        )
        if not days:
            return self.published
        best = max(days.values())
        return max(day for day, n in days.items() if n == best)

    @property
    def _told_as_today(self) -> bool:
        """The article dates its news by the day it speaks from («اليوم», «أمس», «الخميس»)."""
        return any(d.data.kind in ("relative", "weekday") and d.data.precision == 1 for d in self.dates.items)

    def _focus_place(self) -> Mention | None:
        """Where the article is datelined («بغداد - المدى»): the place of events that name none."""
        span = self.article.meta.get("dateline")
        if span:
            for p in self.places.within(span[0], span[1] + 1):
                if not getattr(p.data, "is_anchor", False):
                    return p
        return None

    # --- filters -------------------------------------------------------------------------

    def _cues(self, a: int, b: int, group: str) -> list[Mention]:
        return self._cue_groups.get(group, self._no_cues).within(a, b)

    def _object_near(self, trig: Mention, words: tuple[str, ...], clause) -> bool:
        """One of ``words`` within eight words after the trigger, in its clause."""
        after = " ".join(w for w in _WORD.findall(self.text, trig.end, clause[1])[:8])
        stems = {re.sub(r"^(?:[وفبل]?ال|[وفبل])", "", w) for w in after.split()}
        return any(w in after.split() or w in stems or (" " in w and w in after) for w in words)

    def _support(self, trig: Mention) -> bool:
        """«بدعم من طيران التحالف»: support named as a circumstance of another side's operation."""
        return self._after_support(trig.start)

    def _after_support(self, pos: int) -> bool:
        """A word of support just before ``pos``; up to two words between: «بدعم جوي من طيران»."""
        return any(_words_between(self.text, c.end, pos) <= 2
                   for c in self._cues(max(0, pos - 30), pos, "support"))

    def _negated(self, trig: Mention, clause: tuple[int, int]) -> bool:
        if self._cues(clause[0], trig.start, "no_event"):  # «لم تشهد المدينة أي اشتباكات»
            return True
        for c in self._cues(clause[0], trig.start, "negation"):
            if _words_between(self.text, c.end, trig.start) <= 3:
                return True
        return False

    def _modal(self, trig: Mention, clause: tuple[int, int], sent: tuple[int, int]) -> bool:
        # A plan or threat governs the rest of its sentence («هدد بقصف ...»), not just the clause.
        for c in self._cues(sent[0], trig.start, "modality"):
            if _words_between(self.text, c.end, trig.start) <= 8:
                return True
        # Future tense: «سـ» on the verb itself (سيقصف، ستشن).
        w0 = trig.start
        if w0 > 0 and self.text[w0 - 1] == "س" and (w0 < 2 or not self.text[w0 - 2].isalnum()):
            return True
        return False

    def _purpose(self, trig: Mention) -> bool:
        """«لتحرير», «للهجوم على»: a verbal noun after the purpose lam is an aim, not an event,
        unless something «was subjected to» it («تعرضت البلدة للقصف»)."""
        if not re.match(r"^[وف]?ل", trig.data.prefix):
            return False  # (a verb form after ل is «ليقصف», in order to shell: a purpose too)
        if trig.data.cls in ("Protest with intervention", "Excessive force against protesters"):
            return False  # «أطلقت الغاز لتفريق المحتجين»: the dispersal is the event
        before = _WORD.findall(self.text, max(0, trig.start - 120), trig.start)[-15:]
        if before and (before[-1] in _CAUSE_WORDS or before[-1] in _CONFRONT_WORDS):
            return False
        return not any(w.startswith(_SUBJECTED) for w in before)

    def _background(self, trig: Mention, clause: tuple[int, int], sent: tuple[int, int]) -> bool:
        if self._cues(clause[0], trig.start, "background"):
            return True
        if any(_words_between(self.text, c.end, trig.start) <= 4 for c in self._cues(clause[0], trig.start, "accusation")):
            return True  # «للاشتباه بتورطهم في إطلاق نار»: what they are suspected of
        # «يستعيد السوريون ذكرى انطلاق الاحتجاجات ... حين خرجت أولى المظاهرات»: what an anniversary
        # recalls, in the rest of its sentence, is history.
        if any(_RECALLS.search(self.text, c.start, c.end) for c in self._cues(sent[0], trig.start, "background")):
            return True
        before = _WORD.findall(self.text, max(0, trig.start - 12), trig.start)
        if before and before[-1] in ("منذ", "ومنذ"):  # «منذ تحرير عدن»: since an earlier event
            return True
        # «غداة سيطرته على المدينة», «بعد تحريرها»: a takeover named as a time reference;
        # «معركة تحرير», «عملية تحرير»: an operation that aims at one, not a takeover.
        if trig.data.cls == "territory" and not trig.data.is_verb and before and (
                before[-1] in _TIME_PREPOSITIONS or before[-1] in _OPERATION_WORDS):
            return True
        # «صادرته قبل أربع سنوات في أعقاب احتجازه»: an old date just before the trigger.
        for d in self.dates.within(max(0, trig.start - 80), trig.start):
            if getattr(d.data, "past_years", False):
                return True
        for d in self.dates.within(*clause):
            info = d.data
            if getattr(info, "past_years", False):
                return True
        # «وكانت الفصائل قد سيطرت الشهر الماضي على ...»: the pluperfect recalls what happened
        # before; with a date weeks before the article it is background.
        if self.published is not None and _PLUPERFECT.search(self.text, clause[0], trig.start):
            for d in self.dates.within(*clause):
                day = getattr(d.data, "date", None)
                if day is not None and (self.published - day).days >= 10:
                    return True
        return False

    def _supported(self, strength: str, sent: tuple[int, int]) -> bool:
        if strength == "strong":
            return True
        armed = any(
            getattr(resolve_actor(a.label, self.country), "kind", "") in ARMED_KINDS
            for a in self.actors.within(*sent)
        )
        if strength == "weak":
            crowd = any(getattr(resolve_actor(a.label, self.country), "kind", "") in ("protesters", "rioters")
                        for a in self.actors.within(*sent))
            return bool(
                armed
                or crowd
                or any(w.label != "firearms" for w in self.weapons.within(*sent))
                or self._told(sent, "killed")
                or self._told(sent, "injured")
            )
        return bool(armed or self._cues(sent[0], sent[1], "conflict_context"))

    def _told(self, sent: tuple[int, int], group: str) -> bool:
        """Deaths or wounded told in the sentence, not denied («دون إصابات», «لم تسجل إصابات»)."""
        return any(not _NONE_BEFORE.search(self.text, max(sent[0], c.start - 12), c.start)
                   for c in self._cues(sent[0], sent[1], group))

    # --- sub-event type ------------------------------------------------------------------

    def _weapon_type(self, a: int, b: int) -> str | None:
        # «وسط إسناد جوي للتحالف»: another side's support is not the weapon of this fight.
        found = {w.label for w in self.weapons.within(a, b) if not self._after_support(w.start)}
        for cls in WEAPON_ORDER:
            if cls in found:
                return cls
        return None

    def _civilian_targets(self, a: int, b: int) -> bool:
        if any(getattr(resolve_actor(x.label, self.country), "kind", "") == "civilians"
               for x in self.actors.within(a, b)):
            return True
        return bool(_CIVILIAN_WORDS.search(self.text, a, b))

    def _actors_in(self, span) -> set[str]:
        return {a.label for a in self.actors.within(*span)}

    def _recent_explosion(self, trig: Mention) -> str | None:
        """The sub-type of an explosion told in this or the previous sentence, if any."""
        for c in reversed(self.candidates):
            if c.trigger.end <= trig.start and c.sub_event_type in _EXPLOSION_TYPES:
                gap = self.text[c.trigger.end:trig.start]
                return c.sub_event_type if gap.count("\n") == 0 and len(gap) < 400 else None
        return None

    def _kinds(self, a: int, b: int) -> set[str]:
        return {getattr(resolve_actor(x.label, self.country), "kind", "") for x in self.actors.within(a, b)}

    def _armed_actors(self, a: int, b: int) -> list[Mention]:
        return [
            x for x in self.actors.within(a, b)
            if getattr(resolve_actor(x.label, self.country), "kind", "") in ARMED_KINDS
        ]

    def _refine(self, trig: Mention, clause: tuple[int, int], sent: tuple[int, int]) -> str | None:
        info = trig.data
        cls = info.cls
        if cls == "Protest with intervention" and (
                self._cues(sent[0], sent[1], "killed") or "firearms" in {w.label for w in self.weapons.within(*sent)}):
            return "Excessive force against protesters"  # live fire or deaths while dispersing
        if cls == "Armed clash" and "احباط" in self.text[trig.start:trig.end] and \
                self._weapon_type(*sent) in ("Remote explosive/landmine/IED", "Suicide bomb"):
            return "Disrupted weapons use"  # «إحباط محاولة ... بسيارتين مفخختين»: a bombing stopped
        if cls == "Armed clash" and info.strength == "weak" and self._cues(*sent, "killed") \
                and self._civilian_targets(*sent) and len({a.label for a in self._armed_actors(*sent)}) <= 1:
            # «اقتحمت قوات الدعم السريع الحي وقتلت 28 مدنياً»: one armed side storming and killing
            # civilians is an attack on them, not a fight.
            return "Attack"
        if cls in ("Shelling/artillery/missile attack", "Air/drone strike") and \
                self._weapon_type(*clause) == "Chemical weapon":
            return "Chemical weapon"  # «قذائف تحمل مادة الكلور»: what the shells carried decides
        if cls in SUB_EVENT_TYPES:
            return cls
        # The weapon named nearest: the clause, else a few words around the trigger (long sentences
        # list many attacks, and a helicopter in one must not make another's shelling an air strike).
        near = (max(sent[0], trig.start - 60), min(sent[1], trig.end + 60))
        weapon = self._weapon_type(*clause) or (None if info.default else self._weapon_type(*near))
        if cls == "attack" and info.near and "النار" in info.near:
            weapon = "firearms"  # «أطلقت زوارق حربية النار صوب مراكب الصيادين»: gunfire, whatever fired it
        crowd = self._kinds(*sent) & {"protesters", "rioters"}
        if cls in ("attack", "killing") and crowd and (not weapon or weapon == "firearms"):
            if self._armed_actors(*clause) or self._armed_actors(*sent):
                return "Excessive force against protesters"  # forces shooting or killing protesters
            return "Mob violence"  # a crowd beating someone
        if cls == "attack":
            if weapon and weapon != "firearms":
                return weapon
            if _SIMILAR.match(self.text, trig.end) and (recent := self._recent_explosion(trig)):
                return recent  # «كما وقع تفجير مماثل»: like the one just told
            if info.default:
                # «قصف التحالف»: a coalition bombards from the air; explosions heard as its planes fly
                # over are its strikes, but only when told together (a long wire sentence lists many).
                scope = (sent if info.strength == "weak" else clause) \
                    if info.default == "Shelling/artillery/missile attack" else near
                if self._actors_in(scope) & _AIR_ACTORS:
                    return "Air/drone strike"  # «قصف التحالف»: a coalition that bombs from the air
                return info.default
            word = self.text[trig.start:trig.end]
            recent = self._recent_explosion(trig) if _STRIKE_NOUN.search(word) else None
            if recent:
                return recent  # «وأسفرت إحدى الضربات عن ...»: more of the strikes just told
            if self._civilian_targets(*clause) and len(self._armed_actors(*clause)) <= 1:
                return "Attack"
            armed = {a.label for a in self._armed_actors(*sent)}
            if armed and armed <= _RAIDERS_OF_CIVILIANS:
                return "Attack"  # «هاجم مستوطنون قرية ترمسعيا»: settlers raid villagers, no one fights back
            if armed:
                return "Armed clash"
            return None
        if cls == "killing":
            if weapon and weapon != "firearms":
                return weapon
            if self._civilian_targets(*sent):
                return "Attack"
            if len(self._armed_actors(*sent)) >= 2:
                return "Armed clash"
            if _EXECUTION.search(self.text[trig.start:trig.end]) and self._armed_actors(*sent):
                return "Attack"  # «أعدم مسلحون شيخاً قبلياً»: one side kills someone in its hands
            return None
        if cls == "territory":
            if _ADVANCE_NOUN.fullmatch(self.text[trig.start:trig.end]) and not trig.data.present:
                # «أحرزوا تقدماً», «تواصل تقدمها نحو المدينة»: advancing is fighting; only a place
                # taken («سيطروا على», «تقدمت إلى التلة») changed hands.
                return "Armed clash"
            return "territory"  # decided in code.py once the actor is known
        return None

    # --- arguments -----------------------------------------------------------------------

    def _event_places(self, trig: Mention, clause, sent) -> list[Mention]:
        """Places the event happened at: in the clause (after the trigger first), else the sentence.

        Places that only locate another place («صيدا، شرقي درعا»: درعا) are not event places;
        several coordinated towns («قرى الحواش والقاهرة وقسطون») each get an event.
        """
        every = self.places.within(*sent)
        # «المظاهرات السلمية في مدينة حماة»: an adjective read as a place is none, and the place
        # that seemed to locate it is a place of its own again.
        adjective = {m.start for m in every if _PROTEST_NOUN_BEFORE.search(self.text, max(sent[0], m.start - 14), m.start)}
        freed = {b.start for a, b in zip(every, every[1:]) if a.start in adjective}

        def usable(ms, countries=False):
            return [m for m in ms if (not getattr(m.data, "is_anchor", False) or m.start in freed) and m.label
                    and m.start not in adjective and _is_country(m) == countries]

        in_sentence = [m for m in usable(every) if not self._is_outlet(m)
                       and not _in_operation_name(self.text, m.start, sent[0])]
        # «بيروت (رويترز) - قصفت المدفعية ...»: the dateline says where the report was filed.
        dateline = self.article.meta.get("dateline")
        if dateline and len(in_sentence) > 1:
            in_sentence = [m for m in in_sentence if not (dateline[0] <= m.start < dateline[1] + 1)]
        # «هجوم شنته من عدن»: where an attack came from is not where it happened (nor the rest of
        # a list that starts there: «من مناطق قصاد والقبة والنخلة»).
        origins: list[Mention] = []
        for i, m in enumerate(in_sentence):
            if self._is_origin(m) or (i and in_sentence[i - 1] in origins and self._joined(in_sentence[i - 1], m)):
                origins.append(m)
        if len(origins) < len(in_sentence):
            in_sentence = [m for m in in_sentence if m not in origins]
        # «قبل أن تنسحب القطعات باتجاه قاعدة الحبانية»: where a side withdrew or fled to, neither.
        retreats = [m for m in in_sentence if _RETREAT_TO.search(self.text, max(sent[0], m.start - 60), m.start)]
        if len(retreats) < len(in_sentence):
            in_sentence = [m for m in in_sentence if m not in retreats]
        # «وقال المسؤول الصحي في عدن: إن مدنيين قتلوا ...»: where the speaker is, not the event.
        speakers = [m for m in in_sentence if m.end <= trig.start and self._in_speaker(m, sent)]
        in_sentence = [m for m in in_sentence if m not in speakers]
        clause_places = [m for m in in_sentence if clause[0] <= m.start < clause[1]]
        # «الاشتباكات مع قصف الطيران لمناطق في قرى ...»: the places after the next event word are its own.
        mine = _family(trig.data)
        later = [t.start for t in self.triggers.within(trig.end, clause[1])
                 if mine and _family(t.data) and _family(t.data) != mine]
        after = [m for m in clause_places if trig.start <= m.start < (later[0] if later else clause[1])]
        if after:
            chosen = self._coordinated(in_sentence, in_sentence.index(after[0]), 1)
            if all(_feature(m) == "admin1" for m in chosen):
                # «قصف في محافظة شبوة تعزيزات متجهة إلى منطقة بيحان»: the province's town is the place.
                towns = [m for m in after if m not in chosen and _feature(m) not in ("admin1", "country")
                         and _admin1(m) == _admin1(chosen[0])]
                if towns:
                    return [towns[0]]
            return chosen
        if clause_places:
            chosen = self._coordinated(in_sentence, in_sentence.index(clause_places[-1]), -1)
            if all(_feature(m) == "admin1" for m in chosen):
                # «قاعدة عين الأسد ... في محافظة الأنبار لهجوم»: the province's town is the place.
                towns = [m for m in clause_places if m not in chosen and _feature(m) not in ("admin1", "country")
                         and _admin1(m) == _admin1(chosen[0])]
                if towns:
                    return [towns[-1]]
            return chosen
        referred = self._referred_place(clause, sent)  # «قصف على أماكن في المدينة، كما ...»
        if referred is not None:
            return [referred]
        after = [m for m in in_sentence if m.start >= trig.end]
        if after:
            return [after[0]]
        if in_sentence:
            last = in_sentence[-1]
            if _feature(last) == "admin1":
                # «في مدينة الجنينة غرب دارفور ... كما نهبت المحال»: the town, not its province.
                towns = [m for m in in_sentence if _feature(m) not in ("admin1", "country") and _admin1(m) == _admin1(last)]
                if towns:
                    return [towns[-1]]
            return [last]
        # Only a country named: the caller may prefer the place the story is already at.
        return usable(self.places.within(*clause), True)[:1] or usable(self.places.within(*sent), True)[:1]

    def _deaths_place(self, spans: list[tuple[int, int]], places: list[Mention]) -> int | None:
        """Which of an event's places its deaths are told at: a place named right after a count
        («مقتل ثلاثة مدنيين في مورك», «قتل اثنان بتلبيسة»), or None."""
        ids = [_place_id(p) for p in places]
        for _, end in spans:
            for m in self.places.within(end, end + 30):
                gap = self.text[end:m.start]
                if _DEATHS_AT.fullmatch(gap) and _place_id(m) in ids:
                    return ids.index(_place_id(m))
                break  # only the first place after the count
        return None

    def _claimer(self, sent) -> Mention | None:
        """The armed group named right after a claim word («تبناه تنظيم داعش», «أعلنت الحركة مسؤوليتها»)."""
        for c in self._cues(*sent, "claim"):
            # (A long name may run past the window: «فصائل المقاومة الإسلامية في العراق».)
            around = [a for a in self.actors.within(max(sent[0], c.start - 30), sent[1]) if a.start <= c.end + 30
                      and getattr(resolve_actor(a.label, self.country), "kind", "") in ("rebel", "militia", "unidentified")]
            after = [a for a in around if a.start >= c.end]
            if after or around:
                return (after or around)[0]
        return None

    def _own_span(self, trig: Mention, clause, sent) -> tuple[int, int]:
        """The trigger's clause and what follows it up to the next event word of the sentence."""
        nxt = [t.start for t in self.triggers.within(trig.end, sent[1])]
        return clause[0], max(clause[1], nxt[0] if nxt else sent[1])

    def _referred_place(self, clause, sent) -> Mention | None:
        """«غارات على المعسكر», «في البلدة»: a definite place noun with no name points back to the
        last place named in this sentence or the one before it."""
        hit = _PLACE_ANAPHOR.search(self.text, *clause)
        if hit is None or self.places.within(*hit.span()):
            return None  # no such word, or it is a name itself («حي الشريعة» is read as a place)
        previous = [s for s in self.article.sentences if s.end <= sent[0]][-1:]
        start = previous[0].start if previous else sent[0]
        named = [m for m in self.places.within(start, clause[0])
                 if not getattr(m.data, "is_anchor", False) and m.label and _feature(m) not in ("country", "admin1")
                 and not self._is_outlet(m) and not self._in_speaker(m, self._sentence_of(m.start))]
        return named[-1] if named else None

    def _position_home(self, trig: Mention, clause, sent) -> Mention | None:
        """The town named before a trigger whose clause takes a position (checkpoint, post, base)."""
        position = _POSITION.search(self.text, trig.end, clause[1])
        if position is None or _words_between(self.text, trig.end, position.start()) > 1:
            return None  # the position must be what was taken: «سيطروا على حاجزين»
        before = [m for m in self.places.within(sent[0], trig.start)
                  if not getattr(m.data, "is_anchor", False) and m.label and _feature(m) not in ("country", "admin1")
                  and not self._in_speaker(m, sent)]
        return before[-1] if before else None

    def _sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and pos < self.article.sentences[i].end:
            return self.article.sentences[i].start, self.article.sentences[i].end
        return pos, pos

    def _in_speaker(self, m: Mention, sent) -> bool:
        """A place inside the words naming who speaks: after «قال/أفاد/ذكر» and before the «إن» or
        colon that opens what they say."""
        for c in self._cues(sent[0], m.start, "attribution"):
            if _SAYS.search(self.text, c.end, m.start) or _ABOUT.search(self.text, c.end, m.start) \
                    or len(_WORD.findall(self.text, c.end, m.start)) > 8:
                continue  # the place is already inside what is said («أعلن عن بدء عملية في درعا»)
            says = _SAYS.search(self.text, m.end, min(sent[1], m.end + 40))
            if says and not self._cues(m.end, says.start(), "attribution"):
                return True
        return False

    def _resolve_duals(self) -> None:
        """«القريتين», «البلدتين» after «قريتي تل أعور والفريكة» are those two villages again, not
        the town of al-Qaryatayn: the dual stands for the pair named before it, at its own place
        in the text."""
        items = []
        for m in self.places.items:
            dual = _DUAL_PLACES.get(name_key(self.text[m.start:m.end]))
            # «مدينة القريتين» is the town itself: only a bare dual names a pair again.
            pair = self._last_pair(m.start, dual) if dual and not getattr(m.data.mention, "cue", None) else []
            items += [Mention(m.start, m.end, p.label, p.data) for p in pair] or [m]
        self.places = _Index(items)

    def _last_pair(self, before: int, cue: str) -> list[Mention]:
        """The last pair «قريتي أ وب» before ``before`` whose cue matches the dual («القريتين»)."""
        for m in reversed(self.places.within(max(0, before - 1500), before)):
            words = _WORD.findall(self.text, max(0, m.start - 12), m.start)
            if words and re.sub(r"^[وفبل]", "", words[-1]) == cue:
                named = [p for p in self.places.within(m.start, before) if not getattr(p.data, "is_anchor", False)]
                if len(named) >= 2 and self._joined(named[0], named[1]):
                    return named[:2]
        return []

    def _is_origin(self, place: Mention) -> bool:
        """«شنته من عدن»: where an attack came from, not where it happened."""
        words = _WORD.findall(self.text, max(0, place.start - 20), place.start)
        return bool(words) and (words[-1] in ("من", "انطلاقا") or words[-2:] == ["انطلاقا", "من"])

    def _is_outlet(self, place: Mention) -> bool:
        """«قالت مصادر لـ"الرياض"», «صحيفة "الوطن"»: a newspaper or a named operation, never a place."""
        if re.search(r'ل\s*"\s*(?:ال)?$', self.text[max(0, place.start - 6):place.start]):
            return True
        # A quoted name with no place-type word before it is a newspaper or a named operation.
        quoted = re.search(r'"\s*$', self.text[max(0, place.start - 3):place.start]) and \
            re.match(r'\s*"', self.text[place.end:place.end + 3])
        return bool(quoted) and not getattr(place.data.mention, "cue", None)

    def _joined(self, a: Mention, b: Mention) -> bool:
        """Two place mentions in one list: only «و», «أو», commas or place-type words between them."""
        gap = self.text[a.end:b.start]
        words = _WORD.findall(gap)
        if len(words) > 2 or set(re.sub(r"\w", "", gap)) - set(" ،,"):
            return False
        return all(w in _JOINERS or w in _LIST_CUES or (w[:1] == "و" and w[1:] in _LIST_CUES) for w in words)

    def _coordinated(self, places: list[Mention], i: int, step: int) -> list[Mention]:
        """Place ``i`` and its neighbours in the same list, walking forward (1) or backward (-1)."""
        out = [places[i]]
        j = i + step
        while 0 <= j < len(places):
            a, b = (out[-1], places[j]) if step > 0 else (places[j], out[-1])
            if not self._joined(a, b):
                break
            out.append(places[j])
            j += step
        return out if step > 0 else out[::-1]

    def _date(self, trig: Mention, clause, sent, paragraph_dates: list[Mention]) -> Mention | None:
        """The date nearest the trigger in its clause, else in its sentence, else the paragraph's last."""
        for span in (clause, sent):
            ds = [d for d in self.dates.within(*span)
                  if (getattr(d.data, "date", None) is not None or self.published is None)
                  and not getattr(d.data, "past_years", False)]
            if ds:
                return min(ds, key=lambda d: min(abs(d.start - trig.end), abs(trig.start - d.end)))
        return paragraph_dates[-1] if paragraph_dates else None

    def _pick_actors(self, trig: Mention, clause, sent) -> tuple[Mention | None, Mention | None]:
        def dedupe(ms):
            seen, out = set(), []
            for m in ms:
                if m.label not in seen or m.label in _SIDES_OF_A_KIND:
                    seen.add(m.label)
                    out.append(m)
            return out

        if trig.data.cls in ("Protest with intervention", "Excessive force against protesters"):
            # A crowd and the forces that meet it, wherever the sentence names them.
            kinds = [(a, getattr(resolve_actor(a.label, self.country), "kind", "")) for a in self.actors.within(*sent)]
            crowd = next((a for a, k in kinds if k in ("protesters", "civilians", "rioters")), None)
            forces = next((a for a, k in kinds if k in ("state", "external", "militia")), None)
            if trig.data.cls == "Protest with intervention":
                return crowd, forces
            return forces, crowd
        victims_only = set() if trig.data.cls in _CROWD_CLASSES else {"civilians", "protesters"}

        def can_act(a: Mention) -> bool:
            return getattr(resolve_actor(a.label, self.country), "kind", "") not in victims_only

        # An actor whose name holds the trigger («طيران التحالف الدولي») or lies in it acts.
        inside = [a for a in self.actors.within(max(0, trig.start - 40), trig.end + 40) if can_act(a)
                  and (a.start <= trig.start < a.end or trig.start <= a.start < trig.end)]
        if inside:  # «شن طيران التحالف»: the trigger names who acts
            # («الطيران الحربي التابع للجيش»: the force it belongs to is the same side, not its target.)
            same = getattr(resolve_actor(inside[0].label, self.country), "name", None)
            others = [a for a in self.actors.within(*clause) if a.label != inside[0].label
                      and not (trig.start <= a.start and a.end <= trig.end)
                      and getattr(resolve_actor(a.label, self.country), "name", None) != same]
            return inside[0], (others[0] if others else self._hurt(trig, clause, sent, can_act, inside[0].label))
        # «تتصدى لجيوب الحوثيين ... وتمت السيطرة»: an actor named as a target does not act.
        before = dedupe([a for a in self.actors.within(clause[0], trig.start) if can_act(a) and not self._is_target(a)])
        # «قتل ثلاثة عناصر من الشرطة في هجوم مسلح»: those told dead or hurt before the event word
        # were hit by it.
        hit = [a for a in before if trig.data.cls != "killing" and (any(
            _words_between(self.text, c.end, a.start) <= 5
            for group in ("killed", "injured", "captured") for c in self._cues(clause[0], a.start, group))
            # «لقي عنصران من الشرطة حتفهما في هجوم»: the death word right after them
            or any(_words_between(self.text, a.end, c.start) <= 1
                   for group in ("killed", "injured") for c in self._cues(a.end, trig.start, group)))]
        before = [a for a in before if a not in hit]
        after = dedupe([a for a in self.actors.within(trig.end, clause[1])])
        targets: list[Mention] = []
        for a in after:
            # «قصفت مواقع الحوثيين وقوات صالح»: an actor joined to a target is a target too.
            joined = bool(targets) and not _WORD.sub("", self.text[targets[-1].end:a.start]).strip(" ،,") \
                and _WORD.findall(self.text, targets[-1].end, a.start) in ([], ["و"])
            if self._is_target(a) or not can_act(a) or joined:
                targets.append(a)
        agents = [a for a in after if a not in targets]
        # «في هجوم لخلايا داعش», «قصف مدفعي لقوات الدعم السريع على»: an attack noun with «لـ» and an
        # actor right after it names who attacked, whoever is named before.
        if not trig.data.is_verb and agents and re.fullmatch(r"\s*(?:\S+\s+)?ل", self.text[trig.end:agents[0].start]) \
                and (trig.data.cls == "attack" or trig.data.cls in _EXPLOSION_TYPES):
            others = dedupe([a for a in self.actors.within(*clause) if a.label != agents[0].label])
            return agents[0], (others[0] if others else None)
        # «قتل خمسة جنود في هجوم شنته حركة الشباب»: who «carried it out» acts, whoever is named first.
        by = next((a for a in agents if _CARRIED_OUT_BY.search(self.text, max(trig.end, a.start - 40), a.start)), None)
        if by is not None:
            others = dedupe([a for a in self.actors.within(*clause) if a.label != by.label])
            return by, (others[0] if others else None)
        if trig.data.cls == "killing" and trig.data.is_verb and "اغتال" in self.text[trig.start:trig.end]:
            # «اغتال مسلحون ثلاثة من الوجهاء»: the active «اغتال» (its passive is «اغتيل») is followed
            # by who killed.
            subject = next((a for a in agents if _words_between(self.text, trig.end, a.start) <= 1), None)
            if subject is not None:
                rest = [a for a in targets + agents if a.label != subject.label]
                return subject, (rest[0] if rest else None)
        if trig.data.cls == "killing":
            # «أعدم تنظيم داعش 12 شخصاً»: a killing word with an actor right after it and then a
            # count of people is active (the passive «أُعدم 12 شخصاً» has the count first; so
            # is a noun, «إعدام داعش 12 شخصاً»).
            subject = next((a for a in agents if _words_between(self.text, trig.end, a.start) <= 1), None)
            if subject is not None and any(_words_between(self.text, subject.end, n.start) <= 1
                                           for n in self.numbers.within(subject.end, min(clause[1], subject.end + 25))):
                rest = [a for a in targets + agents if a.label != subject.label]
                return subject, (rest[0] if rest else None)
        if trig.data.cls == "killing":
            # «مقتل 17 داعشياً», «7 عناصر من داعش قتلوا»: those named at a killing word are the dead.
            dead = [a for a in before if _words_between(self.text, a.end, trig.start) <= 4]
            targets, agents = targets + agents + dead, []
            before = [a for a in before if a not in dead]
        if trig.data.cls == "territory":
            # «سيطرت القوات على زنجبار التي كانت بأيدي الحوثيين»: who held the place comes after it.
            first_place = next((p.start for p in self.places.within(trig.end, clause[1])), clause[1])
            targets += [a for a in agents if a.start > first_place]
            agents = [a for a in agents if a.start < first_place]
        # «مدعوماً بمسلحي المقاومة»: a force named as support is an associate, not who acts.
        before = [a for a in before if not self._after_support(a.start)] or before
        agents = [a for a in agents if not self._after_support(a.start)] or agents
        partners: list[Mention] = []
        if before:
            a1 = before[-1]
            # «الحوثيون وقوات صالح قصفوا»: of a pair joined by «و», the first leads; the others
            # fight beside it («قوات النظام والمسلحون الموالون لها»), they are not its enemy.
            i = last = before.index(a1)
            while i > 0 and self.text[before[i - 1].end:before[i].start].strip() == "و":
                i -= 1
            a1 = before[i]
            partners = [] if _BETWEEN_BEFORE.search(self.text, max(0, a1.start - 8), a1.start) else before[i + 1:last + 1]
        elif agents:
            a1 = agents[0]
            # «تقدمت قوات النظام والمسلحون الموالون لها»: those joined to it by «و» are its side
            # (not after «بين»: «اشتباكات بين قوات النظام والفصائل» names the two sides).
            for a, b in zip(agents, agents[1:]):
                if self.text[a.end:b.start].strip() != "و" or _BETWEEN_BEFORE.search(
                        self.text, max(0, a1.start - 8), a1.start):
                    break
                partners.append(b)
        else:
            # «التي سيطر عليها ...»: the one who acts was named earlier in the sentence.
            earlier = dedupe([a for a in self.actors.within(sent[0], clause[0]) if can_act(a)])
            # («القوات العراقية مدعومة بالحشد وطيران التحالف ... واستعادت»: not those supporting it.)
            supporting: list[Mention] = []
            for a in earlier:  # (and those joined to them by «و»)
                if self._after_support(a.start) or supporting and self.text[supporting[-1].end:a.start].strip() == "و":
                    supporting.append(a)
            earlier = [a for a in earlier if a not in supporting] or earlier
            a1 = earlier[-1] if earlier else None
            if trig.data.cls == "Armed clash" and len(earlier) > 1 and not self._is_target(earlier[0]):
                # «فتحت المقاومة جبهة ... عن الحوثيين وقوات صالح، فيما دارت اشتباكات»: a fight told
                # with no sides of its own is between the sentence's subject and those it faces.
                a1 = earlier[0]
                targets = targets + earlier[1:]
        if a1 is None and hit:
            # «قتل 10 من الحوثيين في مواجهات مع المقاومة»: the side not told dead is the other one.
            a1 = next((a for a in targets + agents if a.label not in {h.label for h in hit} and can_act(a)), None)
        rest = [a for a in hit + targets + agents
                if (a1 is None or a.label != a1.label or a.label in _SIDES_OF_A_KIND and a.start != a1.start)
                and a not in partners]
        a2 = rest[0] if rest else None
        if a2 is None:
            a2 = self._hurt(trig, clause, sent, can_act, a1.label if a1 is not None else None)
        if a1 is None:
            # «اقتحم أبناء صيدا الحاجز», «أبناء بلدة أم المياذن سيطروا»: local men who fight.
            near = self.text[max(sent[0], trig.start - 40):min(clause[1], trig.end + 30)]
            if _LOCAL_MEN.search(near):
                a1 = Mention(trig.start, trig.end, "local_fighters")
        return a1, a2

    def _hurt(self, trig: Mention, clause: tuple[int, int], sent: tuple[int, int], can_act,
              exclude: str | None = None) -> Mention | None:
        """«12 مدنيا قتلوا جراء قصف ...»: the civilians hurt, named before the event word; or those
        told dead or hurt after it in the sentence («..., ما أدى إلى مقتل 8 جنود»), whoever acts
        (``exclude``: its label)."""
        hurt = [a for a in self.actors.within(clause[0], trig.start) if not can_act(a)] or [
            a for a in self.actors.within(trig.end, sent[1])
            if a.label != exclude and trig.data.cls not in _CROWD_CLASSES and any(
                _words_between(self.text, c.end, a.start) <= 3
                for group in ("killed", "injured") for c in self._cues(trig.end, a.start, group))]
        return hurt[0] if hurt else None

    def _is_target(self, actor: Mention) -> bool:
        """An actor right after «ضد / على / مع / بين» is fought or hit, not the one acting."""
        words = _WORD.findall(self.text, max(0, actor.start - 14), actor.start)
        if words and words[-1] in ("ل", "ب", "و", "ف", "لل", "وال", "بال") and actor.start and self.text[actor.start - 1] != " ":
            words.pop()  # «لفرع الأمن»: the proclitic is part of the actor's word
        return bool(words) and words[-1] in _TARGET_WORDS

    def _casualty_span(self, clause, sent, cls: str = "") -> tuple[int, int]:
        """Where an event's deaths are told: its clause and the following clauses of the sentence
        that name no other event («أدت إلى مقتل 20 حوثيا، ... في حين أسفرت عن مقتل 6 مقاومين»);
        the whole sentence when the clause names none."""
        def same(other: str) -> bool:
            # «سيطرت على القرية بعد معارك قتل خلالها», «هاجموا القاعدة واستمر القتال قبل انسحابهم»:
            # fighting, an attack that became one, and what it won or lost are one Battles event.
            fight = _BATTLE_CLASSES | {"attack", "Non-violent transfer of territory"}
            return other == cls or (other in fight and cls in fight)

        def names_another(a: int, b: int) -> bool:
            # «جراء القصف المستمر» names this event again; a new event word starts another report.
            return any(t.data.cls != "killing" and not same(t.data.cls) and not _DEFINITE.match(self.text[t.start:t.end])
                       for t in self.triggers.within(a, b))

        end = clause[1]
        for a, b in _clauses(self.text, clause[1], sent[1]):
            if names_another(a, b):
                break
            end = b
        if self._cues(*clause, "killed"):
            return clause[0], end
        # «قتل ثلاثة مدنيين، ... في قصف»: deaths told in the clauses before, back to another event.
        start = clause[0]
        for a, b in reversed(_clauses(self.text, sent[0], clause[0])):
            if names_another(a, b):
                break
            start = a
        return start, end

    def _fatalities(self, a: int, b: int, estimate: bool = True) -> "Deaths":
        """Deaths stated in a span: numbers beside «قتل/مقتل/قتلى», conservatively; with ``estimate``,
        ACLED's figure for deaths told without a number."""
        figures: list[int] = []
        spans: list[tuple[int, int]] = []
        estimated = False
        guesses = 0  # death words told without a number
        killed = self._cues(a, b, "killed")
        injured = self._cues(a, b, "injured")
        used_numbers: set[int] = set()
        for k in killed:
            best = None
            for n in self.numbers.within(max(a, k.start - 30), min(b, k.end + 30)):
                if n.start in used_numbers:
                    continue
                # A number closer to an injury word than to this death word counts the injured.
                dk = min(abs(n.start - k.end), abs(k.start - n.end))
                di = min((min(abs(n.start - i.end), abs(i.start - n.end)) for i in injured), default=10**6)
                if di < dk:
                    continue
                if _words_between(self.text, min(n.end, k.end), max(n.start, k.start)) > 3:
                    continue
                if best is None or dk < best[0]:
                    best = (dk, n)
            if best:
                used_numbers.add(best[1].start)
                figures.append(best[1].data.value)
                n = best[1]
                spans.append((min(n.start, k.start), max(n.end, k.end)))
                # «قتل 14 عنصراً من قسد وتسعة من التنظيم»: counts of each side joined by «و» add up.
                for m in self.numbers.within(n.end, min(b, n.end + 45)):
                    gap = self.text[n.end:m.start]
                    if m.start in used_numbers or _COUNT_JOIN.search(gap) is None or self._cues(n.end, m.end, "injured") \
                            or self._cues(n.end, m.start, "killed"):
                        break
                    used_numbers.add(m.start)
                    figures.append(m.data.value)
                    spans.append((n.end, m.end))
                    n = m
            elif k.label == "killed" and estimate:
                spans.append((k.start, k.end))
                after = self.text[k.end:k.end + 25]
                word = self.text[k.start:k.end]
                if word.endswith(("ان", "ين")) and word.startswith(("قتيل", "شهيد")) or _TWO_VICTIMS.match(after) \
                        or word.endswith("هما"):  # «لقي طفلان حتفهما», «مصرعهما»: the dual pronoun
                    figures.append(2)
                elif word.startswith(("قتيل", "شهيد")) or _SINGLE_VICTIM.match(after) or \
                        word.lstrip("وف") in _ONE_KILLED:
                    figures.append(1)  # «اغتالت مسيرة قيادياً»: an assassination kills one, unless counted
                else:
                    guesses += 1
        if guesses and not figures:
            figures, estimated = [3], True  # deaths told only without a number (GUIDE: 3)
        # («قتل أكثر من 100 مدني في عمليات قتل ميدانية»: the unnumbered word tells the same deaths.)
        if not figures:
            return Deaths(0, False, [])
        # The same figure said twice is one figure; different figures for different groups add up.
        return Deaths(sum(sorted(set(figures))), estimated, spans)

    def _captured(self, a: int, b: int) -> int:
        """How many were taken prisoner: the count nearest after «أسروا» within a few words."""
        for c in self._cues(a, b, "captured"):
            for n in self.numbers.within(c.end, min(b, c.end + 60)):
                if _words_between(self.text, c.end, n.start) <= 5:
                    return n.data.value
        return 0

    def _victims(self, a: int, b: int) -> list[tuple[int, int, str]]:
        out = []
        status_cues = [c for c in self.cues.within(a, b)
                       if c.label in ("killed", "injured", "captured", "abducted", "arrested")]
        for intro in self._cues(a, b, "person_intro"):
            words = list(_WORD.finditer(self.text, intro.end, min(b, intro.end + 60)))
            name_words = []
            for w in words:
                tok = w.group()
                if tok in _NAME_STOP or tok.isdigit() or (name_words and self.text[name_words[-1].end():w.start()].strip()):
                    break
                name_words.append(w)
                if len(name_words) == 4:
                    break
            if len(name_words) < 2:
                continue
            before = [c for c in status_cues if c.start < intro.start]
            after = [c for c in status_cues if c.start >= name_words[-1].end()]
            cue = before[-1] if before else (after[0] if after else None)
            if cue is None:
                continue
            status = {"killed": "killed", "injured": "injured", "captured": "captured",
                      "abducted": "abducted", "arrested": "arrested"}[cue.label]
            out.append((name_words[0].start(), name_words[-1].end(), status))
        return out

    def _attribution(self, a: int, b: int) -> tuple[int, int] | None:
        """The party a sentence attributes its report to: «وبحسب تجمع أحرار حوران», «قال ناشطون»."""
        for c in self._cues(a, b, "attribution"):
            rest = self.text[c.end:b]
            m = re.match(r'\s*"([^"]{2,60})"', rest)
            if m:
                return c.end + m.start(1), c.end + m.end(1)
            m = re.match(r"\s*((?:[^\s،,:\"]+\s?){1,4}?)(?=\s(?:ان|إن|أن|انه|عن|الى|ل|في)\s|[،,:\"]|$)", rest)
            if m and m.group(1).split()[:1] and m.group(1).split()[0] in _CLAUSE_OPENERS:
                continue  # «وأضاف أن القصف ...»: the party was named before, not here
            if m and m.group(1).strip():
                s = c.end + m.start(1)
                return s, s + len(m.group(1).rstrip())
        return None

    # --- main loop -----------------------------------------------------------------------

    def run(self) -> list[Candidate]:
        text = self.text
        paragraph_of = _paragraph_index(text)
        para_dates: dict[int, list[Mention]] = {}
        last_event: Candidate | None = None
        first_break = text.find("\n") if "\n" in text.strip() else len(text)
        if _is_lead(text[:first_break], self.article.meta.get("dateline")):
            first_break = 0  # the first line is the lead paragraph, not a headline
        for sent in self.article.sentences:
            s_span = (sent.start, sent.end)
            is_title = sent.end <= first_break and first_break < len(text.rstrip())
            para = paragraph_of(sent.start)
            dates_here = [d for d in self.dates.within(*s_span)
                          if getattr(d.data, "date", None) and not getattr(d.data, "past_years", False)]
            trigs = self.triggers.within(*s_span)
            if self._cues(*s_span, "aggregate"):
                trigs = []  # «وبحسب الإحصائية الشهرية قتل 1332 عراقياً»: a tally, not an event
            # A denial governs what it is followed by: «أعلن التنظيم مسؤوليته عن تفجير عبوة ...، في حين
            # نفى المركز وقوع أي خسائر» denies the losses, not the bombing told before it.
            denials_at = [c.start for c in self._cues(*s_span, "denial")]
            hedges = [c.start for c in self._cues(*s_span, "hedge")]
            claim = bool(self._cues(*s_span, "claim"))
            party = self._attribution(*s_span)
            made: list[Candidate] = []
            for clause in _clauses(text, *s_span):
                found: dict[str, Candidate] = {}
                for trig in [t for t in trigs if clause[0] <= t.start < clause[1]]:
                    info = trig.data
                    if any(d < trig.start or clause[0] <= d < clause[1] for d in denials_at):
                        # «نفت الصحيفة سيطرة المقاتلين»: marks the events it denies, makes none
                        self.denials.append((info.cls, sent.index))
                        continue
                    if self._negated(trig, clause) or self._modal(trig, clause, s_span):
                        continue
                    if self._background(trig, clause, s_span) or not self._supported(info.strength, s_span):
                        continue
                    if self._purpose(trig) or self._support(trig):
                        continue
                    if info.cls == "territory" and info.present:
                        continue  # «التي تسيطر عليها»: who holds a place, not a change of hands
                    if _NAMED_OPERATION.match(text, trig.start) and text[trig.end:trig.end + 2].lstrip()[:1] == '"':
                        continue  # «معركة "الثأر للزبداني"»: the name of a campaign, no fight of its own
                    if info.present and _RELATIVE_BEFORE.search(text, max(0, trig.start - 8), trig.start):
                        continue  # «الهجمات التي تستهدف مواقع الحوثيين»: what keeps happening, no one event
                    if info.cls == "territory" and any(
                            _words_between(text, trig.end, c.start) <= 1
                            for c in self._cues(trig.end, min(clause[1], trig.end + 30), "not_territory")):
                        continue  # «السيطرة على الممتلكات», «على الحريق»: no place changed hands
                    if info.cls == "attack" and info.default == "Remote explosive/landmine/IED" and \
                            self._cues(*s_span, "not_attack"):
                        continue  # «انفجر إطار حافلة», «انفجار أسطوانة غاز»: an accident
                    if info.cls == "Headquarters or base established" and self._cues(
                            trig.start, min(clause[1], trig.end + 40), "not_base"):
                        continue  # «إنشاء قاعدة بيانات»: no military base
                    if info.near and not self._object_near(trig, info.near, clause):
                        continue
                    if info.is_verb and info.strength == "weak" and any(
                            not t.data.is_verb and t.end <= trig.start and _words_between(text, t.end, trig.start) <= 2
                            and not _PUNCT.search(text, t.end, trig.start) and t.data.strength == "strong"
                            for t in trigs):
                        continue  # «قصف إسرائيلي استهدف منزلاً»: what the shelling hit, not a second attack
                    sub = self._refine(trig, clause, s_span)
                    if sub is None:
                        continue
                    if info.cls == "killing" and any(t.data.cls != "killing" and _violent(t.data)
                                                     for t in trigs if t is not trig):
                        continue  # the killing is the outcome of another event in the sentence
                    if sub in found:
                        found[sub].evidence.append((trig.start, trig.end))
                        if info.strength == "strong":
                            found[sub].strength = "strong"  # «استهدف القصف المدفعي»: the specific word tells it
                        continue
                    found[sub] = Candidate(sub, sent.index, para, trig, clause, info.strength,
                                           evidence=[(trig.start, trig.end)], from_title=is_title)
                # «اقتحموا الحاجز وأسروا عناصره»: a position stormed and its garrison taken changed hands.
                if "Armed clash" in found and "territory" not in found and self._cues(*s_span, "captured") \
                        and found["Armed clash"].strength != "strong" and _POSITION.search(text, clause[0], s_span[1]):
                    found["territory"] = found.pop("Armed clash")
                    found["territory"].sub_event_type = "territory"
                # A change of territory is the fight's outcome: one Battles event, not two.
                if "territory" in found and "Armed clash" in found:
                    gain, fight = found["territory"], found["Armed clash"]
                    gained = {m.start for m in self._event_places(gain.trigger, clause, s_span)}
                    fought = {m.start for m in self._event_places(fight.trigger, clause, s_span)}
                    # «دخلت عفرين بعد اشتباكات استمرت يومين في محيط جنديرس»: the fight told after the
                    # gain, somewhere else named after it, is an event of its own (not «ود مدني عاصمة
                    # ولاية الجزيرة بعد معارك»: the province says where the town is).
                    if (not fought or fought & gained or fight.trigger.start < gain.trigger.start
                            or all(start < fight.trigger.start for start in fought)):
                        found.pop("Armed clash")
                # «قصف استهدف صالة ...»: a generic «targeted» telling what a strike hit is that strike.
                clash = found.get("Armed clash")
                if clash is not None and clash.trigger.data.cls == "attack" and any(k in _EXPLOSION_TYPES for k in found):
                    found.pop("Armed clash")
                # Drones shot down or bombs defused did not strike: the interception is the event.
                if "Disrupted weapons use" in found:
                    for sub in [k for k in found if k in _EXPLOSION_TYPES]:
                        found.pop(sub)
                # A suicide attack's explosion is the suicide bomb itself.
                if "Suicide bomb" in found:
                    found.pop("Remote explosive/landmine/IED", None)
                # «احتجز/داهم» inside a kidnapping story is the kidnapping.
                if "Abduction/forced disappearance" in found:
                    found.pop("Arrests", None)
                if "Non-violent transfer of territory" in found and self._fighting_near(s_span, sent.index, made):
                    found.pop("Non-violent transfer of territory")  # a retreat under fire is the battle's outcome
                for cand in found.values():
                    if cand.strength != "strong" and cand.sub_event_type in _EXPLOSION_TYPES and any(
                            c is not cand and c.sub_event_type in _EXPLOSION_TYPES
                            and (c.strength == "strong" or not self._weapon_type(*clause))
                            for c in list(found.values()) + made):
                        # «دوي انفجارات» after an air strike, «وقوع انفجار قرب السفينة» after the
                        # missiles fired at it: the strike's own blasts
                        continue
                    # «قيل إن ...» governs what follows it in its clause, not the rest of the sentence.
                    hedge = any(clause[0] <= h < cand.trigger.start for h in hedges)
                    made.extend(self._fill(cand, clause, s_span, para_dates.get(para, []), last_event,
                                           hedge, claim, party))
            protest = next((c for c in made if c.sub_event_type in ("Peaceful protest", "Protest with intervention")), None)
            arrest = next((c for c in made if c.sub_event_type == "Arrests"), None)
            if protest is not None and arrest is None and _DISPERSAL.search(text, *s_span):
                # «قبل أن يطلق مسلحون حوثيون النار في الهواء لتفريقهم»: fire to break a protest up is
                # the intervention, not a fight.
                arrest = next((c for c in made if c.sub_event_type in ("Armed clash", "Attack")), None)
            if protest is not None and arrest is not None and _place_id(protest.place) == _place_id(arrest.place):
                # «وقفة احتجاجية ... قبل أن تعتقل قوات الأمن خمسة منهم», «فرقت الشرطة المتظاهرين واعتقلت
                # العشرات»: a protest met with arrests is one event, the protest with intervention by
                # the forces that made them.
                protest.sub_event_type = "Protest with intervention"
                protest.actor2 = protest.actor2 or arrest.actor1
                protest.evidence = protest.evidence + arrest.evidence
                made = [c for c in made if c is not arrest]
            riot = next((c for c in made if c.sub_event_type == "Violent demonstration"), None)
            if riot is not None:
                # «اقتحمت القوات المدينة، واندلعت مواجهات مع الشبان الذين رشقوا الجنود بالحجارة، فيما أطلق
                # الجنود الرصاص»: the forces' raid and fire at the same place are the riot they met.
                made = [c for c in made if c is riot or not (
                    c.sub_event_type in ("Armed clash", "Attack") and _place_id(c.place) == _place_id(riot.place)
                    and c.actor1 is not None and getattr(resolve_actor(c.actor1.label, self.country), "kind", "")
                    in ("state", "external"))]
            if any(c.sub_event_type == "Disrupted weapons use" for c in made):
                # «أحبطت محاولة ...، بسيارتين مفخختين»: the bombs named as its means did not go off.
                made = [c for c in made if not (c.sub_event_type in _EXPLOSION_TYPES
                                                and c.trigger.data.prefix.endswith("ب"))]
            if dates_here:
                para_dates.setdefault(para, []).extend(dates_here)
            if not made and not trigs and last_event is not None and last_event.paragraph == para:
                # «وأسفر ذلك عن مقتل ...»: casualties told in the next sentence of the same story.
                deaths = self._fatalities(*s_span)
                if deaths.count and not last_event.fatalities:
                    last_event.fatalities, last_event.fatalities_estimated = deaths.count, deaths.estimated
                    last_event.detail_spans += deaths.spans
                last_event.victims.extend(self._victims(*s_span))
            self.candidates.extend(made)
            if made:
                last_event = made[-1]
        return self.candidates

    def _fighting_near(self, sent: tuple[int, int], index: int, made: list[Candidate]) -> bool:
        """Fighting told in this sentence or the one before it."""
        if any(c.sub_event_type in _BATTLE_CLASSES for c in made):
            return True
        # («دون قتال»: without a fight is no fight.)
        if any(t.data.cls in _BATTLE_CLASSES and not self._negated(t, sent) for t in self.triggers.within(*sent)):
            return True
        return any(c.sentence_index >= index - 1 and c.sub_event_type in _BATTLE_CLASSES for c in self.candidates)

    def _anaphoric(self, cand: Candidate, clause, sent) -> Candidate | None:
        """«وأسفر القصف عن ...»: a definite noun with no place of its own names an event told before.
        (Its place may come clauses later: «استمرت الاشتباكات ... بين أ من جهة، وب من جهة أخرى في
        مدينة الزبداني».)"""
        trig = cand.trigger
        if trig.data.is_verb or not _DEFINITE.match(self.text[trig.start:trig.end]):
            return None
        if any(not getattr(p.data, "is_anchor", False) for p in self.places.within(*clause)):
            return None
        if self._event_places(trig, clause, sent) and any(
                not getattr(p.data, "is_anchor", False) for p in self.places.within(trig.end, sent[1])):
            return None
        for prev in reversed(self.candidates):
            if prev.sub_event_type == cand.sub_event_type:
                # «استمرار الاشتباكات ... في محيط المدينة» after a fight in another town: a new fight.
                referred = self._referred_place(self._own_span(trig, clause, sent), sent)
                if referred is not None and prev.place is not None and \
                        getattr(referred.data, "location_ar", None) != getattr(prev.place.data, "location_ar", None):
                    return None
                return prev
        return None

    def _retold(self, cand: Candidate, sent, last_event: Candidate | None) -> bool:
        """«أصيب ثلاثة جنود في عملية دهس ...», then «وذكر الجيش أن فلسطينياً هاجم الجنود بسيارته» and
        «أطلقوا النار على سائق السيارة»: a generic attack word with no place and no day of its own, in
        the two sentences after a violent event told in its own words, tells that event again."""
        if cand.strength != "weak" or cand.trigger.data.cls not in ("attack", "killing") or last_event is None:
            return False
        if last_event.strength != "strong" or SUB_EVENT_TYPES.get(last_event.sub_event_type) in (
                None, "Protests", "Strategic developments"):
            return False
        if not 0 <= cand.paragraph - last_event.paragraph <= 1 \
                or not 0 < cand.sentence_index - last_event.sentence_index <= 2:
            return False
        return not self.dates.within(*sent) and not any(
            not getattr(p.data, "is_anchor", False) for p in self.places.within(*sent))

    def _generic_reference(self, cand: Candidate, clause) -> bool:
        """«الخسائر في المعارك», «المواجهات مع الجيش»: fighting in general, with no place or time of
        its own, and no earlier report it could refer to."""
        trig = cand.trigger
        if trig.data.is_verb or not (trig.data.cls in ("Armed clash", "attack") or trig.data.cls in _EXPLOSION_TYPES):
            return False
        if not _DEFINITE.match(self.text[trig.start:trig.end]):
            return False
        if _HABITUAL.match(self.text, trig.end):
            return True  # «الهجمات التي تنفذها المقاومة في صنعاء»: what a side keeps doing
        sent = self._sentence_of(clause[0])
        # Its own words run to the next event word: «استمرت الاشتباكات بين أ من جهة، وب من جهة أخرى في الزبداني».
        own = self._own_span(trig, clause, sent)
        has_date = bool(self.dates.within(*own))
        # «الخسائر التي منيت بها في المواجهات ... في الجنوب وتعز ومأرب»: provinces alone locate no fight.
        # (A village the gazetteer lacks, hung on its governorate, is a place of its own: «منطقة العند».)
        has_place = any(not getattr(p.data, "is_anchor", False) and (
            _feature(p) not in ("admin1", "country") or getattr(p.data, "kind", "") == "unknown_after_cue")
            for p in self.places.within(*own))
        if not has_place and not has_date and any(_feature(p) == "admin1" for p in self.places.within(*own)):
            return len([p for p in self.places.within(*own) if _feature(p) == "admin1"]) > 1
        if not has_place and not has_date and self._referred_place(own, sent) is not None:
            return False  # «استمرار الاشتباكات ... في محيط المدينة»: the town just named
        return not has_place and not has_date

    def _fill(self, cand, clause, sent, paragraph_dates, last_event, hedge, claim, party) -> list[Candidate]:
        trig = cand.trigger
        earlier = self._anaphoric(cand, clause, sent)
        if earlier is None and self._generic_reference(cand, clause):
            return []
        if earlier is not None:
            deaths = self._fatalities(*self._casualty_span(clause, sent, trig.data.cls))
            if deaths.count and not earlier.fatalities:
                earlier.fatalities, earlier.fatalities_estimated = deaths.count, deaths.estimated
                earlier.detail_spans += deaths.spans
            earlier.victims.extend(v for v in self._victims(*sent) if v not in earlier.victims)
            # «وأوضح مراسلنا أن الطائرات الروسية نفذت الغارات على المدن الثلاث»: who did it, told later.
            actor1, _ = self._pick_actors(trig, clause, sent)
            if actor1 is not None:
                for prev in self.candidates:
                    if prev.sub_event_type == cand.sub_event_type and prev.actor1 is None \
                            and prev.sentence_index >= earlier.sentence_index - 1:
                        prev.actor1 = actor1
            return []
        if self._retold(cand, sent, last_event):
            return []
        cand.actor1, cand.actor2 = self._pick_actors(trig, clause, sent)
        claimer = self._claimer(sent) if claim else None
        if claimer is not None and (cand.actor1 is None or cand.actor1.label == "unidentified") \
                and cand.sub_event_type not in _CROWD_CLASSES:
            cand.actor1 = claimer  # «تفجير سيارة مفخخة ... تبناه تنظيم داعش»: who claims it did it
        if cand.actor1 is None and last_event is not None and last_event.actor1 is not None and (
                (last_event.paragraph == cand.paragraph and cand.sub_event_type in _BATTLE_CLASSES
                 and last_event.sub_event_type in _BATTLE_CLASSES)
                or (cand.sub_event_type == "Air/drone strike" == last_event.sub_event_type
                    and cand.sentence_index - last_event.sentence_index <= 2)):
            # «كما تم تطهير منطقة كريتر», «وفي العراق أصابت الغارات ...»: the same forces go on.
            cand.actor1 = last_event.actor1
        dm = self._date(trig, clause, sent, paragraph_dates)
        if _TOLL_OF.search(self.text, max(0, trig.start - 12), trig.start):
            dm = None  # «ارتفعت حصيلة الاشتباكات ... حسبما أوردته مصادر اليوم»: the day is the report's
        if dm is not None:
            info = dm.data
            # A future event is a plan, not an event; «فجر اليوم الجمعة» in a paper stamped Thursday is
            # today where the reporter is (time zones, posting after midnight).
            slack = 1 if getattr(info, "kind", "") == "relative" and "غد" not in self.text[dm.start:dm.end] else 0
            if self.published and info.date and (info.date - self.published).days > slack:
                return []
            cand.date_mention = dm
            cand.event_date = info.date
            cand.time_precision = info.precision
        else:
            cand.event_date = self.news_day
            cand.time_precision = 1
        if cand.time_precision == 3 and dm is not None and not self._event_places(trig, clause, sent):
            return []  # «قتل 1332 عراقيا خلال شهر تموز»: a month's national toll, not an event
        if self.published is None and dm is not None and dm.data.precision == 3 and self._told_as_today:
            return []  # an undated article telling today's news: a month named with its year is backstory
        # A generic attack word whose weapon made it a strike («استهدفت الفصائل بقذائف الهاون») is
        # that strike: a sniper's killing told in the clause before is another event.
        kind = cand.sub_event_type if trig.data.cls == "attack" and cand.sub_event_type in _EXPLOSION_TYPES \
            else trig.data.cls
        span = self._casualty_span(clause, sent, kind)
        # Deaths without a number count only when told with the event itself (its clauses up to
        # the next event word): «...، ما أدى إلى مقتل أحد أفرادها».
        estimate = bool(self._cues(*span, "killed"))
        cand.captured = self._captured(*sent)
        deaths = self._fatalities(*span, estimate=estimate)
        cand.fatalities, cand.fatalities_estimated = deaths.count, deaths.estimated
        if trig.data.cls == "killing" and deaths.count >= TALLY_DEATHS and all(
                _feature(p) in ("admin1", "country") for p in self._event_places(trig, clause, sent)):
            return []  # «مقتل 488 عنصراً» in a province or a country, with no attack told: a tally
        cand.detail_spans += deaths.spans
        if dm is not None:
            cand.detail_spans.append((dm.start, dm.end))
        cand.victims = self._victims(*sent)
        cand.claim_status = "claimed" if claim else ("unconfirmed" if hedge else "reported")
        cand.source_party = party
        cand.confidence = {"strong": 0.75, "weak": 0.6, "context": 0.55}[cand.strength]
        places = self._event_places(trig, clause, sent)
        if cand.sub_event_type == "territory" and not [p for p in places if clause[0] <= p.start < clause[1]]:
            # «أبناء بلدة أم المياذن، شرقي درعا، سيطروا على حاجزين»: a position taken is a real gain,
            # at the town of those who took it.
            home = self._position_home(trig, clause, sent)
            if home is None:
                return []  # taking «control» of nothing named is rhetoric, not a change of territory
            places = [home]
        if cand.sub_event_type == "territory" and all(_feature(p) == "country" for p in places):
            return []  # «استعادة اليمن من قبضة الحوثيين»: no town changed hands
        inheritable = (last_event is not None and last_event.place is not None
                       and last_event.paragraph >= cand.paragraph - 1)
        only_countries = places and all(_feature(p) == "country" for p in places)
        referred = self._referred_place(clause, sent) if not places or only_countries else None
        if referred is not None:
            places = [referred]
            cand.place_inherited = True
        elif (not places or only_countries) and inheritable and _feature(last_event.place) != "country":
            places = [last_event.place]
            cand.place_inherited = True
        elif not places and self.focus is not None:
            places = [self.focus]
            cand.place_inherited = True
        if not places and cand.actor1 is None and cand.actor2 is None and not cand.fatalities \
                and not self.weapons.within(*clause):
            return []  # «قصفت المخاوف توقعات المستثمرين»: no place, no one, no weapon, no dead: a figure of speech
        if places and not cand.place_inherited:
            cand.confidence += 0.1
        if cand.actor1:
            cand.confidence += 0.05
        if hedge:
            cand.confidence -= 0.15
        out = []
        # «مقتل 10 مدنيين في انفجار عبوتين في قضاءي بلدروز والمقدادية»: a count told for several
        # places at once is shared out evenly (ACLED), the remainder to the first places. (Deaths
        # told without a number are not shared: the estimate stands for each place.)
        # A count told with one of the places («ما أدى إلى مقتل ثلاثة مدنيين في مورك») is that place's.
        # Quarters of one town («حي الشعار وحي الصاخور في حلب») are one place for this (the coder
        # makes them one event at the town).
        towns = list(dict.fromkeys(map(_town_of, places)))
        share, left = divmod(cand.fatalities, 1 if cand.fatalities_estimated else len(towns) or 1)
        owner = self._deaths_place(deaths.spans, places) if len(towns) > 1 and share else None
        counts = [cand.fatalities if cand.fatalities_estimated else
                  (cand.fatalities if i == owner else 0) if owner is not None
                  else share + (1 if towns.index(_town_of(places[i])) < left else 0) if places else share
                  for i in range(len(places) or 1)]
        for i, p in enumerate(places or [None]):
            c = cand if i == 0 else _copy(cand)
            c.fatalities = counts[i]
            c.place = p
            if p is not None and not c.place_inherited:
                c.evidence = c.evidence + [(p.start, p.end)]
            out.append(c)
        return out


def _town_of(p: Mention) -> object:
    """The town a quarter, square or checkpoint placed at its town belongs to; else the place itself."""
    rp = p.data
    place, cue = getattr(rp, "place", None), getattr(getattr(rp, "mention", None), "cue", None)
    if place is not None and place.lat is not None and cue and rp.geo_precision >= 2 \
            and place_cue_kinds().get(cue) in ("part", "facility"):
        return round(place.lat, 3), round(place.lon, 3)
    return p.start, p.label  # («القريتين» stands for two places at one span)


def _elsewhere(actor: Mention, country: str | None) -> bool:
    """A mention by a weak form (actors.yaml ``ar_weak``) of an actor of other countries only."""
    if country is None or not getattr(actor.data, "weak", False):
        return False
    countries = getattr(resolve_actor(actor.label, country), "countries", ())
    return bool(countries) and country not in countries


def _is_lead(line: str, dateline: tuple[int, int] | None) -> bool:
    """Whether an article's first line is its lead paragraph rather than a headline: it opens
    with the dateline («إدلب - قتل ...»), or it is a long sentence closed by a full stop."""
    line = line.strip()
    return bool(line) and (dateline is not None and dateline[0] < 20
                           or len(line) > 160 and line.endswith((".", "؟", "!")))


def _is_country(m: Mention) -> bool:
    """A country named (not a village the gazetteer lacks, known only to lie in that country)."""
    return _feature(m) == "country" and getattr(getattr(m.data, "mention", None), "kind", "") != "unknown_after_cue"


def _place_id(m: Mention | None) -> str | None:
    return getattr(getattr(getattr(m, "data", None), "place", None), "id", None)


def _family(info) -> str | None:
    """The event type a trigger announces, when the word alone tells it."""
    if info.cls in SUB_EVENT_TYPES:
        return SUB_EVENT_TYPES[info.cls]
    if info.cls == "territory":
        return "Battles"
    return SUB_EVENT_TYPES[info.default] if info.default else None


def _violent(info) -> bool:
    """Any trigger but a weapon stopped: a killing told with it can be its outcome («وتدمير سيارتين
    مفخختين» is no one's death)."""
    return info.cls != "Disrupted weapons use"


def _in_operation_name(text: str, pos: int, floor: int) -> bool:
    """Whether ``pos`` lies inside a quoted operation name («عملية "درع الفرات"», «معركة "الثأر للزبداني"»)."""
    opening = text.rfind('"', floor, pos)
    if opening < 0 or text.count('"', floor, opening) % 2:
        return False  # not inside quotes (the quote before closes an earlier pair)
    words = _WORD.findall(text, max(floor, opening - 12), opening)
    return bool(words) and _NAMED_OPERATION.fullmatch(words[-1]) is not None


def _admin1(place: Mention) -> str:
    return getattr(getattr(place.data, "place", None), "admin1", "") or ""


def _feature(place: Mention) -> str:
    return getattr(getattr(place.data, "place", None), "feature", "") or ""


def _copy(c: Candidate) -> Candidate:
    from dataclasses import replace

    return replace(c, evidence=list(c.evidence), victims=list(c.victims), detail_spans=list(c.detail_spans))


def _paragraph_index(text: str):
    breaks = [m.start() for m in re.finditer(r"\n+", text)]  # a blank line is one break

    def para(pos: int) -> int:
        return bisect.bisect_right(breaks, pos)

    return para


def extract(article: Article) -> list[Candidate]:
    ex = Extractor(article)
    cands = ex.run()
    article.meta["denials"] = ex.denials
    return cands
