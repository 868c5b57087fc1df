"""A search from the header in Chinese finds services and policies by words that sit inside
longer runs of Chinese text (no spaces between words)."""

from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot


def _header_search(page, query):
    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill(query)
    with page.expect_navigation():
        box.press("Enter")


def _results(page):
    """(type, title) of every result on the page."""
    return [
        (item.locator(".result-type").inner_text(), item.locator("h2").inner_text())
        for item in page.locator(".search-results > li").all()
    ]


def test_header_search_finds_words_inside_longer_runs(live_site, page):
    page.goto(live_site["url"] + "/services/element/certification/")
    # 产品认证 is the middle of 强制性产品认证（CCC） and of 强制性产品认证管理规定.
    _header_search(page, "产品认证")
    expect(page.locator("h1")).to_have_text("搜索")
    results = _results(page)
    assert ("服务项目", "强制性产品认证（CCC）") in results
    assert any(
        kind == "政策文件" and title.startswith("强制性产品认证管理规定") for kind, title in results
    )
    assert page.locator(".search-results mark").count() >= 2  # the matched words are marked
    save_screenshot(page, "search-zh-hans-1280")

    # Narrowed to policies through the type filter.
    # The results are read at once, so wait for the new page to load (a click returns once the
    # next document is committed, possibly before its list is parsed).
    with page.expect_navigation():
        page.get_by_role("navigation", name="按类型筛选结果").get_by_role(
            "link", name="政策文件"
        ).click()
    kinds = {kind for kind, _ in _results(page)}
    assert kinds == {"政策文件"}

    # 电池安全 sits inside 锂离子电池安全检测.
    _header_search(page, "电池安全")
    assert ("服务项目", "锂离子电池安全检测") in _results(page)
