"""The phrase matcher and the trigger, weapon and cue lexicons."""
import pytest

from marsad.lexicon import PhraseMatcher, load_data, norm_phrase, verb_forms
from marsad.normalize import normalize_text
from marsad.recognize import CUE_GROUPS, cue_matcher, trigger_matcher, weapon_matcher
from marsad.schema import SUB_EVENT_TYPES


def test_matcher_allows_proclitics_and_article():
    m = PhraseMatcher()
    m.add("الدبابات", "tank")
    text = normalize_text("تقدمت القوات بالدبابات وبالدبابات والدبابات")
    assert [x.value for x in m.find(text)] == ["tank"] * 3


def test_matcher_never_matches_inside_a_longer_word():
    m = PhraseMatcher()
    m.add("قصف", "shell")
    assert m.find(normalize_text("القصفية مقصف")) == []


def test_short_stems_take_only_the_conjunctions():
    m = PhraseMatcher()
    m.add("لد", "Lod")
    assert m.find("بلد كبير") == []
    assert len(m.find("في لد")) == 1
    m.add("من المقرر", "plan")
    assert [x.value for x in m.find("ومن المقرر ان")] == ["plan"]


def test_matcher_prefers_the_longest_phrase():
    m = PhraseMatcher()
    m.add("الجيش السوري", "army")
    m.add("الجيش السوري الحر", "fsa")
    assert [x.value for x in m.find(normalize_text("هاجم الجيش السوري الحر"))] == ["fsa"]


def test_only_listed_suffixes_extend_a_match():
    m = PhraseMatcher()
    m.add("قصف", "shell", suffixes=["ها"])
    assert len(m.find(normalize_text("قصفها"))) == 1
    assert m.find(normalize_text("قصفني")) == []


def test_noun_with_ta_marbuta_matches_before_a_pronoun_suffix():
    labels = {m.value.cls for m in trigger_matcher().find(normalize_text("وأسفرت غارتها عن دمار"))}
    assert "Air/drone strike" in labels


def test_verb_forms_cover_past_and_present():
    forms = set(verb_forms("قصف"))
    assert {"قصف", "قصفت", "قصفوا", "يقصف", "تقصف", "يقصفون"} <= forms
    assert "يستهدف" in set(verb_forms("استهدف", "ستهدف"))


def test_trigger_lexicon_loads_and_covers_every_sub_event_type():
    data = load_data("triggers.yaml")
    covered = {e["class"] for e in data} | {e.get("default") for e in data}
    if "territory" in covered:  # the actor decides which of the two
        covered |= {"Government regains territory", "Non-state actor overtakes territory"}
    missing = set(SUB_EVENT_TYPES) - covered
    assert not missing, missing
    assert len(trigger_matcher()) > 300


def test_trigger_lexicon_has_no_phrase_listed_twice_for_one_class():
    seen = {}
    for entry in load_data("triggers.yaml"):
        for form in (entry.get("nouns") or []) + (entry.get("phrases") or []):
            key = (entry["class"], norm_phrase(form), entry["strength"])
            assert key not in seen, f"duplicate {form!r} in {entry['class']}"
            seen[key] = True


@pytest.mark.parametrize("sentence, cls", [
    ("شن الطيران الحربي غارات على المدينة", "Air/drone strike"),
    ("وبقذائف الهاون استهدفت القوات الحي", "Shelling/artillery/missile attack"),
    ("انفجرت عبوة ناسفة بسيارة", "Remote explosive/landmine/IED"),
    ("فجر انتحاري حزاما ناسفا", "Suicide bomb"),
    ("اندلعت اشتباكات عنيفة", "Armed clash"),
    ("واعتقلت قوات الأمن ثلاثة ناشطين", "Arrests"),
    ("خرج المئات في مظاهرة", "Peaceful protest"),
    ("اختطف مسلحون مجهولون صحفيا", "Abduction/forced disappearance"),
])
def test_triggers_find_the_sub_event_type(sentence, cls):
    labels = {m.value.cls for m in trigger_matcher().find(normalize_text(sentence))}
    assert cls in labels, labels


def test_weapons_and_cues_load_with_known_classes():
    assert len(weapon_matcher()) > 50
    data = load_data("cues.yaml")
    assert set(CUE_GROUPS) <= set(data)
    assert len(cue_matcher()) > 100
