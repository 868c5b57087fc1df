"""Model-level rules without pages: USCC check characters, credential status, list fields."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from directory.choices import CredentialStatus, Scheme
from directory.fields import ChoiceListField
from directory.geo import city_from_text, project
from directory.models import ProviderCredential
from directory.models.services import split_lines
from website.uscc import is_valid_uscc, validate_uscc


def test_uscc_rejects_wrong_length_letters_and_check_character():
    assert is_valid_uscc("91350100M000100Y43")  # a published example code
    assert not is_valid_uscc("91350100M000100Y44")
    assert not is_valid_uscc("91350100M000100Y4")
    assert not is_valid_uscc("91350100O000100Y43")  # O is not in the alphabet
    with pytest.raises(ValidationError):
        validate_uscc("123")


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "status"),
    [
        (-100, 400, CredentialStatus.VALID),
        (-100, 30, CredentialStatus.EXPIRING),
        (-1000, -1, CredentialStatus.EXPIRED),
        (10, 400, CredentialStatus.NOT_YET_VALID),
        (-100, None, CredentialStatus.VALID),
    ],
)
def test_credential_status(valid_from, valid_until, status):
    today = datetime.date(2026, 11, 25)
    credential = ProviderCredential(
        scheme=Scheme.CNAS,
        number="L1234",
        valid_from=today + datetime.timedelta(days=valid_from),
        valid_until=None if valid_until is None else today + datetime.timedelta(days=valid_until),
    )
    assert credential.get_status(today) == status


def test_credential_number_is_shown_once_with_its_scheme():
    assert ProviderCredential(scheme=Scheme.CNAS, number="L1234").display_number == "CNAS L1234"
    assert (
        ProviderCredential(scheme=Scheme.CNAS, number="CNAS L1234").display_number == "CNAS L1234"
    )
    assert ProviderCredential(scheme=Scheme.OTHER, number="粤标服备").display_number == "粤标服备"


def test_credential_end_before_start_is_invalid():
    credential = ProviderCredential(
        scheme=Scheme.CMA,
        number="1",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError):
        credential.clean()


def test_choice_list_field_round_trip():
    field = ChoiceListField(choices=[("a", "A"), ("b", "B")])
    assert field.get_prep_value(["a", "b"]) == ",a,b,"
    assert field.get_prep_value([]) == ""
    assert field.to_python(",a,b,") == ["a", "b"]
    assert field.to_python(["b"]) == ["b"]
    field.validate(["a"], None)
    with pytest.raises(ValidationError):
        field.validate(["c"], None)


def test_split_lines_drops_numbering_and_blanks():
    assert split_lines("1. 登记\n\n2、送样\n- 领取") == ["登记", "送样", "领取"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("广州市", "guangzhou"),
        ("广州", "guangzhou"),
        ("Shenzhen City", "shenzhen"),
        ("foshan", "foshan"),
        ("北京市", None),
        ("", None),
    ],
)
def test_city_from_text(text, code):
    city = city_from_text(text)
    assert (city.value if city else None) == code


def test_projection_keeps_guangzhou_west_of_shenzhen_and_north_of_zhuhai():
    gz, sz, zh = project(113.26, 23.13), project(114.06, 22.54), project(113.58, 22.27)
    assert gz[0] < sz[0] and gz[1] < zh[1]
