"""The unified social credit code (统一社会信用代码, GB 32100-2015): one rule for the providers
of the directory and the enterprises that submit requests, and one generator of valid codes for
demo content, factories and benchmarks.

The check character is python-stdnum's (``stdnum.cn.uscc.calc_check_digit``). Its ``validate``
is not used: it requires the first eight characters to be digits, while GB 32100-2015 only makes
characters 3–8 (the area code) digits — character 1 (the registering department) may be A, N or Y
and character 2 (the kind of organisation) a letter too, as in ``Y1…`` or ``N2…`` codes.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn.uscc import calc_check_digit

# 31 characters: digits and capital letters without I, O, Z, S and V.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_LENGTH = 18
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.·]+")
# Guangzhou, registered by the market regulator, as on most enterprises' licences.
DEMO_PREFIX = "91440101MA5C"


def uscc_check_character(first_17):
    """The 18th character of a code whose first 17 are ``first_17``."""
    return calc_check_digit(first_17)


def normalize_uscc(value):
    """Return the USCC in capitals without separators (full-width characters typed with a
    Chinese input method made ASCII), or raise ``ValidationError`` saying what is wrong."""
    code = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value or "")).upper()
    if not code:
        raise ValidationError(_("Enter the unified social credit code."), code="required")
    if len(code) != USCC_LENGTH:
        raise ValidationError(
            _("The unified social credit code has 18 characters; you entered %(count)s."),
            code="length",
            params={"count": len(code)},
        )
    wrong = sorted({c for c in code if c not in USCC_CHARSET})
    if wrong:
        raise ValidationError(
            _(
                "The unified social credit code cannot contain %(characters)s. It uses digits "
                "and capital letters except I, O, Z, S and V."
            ),
            code="charset",
            params={"characters": "、".join(wrong)},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _(
                "Characters 3 to 8 of the unified social credit code are the area code and "
                "must be digits."
            ),
            code="area",
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _(
                "This unified social credit code is not valid: the last character does not "
                "match. Check it against your business licence."
            ),
            code="checksum",
        )
    return code


def is_valid_uscc(value):
    try:
        normalize_uscc(value)
    except ValidationError:
        return False
    return True


def validate_uscc(value):
    """The model-field validator: ``value`` must be a valid code (see ``normalize_uscc``)."""
    normalize_uscc(value)


def make_uscc(seed, prefix=DEMO_PREFIX):
    """A valid code for demo or test record ``seed``: ``prefix``, ``seed`` zero-padded to 17
    characters, and the check character."""
    first_17 = f"{prefix}{seed:0{17 - len(prefix)}d}"
    if len(first_17) != 17:
        raise ValueError(f"{seed} does not fit after {prefix!r} in a 17-character code")
    return first_17 + uscc_check_character(first_17)
