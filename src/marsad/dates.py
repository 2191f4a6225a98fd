"""Date expressions in Arabic news, resolved against the publication date.

Works on *normalized* text (see :mod:`marsad.normalize`) and returns offsets into it. The
expressions (day anchors such as «أمس», weekdays, periods, «منذ ثلاثة أيام») are in
``data/date_expressions.yaml`` and the month names of every system (يناير، كانون الثاني،
جانفي، يوليوز، رمضان...) in ``data/months.yaml``; each kind of expression is one compiled
regular expression built from those lists.

Precision follows ACLED's ``time_precision``: 1 the day is known, 2 the week, 3 the month
(a year alone is also 3). A range resolves to its last day, or to the publication date when
publication falls inside it. Without a publication date only expressions that carry their own
year resolve; the others are returned with ``date=None``.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Callable

import yaml
from hijridate import Gregorian, Hijri

from .normalize import normalize_text
from .numbers import find_numbers, number_word_pattern, parse_number

__all__ = ["DateMention", "find_dates", "resolve_weekday", "load_data"]

_DAY = datetime.timedelta(days=1)
# A date more than this many days before publication is background history.
PAST_DAYS = 30
# A date without a year is put in the previous year when it would fall more than this many
# days after publication («28 كانون الأول» in an article of 3 January).
_FUTURE_SLACK = 31


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the normalized text: ``text == normalized[start:end]``."""

    start: int
    end: int
    text: str
    date: datetime.date | None  # resolved day (for ranges: the last day), None if unresolvable
    precision: int  # 1 day, 2 week, 3 month (ACLED time_precision); years -> 3
    kind: str  # "absolute" | "relative" | "weekday" | "period" | "year"
    past_years: bool  # True for background: more than PAST_DAYS before publication


def resolve_weekday(weekday: int, published: datetime.date, modifier: str | None) -> datetime.date:
    """The day named by a weekday (Monday 0 ... Sunday 6) in an article published on ``published``.

    ``None``: the most recent such day on or before publication (a bare «الخميس»);
    ``"past"``: strictly before publication, within the previous 7 days («الأحد الماضي»);
    ``"past2"``: the week before that («الأحد قبل الماضي»);
    ``"next"``: strictly after publication («الأحد المقبل»).
    """
    back = (published.weekday() - weekday) % 7
    if modifier is None:
        return published - back * _DAY
    if modifier == "past":
        return published - (back or 7) * _DAY
    if modifier == "past2":
        return published - ((back or 7) + 7) * _DAY
    if modifier == "next":
        return published + ((weekday - published.weekday()) % 7 or 7) * _DAY
    raise ValueError(f"unknown weekday modifier: {modifier!r}")


# -- data ---------------------------------------------------------------------------------


