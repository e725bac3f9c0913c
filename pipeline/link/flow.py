"""Flow: which of SPEC's verb classes an amount's money is in, read from the cue attached to
THIS amount in its sentence (docs/funding.md, "Flow"), not from the nearest cue in words.

In order: money under an agreement the sentence says was signed is a commitment; a budget
form right before the amount (`worth`, `a budget of`, `funded with`) is a budget; else the
verb that governs the amount in its clause decides (the nearest verb cue before the amount,
else a passive or reduced verb right after it: `US$ 2 million was allocated by`), with tense
and modality (`will provide`, `is to be disbursed`, `plans to fund`: a pledge; `agreed to
provide`: a commitment); an amount that names a project (`a US$ 5 million project`) is a
budget unless a pledge governs it; then a noun attached to the amount (`a grant of`, `the
contribution is`, `US$ 5 million in grants`); then the nearest verb cue of the sentence, then
the nearest noun cue; else `other`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.link.rules import Cues, FlowRules
from pipeline.link.words import Word, find_phrases
from schemas import Flow, Mention


@dataclass(frozen=True)
class Cue:
    """A cue found in the sentence: its words ``[start, end)`` and the class it gives."""

    start: int
    end: int
    flow: Flow
    signs: bool = False  # `signed`, `sign`: an agreement was signed
    purpose: bool = False  # after `to` that no verb of planning or agreeing governs


def signs_agreement(texts: set[str], rules: FlowRules) -> bool:
    """The words say an agreement was signed (`signed`, `sign` ... and `agreement`,
    `memorandum` ...)."""
    return bool(texts & rules.signed_words and texts & rules.agreement_words)


def flow_of(
    text: str, words: list[Word], amount: Mention, start: int, end: int, rules: FlowRules
) -> Flow:
    contrast = clause_of(text, words, amount, start, end, rules, contrast_only=True)
    texts = {w.text for w in words if contrast[0] <= w.start and w.end <= contrast[1]}
    if signs_agreement(texts, rules):
        return Flow.COMMITMENT  # in the amount's clause: `...; and Norad gave` is not signed
    if rules.fiscal_year.search(text, max(0, amount.char_start - 30), amount.char_start):
        return Flow.COMMITMENT  # `FY 2010 : USD 1,000,000`
    first = next((i for i, w in enumerate(words) if w.start >= amount.char_start), len(words))
    after = next((i for i, w in enumerate(words) if w.start >= amount.char_end), len(words))
    if attached_before(words, first, rules.budget_before, rules.gap, rules.budget_not_after):
        return Flow.BUDGET
    if funded_with(words, first, rules):
        return Flow.BUDGET
    verbs = verb_cues(words, rules)
    low, high = clause_of(text, words, amount, start, end, rules)
    clause = [c for c in verbs if low <= words[c.start].start and words[c.end - 1].end <= high]
    governing = governing_verb(words, clause, first, after, rules)
    names_project = budget_noun_after(words, after, rules)
    if governing is not None:
        between = {w.text for w in words[governing.end : first]}
        if governing.signs and not between & rules.budget_gap_words:
            # `ILO and Japan sign US$ 2 million project`; but `an instrument signed on a
            # €23m project` signs something else: the amount is the project's budget
            return Flow.COMMITMENT
        if governing.flow is not Flow.PLEDGE and names_project:
            return Flow.BUDGET
        return governing.flow
    if names_project:
        return Flow.BUDGET
    # a purpose clause after the amount (`US$ 2 million to support workers`) says what the
    # money is for, not how it flows; a verb of another clause (`Japan pledged ..., while
    # Korea's contribution was ...`) only where the amount's clause has no cue at all
    others = [c for c in verbs if not (c.start >= after and c.purpose)]
    low, high = contrast
    near = [c for c in others if low <= words[c.start].start and words[c.end - 1].end <= high]
    if near:
        return nearest(words, near, amount).flow
    noun = attached_noun(words, first, after, rules)
    if noun is not None:
        return noun
    if others:
        return nearest(words, others, amount).flow
    # a noun cue after a marker of the future is a verb (`to support`)
    nouns = [
        c
        for c in noun_cues(words, rules)
        if not (c.start > 0 and words[c.start - 1].text in rules.future_markers)
    ]
    if nouns:
        return nearest(words, nouns, amount).flow
    return Flow.OTHER


def governing_start(
    text: str, words: list[Word], amount: Mention, start: int, end: int, rules: FlowRules
) -> int:
    """Where the verb that governs the amount starts when it stands before the amount (its
    subject stands before that), else where the amount starts."""
    first = next((i for i, w in enumerate(words) if w.start >= amount.char_start), len(words))
    after = next((i for i, w in enumerate(words) if w.start >= amount.char_end), len(words))
    low, high = clause_of(text, words, amount, start, end, rules)
    clause = [
        c
        for c in verb_cues(words, rules)
        if low <= words[c.start].start and words[c.end - 1].end <= high
    ]
    governing = governing_verb(words, clause, first, after, rules)
    if governing is not None and governing.end <= first:
        return words[governing.start].start
    return amount.char_start


def _phrases_of(
    words: list[Word], cues: Cues, flows: dict[tuple[str, ...], Flow]
) -> list[tuple[int, tuple[str, ...]]]:
    """The cues found in ``words``; ``flows`` is filled with each cue's class."""
    flows.update(dict(cues))
    return find_phrases(words, [phrase for phrase, _ in cues])


