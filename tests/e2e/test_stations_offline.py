"""A demo station's poster (two QR codes, A4 print layout) and its 扫码评价 rating page, in both
languages: reachable from the station page, axe without serious violations, the rating sent by
keyboard without JavaScript."""

import pytest

from tests.e2e.quality import run_axe


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_poster_and_rating_pages(live_site, page, prefix):
    page.goto(live_site["url"] + prefix + "/stations/")
    page.locator(".results > li a").first.click()
    station_url = page.url
    page.locator("a[href$='/poster/']").click()
    assert page.locator("svg[role='img']").count() == 2
    assert run_axe(page) == []
    page.emulate_media(media="print")
    assert page.locator(".site-header").first.is_hidden()
    page.emulate_media(media="screen")

    page.goto(station_url + "rate/")
    assert run_axe(page) == []
    page.locator("input[name='score'][value='5']").focus()
    page.keyboard.press("Space")
    page.locator("textarea[name='comment']").fill("很方便" if not prefix else "Quick and clear")
    page.locator(".form-page form button[type='submit']").click()
    assert page.url.endswith("/rate/thanks/")
    assert run_axe(page) == []
