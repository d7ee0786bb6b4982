"""The one HTML sanitiser. Every stored rich-text field passes through `clean_html` on save.

The allowlist matches the CKEditor 5 toolbar configured in settings; nh3 (ammonia) parses
like a browser, so what it returns is what a browser would build, and nothing outside the
list survives, whatever the editor (or a forged request) sends.

Bounded work: html5ever (inside nh3) checks "is this element in scope?" by walking its stack of
open elements, so its time grows with tags × depth. A 1 MB body of 50,000 nested tags took
~4 s in `clean_html` and ~9 s in `plain_text` (about 20 s per save). `flatten_deep_nesting`
first removes, in one linear pass, the tags opened beyond `MAX_NESTING` levels (their text
stays), so every parse that follows is cheap; ordinary articles are never that deep and pass
through untouched.
"""

import html as html_lib
import re

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

# Deepest nesting kept. CKEditor's deepest real structures (a table in a figure, lists in lists)
# stay far below it; lxml (news.office) refuses documents deeper than 255 levels.
MAX_NESTING = 100
# A tag as html5ever reads it: "<", a letter, everything up to the first ">". Quotes are not
# honoured on purpose: a ">" inside an attribute value only makes us see more tags, never fewer.
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*>")
_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param "
    "source track wbr".split()
)
# A start tag that html5ever always lets close an open element of the same name.
_CLOSES_SAME = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})
# Removing these glues nothing together; any other removed tag leaves a space.
_PHRASING = frozenset(
    "a abbr b bdi bdo big cite code data del dfn em font i ins kbd mark nobr q s samp small span "
    "strike strong sub sup time tt u var".split()
)


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


def flatten_deep_nesting(html: str, max_depth: int = MAX_NESTING) -> str:
    """The HTML with every tag opened deeper than `max_depth` removed (with its end tag); text kept.

    One linear pass over a deliberately pessimistic model of the parser: an element counts as
    open until its own end tag arrives while it is the innermost one (or a like-named sibling
    starts, as with <p> or <li>). The browser-grade parser therefore never holds more than about
    `max_depth` open elements, whatever the markup, and sanitising stays cheap. Returns `html`
    itself (the same object) when nothing is that deep.
    """
    if html.count("<") <= max_depth:
        return html
    # After the last ">" no tag can end: a scan from there could only fail, once per "<".
    end = html.rfind(">") + 1
    # Open elements, innermost last. Only the top is ever popped, so the kept ones are always
    # the first `max_depth`: an element is dropped exactly when it sits deeper than that.
    stack: list[str] = []
    pieces: list[str] = []
    copied = 0
    for match in _TAG.finditer(html, 0, end):
        is_end_tag, name = match.groups()
        name = name.lower()
        if is_end_tag:
            if not stack or stack[-1] != name:
                continue  # a stray or mis-nested end tag: the parser may ignore it, so do we
            stack.pop()
            if len(stack) < max_depth:
                continue
        elif name in _VOID:
            continue
        else:
            if name in _CLOSES_SAME and stack and stack[-1] == name:
                stack.pop()
            stack.append(name)
            if len(stack) <= max_depth:
                continue
        pieces += (html[copied : match.start()], "" if name in _PHRASING else " ")
        copied = match.end()
    if not pieces:
        return html
    pieces.append(html[copied:])
    return "".join(pieces)


def clean_html(html: str | None) -> str:
    """Sanitised HTML: allowlisted tags/attributes/schemes; external links get safe rel."""
    if not html:
        return ""
    return nh3.clean(
        flatten_deep_nesting(html),
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
    spaced = flatten_deep_nesting((html or "").replace("<", " <"))
    text = nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html_lib.unescape(text).split())
