"""`marsad evaluate`: matching rules (the scorer's), reports, and agreement with score.py."""
from __future__ import annotations

import copy
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad import cli
from marsad.evaluate import (
    GoldArticle,
    evaluate,
    load_gold,
    min_cost_matching,
    place_name_key,
)

FIXTURE = Path(__file__).parent / "fixtures" / "eval_small"
SHARED = Path(os.environ.get("MARSAD_SHARED") or Path(__file__).resolve().parents[2] / "shared")
DEV = SHARED / "eval" / "dev"
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture()
def gold() -> list[GoldArticle]:
    return load_gold(FIXTURE / "gold.jsonl")


def perfect(gold: list[GoldArticle]) -> list[dict]:
    """Predictions equal to the gold events."""
    return [{**copy.deepcopy(e), "doc_id": a.id} for a in gold for e in a.events]


def pred_of(preds: list[dict], doc_id: str, event_type: str) -> dict:
    return next(p for p in preds if p["doc_id"] == doc_id and p["event_type"] == event_type)


# --------------------------------------------------------------------------- matching rules


def test_perfect_prediction_scores_f1_one(gold):
    ev = evaluate(gold, perfect(gold))
    s = ev.summary
    assert (s["gold_events"], s["pred_events"], s["matched"]) == (5, 5, 5)
    assert s["event_f1"] == 1.0
    assert s["sub_event_type_acc"] == s["date_exact_acc"] == s["fatalities_acc"] == s["inter1_acc"] == 1.0
    assert s["relevance_precision"] == s["relevance_recall"] == 1.0
    assert ev.misses == []


def test_place_beyond_tolerance_is_a_miss_and_an_extra(gold):
    preds = perfect(gold)
    shelling = pred_of(preds, "sy_idlib_01", "Explosions/Remote violence")
    shelling["latitude"] += 0.6  # about 67 km north
    ev = evaluate(gold, preds)
    assert ev.summary["matched"] == 4
    kinds = sorted((m.kind, m.event["event_type"]) for m in ev.misses)
    assert kinds == [("extra", "Explosions/Remote violence"), ("missed", "Explosions/Remote violence")]
    assert "67 km apart" in ev.misses[0].why
    assert evaluate(gold, preds, max_km=80).summary["matched"] == 5


def test_place_within_tolerance_matches_and_reports_distance_error(gold):
    preds = perfect(gold)
    pred_of(preds, "sy_idlib_01", "Explosions/Remote violence")["latitude"] += 0.09  # ~10 km
    s = evaluate(gold, preds).summary
    assert s["matched"] == 5
    # errors 0, 0, 0, 10 km: the 90th percentile interpolates to 7 km
    assert s["geo_p90_km"] == 7.0 and s["geo_median_km"] == 0.0


@pytest.mark.parametrize("event_date, matches, exact", [
    ("2023-03-14", True, True),
    ("2023-03-15", True, False),
    ("2023-03-13", True, False),
    ("2023-03-16", False, False),
    ("2023-03-12", False, False),
    (None, False, False),
])
def test_date_within_one_day_matches_two_days_does_not(gold, event_date, matches, exact):
    preds = perfect(gold)
    pred_of(preds, "sy_idlib_01", "Explosions/Remote violence")["event_date"] = event_date
    s = evaluate(gold, preds).summary
    assert s["matched"] == (5 if matches else 4)
    assert s["date_exact_acc"] == (1.0 if exact else 0.8 if matches else 1.0)


@pytest.mark.parametrize("event_date", ["2019-01-01", None, "not a date"])
def test_null_gold_date_matches_any_predicted_date(gold, event_date):
    preds = perfect(gold)
    pred_of(preds, "ye_taiz_01", "Protests")["event_date"] = event_date
    assert evaluate(gold, preds).summary["matched"] == 5


@pytest.mark.parametrize("location_ar, matches", [
    ("الحويز", True),        # the gold name
    ("حويز", True),          # without the article
    ("والحويز", True),       # with و + article
    ("سهل الغاب", True),     # a gold alias
    ("السهل الغاب", True),   # article on each word
    ("قلعة المضيق", False),  # another place
    ("", False),
])
def test_name_match_without_gold_coordinates(gold, location_ar, matches):
    preds = perfect(gold)
    clash = pred_of(preds, "sy_idlib_01", "Battles")
    clash.update(location_ar=location_ar, latitude=35.5, longitude=36.4)  # gold has none
    assert evaluate(gold, preds).summary["matched"] == (5 if matches else 4)


def test_name_match_applies_when_only_the_prediction_lacks_coordinates(gold):
    preds = perfect(gold)
    shelling = pred_of(preds, "sy_idlib_01", "Explosions/Remote violence")
    shelling.update(latitude=None, longitude=None, location_ar="كَفْرنَبْل")
    assert evaluate(gold, preds).summary["matched"] == 5
    shelling["location_ar"] = "معرة النعمان"
    assert evaluate(gold, preds).summary["matched"] == 4


