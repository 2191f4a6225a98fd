"""The event coder on short Arabic reports written for these tests (behaviour by behaviour)."""
import pytest

import marsad
from marsad.schema import validate


def events(text, published="2024-03-14", **kw):
    return marsad.extract(text, published=published, source="test", **kw)


def what_where(evs):
    """(sub-event type, place as written) of each event, in output order."""
    return [(e.sub_event_type, e.location_ar) for e in evs]


def kinds(evs):
    return sorted(e.sub_event_type for e in evs)


def test_every_event_follows_the_contract_and_its_evidence_points_into_the_text():
    text = ("دمشق - قصفت قوات النظام بقذائف الهاون بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم الخميس، "
            "ما أدى إلى مقتل ثلاثة مدنيين.")
    evs = events(text)
    assert evs
    for e in evs:
        assert validate(e, text) == []
        for span in e.evidence:
            assert text[span.start:span.end] == span.text


def test_air_strike_on_a_named_town_is_one_event_with_its_date_and_fatalities():
    evs = events("شنت طائرات حربية غارات على مدينة معرة النعمان صباح اليوم، أسفرت عن مقتل خمسة مدنيين.")
    air = [e for e in evs if e.sub_event_type == "Air/drone strike"]
    assert len(air) == 1
    assert air[0].event_date == "2024-03-14"
    assert air[0].fatalities == 5
    assert air[0].country == "Syria"
    assert air[0].inter1 in (1, 8)


def test_shelling_and_a_clash_in_one_town_the_same_day_are_two_events():
    evs = events("اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في مدينة درعا، "
                 "وقصفت قوات النظام أحياء المدينة بقذائف المدفعية.")
    assert {"Armed clash", "Shelling/artillery/missile attack"} <= set(kinds(evs))


