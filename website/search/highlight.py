"""Server-side highlighting: a snippet of a result's text around the words searched for, with
those words in ``<mark>``. Every piece of text is escaped; only our own ``<mark>`` tags are not.
"""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 140
_SPACE = re.compile(r"\s+")


def _fullwidth(char):
    return chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char


def term_pattern(terms):
    """One regular expression matching any of ``terms``, longest first, case-insensitively,
    and matching full-width forms of ASCII letters and digits too (the index folds them)."""
    alternatives = []
    for term in sorted({t for t in terms if t}, key=len, reverse=True):
        parts = []
        for char in term:
            if char.isascii() and char.isalnum():
                parts.append(
                    f"[{re.escape(char)}{_fullwidth(char.lower())}{_fullwidth(char.upper())}]"
                )
            else:
                parts.append(re.escape(char))
        alternatives.append("".join(parts))
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def plain_text(value):
    """Text of a field value: rich text and stream blocks lose their tags and entities."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(plain_text(item) for item in value)
    text = html.unescape(strip_tags(str(value)))
    return _SPACE.sub(" ", text).strip()


def mark(text, pattern):
    """``text`` escaped, with matches of ``pattern`` wrapped in ``<mark>``."""
    if pattern is None:
        return escape(text)
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above is escaped


_BREAK = re.compile(r"[\s，。；：、！？,.;:!?（）()]")


def _snap(text, start, end, reach=15):
    """Move the window's edges to the nearest space or punctuation within ``reach`` characters,
    so a snippet does not start or end in the middle of a word."""
    if start > 0:
        found = _BREAK.search(text, start, min(len(text), start + reach))
        if found:
            start = found.end()
    if end < len(text):
        window = text[max(start, end - reach) : end]
        breaks = list(_BREAK.finditer(window))
        if breaks:
            end = max(start, end - reach) + breaks[-1].start() + 1
    return start, end


def snippet(text, pattern, length=SNIPPET_LENGTH):
    """The ``length`` characters of ``text`` holding the most distinct matches, highlighted."""
    text = plain_text(text)
    if not text:
        return ""
    start = 0
    matches = list(pattern.finditer(text)) if pattern else []
    if matches:
        best = (-1, 0)
        for index, match in enumerate(matches):
            window_end = match.start() + length
            distinct = {m.group().lower() for m in matches[index:] if m.end() <= window_end}
            if len(distinct) > best[0]:
                best = (len(distinct), match.start())
        # Start a little before the first match so the words read in context.
        start = max(0, best[1] - length // 5)
    end = min(len(text), start + length)
    if end == len(text):
        start = max(0, end - length)
    start, end = _snap(text, start, end)
    body = mark(text[start:end], pattern)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - ``body`` is escaped by mark()
