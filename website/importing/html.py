"""The one HTML-cleaning configuration (nh3) for text that comes from outside: what an import
file's rich text may keep is what Wagtail's rich-text editor produces."""

import re

import nh3

# Section headings become h3 (the page title is the h1 and the page's own sections are h2),
# bold/italic take Wagtail's tags.
ALLOWED_TAGS = {"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em"}
ALLOWED_TAGS |= {"ul", "ol", "li", "a", "hr"}
RENAMED_TAGS = {"h1": "h3", "h2": "h3", "h5": "h4", "h6": "h4", "strong": "b", "em": "i"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
BLOCK_TAG = re.compile(r"<(p|h3|h4|ul|ol|hr)\b")


def clean_html(html):
    """Reduce HTML to what the rich-text editor produces: no scripts, styles, attributes other
    than link addresses, or tags the editor cannot edit."""
    # Keep table cells and rows apart once their tags are gone.
    html = re.sub(r"</t[dh]\s*>", " ", html, flags=re.I)
    html = re.sub(r"</tr\s*>", "<br>", html, flags=re.I)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    for old, new in RENAMED_TAGS.items():
        clean = clean.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    return re.sub(r"<a>(.*?)</a>", r"\1", clean, flags=re.S).strip()  # unsafe links: text only


def has_blocks(html):
    """Whether cleaned HTML has block elements, or is plain text that needs paragraphs."""
    return bool(BLOCK_TAG.search(html))


def paragraphs(parts):
    """HTML paragraphs of plain-text parts (already escaped or cleaned), line breaks kept."""
    return "".join(f"<p>{part}</p>".replace("\n", "<br>") for part in parts if part)
