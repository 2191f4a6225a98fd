"""Arabic -> Latin transliteration of place names (GeoNames/ACLED style)."""
from __future__ import annotations

import pytest

from marsad import translit
from marsad.gazetteer import lexicon


@pytest.mark.parametrize("arabic, latin", [
    ("أم المياذن", "Um al Mayadhin"),
    ("الشجرة", "Ash Shajarah"),
    ("دير الزور", "Dayr az Zawr"),
    ("الحميدية", "Al Hamidiyah"),
    ("الصالحية", "As Salihiyah"),
    ("المساكن", "Al Masakin"),
    ("خربة غزالة", "Khirbat Ghazalah"),
    ("جبل الزاوية", "Jabal az Zawiyah"),
    ("نوى", "Nawa"),
    ("صيدا", "Sayda"),
])
def test_place_names_read_as_in_geonames(arabic, latin):
    assert translit.transliterate(arabic) == latin


def test_sun_letter_assimilates_the_article_and_moon_letter_keeps_it():
    assert translit.transliterate("التواهي").startswith("At T")
    assert translit.transliterate("القبة").startswith("Al Q")


def test_article_is_lower_case_inside_a_name():
    assert translit.transliterate("عين العرب") == "Ayn al Arab"


def test_normalized_and_written_forms_read_the_same():
    # The geocoder sees normalized text (ة -> ه, hamza on alef dropped).
    assert translit.transliterate("الشجره") == translit.transliterate("الشَّجَرة") == "Ash Shajarah"


def test_name_without_arabic_letters_is_empty():
    assert translit.transliterate("123 -") == ""


def test_translit_data_file_rejects_a_duplicate_word(tmp_path, monkeypatch):
    (tmp_path / "translit.yaml").write_text("letters: {ب: b}\nsun_letters: []\nwords: {أم: Um, ام: Umm}\n",
                                            encoding="utf-8")
    monkeypatch.setattr(translit, "DATA", tmp_path)
    translit._table.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="duplicate word"):
            translit.transliterate("أم")
    finally:
        translit._table.cache_clear()
