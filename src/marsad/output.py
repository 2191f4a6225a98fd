"""Writers for events: JSON Lines, ACLED-ordered CSV, GeoJSON, and a pandas DataFrame.

Writers stream: they take an iterable of events and write as they go, so an archive's output
never has to sit in memory.
"""
from __future__ import annotations

import csv
import json
from typing import IO, Iterable

from .schema import CSV_COLUMNS, Event

FORMATS = ("jsonl", "csv", "geojson")


def event_json(e: Event) -> str:
    return json.dumps(e.to_dict(), ensure_ascii=False)


def _csv_row(e: Event) -> dict:
    d = e.to_dict()
    d["victims"] = json.dumps(d["victims"], ensure_ascii=False)
    d["evidence"] = json.dumps(d["evidence"], ensure_ascii=False)
    return {k: ("" if d[k] is None else d[k]) for k in CSV_COLUMNS}


class Writer:
    """Writes events in one format to a text stream; ``close()`` ends the document (GeoJSON)."""

    def __init__(self, out: IO[str], fmt: str = "jsonl"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        self.out, self.fmt, self.count = out, fmt, 0
        if fmt == "csv":
            self._csv = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
            self._csv.writeheader()
        elif fmt == "geojson":
            out.write('{"type": "FeatureCollection", "features": [\n')

    def write(self, events: Iterable[Event]) -> None:
        for e in events:
            if self.fmt == "jsonl":
                self.out.write(event_json(e) + "\n")
            elif self.fmt == "csv":
                self._csv.writerow(_csv_row(e))
            else:
                geometry = (
                    {"type": "Point", "coordinates": [e.longitude, e.latitude]}
                    if e.latitude is not None and e.longitude is not None else None
                )
                feature = {"type": "Feature", "id": e.event_id, "geometry": geometry, "properties": e.to_dict()}
                sep = ",\n" if self.count else ""
                self.out.write(sep + json.dumps(feature, ensure_ascii=False))
            self.count += 1
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "geojson":
            self.out.write("\n]}\n")
        self.out.flush()


def to_dataframe(events: Iterable[Event]):
    """A pandas DataFrame with ACLED's columns in ACLED's order (pandas is an optional extra)."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError("marsad.to_dataframe needs pandas: pip install 'marsad[pandas]'") from exc
    rows = [e.to_dict() for e in events]
    df = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    if not df.empty:
        df["event_date"] = pd.to_datetime(df["event_date"], errors="coerce")
    return df
