"""Validation of what enterprises type and upload: mainland mobile numbers, files (the USCC
rule is ``website.uscc``, shared with the directory's providers).

Each ``normalize_*`` function returns the canonical form of a value or raises
``ValidationError`` with a message saying what is wrong in words the enterprise understands.
"""

import io
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def _half_width(value):
    """Full-width digits and letters (typed with a Chinese input method) become ASCII."""
    return unicodedata.normalize("NFKC", value or "")


# --- Mainland China mobile numbers ------------------------------------------------------------
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_SEPARATORS = re.compile(r"[\s\-‐‑–—().]+")


def normalize_mobile(value):
    """Return an 11-digit mainland mobile number (country code and separators removed)."""
    number = _PHONE_SEPARATORS.sub("", _half_width(value))
    for prefix in ("+86", "0086", "86"):
        if number.startswith(prefix) and len(number) == len(prefix) + 11:
            number = number[len(prefix) :]
            break
    if not number.isdigit():
        raise ValidationError(
            _("Enter a mobile number using digits only, like 138 0013 8000."), code="digits"
        )
    if len(number) != 11:
        raise ValidationError(
            _("A mainland mobile number has 11 digits; you entered %(count)s."),
            code="length",
            params={"count": len(number)},
        )
    if not _MOBILE.match(number):
        raise ValidationError(
            _("Enter a mainland mobile number: 11 digits starting with 13 to 19."),
            code="prefix",
        )
    return number


# --- Files ------------------------------------------------------------------------------------
MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Bounds of the archive inspection of Word and Excel files, checked from the archive's end
# record before it is parsed: real documents have tens to a few thousand parts.
MAX_ARCHIVE_ENTRIES = 5_000
MAX_ARCHIVE_EXPANDED_SIZE = 300 * 1024 * 1024
_END_OF_CENTRAL_DIRECTORY = b"PK\x05\x06"
_END_RECORD_SIZE = 22


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str


ALLOWED_KINDS = {
    "pdf": FileKind("pdf", "application/pdf", "PDF"),
    "doc": FileKind("doc", "application/msword", "Word"),
    "docx": FileKind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
    ),
    "xls": FileKind("xls", "application/vnd.ms-excel", "Excel"),
    "xlsx": FileKind(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
    ),
    "jpg": FileKind("jpg", "image/jpeg", "JPEG"),
    "png": FileKind("png", "image/png", "PNG"),
}
ACCEPT_ATTRIBUTE = ",".join(
    [f".{ext}" for ext in ("pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png")]
    + sorted({kind.content_type for kind in ALLOWED_KINDS.values()})
)


def _read_all(uploaded):
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data


def _office_kind(data):
    """Tell Word from Excel by the streams or parts inside the container, not by the name."""
    if data.startswith(_OLE2_SIGNATURE):
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return "xls"
        return None
    if data.startswith(b"PK\x03\x04"):
        if not _archive_within_bounds(data):
            return None
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
                names = {info.filename for info in infos}
        except (zipfile.BadZipFile, ValueError):
            return None
        if sum(info.file_size for info in infos) > MAX_ARCHIVE_EXPANDED_SIZE:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def _archive_within_bounds(data):
    """Whether a zip's end record announces at most ``MAX_ARCHIVE_ENTRIES`` entries, read
    without parsing its directory (ZIP64 archives, which hide the count, are refused)."""
    end = data.rfind(_END_OF_CENTRAL_DIRECTORY, max(0, len(data) - 65_536 - _END_RECORD_SIZE))
    if end < 0 or len(data) - end < _END_RECORD_SIZE:
        return False
    entries, directory_size = struct.unpack("<HI", data[end + 10 : end + 16])
    return entries != 0xFFFF and entries <= MAX_ARCHIVE_ENTRIES and directory_size < len(data)


def detect_file_kind(uploaded):
    """The allowed kind of an uploaded file judged by its content, or ``None``."""
    head = uploaded.read(8192)
    uploaded.seek(0)
    guess = filetype.guess(head)
    if guess is not None and guess.extension in ("pdf", "jpg", "png"):
        return ALLOWED_KINDS[guess.extension]
    if head.startswith(_OLE2_SIGNATURE) or head.startswith(b"PK\x03\x04"):
        kind = _office_kind(_read_all(uploaded))
        return ALLOWED_KINDS[kind] if kind else None
    return None


def validate_size(uploaded):
    """Check an uploaded file's size (nothing read); raise ``ValidationError``."""
    name = uploaded.name or ""
    if uploaded.size == 0:
        raise ValidationError(_("The file %(name)s is empty."), code="empty", params={"name": name})
    if uploaded.size > MAX_FILE_SIZE:
        raise ValidationError(
            _("The file %(name)s is %(size)s; each file must be 10 MB or smaller."),
            code="size",
            params={"name": name, "size": filesizeformat(uploaded.size)},
        )


def validate_upload(uploaded):
    """Check one uploaded file; return its ``FileKind`` or raise ``ValidationError``."""
    name = uploaded.name or ""
    validate_size(uploaded)
    kind = detect_file_kind(uploaded)
    if kind is None:
        raise ValidationError(
            _("The file %(name)s must be a PDF, Word, Excel, JPEG or PNG file."),
            code="type",
            params={"name": name},
        )
    return kind
