"""An enterprise's whole journey in a real browser, in zh-hans and English: from the home page
through an element and the filtered directory to a service, the request form (a PDF upload and a
validation error it fixes), the confirmation and the tracking link of the acknowledgement email.

Once with the mouse, acting only on what is on screen (axe-core on every step, the Nu HTML
Checker on every page of the form), once with the keyboard only: Tab / Shift-Tab / Enter / Space
and arrow keys, with visible focus asserted on every control reached."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot
from tests.e2e.journeys import (
    INVALID_USCC,
    PDF,
    REFERENCE,
    TEXT,
    VALID_USCC,
    Keyboard,
    read_acknowledgement,
    tracking_path,
)
from tests.e2e.quality import run_axe, validate_html


def _check(page, name, html_pages):
    page.wait_for_load_state("load")  # a navigating click returns before the page has loaded
    html_pages.append((name, page.content()))  # before axe adds its script
    violations = run_axe(page)
    save_screenshot(page, f"request-{name}")
    assert violations == [], f"{name}: {violations}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_enterprise_finds_a_service_and_sends_a_request(live_site, browser, tmp_path, lang):
    t = TEXT[lang]
    base = live_site["url"]
    contact_email = f"mouse-{lang}@example.com"
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    context.set_default_timeout(15000)
    page = context.new_page()
    pages = []

    page.goto(base + t["prefix"] + "/")
    page.locator("main").get_by_role("link", name=t["element"], exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["element"])
    page.get_by_role("link", name=t["filter_all"]).click()
    page.locator(".filter-toggle").click()  # on a phone the filters open from "筛选 (n)"
    page.locator("summary", has_text=t["city_filter"]).click()
    page.get_by_label(t["city_option"], exact=True).check()
    page.locator("summary", has_text=t["channel_filter"]).click()
    page.get_by_label(t["channel_option"], exact=True).check()
    page.get_by_role("button", name=t["apply"]).click()
    page.wait_for_url(re.compile(r"element=testing.*city=foshan.*channel=station"))
    page.get_by_role("link", name=t["service"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["service"])
    page.get_by_role("link", name=t["request_service"]).click()

    _check(page, f"{lang}-start", pages)
    expect(page.get_by_text(t["asking_about"])).to_be_visible()
    page.get_by_role("button", name=t["start"]).click()

    # Step 1 with a mistyped credit code: the summary names the problem and links to the field.
    page.get_by_label(t["name"]).fill("佛山顺德示范电器有限公司")
    page.get_by_label(t["uscc"]).fill(INVALID_USCC)
    page.get_by_role("radio", name=t["scale"], exact=True).check()
    page.get_by_label(t["industry"]).select_option(label=t["industry_option"])
    page.get_by_label(t["city"], exact=True).select_option(label=t["city_option"])
    page.get_by_role("button", name=t["continue"], exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(t["problem"])
    expect(summary).to_contain_text(t["uscc_error"])
    # Focused by the deferred script, which may run after the summary is shown: wait for it.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    _check(page, f"{lang}-enterprise-errors", pages)
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_enterprise-uscc")).to_be_focused()
    page.get_by_label(t["uscc"]).fill(VALID_USCC)
    page.get_by_role("button", name=t["continue"], exact=True).click()

    _check(page, f"{lang}-needs", pages)
    assert page.get_by_role("checkbox", name=t["element"]).is_checked()  # from the service
    page.get_by_label(t["description"]).fill("新款电热水壶上市前需要做安全和能效检测。")
    page.get_by_role("radio", name=t["timeframe"]).check()
    page.get_by_role("radio", name=t["channel"]).check()
    page.get_by_role("button", name=t["continue"], exact=True).click()

    _check(page, f"{lang}-files", pages)
    page.get_by_label(t["upload"]).set_input_files([PDF])
    page.get_by_role("button", name=t["continue"], exact=True).click()

    _check(page, f"{lang}-contact", pages)
    page.get_by_label(t["person"]).fill("王小明")
    page.get_by_label(t["phone"]).fill("13800138000")
    page.get_by_label(t["email"]).fill(contact_email)
    page.get_by_role("radio", name=t["method"], exact=True).check()
    page.get_by_role("checkbox", name=re.compile(re.escape(t["consent"]))).check()
    page.get_by_role("button", name=t["continue"], exact=True).click()

    _check(page, f"{lang}-check", pages)
    expect(page.get_by_text("spec.pdf")).to_be_visible()
    expect(page.get_by_text(VALID_USCC)).to_be_visible()
    page.get_by_role("button", name=t["send"]).click()

    _check(page, f"{lang}-submitted", pages)
    expect(page.get_by_role("heading", name=t["done"])).to_be_visible()
    reference = page.locator(".reference").inner_text()
    assert REFERENCE.fullmatch(reference)
    page.reload()  # a refresh shows the same confirmation
    expect(page.locator(".reference")).to_have_text(reference)
    page.get_by_role("link", name=t["track"]).click()
    _check(page, f"{lang}-track", pages)
    expect(page.get_by_role("heading", name=re.compile(reference))).to_be_visible()

    # The acknowledgement email (sent by the task worker) links to the same tracking page.
    message, text = read_acknowledgement(live_site["var"], contact_email, reference)
    assert reference in message["Subject"]
    assert "spec.pdf" not in text and t["element"] in text
    path = tracking_path(text)
    assert path.startswith(t["prefix"] + "/request/track/" + reference)
    page.goto(base + path)
    expect(page.get_by_role("heading", name=re.compile(reference))).to_be_visible()
    expect(page.get_by_role("heading", name=t["progress"])).to_be_visible()
    context.close()

    files = []
    for name, html in pages:
        file = tmp_path / f"{name}.html"
        file.write_text(html, encoding="utf-8")
        files.append(str(file))
    assert validate_html(files) == {}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_same_journey_with_the_keyboard_only(live_site, browser, lang):
    t = TEXT[lang]
    contact_email = f"keyboard-{lang}@example.com"
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    keys = Keyboard(page)

    page.goto(live_site["url"] + t["prefix"] + "/")
    assert keys.tab_to(lambda s: True)["href"] == "#main-content"  # the skip link comes first
    keys.follow(t["element"])
    keys.follow(t["filter_all"])
    # The city and channel groups are closed: open them with Enter on their summary.
    keys.tab_to(lambda s: s["tag"] == "summary" and s["text"].startswith(t["city_filter"]))
    page.keyboard.press("Enter")
    keys.tick(t["city_option"])
    keys.tab_to(lambda s: s["tag"] == "summary" and s["text"].startswith(t["channel_filter"]))
    page.keyboard.press("Enter")
    keys.tick(t["channel_option"])
    keys.follow(t["apply"])
    expect(page).to_have_url(re.compile(r"element=testing.*city=foshan.*channel=station"))
    keys.follow(t["service"])
    keys.follow(t["request_service"])
    keys.follow(t["start"])

    keys.type_into("enterprise-enterprise_name", "东莞键盘示范科技有限公司")
    keys.type_into("enterprise-uscc", INVALID_USCC)
    keys.radio("enterprise-scale", t["scale"])
    keys.choose("enterprise-industry", t["industry_option"])
    keys.choose("enterprise-city", t["city_option"])
    keys.follow(t["continue"])
    # The error summary takes focus; its link moves focus to the field.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    keys.tab_to(lambda s: s["href"] == "#id_enterprise-uscc")
    page.keyboard.press("Enter")
    assert keys.focused()["id"] == "id_enterprise-uscc"
    page.keyboard.press("Control+A")
    page.keyboard.type(VALID_USCC)
    keys.follow(t["continue"])

    keys.type_into("needs-description", "需要对新款电热水壶做安全检测，请推荐机构。")
    keys.radio("needs-timeframe", t["timeframe"])
    keys.radio("needs-preferred_channel", t["channel"])
    # Shift-Tab back to the description and check it kept the text.
    keys.tab_to_name("needs-description", backwards=True)
    assert "电热水壶" in page.evaluate("document.activeElement.value")
    keys.follow(t["continue"])

    keys.tab_to(lambda s: s["type"] == "file")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files([PDF])
    keys.follow(t["continue"])

    keys.type_into("contact-contact_name", "李键盘")
    keys.type_into("contact-contact_phone", "13900139000")
    keys.type_into("contact-contact_email", contact_email)
    keys.radio("contact-preferred_contact", t["method"])
    keys.tick(t["consent"])
    keys.follow(t["continue"])

    expect(page.get_by_text("spec.pdf")).to_be_visible()
    keys.follow(t["send"])
    reference = page.locator(".reference").inner_text()
    assert REFERENCE.fullmatch(reference)
    keys.follow(t["track"])
    expect(page.get_by_role("heading", name=re.compile(reference))).to_be_visible()
    assert keys.stops > 40
    save_screenshot(page, f"keyboard-track-{lang}-1280")
    read_acknowledgement(live_site["var"], contact_email, reference)
    context.close()
