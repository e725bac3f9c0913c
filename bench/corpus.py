"""A synthetic corpus for benchmarks and tests: text, HTML and PDF documents (one and two
columns, typeset with reportlab) built from sentences written for this project.

The same ``seed`` gives the same bytes (reportlab's invariant mode), so doc_ids are stable.

    python bench/corpus.py OUT_DIR --documents 200
"""

from __future__ import annotations

import argparse
import html
import random
from dataclasses import dataclass
from pathlib import Path

COUNTRIES = (
    "Malawi", "Viet Nam", "Bangladesh", "Jordan", "Peru", "Tunisia", "Cambodia", "Ghana",
    "Indonesia", "Colombia", "the Philippines", "Senegal", "Nepal", "Ethiopia", "Morocco",
)  # fmt: skip
DONORS = (
    "Sweden", "Denmark", "Norway", "Switzerland", "the Republic of Korea", "Australia",
    "Japan", "Germany", "the Netherlands", "Canada",
)  # fmt: skip
PROGRAMMES = (
    "Better Work", "SCORE", "Vision Zero Fund", "Start and Improve Your Business (SIYB)",
    "Global Accelerator on Jobs and Social Protection for Just Transitions",
    "Skills for Prosperity Programme", "Decent Jobs for Youth Initiative",
)  # fmt: skip
CURRENCIES = ("US$", "USD ", "SEK ", "CHF ", "€", "DKK ", "NOK ")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
TEMPLATES = (
    "In {month} {year}, {donor} pledged {money} to the {programme} in {country}.",
    "The {programme} will run from {year} to {year2} and reach workers in {country}.",
    "A review carried out in {month} {year} found that factories in {country} had cut "
    "overtime hours after joining the {programme}.",
    "{donor} and the ILO signed an agreement worth {money} on {day} {month} {year}.",
    "Between {year} and {year2}, about {money} was spent on training in {country} and {country2}.",
    "Trade unions in {country} asked for the {programme} to be extended beyond {year2}.",
    "The second phase, budgeted at {money}, covers {country}, {country2} and small firms "
    "in rural districts.",
    "Employers' organizations in {country} welcomed the funding announced in {month} {year}.",
    "More than 4,000 women in {country} took part in courses offered since {year}.",
    "The steering committee met in {country2} on {day} {month} {year} to approve a work plan.",
)


@dataclass(frozen=True)
class CorpusStats:
    documents: int
    pdfs: int
    pdf_pages: int


def sentence(rng: random.Random) -> str:
    year = rng.randint(2005, 2025)
    scale = rng.choice(("million", "m", "billion", ""))
    number = f"{rng.randint(1, 90)}.{rng.randint(1, 9)}" if scale else f"{rng.randint(1, 900)},000"
    money = f"{rng.choice(CURRENCIES)}{number}{' ' + scale if scale else ''}"
    countries = rng.sample(COUNTRIES, 2)
    return rng.choice(TEMPLATES).format(
        month=rng.choice(MONTHS),
        day=rng.randint(1, 28),
        year=year,
        year2=year + rng.randint(1, 5),
        donor=rng.choice(DONORS),
        money=money,
        programme=rng.choice(PROGRAMMES),
        country=countries[0],
        country2=countries[1],
    )


def paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(rng.randint(3, 6))) for _ in range(count)]


def title(rng: random.Random, number: int) -> str:
    return f"Partnership update {number}: {rng.choice(DONORS)} and {rng.choice(COUNTRIES)}"


def write_text(path: Path, rng: random.Random, number: int) -> None:
    body = "\n\n".join([title(rng, number), *paragraphs(rng, rng.randint(4, 12))])
    path.write_text(body + "\n", encoding="utf-8")


def write_html(path: Path, rng: random.Random, number: int) -> None:
    heading = html.escape(title(rng, number))
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(rng, rng.randint(4, 12)))
    path.write_text(
        f"<!DOCTYPE html>\n<html><head><title>{heading}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{heading}</h1>\n{body}\n</article>"
        f"<footer>Contact the press office.</footer></body></html>\n",
        encoding="utf-8",
    )


def write_pdf(path: Path, rng: random.Random, number: int, pages: int, columns: int) -> None:
    """A PDF of about ``pages`` pages in one or two columns."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate, Paragraph

    styles = getSampleStyleSheet()
    width, height = A4
    margin = 50
    gap = 20
    column_width = (width - 2 * margin - (columns - 1) * gap) / columns
    frames = [
        Frame(margin + i * (column_width + gap), margin, column_width, height - 2 * margin)
        for i in range(columns)
    ]
    document = BaseDocTemplate(
        str(path), pagesize=A4, invariant=1, title=title(rng, number), author="bench"
    )
    document.addPageTemplates([PageTemplate(id="body", frames=frames)])
    story = [Paragraph(title(rng, number), styles["Title"])]
    for page in range(pages):
        if page:
            story.append(PageBreak())
        for text in paragraphs(rng, 2 * columns):
            story.append(Paragraph(html.escape(text), styles["BodyText"]))
    document.build(story)


def write_corpus(
    folder: Path, documents: int, *, seed: int = 7, pdf_share: float = 0.4, pdf_pages=(4, 12)
) -> CorpusStats:
    """``documents`` files in ``folder``: PDFs (share ``pdf_share``, pages in the range
    ``pdf_pages``, one or two columns), the rest HTML and text in equal parts."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pdfs = pdf_pages_total = 0
    for number in range(documents):
        roll = rng.random()
        if roll < pdf_share:
            pages = rng.randint(*pdf_pages)
            columns = 1 + number % 2
            write_pdf(folder / f"doc{number:05d}.pdf", rng, number, pages, columns)
            pdfs += 1
            pdf_pages_total += pages
        elif roll < pdf_share + (1 - pdf_share) / 2:
            write_html(folder / f"doc{number:05d}.html", rng, number)
        else:
            write_text(folder / f"doc{number:05d}.txt", rng, number)
    return CorpusStats(documents=documents, pdfs=pdfs, pdf_pages=pdf_pages_total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pdf-share", type=float, default=0.4)
    args = parser.parse_args()
    stats = write_corpus(args.out, args.documents, seed=args.seed, pdf_share=args.pdf_share)
    print(f"{stats.documents} documents ({stats.pdfs} PDFs, {stats.pdf_pages} PDF pages)")


if __name__ == "__main__":
    main()
