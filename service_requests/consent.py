"""Consents and the privacy notice they were given to (PIPL; DESIGN.md §12).

The notice is the request page's ``privacy_notice``; editors raise ``privacy_notice_version`` when
it changes in substance. Every consent stores the version the enterprise saw, so a consent given to
an earlier version can be asked for again."""

DEFAULT_NOTICE_VERSION = "1"


def notice_version(page):
    """The current privacy-notice version of ``page`` (a ServiceRequestPage, any locale: the
    version is synchronised across translations)."""
    if page is None:
        return DEFAULT_NOTICE_VERSION
    return getattr(page, "privacy_notice_version", "") or DEFAULT_NOTICE_VERSION


def is_current(version, page):
    """Whether a consent given to ``version`` still covers the notice ``page`` shows now."""
    return bool(version) and version == notice_version(page)
