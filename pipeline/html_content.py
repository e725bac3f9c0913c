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

from pipeline.patterns import HtmlRules

_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t\r\f\v]+")


@dataclass(frozen=True)
class HtmlContent:
    title: str
    text: str
    published: dt.date | None


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


def _render(element: etree._Element, rules: HtmlRules, parts: list[str]) -> None:
    """Append the text of ``element`` to ``parts``, with breaks between blocks."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in rules.paragraph_tags:
        parts.append("\n\n")
    elif tag in rules.line_tags:
        parts.append("\n")
    if tag in rules.item_tags:
        parts.append(rules.item_marker)
    elif tag in rules.cell_tags and parts and not parts[-1].endswith("\n"):
        parts.append(" | ")
    if element.text and isinstance(element.tag, str):
        parts.append(element.text)
    for child in element:
        _render(child, rules, parts)
        if child.tail:
            parts.append(child.tail)
    if tag in rules.paragraph_tags:
        parts.append("\n\n")


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = [line.strip(" |").strip() if line.startswith("|") else line for line in lines]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _title(tree: etree._Element) -> str:
    for path in ("//h1", "//meta[@property='og:title']/@content", "//title"):
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
        page, include_comments=False, include_tables=True, favor_recall=True
    )
    return extracted or ""


def html_to_content(page: str, rules: HtmlRules) -> HtmlContent:
    """Title, main text and publication date of an HTML page (each may be empty)."""
    tree = lxml_html.fromstring(page) if page.strip() else None
    if tree is None:
        return HtmlContent("", "", None)
    title = _title(tree)
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
    return HtmlContent(title=title, text=text, published=_published(page))
