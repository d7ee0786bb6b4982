"""Snippets with the query's words in ``<mark>``, found through folding, shown with diacritics.

The words are looked for in a folded copy of the text whose characters line up with the
original: each character is folded on its own (``common.text.fold``), so "Nhặn" → "nhan" keeps
its four positions and a match in the copy is a match at the same place in the original.
Characters that fold to none or several (a stray combining mark, "ß", "ﬁ") are rare; when a
text has any, an offset table maps the copy back instead. Everything outside ``<mark>`` is
escaped, so HTML typed into the query or stored in the text stays text.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .query import FOLDS, SearchQuery

# A Vietnamese administrative text opens with a letterhead: the issuing body in capitals
# ("HUYỆN ỦY DUYÊN HẢI", "BAN CHỈ ĐẠO 35", "*"), the party or state motto ("ĐẢNG CỘNG SẢN VIỆT
# NAM", "Độc lập - Tự do - Hạnh phúc"), the number ("Số 07-KH/BCĐ") and the place and date
# ("Duyên Hải, ngày 05 tháng 01 năm 2024"). The block ends at the date line.
_LETTERHEAD_DATE = re.compile(r",\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}\s*", re.IGNORECASE)
_LETTERHEAD_LOWER = re.compile(
    r"Số\s*:?\s*\S+|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.IGNORECASE
)
_LETTERHEAD_CHARS = 500
SNIPPET_CHARS = 260
CONTEXT_BEFORE = 70
_MAX_MATCHES = 300


def fold_aligned(text: str) -> tuple[str, list[int] | None]:
    """(folded text, offsets): ``offsets[i]`` is the index in ``text`` of folded character i;
    ``None`` when every character folded to exactly one, i.e. positions are equal."""
    folded = text.translate(FOLDS)
    if FOLDS.irregular.isdisjoint(text):
        return folded, None
    offsets: list[int] = []
    for index, char in enumerate(text):
        offsets.extend([index] * len(FOLDS.of(char)))
    return folded, offsets


def _pattern(query: SearchQuery) -> re.Pattern | None:
    if query.is_empty:
        return None
    alternatives = []
    for term in sorted(query.terms, key=lambda t: -len(t.word)):
        alternatives.append(re.escape(term.word) + ("[a-z0-9]*" if term.prefix else "(?![a-z0-9])"))
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + ")")


def _phrase_pattern(query: SearchQuery) -> re.Pattern | None:
    phrase = query.phrase
    if not phrase:
        return None
    body = "[^a-z0-9]+".join(re.escape(t.word) for t in phrase)
    return re.compile(r"(?<![a-z0-9])" + body + ("" if phrase[-1].prefix else "(?![a-z0-9])"))


Span = tuple[int, int, str]  # start, end (in the original text), the folded word matched


def _spans(text: str, query: SearchQuery) -> tuple[list[Span], int | None]:
    """Matched spans in ``text`` (original positions), and where the phrase starts, if found."""
    pattern = _pattern(query)
    if pattern is None or not text:
        return [], None
    folded, offsets = fold_aligned(text)
    spans: list[Span] = []
    for found in pattern.finditer(folded):
        spans.append((*_original_span(text, offsets, found.start(), found.end()), found.group()))
        if len(spans) >= _MAX_MATCHES:
            break
    phrase_at = None
    phrase_pattern = _phrase_pattern(query)
    if phrase_pattern is not None:
        found = phrase_pattern.search(folded)
        if found:
            phrase_at = _original_span(text, offsets, found.start(), found.end())[0]
    return spans, phrase_at


def _original_span(text: str, offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    if offsets is None:
        return start, end
    begin, finish = offsets[start], offsets[end - 1] + 1
    # Keep combining marks that belong to the last matched letter inside the mark.
    while finish < len(text) and FOLDS.of(text[finish]) == "":
        finish += 1
    return begin, finish


def _render(text: str, spans: list[Span]) -> str:
    parts: list[str] = []
    position = 0
    for start, end, _ in spans:
        if start < position:
            continue
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def strip_letterhead(text: str) -> str:
    """The text without the letterhead block it opens with (unchanged when it has none): all
    that comes before the first "…, ngày … tháng … năm …" within the first lines, when that is
    capitals, the number line, the motto and the place name only."""
    found = _LETTERHEAD_DATE.search((text or "")[:_LETTERHEAD_CHARS])
    if not found:
        return text
    head = text[: found.start()]
    lines = _LETTERHEAD_LOWER.sub(" ", head).splitlines() or [""]
    # The place name before the date is written in ordinary case ("Duyên Hải").
    words = lines[-1].split()
    for _ in range(4):
        if words and words[-1][:1].isupper() and not words[-1].isupper():
            words.pop()
    lines[-1] = " ".join(words)
    if any(line != line.upper() for line in lines):
        return text
    return text[found.end() :].lstrip()


def highlight(text: str, query: SearchQuery) -> SafeString:
    """The whole text, escaped, with the query's words marked (titles, names, numbers)."""
    text = unicodedata.normalize("NFC", text or "")
    spans, _ = _spans(text, query)
    return mark_safe(_render(text, spans))  # every piece is escaped in _render


def _best_anchor(spans: list[Span], window: int) -> int:
    """Start of the window holding the most different words (the first such window)."""
    best, best_count = spans[0][0], 0
    for i, (start, _, _) in enumerate(spans):
        seen = set()
        for s, _, word in spans[i:]:
            if s >= start + window:
                break
            seen.add(word)
        if len(seen) > best_count:
            best, best_count = start, len(seen)
    return best


def snippet(text: str, query: SearchQuery, length: int = SNIPPET_CHARS) -> SafeString:
    """About ``length`` characters around the best match (the phrase, else the most words)."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    spans, phrase_at = _spans(text, query)
    if len(text) <= length:
        return mark_safe(_render(text, spans))
    anchor = 0
    if spans:
        anchor = phrase_at if phrase_at is not None else _best_anchor(spans, length - CONTEXT_BEFORE)
    start = max(0, anchor - CONTEXT_BEFORE)
    if start:
        space = text.find(" ", start, anchor)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    inside = [(s - start, e - start, w) for s, e, w in spans if s >= start and e <= end]
    html = _render(text[start:end], inside)
    return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))
