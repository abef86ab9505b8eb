"""Find counts and measures in a parsed Doc: numeral + qualifier + unit or counted noun.

Works left to right over tokens, once: a numeral is read at a token, then the words around
it (cue before, range, unit or currency, parenthetical conversion) decide what it is. The
counted noun comes from spaCy's dependency parse (the noun the numeral is a ``nummod`` of).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dateline.doc_text import doc_text
from dateline.model import Quantity, TextSpan
from dateline.quantities.lexicon import Lexicon, Unit
from dateline.quantities.numerals import Numeral, read_numeral

_RANGE_WORDS = frozenset({"-", "–", "—", "to"})
_LIST_BEFORE = frozenset({",", "and", "(", '"', "“", "'", ":", ";", "by"})
_LIST_AFTER = frozenset({",", ":", ")"})
_BOUND = {"at_least": "low", "more_than": "low", "at_most": "high", "less_than": "high"}
_NOUNS = frozenset({"NOUN", "PROPN"})
_NUMBER_SIGNS = frozenset({"no.", "no", "#", "number", "nr."})
_MAX_NOUN_GAP = 4  # "30,000 North Koreans": the counted noun is at most this far right


@dataclass(slots=True)
class _Measure:
    """A numeral with its unit, at tokens ``[start, end)``."""

    start: int
    end: int
    value: float
    numeral: Numeral
    unit: Unit | None = None
    currency: str | None = None
    surface: str | None = None  # the unit as written
    factor: float = 1.0  # of a currency subunit: "cents" -> 0.01


def _unit_at(doc: Doc, i: int, lex: Lexicon) -> tuple[Unit | tuple[str, float], int, str] | None:
    """The longest unit or suffix currency starting at token i: (unit or (ISO, factor), end,
    surface)."""
    for size in range(min(lex.max_unit, len(doc) - i), 0, -1):
        span = doc[i : i + size]
        for key in (" ".join(t.lower_ for t in span), span.text.lower()):
            if key in lex.suffix_currencies:
                return lex.suffix_currencies[key], i + size, span.text
            if key in lex.units:
                return lex.units[key], i + size, span.text
    return None


def _prefix_currency(doc: Doc, i: int, lex: Lexicon) -> tuple[str, int] | None:
    """A currency sign or code at token i followed by a number: (ISO, index of the number)."""
    for size in (2, 1):
        if i + size < len(doc):
            key = doc[i : i + size].text.lower()
            if key in lex.prefix_currencies and doc[i + size].text[:1].isdigit():
                return lex.prefix_currencies[key], i + size
    return None


def _magnitude(doc: Doc, num: Numeral, currency: str | None, lex: Lexicon) -> Numeral:
    """Apply "m"/"bn" (attached or as the next token), which count only after a currency."""
    if num.magnitude_needs_currency and currency is None:
        num.value, num.raw = num.raw or num.value, None
        num.end = num.start  # "5m" without a currency sign is 5 metres: read as a unit below
        return num
    if num.end < len(doc):
        entry = lex.magnitudes.get(doc[num.end].lower_.rstrip("."))
        if entry and (currency or not entry[1]):
            num.value *= entry[0]
            num.end += 1
    return num


def _measure(doc: Doc, i: int, lex: Lexicon) -> _Measure | None:
    """A numeral at i with an optional currency or unit: "$27 million", "4-kilometer"."""
    currency = None
    pre = _prefix_currency(doc, i, lex)
    j = i
    if pre:
        currency, j = pre
    num = read_numeral(doc, j, lex)
    if num is None:
        return None
    num = _magnitude(doc, num, currency, lex)
    if num.end == num.start:  # "5m": digits with an attached unit
        m = _unit_suffix(doc[j], lex)
        if m is None:
            return None
        num.end = j + 1
        return _Measure(i, j + 1, num.value, num, unit=m[0], surface=m[1])
    meas = _Measure(i, num.end, num.value, num, currency=currency)
    k = num.end
    if currency is None and k < len(doc):
        if doc[k].text == "-" and k + 1 < len(doc):  # "4-kilometer"
            k += 1
        found = _unit_at(doc, k, lex)
        if found:
            unit, end, surface = found
            if isinstance(unit, tuple):
                meas.currency, meas.factor = unit
                meas.value *= meas.factor
            else:
                meas.unit = unit
            meas.end, meas.surface = end, surface
    return meas


def _unit_suffix(tok: Token, lex: Lexicon) -> tuple[Unit, str] | None:
    text = tok.text.lower()
    digits = len(text) - len(text.lstrip("0123456789.,"))
    unit = lex.units.get(text[digits:])
    return (unit, tok.text[digits:]) if unit else None


def _same_scale(first: _Measure, second: _Measure) -> bool:
    """Can the two be the ends of one range? "20 to 30 km", "$5 to $7"; not "8% to $33 million"
    (a change and its result)."""
    if first.unit is None and first.currency is None:
        return second.currency is None or first.start == first.numeral.start
    if first.currency is not None:  # and written alike: not "rose 12 cents to $4"
        same_form = second.currency is None or second.surface == first.surface
        return second.currency in (None, first.currency) and second.unit is None and same_form
    return second.currency is None and (second.unit is None or second.unit == first.unit)


def _compound(doc: Doc, meas: _Measure, lex: Lexicon) -> _Measure:
    """ "5 feet, 7 inches": a smaller unit of the same kind right after adds to the measure."""
    if meas.unit is None or meas.unit.kind not in ("length", "mass", "duration"):
        return meas
    k = meas.end + (1 if meas.end < len(doc) and doc[meas.end].text == "," else 0)
    if k >= len(doc) or not doc[k].text[:1].isdigit():
        return meas
    nxt = _measure(doc, k, lex)
    if nxt and nxt.unit and nxt.unit.kind == meas.unit.kind and nxt.unit.factor < meas.unit.factor:
        meas.value += nxt.value * nxt.unit.factor / meas.unit.factor
        meas.end = nxt.end
    return meas


def _alternative(doc: Doc, text: str, meas: _Measure, lex: Lexicon) -> tuple[TextSpan, int] | None:
    """ "27 centimeters (10.6 inches)": the same measure in other units, and where it ends."""
    k = meas.end
    if k + 2 >= len(doc) or doc[k].text != "(":
        return None
    alt = _measure(doc, k + 1, lex)
    if alt is None:
        return None
    alt = _compound(doc, alt, lex)
    if alt.end >= len(doc) or doc[alt.end].text != ")":
        return None
    same = (meas.currency and alt.currency) or (
        meas.unit and alt.unit and alt.unit.kind == meas.unit.kind
    )
    if not same:
        return None
    first, last = doc[k + 1], doc[alt.end - 1]
    span = TextSpan(text[first.idx : last.idx + len(last)], first.idx, last.idx + len(last))
    return span, alt.end + 1


def _qualifier(doc: Doc, start: int, lex: Lexicon) -> tuple[str | None, int]:
    """The cue right before token ``start`` ("at least", "about") and where it begins."""
    for size in range(min(lex.max_cue, start), 0, -1):
        key = tuple(t.lower_ for t in doc[start - size : start])
        if key in lex.qualifiers:
            return lex.qualifiers[key], start - size
    return None, start


def _counted_noun(doc: Doc, start: int, end: int, value: float) -> Token | None:
    """The noun a numeral counts: its ``nummod`` head, or the object of "dozens of"."""
    for tok in doc[start:end]:
        head = tok.head
        if head.i >= end and head.pos_ in _NOUNS and head.i - end < _MAX_NOUN_GAP:
            # adverbs and verbs the tagger took for nouns ("One briefly", "one hurries"):
            # "-ly" words, and a plural after "one", which English does not allow
            if head.lower_.endswith("ly") or (value == 1 and head.tag_ == "NNS"):
                return None
            return head
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        for child in doc[end].children:
            if child.dep_ == "pobj" and child.pos_ in _NOUNS:
                return child
    return None


def _noun_unit(noun: Token) -> str:
    """A counted noun as its lemma; a proper noun keeps its compound words: "North Korean"."""
    if noun.pos_ != "PROPN":
        return noun.lemma_.lower()
    lemma = noun.lemma_
    if lemma == noun.text and lemma.endswith("s") and noun.tag_ == "NNPS":
        lemma = lemma[:-1]
    words = [t.text for t in noun.lefts if t.dep_ == "compound" and t.i == noun.i - 1]
    return " ".join([*words, lemma])


def _skip_reason(doc: Doc, num: Numeral, meas: _Measure, lex: Lexicon) -> int | None:
    """If the numeral is not a quantity (year, clock time, phone number, date part), the
    token index to resume after; else None."""
    tok = doc[num.start]
    n = len(doc)
    if meas.currency or meas.unit:
        return None
    nxt = doc[num.end] if num.end < n else None
    if nxt is not None and nxt.lower_ in lex.time_of_day:
        return num.end + 1
    if tok.ent_type_ in ("DATE", "TIME"):  # "November 22", unless it counts a common noun
        noun = _counted_noun(doc, num.start, meas.end, meas.value)
        if noun is None or noun.pos_ != "NOUN":
            return num.end
    text = tok.text
    if not num.words and text.isdigit() and len(text) == 4 and 1000 <= int(text) <= 2100:
        end = num.end  # a year, with its range tail: "1950-53"
        if end + 1 < n and doc[end].text in _RANGE_WORDS and doc[end + 1].text.isdigit():
            end += 2
        return end
    # phone numbers: three or more digit groups joined by hyphens or dots
    j, groups = num.start, 1
    while j + 2 < n and doc[j + 1].text in ("-", ".") and doc[j + 2].text.isdigit():
        j, groups = j + 2, groups + 1
    if groups >= 3:
        return j + 1
    return None


def _malformed(doc: Doc, num: Numeral) -> int | None:
    """ "1,2,3,,4", "3..5": digits glued to stray separators are not a numeral; skip them."""
    if num.words:
        return None
    before = doc[num.start - 1] if num.start else None
    after = doc[num.end] if num.end < len(doc) else None
    glued_before = (
        before is not None and not before.whitespace_ and before.text[-1] in ",.0123456789"
    )
    glued_after = (
        after is not None
        and not doc[num.end - 1].whitespace_
        and after.text[:1] in ",."
        and num.end + 1 < len(doc)
        and not after.whitespace_
        and doc[num.end + 1].text[:1] in ",.0123456789"
    )
    return num.end if glued_before or glued_after else None


def _identifier(doc: Doc, num: Numeral, counts_noun: bool) -> bool:
    """ "Flight 370", "Route 66", "No. 5 shirt": a number naming something, not counting it."""
    if not num.start or num.words or num.vague:
        return False
    before = doc[num.start - 1]
    if before.text == "." and num.start > 1:  # "No. 5" split as "No", "."
        before = doc[num.start - 2]
    if before.lower_ in _NUMBER_SIGNS:
        return True
    return not counts_noun and before.pos_ in _NOUNS and before.text[:1].isupper()


def _bare_word_noise(doc: Doc, num: Numeral) -> bool:
    """ "One briefly followed him", "one, firing weapons ... and two, by": a pronoun or list
    marker, not a count."""
    tok = doc[num.start]
    if tok.lower_ == "one":
        return True
    before = doc[num.start - 1].text.lower() if num.start else ""
    after = doc[num.end].text if num.end < len(doc) else ""
    # (not Token.is_sent_start: it scans the whole Doc on every call)
    return after in _LIST_AFTER and (before in _LIST_BEFORE or before in ("", ".", "!", "?"))


def extract(doc: Doc, lex: Lexicon, blocked: set[int]) -> list[Quantity]:
    """All quantities of a Doc, in text order. ``blocked`` holds token indices to leave
    alone (inside time expressions)."""
    out: list[Quantity] = []
    text = doc_text(doc)
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        candidate = tok.text[:1].isdigit() or tok.lower_ in lex.starts or tok.is_currency
        meas = _measure(doc, i, lex) if candidate and i not in blocked else None
        if meas is None:
            i += 1
            continue
        num = meas.numeral
        resume = _skip_reason(doc, num, meas, lex) or _malformed(doc, num)
        if resume is not None:
            i = max(resume, i + 1)
            continue
        qualifier, q_start = _qualifier(doc, i, lex)
        low = high = None
        value: float | None = meas.value
        # ranges: "20-30", "20 to 30", "between 20 and 30"
        k = meas.end
        between = q_start == i and i > 0 and doc[i - 1].lower_ == "between"
        if k + 1 < n and (doc[k].text in _RANGE_WORDS or (between and doc[k].lower_ == "and")):
            second = _measure(doc, k + 1, lex)
            bare = meas.unit is None and meas.currency is None
            if bare and second is not None and second.value < meas.value and doc[k].text == "-":
                i = second.end  # a score or result, "33-26", not two counts
                continue
            # "20 to 30 cents": the unit, and its factor, come at the end
            first = meas.value * (second.factor if bare and second is not None else 1.0)
            if second is not None and second.value >= first and _same_scale(meas, second):
                low, high, value = first, second.value, None
                meas.unit = meas.unit or second.unit
                meas.currency = meas.currency or second.currency
                meas.surface = meas.surface or second.surface
                meas.end = second.end
                qualifier = "range"
                if between:
                    q_start = i - 1
        meas = _compound(doc, meas, lex)
        if qualifier != "range":
            value = meas.value
        alt = _alternative(doc, text, meas, lex)
        unit: str | None
        kind: str
        si_value = None
        source_unit = None
        end_tok = meas.end
        if meas.currency:
            unit, kind = meas.currency, "currency"
        elif meas.unit:
            unit, kind, source_unit = meas.unit.symbol, meas.unit.kind, meas.surface
            if value is not None and kind != "percent":
                si_value = meas.unit.to_si(value)
        else:
            noun = _counted_noun(doc, num.start, meas.end, meas.value)
            noise = noun is None and num.words and not num.vague and _bare_word_noise(doc, num)
            if noise or _identifier(doc, num, noun is not None):
                i = meas.end
                continue
            unit = _noun_unit(noun) if noun is not None else None
            kind = "count"
            if noun is not None and noun.i - meas.end < _MAX_NOUN_GAP:
                end_tok = noun.i + 1
        if qualifier is None:
            qualifier = "at_least" if num.vague else "exact"
        if qualifier in _BOUND and value is not None:
            if _BOUND[qualifier] == "low":
                low = value
            else:
                high = value
        first, last = doc[q_start], doc[end_tok - 1]
        stop = last.idx + len(last)
        if last.text.endswith(".") and last.lower_.rstrip(".") in lex.magnitudes:
            stop -= 1  # "£4m." at the end of a sentence
        out.append(
            Quantity(
                text=text[first.idx : stop],
                start=first.idx,
                end=stop,
                value=value,
                low=low,
                high=high,
                qualifier=qualifier,
                unit=unit,
                si_value=si_value,
                kind=kind,
                alternative=alt[0] if alt else None,
                source_unit=source_unit,
            )
        )
        i = max(alt[1] if alt else meas.end, i + 1)
    return out
