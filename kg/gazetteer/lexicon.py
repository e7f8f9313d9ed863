"""General lexicons of Chinese political text: titles, organization suffixes,
program head nouns, named regions and countries.

These are vocabulary of the genre (what a 市委书记 or a 工程 is), never
names of particular people or bodies. Countries come from jionlp's
``world_location.txt``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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
    "部长", "副部长", "常务副部长", "部长助理", "厅长", "副厅长", "局长", "副局长", "局长助理", "处长", "副处长",
    "省长助理", "市长助理", "巡视员", "副巡视员", "一级巡视员", "二级巡视员", "总经济师", "总会计师",
    "科长", "副科长", "主任", "副主任", "常务副主任", "主任委员", "组长", "副组长",
    "院长", "副院长", "校长", "副校长", "所长", "副所长", "馆长", "站长", "队长",
    "检察长", "审判长", "庭长", "政委",
    "董事长", "副董事长", "总经理", "副总经理", "总裁", "副总裁", "董事", "监事长", "总工程师",
    "首席执行官", "创始人", "理事长", "会长", "副会长", "社长", "总编辑", "主编",
    "教授", "研究员", "院士",
    "厂长", "副厂长", "经理", "副经理", "行长", "副行长", "发言人",
    "司令员", "参谋长",
    "总统", "副总统", "首相", "国王", "女王", "外长", "大使", "总督", "议长",  # other countries' posts
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

# Abbreviated names of the people's organizations and party-led associations
# that every province, city and county has (工商联 = 工商业联合会, 科协 = 科学技术
# 协会 ...). Written bare, they are the ones of the place the text is about.
MASS_ORGANIZATIONS = (
    "工商联", "侨联", "科协", "文联", "作协", "妇联", "残联", "总工会", "青联", "台联", "社科联",
    "知联会", "新阶联", "关工委", "红十字会", "贸促会", "个私协会",
)
# their full names, which a text may also use for the same body (浙江省作协 = 浙江省作家协会)
MASS_FULL_NAMES = {
    "工商联": "工商业联合会", "侨联": "归国华侨联合会", "科协": "科学技术协会", "文联": "文学艺术界联合会", "作协": "作家协会",
    "妇联": "妇女联合会", "残联": "残疾人联合会", "青联": "青年联合会", "台联": "台湾同胞联谊会", "社科联": "社会科学界联合会",
    "关工委": "关心下一代工作委员会", "贸促会": "国际贸易促进委员会",
}

# The eight democratic parties by their usual short names; their local committees
# are called 委会 (民建台州市委会), their national ones 中央 (民盟中央).
DEMOCRATIC_PARTIES = ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟")

# What bodies do in the news (召开, 印发, 牵头 …): a two-character verb of this list
# after a complete body name starts the clause, never continues the name.
BODY_ACTIONS = frozenset((
    "召开", "举行", "举办", "开展", "印发", "出台", "发布", "部署", "牵头", "联合", "联动", "督促", "推动",
    "推进", "依托", "建立", "带头", "组织", "指导", "制定", "成立", "启动", "发起", "主办", "承办", "会同",
))

# Head nouns of named policy undertakings.
PROGRAM_HEADS = (
    "工程", "战略", "计划", "行动", "活动", "改革", "机制", "经验", "工作法", "模式", "体系",
    "项目", "工坊", "行动计划", "攻坚战", "专项行动", "三年行动", "建设", "运动", "制度", "品牌",
)

# Named multi-area regions of China and of the world.
REGIONS = (
    "长三角", "珠三角", "京津冀", "粤港澳大湾区", "成渝", "港澳台", "港澳", "大湾区", "长江经济带",
    "东北", "华北", "华东", "华南", "华中", "西南", "西北",
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

# Common Chinese surnames (single and compound), the public 百家姓 lists; used
# to decide where a name written right against a title begins.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆"
    "乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿狄"
    "计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公"
    "哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由习亓樊詹骆毕翟"
    "傅阎萧洪赖钮丘郗回贝郄寿竺凤庹鄂"
) | frozenset(("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "上官"))

# Central party and state bodies and nationwide organizations (public reference,
# as listed in the PRC's official organization charts), with their usual full
# short names: surface → canonical.
NATIONAL_BODIES = {
    "中共中央": "中共中央", "党中央": "中共中央", "中共中央政治局": "中共中央政治局", "中央政治局": "中共中央政治局",
    "中央政治局常委会": "中共中央政治局常委会", "中央委员会": "中共中央", "中央军委": "中央军委",
    "中央纪委": "中央纪委", "中央纪委国家监委": "中央纪委国家监委", "国家监委": "国家监委",
    "中央组织部": "中央组织部", "中组部": "中央组织部", "中央宣传部": "中央宣传部", "中宣部": "中央宣传部",
    "中央统战部": "中央统战部", "中央党校": "中央党校", "中央办公厅": "中共中央办公厅",
    "国务院": "国务院", "国务院办公厅": "国务院办公厅", "全国人大": "全国人大", "全国人大常委会": "全国人大常委会",
    "全国政协": "全国政协", "最高人民法院": "最高人民法院", "最高法": "最高法", "最高人民检察院": "最高人民检察院",
    "最高检": "最高检", "中国共产党": "中国共产党", "国家发展改革委": "国家发展改革委", "国家发改委": "国家发展改革委",
    "财政部": "财政部", "教育部": "教育部", "科技部": "科技部", "工业和信息化部": "工业和信息化部", "工信部": "工业和信息化部",
    "商务部": "商务部", "民政部": "民政部", "司法部": "司法部", "公安部": "公安部", "农业农村部": "农业农村部",
    "生态环境部": "生态环境部", "自然资源部": "自然资源部", "住房和城乡建设部": "住房和城乡建设部", "交通运输部": "交通运输部",
    "水利部": "水利部", "文化和旅游部": "文化和旅游部", "国家卫生健康委": "国家卫生健康委", "人力资源和社会保障部": "人力资源和社会保障部",
    "外交部": "外交部", "国防部": "国防部", "退役军人事务部": "退役军人事务部", "应急管理部": "应急管理部", "审计署": "审计署",
    "国家统计局": "国家统计局", "国家税务总局": "国家税务总局", "海关总署": "海关总署", "国家市场监督管理总局": "国家市场监督管理总局",
    "市场监管总局": "国家市场监督管理总局", "国家医疗保障局": "国家医疗保障局", "国家医保局": "国家医疗保障局",
    "国家能源局": "国家能源局", "国家知识产权局": "国家知识产权局", "国家外汇管理局": "国家外汇管理局", "国家数据局": "国家数据局",
    "中国证监会": "中国证监会", "国家金融监督管理总局": "国家金融监督管理总局", "国家信访局": "国家信访局",
    "国家体育总局": "国家体育总局", "国家广播电视总局": "国家广播电视总局", "国家文物局": "国家文物局", "国家林业和草原局": "国家林业和草原局",
    "国家移民管理局": "国家移民管理局", "国家邮政局": "国家邮政局", "国家铁路局": "国家铁路局", "中国民用航空局": "中国民用航空局",
    "国家药品监督管理局": "国家药品监督管理局", "国家乡村振兴局": "国家乡村振兴局", "国家粮食和物资储备局": "国家粮食和物资储备局",
    "国家疾病预防控制局": "国家疾病预防控制局", "国家中医药管理局": "国家中医药管理局", "国家航天局": "国家航天局",
    "国资委": "国资委", "国务院国资委": "国务院国资委", "中国人民银行": "中国人民银行", "人民银行": "中国人民银行",
    "中国工商银行": "中国工商银行", "工商银行": "中国工商银行", "中国农业银行": "中国农业银行", "农业银行": "中国农业银行",
    "中国银行": "中国银行", "中国建设银行": "中国建设银行", "建设银行": "中国建设银行", "交通银行": "交通银行",
    "国家开发银行": "国家开发银行", "中国农业发展银行": "中国农业发展银行", "中国进出口银行": "中国进出口银行",
    "中国科学院": "中国科学院", "中科院": "中科院", "中国社会科学院": "中国社会科学院", "中国社科院": "中国社会科学院",
    "中国工程院": "中国工程院", "全国总工会": "全国总工会", "共青团中央": "共青团中央", "全国妇联": "全国妇联",
    "全国工商联": "全国工商联", "中国作家协会": "中国作家协会", "中国作协": "中国作协", "中国文联": "中国文联",
    "中国科协": "中国科协", "新华社": "新华社", "人民日报": "人民日报", "中央电视台": "中央电视台", "央视": "央视",
    "联合国": "联合国", "联合国安理会": "联合国安理会", "安理会": "联合国安理会", "欧洲联盟": "欧盟", "欧盟委员会": "欧盟委员会",
    "北约": "北约", "北约组织": "北约", "北大西洋公约组织": "北约", "非洲联盟": "非洲联盟", "非盟": "非洲联盟",
    "上海合作组织": "上海合作组织", "亚洲开发银行": "亚洲开发银行", "亚投行": "亚洲基础设施投资银行",
    "亚洲基础设施投资银行": "亚洲基础设施投资银行", "世界旅游组织": "世界旅游组织", "世界银行": "世界银行", "世行": "世行", "世界贸易组织": "世界贸易组织", "世贸组织": "世界贸易组织",
    "国际货币基金组织": "国际货币基金组织", "世界卫生组织": "世界卫生组织", "欧盟": "欧盟", "东盟": "东盟",
}

# the State Council's offices and the Central Committee's commissions and offices, with their usual short names
NATIONAL_BODIES.update({
    "国务院新闻办公室": "国务院新闻办公室", "国务院新闻办": "国务院新闻办公室", "国新办": "国务院新闻办公室",
    "国务院研究室": "国务院研究室", "国务院港澳事务办公室": "国务院港澳事务办公室", "国务院港澳办": "国务院港澳事务办公室",
    "国务院台湾事务办公室": "国务院台湾事务办公室", "国务院台办": "国务院台湾事务办公室", "国台办": "国务院台湾事务办公室",
    "国家互联网信息办公室": "国家互联网信息办公室", "国家网信办": "国家互联网信息办公室", "中央网信办": "中央网信办",
    "国家民委": "国家民委", "国家安全部": "国家安全部", "国家机关事务管理局": "国家机关事务管理局",
    "国家国防科工局": "国家国防科工局", "国家消防救援局": "国家消防救援局", "中国气象局": "中国气象局", "中国地震局": "中国地震局",
    "中央政法委": "中央政法委", "中央编办": "中央编办", "中央外办": "中央外办", "中央财办": "中央财办", "中央农办": "中央农办",
    "中央社会工作部": "中央社会工作部", "中央金融办": "中央金融办", "中央政策研究室": "中央政策研究室", "中央党史和文献研究院": "中央党史和文献研究院",
})
NATIONAL_BODIES.update({party + "中央": party + "中央" for party in DEMOCRATIC_PARTIES})
# ministries and commissions of earlier State Councils (merged or renamed in the reforms of 1998-2018), which the
# news of their time names, and central commissions and working committees of the party
NATIONAL_BODIES.update({name: name for name in (
    "文化部", "卫生部", "监察部", "铁道部", "农业部", "林业部", "劳动部", "人事部", "建设部", "邮电部", "国土资源部",
    "环境保护部", "劳动和社会保障部", "信息产业部", "电子工业部", "机械工业部", "化学工业部", "冶金工业部", "煤炭工业部",
    "电力工业部", "地质矿产部", "广播电影电视部", "对外贸易经济合作部", "国内贸易部", "国家计委", "国家经贸委", "国家体改委",
    "国家教委", "国家科委", "国家计生委", "国家卫生计生委", "国防科工委", "国家环保总局", "国家工商总局", "国家质检总局",
    "国家旅游局", "国家广电总局", "中央文明委", "中直机关工委", "中央国家机关工委", "中央综治委", "中央书记处",
)})
NATIONAL_BODIES.update({"外经贸部": "对外贸易经济合作部", "广电部": "广播电影电视部", "国家卫计委": "国家卫生计生委"})

@lru_cache(maxsize=1)
def word_list() -> dict[str, tuple[int, str]]:
    """jieba's public dictionary, word → (frequency, part of speech): how the extractor tells
    place and person names from ordinary words. Read once per process; empty without jieba."""
    try:
        import jieba
    except ImportError:  # the filters it feeds are improvements, not requirements
        return {}
    words = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


@lru_cache(maxsize=1)
def idioms() -> frozenset[str]:
    """Chinese idioms (成语), from jionlp's idiom list: quoted idioms are figures of speech."""
    import io
    import zipfile

    path = _package_file("jionlp", "dictionary", "chinese_idiom.zip")
    with zipfile.ZipFile(path) as zf:
        lines = io.TextIOWrapper(zf.open("chinese_idiom.txt"), encoding="utf-8")
        return frozenset(line.split("\t", 1)[0] for line in lines if line.strip())
