"""``marsad batch``: code an archive of articles on Dask distributed, restartably.

The inputs (JSON Lines, plain or gzip; Parquet; WARC; loose .txt/.html files) are cut into
*partitions* of a few thousand articles. Each partition is one Dask task that runs the same
per-article coder as ``marsad extract`` and writes its events as Parquet files, partitioned by
country and month::

    OUT/events/country=Syria/month=2021-07/part-<partition>.parquet   per-article events
    OUT/merged/country=Syria/month=2021-07/part-0.parquet              merged across articles
    OUT/_done/<partition>.json                                         a finished partition
    OUT/report.json                                                    the run report

A partition's marker is written (atomically) only after its Parquet files, so a run that
crashes is restarted by running the same command again: finished partitions are skipped, an
unfinished one is redone and overwrites its own files. Dask schedules, retries failed tasks
and reschedules the work of a lost worker; there is no pool of our own.

The cross-article merge (:mod:`marsad.store.merge`) runs per country and month once every
partition is coded: reports of one event on the last day of a month and the first of the next
stay two events (load the events into the store with ``marsad ingest`` for a global merge).
"""
from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import hashlib
import itertools
import json
import logging
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

from .document import Document, parse_published
from .ingest import InputError, iter_documents, language_problem, read_html, read_jsonl_stream
from .schema import FIELDS, Event

__all__ = ["Partition", "plan", "read_partition", "code_partition", "merge_group", "run_batch",
           "read_events", "add_subcommands"]

DEFAULT_PARTITION_SIZE = 2000  # articles per task: ~15 s of coding on one core
PARTITION_KEYS = ("country", "month")
UNKNOWN = "__HIVE_DEFAULT_PARTITION__"  # the hive convention for a missing value (read back as null)
_JSON_COLUMNS = ("victims", "evidence")
_EXTRA_COLUMNS = ("report_key", "article", "outlet", "published", "url", "partition")
_MAX_EXAMPLES = 20  # skipped inputs quoted in full in the report


# --------------------------------------------------------------------------- partitions


@dataclass(frozen=True)
class Partition:
    """A slice of one input: lines, rows or WARC records ``start``..``stop`` (``offset``: the
    byte where ``start`` begins, for plain JSON Lines and WARC), or a group of loose files."""

    path: str
    kind: str  # jsonl | parquet | warc | files
    start: int = 0
    stop: int = 0
    offset: int = 0
    files: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Stable across runs of the same command: the input's resolved path and the slice."""
        where = "|".join([str(Path(self.path).resolve()), self.kind, str(self.start), str(self.stop),
                          *map(str, self.files)])
        digest = hashlib.sha1(where.encode("utf-8")).hexdigest()[:10]
        stem = re.sub(r"[^\w.-]+", "_", _stem(Path(self.path)))[:40]
        return f"{stem}-{self.start:09d}-{digest}"

    def describe(self) -> str:
        if self.kind == "files":
            return f"{len(self.files)} files from {self.path}"
        unit = {"jsonl": "lines", "parquet": "rows", "warc": "records"}[self.kind]
        return f"{self.path} {unit} {self.start + 1}-{self.stop}"


