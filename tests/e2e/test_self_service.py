"""Self-service in a real browser: save the request form on step 3, reopen the emailed link in a
new browser context (another device) and finish; then "my requests" with the one-time code read
from the file mail backend. axe-core finds nothing serious on every new page."""

import re

from playwright.sync_api import expect

from tests.e2e.journeys import PDF, REFERENCE, TEXT, VALID_USCC, read_email
from tests.e2e.quality import run_axe

T = TEXT["en"]


def _axe(page, name):
    violations = run_axe(page)
    assert violations == [], f"{name}: {violations}"


def _new_page(browser):
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    context.set_default_timeout(15000)
    return context, context.new_page()


def test_save_on_step_three_finish_elsewhere_then_my_requests(live_site, browser):
    base = live_site["url"]
    contact_email = "self-service@example.com"
    first_context, page = _new_page(browser)
    page.goto(base + "/en/request/start/")
    page.get_by_label(T["name"]).fill("Foshan Demo Appliances Ltd")
    page.get_by_label(T["uscc"]).fill(VALID_USCC)
    page.get_by_role("radio", name=T["scale"], exact=True).check()
    page.get_by_label(T["industry"]).select_option(label=T["industry_option"])
    page.get_by_label(T["city"], exact=True).select_option(label=T["city_option"])
    page.get_by_role("button", name=T["continue"], exact=True).click()
    page.get_by_role("checkbox", name=T["element"]).check()
    page.get_by_label(T["description"]).fill("Safety and energy tests of a new kettle.")
    page.get_by_role("radio", name=T["timeframe"]).check()
    page.get_by_role("radio", name=T["channel"]).check()
    page.get_by_role("button", name=T["continue"], exact=True).click()

    # Step 3: add a file, then save and continue later.
    page.get_by_label(T["upload"]).set_input_files([PDF])
    page.get_by_role("button", name="Save and continue later").click()
    expect(page.get_by_label("Email address")).to_be_visible()
    _axe(page, "save")
    page.get_by_label("Email address").fill(contact_email)
    page.get_by_role("button", name="Save and send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    _axe(page, "sent")
    first_context.close()

    _message, text = read_email(live_site["var"], contact_email, "/request/resume/")
    link = re.search(r"https?://[^/\s]+(/\S*request/resume/\S+/)", text).group(1)

    context, page = _new_page(browser)  # another device
    page.goto(base + link)
    _axe(page, "resume")
    page.get_by_role("button", name="Continue your request").click()
    expect(page.get_by_role("button", name="Remove spec.pdf")).to_be_visible()
    page.get_by_role("button", name=T["continue"], exact=True).click()
    page.get_by_label(T["person"]).fill("Wang Xiaoming")
    page.get_by_label(T["email"]).fill(contact_email)
    page.get_by_role("radio", name="By email", exact=True).check()
    page.get_by_role("checkbox", name=re.compile(re.escape(T["consent"]))).check()
    page.get_by_role("button", name=T["continue"], exact=True).click()
    page.get_by_role("button", name=T["send"]).click()
    reference = page.locator(".reference").inner_text()
    assert REFERENCE.fullmatch(reference)
    # The spent link now offers a new one.
    page.goto(base + link)
    expired = page.get_by_role("heading", name="This link has expired or has been used")
    expect(expired).to_be_visible()
    _axe(page, "expired")

    # My requests, signed in with a one-time code.
    page.goto(base + "/en/request/mine/")
    _axe(page, "mine")
    page.get_by_label("Email address or mobile phone number").fill(contact_email)
    page.get_by_role("button", name="Send me a code").click()
    expect(page.get_by_label("One-time code")).to_be_visible()
    _axe(page, "code")
    _message, text = read_email(live_site["var"], contact_email, "one-time code")
    code = re.search(r"^(\d{6})$", text, re.M).group(1)
    page.get_by_label("One-time code").fill(code)
    page.get_by_role("button", name=T["continue"], exact=True).click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    _axe(page, "list")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_label("Your message")).to_be_visible()
    _axe(page, "detail")
    page.get_by_label("Your message").fill("Can you call us on Monday?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Your message has been sent.")).to_be_visible()
    page.get_by_role("link", name="All my requests").click()
    page.get_by_role("link", name="Ask us to erase your data").click()
    expect(page.get_by_role("heading", name="Erase my data")).to_be_visible()
    _axe(page, "erase")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="My requests")).to_be_visible()
    context.close()
