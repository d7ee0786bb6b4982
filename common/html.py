"""The one HTML sanitiser. Every stored rich-text field passes through `clean_html` on save.

The allowlist matches the CKEditor 5 toolbar configured in settings; nh3 (ammonia) parses
like a browser, so what it returns is what a browser would build, and nothing outside the
list survives, whatever the editor (or a forged request) sends.
"""

import html as html_lib

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "picture",
    "source",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "colgroup",
    "col",
    "hr",
    "span",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "type", "sizes"},
    "figure": {"class"},
    "p": {"class"},
    "h2": {"class"},
    "h3": {"class"},
    "h4": {"class"},
    "span": {"class"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "reversed"},
    "col": {"span"},
}
# Only the classes CKEditor 5 itself writes for its features (image styles, alignment, table).
ALLOWED_CLASSES = {
    "figure": {
        "image",
        "table",
        "image-style-side",
        "image-style-align-left",
        "image-style-align-right",
        "image-style-align-center",
        "image_resized",
    },
    "p": {"text-align-center", "text-align-right", "text-align-justify", "text-align-left"},
    "h2": {"text-align-center", "text-align-right", "text-align-justify"},
    "h3": {"text-align-center", "text-align-right", "text-align-justify"},
    "h4": {"text-align-center", "text-align-right", "text-align-justify"},
    "span": {"text-tiny", "text-small", "text-big", "text-huge"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _srcset_is_safe(value: str) -> bool:
    """Every candidate URL of a srcset must be relative or http(s): nh3 checks href/src only."""
    for candidate in value.split(","):
        url = candidate.strip().split(" ")[0].strip().lower()
        scheme = url.split(":", 1)[0] if ":" in url.split("/", 1)[0] else ""
        if scheme not in ("", "http", "https"):
            return False
    return True


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "srcset":
        return value if _srcset_is_safe(value) else None
    if attr == "class":
        allowed = ALLOWED_CLASSES.get(tag, set())
        kept = [c for c in value.split() if c in allowed]
        return " ".join(kept) or None
    return value


def clean_html(html: str | None) -> str:
    """Sanitised HTML: allowlisted tags/attributes/schemes; external links get safe rel."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={
            "script",
            "style",
            "noscript",
            "template",
            "iframe",
            "object",
            "embed",
            "svg",
            "math",
            "form",
            "textarea",
            "select",
            "title",
        },
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def plain_text(html: str | None) -> str:
    """The text of an HTML fragment (for excerpts and search), tags removed, entities decoded."""
    # A space before every tag keeps "a<br>b" and "</p><p>" from gluing words together.
    spaced = (html or "").replace("<", " <")
    text = nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html_lib.unescape(text).split())