def _stem(path: Path) -> str:
    """The file name without ``.gz`` and its format extension (as ``marsad extract`` names ids)."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return name.rsplit(".", 1)[0] if "." in name else name


def _kind(path: Path) -> str | None:
    name = path.name.lower().removesuffix(".gz")
    for suffix, kind in ((".jsonl", "jsonl"), (".parquet", "parquet"), (".warc", "warc"),
                         (".txt", "files"), (".html", "files"), (".htm", "files")):
        if name.endswith(suffix):
            return kind
    return None


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def plan(inputs: Iterable[str], size: int = DEFAULT_PARTITION_SIZE) -> tuple[list[Partition], list[InputError]]:
    """Cut the inputs into partitions of about ``size`` articles; unreadable inputs are errors."""
    parts: list[Partition] = []
    errors: list[InputError] = []
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            files = sorted((p for p in path.rglob("*") if p.is_file() and _kind(p)
                            and not any(s.startswith(".") for s in p.relative_to(path).parts)),
                           key=lambda p: p.relative_to(path).parts)
            if not files:
                errors.append(InputError(given, "folder has no .jsonl, .parquet, .warc, .txt or .html files"))
            loose = [str(p) for p in files if _kind(p) == "files"]
            for i in range(0, len(loose), size):
                parts.append(Partition(given, "files", i, min(i + size, len(loose)), files=tuple(loose[i:i + size])))
            files = [p for p in files if _kind(p) != "files"]
        elif not path.exists():
            errors.append(InputError(given, "no such file or directory"))
            continue
        elif _kind(path) is None:
            errors.append(InputError(given, "unsupported file type (expected .jsonl, .parquet, .warc, "
                                     ".txt or .html, optionally .gz)"))
            continue
        else:
            files = [path]
        for file in files:
            try:
                parts += _PLANNERS[_kind(file)](file, size)
            except Exception as exc:  # noqa: BLE001 - a corrupt input is reported, the others go on
                errors.append(InputError(str(file), f"cannot read: {exc}"))
    return parts, errors


def _plan_jsonl(path: Path, size: int) -> list[Partition]:
    """Line ranges, with the byte each range starts at (a gzip reader skips lines instead)."""
    with _open(path) as f:
        if f.read(2) in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 cannot be cut at b"\n": one partition
            return [Partition(str(path), "jsonl", 0, -1)]
        f.seek(0)
        starts, offset, count, filled = [], 0, 0, False
        for count, line in enumerate(f):
            if count % size == 0:
                starts.append((count, offset))
            filled = filled or bool(line.strip())
            offset += len(line)
    if not filled:
        raise ValueError("empty file")
    plain = not path.name.lower().endswith(".gz")
    ends = [s for s, _ in starts[1:]] + [count + 1]
    return [Partition(str(path), "jsonl", s, e, o if plain else 0) for (s, o), e in zip(starts, ends)]


def _plan_parquet(path: Path, size: int) -> list[Partition]:
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(path).metadata.num_rows
    return [Partition(str(path), "parquet", s, min(s + size, rows)) for s in range(0, rows, size)]


def _plan_warc(path: Path, size: int) -> list[Partition]:
    """Ranges of HTML records, each starting at a record's byte offset (WARC files are
    per-record gzip members, so a reader can seek straight to it)."""
    from warcio.archiveiterator import ArchiveIterator

    parts, count = [], 0
    with open(path, "rb") as f:
        records = ArchiveIterator(f)
        for record in records:
            if not _is_page(record):
                continue
            if count % size == 0:  # (reading the offset consumes the record: nothing to read after it)
                parts.append([count, count, records.get_record_offset()])
            count += 1
            parts[-1][1] = count
    return [Partition(str(path), "warc", s, e, o) for s, e, o in parts]


_PLANNERS: dict[str, Callable[[Path, int], list[Partition]]] = {
    "jsonl": _plan_jsonl, "parquet": _plan_parquet, "warc": _plan_warc,
}


# --------------------------------------------------------------------------- reading


def read_partition(part: Partition) -> Iterator[Document | InputError]:
    """The documents of one partition, read exactly as ``marsad extract`` reads them
    (same ids, same checks); bad records are yielded as :class:`InputError`."""
    if part.kind == "files":
        yield from iter_documents(list(part.files))
    elif part.kind == "jsonl":
        yield from _read_jsonl(part)
    elif part.kind == "parquet":
        yield from _read_parquet(part)
    else:
        yield from _read_warc(part)


def _numbered(lines: Iterable[bytes], part: Partition, path: Path) -> Iterator[Document | InputError]:
    """JSON Lines as ``marsad extract`` numbers them: blank lines stand in for the lines before
    the partition, so default ids (``<stem>-<line>``) and error positions are those of the file."""
    padded = itertools.chain(itertools.repeat(b"\n", part.start), lines)
    for item in read_jsonl_stream(padded, str(part.path), _stem(path)):
        if isinstance(item, InputError) and item.reason == "empty file":
            continue  # a partition of blank lines; an empty file was reported when planning
        yield item


def _read_jsonl(part: Partition) -> Iterator[Document | InputError]:
    path = Path(part.path)
    with _open(path) as f:
        if part.stop < 0:
            yield from read_jsonl_stream(f, part.path, _stem(path))
            return
        if part.offset:
            f.seek(part.offset)
            lines: Iterable[bytes] = f
        else:
            lines = itertools.islice(f, part.start, None)  # gzip: decompress past earlier lines
        yield from _numbered(itertools.islice(lines, part.stop - part.start), part, path)


def _read_parquet(part: Partition) -> Iterator[Document | InputError]:
    """Rows become JSON Lines records (``text`` or ``html``, ``id``, ``published``, ...) and go
    through the same reader, numbered by row."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(part.path)
    lines, first = [], 0
    for group in range(pf.metadata.num_row_groups):
        n = pf.metadata.row_group(group).num_rows
        lo, hi = max(part.start, first), min(part.stop, first + n)
        if lo < hi:
            table = pf.read_row_group(group).slice(lo - first, hi - lo)
            lines += [json.dumps(row, ensure_ascii=False, default=str).encode("utf-8")
                      for row in table.to_pylist()]
        first += n
    yield from _numbered(lines, part, Path(part.path))


