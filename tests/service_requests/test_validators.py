"""Property-based tests of the USCC and mobile-number rules, and file detection by content.
No database: these run in milliseconds."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from service_requests.validators import detect_file_kind, normalize_mobile, validate_upload
from tests.service_requests.conftest import (
    DOC,
    DOCX,
    EXE,
    JPEG,
    MSI,
    PDF,
    PLAIN_ZIP,
    PNG,
    XLS,
    XLSX,
    upload,
)
from website.uscc import USCC_CHARSET, normalize_uscc, uscc_check_character

charset = st.sampled_from(USCC_CHARSET)
digits = st.sampled_from("0123456789")


@st.composite
def valid_usccs(draw):
    head = draw(st.lists(charset, min_size=2, max_size=2))
    area = draw(st.lists(digits, min_size=6, max_size=6))
    body = draw(st.lists(charset, min_size=9, max_size=9))
    first = "".join(head + area + body)
    return first + uscc_check_character(first)


@given(valid_usccs())
def test_every_code_with_its_check_character_is_valid(code):
    assert normalize_uscc(code) == code
    assert normalize_uscc(code.lower()) == code
    assert normalize_uscc(f" {code[:6]} {code[6:12]}-{code[12:]} ") == code


@given(valid_usccs(), st.integers(min_value=0, max_value=17), charset)
def test_changing_any_one_character_is_detected(code, position, replacement):
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code:
        return
    with pytest.raises(ValidationError):
        normalize_uscc(changed)


@given(valid_usccs(), st.integers(min_value=0, max_value=17), st.sampled_from("IOZSV*#中"))
def test_characters_outside_the_charset_are_refused(code, position, bad):
    with pytest.raises(ValidationError) as error:
        normalize_uscc(code[:position] + bad + code[position + 1 :])
    assert error.value.code in ("charset", "length")


@given(valid_usccs(), st.integers(min_value=1, max_value=17))
def test_wrong_length_is_refused(code, cut):
    with pytest.raises(ValidationError) as error:
        normalize_uscc(code[:-cut])
    assert error.value.code in ("length", "required")


def test_known_real_code():
    assert normalize_uscc("91350100M000100Y43") == "91350100M000100Y43"
    assert normalize_uscc("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


mobile_prefix = st.sampled_from([f"1{d}" for d in "3456789"])
nine_digits = st.text("0123456789", min_size=9, max_size=9)


@given(mobile_prefix, nine_digits, st.sampled_from(["", "+86", "86", "0086", "+86 "]), st.data())
def test_mainland_mobiles_are_accepted_in_any_usual_format(prefix, rest, country, data):
    number = prefix + rest
    separator = data.draw(st.sampled_from(["", " ", "-"]))
    typed = country + separator.join([number[:3], number[3:7], number[7:]])
    assert normalize_mobile(typed) == number
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    assert normalize_mobile(full_width) == number


@given(
    st.sampled_from(["10", "11", "12", "2", "0", "9"]),
    st.text("0123456789", min_size=9, max_size=9),
)
def test_numbers_that_are_not_mobiles_are_refused(prefix, rest):
    number = (prefix + rest)[:11].ljust(11, "0")
    with pytest.raises(ValidationError):
        normalize_mobile(number)


@settings(max_examples=50)
@given(mobile_prefix, st.text("0123456789", min_size=0, max_size=20))
def test_wrong_lengths_are_refused(prefix, rest):
    number = prefix + rest
    if len(number) == 11:
        return
    with pytest.raises(ValidationError):
        normalize_mobile(number)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("scan.pdf", PDF, "pdf"),
        ("photo.png", PNG, "png"),
        ("photo.jpeg", JPEG, "jpg"),
        ("spec.docx", DOCX, "docx"),
        ("data.xlsx", XLSX, "xlsx"),
        ("old.doc", DOC, "doc"),
        ("old.xls", XLS, "xls"),
        ("misnamed.png", PDF, "pdf"),  # judged by content, stored with the right extension
    ],
)
def test_allowed_files_are_recognised_by_content(name, content, kind):
    assert detect_file_kind(upload(name, content)).extension == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", EXE),
        ("invoice.pdf", EXE),  # a renamed .exe
        ("report.docx", PLAIN_ZIP),  # a zip that is not a Word file
        ("installer.doc", MSI),  # an OLE container that is not Word or Excel
        ("notes.pdf", b"just some text, not a PDF"),
        ("image.png", b"GIF89a" + b"\x00" * 20),  # GIF is not allowed
    ],
)
def test_other_files_are_refused_whatever_their_name(name, content):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content))
    assert error.value.code == "type"


def test_empty_and_oversized_files_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("empty.pdf", b""))
    assert error.value.code == "empty"
    big = upload("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert error.value.code == "size"
    exactly = upload("max.pdf", PDF + b"0" * (10 * 1024 * 1024 - len(PDF)))
    assert validate_upload(exactly).extension == "pdf"