def test_gold_without_any_place_takes_any_place():
    gold = [GoldArticle("a", True, [{"event_type": "Battles", "sub_event_type": "Armed clash",
                                     "event_date": None, "location_ar": "", "latitude": None}])]
    pred = {"doc_id": "a", "event_type": "Battles", "sub_event_type": "Armed clash",
            "location_ar": "درعا", "latitude": 32.6, "longitude": 36.1}
    assert evaluate(gold, [pred]).summary["matched"] == 1


def test_matching_is_maximal_then_closest():
    # X fits both gold events (nearer to A), Y fits only A: a greedy nearest choice
    # (X-A) would leave Y unmatched; the maximal matching is X-B, Y-A.
    cost = [[1.0, 5.0],
            [2.0, None]]
    assert min_cost_matching(cost) == {0: 1, 1: 0}
    assert min_cost_matching([[3.0, 1.0], [1.0, 3.0]]) == {1: 0, 0: 1}
    assert min_cost_matching([[None, None]]) == {}
    assert min_cost_matching([]) == {}


def test_same_subtype_wins_among_equal_candidates():
    base = {"event_type": "Battles", "event_date": "2020-01-01", "location_ar": "درعا",
            "latitude": 32.62, "longitude": 36.10}
    gold = [GoldArticle("a", True, [{**base, "sub_event_type": "Government regains territory"}])]
    preds = [{**base, "doc_id": "a", "sub_event_type": "Armed clash"},
             {**base, "doc_id": "a", "sub_event_type": "Government regains territory"}]
    ev = evaluate(gold, preds)
    assert ev.summary["sub_event_type_acc"] == 1.0
    assert [m.event["sub_event_type"] for m in ev.misses] == ["Armed clash"]


def test_predictions_on_a_non_conflict_article_lower_relevance_precision(gold):
    preds = perfect(gold) + [{"doc_id": "neg_expo_01", "event_type": "Protests",
                              "sub_event_type": "Peaceful protest", "location_ar": "عمان"}]
    s = evaluate(gold, preds).summary
    assert s["relevance_precision"] == 0.75 and s["relevance_recall"] == 1.0
    assert s["pred_events"] == 6 and s["event_precision"] == round(5 / 6, 3)


def test_events_of_articles_outside_the_gold_are_counted_apart(gold):
    preds = perfect(gold) + [{"doc_id": "elsewhere", "event_type": "Battles"}]
    s = evaluate(gold, preds).summary
    assert s["events_for_unknown_docs"] == 1 and s["pred_events"] == 5 and s["event_f1"] == 1.0


# --------------------------------------------------------------------------- slices and confusion


def test_confusion_table_pairs_events_on_place_and_date_ignoring_type(gold):
    preds = perfect(gold)
    pred_of(preds, "iq_tarmiyah_01", "Explosions/Remote violence").update(
        event_type="Violence against civilians", sub_event_type="Attack")
    ev = evaluate(gold, preds)
    assert ev.summary["matched"] == 4
    assert ev.confusion["Explosions/Remote violence"]["Violence against civilians"] == 1
    assert ev.confusion["Explosions/Remote violence"]["Explosions/Remote violence"] == 1
    assert ev.confusion["Strategic developments"]["Strategic developments"] == 1
    assert "(none)" not in ev.confusion  # every prediction found a place+date partner
    table = ev.to_dict()["confusion"]
    assert table["rows"]["Explosions/Remote violence"]["Violence against civilians"] == 1
    assert table["labels"][-1] == "(none)"


def test_unpaired_events_go_to_the_none_row_and_column(gold):
    preds = [p for p in perfect(gold) if p["event_type"] != "Protests"]
    preds.append({"doc_id": "neg_expo_01", "event_type": "Riots", "sub_event_type": "Mob violence"})
    ev = evaluate(gold, preds)
    assert ev.confusion["Protests"]["(none)"] == 1
    assert ev.confusion["(none)"]["Riots"] == 1


def test_slices_per_type_subtype_and_country(gold):
    preds = perfect(gold)
    for p in preds:  # predictions name countries as ACLED does
        p["country"] = {"SY": "Syria", "IQ": "Iraq", "YE": "Yemen"}[p["country"]]
    pred_of(preds, "sy_idlib_01", "Battles")["sub_event_type"] = "Government regains territory"
    ev = evaluate(gold, preds)
    assert ev.by_event_type["Battles"].f1 == 1.0  # the type is right
    assert ev.by_sub_event_type["Armed clash"].recall == 0.0  # the sub-type is not
    assert ev.by_sub_event_type["Government regains territory"].precision == 0.0
    assert set(ev.by_country) == {"SY", "IQ", "YE"}
    assert ev.by_country["IQ"].to_dict() == {"gold": 2, "pred": 2, "matched": 2,
                                             "precision": 1.0, "recall": 1.0, "f1": 1.0}


