"""The organisation finder: gazetteer and generic patterns, against the gold of every document.

The two bundled documents are the seeds the rules were written on; the documents in tests/fixtures/unseen/
(another district, another year) were only used to measure. Scores are printed in the terminal summary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import loaders
from loaders.divisions import divisions
from loaders.model import Extraction
from loaders.organisations import OrganisationFinder, extract_organisations, gazetteer
from loaders.pipeline import Context, new_context
from loaders.vocabulary import trie_regex
from ontology import node_types
from tests.scoring import GOLD, UNSEEN, load_gold, organisation_score, report

CORPUS = Path(loaders.__file__).parent / "corpus"
DOCUMENTS = {
    "yongchuan-2024q2-meeting-speeches.yaml": CORPUS / "yongchuan-2024q2-meeting-speeches.txt",
    "yongchuan-2023-plan-report.yaml": CORPUS / "yongchuan-2023-plan-report.txt",
    "jiangjin-2025q1-meeting-speeches.yaml": UNSEEN / "jiangjin-2025q1-meeting-speeches.txt",
    "rongchang-2024-plan-report.yaml": UNSEEN / "rongchang-2024-plan-report.txt",
}
SEEDS = ("yongchuan-2024q2-meeting-speeches.yaml", "yongchuan-2023-plan-report.yaml")
# (precision, recall) per document: the targets on the seeds, a margin on unseen documents
TARGETS = {name: ((0.95, 0.90) if name in SEEDS else (0.90, 0.85)) for name in DOCUMENTS}


def organisations_of(path: Path) -> Context:
    context = new_context(loaders.read_document(path))
    extract_organisations(context)
    return context


@pytest.fixture(scope="module")
def extractions():
    return {name: loaders.extract(loaders.read_document(path)) for name, path in DOCUMENTS.items()
            if path.exists() and (GOLD / name).exists()}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_organisations_against_gold(name, extractions):
    if name not in extractions:
        pytest.skip(f"{name} or its document is not there")
    result = organisation_score(f"organisations {name.removesuffix('.yaml')}", extractions[name], load_gold(name))
    report("organisations (full pipeline)", [result])
    precision, recall = TARGETS[name]
    assert result.precision >= precision, f"extra: {result.extra}"
    assert result.recall >= recall, f"missing: {result.missing}"


def test_organisations_over_both_seeds(extractions):
    """The issue's target is over both seed documents together."""
    tp = predicted = expected = 0
    for name in SEEDS:
        result = organisation_score(name, extractions[name], load_gold(name))
        tp, predicted, expected = tp + result.true_positives, predicted + result.predicted, expected + result.expected
    assert tp / predicted >= 0.95 and tp / expected >= 0.90


def test_every_mention_cites_its_words():
    """Each organisation's evidence spans the words as written (layout breaks aside)."""
    for path in DOCUMENTS.values():
        context = organisations_of(path)
        text = context.source.text
        for entity in context.extraction.entities.values():
            names = {"".join(n.split()) for n in (entity.label, *entity.aliases)}
            for evidence in entity.evidence:
                cited = "".join(text[evidence.start : evidence.end].split())
                assert any(cited.startswith(n) for n in names), (entity.label, cited)


# ---------------------------------------------------------------------------------------------- interface


@pytest.fixture(scope="module")
def finder():
    return OrganisationFinder()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("区发改委", ("区发展改革委", "Department")),
        ("区发展和改革委员会", ("区发展改革委", "Department")),
        ("重庆市永川区发展和改革委员会", ("区发展改革委", "Department")),
        ("重庆市荣昌区发展和改革委员会", ("区发展改革委", "Department")),
        ("永川区人民政府", ("区政府", "Department")),
        ("区人民政府", ("区政府", "Department")),
        ("区卫健委", ("区卫生健康委", "Department")),
        ("住房和城乡建设部", ("住建部", "Department")),
        ("重庆市委", ("市委", "Department")),
        ("四川泸县", ("泸县", "District")),
        ("永川", ("永川区", "District")),
        ("永高新", ("永高新集团", "Enterprise")),
        ("江津滨江新城集团", ("江津滨江新城集团", "Enterprise")),
        ("区 公 安 局", ("区公安局", "Department")),
        ("全区", None),
        ("区县", None),
        ("市级", None),
        ("全市", None),
        ("国家区域医疗中心", None),
        ("张家坡社区儿童体育公园", None),
    ],
)
def test_resolve(finder, name, expected):
    assert finder.resolve(name) == expected


def _found(finder, text):
    return [(m.label, m.type, text[m.begin : m.end]) for m in finder.find_text(text)]


def test_find_keeps_the_community_inside_a_project_name(finder):
    assert _found(finder, "张家坡社区儿童体育公园建成投用。") == [("张家坡社区", "Community", "张家坡社区")]


def test_find_reads_places_written_one_inside_another(finder):
    mentions = finder.find_text("与四川泸县毗卢镇签订《边界平安联防联治工作协议》")
    assert [(m.label, m.type, m.surface, m.parent) for m in mentions] == [
        ("泸县", "District", "四川泸县", None),
        ("四川省", "Province", "四川", None),  # the province the county is written with is named too
        ("毗卢镇", "Town", "毗卢镇", ("泸县", "District")),
    ]
    assert [m.source for m in mentions] == ["gazetteer", "prefix", "suffix"]