def test_yesterday_resolves_against_publication():
    evs = events("قتل جنديان في انفجار عبوة ناسفة استهدفت دورية للجيش في مدينة العريش أمس.",
                 published="2017-11-02")
    ied = [e for e in evs if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert ied and ied[0].event_date == "2017-11-01"
    assert ied[0].fatalities == 2


def test_attempt_repelled_without_gain_is_still_an_armed_clash():
    evs = events("حاولت قوات النظام اقتحام بلدة طفس صباح اليوم دون أن تحقق أي تقدم، وسط اشتباكات مع مقاتلين محليين.")
    assert "Armed clash" in kinds(evs)
    assert not any("territory" in k for k in kinds(evs))


def test_taking_a_checkpoint_is_territory_by_who_took_it():
    rebels = events("سيطرت فصائل المعارضة على بلدة خان شيخون في ريف إدلب بعد معارك عنيفة.")
    army = events("استعادت قوات النظام السيطرة على بلدة خان شيخون في ريف إدلب.")
    assert "Non-state actor overtakes territory" in kinds(rebels)
    assert "Government regains territory" in kinds(army)


@pytest.mark.parametrize("text", [
    "هدد التنظيم بشن هجمات على مدينة الموصل خلال الأيام المقبلة.",
    "تستعد قوات النظام لاقتحام مدينة درعا.",
    "سيقصف الطيران مواقع المسلحين في مدينة إدلب.",
    "لم تشهد مدينة حماة أي اشتباكات اليوم.",
    "اندلعت الحرب في سوريا منذ عام 2011 وقتل فيها مئات الآلاف.",
])
def test_threats_plans_negations_and_history_are_not_events(text):
    assert events(text) == []


@pytest.mark.parametrize("text", [
    "فاز الفريق بثلاثة أهداف بعد هجوم منظم في الشوط الثاني على ملعب مدينة حلب.",
    "ارتفعت أسعار الذهب في أسواق دمشق اليوم بسبب انخفاض قيمة الليرة.",
    "افتتح وزير الثقافة معرض الكتاب في مدينة تونس بحضور عدد من الكتاب.",
])
def test_news_without_political_violence_yields_nothing(text):
    assert events(text) == []


def test_several_named_towns_get_one_event_each():
    evs = events("قصف الطيران الحربي بلدات كفرنبل وحاس وكفرومة في ريف إدلب اليوم.")
    places = {e.location_ar for e in evs if e.sub_event_type == "Air/drone strike"}
    assert len(places) == 3


def test_the_same_fight_told_twice_is_one_event():
    text = ("اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في بلدة اللطامنة اليوم.\n"
            "وأفاد ناشطون أن الاشتباكات في اللطامنة استمرت ساعات وأسفرت عن مقتل أربعة عناصر.")
    clashes = [e for e in events(text) if e.sub_event_type == "Armed clash"]
    assert len(clashes) == 1
    assert clashes[0].fatalities == 4


def test_a_denial_marks_the_denied_event():
    text = ("سيطر مقاتلون محليون على حاجز للأمن العسكري في بلدة الشجرة غربي درعا اليوم.\n"
            "ونفت صحيفة الوطن الموالية سيطرة المقاتلين على أي حاجز عسكري.")
    taken = [e for e in events(text) if "territory" in e.sub_event_type]
    assert taken and all(e.claim_status == "denied" for e in taken)


def test_hearsay_is_unconfirmed_and_a_claim_is_claimed():
    hedged = events("ترددت أنباء عن مقتل خمسة عناصر في قصف مدفعي على بلدة تلبيسة اليوم.")
    assert hedged and hedged[0].claim_status == "unconfirmed"
    claimed = events("تبنى تنظيم الدولة الإسلامية تفجير سيارة مفخخة في مدينة الرمادي اليوم أسفر عن مقتل عشرة جنود.")
    assert claimed and claimed[0].claim_status == "claimed"


def test_named_victims_are_listed_with_their_status():
    evs = events("قتل المدعو محمد خالد الحريري جراء قصف بقذائف الهاون على بلدة الحراك اليوم.")
    shelling = [e for e in evs if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert shelling
    assert [(v.name_ar, v.status) for v in shelling[0].victims] == [("محمد خالد الحريري", "killed")]


def test_arrests_by_a_non_state_group_are_abductions():
    evs = events("اعتقل عناصر تنظيم داعش عشرة مدنيين في مدينة الميادين بتهمة التعامل مع النظام.")
    assert "Abduction/forced disappearance" in kinds(evs)


def test_live_fire_on_protesters_is_excessive_force():
    evs = events("أطلقت قوات الأمن الرصاص الحي لتفريق المتظاهرين في مدينة البصرة اليوم ما أدى إلى مقتل متظاهرين.")
    assert "Excessive force against protesters" in kinds(evs)


def test_event_ids_are_stable_across_runs():
    text = "شنت طائرات حربية غارات على مدينة معرة النعمان صباح اليوم."
    first = [e.event_id for e in events(text, doc_id="a")]
    again = [e.event_id for e in events(text, doc_id="a")]
    assert first == again and first


def test_dataframe_has_acled_columns():
    pd = pytest.importorskip("pandas")
    df = marsad.to_dataframe(events("اندلعت اشتباكات عنيفة في مدينة درعا اليوم بين قوات النظام والمعارضة."))
    assert list(df.columns)[:6] == ["event_id", "event_date", "time_precision", "disorder_type", "event_type",
                                    "sub_event_type"]
    assert len(df) >= 1 and isinstance(df, pd.DataFrame)


def one(evs, sub):
    found = [e for e in evs if e.sub_event_type == sub]
    assert len(found) == 1, what_where(evs)
    return found[0]


def test_counts_in_words_duals_and_more_than():
    a = one(events("قتل خمسة عشر مدنياً في قصف مدفعي على بلدة تلبيسة اليوم."), "Shelling/artillery/missile attack")
    b = one(events("قتل جنديان في انفجار عبوة ناسفة قرب مدينة الرمادي اليوم."), "Remote explosive/landmine/IED")
    c = one(events("قتل أكثر من 10 أشخاص في غارة جوية على بلدة سراقب اليوم."), "Air/drone strike")
    assert (a.fatalities, b.fatalities, c.fatalities) == (15, 2, 10)


def test_deaths_without_a_number_are_estimated_and_flagged():
    e = one(events("سقط قتلى في قصف مدفعي عنيف على مدينة دوما اليوم."), "Shelling/artillery/missile attack")
    assert e.fatalities == 3 and e.fatalities_estimated


def test_injured_are_not_counted_as_deaths():
    e = one(events("أصيب 12 شخصاً في قصف بقذائف الهاون على مدينة حلب اليوم."), "Shelling/artillery/missile attack")
    assert e.fatalities == 0


def test_last_weekday_and_levantine_month_resolve():
    last = events("وقعت اشتباكات عنيفة في بلدة اللطامنة الأحد الماضي بين قوات النظام والفصائل.",
                  published="2021-07-29")  # a Thursday
    dated = events("قصفت قوات النظام مدينة أريحا بالمدفعية في 12 تموز 2021.", published="2021-07-29")
    assert one(last, "Armed clash").event_date == "2021-07-25"
    assert one(dated, "Shelling/artillery/missile attack").event_date == "2021-07-12"


def test_place_fields_come_from_the_gazetteer():
    e = one(events("شنت طائرات حربية غارات على مدينة سراقب في ريف إدلب اليوم."), "Air/drone strike")
    assert (e.country, e.iso) == ("Syria", 760) and e.admin1 in ("Idleb", "Idlib")
    assert e.geo_precision == 1 and e.latitude and e.longitude


def test_attributed_source_and_evidence_spans_for_date_and_deaths():
    text = "وبحسب المرصد السوري لحقوق الإنسان، قتل أربعة مدنيين في قصف مدفعي على بلدة كفرنبل صباح اليوم."
    e = one(events(text), "Shelling/artillery/missile attack")
    assert e.source.startswith("test") and "المرصد السوري" in e.source
    spans = [s.text for s in e.evidence]
    assert any("صباح اليوم" in s for s in spans) and any("أربعة" in s for s in spans)


def test_captured_soldiers_go_to_the_notes_not_the_fatalities():
    text = "اقتحم مقاتلون محليون حاجزاً للأمن العسكري في بلدة الشجرة غربي درعا وأسروا 25 عنصراً اليوم."
    e = one(events(text), "Non-state actor overtakes territory")
    assert e.fatalities == 0 and "25 reported captured" in e.notes


def test_inter_codes_of_the_two_sides():
    e = one(events("اندلعت اشتباكات عنيفة بين قوات النظام وهيئة تحرير الشام في بلدة كفرنبل اليوم."), "Armed clash")
    assert {e.inter1, e.inter2} == {1, 2} and e.interaction == 12


def test_the_two_villages_named_again_by_a_dual_are_those_villages():
    text = ("اندلعت اشتباكات عنيفة في قريتي كفرنبل وحاس بريف إدلب اليوم، انتهت بسيطرة قوات النظام على القريتين.")
    taken = [e for e in events(text) if e.sub_event_type == "Government regains territory"]
    assert {e.location_ar for e in taken} == {"كفرنبل", "حاس"}


def test_a_fight_that_ends_in_a_takeover_is_one_battles_event():
    text = "اندلعت اشتباكات عنيفة في بلدة خان شيخون اليوم، وتمكنت قوات النظام من السيطرة على بلدة خان شيخون."
    battles = [e for e in events(text) if e.event_type == "Battles"]
    assert [e.sub_event_type for e in battles] == ["Government regains territory"]


def test_a_newspaper_named_like_a_day_is_not_a_date():
    text = ("وأكدت مصادر ميدانية لـ(اليوم) أن اشتباكات عنيفة اندلعت في مدينة مأرب أمس بين المقاومة الشعبية "
            "والحوثيين.")
    e = one(events(text, published="2015-08-10"), "Armed clash")
    assert e.event_date == "2015-08-09"


def test_a_town_named_like_a_dual_stays_that_town():
    text = ("نزحت عائلات نحو بلدتي زيدل وصدد. وشن تنظيم داعش هجوماً واسعاً على بلدة القريتين في ريف حمص "
            "اليوم واشتبك مع قوات النظام.")
    places = {e.location_ar for e in events(text) if e.event_type == "Battles"}
    assert places == {"القريتين"}


def test_a_large_toll_for_a_province_with_no_attack_told_is_a_tally_not_an_event():
    assert events("وأشار التقرير إلى مقتل 250 عنصراً من قوات الأمن في محافظة ديالى.") == []
    # The same figure for one bombing in one town is that event's death toll.
    evs = events("قتل 120 شخصاً في تفجير سيارة مفخخة في سوق مدينة الحلة.")
    assert [(e.sub_event_type, e.location_ar, e.fatalities) for e in evs] == [
        ("Remote explosive/landmine/IED", "الحلة", 120)]


def test_an_undated_article_about_today_does_not_code_a_month_of_an_earlier_year():
    text = ("قال الناشط اليوم الاثنين إن الشرطة أعادت إليه هاتفه. "
            "وفي آذار 2016 تظاهر مئات الطلاب أمام مبنى البلدية في مدينة صفاقس.")
    assert events(text, published=None) == []
    # Without a «today» to tell from, the dated report is the news, at month precision.
    evs = events("وفي آذار 2016 تظاهر مئات الطلاب أمام مبنى البلدية في مدينة صفاقس.", published=None)
    assert [(e.sub_event_type, str(e.event_date), e.time_precision) for e in evs] == [
        ("Peaceful protest", "2016-03-31", 3)]


def test_an_attack_named_after_since_is_a_time_reference():
    assert events("وقال المسؤول إنه ومنذ الهجمات التي شنها التنظيم على مدينة الموصل، يعيش العراق أصعب مراحله.") == []


def test_an_article_naming_no_place_keeps_its_events_in_the_country_of_its_parties():
    evs = events("أعلنت السلطات الإسرائيلية أمس اعتقال ثلاثة مستوطنين متطرفين بعد مقتل الطفل الفلسطيني حرقاً.")
    assert [(e.sub_event_type, e.location_ar, e.country, e.actor1, e.inter1, str(e.event_date)) for e in evs] == [
        ("Arrests", "", "Israel", "Government of Israel", 1, "2024-03-13")]


def test_an_arrest_has_no_fatalities_even_beside_a_killing():
    evs = events("اعتقلت الشرطة في مدينة الزرقاء أمس شابين بعد مقتل طفل في شجار.")
    assert [(e.sub_event_type, e.fatalities, e.fatalities_estimated) for e in evs if e.event_type == "Strategic developments"] == [
        ("Arrests", 0, False)]


@pytest.mark.parametrize("text", [
    "وأحرز مقاتلو المعارضة تقدماً في محيط بلدة مورك شمال حماة خلال مواجهات مع قوات النظام.",
    "تواصل قوات النظام تقدمها نحو بلدة مورك شمال حماة وسط اشتباكات عنيفة مع فصائل المعارضة.",
])
def test_an_advance_told_as_a_noun_is_fighting_not_a_place_taken(text):
    assert kinds(events(text)) == ["Armed clash"]


def test_advancing_and_taking_the_town_is_territory():
    evs = events("تقدمت قوات النظام وسيطرت على بلدة مورك شمال حماة بعد اشتباكات مع فصائل المعارضة.")
    assert kinds(evs) == ["Government regains territory"]


@pytest.mark.parametrize("support", ["وسط إسناد جوي للتحالف العربي", "وسط إسناد جوي من طيران التحالف"])
def test_air_support_of_a_fight_is_not_an_air_strike_of_its_own(support):
    evs = events(f"اندلعت مواجهات بين المقاومة الشعبية والحوثيين في مدينة الحوطة {support}.")
    assert what_where(evs) == [("Armed clash", "الحوطة")]


def test_warships_shelling_the_coast_is_shelling_not_an_air_strike():
    evs = events("وقالت المصادر إن مدمرتين حربيتين للتحالف قصفتا مواقع الحوثيين قبالة سواحل مدينة المخا.")
    assert what_where(evs) == [("Shelling/artillery/missile attack", "المخا")]


@pytest.mark.parametrize("text, place", [
    ("وقال المسؤول الصحي في مدينة عدن لوكالة الأنباء: إن ثلاثة مدنيين قتلوا بانفجار لغم أرضي في بلدة زنجبار.", "زنجبار"),
    ("وقال ناشطون في مدينة درعا إن قوات النظام قصفت بلدة طفس بقذائف الهاون.", "طفس"),
])
def test_the_place_of_whoever_speaks_is_not_the_event_place(text, place):
    assert [e.location_ar for e in events(text)] == [place]


def test_a_summary_at_a_town_and_its_detail_near_that_town_are_one_event_at_the_finer_place():
    text = ("قتل نحو 15 مسلحاً حوثياً في مواجهات عنيفة مع المقاومة الشعبية بمدينة مأرب. "
            "وقال مصدر في المقاومة إن الحوثيين شنوا هجوماً على مواقعها في منطقة صرواح غرب مأرب وصدته المقاومة وقتلت 15 منهم.")
    assert [(e.sub_event_type, e.location_ar, e.fatalities) for e in events(text)] == [("Armed clash", "صرواح", 15)]


def test_a_place_named_again_by_its_kind_alone_is_the_place_named_before():
    text = ("قصفت قوات النظام بلدة كفرنبل بقذائف المدفعية. "
            "وتحاصر فصائل المعارضة معسكراً للنظام في بلدة الحامدية جنوب معرة النعمان منذ أسابيع. "
            "وشن الطيران الحربي غارات على المعسكر صباح اليوم.")
    assert what_where(events(text)) == [
        ("Shelling/artillery/missile attack", "كفرنبل"), ("Air/drone strike", "الحامدية")]


def test_fighting_on_an_axis_of_a_town_is_the_towns_fight():
    text = ("اندلعت اشتباكات بين قوات النظام ومقاتلين محليين في مدينة طفس صباح اليوم، "
            "وتركزت الاشتباكات العنيفة على محور الكرك الغربي شرقي طفس.")
    assert what_where(events(text)) == [("Armed clash", "طفس")]


def test_a_village_placed_only_by_its_district_has_no_coordinates_but_a_quarter_has_its_towns():
    (village,) = events("قصفت قوات النظام بالمدفعية قرية المزيرعة في ريف حماة الشمالي.")
    assert (village.location_ar, village.latitude, village.admin1) == ("المزيرعة", None, "Hama")
    (quarter,) = events("قصف الطيران الحربي حي الميدان في مدينة دير الزور.")
    assert quarter.location_ar == "الميدان" and quarter.latitude is not None and quarter.geo_precision == 2


def test_local_men_taking_checkpoints_took_territory_at_their_town_from_the_checkpoints_holder():
    evs = events("وأفادت مصادر محلية أن أبناء بلدة المسيفرة، شرقي درعا، سيطروا على حاجزين لقوات النظام.")
    assert [(e.sub_event_type, e.location_ar, e.actor1, e.actor2) for e in evs] == [
        ("Non-state actor overtakes territory", "المسيفرة", "Opposition Rebels (Syria)", "Military Forces of Syria (2000-)")]


def test_a_place_inside_what_was_announced_is_not_the_speakers():
    evs = events("وأعلن الإعلام الرسمي عن بدء عملية عسكرية في مدينة جاسم، وذكرت وكالة سانا أن الجيش قصف مواقع المسلحين.")
    assert ("Shelling/artillery/missile attack", "جاسم") in what_where(evs)


def test_a_town_of_the_province_told_after_it_is_the_event_place():
    evs = events("قصف طيران التحالف في محافظة مأرب تعزيزات للحوثيين أثناء توجهها إلى مديرية صرواح.")
    assert what_where(evs) == [("Air/drone strike", "صرواح")]


@pytest.mark.parametrize("text, expected", [
    ("قال الدفاع المدني إن فرقه تمكنت من السيطرة على الحريق في سوق مدينة حلب بعد ساعات.", []),
    ("وأكد المحافظ أن قوات الأمن سيطرت على الوضع في مدينة البصرة بعد اشتباكات بين عشيرتين.", ["Armed clash"]),
])
def test_controlling_a_fire_or_the_situation_is_no_change_of_territory(text, expected):
    assert kinds(events(text)) == expected


def test_a_date_naming_a_street_is_no_date():
    (e,) = events("وتدور الآن اشتباكات عنيفة بين المقاومة والحوثيين في شارع 26 سبتمبر وسط مدينة تعز.")
    assert (e.sub_event_type, e.location_ar, str(e.event_date)) == ("Armed clash", "تعز", "2024-03-14")


def test_an_actor_named_as_a_target_before_the_trigger_does_not_act():
    (e,) = events("ولا تزال القوات الحكومية تتصدى لجيوب الحوثيين في مدينة المخا وتمت السيطرة على منطقة الزهاري.")
    assert (e.sub_event_type, e.location_ar) == ("Government regains territory", "الزهاري")


def test_a_gain_told_next_without_its_actor_is_by_the_same_forces():
    evs = events("سيطرت القوات الحكومية على بلدة الخوخة بعد معارك مع الحوثيين. "
                 "كما تم تطهير منطقة الجراحي المجاورة من الحوثيين.")
    assert [(e.location_ar, e.sub_event_type) for e in evs] == [
        ("الخوخة", "Government regains territory"), ("الجراحي", "Government regains territory")]


def test_a_toll_for_a_province_then_the_town_hit_is_one_event_at_the_town():
    evs = events("قتل 20 مدنياً في قصف عشوائي للحوثيين على محافظة تعز. "
                 "وقال شهود إن الحوثيين قصفوا منطقة المسراخ بالمدفعية.")
    assert [(e.sub_event_type, e.location_ar, e.fatalities) for e in evs] == [
        ("Shelling/artillery/missile attack", "المسراخ", 20)]


def test_explosions_heard_as_coalition_planes_fly_over_are_air_strikes():
    evs = events("وقالت مصادر محلية إن انفجارات عنيفة دوت في جنوب العاصمة صنعاء بالتزامن مع تحليق مكثف لطيران التحالف.")
    assert kinds(evs) == ["Air/drone strike"]


def test_a_wave_of_bombings_stays_bombings_when_coalition_strikes_are_told_later_in_the_sentence():
    evs = events("ضربت موجة تفجيرات جديدة مدينة كركوك أمس، فيما أعلن مصدر كردي أن طائرات التحالف الدولي قصفت "
                 "مخازن أسلحة لتنظيم داعش في قضاء الحويجة غربي المدينة بعد ظهر اليوم نفسه.")
    assert sorted((e.sub_event_type, e.location_ar) for e in evs) == [
        ("Air/drone strike", "الحويجة"), ("Remote explosive/landmine/IED", "كركوك")]


def test_attacks_that_were_two_bombings_are_bombings():
    evs = events("قتل 12 شخصاً في هجمات استهدفت أسواقاً شعبية في مدينة الحلة، بينها تفجيران تبناهما تنظيم داعش.")
    assert [(e.sub_event_type, e.location_ar, e.fatalities) for e in evs] == [("Remote explosive/landmine/IED", "الحلة", 12)]


@pytest.mark.parametrize("text", [
    "وتنشط في مدينة إدلب خلايا مسلحة والتي تستهدف حواجز قوات النظام بين حين وآخر.",
    "وتحدث التقرير عن الهجمات التي تنفذها الفصائل المسلحة ضد قوات النظام في ريف حلب.",
])
def test_what_a_side_keeps_doing_told_in_a_relative_clause_is_no_event(text):
    assert events(text) == []


def test_a_foiled_car_bombing_is_disrupted_weapons_use_by_the_forces_that_foiled_it():
    evs = events("وأعلنت قيادة عمليات الأنبار إحباط محاولة لتنظيم داعش كانت تستهدف مبنى المحافظة في الرمادي "
                 "بسيارة مفخخة يقودها انتحاري.")
    assert [(e.sub_event_type, e.location_ar, e.actor1, e.fatalities) for e in evs] == [
        ("Disrupted weapons use", "الرمادي", "Military Forces of Iraq", 0)]


def test_car_bombs_destroyed_are_disrupted_and_carry_no_deaths():
    evs = events("وأعلنت قيادة عمليات الأنبار مقتل 9 عناصر من تنظيم داعش شمال الفلوجة وتدمير سيارتين مفخختين في ناحية الصقلاوية.")
    disrupted = [e for e in evs if e.sub_event_type == "Disrupted weapons use"]
    assert [(e.location_ar, e.fatalities) for e in disrupted] == [("الصقلاوية", 0)]


def test_detentions_by_a_group_that_runs_the_area_are_arrests():
    evs = events("واعتقلت قوات سوريا الديمقراطية (قسد) أمس 12 شاباً في بلدة البصيرة بريف دير الزور خلال حملة مداهمات.")
    assert [(e.sub_event_type, e.actor1) for e in evs] == [("Arrests", "SDF: Syrian Democratic Forces")]


def test_the_coalition_named_around_its_air_strike_word_is_the_one_that_struck():
    evs = events("من جانبه، نفذ طيران التحالف الدولي الليلة الماضية غارات على بلدة السوسة بريف دير الزور.")
    assert [(e.sub_event_type, e.actor1) for e in evs] == [("Air/drone strike", "Global Coalition Against Daesh")]


@pytest.mark.parametrize("text, deaths", [
    ("واندلعت اشتباكات عنيفة في محيط بلدة هجين قتل فيها 14 عنصراً من قسد وتسعة من التنظيم.", 23),
    ("قتل 5 جنود و3 مدنيين في هجوم بسيارة مفخخة على حاجز للجيش في مدينة العريش.", 8),
    ("قتل 5 جنود وأصيب 3 مدنيين في هجوم بسيارة مفخخة على حاجز للجيش في مدينة العريش.", 5),
])
def test_death_counts_of_each_side_joined_by_and_add_up(text, deaths):
    assert [e.fatalities for e in events(text)] == [deaths]


def test_a_denial_of_losses_told_after_a_claimed_bombing_does_not_erase_the_bombing():
    evs = events("وأعلن التنظيم مسؤوليته عن تفجير عبوة ناسفة استهدفت رتلاً للقوات الحكومية على الطريق الساحلي "
                 "غربي سرت، في حين نفى المركز الإعلامي وقوع أي خسائر.")
    assert [(e.sub_event_type, e.location_ar, e.claim_status) for e in evs] == [
        ("Remote explosive/landmine/IED", "سرت", "claimed")]


def test_deaths_told_after_a_second_event_belong_to_it_not_to_the_first():
    evs = events("قصفت المدفعية الإسرائيلية اليوم أطراف بلدة رميش في قضاء بنت جبيل، فيما شنت مسيرة إسرائيلية "
                 "غارة على سيارة في محيط مرجعيون أدت إلى مقتل شخصين.")
    assert sorted((e.sub_event_type, e.fatalities) for e in evs) == [
        ("Air/drone strike", 2), ("Shelling/artillery/missile attack", 0)]


def test_deaths_in_the_fight_that_won_a_village_are_the_gains_deaths():
    evs = events("سيطرت فصائل المعارضة على قرية قباسين شمال شرقي مدينة الباب، بعد معارك مع تنظيم داعش "
                 "استمرت حتى صباح اليوم، قتل خلالها 11 عنصراً من التنظيم وأربعة مقاتلين من المعارضة.")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Non-state actor overtakes territory", 15)]


def test_a_day_set_off_by_commas_does_not_cut_the_gain_from_its_place():
    evs = events("سيطرت قوات النظام، صباح اليوم الخميس، على قريتي الزيادية وفتحة السد في سهل الغاب.")
    assert what_where(evs) == [
        ("Government regains territory", "الزيادية"), ("Government regains territory", "فتحة السد")]


def test_an_air_defence_unit_is_not_an_aircraft():
    evs = events("قصفت قوات النظام، صباح اليوم، بلدة صيدا شرقي درعا بالقذائف المدفعية انطلاقاً من مواقعها "
                 "في كتيبة الدفاع الجوي.")
    assert kinds(evs) == ["Shelling/artillery/missile attack"]


def test_riot_police_firing_on_protesters_is_excessive_force():
    evs = events("قتل خمسة متظاهرين فجر اليوم عندما أطلقت قوات مكافحة الشغب الرصاص الحي لتفريق المحتجين "
                 "قرب جسر الجمهورية في بغداد.")
    assert [(e.sub_event_type, e.actor1, e.fatalities) for e in evs] == [
        ("Excessive force against protesters", "Police Forces of Iraq", 5)]


def test_a_fight_told_after_a_gain_somewhere_else_is_its_own_event():
    evs = events("دخلت أرتال هيئة تحرير الشام مدينة عفرين مساء الخميس بعد اشتباكات مع الفيلق الثالث "
                 "استمرت يومين في محيط جنديرس.")
    assert sorted((e.sub_event_type, e.location_ar) for e in evs) == [
        ("Armed clash", "جنديرس"), ("Non-state actor overtakes territory", "عفرين")]


def test_a_headline_placed_only_at_a_countryside_sums_up_the_body():
    text = ("المعارضة السورية تنسحب من مناطق بريف إدلب\n"
            "اندلعت اشتباكات بين قوات المعارضة وقوات النظام في قريتي تل أعور والفريكة جنوب مدينة جسر الشغور "
            "في ريف إدلب الغربي، أسفرت عن سيطرة قوات النظام على القريتين.")
    assert what_where(events(text)) == [
        ("Government regains territory", "تل أعور"), ("Government regains territory", "الفريكة")]


def test_a_campaign_named_in_quotes_is_no_fight_and_its_name_no_place():
    evs = events('واصل الثوار استهداف قريتي كفريا والفوعة بالمدفعية الثقيلة، ضمن المرحلة الثانية من معركة '
                 '"الثأر للزبداني" التي أعلنوا عنها مؤخراً.')
    assert what_where(evs) == [
        ("Shelling/artillery/missile attack", "كفريا"), ("Shelling/artillery/missile attack", "الفوعة")]
    evs = events('سيطرت فصائل الجيش الحر المشاركة في عملية "درع الفرات" على قرية قباسين شمال شرقي مدينة الباب.')
    assert what_where(evs) == [("Non-state actor overtakes territory", "قباسين")]


def test_fighting_named_again_with_a_place_clauses_later_is_a_new_fight():
    evs = events("دارت اشتباكات عنيفة بين قوات النظام والفصائل المقاتلة في أطراف حي جوبر. واستمرت الاشتباكات "
                 "العنيفة بين الفرقة الرابعة من جهة، والفصائل المقاتلة من جهة أخرى في مدينة الزبداني.",
                 published="2015-08-11")
    assert what_where(evs) == [("Armed clash", "جوبر"), ("Armed clash", "الزبداني")]


def test_fighting_around_the_town_just_named_is_that_towns_fight():
    evs = events("وتعرضت مدينة داريا أمس لقصف من قبل قوات النظام، ترافق مع استمرار الاشتباكات العنيفة بين قوات "
                 "النظام من جهة، والفصائل المعارضة من جهة أخرى في محيط المدينة.", published="2015-08-11")
    assert sorted((e.sub_event_type, e.location_ar) for e in evs) == [
        ("Armed clash", "داريا"), ("Shelling/artillery/missile attack", "داريا")]


def test_the_abductees_still_held_are_no_new_abduction():
    assert events("وقال الأسقف إن المختطفين لا يزالون أحياء، وإنهم محتجزون على الأرجح في منطقة الشدادة.") == []


@pytest.mark.parametrize("text, word", [
    ("وعلى الصعيد الميداني، شن مقاتلو المقاومة الشعبية هجوماً على عربات عسكرية للحوثيين في مدينة القاعدة "
     "جنوب محافظة إب.", "الصعيد"),
    ("اختطف مسلحون مجهولون الناشط الإعلامي أحمد من منزله في بلدة سرمين بريف إدلب فجر اليوم.", "منزله"),
])
def test_words_that_look_like_places_place_nothing(text, word):
    places = [e.location_ar for e in events(text)]
    assert places and word not in places


def test_what_comes_hours_later_has_not_happened():
    assert events("ويأتي ذلك قبل ساعات من بدء سريان هدنة إنسانية في اليمن أعلنها التحالف بطلب من الرئيس هادي.") == []


def test_two_car_bombs_driven_by_two_bombers_are_named_in_the_dual():
    evs = events("أعلنت قيادة عمليات الأنبار إحباط محاولة للتنظيم كانت تستهدف مبنى الجامعة جنوبي الرمادي، "
                 "بسيارتين مفخختين يقودهما انتحاريان.")
    assert what_where(evs) == [("Disrupted weapons use", "الرمادي")]
    evs = events("قتل أربعة أشخاص بانفجار عبوتين ناسفتين في سوق مدينة بعقوبة.")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Remote explosive/landmine/IED", 4)]


def test_a_rising_toll_reported_today_belongs_to_the_fight_of_its_own_day():
    text = ("اشتباكات في طرابلس\n"
            "ارتفعت حصيلة الاشتباكات التي شهدتها العاصمة الليبية طرابلس إلى 30 قتيلاً، حسبما أوردته مصادر إعلامية اليوم السبت.\n"
            "وكانت قد اندلعت الاشتباكات في عدد من ضواحي العاصمة طرابلس أمس بين كتائب مسلحة.")
    assert [(e.sub_event_type, e.location_ar, str(e.event_date), e.fatalities) for e in events(text, published="2017-05-27")] == [
        ("Armed clash", "طرابلس", "2017-05-26", 30)]


def test_a_village_read_after_a_place_word_is_that_village_when_named_again_alone():
    text = ("دارت اشتباكات في محيط قرية الدويرينة جنوب مدينة إدلب صباح اليوم. وقصفت قوات النظام مدينة سراقب "
            "بالمدفعية. كما شنت الطائرات الحربية غارات عنيفة استهدفت الدويرينة مساء.")
    assert what_where(events(text)) == [
        ("Armed clash", "الدويرينة"), ("Shelling/artillery/missile attack", "سراقب"), ("Air/drone strike", "الدويرينة")]


def test_daeshis_killed_by_an_operations_command_fought_it():
    evs = events("وأعلنت قيادة عمليات بغداد في بيان منفصل عن مقتل 17 داعشياً ضمن عمليات شرقي الفلوجة.")
    assert [(e.sub_event_type, e.location_ar, e.fatalities, e.actor1, e.actor2) for e in evs] == [
        ("Armed clash", "الفلوجة", 17, "Military Forces of Iraq", "Islamic State (Iraq)")]


def test_a_projectile_fired_from_across_the_border_is_shelling():
    evs = events("وتعرضت دورية لحرس الحدود في منطقة جازان لمقذوف عسكري من داخل الأراضي اليمنية، "
                 "ما أدى إلى مقتل أحد أفرادها.")
    assert [(e.sub_event_type, e.location_ar, e.fatalities) for e in evs] == [
        ("Shelling/artillery/missile attack", "جازان", 1)]


def test_one_side_storming_a_town_and_killing_civilians_is_an_attack_with_its_looting_apart():
    text = ("الدعم السريع تقتحم أحياء في الجنينة\n"
            "الجنينة - قال ناشطون إن قوات الدعم السريع اقتحمت صباح أمس الأربعاء حي الجمارك وأحياء أخرى في مدينة "
            "الجنينة غرب دارفور، وقتلت ما لا يقل عن 28 مدنياً بينهم نساء، كما نهبت المحال التجارية ومخازن "
            "منظمات الإغاثة.")
    evs = events(text, published="2023-06-15")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [
        ("Attack", 28), ("Looting/property destruction", 0)]
    # The looting, told with no place, is where the attack was: the quarter of El Geneina.
    assert (evs[1].location_ar, evs[1].admin1) == (evs[0].location_ar, "West Darfur")
    assert evs[0].location_ar in ("الجنينة", "الجمارك")


def test_air_strikes_told_next_without_their_planes_are_by_the_same_air_force():
    text = ("شن طيران التحالف الدولي غارات على مواقع لتنظيم داعش قرب مدينة الحسكة أمس. "
            "وفي العراق أصابت الغارات أهدافاً عدة قرب مدينة الموصل.")
    evs = events(text)
    assert [(e.location_ar, e.actor1) for e in evs] == [
        ("الحسكة", "Global Coalition Against Daesh"), ("الموصل", "Global Coalition Against Daesh")]


def test_turkish_fighter_jets_are_turkish_forces():
    evs = events("قصفت الطائرات المقاتلة التركية بالصواريخ مقرين لتنظيم داعش قرب بلدة الراعي شمال حلب.")
    assert [(e.sub_event_type, e.actor1) for e in evs] == [("Air/drone strike", "Military Forces of Turkey (2002-)")]


def test_who_flew_the_strikes_told_in_the_next_sentence_is_their_actor():
    text = ("قتل ثمانية مدنيين جراء غارات جوية استهدفت مدينة معرة النعمان جنوبي إدلب فجر اليوم، فيما طالت "
            "غارات مماثلة مدينة سراقب. وأوضح مراسلنا أن الطائرات الروسية نفذت الغارات على المدينتين بصواريخ فراغية.")
    evs = events(text)
    assert [(e.location_ar, e.actor1) for e in evs] == [
        ("معرة النعمان", "Military Forces of Russia (2000-)"), ("سراقب", "Military Forces of Russia (2000-)")]


@pytest.mark.parametrize("text, expected", [
    ("فرقت القوات الأمنية اعتصاماً للعشرات من أهالي مدينة كربلاء قرب مبنى المحافظة بالغاز المسيل للدموع الليلة الماضية.",
     ("Protest with intervention", "Protesters (Iraq)", "Military Forces of Iraq")),
    ("نظم عدد من النشطاء وقفة احتجاجية أمام نقابة الصحفيين في القاهرة اليوم.",
     ("Peaceful protest", "Protesters (Egypt)", "")),
    ("أغلق محتجون الطرقات بالإطارات المشتعلة في أم درمان ورشقوا دوريات الشرطة بالحجارة.",
     ("Violent demonstration", "Rioters (Sudan)", "Police Forces of Sudan")),
])
def test_a_demonstration_is_coded_by_its_crowd_and_the_forces_that_met_it(text, expected):
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events(text)] == [expected]


def test_gunmen_of_a_named_group_are_that_group():
    evs = events("هاجم مسلحو حركة الشباب قاعدة للجيش الصومالي في بلدة جلب واستمر القتال ساعتين.")
    assert [(e.sub_event_type, e.actor1) for e in evs] == [("Armed clash", "Al Shabaab")]


@pytest.mark.parametrize("text, expected", [
    ("وأكدت مصادر طبية مقتل عشرين شخصاً في تفجير سيارة مفخخة استهدف شارعاً تجارياً في حي البياع جنوب غربي "
     "بغداد، تبناه تنظيم داعش.", ("Remote explosive/landmine/IED", "Islamic State (Iraq)", "claimed")),
    ("فجر انتحاري يقود سيارة مفخخة نفسه عند بوابة معسكر للشرطة في مديرية الشيخ عثمان بعدن، وتبنى تنظيم داعش "
     "الهجوم.", ("Suicide bomb", "Islamic State (Yemen)", "claimed")),
])
def test_the_group_that_claims_a_bombing_carried_it_out(text, expected):
    assert [(e.sub_event_type, e.actor1, e.claim_status) for e in events(text)] == [expected]


@pytest.mark.parametrize("text, actor", [
    ("وقال شهود إن الحوثيين وقوات صالح قصفوا بشكل عنيف منطقة دار سعد في عدن.", "Ansar Allah (Houthis)"),
    ("سيطر الجيش الوطني مدعوماً بمسلحي المقاومة الشعبية على مواقع بجوار السجن المركزي في مدينة تعز.",
     "Military Forces of Yemen (2012-)"),
    ("وقال المسؤول إن القطعات العسكرية دخلت إلى منطقة الحامضية شرقي الرمادي.", "Military Forces of Iraq"),
])
def test_the_leading_force_acts_not_its_partner_or_support(text, actor):
    assert [e.actor1 for e in events(text)] == [actor]


def test_an_area_named_like_a_foreign_capital_stays_in_the_articles_country():
    evs = events("وشن طيران التحالف غارات على مواقع الحوثيين في عدن. وأسفرت إحدى الضربات عن تدمير مخزن أسلحة "
                 "للحوثيين في منطقة الرباط.")
    assert [(e.location_ar, e.country) for e in evs] == [("عدن", "Yemen"), ("الرباط", "Yemen")]


def test_a_province_wide_toll_gives_way_to_the_bombings_told_town_by_town():
    text = ("قتل 33 شخصاً أمس في تفجيرات انتحارية بسيارات مفخخة استهدفت مناطق في محافظة ديالى. "
            "ووقع أكثر التفجيرات دموية عندما فجر انتحاري يقود سيارة مفخخة نفسه في سوق منطقة الهويدر شمال مدينة "
            "بعقوبة ما أدى إلى مقتل 20 شخصاً. كما وقع تفجير مماثل في ناحية كنعان جنوب شرق بعقوبة ما أودى إلى مقتل 10.")
    evs = events(text)
    assert [(e.sub_event_type, e.location_ar) for e in evs] == [
        ("Suicide bomb", "الهويدر"), ("Suicide bomb", "كنعان")]


def test_deaths_in_scattered_security_incidents_are_attacks_by_unknown_gunmen():
    evs = events("ولقي أربعة عراقيين مصرعهم، بينما أصيب 13 آخرون، في حوادث أمنية متفرقة في بغداد أمس.")
    assert [(e.sub_event_type, e.location_ar, e.fatalities, e.actor1) for e in evs] == [
        ("Attack", "بغداد", 4, "Unidentified Armed Group (Iraq)")]
    assert events("وشهدت العاصمة بغداد حوادث أمنية متفرقة دون إصابات.") == []


def test_a_quoted_quarter_in_a_named_district_is_placed_in_that_district():
    (e,) = events('وشن طيران التحالف العربي أمس خمس غارات جوية على معسكر "اللواء 55" و"حي الصلول" في مديرية يريم '
                  'بمحافظة إب.')
    assert (e.location_ar, e.admin1, e.location) == ("الصلول", "Ibb", "Yarim - As Salul")


def test_what_an_anniversary_recalls_is_history():
    text = ("يستعيد السوريون هذه الأيام ذكرى انطلاق الاحتجاجات في آذار 2011، حين خرجت أولى المظاهرات في سوق "
            "الحميدية بدمشق قبل أن تواجهها الأجهزة الأمنية بالرصاص والاعتقالات. ويستذكر ناشطون كيف تحولت "
            "المظاهرات السلمية إلى نزاع مسلح قتل خلاله مئات الآلاف.")
    assert events(text, published=None) == []


def test_peaceful_demonstrations_are_not_in_salamiyah():
    evs = events("خرجت المظاهرات السلمية في مدينة حماة اليوم للمطالبة بالإفراج عن المعتقلين.")
    assert [(e.sub_event_type, e.location_ar, e.fatalities) for e in evs] == [("Peaceful protest", "حماة", 0)]


def test_a_group_named_with_quotes_is_still_that_group():
    evs = events('واندلعت اشتباكات بين عناصر من حركة "فتح" ومجموعة المتشدد بلال بدر في مخيم عين الحلوة بصيدا، '
                 'قتل خلالها عنصر من "فتح".')
    assert [(e.sub_event_type, e.actor1) for e in evs] == [("Armed clash", "Fatah Movement")]


def test_a_launch_verb_with_what_it_fired_is_an_attack():
    (e,) = events("أطلق الحوثيون صاروخا باليستيا باتجاه مدينة مأرب، سقط في حي سكني دون وقوع إصابات.")
    assert (e.sub_event_type, e.location_ar, e.actor1) == ("Shelling/artillery/missile attack", "مأرب",
                                                          "Ansar Allah (Houthis)")
    (e,) = events("أطلقت الميليشيا طائرة مسيرة مفخخة على مطار أبها.")
    assert e.sub_event_type == "Air/drone strike"  # a drone that explodes is the drone strike, not a bomb
    # Released, launched a campaign, opened fire in the air: nothing was fired at anyone.
    assert events("أطلقت السلطات سراح عشرة معتقلين، وأطلق الجيش حملة لجمع السلاح في المدينة.") == []


def test_a_force_named_with_its_country_adjective_is_that_country_s_force():
    (e,) = events("شنت طائرات مسيرة تركية غارة على مواقع لحزب العمال الكردستاني في مدينة دهوك.")
    assert (e.actor1, e.inter1, e.actor1_ar) == ("Military Forces of Turkey (2002-)", 8, "طائرات مسيرة تركية")
    (e,) = events("اعتقلت الشرطة الأردنية ثلاثة مطلوبين في مدينة الرمثا.")
    assert (e.actor1, e.inter1) == ("Police Forces of Jordan", 1)
    (e,) = events("قصفت طائرات حربية أردنية مواقع لمهربين في ريف السويداء الجنوبي.")
    # Jordan's forces across the border are external; «لمهربين» (for smugglers) is no place.
    assert (e.actor1, e.inter1, e.location_ar, e.country) == ("Military Forces of Jordan", 8, "السويداء", "Syria")


def test_a_name_head_begins_a_name_the_gazetteer_lacks():
    (e,) = events("قصفت قوات حفتر بالمدفعية الثقيلة أحياء سكنية في منطقة عين زارة جنوبي العاصمة طرابلس.")
    assert (e.location_ar, e.country, e.admin1) == ("عين زارة", "Libya", "Tripoli")


def test_a_fight_before_a_gain_with_no_place_of_its_own_is_the_gain():
    evs = events("أعلنت قوات الدعم السريع سيطرتها على مدينة ود مدني عاصمة ولاية الجزيرة بعد معارك مع الجيش السوداني.")
    assert what_where(evs) == [("Non-state actor overtakes territory", "ود مدني")]


def test_a_base_that_is_no_military_position_is_not_a_base_established():
    assert events("أعلنت الوزارة إنشاء قاعدة بيانات للمفقودين في اليمن.") == []
    assert events("أقامت اللجنة مركز اقتراع في بلدة سراقب.") == []
    assert what_where(events("أنشأت القوات التركية نقطة عسكرية جديدة قرب بلدة سراقب شرقي إدلب.")) == [
        ("Headquarters or base established", "سراقب")]


def test_a_base_or_airport_named_after_a_place_the_gazetteer_lacks_is_the_place():
    (e,) = events("شنت طائرات التحالف غارات على قاعدة العند الجوية في محافظة لحج.")
    assert (e.sub_event_type, e.location_ar, e.admin1) == ("Air/drone strike", "العند", "Lahij")
    (e,) = events("سقطت صواريخ على قاعدة عين الأسد في محافظة الأنبار غربي العراق.")
    assert (e.sub_event_type, e.location_ar, e.country) == ("Shelling/artillery/missile attack", "عين الأسد", "Iraq")
    # «قاعدة عسكرية» is a military base, not a place called «عسكرية».
    (e,) = events("قصفت طائرات التحالف قاعدة عسكرية في مدينة مأرب.")
    assert e.location_ar == "مأرب"


def test_where_a_side_withdrew_to_is_not_where_the_event_was():
    evs = events("بسط التنظيم سيطرته على مقر القيادة في مدينة الرمادي بعد هجوم بسيارات مفخخة، قبل أن تنسحب "
                 "القطعات العسكرية باتجاه قاعدة الحبانية.")
    assert {e.location_ar for e in evs} == {"الرمادي"}
    # A missile fired towards a town fell there.
    assert what_where(events("أطلق الحوثيون صاروخا باتجاه مدينة مأرب.")) == [("Shelling/artillery/missile attack", "مأرب")]


def test_repelling_an_attempt_is_a_clash_between_both_sides():
    (e,) = events("أعلنت هيئة تحرير الشام أن عناصرها تصدوا لمحاولة تسلل لقوات النظام على محور كبانة في ريف اللاذقية.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Armed clash", "Hayat Tahrir al Sham",
                                                      "Military Forces of Syria (2000-)")
    # «للتصدي لأي هجوم محتمل»: an aim, no fight.
    assert events("وصلت تعزيزات عسكرية للتصدي لأي هجوم محتمل على مدينة مأرب.") == []


def test_who_carried_an_attack_out_acts_even_when_the_dead_are_named_first():
    (e,) = events("قتل خمسة جنود صوماليين على الأقل في هجوم شنته حركة الشباب على قاعدة عسكرية في مدينة بلدوين.")
    assert (e.actor1, e.actor2, e.fatalities) == ("Al Shabaab", "Military Forces of Somalia", 5)
    (e,) = events("أصيب عنصران من الشرطة في تفجير عبوة ناسفة تبناه تنظيم داعش في مدينة الموصل.")
    assert (e.sub_event_type, e.actor1) == ("Remote explosive/landmine/IED", "Islamic State (Iraq)")


def test_a_peaceful_protest_has_no_second_actor():
    (e,) = events("تظاهر المئات من أهالي مدينة السويداء في ساحة الكرامة للمطالبة برحيل النظام.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Peaceful protest", "Protesters (Syria)", "")


def test_a_fight_between_two_clans_has_clansmen_on_both_sides():
    (e,) = events("اندلعت اشتباكات بين عشيرتين في قرية الشحيل بريف دير الزور الشرقي، ما أسفر عن مقتل ثلاثة أشخاص.")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Armed clash", "Unidentified Tribal Militia (Syria)", "Unidentified Tribal Militia (Syria)", 3)


def test_an_assassination_kills_one_unless_counted_and_its_subject_killed():
    (e,) = events("اغتالت طائرة مسيرة إسرائيلية قياديا في حزب الله بغارة على سيارته في بلدة النبطية جنوب لبنان.")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Air/drone strike", "Military Forces of Israel", "Hezbollah", 1)
    (e,) = events("اغتال مسلحون ثلاثة من وجهاء العشائر في ريف دير الزور.")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Attack", "Unidentified Armed Group (Syria)", "Civilians (Syria)", 3)


def test_a_raid_alone_is_no_arrest_and_a_source_is_no_party():
    evs = events("قتل شاب برصاص الجيش اللبناني خلال مداهمة في بلدة بريتال بحثا عن مطلوبين.")
    assert [e.sub_event_type for e in evs] == ["Attack"]
    (e,) = events("قالت لجان المقاومة إن 12 مدنيا قتلوا جراء قصف مدفعي لقوات الدعم السريع على سوق شعبي في مدينة أم درمان.")
    assert (e.actor1, e.actor2, e.fatalities) == ("Rapid Support Forces", "Civilians (Sudan)", 12)


def test_settlers_raiding_a_village_attack_civilians():
    (e,) = events("نفذت مجموعة من المستوطنين هجوما على قرية ترمسعيا شمال رام الله وأحرقوا عددا من المنازل.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Attack", "Settlers (Israel)", "Civilians (Palestine)")


def test_a_count_told_for_several_places_is_shared_unless_told_at_one():
    evs = events("مقتل 10 مدنيين في انفجار عبوتين ناسفتين الليلة الماضية في قضاءي بلدروز والمقدادية.")
    assert sorted((e.location_ar, e.fatalities) for e in evs) == [("المقدادية", 5), ("بلدروز", 5)]
    evs = events("قصفت قوات النظام بالمدفعية الثقيلة مدينتي الرستن وتلبيسة، ما أدى إلى مقتل ثلاثة مدنيين في تلبيسة.")
    assert sorted((e.location_ar, e.fatalities) for e in evs) == [("الرستن", 0), ("تلبيسة", 3)]


def test_deaths_without_a_number_in_the_dual_are_two_and_a_named_person_one():
    (e,) = events("قتل مدنيان في قصف حوثي على أحياء سكنية في مدينة تعز.")
    assert (e.fatalities, e.fatalities_estimated) == (2, False)  # the dual says two
    (e,) = events("قصف الحوثيون أحياء سكنية في مدينة تعز، مما أدى إلى مقتل مدنيين.")
    assert e.fatalities == 2  # «مدنيين» may be two: the conservative reading
    (e,) = events("أعدم مسلحون شيخا قبليا في مدينة العريش.")
    assert e.fatalities == 1


def test_actors_are_coded_as_they_were_on_the_event_day():
    text = "اندلعت اشتباكات بين قوات الدعم السريع ومسلحين مجهولين في مدينة نيالا أمس."
    (before,) = events(text, published="2019-06-04")
    (after,) = events(text, published="2024-03-14")
    assert (before.actor1, before.inter1, after.inter1) == ("Rapid Support Forces", 1, 2)


def test_forces_named_at_a_bombing_are_what_it_hit():
    (e,) = events("انفجرت عبوة ناسفة زرعت على جانب الطريق استهدفت قافلة للجيش الصومالي عند مدخل مدينة بلدوين.")
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Remote explosive/landmine/IED", "Unidentified Armed Group (Somalia)", "Military Forces of Somalia")
    (e,) = events("سقطت قذائف تحمل مادة الكلور أطلقها تنظيم داعش على مواقع الجيش العراقي في حي المأمون بالموصل.")
    assert (e.sub_event_type, e.actor1) == ("Chemical weapon", "Islamic State (Iraq)")


def test_a_fight_with_no_sides_of_its_own_is_between_the_subject_and_those_it_faces():
    evs = events("أرسلت المقاومة الشعبية تعزيزات لمواجهة الحوثيين في مديرية الضالع، فيما دارت اشتباكات عنيفة "
                 "في منطقة قعطبة.")
    assert [(e.sub_event_type, e.location_ar, e.actor1, e.actor2) for e in evs] == [
        ("Armed clash", "قعطبة", "Popular Resistance", "Ansar Allah (Houthis)")]


@pytest.mark.parametrize("text", [
    "ارتفعت أسعار النفط اليوم بعد أن قصفت المخاوف من الركود توقعات المستثمرين.",
    "قال وزير الخارجية إن بلاده ستواصل الضغط لوقف العدوان على غزة، محذرا من انفجار الأوضاع في المنطقة.",
    "انفجر إطار حافلة على الطريق الدولي بين دمشق وحمص ما أدى إلى إصابة ثلاثة ركاب بجروح طفيفة.",
    "أدى انفجار أسطوانة غاز في مطعم بمدينة الموصل إلى مقتل شخصين.",
])
def test_accidents_and_figures_of_speech_are_no_events(text):
    assert events(text) == []


def test_a_bombing_with_casualties_is_still_an_event():
    (e,) = events("أدى انفجار عبوة ناسفة في سوق شعبي بمدينة الموصل إلى مقتل شخصين.")
    assert (e.sub_event_type, e.location_ar, e.fatalities) == ("Remote explosive/landmine/IED", "الموصل", 2)


def test_a_lead_paragraph_with_a_dateline_is_no_headline():
    text = ("إدلب - قتل سبعة مدنيين، اليوم الثلاثاء، جراء غارات جوية روسية استهدفت سوقا شعبيا في مدينة أريحا "
            "جنوبي إدلب، بحسب ما أفاد الدفاع المدني.\n\nوفي ريف حلب الغربي، قصفت قوات النظام بقذائف المدفعية قرى "
            "كفرنوران والأبزمو، دون ورود أنباء عن إصابات.")
    evs = events(text, published="2024-03-14")
    assert [(e.sub_event_type, e.location_ar, e.admin1) for e in evs] == [
        ("Air/drone strike", "أريحا", "Idleb"),
        # villages the gazetteer lacks lie in the governorate their sentence names, not the article's
        ("Shelling/artillery/missile attack", "كفرنوران", "Aleppo"),
        ("Shelling/artillery/missile attack", "الأبزمو", "Aleppo")]


def test_what_the_pluperfect_recalls_from_weeks_before_is_background():
    text = ("قصفت قوات النظام بلدة كفرنبل اليوم الخميس. وكانت فصائل المعارضة قد سيطرت الشهر الماضي على "
            "تلة استراتيجية قرب بلدة سراقب بعد معارك مع قوات النظام.")
    assert what_where(events(text, published="2024-03-14")) == [("Shelling/artillery/missile attack", "كفرنبل")]
    # Told in the pluperfect but yesterday: news.
    text = "وكانت قوات النظام قد قصفت أمس بلدة كفرنبل."
    assert what_where(events(text, published="2024-03-14")) == [("Shelling/artillery/missile attack", "كفرنبل")]


def test_a_context_word_for_an_actor_elsewhere_is_no_actor_here():
    evs = events("تجددت الاشتباكات بين الجيش السوداني وقوات الدعم السريع في محيط القيادة العامة بالخرطوم، وسط "
                 "قصف مدفعي طال أحياء سكنية في مدينة بحري.")
    assert "LNA: Libyan National Army" not in {e.actor1 for e in evs} | {e.actor2 for e in evs}


def test_a_word_after_a_name_head_cue_belongs_to_the_name():
    (e,) = events("قتل أربعة من عناصر تنظيم داعش بضربة جوية للطيران العراقي في وادي الشاي جنوب غربي كركوك.")
    assert (e.location_ar, e.admin1, e.geo_precision) == ("وادي الشاي", "Kirkuk", 2)
    assert e.latitude is not None  # a valley by a town: the town's coordinates stand
    (e,) = events("صدت قوة من الحشد الشعبي هجوما للتنظيم على قرية البو حشمة في قضاء تكريت.")
    assert (e.location_ar, e.admin1) == ("البو حشمة", "Salah al-Din")
    # «وأدى القصف» (and the shelling led) is written like «وادي»: no valley called «القصف».
    evs = events("قصفت قوات النظام مدينة حماة، وأدى القصف إلى دمار واسع.")
    assert [e.location_ar for e in evs] == ["حماة"]


def test_a_name_in_a_region_is_not_named_as_part_of_the_region_s_centre():
    evs = events("شن طيران التحالف غارات على قاعدة العند. وفي محافظة تعز قصف الحوثيون أحياء سكنية.")
    (e,) = [e for e in evs if e.location_ar == "العند"]
    assert (e.geo_precision, e.location) == (3, "Al Anad")


def test_those_told_dead_before_an_attack_word_were_hit_by_it():
    (e,) = events("قتل ثلاثة عناصر من الشرطة الليبية في هجوم مسلح استهدف بوابة أمنية عند مدخل مدينة سبها.")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Armed clash", "Unidentified Armed Group (Libya)", "Police Forces of Libya", 3)
    (e,) = events("قتل 10 من الحوثيين في مواجهات مع المقاومة الشعبية في مدينة تعز.")
    assert (e.actor1, e.actor2) == ("Popular Resistance", "Ansar Allah (Houthis)")


def test_a_ministry_is_no_place_and_arrests_by_no_named_force_are_the_police_s():
    (e,) = events("أعلنت وزارة الداخلية التونسية القبض على عنصر تكفيري في ولاية القصرين.")
    assert (e.sub_event_type, e.country, e.admin1, e.actor1) == (
        "Arrests", "Tunisia", "Kasserine", "Police Forces of Tunisia")


def test_soldiers_of_a_named_army_are_that_army():
    (e,) = events("أعلن حزب الله أنه استهدف تجمعا لجنود الجيش الإسرائيلي قرب بلدة كفركلا بالأسلحة الصاروخية.")
    assert (e.actor1, e.actor2) == ("Hezbollah", "Military Forces of Israel")


def test_a_town_named_in_a_province_is_the_finer_place_but_a_town_north_of_which_it_lies_is_not():
    (e,) = events("اقتحم متظاهرون غاضبون مقر مجلس محافظة ذي قار في مدينة الناصرية وأضرموا النار في أجزاء منه.")
    assert (e.sub_event_type, e.location_ar) == ("Violent demonstration", "الناصرية")
    evs = events("استكملت المقاومة سيطرتها على بلدة الوهط التابعة لمحافظة لحج شمال مدينة عدن.")
    assert "عدن" not in {e.location_ar for e in evs}


def test_an_explosion_told_after_missiles_fired_is_their_strike():
    (e,) = events("أعلن الحوثيون استهداف سفينة تجارية في البحر الأحمر بصاروخين باليستيين، فيما أكدت هيئة بحرية "
                  "بريطانية وقوع انفجار قرب السفينة غرب الحديدة.")
    assert (e.sub_event_type, e.actor1) == ("Shelling/artillery/missile attack", "Ansar Allah (Houthis)")


def test_what_an_arrest_is_for_is_no_event_and_a_gate_heads_a_name():
    evs = events("أعلن الجيش اللبناني توقيف خمسة أشخاص في منطقة باب التبانة بطرابلس للاشتباه بتورطهم في إطلاق نار.")
    assert [(e.sub_event_type, e.location_ar, e.country) for e in evs] == [("Arrests", "باب التبانة", "Lebanon")]


def test_a_lone_attacker_s_ramming_is_mob_violence():
    evs = events("أصيب ثلاثة جنود إسرائيليين في عملية دهس في شمال مدينة رام الله أمس.")
    assert [(e.sub_event_type, e.actor1, e.location_ar) for e in evs] == [
        ("Mob violence", "Rioters (Palestine)", "رام الله")]


def test_two_dead_told_by_a_dual_pronoun():
    (e,) = events("لقي طفلان حتفهما جراء انفجار لغم أرضي من مخلفات الحرب في منطقة وادي زمزم بمدينة درنة.")
    assert (e.sub_event_type, e.fatalities) == ("Remote explosive/landmine/IED", 2)


def test_an_armed_band_raiding_a_market_attacks_civilians():
    (e,) = events("هاجم مسلحون قبليون سوق بلدة الضعين وأحرقوا عشرات المحال التجارية، ما أدى إلى مقتل شخصين.")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Attack", "Unidentified Tribal Militia (Sudan)", "Civilians (Sudan)", 2)


def test_gunmen_believed_to_be_of_a_group_are_that_group_and_fighter_jets_have_a_country():
    (e,) = events("اختطف مسلحون يعتقد أنهم من تنظيم القاعدة خمسة موظفين أمميين في مديرية مودية بمحافظة أبين.")
    assert (e.actor1, e.actor2) == ("AQAP: Al Qaeda in the Arabian Peninsula", "Civilians (Yemen)")
    (e,) = events("شنت مقاتلات أمريكية سلسلة غارات على مواقع للحوثيين في مدينة الحديدة فجر اليوم الجمعة.",
                  published="2024-03-14")  # a Thursday stamp: Friday where the reporter is
    assert (e.actor1, e.event_date) == ("Military Forces of the United States", "2024-03-15")
    # «غداً» stays a plan.
    assert events("حدد ناشطون موعد تنظيم تظاهرة في ساحة التحرير ببغداد مساء غد الجمعة.", published="2024-03-14") == []


def test_an_event_told_again_in_the_next_sentences_is_one_event():
    text = ("أصيب ثلاثة جنود إسرائيليين في عملية دهس شمال مدينة رام الله أمس.\n"
            "وذكر الجيش أن فلسطينيا هاجم الجنود بسيارته ما أدى إلى إصابتهم.\n"
            "وأشار إلى أن جنودا أطلقوا النار على سائق السيارة وأصابوه بجروح خطيرة.")
    assert [e.sub_event_type for e in events(text)] == ["Mob violence"]
    # A new day or a new place is a new event.
    text = ("البصرة - أضرم متظاهرون غاضبون النار في مبنى المحافظة في مدينة البصرة مساء اليوم.\n"
            "وقالت مفوضية حقوق الإنسان إن ثلاثة متظاهرين قتلوا برصاص القوات الأمنية الليلة الماضية.")
    assert sorted(e.sub_event_type for e in events(text)) == ["Excessive force against protesters",
                                                             "Violent demonstration"]


def test_a_strike_does_not_take_the_dead_of_the_sniper_told_before_it():
    evs = events("قتل عنصران من الفصائل برصاص قناص من قوات النظام على محور ميزناز بريف حلب الغربي، في حين "
                 "استهدفت الفصائل بقذائف الهاون مواقع قوات النظام في مدينة سراقب.")
    assert {(e.location_ar, e.fatalities) for e in evs} == {("ميزناز", 2), ("سراقب", 0)}


def test_a_body_found_killed_is_an_attack():
    (e,) = events("عثر أهالي بلدة الجيزة بريف درعا الشرقي على جثة شاب مقتولا بطلقات نارية في الرأس.")
    assert (e.sub_event_type, e.actor1, e.location_ar, e.fatalities) == (
        "Attack", "Unidentified Armed Group (Syria)", "الجيزة", 1)


def test_clashes_between_forces_and_protesters_are_a_riot():
    (e,) = events("أصيب نحو 20 شخصا بجروح في اشتباكات بين قوات الأمن ومحتجين في مدينة السليمانية مساء الإثنين.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Violent demonstration", "Rioters (Iraq)",
                                                      "Police Forces of Iraq")


def test_an_attack_noun_with_lam_names_the_attacker_and_a_market_town_is_no_day():
    (e,) = events("أعلنت قوات سوريا الديمقراطية مقتل ثلاثة من مقاتليها في هجوم لخلايا داعش على نقطة عسكرية "
                  "في بلدة الشحيل بريف دير الزور.")
    assert (e.actor1, e.actor2, e.fatalities) == ("Islamic State (Syria)", "SDF: Syrian Democratic Forces", 3)
    (e,) = events("اندلعت اشتباكات بين جهاز الردع ومجموعة مسلحة في منطقة سوق الجمعة بالعاصمة طرابلس.",
                  published="2024-03-14")
    assert e.event_date == "2024-03-14"  # «سوق الجمعة» is a district, not last Friday


def test_drones_with_a_country_are_drone_strikes():
    (e,) = events("قصفت المسيرات التركية سيارة تقل قياديين في وحدات حماية الشعب قرب مدينة القامشلي.")
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", "Military Forces of Turkey (2002-)")


def test_drones_an_attack_is_made_with_are_drone_strikes_and_a_march_is_not():
    (e,) = events("قصفت قوات الدعم السريع بالمسيرات محطة الكهرباء في مدينة مروي، ما أدى إلى مقتل حارسين.",
                  published="2025-01-14")
    assert (e.sub_event_type, e.actor1, e.location, e.admin1) == (
        "Air/drone strike", "Rapid Support Forces", "Merowe", "Northern")
    (e,) = events("خرج المئات بمسيرة سلمية في مدينة السويداء للمطالبة بالإفراج عن المعتقلين.")
    assert e.sub_event_type == "Peaceful protest"


def test_a_protest_met_with_arrests_is_one_protest_with_intervention():
    evs = events("نظم العشرات من أهالي المعتقلين وقفة احتجاجية أمام قصر العدل في مدينة حمص، قبل أن تعتقل قوات "
                 "الأمن خمسة منهم.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in evs] == [
        ("Protest with intervention", "Protesters (Syria)", "Police Forces of Syria (2000-)")]


def test_a_handover_without_a_fight_is_a_transfer_of_territory():
    (e,) = events("سلمت هيئة تحرير الشام نقاطا عسكرية قرب بلدة البارة لفصائل الجيش الوطني دون قتال.")
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Non-violent transfer of territory", "Hayat Tahrir al Sham", "Syrian National Army")


def test_a_drone_attack_a_faction_claims_is_that_faction_s():
    (e,) = events("تعرضت قاعدة عين الأسد الجوية في محافظة الأنبار لهجوم بطائرتين مسيرتين دون وقوع إصابات، وتبنت "
                  "الهجوم فصائل المقاومة الإسلامية في العراق.")
    assert (e.sub_event_type, e.actor1, e.location_ar) == ("Air/drone strike", "Islamic Resistance in Iraq", "عين الأسد")


def test_the_southern_transitional_council_and_its_security_belt():
    (e,) = events("اندلعت اشتباكات بين قوات الحزام الأمني وقوات الحماية الرئاسية في مديرية كريتر بعدن.",
                  published="2019-08-08")
    assert (e.actor1, e.actor2) == ("Southern Transitional Council", "Military Forces of Yemen (2012-)")


def test_two_clans_named_apart_fight_each_other():
    (e,) = events("قتل شخص وأصيب آخرون في اشتباكات بين مسلحين من آل جعفر وآخرين من آل شمص في مدينة بعلبك.")
    assert (e.actor1, e.actor2, e.fatalities) == (
        "Unidentified Tribal Militia (Lebanon)", "Unidentified Tribal Militia (Lebanon)", 1)


def test_police_dispersing_and_arresting_protesters_is_one_event_and_a_square_is_no_liberation():
    evs = events("فرقت الشرطة المصرية بالغاز المسيل للدموع مئات المتظاهرين في ميدان التحرير بالقاهرة واعتقلت "
                 "العشرات منهم.")
    assert [(e.sub_event_type, e.actor2) for e in evs] == [("Protest with intervention", "Police Forces of Egypt (2014-)")]


def test_dismantling_a_cell_is_an_arrest():
    (e,) = events("أعلنت السلطات المغربية تفكيك خلية إرهابية تتكون من أربعة عناصر في مدينة طنجة يوم الخميس 7 مارس.",
                  published="2024-03-14")
    assert (e.sub_event_type, e.actor1, e.event_date) == ("Arrests", "Police Forces of Morocco", "2024-03-07")


def test_a_raid_met_by_stone_throwers_is_one_riot():
    evs = events("اقتحمت قوات الاحتلال الإسرائيلي مدينة نابلس فجر اليوم، واندلعت مواجهات مع الشبان الذين رشقوا "
                 "الجنود بالحجارة، فيما أطلق الجنود الرصاص الحي، ما أدى إلى إصابة 12 شابا.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in evs] == [
        ("Violent demonstration", "Rioters (Palestine)", "Military Forces of Israel")]


def test_a_country_s_police_on_its_border_place_the_event_in_that_country():
    (e,) = events("قتل مسلحان من عصابات المخدرات وأصيب ضابط في اشتباك مع قوات الأمن الأردنية على الحدود مع سوريا.")
    assert (e.country, e.actor2, e.fatalities) == ("Jordan", "Police Forces of Jordan", 2)


def test_a_specific_strike_word_after_a_generic_one_is_its_own_strike():
    evs = events("شن الطيران الحربي الإسرائيلي غارة على بلدة عيتا الشعب، فيما استهدف القصف المدفعي أطراف بلدة "
                 "كفرشوبا في جنوب لبنان.")
    assert [(e.sub_event_type, e.location_ar) for e in evs] == [
        ("Air/drone strike", "عيتا"), ("Shelling/artillery/missile attack", "كفرشوبا")]


def test_hezbollah_points_to_lebanon_when_no_place_decides():
    (e,) = events("نعى حزب الله أحد عناصره الذي استشهد بغارة إسرائيلية على بلدة الخيام.")
    assert (e.country, e.actor1, e.actor2, e.fatalities) == ("Lebanon", "Military Forces of Israel", "Hezbollah", 1)


def test_a_village_the_gazetteer_lacks_in_a_named_country_is_a_place_of_its_own():
    evs = events("قصفت المدفعية الإسرائيلية بلدتي كفرشوبا وشبعا في جنوب لبنان.")
    assert [(e.location_ar, e.country) for e in evs] == [("كفرشوبا", "Lebanon"), ("شبعا", "Lebanon")]


def test_those_told_dead_with_the_death_word_after_them_were_hit():
    (e,) = events("لقي عنصران من الشرطة حتفهما وأصيب ثالث في هجوم مسلح على حاجز أمني في مدينة العريش.")
    assert (e.actor1, e.actor2, e.fatalities) == (
        "Unidentified Armed Group (Egypt)", "Police Forces of Egypt (2014-)", 2)


def test_fire_with_its_subject_between_is_shooting_and_fire_to_disperse_is_intervention():
    (e,) = events("أطلق مجهولون النار على سيارة تقل صحفيين في مدينة الموصل، ما أدى إلى إصابة أحدهم.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Attack", "Unidentified Armed Group (Iraq)", "Civilians (Iraq)")
    (e,) = events("أطلقت زوارق حربية إسرائيلية النار صوب مراكب الصيادين قبالة مدينة خان يونس.")
    assert e.sub_event_type == "Attack"  # gunfire, whatever fired it
    evs = events("تظاهر العشرات أمام مكتب التربية في مدينة إب للمطالبة بالإفراج عن المعلمين، قبل أن يطلق مسلحون "
                 "حوثيون النار في الهواء لتفريقهم.")
    assert [(e.sub_event_type, e.actor2) for e in evs] == [("Protest with intervention", "Ansar Allah (Houthis)")]


def test_sorties_are_air_strikes():
    (e,) = events("نفذت الطائرات الحربية الروسية 15 طلعة جوية على مواقع المسلحين في ريف إدلب.")
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", "Military Forces of Russia (2000-)")


def test_a_short_town_name_after_a_place_word_is_found():
    # «إب» is too short to look for everywhere, and is written like «آب» (August).
    (e,) = events("تظاهر العشرات أمام مكتب التربية في مدينة إب للمطالبة بصرف الرواتب.", published="2024-03-14")
    assert (e.sub_event_type, e.location_ar, e.admin1) == ("Peaceful protest", "إب", "Ibb")


def test_a_village_named_as_one_in_a_syrian_countryside_is_not_a_province_abroad():
    # «الكرك» is also a Jordanian governorate; the village cue and «بريف درعا» put it in Syria.
    evs = events("قتل شاب برصاص مجهولين في بلدة الكرك الشرقي بريف درعا الشرقي.")
    assert [(e.country, e.admin1) for e in evs] == [("Syria", "Daraa")]


def test_a_town_written_before_its_governorate_is_one_event_there():
    evs = events("استشهد خمسة فلسطينيين في قصف إسرائيلي استهدف منزلا في جباليا شمال غزة.")
    assert [(e.location_ar, e.country, e.admin1, e.admin2, e.geo_precision) for e in evs] == [
        ("جباليا", "Palestine", "Gaza Strip", "North Gaza", 1)]


def test_people_arrested_with_nothing_said_of_them_are_civilians_not_targeted():
    (e,) = events("اعتقلت الشرطة ثلاثة أشخاص في مدينة حلب.")
    assert (e.sub_event_type, e.actor2, e.civilian_targeting) == ("Arrests", "Civilians (Syria)", "")
    (e,) = events("ألقت الشرطة القبض على ثلاثة من عناصر داعش في مدينة الموصل.")
    assert e.actor2 == "Islamic State (Iraq)"


def test_journalists_and_medics_killed_in_a_strike_are_civilians():
    (e,) = events("استشهد ثلاثة مسعفين في غارة إسرائيلية استهدفت مركزا للدفاع المدني في بلدة كفركلا جنوبي لبنان.")
    assert (e.actor2, e.civilian_targeting, e.fatalities) == ("Civilians (Lebanon)", "Civilian targeting", 3)
    (e,) = events("قتل صحفيان في غارة إسرائيلية على بلدة كفركلا جنوبي لبنان.")
    assert (e.actor2, e.fatalities) == ("Civilians (Lebanon)", 2)


def test_a_force_known_only_by_its_country_is_that_country_s_force():
    (e,) = events("تصدى مقاتلو حزب الله لمحاولة تقدم قوة إسرائيلية باتجاه بلدة كفركلا واشتبكوا معها.",
                  published="2024-10-05")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Armed clash", "Hezbollah", "Military Forces of Israel")


def test_a_drone_of_unknown_identity_is_an_unidentified_group_s_and_what_it_hit_is_the_target():
    (e,) = events("استهدفت مسيرة مجهولة دورية روسية قرب مدينة درعا.", published="2024-10-05")
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Air/drone strike", "Unidentified Armed Group (Syria)", "Military Forces of Russia (2000-)")
    (e,) = events("قصفت طائرة مسيرة مجهولة الهوية سيارة في مدينة البوكمال، ما أدى إلى مقتل شخصين.")
    assert (e.actor1, e.location, e.fatalities) == ("Unidentified Armed Group (Syria)", "Albu Kamal", 2)


def test_a_dateline_city_of_two_countries_outweighs_one_village_homonym_abroad():
    # «طرابلس» is Libya's or Lebanon's capital; «اليرموك» only a Syrian camp in the gazetteer.
    evs = events("طرابلس - قصفت قوات حفتر بصواريخ غراد أحياء سكنية في منطقة أبو سليم جنوب العاصمة طرابلس مساء "
                 "أمس، ما أسفر عن مقتل سبعة مدنيين. وأعلنت قوات حكومة الوفاق أنها استعادت السيطرة على معسكر "
                 "اليرموك بعد معارك عنيفة.", published="2019-04-20")
    assert {e.country for e in evs} == {"Libya"}
    shelling = next(e for e in evs if e.sub_event_type == "Shelling/artillery/missile attack")
    assert (shelling.location_ar, shelling.admin1, shelling.geo_precision) == ("أبو سليم", "Tripoli", 2)


@pytest.mark.parametrize("text", [
    "أعدم تنظيم داعش 12 شخصا في مدينة الموصل.",
    "قتل مسلحو داعش 12 مدنيا في مدينة الموصل.",
])
def test_a_killing_word_with_its_doer_then_a_count_is_active(text):
    (e,) = events(text, published="2014-06-12")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Attack", "Islamic State (Iraq)", "Civilians (Iraq)", 12)


def test_a_killing_word_with_a_count_first_is_passive():
    (e,) = events("قتل 12 عنصرا من داعش في غارة لطيران التحالف على مدينة الموصل.", published="2014-06-12")
    assert (e.actor1, e.actor2) == ("Global Coalition Against Daesh", "Islamic State (Iraq)")


def test_a_protest_broken_up_that_fights_back_is_one_violent_demonstration():
    evs = events("تظاهر مئات الشبان في مدينة القصرين ليلة الجمعة احتجاجا على البطالة، ورشقوا قوات الأمن "
                 "بالحجارة وأحرقوا إطارات مطاطية، فيما ردت الشرطة بقنابل الغاز المسيل للدموع واعتقلت العشرات.",
                 published="2021-01-30")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in evs] == [
        ("Violent demonstration", "Rioters (Tunisia)", "Police Forces of Tunisia")]