def _is_page(record: Any) -> bool:
    """A WARC response (or resource) record holding an HTML page."""
    if record.rec_type == "response" and record.http_headers is not None:
        return "html" in (record.http_headers.get_header("Content-Type") or "").lower()
    if record.rec_type == "resource":
        return "html" in (record.rec_headers.get_header("Content-Type") or "").lower()
    return False


def _read_warc(part: Partition) -> Iterator[Document | InputError]:
    from warcio.archiveiterator import ArchiveIterator

    with open(part.path, "rb") as f:
        f.seek(part.offset)
        records = ArchiveIterator(f)
        taken = 0
        for record in records:
            if taken >= part.stop - part.start:
                break
            if not _is_page(record):
                continue
            taken += 1
            yield _warc_document(record, part.path)


def _warc_document(record: Any, path: str) -> Document | InputError:
    """A page's main text through :func:`marsad.ingest.read_html`; its id is the page's URL."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or record.rec_headers.get_header("WARC-Record-ID")
    origin = f"{path}:{uri}"
    status = record.http_headers.get_statuscode() if record.http_headers is not None else "200"
    payload = record.content_stream().read()
    if status != "200":
        return InputError(origin, f"HTTP {status}")
    try:
        text, meta = read_html(payload, origin)
    except InputError as err:
        return err
    problem = language_problem(text)
    if problem:
        return InputError(origin, problem)
    return Document(
        id=uri, text=text,
        # the page's own date first: a crawl can be years after publication
        published=meta["published"] or parse_published(record.rec_headers.get_header("WARC-Date")),
        source=meta["source"], url=uri, title=meta["title"], origin=origin)


# --------------------------------------------------------------------------- coding (a Dask task)


def _arrow_type(annotation: str):
    import pyarrow as pa

    base = annotation.replace(" | None", "")
    return {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "str": pa.string()}.get(base, pa.string())


@functools.cache
def _schema(extra: tuple[tuple[str, str], ...]):
    """One explicit schema for every file (inference would type an all-null column as null)."""
    import pyarrow as pa

    fields = [pa.field(f.name, _arrow_type(str(f.type))) for f in dataclasses.fields(Event)
              if f.name not in PARTITION_KEYS]
    return pa.schema(fields + [pa.field(name, _arrow_type(kind)) for name, kind in extra])


_REPORT_SCHEMA = tuple((c, "str") for c in _EXTRA_COLUMNS)
_MERGED_SCHEMA = (("fatalities_min", "int"), ("fatalities_max", "int"), ("n_sources", "int"),
                  ("claim_statuses", "str"), ("report_keys", "str"))


def _row(e: Event) -> dict[str, Any]:
    """An event as a table row (``Event.to_dict`` deep-copies: too slow for archives)."""
    d = {name: getattr(e, name) for name in FIELDS}
    for f in _JSON_COLUMNS:
        d[f] = json.dumps([dataclasses.asdict(x) for x in d[f]], ensure_ascii=False)
    return d


def _group(e: Event) -> tuple[str, str]:
    """(country, month) of an event, as partition directory values."""
    return (e.country or UNKNOWN, e.event_date[:7] if e.event_date else UNKNOWN)


def _group_dir(root: Path, group: tuple[str, str]) -> Path:
    country, month = group
    return root / f"country={quote(country, safe='')}" / f"month={quote(month, safe='')}"


def _write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file and rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    write(tmp)
    os.replace(tmp, path)


def _write_table(path: Path, rows: list[dict[str, Any]], extra: tuple[tuple[str, str], ...]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=_schema(extra))
    _write_atomic(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def _write_json(path: Path, data: Any) -> None:
    _write_atomic(path, lambda tmp: tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                                   encoding="utf-8"))


@functools.cache
def _engine(gazetteer: str | None):
    """One coder per worker process, built on its first task."""
    from .api import Marsad

    return Marsad(gazetteer=gazetteer)


def _reason_key(reason: str) -> str:
    """A reason without its particulars ("not Arabic text (only 3% ...)" -> "not Arabic text")."""
    return reason.split(" (", 1)[0].split(": ", 1)[0]


def code_partition(part: Partition, out: str, gazetteer: str | None = None) -> dict[str, Any]:
    """Code one partition, write its events and then its marker; returns the marker's stats."""
    from .store import content_hash

    root = Path(out)
    marker = root / "_done" / f"{part.id}.json"
    if marker.exists():  # finished by an earlier attempt of this task
        return json.loads(marker.read_text(encoding="utf-8"))
    t0, cpu0 = time.perf_counter(), time.process_time()
    engine = _engine(gazetteer)
    read, events, skipped, examples = 0, 0, Counter(), []
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)

    def skip(message: str, key: str) -> None:
        skipped[key] += 1
        if len(examples) < _MAX_EXAMPLES:
            examples.append(message)

    for item in read_partition(part):
        read += 1
        if isinstance(item, InputError):
            skip(str(item), _reason_key(item.reason))
            continue
        try:
            coded = engine.extract_document(item)
        except Exception as exc:  # noqa: BLE001 - one article that fails never stops a partition
            origin = item.origin or item.id
            message = str(exc) if str(exc).startswith(origin) else f"{origin}: {exc}"
            skip(message, f"coder error ({type(exc).__name__})")
            continue
        h = content_hash(item.text)
        for e in coded:
            row = _row(e)
            row.update(report_key=hashlib.sha1(f"{h}|{e.event_id}".encode()).hexdigest(), article=h,
                       outlet=item.source,
                       published=item.published.isoformat() if item.published else None, url=item.url,
                       partition=part.id)
            groups[_group(e)].append(row)
        events += len(coded)
    for group, rows in groups.items():
        _write_table(_group_dir(root / "events", group) / f"part-{part.id}.parquet", rows, _REPORT_SCHEMA)
    stats = {"partition": part.id, "input": part.describe(), "articles": read, "events": events,
             "skipped": dict(skipped), "examples": examples, "groups": sorted(map(list, groups)),
             "seconds": round(time.perf_counter() - t0, 3), "cpu_seconds": round(time.process_time() - cpu0, 3)}
    _write_json(marker, stats)
    return stats


