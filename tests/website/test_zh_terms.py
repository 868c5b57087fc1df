"""One Chinese term per domain word across the zh-hans catalogue.

The domain words are those of DESIGN.md §2 ("Domain words") and of the native reader's review of
the catalogue (notes/zh-hans-review.md): the design folder is not part of the repository, so the
§2 table is written out here as data. Every msgid that contains a domain word (case-insensitive,
on word boundaries) must translate, in the compiled catalogue Django actually loads, with that
word's single Chinese term; the competing translations the review found must appear nowhere.

Phrases are matched before single words, and a matched phrase is taken out of the msgid before
the shorter rules look at it, so "provider engagement" answers to 服务协同 and not to 服务机构.
"""

import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

BASE_DIR = Path(__file__).resolve().parents[2]
CATALOGUE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# (English pattern, the Chinese term the msgstr must contain), most specific first.
# DESIGN.md §2, then the review's terms for what the staff side does with a request.
DOMAIN_WORDS = [
    # Phrases that are not the domain word they contain.
    (r"oembed provider", "提供方"),  # a video host, not a 服务机构
    (r"standard pages?", "页面"),  # Wagtail's generic page type, not a 标准
    (r"privacy policy", "隐私政策"),
    (r"postal services", "邮政"),  # GB/T 4754 industry names are quoted as published
    # The standard's names for the staff side (§2) and the review's terms.
    (r"provider engagements?", "服务协同"),
    (r"provider staff(?: members?)?", "机构人员"),  # #16: the people of a 服务机构
    (r"collaboration", "服务协同"),
    (r"service plans?|plans?", "策划"),  # a request's plan: 服务策划, never 服务方案
    (r"one-stop solutions?", "一站式服务方案"),
    (r"solutions?", "服务方案"),
    (r"record management", "档案管理"),
    (r"continuous improvement", "持续改进"),
    (r"improvement actions?", "改进措施"),
    (r"satisfaction surveys?|surveys?", "满意度评价"),
    (r"bad-rating callbacks?", "差评回访"),
    (r"callbacks?", "回访"),
    (r"routing rules?", "分流规则"),
    (r"acknowledgements?|confirmation email", "提交回执"),
    (r"optional", "选填"),
    (r"canned repl(?:y|ies)", "常用回复"),
    (r"lead inbox", "牵头受理组"),
    (r"inbox(?:es)?", "受理组"),
    # §2: the catalogue's own words.
    (r"unified social credit code|uscc", "统一社会信用代码"),
    (r"providers?", "服务机构"),
    (r"stations?", "服务站点"),
    (r"polic(?:y|ies)", "政策"),
    (r"elements?", "要素"),
    (r"services?", "服务"),
    (r"enterprises?", "企业"),
    # §2: the seven elements.
    (r"metrology", "计量"),
    (r"standards?", "标准"),
    (r"certification", "认证"),
    (r"inspection and testing", "检验检测"),
    (r"quality management", "质量管理"),
    (r"intellectual property", "知识产权"),
    (r"brand", "品牌"),
    # §2: Guangdong's 21 prefecture-level cities.
    *[
        (city.lower(), chinese)
        for city, chinese in {
            "Guangdong": "广东",
            "Guangzhou": "广州",
            "Shenzhen": "深圳",
            "Zhuhai": "珠海",
            "Shantou": "汕头",
            "Foshan": "佛山",
            "Shaoguan": "韶关",
            "Heyuan": "河源",
            "Meizhou": "梅州",
            "Huizhou": "惠州",
            "Shanwei": "汕尾",
            "Dongguan": "东莞",
            "Zhongshan": "中山",
            "Jiangmen": "江门",
            "Yangjiang": "阳江",
            "Zhanjiang": "湛江",
            "Maoming": "茂名",
            "Zhaoqing": "肇庆",
            "Qingyuan": "清远",
            "Chaozhou": "潮州",
            "Jieyang": "揭阳",
            "Yunfu": "云浮",
        }.items()
    ],
]

# Translations the review found competing with the single term; none may appear anywhere.
COMPETING = {
    "机构协同": "服务协同",
    "技术机构": "服务机构",
    "满意度调查": "满意度评价",
    "受理回执": "提交回执",
    "分派规则": "分流规则",
    "服务方案已": "服务策划已 (a request's plan is not a solution)",
    "保存服务方案": "保存服务策划",
    "回答数": "填报内容 / 评价数 / 选择次数",
    "可选。": "选填。",
    "邀请受理组": "增加受理组",
    "咨询该要素": "提出该要素服务需求",
}
# A callback is completed (完成), never closed (关闭).
CALLBACK_CLOSED = re.compile(r"\bcallbacks?\b.*\bclos(?:e|ed|ing)\b|\bclos(?:e|ed)\b.*\bcallback")


def _compiled_entries():
    """(msgctxt, msgid, msgstr) of every project msgid, msgstr as the running site translates it."""
    po = polib.pofile(str(CATALOGUE))
    entries = []
    with translation.override("zh-hans"):
        for entry in po:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                text = (
                    translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                    if entry.msgctxt
                    else translation.ngettext(entry.msgid, entry.msgid_plural, 1)
                )
            elif entry.msgctxt:
                text = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                text = translation.gettext(entry.msgid)
            entries.append((entry.msgctxt, entry.msgid, text))
    return entries