def test_a_country_adjective_after_an_attack_word_names_who_attacked():
    (e,) = events("استشهد خمسة فلسطينيين في قصف إسرائيلي استهدف منزلا في مخيم جباليا.", published="2023-11-20")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Shelling/artillery/missile attack", "Military Forces of Israel", "Civilians (Palestine)", 5)
    (e,) = events("قتل ثلاثة مدنيين في غارات روسية على بلدة كفرنبل.", published="2016-02-01")
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", "Military Forces of Russia (2000-)")


def test_what_a_shelling_hit_is_no_second_attack():
    (e,) = events("قتل خمسة مدنيين في قصف استهدف منزلا في بلدة كفرنبل.")
    assert (e.sub_event_type, e.actor2, e.fatalities) == ("Shelling/artillery/missile attack", "Civilians (Syria)", 5)


def test_quarters_of_one_town_are_one_event_with_the_whole_toll_and_its_civilian_victims():
    evs = events("ألقى الطيران المروحي التابع للنظام براميل متفجرة على حي الشعار وحي الصاخور في مدينة حلب، "
                 "ما أدى إلى مقتل 9 مدنيين بينهم 3 أطفال.", published="2015-08-10")
    assert [(e.sub_event_type, e.admin1, e.geo_precision, e.fatalities, e.actor2) for e in evs] == [
        ("Air/drone strike", "Aleppo", 2, 9, "Civilians (Syria)")]


