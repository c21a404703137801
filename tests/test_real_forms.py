"""The forms real pages write facts in, each read as the loaders should (unit tests of the readers).

Every case is a shape met in tests/fixtures/real/, written here with other names so that the test checks
the rule, not one document.
"""

from __future__ import annotations

import pytest

import loaders
from loaders.indicator_prose import read_indicators
from loaders.officials import _officials
from loaders.organisations import OrganisationFinder


def _extract(text: str, name: str = "page.txt"):
    return loaders.extract(loaders.read_document(text.encode("utf-8"), name=name))


def _posts(extraction) -> set[tuple[str, str, str]]:
    entities = extraction.entities
    return {(entities[r.source].label, entities[r.target].label, r.attributes.get("titles"))
            for r in extraction.relations if r.type == "HOLDS_POST"}


@pytest.fixture(scope="module")
def finder():
    found = OrganisationFinder(home="城口县")
    found.add_towns(found.near[:1])
    return found


@pytest.mark.parametrize(("text", "expected"), [
    ("县委书记李明参加活动并宣布开工。", [("李明", [("县委", ["书记"])])]),
    ("县委副书记、县政府党组书记、代理县长王丽华致辞。", [("王丽华", [("县委", ["副书记"]), ("县政府", ["党组书记", "代理县长"])])]),
    ("县人大常委会主任刘强,县政协主席赵刚等出席。", [("刘强", [("县人大常委会", ["主任"])]), ("赵刚", [("县政协", ["主席"])])]),
    ("县委常委、县工业园区党工委书记孙伟主持。", [("孙伟", [("县委", ["常委"]), ("县工业园区", ["党工委书记"])])]),
    ("区长  周 平", [("周平", [("区政府", ["区长"])])]),
    ("记者 杨 帆 摄", []),  # a byline: no title, no official
])
def test_officials_in_prose_heads_and_bylines(finder, text, expected):
    mentions = [m for m in finder.find_text(text) if m.source != "prefix"]
    found = [(name, [(p.org.label, p.titles) for p in posts]) for name, _b, _e, posts in _officials(text, mentions)]
    assert found == expected


def test_a_city_head_title_holds_its_post_at_the_city_government():
    extraction = _extract("政府工作报告\n金华市市长 陈东\n各位代表:\n现在,我代表金华市人民政府向大会作报告。\n")
    assert ("陈东", "市政府", "市长") in _posts(extraction)


@pytest.mark.parametrize(("text", "expected"), [
    ("全年实现地区生产总值962亿元、增长8.8%(同比,下同),完成固定资产投资500亿元。",
     [("地区生产总值", 962, "亿元", 8.8, None), ("固定资产投资", 500, "亿元", None, None)]),
    ("战略性新兴产业增加值、高新技术产业增加值分别增长20%和10%。",
     [("战略性新兴产业增加值", None, None, 20, None), ("高新技术产业增加值", None, None, 10, None)]),
    ("城镇和农村居民人均可支配收入分别达到8.8万元和5.3万元。",
     [("城镇居民人均可支配收入", 8.8, "万元", None, None), ("农村居民人均可支配收入", 5.3, "万元", None, None)]),
    ("1-5月,工业产值累计达6.88亿元,同比增长2.25%。", [("工业产值", 6.88, "亿元", 2.25, "M1-M5")]),
    ("进出口总额下降3.2%。", [("进出口总额", None, None, -3.2, None)]),
    ("新签约项目7个、协议金额23.6亿元。", []),  # counts of work done, money of projects
    ("力争全年接待游客3000万人次以上。", []),  # a target, read with the target sentences
])
def test_indicators_in_prose(text, expected):
    assert [(s.name, s.value, s.unit, s.growth, s.period) for s in read_indicators(text)] == expected


def test_a_notice_issues_its_document():
    extraction = _extract("某某区人民政府办公室\n关于印发某某区促进消费若干措施的\n通 知\n各镇人民政府,区级各部门:\n现将《某某区促进消费若干措施》印发给你们。\n")
    policies = {e.label: e.attributes for e in extraction.of_type("Policy")}
    assert policies["某某区促进消费若干措施"]["action"] == "印发"


def test_a_town_is_placed_up_to_its_province():
    extraction = _extract("泸州市泸县毗卢镇召开会议，镇党委书记张华讲话。")
    entities = extraction.entities
    part_of = {entities[r.source].label: entities[r.target].label for r in extraction.relations if r.type == "PART_OF"}
    assert (part_of["毗卢镇"], part_of["泸县"], part_of["泸州市"]) == ("泸县", "泸州市", "四川省")
    assert next(e for e in extraction.of_type("District") if e.label == "泸县").attributes["divisionCode"] == "510521"


def test_a_fragment_is_no_organisation():
    extraction = _extract("全区认真落实区委、区政府工作部署，部门街镇协同推进，县政府开局良好。")
    labels = {e.label for e in extraction.entities.values() if e.type in ("Department", "Town")}
    assert "区政府工作部署" not in labels and "部门街镇" not in labels and "县政府开局" not in labels


def test_divisions_whose_names_sound_alike_are_two_nodes():
    extraction = _extract("苏州市与宿州市签订合作协议。")
    cities = {e.label: e.id for e in extraction.of_type("City")}
    assert set(cities) == {"苏州市", "宿州市"} and cities["苏州市"] != cities["宿州市"]
