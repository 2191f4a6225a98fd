"""Stage 5: candidate events to the contract's Event records.

Resolves what needs the whole article (actor names by country, the territory sub-type by who
took it), merges candidates that are one ACLED event (same sub-event type, place and day: the
same fight narrated twice), applies denials, and writes evidence spans in the original text,
stable ids and an ACLED-style English note.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from collections import Counter

from .actors import resolve_actor, resolve_mention
from .document import Article
from .extraction import Candidate
from .gazetteer.lexicon import cues as place_cue_kinds
from .normalize import name_key
from .translit import transliterate
from .schema import DISORDER_OF, SUB_EVENT_TYPES, Event, Span, Victim, interaction

# Who acts when the article names nobody, by sub-event type (generic actors, resolved by country).
_DEFAULT_ACTOR1 = {
    "Peaceful protest": "protesters",
    "Protest with intervention": "protesters",
    "Excessive force against protesters": None,
    "Violent demonstration": "rioters",
    "Mob violence": "rioters",
    # ACLED: bombings and attacks whose perpetrator the report does not name.
    "Remote explosive/landmine/IED": "unidentified",
    "Suicide bomb": "unidentified",
    "Grenade": "unidentified",
    "Shelling/artillery/missile attack": "unidentified",
    "Chemical weapon": "unidentified",
    "Sexual violence": "unidentified",
    "Looting/property destruction": "unidentified",
    "Attack": "unidentified",
    "Abduction/forced disappearance": "unidentified",
    # «قتل ثلاثة عناصر من الشرطة في هجوم مسلح»: a fight whose attackers are not named.
    "Armed clash": "unidentified",
    # «أعلنت وزارة الداخلية القبض على ...»: arrests whose force is not named are the police's.
    "Arrests": "police",
}
_DEFAULT_ACTOR2 = {
    "Attack": "civilians",
    "Abduction/forced disappearance": "civilians",
    "Sexual violence": "civilians",
    "Protest with intervention": None,
    "Excessive force against protesters": "protesters",
    # People arrested with nothing said of who they are: civilians (ACLED), not nobody.
    "Arrests": "civilians",
}
_TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}
_PROTEST_OUTCOMES = {"Protest with intervention", "Excessive force against protesters", "Violent demonstration"}
_VIOLENT_TYPES = {"Battles", "Violence against civilians", "Strategic developments"}
_CLAIM_ORDER = {"denied": 3, "reported": 2, "claimed": 1, "unconfirmed": 0}


# Events that kill nobody by definition (deaths told with them belong to another event).
_NO_DEATHS = {"Arrests", "Agreement", "Change to group/activity", "Headquarters or base established",
              "Non-violent transfer of territory", "Disrupted weapons use", "Looting/property destruction",
              "Peaceful protest", "Protest with intervention"}


def _province(c: Candidate) -> str:
    place = getattr(getattr(c.place, "data", None), "place", None)
    return f"{place.country_iso2}/{place.admin1}" if place is not None and place.admin1 else ""


def _cand_type(c: Candidate) -> str:
    return "Battles" if c.sub_event_type == "territory" else c.event_type


def _actor(article: Article, mention, country: str | None, on=None):
    if mention is None:
        return None, ""
    return resolve_mention(mention.data, mention.label, country, on), article.raw_span(mention.start, mention.end)[2]


def _territory_type(actor) -> str:
    if actor is None:
        return "Non-state actor overtakes territory"
    if actor.inter == 1 or getattr(actor, "pro_government", False):
        return "Government regains territory"
    return "Non-state actor overtakes territory"


def _written(article: Article, mention, name: str) -> str:
    """The place name as the article writes it (with its hamzas and ta marbuta), not normalized."""
    if not name:
        return ""
    i = article.text.find(name, mention.start, mention.end + len(name))
    if i < 0:
        i = article.text.find(name)  # a name standing for another mention («القريتين»)
    if i < 0:
        return name
    return article.raw_span(i, i + len(name))[2]


def _place_fields(article: Article, cand: Candidate) -> dict:
    rp = cand.place.data if cand.place is not None else None
    place = getattr(rp, "place", None)
    if rp is None or place is None:
        loc_ar = _written(article, cand.place, rp.location_ar) if rp is not None else ""
        return {"location_ar": loc_ar, "location": getattr(rp, "location", "") or "", "geo_precision": 3}
    # A village the gazetteer lacks, placed at the town or district it is said to lie in or near:
    # that centre is no coordinate to trust for the village (GUIDE: null; the name and admin
    # fields stand, and name matching does the rest). A quarter, square or checkpoint of a town
    # («حي ثعبات», «ساحة السير»), or a hill or valley by it («جبل أمان شرقي المدينة»), is within a
    # few km of the town's centre: those coordinates stand, at precision 2.
    own = any(c is place or c.id == place.id for c in getattr(rp.mention, "candidates", ()))
    cue = getattr(rp.mention, "cue", None)
    trusted = own or (rp.geo_precision <= 2 and place.feature == "populated"
                      and place_cue_kinds().get(cue or "") in ("part", "facility", "region"))
    # «محور القبة», «حي البريد» the gazetteer lacks: a front or quarter of the town it is placed at.
    part_of = place.id if (not own and place.feature == "populated" and cue in _TOWN_FRONT_CUES) else None
    return {
        "iso": place.iso_num,
        "country": place.country_name,
        "admin1": place.admin1 or "",
        "admin2": getattr(place, "admin2", "") or "",
        "admin3": getattr(place, "admin3", "") or "",
        "location": rp.location or place.name_en,
        "location_ar": _written(article, cand.place, rp.location_ar),
        "latitude": place.lat if trusted else None,
        "longitude": place.lon if trusted else None,
        "geo_precision": rp.geo_precision,
        "pcode": getattr(place, "pcode", "") or "",
        "_country2": place.country_iso2,
        # (A village the gazetteer lacks, known only to lie in a country, is a place of its own.)
        "_feature": place.feature if getattr(rp.mention, "kind", "") != "unknown_after_cue" else "",
        "_merge_key": _town_key(rp, place),
        "_part_of": part_of,
    }


# «محور القبة», «حاجز المساكن»: an axis of attack on a town or a checkpoint at it is where the
# town's fight is; a «جبهة» or a quarter can be a place of its own («جبهة ماس شمال مأرب»).
_TOWN_FRONT_CUES = {"محور", "محاور", "حاجز", "حواجز"}



def _town_key(rp, place) -> str | None:
    """Parts of one town («أحياء حوض الأشراف والبريد» in Taiz) are one ACLED location: the town."""
    cue = getattr(rp.mention, "cue", None)
    if cue and place_cue_kinds().get(cue) in ("part", "facility") and rp.geo_precision >= 2:
        return f"{place.lat:.3f},{place.lon:.3f}"
    return None


def _note(e: Event, captured: int = 0) -> str:
    when = f"On {e.event_date}" if e.event_date else "On an unreported date"
    where = e.location or e.location_ar or "an unnamed place"
    if e.admin1 and e.admin1 != e.location:
        where += f" ({e.admin1})"
    a1 = e.actor1 or "unidentified actors"
    a2 = f" against {e.actor2}" if e.actor2 else ""
    what = {
        "Armed clash": f"{a1} clashed with {e.actor2 or 'an armed group'}",
        "Government regains territory": f"{a1} regained control{a2}",
        "Non-state actor overtakes territory": f"{a1} took control{a2}",
        "Air/drone strike": f"{a1} carried out an air/drone strike{a2}",
        "Shelling/artillery/missile attack": f"{a1} shelled positions or areas{a2}",
        "Remote explosive/landmine/IED": "an explosive device went off" + (f", attributed to {e.actor1}" if e.actor1 else ""),
        "Suicide bomb": "a suicide bombing took place" + (f", attributed to {e.actor1}" if e.actor1 else ""),
        "Grenade": f"{a1} threw a grenade{a2}",
        "Chemical weapon": f"{a1} used chemical weapons{a2}",
        "Attack": f"{a1} attacked {e.actor2 or 'civilians'}",
        "Abduction/forced disappearance": f"{a1} abducted {e.actor2 or 'civilians'}",
        "Sexual violence": f"{a1} committed sexual violence against {e.actor2 or 'civilians'}",
        "Peaceful protest": f"{a1} demonstrated",
        "Protest with intervention": f"{a1} demonstrated and were dispersed",
        "Excessive force against protesters": f"{a1} used lethal force against protesters",
        "Violent demonstration": f"{a1} rioted",
        "Mob violence": f"{a1} attacked{a2}",
        "Agreement": f"{a1} reached an agreement" + (f" with {e.actor2}" if e.actor2 else ""),
        "Arrests": f"{a1} arrested people" + (f" ({e.actor2})" if e.actor2 else ""),
        "Disrupted weapons use": f"{a1} disrupted a weapons attack",
        "Headquarters or base established": f"{a1} established a base or position",
        "Looting/property destruction": f"{a1} looted or destroyed property",
        "Non-violent transfer of territory": f"{a1} withdrew from or handed over territory",
        "Change to group/activity": f"{a1} changed its organisation or activity",
        "Other": f"{a1} took a notable strategic action",
    }[e.sub_event_type]
    fat = f" {e.fatalities} reported killed." if e.fatalities else ""
    if e.fatalities_estimated:
        fat = f" Deaths reported without a number (coded {e.fatalities})."
    if captured:
        fat += f" {captured} reported captured."
    named = [f"{v.name} ({v.status})" for v in e.victims if v.name]
    if named:
        fat += " Named: " + ", ".join(named) + "."
    claim = {"denied": " The report was denied by a party.", "unconfirmed": " Unconfirmed report.",
             "claimed": " Claimed by a party.", "reported": ""}[e.claim_status]
    return f"{when}, in {where}, {what}.{fat}{claim}"


def _event_id(doc_id: str, e: Event) -> str:
    key = "|".join([doc_id, e.sub_event_type, name_key(e.location_ar) or e.location, e.event_date or "", e.actor1])
    return "mrs-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class _Coded:
    """One candidate as a contract Event, with what merging and filtering need to know."""

    event: Event
    key: tuple  # (sub-event type, place, day): one ACLED event
    at_country: bool  # placed only at a country
    dated: bool  # its day comes from a date in the text
    captured: int
    sentence: int = 0
    place_id: str | None = None  # the gazetteer place it is at
    parent_id: str | None = None  # the place its own place was told relative to («شمال مأرب»)
    part_of: str | None = None  # the town whose front or quarter it is at («محور القبة»)
    province: str | None = None  # set when placed only at a province (admin1): its name


def code_events(article: Article, candidates: list[Candidate]) -> list[Event]:
    # A headline sums up what the body tells: keep its events only where the body has none of that type.
    body_types = {_cand_type(c) for c in candidates if not c.from_title}
    candidates = [c for c in candidates if not c.from_title or _cand_type(c) not in body_types]
    # A headline in a province the body reports from sums up those reports («المعارضة تنسحب من مناطق
    # بريف إدلب», «الدعم السريع تقتحم أحياء في الجنينة» over the events told below).
    body_provinces = {_province(c) for c in candidates if not c.from_title} - {""}
    candidates = [c for c in candidates if not (c.from_title and _province(c) in body_provinces)]

    merged: dict[tuple, _Coded] = {}
    for coded in (_to_event(article, c) for c in candidates):
        if coded.key in merged:
            _merge(merged[coded.key], coded)
        else:
            merged[coded.key] = coded
    # An event told once with its day and once without is one event on that day.
    for key in [k for k, c in merged.items() if not c.dated]:
        twin = next((k for k, c in merged.items() if k != key and k[:2] == key[:2] and c.dated), None)
        if twin is not None:
            _merge(merged[twin], merged.pop(key))
    # «قتل 15 حوثياً في مواجهات بمدينة مأرب», then «... بجبهة ماس شمال مأرب»: a summary and its
    # detail told next to each other are one event, at the finer place.
    for key, c in list(merged.items()):
        if key not in merged or c.province is not None or (c.parent_id is not None and c.place_id == c.parent_id):
            continue
        for other_key, d in list(merged.items()):
            # The summary is at the detail's parent place, or at the province the detail's town is in
            # («قتل 43 مدنياً في قصف على عدن», then «قصفوا منطقة دار سعد»).
            summary = (d.parent_id is None and c.parent_id is not None and d.place_id == c.parent_id) or (
                d.province is not None and d.province == c.event.admin1 and c.place_id is not None)
            if (other_key != key and other_key[0] == key[0] and other_key[2] == key[2] and summary
                    and abs(d.sentence - c.sentence) <= 1):
                _merge(c, merged.pop(other_key))
    # «اشتباكات في درعا البلد ... خاصة على محور القبة»: fighting on a front of a town the same day
    # is the town's fight (GUIDE: a front or quarter is its town).
    for key, c in list(merged.items()):
        if c.part_of is None:
            continue
        town = next((d for k, d in merged.items() if k != key and k[0] == key[0] and k[2] == key[2]
                     and d.place_id == c.part_of and d.part_of is None), None)
        if town is not None:
            _merge(town, merged.pop(key))
    # «مقتل 33 شخصاً في تفجيرات في محافظة ديالى», then each bombing in its town: the province's
    # report sums up the finer ones (GUIDE: a summary only when the article gives no finer events).
    finer = {(c.event.sub_event_type, c.event.event_date, c.event.admin1) for c in merged.values()
             if c.province is None and c.place_id is not None}
    merged = {k: c for k, c in merged.items()
              if c.province is None or (c.event.sub_event_type, c.event.event_date, c.province) not in finer}
    coded = list(merged.values())
    # An event placed only at a country is a fallback: dropped where the article gives that kind
    # of event a real place.
    located = {c.key[0] for c in coded if not c.at_country}
    coded = [c for c in coded if not c.at_country or c.key[0] not in located]
    # A fight that ended with the place changing hands is that one Battles event (whom it was
    # fought against, when the taking does not say, is who the fight was with).
    gains = [c for c in coded if c.event.sub_event_type in _TERRITORY]
    fights = [c for c in coded if c.event.sub_event_type == "Armed clash"]
    for g in gains:
        fight = next((f for f in fights if not g.event.actor2 and f.event.actor2 and f.event.actor1 == g.event.actor1
                      and f.event.event_date == g.event.event_date and abs(f.sentence - g.sentence) <= 1), None)
        if fight is not None:
            g.event.actor2, g.event.actor2_ar, g.event.inter2 = fight.event.actor2, fight.event.actor2_ar, fight.event.inter2
            g.event.interaction = interaction(g.event.inter1, g.event.inter2)
    taken = {g.key[1:] for g in gains}
    coded = [c for c in coded if not (c.event.sub_event_type == "Armed clash" and c.key[1:] in taken)]
    # A march that security forces broke up, or that turned into a riot, is that one event.
    handled = {(c.event.location_ar, c.event.event_date) for c in coded if c.event.sub_event_type in _PROTEST_OUTCOMES}
    coded = [c for c in coded if not (c.event.sub_event_type == "Peaceful protest"
                                      and (c.event.location_ar, c.event.event_date) in handled)]
    # A crowd that the police broke up and that fought back is rioting: one Violent demonstration
    # (the intervention's evidence and arrests go with it).
    riots = {(c.event.location_ar, c.event.event_date): c for c in coded
             if c.event.sub_event_type == "Violent demonstration"}
    for c in [c for c in coded if c.event.sub_event_type == "Protest with intervention"]:
        riot = riots.get((c.event.location_ar, c.event.event_date))
        if riot is not None:
            _merge(riot, c)
            coded.remove(c)
    # An event placed nowhere in an article that names places is a mention the coder could not
    # anchor (a headline word, a generic «هجوم»): not an event to put on a map. An article that
    # names no place at all keeps its events, in its parties' country.
    coded = [c for c in coded if not article.spans.get("places") or c.event.location_ar or c.event.latitude is not None]
    for c in coded:
        if c.event.sub_event_type in _NO_DEATHS:
            # «اعتقال ... بعد مقتل الطفل»: deaths told beside an arrest or a deal belong to another event.
            c.event.fatalities, c.event.fatalities_estimated = 0, False
            continue
        # Every named person reported killed is a death, whatever figure the text gives.
        named_dead = sum(1 for v in c.event.victims if v.status == "killed")
        if named_dead > c.event.fatalities:
            c.event.fatalities, c.event.fatalities_estimated = named_dead, False
    events = [c.event for c in coded]
    _apply_denials(article, events)
    for c in coded:
        c.event.event_id = _event_id(article.doc.id, c.event)
        c.event.notes = _note(c.event, c.captured)
    return events


_DRONE = re.compile(r"مسير|درون")
_UNKNOWN_AIRCRAFT = re.compile(r"(?:مسير|طائر|طيران)\w*\s+(?:\w+\s+)?مجهول")
# One-sided bombings that state forces suffer rather than carry out.
_BOMBINGS = {"Remote explosive/landmine/IED", "Suicide bomb"}
# A dual of clan, tribe or family («عشيرتين», «قبيلتي»): the two sides of one fight.
_BOTH_SIDES = re.compile(r"(?:عشيرت|قبيلت|عائلت)(?:ين|ان|ي)\b")


def _to_event(article: Article, cand: Candidate) -> _Coded:
    """One candidate in the contract's shape: actors named by country, the sub-type settled."""
    doc = article.doc
    doc_country = article.meta.get("country")
    pf = _place_fields(article, cand)
    country = pf.pop("_country2", None) or doc_country
    at_country = pf.pop("_feature", "") == "country"
    town = pf.pop("_merge_key", None)
    part_of = pf.pop("_part_of", None)
    # Actors as ACLED coded them on the event's day (the RSF were state forces until April 2023).
    on = cand.event_date or doc.published
    a1, a1_ar = _actor(article, cand.actor1, country, on)
    a2, a2_ar = _actor(article, cand.actor2, country, on)
    sub = cand.sub_event_type
    if sub == "territory":
        sub = _territory_type(a1)
    if sub == "Arrests" and a1 is not None and a1.inter in (2, 3, 4) and not a1.governs:
        sub = "Abduction/forced disappearance"  # ACLED: non-state «arrests» are abductions
    if sub == "Armed clash" and a1 is not None and a1.inter in (1, 8) and a2 is not None and a2.inter in (5, 6):
        # «اشتباكات بين قوات الأمن ومحتجين»: a crowd fighting the forces is rioting, the crowd first.
        a1, a2, a1_ar, a2_ar = a2, a1, a2_ar, a1_ar
    if a1 is not None and a1.inter in (5, 6) and SUB_EVENT_TYPES[sub] in _VIOLENT_TYPES:
        sub = "Violent demonstration"  # a crowd that burns, storms or fights is rioting
    if a1 is not None and a1.inter == 7 and SUB_EVENT_TYPES[sub] != "Protests":
        a1, a2, a1_ar, a2_ar = a2, a1, a2_ar, a1_ar  # civilians are hit, they do not strike
    if sub in _BOMBINGS and a1 is not None and a1.inter in (1, 8) and (a2 is None or a2.inter == 7):
        # «انفجار عبوة ناسفة استهدفت قافلة عسكرية»: the forces named at a bombing are what it hit;
        # who planted it is unknown unless the article says (a claim names the group).
        a2, a2_ar = a1, a1_ar
        a1, a1_ar = resolve_actor("unidentified", country, on), ""
    if sub == "Air/drone strike" and _UNKNOWN_AIRCRAFT.search(article.text, *cand.clause):
        # «استهدفت مسيرة مجهولة دورية روسية»: whose drone is unknown; the force named is its target.
        if a1 is not None and a2 is None and a1.key != "unidentified" and cand.actor1.label != "air_force":
            a2, a2_ar = a1, a1_ar
        a1, a1_ar = resolve_actor("unidentified", country, on), ""
    drone_by_group = a1 is not None and a1.inter in (2, 3, 4) and _DRONE.search(article.text, *cand.clause) is not None
    if sub == "Air/drone strike" and (a1 is None or a1.inter not in (1, 8)) and not drone_by_group:
        # Aircraft belong to states: a rebel named in an air-strike sentence is its target (but armed
        # groups fly drones: «أطلق الحوثيون طائرة مسيرة», a drone attack a faction claims).
        if a1 is not None and a2 is None:
            a2, a2_ar = a1, a1_ar
        a1, a1_ar = resolve_actor("air_force", country, on), ""
    crowd = _DEFAULT_ACTOR1.get(sub) if SUB_EVENT_TYPES[sub] in ("Protests", "Riots") else None
    if crowd is not None and a1 is not None and a1.key != crowd:
        # ACLED codes a demonstration by who demonstrates: the crowd is actor 1 («نظم نشطاء وقفة»,
        # «فرّقت القوات الأمنية اعتصاماً»: the forces that broke it up are actor 2); a crowd that
        # turns violent is rioters.
        if a1.inter in (1, 2, 3, 8) and a2 is None:
            a2, a2_ar = a1, a1_ar
        if a1.inter != 5 or crowd != "rioters":
            a1, a1_ar = resolve_actor(crowd, country, on), (a1_ar if a1.inter in (5, 6, 7) else "")
    if sub == "Disrupted weapons use":
        # ACLED: who intercepted or defused acts; whose drone, missile or bomb it was is actor 2
        # («اعترضت الدفاعات السعودية صاروخاً أطلقه الحوثيون»). Unnamed, it is the country's army.
        if a1 is not None and a1.inter in (2, 3, 4) and (a2 is None or a2.inter in (1, 8)):
            a1, a2, a1_ar, a2_ar = a2, a1, a2_ar, a1_ar
        if a1 is None:
            a1, a1_ar = resolve_actor("army", country, on), ""
    if sub == "Excessive force against protesters":
        # The forces fire, the protesters are hit: «مواجهات مع قوات الأمن» names the forces second.
        if (a1 is None or a1.inter in (5, 6, 7)) and a2 is not None and a2.inter in (1, 3, 8):
            a1, a2, a1_ar, a2_ar = a2, a1, a2_ar, a1_ar
        if a1 is not None and a2 is not None and a2.inter in (1, 8):
            a2, a2_ar = None, ""  # two names of the security forces, no second party
    if a1 is None and _DEFAULT_ACTOR1.get(sub):
        a1 = resolve_actor(_DEFAULT_ACTOR1[sub], country, on)
    if a2 is None and _DEFAULT_ACTOR2.get(sub) and (a1 is None or a1.key != _DEFAULT_ACTOR2[sub]):
        a2 = resolve_actor(_DEFAULT_ACTOR2[sub], country, on)
    if a2 is not None and a1 is not None and a2.name == a1.name and not (a1.kind == "militia" and a1_ar != a2_ar):
        a2, a2_ar = None, a2_ar  # (two clans named apart fight each other: «آل جعفر» and «آل شمص»)
    if a2 is None and a1 is not None and a1.kind == "militia" and _BOTH_SIDES.search(a1_ar):
        a2, a2_ar = a1, a1_ar  # «اشتباكات بين عشيرتين»: clansmen on both sides
    if sub == "Peaceful protest":
        # Protesters alone (ACLED interaction 60): whom they protest against («للمطالبة برحيل
        # النظام») is not a party to the event.
        a2, a2_ar = None, ""
    et = SUB_EVENT_TYPES[sub]
    party = article.raw_span(*cand.source_party)[2].strip() if cand.source_party else ""
    ev = Event(
        event_id="",
        doc_id=doc.id,
        event_date=cand.event_date.isoformat() if cand.event_date else None,
        time_precision=cand.time_precision if cand.event_date else 1,
        disorder_type=DISORDER_OF[et],
        event_type=et,
        sub_event_type=sub,
        actor1=a1.name if a1 else "",
        actor1_ar=a1_ar,
        inter1=a1.inter if a1 else None,
        actor2=a2.name if a2 else "",
        actor2_ar=a2_ar,
        inter2=a2.inter if a2 else None,
        # (Political violence only: civilians arrested are not «targeted» in ACLED's sense.)
        civilian_targeting="Civilian targeting" if (a2 and a2.inter == 7 and DISORDER_OF[et] == "Political violence"
                                                    or et == "Violence against civilians") else "",
        fatalities=cand.fatalities,
        fatalities_estimated=cand.fatalities_estimated,
        victims=[Victim(name_ar=(n := article.raw_span(s, e)[2]), status=st, name=transliterate(n))
                 for s, e, st in cand.victims],
        claim_status=cand.claim_status,
        source="; ".join(x for x in (doc.source, party) if x),
        confidence=round(max(0.05, min(0.99, cand.confidence)), 2),
        **pf,
    )
    if not ev.country and doc_country:
        ev.country = article.meta.get("country_name", "")
        ev.iso = article.meta.get("country_iso_num")
    ev.interaction = interaction(ev.inter1, ev.inter2)
    ev.evidence = _evidence_spans(article, cand)
    key = (ev.sub_event_type, town or name_key(ev.location_ar) or ev.location, ev.event_date)
    rp = cand.place.data if cand.place is not None else None
    place_id = rp.place.id if getattr(rp, "place", None) is not None else None
    parent_id = rp.parent.id if getattr(rp, "parent", None) is not None else None
    # Placed at a province because the text names the province (not a village hung on it).
    province = ev.admin1 if (getattr(getattr(rp, "place", None), "feature", "") == "admin1"
                             and getattr(rp, "kind", "") != "unknown_after_cue") else None
    return _Coded(ev, key, at_country, cand.date_mention is not None, cand.captured, cand.sentence_index,
                  place_id, parent_id, part_of, province)