# --------------------------------------------------------------------------- gold formats


def test_acled_csv_gold_scores_like_the_jsonl_gold(gold):
    csv_gold = load_gold(FIXTURE / "gold.csv", link_column="article")
    assert [a.id for a in csv_gold] == [a.id for a in gold]
    assert [a.relevant for a in csv_gold] == [True, True, True, False]
    dates = [e["event_date"] for a in csv_gold for e in a.events]
    assert dates == ["2023-03-14", "2023-03-13", "2022-11-04", "2022-11-04", None]
    assert csv_gold[0].events[1]["aliases_ar"] == ["سهل الغاب"]
    preds = perfect(gold)
    pred_of(preds, "sy_idlib_01", "Battles")["event_date"] = "2023-03-16"
    assert evaluate(csv_gold, preds).summary == evaluate(gold, preds).summary


def test_csv_gold_without_the_link_column_is_refused():
    with pytest.raises(ValueError, match="no column 'doc_id'"):
        load_gold(FIXTURE / "gold.csv")


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("a, b, equal", [
    ("الرقة", "رقة", True),
    ("الرقّة", "الرقه", True),            # shadda, ta marbuta
    ("إدلب", "ادلب", True),
    ("البوكمال", "بوكمال", True),
    ("دير الزور", "دير زور", True),
    ("مدينةُ  حلبَ", "مدينه حلب", True),  # case endings, double space
    ("للاذقية", "اذقيه", True),           # the scorer strips لل like an article
    ("كفرنبل", "كفر نبل", False),         # word boundaries count
    ("ال", "", True),                     # a bare article leaves nothing
    ("کفر", "كفر", False),                # Persian kaf is not folded
    ("درعا٢", "درعا2", False),            # nor Arabic-Indic digits
    ("حل\u200cب", "حلب", False),          # a zero-width non-joiner splits the word
    ("الم", "م", True),                   # article stripped even before one letter
    ("كالبلد", "بلد", False),             # كال is no article for the scorer
])
def test_place_name_key_has_the_scorers_equality(a, b, equal):
    assert (place_name_key(a) == place_name_key(b)) is equal


def _score_module():
    if not SCORER.is_file():
        pytest.skip("shared/eval/score.py is absent")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_TRICKY = "الوبفلكةهىيأإآٱاءئؤ ک٢2_-\u064e\u0651\u0670\u0640\u06d6\u200c\u200f\u0652x"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_TRICKY, max_size=14))
def test_place_name_key_is_the_scorers_norm_ar(name):
    assert place_name_key(name) == _score_module().norm_ar(name)


# --------------------------------------------------------------------------- command line


def run_cli(argv: list[str], capsys) -> tuple[int, str]:
    code = cli.main(["evaluate", *argv])
    return code, capsys.readouterr().out


def write_preds(tmp_path: Path, preds: list[dict]) -> Path:
    path = tmp_path / "pred.jsonl"
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    return path


def test_cli_json_report_has_every_section(gold, tmp_path, capsys):
    preds = perfect(gold)
    preds[0]["latitude"] += 1.0
    code, out = run_cli(["--gold", str(FIXTURE / "gold.jsonl"), "--pred", str(write_preds(tmp_path, preds)),
                         "--format", "json", str(FIXTURE / "docs.jsonl")], capsys)
    report = json.loads(out)
    assert code == 0
    assert set(report) == {"summary", "by_event_type", "by_sub_event_type", "by_country", "confusion", "misses"}
    missed = next(m for m in report["misses"] if m["kind"] == "missed")
    assert missed["evidence"] == "قصفت قوات النظام السوري بالمدفعية الثقيلة بلدة كفرنبل"
    a, b = missed["marks"][0]
    assert missed["context"][a:b] == missed["evidence"]


def test_cli_min_f1_exits_one_below_the_floor(gold, tmp_path, capsys):
    pred_file = write_preds(tmp_path, perfect(gold)[:2])
    args = ["--gold", str(FIXTURE / "gold.jsonl"), "--pred", str(pred_file)]
    assert run_cli([*args, "--min-f1", "0.5"], capsys)[0] == 0   # F1 = 4/7
    assert run_cli([*args, "--min-f1", "0.6"], capsys)[0] == 1
    code, out = run_cli([*args, "--show-misses"], capsys)
    assert code == 0 and "missed iq_tarmiyah_01" in out and "evidence: القوات الأمنية" in out


