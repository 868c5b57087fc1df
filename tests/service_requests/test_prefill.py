"""Prefill from services, providers and solutions of the directory; bad ids are ignored."""

import re

import pytest

from service_requests.models import ServiceRequest
from tests.service_requests.conftest import CONTACT, ENTERPRISE, NEEDS, submit

pytestmark = pytest.mark.django_db


def _needs_page(client, prefix, query):
    start = client.get(f"{prefix}/request/?{query}")
    assert start.status_code == 200
    response = client.get(f"{prefix}/request/start/?{query}")
    assert response.status_code == 302
    submit(client, f"{prefix}/request/enterprise/", ENTERPRISE)
    return start.content.decode(), client.get(f"{prefix}/request/needs/").content.decode()


def _checked(html, name):
    return re.findall(rf'name="needs-{name}" value="([^"]+)"[^>]*checked', html)


def _selected_provider(html):
    select = re.search(r'<select name="needs-preferred_provider".*?</select>', html, re.S).group(0)
    match = re.search(r'<option value="([^"]*)" selected>', select)
    return match.group(1) if match else ""


def _finish(client, prefix, needs_values):
    submit(client, f"{prefix}/request/needs/", needs_values)
    submit(client, f"{prefix}/request/files/", {})
    submit(client, f"{prefix}/request/contact/", CONTACT)
    check = client.get(f"{prefix}/request/check/").content.decode()
    assert submit(client, f"{prefix}/request/check/").status_code == 303
    return check, ServiceRequest.objects.get()


def test_from_a_service(client, directory):
    service = directory["services"][0]
    provider = service.get_provider()
    start, needs = _needs_page(client, "", f"service={service.pk}&provider={provider.pk}")
    assert service.title in start
    assert f'href="/request/start/?service={service.pk}&amp;provider={provider.pk}"' in start
    assert _checked(needs, "services") == [str(service.translation_key)]
    assert set(_checked(needs, "elements")) == {e.code for e in service.elements.all()}
    assert _selected_provider(needs) == str(provider.translation_key)
    check, service_request = _finish(
        client,
        "",
        {
            **NEEDS,
            "needs-elements": _checked(needs, "elements"),
            "needs-services": [str(service.translation_key)],
            "needs-preferred_provider": str(provider.translation_key),
        },
    )
    assert service.title in check and provider.title in check
    assert list(service_request.services.all()) == [service]
    assert service_request.preferred_provider == provider
    assert service_request.solution is None


def test_from_a_provider(client, directory):
    provider = directory["providers"][1]
    _start, needs = _needs_page(client, "", f"provider={provider.pk}")
    assert 'name="needs-services"' not in needs  # no services to offer
    assert _selected_provider(needs) == str(provider.translation_key)


def test_from_a_solution(client, directory):
    solution = directory["solutions"][0]
    step_services = [step.service for step in solution.steps.all()]
    start, needs = _needs_page(client, "", f"solution={solution.pk}")
    assert solution.title in start
    assert _checked(needs, "services") == [str(s.translation_key) for s in step_services]
    _check, service_request = _finish(
        client, "", {**NEEDS, "needs-services": _checked(needs, "services")}
    )
    assert service_request.solution == solution
    assert set(service_request.services.all()) == set(step_services)


@pytest.mark.parametrize(
    "query",
    [
        "service=abc&provider=&solution=-1",
        "service=999999&provider=999999999999999999",
        "service={provider}",  # a provider's id given as a service
        "service={unpublished}",
        "service={english}",  # a page of the other language
        "solution={service}",
        "element=nope&element=x",
    ],
)
def test_bad_or_stale_ids_are_ignored(client, directory, locales, query):
    from directory.factories import build_directory

    unpublished = directory["services"][1]
    unpublished.unpublish()
    english = build_directory(
        services=1, per_provider=1, stations=0, solutions=0, locale=locales["en"]
    )
    query = query.format(
        provider=directory["providers"][0].pk,
        unpublished=unpublished.pk,
        english=english["services"][0].pk,
        service=directory["services"][0].pk,
    )
    start, needs = _needs_page(client, "", query)
    assert "您申请的服务是" not in start
    assert 'name="needs-services"' not in needs
    assert _checked(needs, "elements") == []
    assert _selected_provider(needs) == ""


def test_the_service_page_button_leads_to_the_prefilled_form(client, directory):
    service = directory["services"][2]
    page = client.get(service.url).content.decode()
    link = re.search(r'href="(/request/\?service=\d+[^"]*)"', page)
    assert link, "the service page links to the request form"
    start = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    start_link = re.search(r'href="(/request/start/\?[^"]+)"', start).group(1).replace("&amp;", "&")
    client.get(start_link)
    submit(client, "/request/enterprise/", ENTERPRISE)
    needs = client.get("/request/needs/").content.decode()
    assert _checked(needs, "services") == [str(service.translation_key)]


def test_prefill_survives_a_switch_of_language(client, directory, locales):
    service = directory["services"][0]
    translation = service.copy_for_translation(locales["en"], copy_parents=True)
    translation.title = "Test service in English"
    translation.save_revision().publish()
    _start, needs = _needs_page(client, "", f"service={service.pk}")
    client.get("/en/request/start/")
    english = client.get("/en/request/needs/").content.decode()
    assert "Test service in English" in english
    assert _checked(english, "services") == [str(service.translation_key)]
