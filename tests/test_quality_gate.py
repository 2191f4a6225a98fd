"""Quality gate: marsad scored on the team gold set (and shared/eval/dev when present) stays above its floors.

The floors live in tests/quality/floors.json and only go up (scripts/check_floors.py); see
tests/quality/README.md for what each figure means and how to raise or lower a floor.
Run with ``-s`` to see the table of figures against floors; ``MARSAD_GATE_MEASURED=FILE``
writes the measured figures as JSON (input of ``scripts/check_floors.py --ratchet``).
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from marsad.evaluate import (
    DEFAULT_KM,
    GoldArticle,
    Tally,
    dates_agree,
    evaluate,
    load_gold,
    min_cost_matching,
    place_distance,
)
from marsad.ingest import InputError, iter_documents
from marsad.schema import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]
FLOORS_PATH = ROOT / "tests" / "quality" / "floors.json"
TEAM_DIR = ROOT / "tests" / "gold"
SHARED = Path(os.environ.get("MARSAD_SHARED") or ROOT.parent / "shared")
DEV_DIR = SHARED / "eval" / "dev"
MEASURED_ENV = "MARSAD_GATE_MEASURED"

# The figures pinned for every gold set; the team set also pins F1 per event type.
HEADLINE = ("event_f1", "event_precision", "event_recall",
            "sub_event_type_acc", "date_exact_acc", "place_acc", "fatalities_acc")
PLACE_COST_CAP = 1000.0  # km: a wrong place costs this much when pairing on everything but the place


def _load_check_floors() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_floors", ROOT / "scripts" / "check_floors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_floors = _load_check_floors()


# --------------------------------------------------------------------------- figures


def place_accuracy(gold: list[GoldArticle], predictions: list[dict], max_km: float = DEFAULT_KM) -> float | None:
    """Share of gold events, paired on everything but the place, whose predicted place is right.

    The scorer's matching already demands the right place, so over its matches this share
    would always be 1. Here gold and predicted events of the same article are paired on the
    scorer's other rules only (same event type, dates within a day, one-to-one, as many pairs
    as possible, nearest places first). Gold events that name no place (no coordinates and
    no ``location_ar``) are left out. A pair's place is right when the scorer would accept
    it: within ``max_km`` when both sides have coordinates, else the same place name (the
    gold ``location_ar`` or one of its ``aliases_ar``). None when nothing could be paired.
    """
    by_doc: dict[str, list[dict]] = {}
    for event in predictions:
        by_doc.setdefault(str(event.get("doc_id")), []).append(event)
    paired = right = 0
    for article in gold:
        golds = [g for g in article.events if g.get("latitude") is not None or (g.get("location_ar") or "").strip()]
        preds = by_doc.get(article.id, [])
        cost = [[_place_pair_cost(g, p) for p in preds] for g in golds]
        for pi, gi in min_cost_matching(cost).items():
            paired += 1
            right += place_distance(golds[gi], preds[pi], max_km) is not None
    return round(right / paired, 3) if paired else None


def _place_pair_cost(gold: dict, pred: dict) -> float | None:
    """None unless type and date agree; else the place error in km (capped), a little more for another sub-type."""
    if gold.get("event_type") != pred.get("event_type") or not dates_agree(gold, pred):
        return None
    km = place_distance(gold, pred, float("inf"))
    cost = PLACE_COST_CAP if km is None else min(km, PLACE_COST_CAP)
    return cost + (0.5 if gold.get("sub_event_type") != pred.get("sub_event_type") else 0.0)


def measure(gold: list[GoldArticle], predictions: list[dict], per_type: bool) -> dict:
    """The gate's figures for one gold set, shaped like its section of floors.json."""
    ev = evaluate(gold, predictions)
    place = place_accuracy(gold, predictions)
    figures: dict = {k: place if k == "place_acc" else ev.summary[k] for k in HEADLINE}
    if per_type:
        figures["event_type_f1"] = {t: round(ev.by_event_type.get(t, Tally()).f1, 3) for t in EVENT_TYPES}
    figures["_counts"] = {k: ev.summary[k] for k in ("docs", "gold_events", "pred_events", "matched")}
    return figures