def _evidence_spans(article: Article, cand: Candidate) -> list[Span]:
    """The statement of the event, and the date and the deaths where the text gives them, in text order."""
    out = [_evidence(article, cand)]
    for a, b in cand.detail_spans:
        s, e, text = article.raw_span(a, b)
        if not any(x.start <= s and e <= x.end for x in out):
            out.append(Span(s, e, text))
    return sorted(out, key=lambda x: (x.start, x.end))


def _evidence(article: Article, cand: Candidate) -> Span:
    """The shortest stretch of the clause holding the trigger and the event's place."""
    starts = [s for s, _ in cand.evidence]
    ends = [e for _, e in cand.evidence]
    a, b = min(starts), max(ends)
    if b - a > 300:  # an inherited or far place: the trigger alone
        a, b = cand.trigger.start, cand.trigger.end
    # Widen to whole words and to the clause's actor when it sits right beside the trigger.
    for m in (cand.actor1, cand.actor2):
        if m is not None and cand.clause[0] <= m.start and m.end <= cand.clause[1] and abs(m.start - b) < 40:
            a, b = min(a, m.start), max(b, m.end)
    s, e, text = article.raw_span(a, b)
    return Span(s, e, text)


def _merge(into_coded: _Coded, other_coded: _Coded) -> None:
    """The same event told twice: keep the first telling, fill what it lacked."""
    into, other = into_coded.event, other_coded.event
    into_coded.captured = max(into_coded.captured, other_coded.captured)
    for f in ("actor1", "actor1_ar", "inter1", "actor2", "actor2_ar", "inter2"):
        if not getattr(into, f) and getattr(other, f):
            setattr(into, f, getattr(other, f))
    into.interaction = interaction(into.inter1, into.inter2)
    if other.fatalities > into.fatalities:
        into.fatalities, into.fatalities_estimated = other.fatalities, other.fatalities_estimated
    names = {v.name_ar for v in into.victims}
    into.victims += [v for v in other.victims if v.name_ar not in names]
    if _CLAIM_ORDER[other.claim_status] > _CLAIM_ORDER[into.claim_status]:
        into.claim_status = other.claim_status
    into.evidence += [s for s in other.evidence if (s.start, s.end) not in {(x.start, x.end) for x in into.evidence}]
    into.evidence.sort(key=lambda x: (x.start, x.end))
    into.confidence = max(into.confidence, other.confidence)
    if other.source and other.source not in into.source:
        into.source = "; ".join(x for x in (into.source, other.source.split("; ", 1)[-1]) if x)
    if into.civilian_targeting == "" and other.civilian_targeting:
        into.civilian_targeting = other.civilian_targeting


def _apply_denials(article: Article, events: list[Event]) -> None:
    """A party denies what a sentence names: events of that kind told before it are denied."""
    denied = Counter(cls for cls, _ in article.meta.get("denials", []))
    for ev in events:
        sub = ev.sub_event_type
        territory = sub in ("Government regains territory", "Non-state actor overtakes territory")
        attack = ev.event_type in ("Explosions/Remote violence", "Violence against civilians")
        if denied.get(sub) or (territory and denied.get("territory")) or (attack and denied.get("attack")):
            ev.claim_status = "denied"