# --------------------------------------------------------------------------- merging (a Dask task)


def _events_of(files: list[Path]) -> list[tuple[dict[str, Any], Event]]:
    import pyarrow.parquet as pq

    out = []
    for file in files:
        for row in pq.read_table(file).to_pylist():
            d = {k: row.get(k) for k in FIELDS}
            for f in _JSON_COLUMNS:
                d[f] = json.loads(d[f] or "[]")
            out.append((row, Event.from_dict(d)))
    return out


def merge_group(out: str, group: tuple[str, str]) -> dict[str, Any]:
    """Merge the reports of one country and month across articles (:func:`marsad.store.merge`)."""
    from .store.merge import Report, merge

    root = Path(out)
    files = sorted(_group_dir(root / "events", group).glob("part-*.parquet"))
    marker = root / "_merged" / f"{hashlib.sha1('|'.join(group).encode()).hexdigest()[:16]}.json"
    inputs = [f.name for f in files]
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")).get("inputs") == inputs:
        return json.loads(marker.read_text(encoding="utf-8"))
    country, month = group
    rows = _events_of(files)
    # The same text read under two ids is one article, as in the store: keep its smallest id's reports.
    keep: dict[str, str] = {}
    for row, _ in rows:
        keep[row["article"]] = min(keep.get(row["article"], row["doc_id"]), row["doc_id"])
    numbers = {h: n for n, h in enumerate(keep)}
    reports = []
    for i, (row, event) in enumerate(rows):
        if row["doc_id"] == keep[row["article"]]:
            event.country = "" if country == UNKNOWN else country
            reports.append(Report(row_id=i, article_id=numbers[row["article"]], outlet=row["outlet"] or "",
                                  key=row["report_key"], event=event))
    merged = merge(reports)
    rows = []
    for m in merged:
        row = _row(m.event)
        row.update(fatalities_min=m.fatalities_min, fatalities_max=m.fatalities_max, n_sources=len(m.members),
                   claim_statuses=m.claim_statuses, report_keys=json.dumps([r.key for r in m.members]))
        rows.append(row)
    _write_table(_group_dir(root / "merged", group) / "part-0.parquet", rows, _MERGED_SCHEMA)
    stats = {"group": list(group), "inputs": inputs, "reports": len(reports), "merged": len(merged)}
    _write_json(marker, stats)
    return stats


