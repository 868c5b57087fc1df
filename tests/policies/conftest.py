"""Fixtures of the policy-library tests: elements, the index page in both languages, authorities."""

import pytest


@pytest.fixture
def elements(locales):
    """The seven elements in Chinese with English translations, by code (Chinese ones)."""
    from policies.factories import ensure_elements

    return ensure_elements()


@pytest.fixture
def policy_index(home, elements):
    """The Chinese policy index page (/policies/) with its English translation (/en/policies/)."""
    from policies.services import ensure_policy_index

    return ensure_policy_index()


@pytest.fixture
def en_policy_index(policy_index, locales):
    return policy_index.get_translation(locales["en"])


@pytest.fixture
def authority(locales):
    from policies.factories import create_authority

    return create_authority(
        "国家市场监督管理总局",
        en_name="State Administration for Market Regulation",
        website="https://www.samr.gov.cn/",
    )


@pytest.fixture
def make_policy(policy_index, authority):
    """Create a published Chinese policy page; keyword arguments as ``create_policy``."""
    from policies.factories import create_policy

    def make(**kwargs):
        kwargs.setdefault("authority", authority)
        return create_policy(policy_index, **kwargs)

    return make
