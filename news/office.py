"""Turn HTML pasted from Word, LibreOffice or Google Docs into plain semantic HTML.

CKEditor's paste-from-Office filter does most of this in the browser; this is the server's own
pass, so a body that bypassed the editor (source mode, an old browser, a forged request) comes
out the same. It restores structure that a sanitiser cannot: Word's "fake" list paragraphs
become <ul>/<ol>, bold/italic spans become <strong>/<em>, headings are shifted under the page's
<h1>. `common.html.clean_html` runs afterwards and stays the final authority on what is kept.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from common.html import flatten_deep_nesting

_OFFICE_MARKERS = re.compile(
    r"mso-|class=\"?'?Mso|urn:schemas-microsoft-com|<o:p|<w:|<v:|LibreOffice|OpenOffice|"
    r"docs-internal-guid|<font\b",
    re.IGNORECASE,
)
# Every pattern stops at the end of its tag (or declaration): a pattern free to run to the end
# of the text would rescan it from every "<" of a hostile paste (quadratic time).
_DOWNLEVEL_CONDITIONAL = re.compile(r"<!\[(?:if[^\]<>]*|endif)\]>", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"<\?xml[^<>]*\?>", re.IGNORECASE)
_MSO_LIST = re.compile(r"mso-list:\s*(l\d+)\s+level(\d+)", re.IGNORECASE)
_MSO_IGNORE = re.compile(r"mso-list:\s*ignore", re.IGNORECASE)
_ORDERED_MARKER = re.compile(r"^\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]")
_BOLD = re.compile(r"font-weight:\s*(bold|[6-9]00)", re.IGNORECASE)
_ITALIC = re.compile(r"font-style:\s*italic", re.IGNORECASE)
_UNDERLINE = re.compile(r"text-decoration[^;]{0,200}underline", re.IGNORECASE)

# Dropped with their content.
_DROP_TREE = {"style", "script", "meta", "link", "title", "xml", "head", "noscript", "template"}
# Unwrapped: the tag goes, the text stays.
_UNWRAP = {"font", "div", "section", "article", "center", "o:p", "st1", "ins"}
_KEEP_SPAN_CLASSES = {"text-tiny", "text-small", "text-big", "text-huge"}
_SAFE_IMG_SRC = re.compile(r"^(https?:)?/", re.IGNORECASE)
# Headings the page cannot hold, or images a reader could never load (file:///C:/…, data:, none).
_NEEDS_PARSE = re.compile(r"<h[156]\b|<img\b(?![^<>]*\bsrc\s*=\s*[\"']?(?:https?:)?/)", re.IGNORECASE)


def looks_like_office(html: str) -> bool:
    return bool(_OFFICE_MARKERS.search(html))


def normalise_pasted_html(html: str | None) -> str:
    """Office markup turned into semantic HTML (still to be sanitised); other HTML is returned as is
    except that headings are kept under the page's <h1>."""
    if not html or not html.strip():
        return ""
    office = looks_like_office(html)
    if not office and not _NEEDS_PARSE.search(html):
        return html
    root = _parse(html)
    if office:
        _mark_list_markers(root)
        _strip_office_junk(root)
        _convert_word_lists(root)
        _inline_styles_to_tags(root)
        _tidy_tables(root)
        _drop_empty_paragraphs(root)
    _drop_unloadable_images(root)
    _shift_headings(root)
    return _serialise(root)


def _parse(html: str):
    # libxml2 stops reading at 256 levels of nesting (the rest of the text would be lost) and
    # its work grows with depth: tags beyond common.html.MAX_NESTING go first, their text stays.
    html = flatten_deep_nesting(_XML_DECLARATION.sub("", html))
    # Word's "downlevel-revealed" conditionals (<![if !supportLists]>) are not comments: their
    # content is real markup (the list marker, removed later); only the markers themselves go.
    html = _DOWNLEVEL_CONDITIONAL.sub("", html)
    if re.search(r"<body\b", html, re.IGNORECASE):
        doc = lxml.html.document_fromstring(html)
        body = doc.find("body")
        return body if body is not None else doc
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _serialise(root) -> str:
    parts = [root.text or ""]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts).strip()


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _drop_tree(el) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _unwrap(el) -> None:
    if el.getparent() is not None:
        el.drop_tag()


def _strip_office_junk(root) -> None:
    for el in list(root.iter()):
        if el is root:
            continue
        if not isinstance(el.tag, str):  # comments (incl. conditional comments), PIs
            _drop_tree(el)
            continue
        tag = _tag(el)
        style = el.get("style", "")
        if tag in _DROP_TREE or tag.startswith(("v:", "w:", "m:")) or _MSO_IGNORE.search(style):
            _drop_tree(el)
        elif tag == "a" and not el.get("href"):
            _unwrap(el)  # Word bookmarks such as <a name="_GoBack">
        elif tag == "p" and "msotitle" in el.get("class", "").lower():
            el.tag = "h1"
    for el in list(root.iter()):
        if el is not root and _tag(el) in _UNWRAP:
            _unwrap(el)