def test_forces_that_kill_protesters_act_and_the_protesters_are_hit():
    (e,) = events("قتل 12 متظاهرا وأصيب أكثر من 200 آخرين خلال مواجهات مع قوات الأمن في ساحة التحرير وسط بغداد، "
                  "حيث أطلقت القوات الأمنية الرصاص الحي لتفريق المحتجين.", published="2019-10-26")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Excessive force against protesters", "Police Forces of Iraq", "Protesters (Iraq)", 12)


def test_the_army_an_air_force_belongs_to_is_not_its_target():
    (e,) = events("نفذ الطيران الحربي التابع للجيش غارات على تجمعات الدعم السريع شرقي مدينة الفاشر.",
                  published="2024-05-12")
    assert (e.actor1, e.actor2, e.location, e.geo_precision) == (
        "Military Forces of Sudan", "Rapid Support Forces", "El Fasher", 2)


def test_an_unnumbered_death_word_beside_a_count_tells_the_same_deaths():
    (e,) = events("قتل أكثر من 100 مدني في عمليات قتل ميدانية نفذتها مجموعات مسلحة في قرى بريف بانياس.",
                  published="2025-03-08")
    assert (e.fatalities, e.fatalities_estimated) == (100, False)


def test_forces_told_dead_after_a_bombing_are_what_it_hit():
    (e,) = events("انفجرت سيارة مفخخة يقودها انتحاري عند بوابة معسكر الصولبان في مديرية خور مكسر بعدن، ما أدى إلى "
                  "مقتل 8 جنود وإصابة 12 آخرين، وتبنى تنظيم الدولة الإسلامية الهجوم في بيان.", published="2017-02-01")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Suicide bomb", "Islamic State (Yemen)", "Military Forces of Yemen (2012-)", 8)


