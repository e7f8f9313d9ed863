"""General lexicons of Chinese political text: titles, organization suffixes,
program head nouns, named regions and countries.

These are vocabulary of the genre (what a 市委书记 or a 工程 is), never
names of particular people or bodies. Countries come from jionlp's
``world_location.txt``.
"""
from __future__ import annotations

from functools import lru_cache

from kg.gazetteer.divisions import _package_file

# Post titles, longest first when matched. Party, government, congress, CPPCC,
# courts, enterprises, institutions, newsroom.
TITLES = (
    "总书记", "国家主席", "国务院总理", "总理", "副总理", "国务委员", "委员长", "主席", "副主席",
    "省委书记", "省委副书记", "省委常委", "省长", "副省长", "代省长", "省委秘书长",
    "市委书记", "市委副书记", "市委常委", "市长", "副市长", "代市长", "市委秘书长",
    "区委书记", "区委副书记", "区委常委", "区长", "副区长", "代区长",
    "县委书记", "县委副书记", "县委常委", "县长", "副县长", "代县长",
    "州委书记", "州长", "盟委书记", "旗委书记",
    "镇党委书记", "镇长", "副镇长", "乡党委书记", "乡长", "副乡长",
    "街道党工委书记", "街道办事处主任", "党工委书记", "党工委副书记",
    "村党支部书记", "村党委书记", "村委会主任", "村主任", "社区党委书记", "社区主任",
    "党委书记", "党委副书记", "党组书记", "党组副书记", "党组成员", "党委委员", "党支部书记", "支部书记",
    "书记", "副书记", "常委", "委员", "秘书长", "副秘书长",
    "部长", "副部长", "常务副部长", "厅长", "副厅长", "局长", "副局长", "处长", "副处长",
    "科长", "副科长", "主任", "副主任", "常务副主任", "主任委员", "组长", "副组长",
    "院长", "副院长", "校长", "副校长", "所长", "副所长", "馆长", "站长", "队长",
    "检察长", "审判长", "庭长", "政委",
    "董事长", "副董事长", "总经理", "副总经理", "总裁", "副总裁", "董事", "监事长", "总工程师",
    "首席执行官", "创始人", "理事长", "会长", "副会长", "社长", "总编辑", "主编",
    "教授", "研究员", "院士",
)

# Suffixes that end an organization name.
ORG_SUFFIXES = (
    "委员会", "党委", "党组", "党工委", "工委", "纪委", "监委", "人大常委会", "人大", "政协", "政府", "人民政府",
    "办公厅", "办公室", "组织部", "宣传部", "统战部", "政法委", "编办", "网信办",
    "厅", "局", "委", "办", "部", "署", "院", "所", "中心", "站", "馆", "社", "会", "协会", "学会",
    "联合会", "商会", "基金会", "大学", "学院", "学校", "党校", "中学", "小学", "幼儿园", "医院",
    "研究院", "研究所", "实验室", "法院", "检察院", "公安局", "集团", "公司", "有限公司", "股份有限公司",
    "银行", "日报", "晚报", "报社", "电视台", "广播电台", "出版社", "杂志社", "管委会", "管理委员会",
    "合作社", "工作室", "事务所", "总队", "支队", "大队",
)

# Head nouns of named policy undertakings.
PROGRAM_HEADS = (
    "工程", "战略", "计划", "行动", "活动", "改革", "机制", "经验", "工作法", "模式", "体系",
    "项目", "工坊", "行动计划", "攻坚战", "专项行动", "三年行动", "示范区", "试验区", "建设", "运动",
    "制度", "品牌", "服务", "平台",
)

# Named multi-area regions of China and of the world.
REGIONS = (
    "长三角", "珠三角", "京津冀", "粤港澳大湾区", "成渝", "港澳台", "港澳", "大湾区", "长江经济带",
    "东北", "华北", "华东", "华南", "华中", "西南", "西北", "中西部", "东部", "西部", "中部",
    "浙东", "浙西", "浙南", "浙北", "浙中", "浙西南", "浙东北", "苏南", "苏北", "皖南", "闽东",
    "欧洲", "亚洲", "非洲", "美洲", "北美", "南美", "拉美", "大洋洲", "中东", "东南亚", "中亚", "南亚",
    "东亚", "日韩", "欧美", "一带一路",
)


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Surface → short common name (中华人民共和国 → 中国), from jionlp's world list."""
    path = _package_file("jionlp", "dictionary", "world_location.txt")
    out = {"我国": "中国", "中华人民共和国": "中国"}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 2 or cells[0].endswith(":"):
                continue
            short, full = cells[0], cells[1]
            out.setdefault(short, short)
            if full and full != short:
                out.setdefault(full, short)
    return out