def code_gold_set(engine, folder: Path) -> tuple[list[GoldArticle], list[dict]]:
    """The gold articles of ``folder`` and the events ``engine`` codes from its docs.jsonl."""
    predictions: list[dict] = []
    for doc in iter_documents([str(folder / "docs.jsonl")]):
        assert not isinstance(doc, InputError), f"gold document unreadable: {doc}"
        predictions += [e.to_dict() for e in engine.extract_document(doc)]
    return load_gold(folder / "gold.jsonl"), predictions


def gate_report(name: str, figures: dict, floors: dict) -> tuple[str, list[str]]:
    """A table of every figure against its floor, and the figures below their floors."""
    counts = figures.get("_counts", {})
    flat = check_floors.flatten({k: v for k, v in figures.items() if k != "_counts"})
    flat_floors = check_floors.flatten(floors)
    lines = [f"{name}: {counts.get('docs')} articles, {counts.get('gold_events')} gold events, "
             f"{counts.get('pred_events')} predicted, {counts.get('matched')} matched",
             f"  {'figure':<46} {'value':>6} {'floor':>6} {'margin':>7}"]
    below = []
    for key, floor in flat_floors.items():
        value = flat.get(key)
        ok = value is not None and value >= floor - 1e-9
        shown = f"{value:6.3f}" if value is not None else "  none"
        margin = f"{value - floor:+7.3f}" if value is not None else " " * 7
        lines.append(f"  {key:<46} {shown} {floor:6.2f} {margin}{'' if ok else '  BELOW FLOOR'}")
        if not ok:
            below.append(f"{name} {key} = {value} < floor {floor}")
    lines += [f"  {key:<46} {value:6.3f}   (no floor)" for key, value in flat.items() if key not in flat_floors]
    return "\n".join(lines), below


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads(FLOORS_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def measured(extractor) -> dict:
    """Figures per gold set ("team", and "dev" when shared/eval/dev exists); one extractor for all."""
    sets = {"team": measure(*code_gold_set(extractor, TEAM_DIR), per_type=True)}
    if (DEV_DIR / "gold.jsonl").exists():
        sets["dev"] = measure(*code_gold_set(extractor, DEV_DIR), per_type=False)
    if os.environ.get(MEASURED_ENV):
        without_counts = {name: {k: v for k, v in f.items() if k != "_counts"} for name, f in sets.items()}
        Path(os.environ[MEASURED_ENV]).write_text(json.dumps(without_counts, indent=2) + "\n", encoding="utf-8")
    return sets


def _gate(name: str, measured: dict, floors: dict) -> None:
    table, below = gate_report(name, measured[name], floors[name])
    print("\n" + table)
    assert not below, "figures below their floors:\n" + "\n".join(below) + "\n\n" + table


# --------------------------------------------------------------------------- the gate


def test_team_gold_set_stays_above_its_floors(measured, floors):
    _gate("team", measured, floors)


def test_shared_dev_set_stays_above_its_floors(measured, floors):
    if "dev" not in measured:
        pytest.skip(f"no evaluation set at {DEV_DIR}")
    _gate("dev", measured, floors)


def test_floors_file_pins_every_gate_figure(floors):
    expected = {f"team.{k}" for k in HEADLINE} | {f"team.event_type_f1.{t}" for t in EVENT_TYPES} \
        | {f"dev.{k}" for k in HEADLINE}
    flat = check_floors.flatten(floors)
    assert set(flat) == expected
    assert all(0.0 <= v <= 1.0 and round(v, 2) == v for v in flat.values()), flat


# --------------------------------------------------------------------------- place accuracy


def _event(event_type: str, lat: float | None, lon: float | None, name: str, day: str = "2020-05-04") -> dict:
    return {"event_type": event_type, "sub_event_type": "Armed clash", "event_date": day,
            "latitude": lat, "longitude": lon, "location_ar": name}


def test_place_accuracy_counts_a_type_and_date_match_at_the_wrong_town_as_wrong():
    gold = [GoldArticle("a", True, [_event("Battles", 35.93, 36.63, "إدلب"),
                                   _event("Battles", 36.20, 37.16, "حلب", day="2020-05-03")])]
    preds = [{**_event("Battles", 35.94, 36.64, "إدلب"), "doc_id": "a"},  # ~1.4 km off: right
             {**_event("Battles", 35.13, 36.75, "حماة", day="2020-05-03"), "doc_id": "a"}]  # ~120 km: wrong
    assert place_accuracy(gold, preds) == 0.5
    assert evaluate(gold, preds).summary["matched"] == 1  # the scorer drops the wrong town altogether


def test_place_accuracy_falls_back_to_names_and_skips_gold_without_place():
    gold = [GoldArticle("a", True, [_event("Protests", None, None, "الرمادي"),
                                   _event("Battles", None, None, "")])]
    preds = [{**_event("Protests", 33.42, 43.30, "رمادي"), "doc_id": "a"},  # same name once the article goes
             {**_event("Battles", 33.42, 43.30, "الرمادي"), "doc_id": "a"}]
    assert place_accuracy(gold, preds) == 1.0
    preds[0]["location_ar"] = "الفلوجة"
    assert place_accuracy(gold, preds) == 0.0
    assert place_accuracy(gold, [{**preds[0], "event_type": "Riots"}]) is None


def test_gate_report_names_every_figure_below_its_floor():
    figures = {"event_f1": 0.6, "place_acc": None, "event_type_f1": {"Riots": 0.31}}
    floors = {"event_f1": 0.58, "place_acc": 0.9, "event_type_f1": {"Riots": 0.4}}
    table, below = gate_report("team", figures, floors)
    assert [b.split(" = ")[0] for b in below] == ["team place_acc", "team event_type_f1.Riots"]
    assert table.count("BELOW FLOOR") == 2


# --------------------------------------------------------------------------- floors only go up


def test_floor_of_is_a_little_below_the_measured_value_rounded_down():
    assert check_floors.floor_of(0.617) == 0.59
    assert check_floors.floor_of(0.62) == 0.6
    assert check_floors.floor_of(0.015) == 0.0


def test_lowered_lists_decreased_and_removed_floors_only():
    old = {"team": {"event_f1": 0.6, "event_type_f1": {"Riots": 0.4, "Protests": 0.5}}}
    new = {"team": {"event_f1": 0.61, "event_type_f1": {"Riots": 0.39}}, "dev": {"event_f1": 0.3}}
    assert check_floors.lowered(old, new) == ["team.event_type_f1.Riots: 0.4 -> 0.39",
                                              "team.event_type_f1.Protests: 0.5 -> removed"]


def test_ratchet_raises_floors_to_measured_minus_margin_but_never_lowers():
    floors = {"team": {"event_f1": 0.6, "place_acc": 0.95}}
    measured = {"team": {"event_f1": 0.70, "place_acc": 0.9, "date_exact_acc": 0.944}}
    assert check_floors.ratchet(floors, measured) == {
        "team": {"event_f1": 0.68, "place_acc": 0.95, "date_exact_acc": 0.92}}


def test_floors_were_not_lowered_since_the_previous_commit():
    status, message = check_floors.check(ROOT)
    if status == check_floors.SKIP:
        pytest.skip(message)
    assert status == check_floors.OK, message


@pytest.fixture()
def floors_repo(tmp_path, monkeypatch) -> Path:
    """A scratch git repository whose second commit lowers a floor (message given by the test)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for var in ("FLOORS_BASE", "GITHUB_BASE_REF"):
        monkeypatch.delenv(var, raising=False)
    for var, value in {"GIT_AUTHOR_NAME": "gate", "GIT_AUTHOR_EMAIL": "gate@example.org",
                       "GIT_COMMITTER_NAME": "gate", "GIT_COMMITTER_EMAIL": "gate@example.org",
                       "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}.items():
        monkeypatch.setenv(var, value)
    path = tmp_path / check_floors.FLOORS
    path.parent.mkdir(parents=True)
    git = ["git", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q"], check=True)
    path.write_text(json.dumps({"team": {"event_f1": 0.6}}), encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Gate: first floors"], check=True)
    path.write_text(json.dumps({"team": {"event_f1": 0.55}}), encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    return tmp_path


def test_lowering_a_floor_fails_without_a_lower_floor_line(floors_repo):
    subprocess.run(["git", "-C", str(floors_repo), "commit", "-q", "-m", "Coder: new rule"], check=True)
    status, message = check_floors.check(floors_repo)
    assert status == check_floors.FAIL
    assert "team.event_f1: 0.6 -> 0.55" in message


def test_lowering_a_floor_passes_with_a_lower_floor_line(floors_repo):
    subprocess.run(["git", "-C", str(floors_repo), "commit", "-q", "-m",
                    "Coder: new rule\n\nlower-floor: the gold set was corrected"], check=True)
    status, message = check_floors.check(floors_repo)
    assert status == check_floors.OK
    assert "the gold set was corrected" in message