@pytest.mark.parametrize("text, actors", [
    ("اعترضت الدفاعات الجوية السعودية صاروخا باليستيا أطلقته ميليشيا الحوثي على مدينة جازان.",
     ("Military Forces of Saudi Arabia (2015-)", "Ansar Allah (Houthis)")),
    ("فككت فرق الهندسة عبوة ناسفة زرعها مجهولون على طريق عام في مدينة الرمادي.",
     ("Military Forces of Iraq", "Unidentified Armed Group (Iraq)")),
])
def test_who_disrupts_a_weapon_acts_and_whose_weapon_it_was_is_second(text, actors):
    (e,) = events(text, published="2022-03-20")
    assert (e.sub_event_type, (e.actor1, e.actor2)) == ("Disrupted weapons use", actors)


def test_a_group_s_nisba_after_an_attack_word_names_the_group():
    (e,) = events("قتل طفلان وأصيبت امرأة بقصف حوثي على حي الروضة في مدينة تعز.", published="2017-05-27")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Shelling/artillery/missile attack", "Ansar Allah (Houthis)", "Civilians (Yemen)", 2)
    # «قيادي حوثي» after «استهدف» is who was hit, not who struck.
    (e,) = events("قتل أربعة حوثيين في هجوم بسيارة مفخخة استهدف منزل قيادي حوثي في صنعاء.", published="2015-08-05")
    assert e.actor2 == "Ansar Allah (Houthis)"


