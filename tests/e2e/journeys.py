"""What the enterprise journeys share: the visible words they act on in each language, the
acknowledgement email read from the file mail backend, and keyboard-only navigation."""

import email
import re
import time
from email import policy

TEXT = {
    "zh": {
        "prefix": "",
        "element": "检验检测",
        "filter_all": "筛选全部服务",
        "city_filter": "城市",
        "city_option": "佛山",
        "channel_filter": "服务方式",
        "channel_option": "到服务站点办理",
        "apply": "应用筛选",
        "service": "家用电器安全检测",
        "request_service": "申请该服务",
        "asking_about": "您申请的服务是",
        "start": "开始填写",
        "continue": "继续",
        "send": "确认并提交",
        "name": "企业名称",
        "uscc": "统一社会信用代码",
        "uscc_error": "最后一位",
        "scale": "小型",
        "industry": "所属行业",
        "industry_option": "制造业",
        "city": "城市",
        "description": "描述您的需求",
        "timeframe": "1 个月内",
        "channel": "均可",
        "upload": "上传文件",
        "person": "联系人姓名",
        "phone": "手机号码",
        "email": "电子邮箱",
        "method": "电话联系",
        "consent": "我已阅读隐私声明",
        "problem": "请更正以下问题",
        "done": "需求已提交",
        "track": "查看办理进度",
        "progress": "办理进度",
    },
    "en": {
        "prefix": "/en",
        "element": "Inspection & testing",
        "filter_all": "Filter all services",
        "city_filter": "City",
        "city_option": "Foshan",
        "channel_filter": "Channel",
        "channel_option": "At a service station",
        "apply": "Apply filters",
        "service": "Safety testing of household appliances",
        "request_service": "Request this service",
        "asking_about": "You are asking about",
        "start": "Start now",
        "continue": "Continue",
        "send": "Accept and send",
        "name": "Enterprise name",
        "uscc": "Unified social credit code",
        "uscc_error": "last character",
        "scale": "Small",
        "industry": "Industry",
        "industry_option": "Manufacturing",
        "city": "City",
        "description": "Describe what you need",
        "timeframe": "Within a month",
        "channel": "No preference",
        "upload": "Upload files",
        "person": "Full name",
        "phone": "Mobile phone number",
        "email": "Email address",
        "method": "By phone",
        "consent": "I have read the privacy notice",
        "problem": "There is a problem",
        "done": "Request sent",
        "track": "Track your request",
        "progress": "Progress",
    },
}
VALID_USCC = "91440101MA5C00001N"
# Same code with a wrong check character: the form says which character is wrong.
INVALID_USCC = "91440101MA5C00001A"
PDF = {"name": "spec.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
REFERENCE = re.compile(r"QI-\d{8}-\d{4}")


def log_in(page, base, username, password="changeme"):
    """Log in to the Wagtail admin as one of the demo users."""
    page.goto(base + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()


def read_email(var_dir, recipient, contains, timeout=90):
    """The first email to ``recipient`` whose text contains ``contains``, as written by the file
    mail backend once the task worker has run the notification task: ``(message, text)``."""
    deadline = time.monotonic() + timeout
    while True:
        for path in sorted((var_dir / "mail").glob("*.log")):
            # The file backend separates the messages of one connection with a line of dashes.
            for raw in re.split(rb"\n-{79}\n", path.read_bytes()):
                if not raw.strip():
                    continue
                message = email.message_from_bytes(raw, policy=policy.default)
                body = message.get_body(preferencelist=("plain",))
                text = body.get_content() if body else ""
                if recipient in str(message["To"]) and contains in text:
                    return message, text
        if time.monotonic() > deadline:
            raise AssertionError(f"no email to {recipient} with {contains!r} in {var_dir / 'mail'}")
        time.sleep(0.5)


def read_acknowledgement(var_dir, recipient, reference, timeout=90):
    """The acknowledgement email for ``reference`` sent to ``recipient`` (the first email the
    enterprise gets about it)."""
    return read_email(var_dir, recipient, reference, timeout)


def tracking_path(text):
    """The path and query of the private tracking link in an acknowledgement email."""
    match = re.search(r"https?://[^/\s]+(/\S*/request/track/\S+|/request/track/\S+)", text)
    assert match, text
    return match.group(1)


FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const label = (el.labels && el.labels[0] ? el.labels[0].innerText : '')
        || el.getAttribute('aria-label') || el.innerText || el.value || '';
    return {
        tag: el.tagName.toLowerCase(),
        type: el.getAttribute('type') || '',
        name: el.getAttribute('name') || '',
        id: el.id,
        href: el.getAttribute('href') || '',
        text: label.replace(/\\s+/g, ' ').trim(),
        visible: Boolean(outline || shadow),
    };
}"""


class Keyboard:
    """Move through a page with Tab / Shift-Tab only, checking that every control that takes
    focus shows it."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    def focused(self):
        return self.page.evaluate(FOCUS_STATE)

    def tab_to(self, matches, limit=120, backwards=False):
        """Press Tab (or Shift-Tab) until ``matches(state)`` holds for the focused control."""
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            state = self.focused()
            if state is None:
                continue
            self.stops += 1
            assert state["visible"], f"focus is not visible on {state}"
            if matches(state):
                return state
        raise AssertionError(f"no focusable control matched within {limit} Tab presses")

    def tab_to_text(self, text, **kwargs):
        return self.tab_to(lambda s: s["text"] == text, **kwargs)

    def tab_to_name(self, name, **kwargs):
        return self.tab_to(lambda s: s["name"] == name, **kwargs)

    def follow(self, text, **kwargs):
        """Tab to a link or button by its text and press Enter; wait for the next page."""
        self.tab_to_text(text, **kwargs)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def type_into(self, name, value):
        self.tab_to_name(name)
        self.page.keyboard.type(value)

    def choose(self, name, label):
        """Choose an option of a <select> with the arrow keys."""
        self.tab_to_name(name)
        for _ in range(60):
            selected = self.page.evaluate(
                "() => document.activeElement.selectedOptions[0].text.trim()"
            )
            if selected == label:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option {label!r} in {name}")

    def radio(self, name, label):
        """Tab into a radio group, then arrow to the option (arrows select as they move)."""
        self.tab_to_name(name)
        self.page.keyboard.press("Space")
        for _ in range(20):
            if self.focused()["text"] == label:
                return
            self.page.keyboard.press("ArrowDown")
            state = self.focused()
            assert state["visible"], f"focus is not visible on {state}"
        raise AssertionError(f"no radio {label!r} in {name}")

    def tick(self, text):
        """Tab to a checkbox by its label and tick it with Space."""
        self.tab_to(lambda s: s["type"] == "checkbox" and s["text"].startswith(text))
        if not self.page.evaluate("document.activeElement.checked"):
            self.page.keyboard.press("Space")
        assert self.page.evaluate("document.activeElement.checked")