def noun_cues(words: list[Word], rules: FlowRules) -> list[Cue]:
    """Every noun cue of the words (`disbursements`, `grants`) with its class."""
    flows: dict[tuple[str, ...], Flow] = {}
    return [Cue(i, i + len(p), flows[p]) for i, p in _phrases_of(words, rules.nouns, flows)]


def verb_cues(words: list[Word], rules: FlowRules) -> list[Cue]:
    """Every verb cue of the sentence with the class its tense and modality give it: a form
    after a determiner or preposition is a noun (`the funds`); a base form is a verb only
    after a marker (`will fund`, `to provide`)."""
    flows: dict[tuple[str, ...], Flow] = {}
    base = {phrase for phrase, _ in rules.base_verbs}
    noun_words = {phrase[0] for phrase, _ in rules.nouns if len(phrase) == 1}
    found = _phrases_of(words, rules.verbs + rules.base_verbs, flows)
    cues = []
    for i, phrase in found:
        if i > 0 and words[i - 1].text in rules.noun_before:
            continue
        after = i + len(phrase)
        if after < len(words) and words[after].text in noun_words:
            continue  # `earmarked contributions`, `allocated funds`: an adjective
        marker = i - 1
        while marker >= 0 and words[marker].text in rules.future_skip:
            marker -= 1
        marked = marker >= 0 and words[marker].text in rules.future_markers
        if phrase in base and not marked:
            continue
        flow = flows[phrase]
        if marked:
            flow = _future(words, marker, phrase, flow, rules)
        signs = bool(rules.signed_words.intersection(phrase))
        purpose = marked and words[marker].text == "to" and _governor(words, marker, rules) == ""
        cues.append(Cue(i, i + len(phrase), flow, signs, purpose))
    return cues


def _future(
    words: list[Word], marker: int, phrase: tuple[str, ...], own: Flow, rules: FlowRules
) -> Flow:
    """`will provide`: a pledge; `will receive`: a commitment (an awarded allocation); after
    `to` the verb before it decides: `agreed to provide` is a commitment, `continues to
    provide` keeps the verb's class, `plans to provide` (or a headline's `X to fund`) is a
    pledge."""
    if words[marker].text == "to":
        before = _governor(words, marker, rules)
        if before in rules.commitment_governors:
            return Flow.COMMITMENT
        if before in rules.continuing_governors:
            return own
    if phrase[-1] in rules.future_as_commitment:
        return Flow.COMMITMENT
    return Flow.PLEDGE


def _governor(words: list[Word], marker: int, rules: FlowRules) -> str:
    """The verb before the `to` at ``marker`` when it is one of planning, agreeing or going on
    (`agreed to`, `plans to`, `continues to`), else ''."""
    governor = marker - 1
    while governor >= 0 and words[governor].text in rules.future_skip:
        governor -= 1
    before = words[governor].text if governor >= 0 else ""
    known = rules.commitment_governors | rules.continuing_governors | rules.pledge_governors
    return before if before in known else ""


