"""Validators for identifiers that providers carry."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 18 characters from this alphabet (no I, O, S, V, Z); the last is a check character.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_check_character(first17):
    total = sum(
        USCC_ALPHABET.index(char) * weight
        for char, weight in zip(first17, USCC_WEIGHTS, strict=False)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_valid_uscc(value):
    value = (value or "").strip().upper()
    if len(value) != 18 or any(char not in USCC_ALPHABET for char in value):
        return False
    return uscc_check_character(value[:17]) == value[17]


def validate_uscc(value):
    """A unified social credit code (统一社会信用代码): 18 characters, valid check character."""
    if not is_valid_uscc(value):
        raise ValidationError(
            _("Enter a valid unified social credit code (18 characters, last one a check)."),
            code="invalid_uscc",
        )