@pytest.fixture(scope="module")
def entries():
    return _compiled_entries()


# Placeholders and file paths are not words of the text.
NOT_WORDS = re.compile(r"%\(\w+\)\w|\{\w+\}|\S*/\S*")
RULES = [(re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), term) for pattern, term in DOMAIN_WORDS]


def test_the_catalogue_is_compiled_and_loaded(entries):
    assert len(entries) > 1000
    with translation.override("zh-hans"):
        assert translation.gettext("Service directory") == "服务目录"


def test_every_domain_word_translates_with_its_one_term(entries):
    wrong = []
    for context, msgid, msgstr in entries:
        english = NOT_WORDS.sub(" ", msgid)
        for pattern, term in RULES:
            match = pattern.search(english)
            if match:
                # A code such as "metrology" may be quoted as it is.
                if term not in msgstr and match.group(0) not in msgstr:
                    wrong.append(f"{msgid!r} [{context or ''}] → {msgstr!r}: needs {term}")
                english = pattern.sub(" ", english)
    assert not wrong, "\n".join(wrong)


def test_no_competing_term_anywhere(entries):
    found = [
        f"{msgid!r} → {msgstr!r}: {bad} (use {good})"
        for _context, msgid, msgstr in entries
        for bad, good in COMPETING.items()
        if bad in msgstr
    ]
    assert not found, "\n".join(found)


def test_a_callback_is_completed_not_closed(entries):
    wrong = [
        f"{msgid!r} → {msgstr!r}"
        for _context, msgid, msgstr in entries
        if CALLBACK_CLOSED.search(msgid) and ("关闭" in msgstr or "完成" not in msgstr)
    ]
    assert not wrong, "\n".join(wrong)


# One English msgid, several meanings: each context has its own Chinese (review, first section).
CONTEXTS = {
    "Answers": {
        "request view heading": "填报内容",
        "score count": "评价数",
        "outcome count": "选择次数",
    },
    "Open": {"improvement action status": "未开始", "callback status": "未完成"},
    "Closed": {"request state": "已归档", "callback status": "已完成"},
    "Declined": {
        "request state": "不予受理",
        "report figure": "不予受理数",
        "engagement": "已谢绝",
    },
    "closed at": {"request": "归档时间", "callback": "完成时间"},
    "Summary": {"request view": "基本情况", "report table": "总体情况", None: "摘要"},
    "Inboxes involved": {"request event": "增加受理组", None: "参与的受理组"},
    "Assigned": {"request event": "分派经办人"},
    "Resolved": {"request state": "已办结", "report figure": "办结数"},
    "Accepted": {"request state": "已受理", "report figure": "受理数", "engagement": "已接受"},
    "Queued": {"delivery status": "待发送", "job run status": "排队中"},
    "Failed": {"delivery status": "发送失败", "job run status": "运行失败"},
}


@pytest.mark.parametrize("msgid", sorted(CONTEXTS))
def test_words_with_several_meanings_have_one_translation_per_context(entries, msgid):
    by_context = {context: msgstr for context, english, msgstr in entries if english == msgid}
    assert by_context == CONTEXTS[msgid]
    assert len(set(by_context.values())) == len(by_context)


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("Plan", "策划内容"),
        ("Service plan saved.", "服务策划已保存。"),
        ("Service plan updated", "服务策划已更新"),
        ("Nobody", "未分派"),
        ("Scores", "评价数"),
        ("Text", "内容"),
        ("Certificate obtained", "取得证书"),
        ("Ask for help with this element", "提出该要素服务需求"),
        ("You are asking about:", "您申请的服务是："),
        ("How could we improve the service?", "您对改进服务有什么建议？"),
        ("You must agree to the privacy notice before you continue.", "请先阅读并同意隐私声明。"),
        (
            "New request %(reference)s from %(enterprise)s",
            "%(enterprise)s提交了新需求 %(reference)s",
        ),
        ("Show", "查看"),
        ("Change the ticked requests", "批量修改已勾选的需求"),
        ("Requests received", "收到需求数"),
        ("Satisfaction surveys sent", "满意度评价发送数"),
        ("%(year)s-%(month)02d", "%(year)s年%(month)d月"),
        (
            "Tell the platform once what quality services your enterprise needs.",
            "只需填写一次，告诉平台贵企业需要哪些质量服务。",
        ),
        (
            "By sending this request you confirm that, to the best of your knowledge, the details "
            "you are providing are correct.",
            "提交即表示您确认所填信息真实、准确。",
        ),
    ],
)
def test_the_reviews_wording(entries, msgid, msgstr):
    assert {text for context, english, text in entries if english == msgid and not context} == {
        msgstr
    }


def test_month_names_read_naturally():
    with translation.override("zh-hans"):
        assert translation.gettext("%(year)s-%(month)02d") % {"year": 2026, "month": 3} == (
            "2026年3月"
        )
