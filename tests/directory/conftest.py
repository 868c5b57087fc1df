"""Directory fixtures: a small HSDS document imported through the real importer (per test, or once
per module for modules that only read it: ``imported_once``), and a seeded directory built by the
fast factories."""

import copy
import json
import re

import pytest

from tests.isolation import built_once

SAMPLE = {
    "organizations": [
        {
            "id": "org-a",
            "name": "甲计量检测院",
            "alternate_name": "甲院",
            "description": "计量校准和产品检测。",
            "email": "a@example.com",
            "website": "https://a.example.com",
            "tax_id": "914401000000000017",
            "x_provider_type": "metrology_institute",
            "x_elements": ["metrology", "testing"],
            "x_credentials": [
                {
                    "scheme": "CNAS",
                    "number": "L1234",
                    "scope": "校准",
                    "valid_from": "2022-01-01",
                    "valid_until": "2099-12-31",
                },
                {
                    "scheme": "CMA",
                    "number": "201919000001",
                    "scope": "检测",
                    "valid_from": "2015-01-01",
                    "valid_until": "2020-12-31",
                },
            ],
            "x_service_regions": ["广州市", "Foshan"],
            "x_translations": {
                "en": {
                    "name": "Institute A",
                    "description": "Calibration and testing.",
                    "x_credentials": [{"scope": "Calibration"}, {"scope": "Testing"}],
                }
            },
        },
        {
            "id": "org-b",
            "name": "乙认证公司",
            "description": "管理体系认证。",
            "x_provider_type": "certification_body",
            "x_elements": ["certification"],
            "x_translations": {"en": {"name": "Certifier B", "description": "Certification."}},
        },
    ],
    "services": [
        {
            "id": "svc-a1",
            "organization_id": "org-a",
            "name": "电子秤检定",
            "description": "对电子秤进行检定。",
            "status": "active",
            "eligibility_description": "所有企业。",
            "application_process": "1. 在线登记\n2. 送检\n3. 领取证书",
            "fees_description": "免费。",
            "required_documents": [{"document": "营业执照"}, {"document": "器具清单"}],
            "x_elements": ["metrology"],
            "x_channels": ["station", "onsite"],
            "x_fee": "free",
            "x_turnaround_days": 5,
            "x_translations": {
                "en": {"name": "Scale verification", "description": "Verifying scales."}
            },
        },
        {
            "id": "svc-a2",
            "organization_id": "org-a",
            "name": "家电安全检测",
            "description": "家电产品安全检测。",
            "x_elements": ["testing"],
            "x_channels": ["station"],
            "x_fee": "charged",
            "x_turnaround_days": 10,
            "x_translations": {
                "en": {"name": "Appliance safety testing", "description": "Safety tests."}
            },
        },
        {
            "id": "svc-b1",
            "organization_id": "org-b",
            "name": "ISO 9001 认证",
            "description": "质量管理体系认证。",
            "x_elements": ["certification", "quality-management"],
            "x_channels": ["onsite", "online"],
            "x_fee": "charged",
            "x_turnaround_days": 30,
            "x_translations": {"en": {"name": "ISO 9001 certification"}},
        },
    ],
    "locations": [
        {
            "id": "loc-a",
            "organization_id": "org-a",
            "name": "本部",
            "latitude": 23.13,
            "longitude": 113.26,
            "addresses": [
                {"address_1": "天河区示范路 1 号", "city": "广州市", "postal_code": "510000"}
            ],
            "x_translations": {
                "en": {"name": "Head office", "addresses": [{"address_1": "1 Shifan Road"}]}
            },
        },
        {
            "id": "loc-b",
            "organization_id": "org-b",
            "addresses": [{"address_1": "福田区深南大道 1 号", "city": "深圳"}],
        },
        {
            "id": "station-1",
            "name": "顺德服务站",
            "description": "家电产业集群服务站。",
            "x_station": True,
            "x_park": "北滘家电产业集群",
            "latitude": 22.92,
            "longitude": 113.2,
            "addresses": [{"address_1": "北滘镇 1 号", "city": "佛山市"}],
            "schedules": [{"description": "工作日 9:00–17:00"}],
            "x_translations": {"en": {"name": "Shunde station", "x_park": "Beijiao cluster"}},
        },
    ],
    "service_at_locations": [
        {"id": "sal-1", "service_id": "svc-a2", "location_id": "station-1"},
    ],
    "contacts": [{"id": "c-1", "organization_id": "org-a", "name": "受理窗口"}],
    "phones": [
        {"id": "p-1", "organization_id": "org-a", "number": "020-1234-5678"},
        {"id": "p-2", "location_id": "station-1", "number": "0757-1234-5678"},
    ],
    "x_solutions": [
        {
            "id": "sol-1",
            "name": "新产品上市",
            "description": "检测加认证。",
            "x_steps": [
                {"service_id": "svc-a2", "description": "先检测。"},
                {"service_id": "svc-b1", "description": "再认证。"},
            ],
            "x_translations": {
                "en": {
                    "name": "New product",
                    "x_steps": [{"description": "Test first."}, {"description": "Then certify."}],
                }
            },
        }
    ],
}


@pytest.fixture
def sample():
    """A fresh copy of the sample HSDS document, free to modify."""
    return copy.deepcopy(SAMPLE)


@pytest.fixture
def imported(home, sample):
    from directory.hsds.importer import import_directory

    import_directory(sample)
    return sample


@pytest.fixture(scope="module")
def imported_once(request, django_db_setup):
    """The sample imported once for a whole module whose tests only read it, in a transaction
    rolled back after the module (each test still runs in its own savepoint)."""
    from directory.hsds.importer import import_directory

    with built_once(request, lambda: import_directory(copy.deepcopy(SAMPLE))):
        yield


@pytest.fixture
def seeded(home):
    from directory.factories import build_directory

    return build_directory(services=20)


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]