# --------------------------------------------------------------------------- the run


@contextmanager
def _client(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A Dask client: the given scheduler, else a local cluster of worker processes (closed after)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def _compute(client: Any, tasks: list[tuple[str, Callable[..., dict], tuple]], retries: int,
             log: Callable[[str], None]) -> tuple[list[dict], list[str]]:
    """Run tasks on the cluster (Dask retries each one); results and the failures' messages."""
    import dask
    from distributed import as_completed

    if not tasks:
        return [], []
    futures = client.compute([dask.delayed(fn, pure=False)(*args, dask_key_name=key) for key, fn, args in tasks],
                             retries=retries)
    names = {f.key: key for f, (key, _, _) in zip(futures, tasks)}
    done, failed = [], []
    for n, future in enumerate(as_completed(futures), 1):
        try:
            done.append(future.result())
        except Exception as exc:  # noqa: BLE001 - reported; a re-run retries the partition
            failed.append(f"{names[future.key]}: {type(exc).__name__}: {exc}")
            log(f"marsad: batch: {failed[-1]}")
            continue
        log(f"marsad: batch: {names[future.key]} done ({n}/{len(tasks)})")
    return done, failed


def run_batch(inputs: list[str], out: str | Path, workers: int = 2, scheduler: str | None = None,
              partition_size: int = DEFAULT_PARTITION_SIZE, gazetteer: str | None = None,
              retries: int = 2, log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Code ``inputs`` into ``out`` on Dask; returns (and writes to ``out/report.json``) the report."""
    t0 = time.perf_counter()
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    parts, errors = plan(inputs, partition_size)
    todo = [p for p in parts if not (root / "_done" / f"{p.id}.json").exists()]
    log(f"marsad: batch: {len(parts)} partitions, {len(parts) - len(todo)} already done")
    with _client(workers, scheduler) as client:
        n_workers = len(client.scheduler_info()["workers"])
        coded, failed = _compute(client, [(f"code-{p.id}", code_partition, (p, str(root), gazetteer)) for p in todo],
                                 retries, log)
        t1 = time.perf_counter()
        groups = sorted({tuple(g) for p in parts if (m := root / "_done" / f"{p.id}.json").exists()
                         for g in json.loads(m.read_text(encoding="utf-8"))["groups"]})
        merged, merge_failed = _compute(
            client, [(f"merge-{i}", merge_group, (str(root), g)) for i, g in enumerate(groups)], retries, log)
    seconds = time.perf_counter() - t0
    report = _report(root, parts, errors, coded, failed + merge_failed, merged, seconds, n_workers)
    report.update(partitions_skipped=len(parts) - len(todo), coding_seconds=round(t1 - t0, 2),
                  merge_seconds=round(seconds - (t1 - t0), 2))
    _write_json(root / "report.json", report)
    return report


def _report(root: Path, parts: list[Partition], errors: list[InputError], coded: list[dict],
            failed: list[str], merged: list[dict], seconds: float, workers: int) -> dict[str, Any]:
    """Totals over every finished partition of the job (this run's and earlier runs'), and this run's work."""
    finished = [json.loads(m.read_text(encoding="utf-8")) for p in parts
                if (m := root / "_done" / f"{p.id}.json").exists()]
    skipped = Counter({"unreadable input": len(errors)}) if errors else Counter()
    for stats in finished:
        skipped.update(stats["skipped"])
    run_articles = sum(s["articles"] for s in coded)
    return {
        "articles": sum(s["articles"] for s in finished),
        "skipped": sum(skipped.values()),
        "skipped_reasons": dict(skipped.most_common()),
        "skipped_examples": [str(e) for e in errors] + [x for s in finished for x in s["examples"]][:_MAX_EXAMPLES],
        "events": sum(s["events"] for s in finished),
        "merged_events": sum(s["merged"] for s in merged),
        "partitions": len(parts),
        "partitions_done": len(finished),
        "partitions_run": len(coded),
        "failed": failed,
        "workers": workers,
        "cpu_seconds": round(sum(s.get("cpu_seconds", 0.0) for s in finished), 2),  # coding, all workers
        "seconds": round(seconds, 2),
        "run_articles": run_articles,
        "articles_per_hour": round(3600 * run_articles / seconds) if seconds else 0,
    }


def read_events(out: str | Path, merged: bool = False) -> list[Event]:
    """The events a batch wrote (``merged``: the merged ones), by date then id."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    folder = Path(out) / ("merged" if merged else "events")
    if not folder.exists():
        return []
    partitioning = ds.partitioning(pa.schema([(k, pa.string()) for k in PARTITION_KEYS]), flavor="hive")
    table = ds.dataset(folder, format="parquet", partitioning=partitioning).to_table()
    events = []
    for row in table.to_pylist():
        d = {k: row.get(k) for k in FIELDS}
        d["country"] = d["country"] or ""
        for f in _JSON_COLUMNS:
            d[f] = json.loads(d[f] or "[]")
        events.append(Event.from_dict(d))
    return sorted(events, key=lambda e: (e.event_date or "", e.event_id))


# --------------------------------------------------------------------------- command line


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """``marsad batch``."""
    p = subparsers.add_parser(
        "batch", help="code an archive on Dask distributed (Parquet out, restartable)",
        description="Code JSON Lines (plain or .gz), Parquet, WARC files and folders of .txt/.html articles on "
        "a Dask cluster: a local cluster of worker processes by default, or --scheduler. Writes events as "
        "Parquet partitioned by country and month (DIR/events), the cross-article merge per country and month "
        "(DIR/merged) and a run report (DIR/report.json). Re-running the same command after a crash skips "
        "the partitions already finished.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (shared by every worker)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes of the local cluster (default: one per core)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="use this Dask scheduler instead of a local cluster")
    p.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE, metavar="N",
                   help=f"articles per task (default {DEFAULT_PARTITION_SIZE})")
    p.add_argument("--retries", type=int, default=2, metavar="N", help="Dask retries of a failed task (default 2)")
    p.add_argument("--gazetteer", metavar="PATH", help="an imported gazetteer, readable by every worker")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the report")
    p.set_defaults(func=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    if args.workers < 1 or args.partition_size < 1:
        print("marsad batch: --workers and --partition-size must be at least 1", file=sys.stderr)
        return 1
    log = (lambda s: None) if args.quiet else (lambda s: print(s, file=sys.stderr, flush=True))
    report = run_batch(args.inputs, args.out, workers=args.workers, scheduler=args.scheduler,
                       partition_size=args.partition_size, gazetteer=args.gazetteer, retries=args.retries, log=log)
    for example in report["skipped_examples"]:
        log(f"marsad: skipped {example}")
    print(json.dumps({k: v for k, v in report.items() if k != "skipped_examples"}, ensure_ascii=False))
    if report["failed"]:
        return 1
    return 2 if report["skipped"] else 0