def test_a_mass_march_is_a_protest_and_a_country_s_adjective_says_where_when_nothing_else_does():
    (e,) = events("نظم المئات مسيرة حاشدة في مدينة تعز للمطالبة بفك الحصار عن المدينة.")
    assert (e.sub_event_type, e.actor1, e.location_ar) == ("Peaceful protest", "Protesters (Yemen)", "تعز")
    (e,) = events("خرجت مسيرات في عدة مدن يمنية تنديدا بالعدوان.")
    assert (e.sub_event_type, e.country, e.actor1, e.geo_precision) == (
        "Peaceful protest", "Yemen", "Protesters (Yemen)", 3)


def test_those_joined_to_the_force_that_takes_a_place_are_its_side_and_whom_it_fought_lost_it():
    evs = events("تقدمت قوات النظام والمسلحون الموالون لها وسيطرت على قريتي كفرنوران وكفرحلب بريف حلب الغربي، "
                 "بعد معارك عنيفة مع الفصائل.", published="2020-02-15")
    assert {(e.sub_event_type, e.actor1, e.actor2) for e in evs} == {
        ("Government regains territory", "Military Forces of Syria (2000-)", "Opposition Rebels (Syria)")}
    assert len(evs) == 2


def test_a_quarter_lies_in_the_town_named_before_and_supporters_do_not_act():
    (e,) = events("بدأت القوات العراقية مدعومة بالحشد الشعبي وطيران التحالف الدولي اقتحام مدينة الفلوجة من المحور "
                  "الجنوبي، واستعادت السيطرة على حي الشهداء بعد اشتباكات عنيفة مع مسلحي داعش.", published="2016-06-05")
    assert (e.sub_event_type, e.actor1, e.actor2, e.location_ar, e.geo_precision) == (
        "Government regains territory", "Military Forces of Iraq", "Islamic State (Iraq)", "الشهداء", 2)
    assert (e.latitude, e.longitude) != (None, None)  # the town's centre: a quarter is within a few km