def test_cli_codes_documents_with_the_extract_pipeline(tmp_path, capsys):
    out_file = tmp_path / "report.txt"
    code, _ = run_cli(["--gold", str(FIXTURE / "gold.csv"), "--link-column", "article",
                       str(FIXTURE / "docs.jsonl"), "-o", str(out_file)], capsys)
    text = out_file.read_text(encoding="utf-8")
    assert code == 0 and text.startswith("docs ") and "confusion" in text


def test_cli_without_documents_or_predictions_is_a_usage_error(capsys):
    assert cli.main(["evaluate", "--gold", str(FIXTURE / "gold.jsonl")]) == 2


def test_html_report_escapes_article_text_and_marks_evidence(tmp_path, capsys):
    text = "اشتباكات في درعا <script>alert('x')</script> بين الفصائل وقوات النظام اليوم."
    start = text.index("اشتباكات")
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"id": "x1", "published": "2021-07-29", "text": text}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    gold_file = tmp_path / "gold.jsonl"
    gold_file.write_text(json.dumps({"id": "x1", "relevant": False, "events": []}) + "\n", encoding="utf-8")
    pred = {"doc_id": "x1", "event_type": "Battles", "sub_event_type": "Armed clash",
            "location_ar": "درعا <b>", "evidence": [{"start": start, "end": start + 8, "text": "اشتباكات"}]}
    html_file = tmp_path / "report.html"
    code, _ = run_cli(["--gold", str(gold_file), "--pred", str(write_preds(tmp_path, [pred])), str(docs),
                       "--format", "html", "-o", str(html_file)], capsys)
    page = html_file.read_text(encoding="utf-8")
    assert code == 0
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "درعا &lt;b&gt;" in page
    assert '<mark>اشتباكات</mark>' in page and 'dir="rtl"' in page
    assert "http" not in page  # self-contained: nothing fetched


# --------------------------------------------------------------------------- agreement with score.py


@pytest.fixture(scope="module")
def dev_predictions(tmp_path_factory) -> Path:
    if not (DEV / "gold.jsonl").is_file() or not SCORER.is_file():
        pytest.skip("shared/eval/dev is absent")
    path = tmp_path_factory.mktemp("dev") / "pred.jsonl"
    assert cli.main(["extract", str(DEV / "docs.jsonl"), "-o", str(path)]) in (0, 1)
    return path


KEYS = ("matched", "gold_events", "pred_events", "event_precision", "event_recall", "event_f1")


def _scorer(pred: Path) -> dict:
    proc = subprocess.run([sys.executable, str(SCORER), "--set", str(DEV), "--pred", str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_evaluate_agrees_with_score_py_on_dev(dev_predictions, capsys):
    expected = _scorer(dev_predictions)
    code, out = run_cli(["--gold", str(DEV / "gold.jsonl"), "--pred", str(dev_predictions), "--format", "json"],
                        capsys)
    summary = json.loads(out)["summary"]
    assert code == 0
    assert {k: summary[k] for k in KEYS} == {k: expected[k] for k in KEYS}
    # the secondary figures too, since the matching is the same
    assert {k: summary[k] for k in expected} == expected


def test_evaluate_coding_dev_agrees_with_score_py_on_extract_output(dev_predictions, capsys):
    code, out = run_cli(["--gold", str(DEV / "gold.jsonl"), str(DEV / "docs.jsonl"), "--format", "json"], capsys)
    summary = json.loads(out)["summary"]
    expected = _scorer(dev_predictions)
    assert {k: summary[k] for k in KEYS} == {k: expected[k] for k in KEYS}


def test_miss_explains_a_date_two_days_off(gold):
    preds = perfect(gold)
    pred_of(preds, "sy_idlib_01", "Explosions/Remote violence")["event_date"] = "2023-03-16"
    missed = next(m for m in evaluate(gold, preds).misses if m.kind == "missed")
    assert missed.why == ("nearest predicted event of this type (كفرنبل 2023-03-16): "
                          "date 2023-03-16 vs gold 2023-03-14")


def test_gold_evidence_is_found_in_context_despite_spelling_variants():
    text = "عاجل\nقُتل مدنيان بقصفٍ مدفعي على بلدة كفرنبل. وتظاهر أهالي المدينة مساءً."
    event = {"event_type": "Explosions/Remote violence", "location_ar": "كفرنبل",
             "evidence_ar": "قتل مدنيان بقصف مدفعي"}  # the analyst dropped the harakat
    missed = evaluate([GoldArticle("d", True, [event])], [], texts={"d": text}).misses[0]
    a, b = missed.marks[0]
    assert missed.context.startswith("قُتل") and missed.context.endswith("كفرنبل.")
    assert missed.context[a:b] == "قُتل مدنيان بقصفٍ مدفعي"
