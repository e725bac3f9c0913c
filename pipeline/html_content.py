"""Main content of an HTML page as text, with block structure kept as line breaks.

Rules (patterns/html_rules.json): drop scripts, styles, menus, headers, footers and asides;
read the page's content root (`<main>`, `<article>` ...) with one line per block and cells
joined by ` | `. A page with no content root is left to trafilatura's main-content detection.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from pipeline.patterns import CELL_SEPARATOR, HtmlRules

_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\r\f\v]+")
# Tags that only group or style text. A page that never closes them (one more per paragraph)
# nests deeper than libxml2 builds a tree (2,048 levels even with huge_tree); without them
# it reads whole.
_GROUPING_TAGS = re.compile(r"</?(?:div|span|font)\b[^>]*>", re.IGNORECASE)
_TOO_DEEP = "Excessive depth"


@dataclass(frozen=True)
class HtmlContent:
    title: str
    text: str
    published: dt.date | None
    page_title: str = ""  # the <title> element: names the site (`... - Global Affairs Canada`)


def _is_dropped(element: etree._Element, rules: HtmlRules) -> bool:
    if not isinstance(element.tag, str):
        return True  # comments and processing instructions
    if element.tag.lower() in rules.drop_tags:
        return True
    if (element.get("role") or "").lower() in rules.drop_roles:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    classes = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return any(word in classes for word in rules.drop_class_words)


def _drop_boilerplate(root: etree._Element, rules: HtmlRules) -> None:
    for element in list(root.iter()):
        if element is root or element.getparent() is None:
            continue
        if _is_dropped(element, rules):
            element.drop_tree()


def parse_page(page: str) -> etree._Element:
    """The page's element tree, read whole however deep it nests.

    The text is handed to libxml2 as UTF-8 bytes, so an XML declaration that names another
    encoding (XHTML) neither fails (lxml refuses a str with an encoding declaration) nor
    changes the decoding already done. ``huge_tree`` lifts libxml2's nesting limit from 256
    to 2,048 levels: pages that never close a ``<div>``, ``<span>`` or ``<font>`` nest one
    level per paragraph, and the tree was cut there without a word. A page deeper still is
    read again with those grouping tags left out."""
    parser = lxml_html.HTMLParser(encoding="utf-8", huge_tree=True)
    tree = lxml_html.fromstring(page.encode("utf-8"), parser=parser)
    if any(_TOO_DEEP in error.message for error in parser.error_log):
        flat = _GROUPING_TAGS.sub("", page)
        tree = lxml_html.fromstring(flat.encode("utf-8"), parser=parser)
    return tree


def _render(root: etree._Element, rules: HtmlRules, parts: list[str]) -> None:
    """Append the text of ``root`` to ``parts``, with breaks between blocks. A loop over an
    explicit stack, not recursion: a page can nest 2,048 levels deep."""
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if closing:
            if tag in rules.paragraph_tags:
                parts.append("\n\n")
            if element is not root and element.tail:
                parts.append(element.tail)
            continue
        if tag in rules.paragraph_tags:
            parts.append("\n\n")
        elif tag in rules.line_tags:
            parts.append("\n")
        if tag in rules.item_tags:
            parts.append(rules.item_marker)
        elif tag in rules.cell_tags and parts and not parts[-1].endswith("\n"):
            parts.append(CELL_SEPARATOR)
        if element.text and isinstance(element.tag, str):
            parts.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = [line.strip(" |").strip() if line.startswith("|") else line for line in lines]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


_OG_TITLE = "//meta[@property='og:title']/@content"


def _title(tree: etree._Element, paths: tuple[str, ...] = ("//h1", _OG_TITLE, "//title")) -> str:
    for path in paths:
        found = tree.xpath(path)
        if found:
            value = found[0] if isinstance(found[0], str) else found[0].text_content()
            value = " ".join(str(value).split())
            if value:
                return value
    return ""


def _published(page: str) -> dt.date | None:
    from htmldate import find_date

    try:
        found = find_date(page, original_date=True, extensive_search=False)
    except Exception:  # htmldate raises on odd markup; a missing date is not an error
        return None
    try:
        return dt.date.fromisoformat(found) if found else None
    except ValueError:
        return None


def _trafilatura_text(page: str) -> str:
    import trafilatura

    extracted = trafilatura.extract(
        parse_page(page), include_comments=False, include_tables=True, favor_recall=True
    )
    return extracted or ""


def html_to_content(page: str, rules: HtmlRules) -> HtmlContent:
    """Title, main text and publication date of an HTML page (each may be empty)."""
    tree = parse_page(page) if page.strip() else None
    if tree is None:
        return HtmlContent("", "", None)
    title = _title(tree)
    page_title = _title(tree, ("//title",))
    _drop_boilerplate(tree, rules)
    roots: list[etree._Element] = next(
        (tree.xpath(path) for path in rules.content_roots if tree.xpath(path)), []
    )
    if roots:
        parts: list[str] = []
        _render(roots[0], rules, parts)
        text = _tidy("".join(parts))
    else:
        text = _tidy(_trafilatura_text(page))
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}" if text else title
    return HtmlContent(title, text, _published(page), page_title)