def clause_of(
    text: str,
    words: list[Word],
    amount: Mention,
    start: int,
    end: int,
    rules: FlowRules,
    contrast_only: bool = False,
) -> tuple[int, int]:
    """The document offsets of the amount's clause: the sentence cut at the clause words
    (`while`, `but`, `which` ...) and `;` nearest the amount; a pair of spaced dashes around
    the amount encloses it (`funding for the programme – USD 9 million for 2024-26 – the
    partnership ...`), dashes that do not enclose it set off a parenthesis beside it (`Eight
    companies – ADM, Cargill ... – have pledged`). ``contrast_only``: only the contrast words
    and `;` cut (what the sentence says outside a parenthesis still holds)."""
    low, high = start, end
    cuts = rules.contrast_words if contrast_only else rules.clause_words
    for word in words:
        if word.text in cuts:
            if word.end <= amount.char_start:
                low = max(low, word.end)
            elif word.start >= amount.char_end:
                high = min(high, word.start)
    before = text.rfind(";", start, amount.char_start)
    if before >= 0:
        low = max(low, before + 1)
    following = text.find(";", amount.char_end, end)
    if following >= 0:
        high = min(high, following)
    if contrast_only:
        return low, high
    dashes_before = [text.rfind(mark, low, amount.char_start) for mark in rules.clause_marks]
    dashes_after = [text.find(mark, amount.char_end, high) for mark in rules.clause_marks]
    opening = max(dashes_before, default=-1)
    closing = min((d for d in dashes_after if d >= 0), default=-1)
    if opening >= 0 and closing >= 0:
        low, high = opening + 2, closing
    return low, high


def governing_verb(
    words: list[Word], clause: list[Cue], first: int, after: int, rules: FlowRules
) -> Cue | None:
    """The verb of the clause that governs the amount: the nearest one before it (`Sweden
    pledged US$ 5 million`), else a passive or reduced one right after it (`US$ 2 million was
    allocated by`, `US$ 2 million allocated to`); a purpose clause after the amount (`US$ 2
    million to train workers`) does not govern it."""
    before = [c for c in clause if c.end <= first]
    if before:
        return max(before, key=lambda c: c.end)
    between = rules.auxiliaries | rules.future_markers | rules.future_skip | {"has", "have", "had"}
    for cue in sorted((c for c in clause if c.start >= after), key=lambda c: c.start):
        gap = [w.text for w in words[after : cue.start]]
        if all(word in between for word in gap) and "to" not in gap[-1:]:
            return cue
        if not all(word in between for word in gap):
            return None
    return None


def funded_with(words: list[Word], first: int, rules: FlowRules) -> bool:
    """`funded by Norway with NOK 20 million`: `with` right before the amount (only gap
    words between) and a `funded_with` verb earlier in the sentence, as SPEC's `funded
    with`: the amount is what the project is funded with, its budget."""
    at = first - 1
    while at >= 0 and words[at].text in rules.gap and words[at].text != "with":
        at -= 1
    if at < 0 or words[at].text != "with":
        return False
    return any(w.text in rules.funded_with_verbs for w in words[:at])


def attached_before(
    words: list[Word],
    first: int,
    phrases: tuple[tuple[str, ...], ...],
    gap: frozenset[str],
    not_after: frozenset[str] = frozenset(),
) -> bool:
    """One of ``phrases`` ends right before the amount, only ``gap`` words between, and no
    word of ``not_after`` right before it (`the ILO regular budget of`)."""
    for i, phrase in find_phrases(words[:first], phrases):
        if i > 0 and words[i - 1].text in not_after:
            continue
        if all(w.text in gap for w in words[i + len(phrase) : first]):
            return True
    return False


def attached_noun(words: list[Word], first: int, after: int, rules: FlowRules) -> Flow | None:
    """A noun attached to the amount: right before it (`a grant of`, `the contribution is`),
    or right after it (`US$ 5 million grant`, `US$ 5 million in contributions`)."""
    flows: dict[tuple[str, ...], Flow] = {}
    found = _phrases_of(words, rules.nouns, flows)
    before = [
        (i, p)
        for i, p in found
        if i + len(p) <= first and all(w.text in rules.gap for w in words[i + len(p) : first])
    ]
    if before:
        return flows[max(before)[1]]
    for i, phrase in found:
        between = {w.text for w in words[after:i]}
        if i >= after and i - after <= 2 and not (between - {"in"}) & rules.budget_gap_words:
            return flows[phrase]
    return None


def nearest(words: list[Word], cues: list[Cue], amount: Mention) -> Cue:
    """The cue nearest the amount in characters (before it on a tie)."""

    def distance(cue: Cue) -> tuple[int, int]:
        first, last = words[cue.start], words[cue.end - 1]
        if last.end <= amount.char_start:
            return amount.char_start - last.end, 0
        if first.start >= amount.char_end:
            return first.start - amount.char_end, 1
        return 0, 0

    return min(cues, key=distance)


def budget_noun_after(words: list[Word], after: int, rules: FlowRules) -> bool:
    """`a US$ 5 million project`, `€23m decent work project`: the amount names a budget."""
    for word in words[after : after + 4]:
        if word.text in rules.budget_heads:
            return True
        if word.text in rules.budget_gap_words:
            return False
    return False
