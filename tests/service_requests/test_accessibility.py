"""The structure a form-filling robot and a screen reader rely on, checked on every step in
both languages: a visible label for every input, fieldsets with legends for groups, hints tied
to their inputs, autocomplete tokens, one h1, and an error summary linking to real ids."""

import re
from html.parser import HTMLParser

import pytest

from tests.service_requests.conftest import CONTACT, ENTERPRISE, NEEDS, submit

pytestmark = pytest.mark.django_db


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.controls = []  # (attrs, inside hidden container, inside fieldset with legend?)
        self.labels = {}
        self.ids = set()
        self.h1 = 0
        self.fieldsets = []  # [has legend]
        self._label_for = None
        self._label_text = ""
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        hidden_container = any("hidden" in a for _, a in self.stack)
        if tag not in ("input", "br", "meta", "link", "img"):
            self.stack.append((tag, attrs))
        if tag == "h1":
            self.h1 += 1
        if tag == "form" and attrs.get("method") == "post":
            self.in_form = True
        if tag == "fieldset":
            self.fieldsets.append(False)
        if tag == "legend" and self.fieldsets:
            self.fieldsets[-1] = True
        if tag == "label":
            self._label_for, self._label_text = attrs.get("for"), ""
        if self.in_form and tag in ("input", "select", "textarea"):
            in_fieldset = bool(self.fieldsets) and self.fieldsets[-1]
            self.controls.append((attrs, hidden_container, in_fieldset))

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = self._label_text.strip()
            self._label_for = None
        if tag == "fieldset" and self.fieldsets:
            self.fieldsets.pop()
        if tag == "form":
            self.in_form = False
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self._label_for is not None:
            self._label_text += data


def check_page(html):
    page = Structure()
    page.feed(html)
    assert page.h1 == 1
    for attrs, hidden, in_fieldset in page.controls:
        kind = attrs.get("type", "text")
        if kind in ("hidden", "submit") or hidden:
            continue
        assert attrs.get("id") in page.labels and page.labels[attrs["id"]], attrs
        if kind in ("radio", "checkbox") and attrs.get("name", "").endswith(
            ("scale", "elements", "timeframe", "preferred_channel", "preferred_contact", "score")
        ):
            assert in_fieldset, f"{attrs['name']} is grouped in a fieldset with a legend"
        for described in (attrs.get("aria-describedby") or "").split():
            assert described in page.ids, (attrs, described)
    return page


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_step_is_labelled_and_grouped(client, request_page, prefix):
    client.get(f"{prefix}/request/start/")
    for step, values in (
        ("enterprise", ENTERPRISE),
        ("needs", NEEDS),
        ("files", {}),
        ("contact", CONTACT),
        ("check", None),
    ):
        html = client.get(f"{prefix}/request/{step}/").content.decode()
        check_page(html)
        assert "novalidate" in html and 'enctype="multipart/form-data"' in html
        # An empty submission shows the error summary, every link pointing at a real control.
        if step in ("enterprise", "needs", "contact"):
            errors = submit(client, f"{prefix}/request/{step}/", {})
            page = check_page(errors.content.decode())
            body = errors.content.decode()
            assert 'class="error-summary"' in body and "data-error-summary" in body
            for target in re.findall(r'<a href="#([^"]+)">', body.split("error-summary", 1)[1]):
                assert target in page.ids
        if values is not None:
            submit(client, f"{prefix}/request/{step}/", values)


def test_autocomplete_tokens(client, request_page):
    client.get("/request/start/")
    html = client.get("/request/enterprise/").content.decode()
    assert 'autocomplete="organization"' in html and 'autocomplete="street-address"' in html
    assert 'autocomplete="address-level2"' in html
    submit(client, "/request/enterprise/", ENTERPRISE)
    submit(client, "/request/needs/", NEEDS)
    submit(client, "/request/files/", {})
    html = client.get("/request/contact/").content.decode()
    for token in ('autocomplete="name"', 'autocomplete="tel"', 'autocomplete="email"'):
        assert token in html
    assert 'type="tel"' in html and 'type="email"' in html


@pytest.mark.parametrize("path", ["/request/", "/en/request/", "/request/track/"])
def test_other_request_pages(client, request_page, path):
    check_page(client.get(path).content.decode())
