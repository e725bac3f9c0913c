"""HTML pages: main content only, block structure kept, title and date found."""

from __future__ import annotations

import datetime as dt

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
    assert page.published == dt.date(2021, 6, 4)


def test_a_page_without_a_content_root_falls_back_to_main_content_detection() -> None:
    paragraphs = "".join(
        f"<p>Paragraph {n} tells how the ILO and Zambia worked on social protection.</p>"
        for n in range(8)
    )
    text = content(f"<div class='body'><h1>Zambia</h1>{paragraphs}</div>")
    assert "Paragraph 7 tells how the ILO and Zambia worked on social protection." in text
    assert "Home" not in text and "Footer Organisation" not in text
