"""Fixtures of the policy-library tests: the index page in both languages, authorities."""

import re

import pytest


@pytest.fixture
def policy_index(home, elements):
    """The Chinese policy index page (/policies/) with its English translation (/en/policies/)."""
    from policies.services import ensure_policy_index

    return ensure_policy_index()


@pytest.fixture
def en_policy_index(policy_index, locales):
    return policy_index.get_translation(locales["en"])


def national_authority():
    from policies.factories import create_authority

    return create_authority(
        "国家市场监督管理总局",
        en_name="State Administration for Market Regulation",
        website="https://www.samr.gov.cn/",
    )


@pytest.fixture
def authority(locales):
    return national_authority()


def listed_titles(response):
    """The policy titles of a listing page, in order."""
    html = response.content.decode()
    return re.findall(r'<h3 class="policy-item-title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def make_policy(policy_index, authority):
    """Create a published Chinese policy page; keyword arguments as ``create_policy``."""
    from policies.factories import create_policy

    def make(**kwargs):
        kwargs.setdefault("authority", authority)
        return create_policy(policy_index, **kwargs)

    return make


@pytest.fixture
def make_service(policy_index, elements, locales):
    """A live service (and its provider) in Chinese, translated into English when ``en``."""
    from directory.factories import add_provider, add_service
    from directory.models import ProviderIndexPage
    from directory.services import ensure_index_pages

    pairs = ensure_index_pages()
    numbers = iter(range(1, 1000))

    def make(title, codes=("metrology",), en=None):
        number = next(numbers)
        provider_index = pairs[ProviderIndexPage].zh
        provider = add_provider(provider_index, number, [elements[c] for c in codes])
        service = add_service(provider, number, [elements[c] for c in codes])
        service.title = title
        service.save_revision().publish()
        if en:
            en_provider = provider.copy_for_translation(locales["en"])
            en_provider.title = f"Provider {number}"
            en_provider.save_revision().publish()
            translation = service.copy_for_translation(locales["en"])
            translation.title = en
            translation.save_revision().publish()
        return service

    return make
