"""HTML pages: main content only, block structure kept, title and date found."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.html_content import html_to_content
from pipeline.patterns import load_text_rules

PAGE = """<!DOCTYPE html><html><head><title>Site | Ghana and the ILO</title>
<meta property="article:published_time" content="2021-06-04">
<script>var tracker = "USD 99 million in 1999";</script><style>p {{color: red}}</style></head>
<body><header><nav class="main-menu"><a href="/">Home</a><a href="/peru">Peru</a></nav></header>
{body}
<footer><p>© 2024 Footer Organisation, Geneva</p></footer></body></html>"""

HTML_RULES = load_text_rules().html


def content(body: str) -> str:
    return html_to_content(PAGE.format(body=body), HTML_RULES).text


def test_menus_scripts_and_footers_are_dropped() -> None:
    text = content("<main><h1>Ghana and the ILO</h1><p>Ghana gave USD 2 million.</p></main>")
    assert text == "Ghana and the ILO\n\nGhana gave USD 2 million."


@pytest.mark.parametrize(
    "body, expected",
    [
        (
            "<main><h1>T</h1><ul><li>Kenya: USD 1 million</li>"
            "<li>Peru: EUR 2 million</li></ul></main>",
            "T\n\n• Kenya: USD 1 million\n• Peru: EUR 2 million",
        ),
        (
            "<article><h1>T</h1><table><tr><th>Donor</th><th>2022</th></tr>"
            "<tr><td>Norway</td><td>4,500,000</td></tr></table></article>",
            "T\n\nDonor | 2022\nNorway | 4,500,000",
        ),
        (
            '<main><h1>T</h1><p class="meta"><time datetime="2020-03-05">5 March 2020</time></p>'
            "<p>Body text.</p></main>",
            "T\n\n5 March 2020\n\nBody text.",
        ),
        (
            '<main><h1>T</h1><div class="share-buttons">Share on X</div><p>Kept <b>bold</b>'
            " words.</p><aside>Related: Chile</aside></main>",
            "T\n\nKept bold words.",
        ),
    ],
)
def test_block_structure_becomes_lines(body: str, expected: str) -> None:
    assert content(body) == expected


def test_title_is_the_heading_and_date_comes_from_metadata() -> None:
    page = html_to_content(
        PAGE.format(body="<main><h1>Ghana and the ILO</h1><p>Hi.</p></main>"), HTML_RULES
    )
    assert page.title == "Ghana and the ILO"
    assert page.page_title == "Site | Ghana and the ILO"
    assert page.published == dt.date(2021, 6, 4)


def test_a_page_without_a_content_root_falls_back_to_main_content_detection() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} tells how the ILO and Zambia worked on social protection.</p>"
        for n in range(8)
    )
    text = content(f"<div class='body'><h1>Zambia</h1>{paragraphs}</div>")
    assert "Paragraph 7 tells how the ILO and Zambia worked on social protection." in text
    assert "Home" not in text and "Footer Organisation" not in text


@pytest.mark.parametrize("tag", ["div", "span", "font"])
@pytest.mark.parametrize("root", ["<main>", ""])  # a content root, or trafilatura's detection
def test_unclosed_tags_per_paragraph_keep_every_paragraph(tag: str, root: str) -> None:
    """libxml2 stopped building the tree at 256 levels: 252 of 400 amounts, status ok."""
    body = "".join(
        f"<{tag} class='x'><p>Grant {n} from Norway was NOK {n} million.</p>\n"
        for n in range(1, 401)
    )
    page = f"<html><head><title>Grants</title></head><body>{root}{body}</body></html>"
    text = html_to_content(page, HTML_RULES).text
    amounts = re.findall(r"NOK (\d+) million", text)
    assert amounts == [str(n) for n in range(1, 401)]


def test_a_page_nested_deeper_than_the_parser_goes_is_still_read_whole() -> None:
    """Past libxml2's 2,048 levels (huge_tree) the grouping tags are read as absent."""
    body = "".join(f"<div><p>Item {n}: USD {n} million.</p>\n" for n in range(1, 3001))
    page = f"<html><body><main><h1>Items</h1>{body}</main></body></html>"
    amounts = re.findall(r"USD (\d+) million", html_to_content(page, HTML_RULES).text)
    assert amounts == [str(n) for n in range(1, 3001)]


@pytest.mark.parametrize("encoding", ["UTF-8", "ISO-8859-1"])
def test_xhtml_with_an_xml_declaration_is_read(encoding: str) -> None:
    """lxml refuses a str with an encoding declaration: every XHTML page failed."""
    page = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Côte d’Ivoire</title></head>'
        "<body><main><h1>Côte d’Ivoire</h1><p>Belgium gave EUR 4 million in 2020.</p></main>"
        "</body></html>"
    )
    content = html_to_content(page, HTML_RULES)
    assert content.text == "Côte d’Ivoire\n\nBelgium gave EUR 4 million in 2020."
