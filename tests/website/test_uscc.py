"""The one USCC rule (website.uscc): python-stdnum's check character, GB 32100-2015's format."""

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc as stdnum_uscc

from website.uscc import is_valid_uscc, make_uscc, normalize_uscc, validate_uscc


def test_generated_codes_are_valid_and_keep_their_prefix():
    codes = {make_uscc(seed) for seed in range(50)}
    assert len(codes) == 50
    assert all(is_valid_uscc(code) and stdnum_uscc.is_valid(code) for code in codes)
    assert make_uscc(1, prefix="91440100") == "914401000000000017"  # the sample file's
    with pytest.raises(ValueError):
        make_uscc(10**9, prefix="91440101MA")


def test_letters_in_the_first_two_characters_are_valid_as_in_the_standard():
    """GB 32100-2015 lets character 1 (registering department: A, N, Y …) and character 2 be
    letters; stdnum's ``validate`` wants digits there, which is why it is not used."""
    code = make_uscc(1, prefix="Y1440101MA5C")
    assert is_valid_uscc(code)
    assert not stdnum_uscc.is_valid(code)


def test_provider_and_enterprise_input_share_one_normalisation():
    assert normalize_uscc(" ９１３５０１００Ｍ０００１００Ｙ４３ ") == "91350100M000100Y43"
    assert normalize_uscc("9135-0100-m000100y43") == "91350100M000100Y43"
    validate_uscc("91350100m000100y43")
    with pytest.raises(ValidationError) as error:
        validate_uscc("91350100M000100Y44")
    assert error.value.code == "checksum"