def _drop_unloadable_images(root) -> None:
    """Word's clipboard points images at file:///C:/…; the sanitiser would keep an <img> with no src."""
    for img in list(root.iter("img")):
        if not _SAFE_IMG_SRC.match(img.get("src", "").strip()):
            _drop_tree(img)


def _list_info(el) -> tuple[int, bool] | None:
    """(level, ordered) of a Word list paragraph, or None."""
    if _tag(el) != "p":
        return None
    match = _MSO_LIST.search(el.get("style", ""))
    if not match:
        return None
    return int(match.group(2)), bool(el.get("data-ordered"))


def _mark_list_markers(root) -> None:
    """Remember whether each Word list paragraph is numbered, then remove its typed marker."""
    for p in root.iter("p"):
        if not _MSO_LIST.search(p.get("style", "")):
            continue
        for span in p.iter("span"):
            if _MSO_IGNORE.search(span.get("style", "")):
                marker = " ".join(span.text_content().replace("\xa0", " ").split())
                if _ORDERED_MARKER.match(marker):
                    p.set("data-ordered", "1")
                _drop_tree(span)
                break


def _convert_word_lists(root) -> None:
    """Runs of consecutive Word list paragraphs become (nested) <ul>/<ol> lists."""
    for parent in list(root.iter()):
        if not isinstance(parent.tag, str):
            continue
        children = list(parent)
        i = 0
        while i < len(children):
            if _list_info(children[i]) is None:
                i += 1
                continue
            run = []
            while i < len(children) and (info := _list_info(children[i])) is not None:
                run.append((children[i], info))
                i += 1
            _replace_run(parent, run)


def _replace_run(parent, run) -> None:
    position = parent.index(run[0][0])
    tops = []
    stack: list[tuple[int, etree._Element]] = []
    for p, (level, ordered) in run:
        while stack and stack[-1][0] > level:
            stack.pop()
        if not stack or stack[-1][0] < level:
            new_list = lxml.html.Element("ol" if ordered else "ul")
            if stack:
                holder = stack[-1][1]
                last_item = holder[-1] if len(holder) else etree.SubElement(holder, "li")
                last_item.append(new_list)
            else:
                tops.append(new_list)
            stack.append((level, new_list))
        item = etree.SubElement(stack[-1][1], "li")
        item.text = (p.text or "").lstrip("\xa0 ")
        for child in list(p):
            item.append(child)
        parent.remove(p)
    for offset, top in enumerate(tops):
        top.tail = "\n"
        parent.insert(position + offset, top)


def _inline_styles_to_tags(root) -> None:
    """Spans go; bold/italic/underline carried by their style become <strong>/<em>/<u>."""
    for span in list(root.iter("span")):
        style = span.get("style", "")
        classes = set(span.get("class", "").split()) & _KEEP_SPAN_CLASSES
        wrappers = [
            tag
            for tag, pattern in (("strong", _BOLD), ("em", _ITALIC), ("u", _UNDERLINE))
            if pattern.search(style)
        ]
        if classes and not wrappers:
            span.attrib.clear()
            span.set("class", " ".join(sorted(classes)))
            continue
        if wrappers:
            inner = span
            span.tag = wrappers[0]
            span.attrib.clear()
            for tag in wrappers[1:]:
                child = lxml.html.Element(tag)
                child.text, inner.text = inner.text, None
                for grandchild in list(inner):
                    child.append(grandchild)
                inner.append(child)
                inner = child
        else:
            _unwrap(span)


def _tidy_tables(root) -> None:
    """A cell holding a single Word paragraph keeps the text, not the paragraph."""
    for cell in list(root.iter("td", "th")):
        paragraphs = [c for c in cell if _tag(c) == "p"]
        if len(paragraphs) == 1 and len(cell) == 1 and not (cell.text or "").strip():
            _unwrap(paragraphs[0])


def _drop_empty_paragraphs(root) -> None:
    for p in list(root.iter("p")):
        text = p.text_content().replace("\xa0", " ").strip()
        if not text and p.find(".//img") is None:
            _drop_tree(p)


def _shift_headings(root) -> None:
    """The page's title is the only <h1>: pasted headings move one level down (h1→h2 … h4 at most)."""
    levels = {int(el.tag[1]) for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6")}
    if not levels:
        return
    shift = 1 if 1 in levels else 0
    for el in list(root.iter("h1", "h2", "h3", "h4", "h5", "h6")):
        el.tag = f"h{min(int(el.tag[1]) + shift, 4)}"
