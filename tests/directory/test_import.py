"""HSDS import: valid files, idempotency, all-or-nothing rejection, translations, dry runs."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from directory.hsds.importer import import_directory
from directory.models import ProviderPage, ServicePage, SolutionPage, StationPage
from website.importing import ImportRejected

pytestmark = pytest.mark.django_db


def _write(tmp_path, data, name="directory.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_creates_pages_in_both_languages(home, sample, locales):
    report = import_directory(sample)
    assert report.counts[("provider", "created")] == 2
    assert report.counts[("service", "created")] == 3
    assert report.counts[("station", "created")] == 1
    assert report.counts[("solution", "created")] == 1
    provider = ProviderPage.objects.get(external_id="org-a", locale=locales["zh-hans"])
    assert provider.live and provider.title == "甲计量检测院"
    assert provider.uscc == "914401000000000017"
    assert provider.phone == "020-1234-5678" and provider.contact_name == "受理窗口"
    assert provider.service_regions == ["guangzhou", "foshan"]
    assert sorted(e.code for e in provider.elements.all()) == ["metrology", "testing"]
    credentials = list(provider.credentials.order_by("sort_order"))
    assert [c.display_number for c in credentials] == ["CNAS L1234", "CMA 201919000001"]
    address = provider.addresses.get()
    assert (address.city, address.street, address.label) == (
        "guangzhou",
        "天河区示范路 1 号",
        "本部",
    )
    english = provider.get_translation(locales["en"])
    assert english.title == "Institute A" and english.live
    assert [c.scope for c in english.credentials.order_by("sort_order")] == [
        "Calibration",
        "Testing",
    ]
    assert english.addresses.get().street == "1 Shifan Road"
    assert {e.locale_id for e in english.elements.all()} == {locales["en"].pk}

    service = ServicePage.objects.get(external_id="svc-a1", locale=locales["zh-hans"])
    assert service.get_provider().pk == provider.pk
    assert service.process_steps == ["在线登记", "送检", "领取证书"]
    assert service.material_list == ["营业执照", "器具清单"]
    assert service.channels == ["station", "onsite"] and service.fee_type == "free"
    en_service = service.get_translation(locales["en"])
    assert en_service.title == "Scale verification"
    assert en_service.get_provider().pk == english.pk
    # Texts the translation leaves out fall back to the Chinese record.
    assert en_service.eligibility == "所有企业。"

    station = StationPage.objects.get(external_id="station-1", locale=locales["zh-hans"])
    assert station.city == "foshan" and station.opening_hours == "工作日 9:00–17:00"
    assert station.phone == "0757-1234-5678"
    assert [s.external_id for s in station.services.all()] == ["svc-a2"]
    en_station = station.get_translation(locales["en"])
    assert en_station.park == "Beijiao cluster"
    assert [s.locale_id for s in en_station.services.all()] == [locales["en"].pk]

    solution = SolutionPage.objects.get(external_id="sol-1", locale=locales["zh-hans"])
    steps = list(solution.steps.order_by("sort_order"))
    assert [s.service.external_id for s in steps] == ["svc-a2", "svc-b1"]
    en_steps = list(solution.get_translation(locales["en"]).steps.order_by("sort_order"))
    assert [s.explanation for s in en_steps] == ["Test first.", "Then certify."]
    assert all(s.service.locale_id == locales["en"].pk for s in en_steps)


def test_import_twice_changes_nothing(home, sample):
    import_directory(sample)
    pages = list(Page.objects.order_by("pk").values_list("pk", "path", "latest_revision_id"))
    revisions = Revision.objects.count()
    report = import_directory(sample)
    assert not report.changed
    assert report.counts[("service", "unchanged")] == 3
    assert (
        list(Page.objects.order_by("pk").values_list("pk", "path", "latest_revision_id")) == pages
    )
    assert Revision.objects.count() == revisions


def test_changed_record_updates_only_that_page(home, sample, locales):
    import_directory(sample)
    sample["services"][0]["x_turnaround_days"] = 7
    sample["organizations"][0]["x_credentials"][1]["valid_until"] = "2030-12-31"
    report = import_directory(sample)
    assert report.counts[("service", "updated")] == 1
    assert report.counts[("service", "unchanged")] == 2
    assert report.counts[("provider", "updated")] == 1
    service = ServicePage.objects.get(external_id="svc-a1", locale=locales["zh-hans"])
    assert service.turnaround_days == 7
    provider = ProviderPage.objects.get(external_id="org-a", locale=locales["zh-hans"])
    assert provider.credentials.get(scheme="CMA").valid_until.year == 2030


def test_service_moved_to_another_organization(home, sample, locales):
    import_directory(sample)
    sample["services"][1]["organization_id"] = "org-b"
    import_directory(sample)
    service = ServicePage.objects.get(external_id="svc-a2", locale=locales["zh-hans"])
    assert service.get_parent().specific.external_id == "org-b"
    assert service.provider.external_id == "org-b"


def test_inactive_service_is_unpublished(home, sample, locales):
    import_directory(sample)
    sample["services"][0]["status"] = "inactive"
    import_directory(sample)
    assert not ServicePage.objects.get(external_id="svc-a1", locale=locales["zh-hans"]).live
    assert not import_directory(sample).changed


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["services"][0].update(x_fee="maybe"),
            'services[0] (id "svc-a1"), field "x_fee":',
        ),
        (
            lambda d: d["services"][1].update(x_elements=["cooking"]),
            'services[1] (id "svc-a2"), field "x_elements":',
        ),
        (
            lambda d: d["organizations"][0].update(tax_id="914401000000000018"),
            'organizations[0] (id "org-a"), field "tax_id":',
        ),
        (
            lambda d: d["organizations"][0]["x_credentials"][0].update(valid_until="31/12/2099"),
            'organizations[0] (id "org-a"), field "valid_until":',
        ),
        (
            lambda d: d["services"][2].update(organization_id="org-missing"),
            'services[2] (id "svc-b1"), field "organization_id":',
        ),
        (
            lambda d: d["locations"][2]["addresses"][0].update(city="北京市"),
            'locations[2] (id "station-1"), field "addresses[0].city":',
        ),
        (
            lambda d: d["services"][0].update(x_channels=["fax"]),
            'services[0] (id "svc-a1"), field "x_channels":',
        ),
        (
            lambda d: d["organizations"][1].pop("name"),
            'organizations[1] (id "org-b"), field "name": is required',
        ),
        (
            lambda d: d["services"].append(dict(d["services"][0])),
            'services[3] (id "svc-a1"), field "id":',
        ),
    ],
)
def test_bad_record_rejects_the_whole_file(home, sample, change, expected):
    change(sample)
    pages_before = Page.objects.count()
    with pytest.raises(ImportRejected) as error:
        import_directory(sample)
    assert expected in str(error.value)
    assert Page.objects.count() == pages_before
    assert not ProviderPage.objects.exists() and not ServicePage.objects.exists()


def test_bad_record_after_an_import_leaves_the_site_as_it_was(home, sample, locales):
    import_directory(sample)
    sample["services"][0]["name"] = "新名称"
    sample["services"][2]["x_fee"] = "sometimes"
    with pytest.raises(ImportRejected):
        import_directory(sample)
    assert (
        ServicePage.objects.get(external_id="svc-a1", locale=locales["zh-hans"]).title
        == "电子秤检定"
    )


def test_unknown_fields_are_ignored(home, sample):
    sample["organizations"][0]["x_something_else"] = {"a": 1}
    sample["services"][0]["languages"] = [{"name": "Cantonese"}]
    sample["x_meta"] = "ignored"
    import_directory(sample)
    assert ServicePage.objects.filter(external_id="svc-a1").exists()


def test_command_reports_and_dry_run_writes_nothing(home, sample, tmp_path):
    path = _write(tmp_path, sample)
    out = StringIO()
    call_command("import_directory", str(path), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and "services: 3 created" in out.getvalue()
    assert not ServicePage.objects.exists()
    call_command("import_directory", str(path), stdout=out)
    assert ServicePage.objects.count() == 6  # three services in two languages
    out = StringIO()
    call_command("import_directory", str(path), stdout=out)
    assert "services: 0 created, 0 updated, 3 unchanged" in out.getvalue()


def test_command_fails_naming_record_and_field(home, sample, tmp_path):
    sample["services"][1]["x_turnaround_days"] = "soon"
    path = _write(tmp_path, sample)
    with pytest.raises(CommandError, match="Nothing was imported") as error:
        call_command("import_directory", str(path), stderr=StringIO(), stdout=StringIO())
    # Django prints the error on standard error, one line per problem, and exits with status 1.
    assert error.value.returncode == 1
    assert (
        'services[1] (id "svc-a2"), field "x_turnaround_days": "soon" is not a whole number'
        in str(error.value).splitlines()[1]
    )
    assert not ServicePage.objects.exists()


def test_command_rejects_a_file_that_is_not_json(home, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_directory", str(path), stderr=StringIO(), stdout=StringIO())


def test_outside_file_is_imported_and_browsed(home, client, locales):
    """A file written by someone else: UUID ids, Chinese city names, cost_options instead of
    x_fee, phones on contacts, extra HSDS fields, no English."""
    from pathlib import Path

    path = Path(__file__).parent / "data" / "outside_hsds.json"
    out = StringIO()
    call_command("import_directory", str(path), stdout=out)
    assert "providers: 3 created" in out.getvalue()
    provider = ProviderPage.objects.get(title="东莞市精工计量检测有限公司")
    assert provider.addresses.get().city == "dongguan"
    assert provider.phone.startswith("0769")
    service = ServicePage.objects.get(title="三坐标测量机校准")
    assert service.fee_type == "charged" and service.get_provider().pk == provider.pk
    free = ServicePage.objects.get(title="小微企业计量咨询")
    assert free.fee_type == "free"
    assert not ServicePage.objects.filter(locale=locales["en"]).exists()
    # Browsed: the directory lists it, filters find it, and its pages render.
    html = client.get("/services/?city=dongguan").content.decode()
    assert "三坐标测量机校准" in html
    assert client.get(service.url).status_code == 200
    assert client.get(provider.url).status_code == 200
    station = StationPage.objects.get()
    assert client.get(station.url).status_code == 200
    assert "三坐标测量机校准" in client.get(station.url).content.decode()