def _read_yaml(name: str) -> Any:
    return yaml.safe_load(resources.files("marsad").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@cache
def load_data() -> tuple[dict[str, Any], dict[str, Any]]:
    """The raw contents of ``months.yaml`` and ``date_expressions.yaml``."""
    return _read_yaml("months.yaml"), _read_yaml("date_expressions.yaml")


def _key(s: str) -> str:
    """A matched phrase as a lookup key: single spaces."""
    return " ".join(s.split())


def _alt(phrases: Any) -> str:
    """One regex alternation of normalized phrases, longest first, any whitespace between words."""
    parts = {r"\s+".join(map(re.escape, _key(normalize_text(p)).split())) for p in phrases}
    return "(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class _Period:
    unit: str  # day | week | month | year
    offset: int
    precision: int


@dataclass(frozen=True)
class _Rules:
    months: dict[str, tuple[str, int]]  # name -> (calendar, month number)
    weekdays: dict[str, int]
    weekday_mods: dict[str, str]
    month_mods: dict[str, str]
    night_parts: frozenset[str]
    anchors: dict[str, int]
    not_followed: dict[str, frozenset[str]]
    not_preceded: frozenset[str]
    ago_units: dict[str, tuple[str, int | None]]  # word -> (unit, count; None for a vague plural)
    vague_count: int
    periods: dict[str, _Period]
    parts: dict[str, int]  # word -> third (0 early, 1 middle, 2 late)
    hijri_eras: frozenset[str]
    week_start: int
    day_month: re.Pattern[str]
    month_level: re.Pattern[str]
    numeric: re.Pattern[str]
    year: re.Pattern[str]
    relative: re.Pattern[str]
    weekday: re.Pattern[str]
    ago: re.Pattern[str]
    period: re.Pattern[str]
    day_of_period: re.Pattern[str]
    ordinal_days: dict[str, int]  # «العاشر» -> 10, «الحادي والعشرين» -> 21 (normalized)


_DEFAULT_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


@cache
def _rules() -> _Rules:
    months_data, expr = load_data()
    n = normalize_text

    months: dict[str, tuple[str, int]] = {}
    for system in months_data["systems"].values():
        for number, names in system["months"].items():
            for name in names:
                months[_key(n(name))] = (system["calendar"], int(number))
    weekdays = {n(w): int(d) for w, d in expr["weekdays"].items()}
    weekday_mods = {_key(n(w)): mod for mod, words in expr["weekday_modifiers"].items() for w in words}
    month_mods = {n(w): mod for mod, words in expr["month_modifiers"].items() for w in words}
    anchors = {_key(n(p)): int(o) for p, o in expr["day_anchors"].items()}
    after_part = {_key(n(p)): int(o) for p, o in expr["day_anchors_after_part"].items()}
    ago = expr["ago"]
    ago_units: dict[str, tuple[str, int | None]] = {}
    for unit, forms in ago["units"].items():
        for form_key, count in (("one", 1), ("two", 2), ("many", None)):
            for w in forms[form_key]:
                ago_units[n(w)] = (unit, count)
    periods = {
        _key(n(p)): _Period(s["unit"], int(s["offset"]), int(s.get("precision", _DEFAULT_PRECISION[s["unit"]])))
        for p, s in expr["periods"].items()
    }
    parts = {n(w): third for third, key in enumerate(("early", "middle", "late")) for w in expr["period_parts"][key]}
    eras = expr["eras"]

    month = _alt(months)
    weekday = _alt(weekdays)
    day_part = _alt(expr["day_parts"])
    part = _alt(parts)
    era = _alt(eras["gregorian"] + eras["hijri"])
    second_month = rf"(?:\s*[/(-]\s*(?P<m2>{month})\s*\)?)?"
    year_tail = (
        rf"(?:\s*[,،]?\s*(?:من\s+)?(?:(?:ال)?عام\s+|(?:ال)?سنه\s+)?(?P<y>\d{{4}})(?!\d))?"
        rf"(?:\s*(?P<era>{era})(?!\w))?(?:\s+(?P<mod>{_alt(month_mods)}))?"
    )
    number = rf"(?:\d+|{number_word_pattern()})"
    ordinal_days = _ordinal_days(expr["ordinal_days"])
    # A day of the month in digits or as an ordinal («العاشر», «الحادي والعشرين»).
    day = rf"(?:ال\s?)?\d{{1,2}}|{_alt(ordinal_days)}"
    month_periods = [p for p, s in expr["periods"].items() if s["unit"] == "month"]
    clitic = r"(?<!\w)[وف]?[بل]?"

    return _Rules(
        months=months,
        weekdays=weekdays,
        weekday_mods=weekday_mods,
        month_mods=month_mods,
        night_parts=frozenset(_key(n(p)) for p in expr["night_parts"]),
        anchors={**anchors, **after_part},
        not_followed={_key(n(a)): frozenset(n(w) for w in ws) for a, ws in expr["anchor_not_followed_by"].items()},
        not_preceded=frozenset(n(w) for w in expr["anchor_not_preceded_by"]),
        ago_units=ago_units,
        vague_count=int(ago["vague_count"]),
        periods=periods,
        parts=parts,
        hijri_eras=frozenset(n(w) for w in eras["hijri"]),
        week_start=int(expr["week_start"]),
        day_month=re.compile(
            rf"(?<!\w)[وف]?(?P<core>(?:يوم\s+)?(?P<d>{day})\s*(?:من\s+)?(?:شهر\s+)?"
            rf"(?P<m>{month}){second_month}{year_tail})(?!\w)"
        ),
        month_level=re.compile(
            rf"{clitic}(?P<core>(?:(?P<part>{part})\s+)?(?P<shahr>شهر\s+)?(?P<m>{month}){second_month}{year_tail})(?!\w)"
        ),
        numeric=re.compile(
            r"(?<![\d/.-])(?:(?P<d>\d{1,2})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})"
            r"|(?P<y2>\d{4})(?P<s2>[-/.])(?P<m2>\d{1,2})(?P=s2)(?P<d2>\d{1,2})"
            r"|(?P<d3>\d{1,2})/(?P<m3>\d{1,2}))(?![\w/]|[.-]\d)"
        ),
        year=re.compile(
            rf"(?<!\w)(?:[وف]?[ب]?(?P<yw>{_alt(expr['year_words'])})\s+|[وف]?{_alt(expr['year_context'])}\s+)"
            rf"(?P<y>\d{{4}})(?!\d)(?:\s*(?P<era>{era})(?!\w))?"
        ),
        relative=re.compile(
            rf"{clitic}(?P<core>(?:(?P<part2>{day_part})\s+(?P<anchor2>{_alt(after_part)})"
            rf"|(?:(?P<part>{day_part})\s+)?(?P<anchor>{_alt(anchors)}))"
            rf"(?:\s*[,،]?\s*(?P<wd>{weekday}))?)(?!\w)"
        ),
        weekday=re.compile(
            rf"{clitic}(?P<core>(?:(?P<part>{day_part})\s+)?(?:يوم\s+)?(?P<wd>{weekday})"
            rf"(?:\s*(?:[-/]|\s(?:علي|الي)\s)\s*(?P<wd2>{weekday})|\s+(?P<wd3>{weekday}))?"
            rf"(?:\s+(?P<mod>{_alt(weekday_mods)}))?)(?!\w)(?!\s+عشر)"
        ),
        ago=re.compile(
            rf"(?<!\w)[وف]?(?P<core>(?P<prep>{_alt(ago['prepositions'])})\s+"
            rf"(?:{_alt(ago.get('hedges', []))}\s+)?"
            rf"(?:(?P<num>{number}(?:\s+و?\s?{number})*)\s+)?(?P<unit>{_alt(ago_units)}))(?!\w)"
            rf"(?!\s*\d)(?!\s+(?:{weekday}|{month}))"
        ),
        period=re.compile(rf"{clitic}(?P<core>(?:(?P<part>{part})\s+)?(?P<period>{_alt(periods)}))(?!\w)"),
        day_of_period=re.compile(
            rf"(?<!\w)[وف]?(?P<core>(?:يوم\s+)?(?P<d>{day})\s+من\s+(?P<period>{_alt(month_periods)}))(?!\w)"
        ),
        ordinal_days=ordinal_days,
    )


def _ordinal_days(spec: dict[str, Any]) -> dict[str, int]:
    """Normalized ordinal day words -> day numbers, 1 to 31, from date_expressions.yaml."""
    n = normalize_text
    units = [n(w) for w in spec["units"]]
    one, teens, twenty, thirty = n(spec["compound_one"]), n(spec["teens"]), n(spec["twenty"]), n(spec["thirty"])
    out = {w: i for i, w in enumerate(units, 1)}
    compound = [one] + units[1:9]  # «الحادي عشر», «الثاني عشر» ... «التاسع عشر»
    out.update({f"{w} {teens}": 10 + i for i, w in enumerate(compound, 1)})
    out.update({f"{w} و{twenty}": 20 + i for i, w in enumerate(compound, 1)})
    out.update({twenty: 20, thirty: 30, f"{one} و{thirty}": 31})
    return out


def _day_number(rules: _Rules, written: str) -> int:
    """The day of «10», «ال10» or «العاشر»."""
    written = re.sub(r"\s+", " ", written)
    if written in rules.ordinal_days:
        return rules.ordinal_days[written]
    return int(re.sub(r"\D", "", written))


# -- calendar helpers -----------------------------------------------------------------------


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier), clamped to the month's length."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _gregorian_month(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def _hijri_to_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(*Hijri(year, month, day).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None


