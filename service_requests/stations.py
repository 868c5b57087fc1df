"""Stations in the request flow (DESIGN.md §12): the signed station of a poster's "submit a
request here" link, the QR codes of the poster (segno, inline SVG, no network) and the visitors'
ratings of a station (扫码评价)."""

import re

import segno
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from directory.models import StationPage
from service_requests.models import StationRating
from service_requests.services import canonical_pages

STATION_SALT = "service_requests.stations.station"
COMMENT_MAX_LENGTH = 500


def sign_station(station):
    """The ``station`` value of the request form's prefill: signed, so that a link cannot claim
    a station; no expiry, since a printed poster stays on the wall."""
    return signing.dumps(str(station.translation_key), salt=STATION_SALT)


def station_key(value):
    """The station translation key of a signed ``station`` value, or ``""``."""
    if not value or len(value) > 200:
        return ""
    try:
        key = signing.loads(value, salt=STATION_SALT)
    except signing.BadSignature:
        return ""
    if not isinstance(key, str) or not StationPage.objects.filter(translation_key=key).exists():
        return ""
    return key


def qr_code(url):
    """The QR code of ``url`` (a segno object: SVG for the page, PNG in the tests)."""
    return segno.make(url, error="m")


def qr_svg(url, label):
    """The QR code of ``url`` as inline SVG markup, named ``label`` for assistive technology."""
    svg = qr_code(url).svg_inline(scale=5, border=4)
    svg = re.sub(r"^<svg ", f'<svg role="img" aria-label="{escape(label)}" ', svg, count=1)
    return mark_safe(svg)  # noqa: S308 - segno's markup, the label escaped


def canonical_station(station):
    """The default-language page of ``station`` (ratings count once across translations)."""
    found = canonical_pages(StationPage, [str(station.translation_key)])
    return found[0] if found else station


def record_rating(station, score, comment="", language=None, now=None):
    return StationRating.objects.create(
        station=canonical_station(station),
        score=score,
        comment=comment.strip()[:COMMENT_MAX_LENGTH],
        language=language or settings.LANGUAGE_CODE,
        created_at=now or timezone.now(),
    )