def test_find_two_departments_written_together(finder):
    assert [m.label for m in finder.find_text("板桥镇认真贯彻区委区政府决策部署")] == ["板桥镇", "区委", "区政府"]


@pytest.mark.parametrize(
    "text",
    [
        "国家区域医疗中心、渝西应急医院相继投用。",
        "托育核心指标区县第一，市级赛马指标列区县第一。",
        "全区乡镇（街道）、村（社区）全面推行网格化管理，城区学校、农村学校同步推进。",
        "新建乡镇卫生院3所，改造村卫生室20个，建成社区养老服务中心5个。",
        "聚焦边镇联防联治，实现高效能治理。",
        "国家卫生镇创建通过专家组评审验收，获市乡村振兴特色产业示范镇。",
        "建成平安村3个、平安社区5个，消除5万元以下“薄弱村”。",
        "以业兴村壮大集体。",
        "开展“平安校园”创建活动，全市首个智慧社区在我区落地。",
        "深化国有企业改革，组建中小学和学前教育集团18个，推进紧密型城市医疗集团建设。",
        "成功发行5亿元公司债券，新组建强村公司12家，完成旗下6家子公司整合重组。",
        "大力建设智能网联新能源汽车产业园、城西智慧制造产业园，规划建设新材料产业园。",
        "交通运输部门做好保障，市场监管部门加强食品安全监管。",
        "高新区管委会、经开区管委会合署办公。",
        "完成智能化改造50家，建成数字化车间7家、智能工厂1家。",
    ],
)
def test_find_ignores_common_nouns(finder, text):
    assert _found(finder, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("红江机械成为重庆市制造业数字化转型标杆企业", ("红江机械", "Enterprise")),
        ("奉民农科获SGS欧盟出口认证", ("奉民农科", "Enterprise")),
        ("腾讯、华为云能力中心等企业落地运营", ("华为云能力中心", "Enterprise")),
        ("成立茶竹生态产业强村公司", ("茶竹生态产业强村公司", "Enterprise")),
        ("推动设立区军民融合发展服务中心", ("区军民融合发展服务中心", "Institution")),
        ("推动12家物流企业入驻珞璜工业园", ("珞璜工业园", "Park")),
        ("依托西南水稻研究中心、永川秀芽创新中心等优势平台", ("西南水稻研究中心", "Institution")),
        ("陈食街道向阳村推进改革", ("向阳村", "Village")),
        ("区农机推广站组建应急作业队伍", ("区农机推广站", "Institution")),
        ("三教司法所成功创建为全市首批“枫桥式”司法所", ("三教司法所", "Department")),
    ],
)
def test_find_names_without_a_gazetteer_entry(finder, text, expected):
    assert expected in [(m.label, m.type) for m in finder.find_text(text)]


def test_entity_for_adds_the_canonical_entity():
    source = loaders.read_document("区卫健委紧扣目标。".encode(), name="tiny.txt")
    finder = OrganisationFinder(Extraction(source))
    entity = finder.entity_for("区卫健委", None)
    assert (entity.type, entity.label, entity.aliases) == ("Department", "区卫生健康委", {"区卫健委"})
    assert finder.entity_for("全区", None) is None


def test_find_uses_sentence_offsets():
    context = organisations_of(DOCUMENTS["yongchuan-2024q2-meeting-speeches.yaml"])
    finder = context.organisations
    for sentence in context.sentences:
        for mention in finder.find(sentence):
            assert 0 <= mention.begin < mention.end <= len(sentence.text)
            assert "".join(sentence.text[mention.begin : mention.end].split()) == "".join(mention.surface.split())


# ---------------------------------------------------------------------------------------------- data


def test_national_table_has_the_district_and_its_23_towns_and_subdistricts():
    gaz, table = gazetteer(), divisions()
    (yongchuan,) = table.named("永川区")
    assert (yongchuan.code, [d.name for d in table.chain(yongchuan)]) == ("500118", ["重庆市"])
    parts = table.towns(yongchuan).values()
    assert sum(d.type == "Subdistrict" for d in parts) == 7
    assert sum(d.type == "Town" for d in parts) == 16
    assert gaz.names["永川"].label == "永川区"
    assert table.villages(yongchuan)["通明村"] == "板桥镇"


def test_gazetteer_types_and_parents_are_sound():
    gaz, types = gazetteer(), node_types()
    for entry in gaz.entries.values():
        assert types[entry.type].is_organization
        assert entry.part_of is None or entry.part_of in gaz.entries or entry.part_of == "四川省"


def test_trie_regex_prefers_the_longest_name():
    import re

    regex = re.compile(trie_regex(["永川", "永川区", "永川高新区", "永川高新区管委会"]))
    assert [m.group() for m in regex.finditer("永川高新区管委会与永川区、永川")] == ["永川高新区管委会", "永川区", "永川"]