def _hijri_month(year: int, month: int) -> tuple[datetime.date, datetime.date] | None:
    first = _hijri_to_date(year, month, 1)
    if first is None:
        return None
    return first, first + (Hijri(year, month, 1).month_length() - 1) * _DAY


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _infer_year(
    build: Callable[[int], datetime.date | None], year: int, published: datetime.date, modifier: str | None
) -> int:
    """The year for a date written without one: the publication year, or the one before when
    the date would lie well after publication; «الماضي»/«المقبل» force the side."""
    day = build(year)
    if day is None:
        return year
    if modifier == "next":
        return year + 1 if day <= published else year
    if modifier == "past":
        return year - 1 if day >= published else year
    return year - 1 if (day - published).days > _FUTURE_SLACK else year


def _third(first: datetime.date, last: datetime.date, third: int | None) -> tuple[datetime.date, datetime.date]:
    """The early/middle/late third of a range (a month: days 1-10, 11-20, 21-end)."""
    if third is None:
        return first, last
    size = ((last - first).days + 1) // 3
    start = first + third * size * _DAY
    return start, (last if third == 2 else start + (size - 1) * _DAY)


def _last_known(first: datetime.date, last: datetime.date, published: datetime.date | None) -> datetime.date:
    """A range's last day, or the publication day when publication falls inside the range."""
    return published if published is not None and first <= published <= last else last


# -- recognizers: each yields (start, end, date, precision, kind) ---------------------------

_Found = tuple[int, int, datetime.date | None, int, str]


def _month_number(rules: _Rules, m: re.Match[str]) -> tuple[str, int]:
    return rules.months[_key(m.group("m"))]


def _day_month(rules: _Rules, text: str, published: datetime.date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in rules.day_month.finditer(text):
        cal, month = _month_number(rules, m)
        day = _day_number(rules, m.group("d"))
        if not 1 <= day <= 31:
            continue
        hijri = cal == "hijri"
        mod = rules.month_mods.get(m.group("mod") or "")

        def build(year: int) -> datetime.date | None:
            return _hijri_to_date(year, month, day) if hijri else _safe_date(year, month, day)

        if m.group("y"):
            resolved = build(int(m.group("y")))
            if resolved is None:
                continue  # «31 شباط 2021», or a hijri year out of range
        elif published is None:
            resolved = None
        else:
            year = Gregorian.fromdate(published).to_hijri().year if hijri else published.year
            resolved = build(_infer_year(build, year, published, mod))
        out.append((m.start("core"), m.end("core"), resolved, 1, "absolute"))
    return out


def _month_level(rules: _Rules, text: str, published: datetime.date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in rules.month_level.finditer(text):
        if not (m.group("y") or m.group("shahr") or m.group("part") or m.group("mod")):
            continue  # a month name alone may be «آب» father, «مارس» practised; «آب الماضي» is a month
        cal, month = _month_number(rules, m)
        hijri = cal == "hijri"
        mod = rules.month_mods.get(m.group("mod") or "")

        def span(year: int) -> tuple[datetime.date, datetime.date] | None:
            return _hijri_month(year, month) if hijri else _gregorian_month(year, month)

        def first_day(year: int) -> datetime.date | None:
            bounds = span(year)
            return bounds[0] if bounds else None

        if m.group("y"):
            year: int | None = int(m.group("y"))
        elif published is None:
            year = None
        else:
            base = Gregorian.fromdate(published).to_hijri().year if hijri else published.year
            year = _infer_year(first_day, base, published, mod)
        bounds = span(year) if year is not None else None
        if year is not None and bounds is None:
            continue
        third = rules.parts[_key(m.group("part"))] if m.group("part") else None
        resolved = _last_known(*_third(*bounds, third), published) if bounds else None
        out.append((m.start("core"), m.end("core"), resolved, 2 if third is not None else 3, "absolute"))
    return out


# «3/4 من السكان», «1/2 %»: a fraction, not a day/month.
_FRACTION_AFTER = re.compile(r"\s*(?:%|من\s)")


def _numeric(rules: _Rules, text: str, published: datetime.date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in rules.numeric.finditer(text):
        if m.group("d3"):
            day, month = int(m.group("d3")), int(m.group("m3"))
            if not (1 <= day <= 31 and 1 <= month <= 12) or _FRACTION_AFTER.match(text, m.end()):
                continue
            resolved = None
            if published is not None:
                def build(year: int) -> datetime.date | None:
                    return _safe_date(year, month, day)

                resolved = build(_infer_year(build, published.year, published, None))
        elif m.group("y"):
            resolved = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        else:
            resolved = _safe_date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        if resolved is None and (m.group("y") or m.group("y2")):
            continue
        out.append((m.start(), m.end(), resolved, 1, "absolute"))
    return out


def _year(rules: _Rules, text: str, published: datetime.date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in rules.year.finditer(text):
        year = int(m.group("y"))
        if m.group("era") and _key(m.group("era")) in rules.hijri_eras or not 1900 <= year <= 2100:
            continue
        resolved = _last_known(datetime.date(year, 1, 1), datetime.date(year, 12, 31), published)
        start = m.start("yw") if m.group("yw") else m.start("y")
        out.append((start, m.end(), resolved, 3, "year"))
    return out


def _previous_word(text: str, pos: int) -> str:
    words = text[max(0, pos - 20):pos].split()
    return words[-1] if words else ""


def _relative(rules: _Rules, text: str, published: datetime.date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in rules.relative.finditer(text):
        anchor = _key(m.group("anchor") or m.group("anchor2"))
        anchor_end = m.end("anchor") if m.group("anchor") else m.end("anchor2")
        following = text[anchor_end:anchor_end + 20].split()
        if following and following[0] in rules.not_followed.get(anchor, ()):
            continue
        if _previous_word(text, m.start("core")) in rules.not_preceded:
            continue
        offset = rules.anchors[anchor]
        weekday = rules.weekdays.get(m.group("wd") or "")
        resolved = None
        if published is not None:
            resolved = published + offset * _DAY
            if weekday is not None and resolved.weekday() != weekday:
                # The reporter named the weekday on purpose, while a publication stamp is often a
                # day off (time zones, late-night posting, re-publication): the named weekday wins,
                # taken as its occurrence nearest the day the anchor alone gives.
                shift = (weekday - resolved.weekday()) % 7
                resolved += (shift if shift <= 3 else shift - 7) * _DAY
                if offset <= 0 and resolved > published + _DAY:
                    resolved -= 7 * _DAY  # «أمس الثلاثاء» in Sunday's paper: last Tuesday, not the next
        out.append((m.start("core"), m.end("core"), resolved, 1, "relative"))
    return out


def _weekday(rules: _Rules, text: str, published: datetime.date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in rules.weekday.finditer(text):
        part = _key(m.group("part") or "")
        night = part in rules.night_parts
        end = m.end("core")
        second = m.group("wd2") or m.group("wd3")
        if m.group("wd3") and not night:
            second, end = None, m.end("wd")  # «الجمعة السبت» joins two days only after «ليل»
        modifier = rules.weekday_mods.get(_key(m.group("mod") or "")) if end == m.end("core") else None
        resolved = None
        if published is not None:
            first_day = rules.weekdays[m.group("wd")]
            if second is None:
                resolved = resolve_weekday(first_day, published, modifier)
            else:
                # Anchor on the later day; a night «ليل الجمعة-السبت» is dated by its first day,
                # a plain range «الجمعة-السبت» by its last.
                last = resolve_weekday(rules.weekdays[second], published, modifier)
                resolved = last - ((last.weekday() - first_day) % 7 or 7) * _DAY if night else last
        out.append((m.start("core"), end, resolved, 1, "weekday"))
    return out


def _ago(rules: _Rules, text: str, published: datetime.date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in rules.ago.finditer(text):
        if _key(m.group("prep")) == "قبل" and re.match(r"\s+من\s", text[m.end():m.end() + 5]):
            continue  # «قبل أيام من الانتخابات»: days before something else, not days ago
        unit, count = rules.ago_units[m.group("unit")]
        vague = False
        if m.group("num"):
            count = parse_number(m.group("num"))
            if count is None:
                continue
            vague = find_numbers(m.group("num"))[0].approximate
        elif count is None:
            count, vague = rules.vague_count, True
        precision = {"hour": 1, "day": 1, "week": 2, "month": 3, "year": 3}[unit]
        if vague:
            precision = min(3, precision + 1)
        resolved = None
        if published is not None:
            if unit in ("hour", "day", "week"):
                days = {"hour": count // 24, "day": count, "week": 7 * count}[unit]
                resolved = published - days * _DAY
            else:
                resolved = _add_months(published, -count * (12 if unit == "year" else 1))
        out.append((m.start("core"), m.end("core"), resolved, precision, "relative"))
    return out


def _period_bounds(rules: _Rules, period: _Period, published: datetime.date) -> tuple[datetime.date, datetime.date]:
    if period.unit == "day":
        day = published + period.offset * _DAY
        return day, day
    if period.unit == "week":
        start = published - ((published.weekday() - rules.week_start) % 7) * _DAY + 7 * period.offset * _DAY
        return start, start + 6 * _DAY
    if period.unit == "month":
        first = _add_months(published.replace(day=1), period.offset)
        return _gregorian_month(first.year, first.month)
    year = published.year + period.offset
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _period(rules: _Rules, text: str, published: datetime.date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in rules.period.finditer(text):
        period = rules.periods[_key(m.group("period"))]
        third = rules.parts[_key(m.group("part"))] if m.group("part") and period.unit != "day" else None
        precision = 2 if third is not None and period.unit == "month" else period.precision
        resolved = None
        if published is not None:
            resolved = _last_known(*_third(*_period_bounds(rules, period, published), third), published)
        start = m.start("core") if third is not None else m.start("period")
        out.append((start, m.end("core"), resolved, precision, "period"))
    return out


def _day_of_period(rules: _Rules, text: str, published: datetime.date | None) -> list[_Found]:
    out: list[_Found] = []
    for m in rules.day_of_period.finditer(text):
        period = rules.periods[_key(m.group("period"))]
        resolved = None
        if published is not None:
            first, _ = _period_bounds(rules, period, published)
            resolved = _safe_date(first.year, first.month, _day_number(rules, m.group("d")))
            if resolved is None:
                continue
        out.append((m.start("core"), m.end("core"), resolved, 1, "relative"))
    return out


# Recognizers in order of preference when two candidates have the same length.
_RECOGNIZERS = (_day_month, _numeric, _month_level, _day_of_period, _period, _ago, _relative, _weekday, _year)
# Between a relative or weekday phrase and the absolute date that restates it:
# «صباح اليوم الخميس 29 تموز», «الأربعاء (28-7-2021)», «أمس الموافق 28 تموز».
_APPOSITION_GAP = re.compile(r"[\s,،(-]*(?:الموافق)?[\s(]*")


def find_dates(text: str, published: datetime.date | None) -> list[DateMention]:
    """Every date expression in a normalized text, in order, resolved against ``published``."""
    rules = _rules()
    candidates: list[tuple[int, int, _Found]] = []
    for rank, recognizer in enumerate(_RECOGNIZERS):
        for found in recognizer(rules, text, published):
            candidates.append((found[0] - found[1], rank, found))
    # Longest first, then the preferred recognizer; keep those that overlap nothing kept.
    chosen: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for _, _, found in sorted(candidates, key=lambda c: (c[0], c[1], c[2][0])):
        if all(found[1] <= a or found[0] >= b for a, b in taken):
            chosen.append(found)
            taken.append((found[0], found[1]))
    chosen.sort(key=lambda f: f[0])

    merged: list[_Found] = []
    for found in chosen:
        if merged and found[4] == "absolute" and merged[-1][4] in ("relative", "weekday"):
            prev = merged[-1]
            if _APPOSITION_GAP.fullmatch(text, prev[1], found[0]):
                merged[-1] = (prev[0], found[1], found[2], found[3], found[4])
                continue
        merged.append(found)

    return [
        DateMention(
            start=start,
            end=end,
            text=text[start:end],
            date=day,
            precision=precision,
            kind=kind,
            past_years=(day is not None and published is not None and (published - day).days > PAST_DAYS)
            or (day is None and _long_ago(rules, text[start:end])),
        )
        for start, end, day, precision, kind in merged
    ]


def _long_ago(rules: _Rules, phrase: str) -> bool:
    """«قبل أربع سنوات», «منذ أشهر»: in the past whatever the publication date."""
    m = rules.ago.fullmatch(phrase)
    if not m:
        return False
    unit, count = rules.ago_units[m.group("unit")]
    return unit == "year" or (unit == "month" and (count is None or count >= 2))
