"""Find which outlet published an article, from the ways Russian and Kazakh texts name it.

Every place a text names an outlet is a *clue* with a weight: an attribution (``передает
Zakon.kz``, ``деп хабарлайды BAQ.KZ``, ``– Sputnik``), an agency dateline (``АСТАНА.
KAZINFORM —``), a ``Источник:`` line, a reporter (``корреспондент агентства Kazinform``), a
site's own caption (``фото - Новости Zakon.kz``), a photo credit (``Фото: Kazinform``), a mention
in a sentence. The heaviest clue wins, the earliest among equals. Outlets are matched through the
registry (:mod:`.outlets`); an unknown web address counts only where a text attributes itself to
it, never from a credit, so ``Фото: primeminister.kz`` does not make a government site the source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .letters import UPPER
from .outlets import find_outlet, first_words, is_prefix_word, outlet_at

__all__ = ["find_source"]

_VERB = (
    r"передает|передаёт|передают|сообщает|сообщае|сообщил[аи]?|пишет|пишут|информирует|"
    r"хабарлайды|хабарлады|жазды|жазады|мәлімдеді|дейді"
)
#: (words that start a clue, pattern matched at each of them on the lower-cased text whose end
#: is where the outlet's name starts, weight). Words are found with ``str.find``, which is many
#: times faster than a regular expression searching the whole text.
_AFTER: list[tuple[tuple[str, ...], re.Pattern[str], int]] = [
    (
        ("переда", "сообщ", "пишет", "пишут", "информир", "хабарла", "жазды", "жазады",
         "мәлімдеді", "дейді"),
        re.compile(
            rf"(?:{_VERB})\b\s*(?:(?:корреспондент\w*|собкор\w*|агентств[оа]|"
            r"тілшісі|сайт[аы]?|порталы?|издание)\s+)*"
        ),
        10,
    ),
    (
        # Об этом Kazinform сообщили в …, Бұл туралы Stan.kz ақпарат агенттігі хабарлайды: the
        # outlet told, named before the verb
        ("об этом", "бұл туралы"),
        re.compile(rf"(?:об этом|бұл туралы)\s+(?=\S+(?:\s+\S+){{0,3}}?\s+(?:{_VERB})\b)"),
        9,
    ),
    (
        ("источник", "дереккөз", "source", "по материалам", "по данным"),
        re.compile(r"(?:источник|дереккөз|source|по материалам|по данным)\s*:?\s*"),
        9,
    ),
    (
        ("корреспондент", "собкор"),
        re.compile(r"(?:корреспондент|собкор)\w*\s+(?:агентства\s+)?"),
        7,
    ),
    (
        ("новости", "жаңалық"),
        re.compile(r"(?:новости|жаңалықтары?)\s+(?=\S+\s+(?:от|жаңалық)\s+\d)"),
        6,
    ),
    (
        ("со ссылкой", "сілтеме", "ссылаясь"),
        re.compile(r"(?:со ссылкой на|сілтеме жасап|ссылаясь на)\s+"),
        2,
    ),
]  # fmt: skip
#: ``АСТАНА. KAZINFORM —`` / ``Астана. 8 ноября. KAZAKHSTAN TODAY -`` / ``ТАНА. 28 қараша.
#: ҚазАқпарат /Марлан Жиембай/ -`` at a paragraph's start, spaced or not
#: (``Астана.7 маусым.ҚазТАГ-``).
_DATELINE_BEFORE = re.compile(
    rf"^[{UPPER}][\w-]+(?:[.,]\s+|\.(?=[0-3]?\d\s))"
    rf"(?:[0-3]?\d\s+\w+(?:\.\s*|,?\s+)(?:\d{{4}}\s*(?:г\.|года|ж\.)?\.?\s*)?)?"
    r"(?P<src>[^\s—–-][^—–\n]{0,40}?)\s*(?:/[^/\n]{1,40}/\s*)?[—–-]\s",
    re.M,
)
#: ``АСТАНА, 30 наурыз – Sputnik.`` : the agency after the dash.
_DATELINE_AFTER = re.compile(
    rf"^[{UPPER}][\w-]+[.,]\s+[0-3]?\d\s+\w+\.?\s*[—–-]\s*(?P<src>[^\s.][^.\n]{{0,30}})\.", re.M
)
#: ``CentralAsia (KZ) - Министерство…`` / ``Астана, NEGE. Владимир…``: an agency's name
#: opening a paragraph, with or without the city.
_BRAND_LEAD = re.compile(
    rf"^(?:(?P<src>[{UPPER}][\w.-]+(?:\s\([A-Z]{{2,3}}\))?)\s+[—–-]\s"
    rf"|[{UPPER}][\w-]+,\s+[«\"“]?(?P<src2>[{UPPER}][\w.-]{{2,30}})[»\"”]?\.\s+[{UPPER}«\"])",
    re.M,
)
#: ``Алматы. 13 марта. Центр информации. В Москве…``: the agency closed by a full stop.
_DATELINE_DOTTED = re.compile(
    rf"^[{UPPER}][\w-]+[.,]\s+[0-3]?\d\s+\w+\.\s+(?P<src>[{UPPER}][^.\n]{{1,40}}?)\.\s", re.M
)
#: ``ТАШКЕНТ /Trend/ -``: the agency between slashes after the city.
_DATELINE_SLASHED = re.compile(rf"^[{UPPER}][\w-]+\s+/(?P<src>[^/\n]{{1,40}})/\s*[—–-]\s", re.M)
_BRAND = re.compile(r"^(?:[A-ZА-Я][a-zа-я]+[A-ZА-Я]\w*|[A-Z]{3,}|[A-ZА-Я]{2,}[a-z]*[A-Z]\w*)$")
#: ``«Алаш айнасы» желілік-басылымы``: a publication named in quotes.
_QUOTED = re.compile(
    r"[«\"“](?P<src>[^»\"”\n]{2,30})[»\"”]\s+(?:желілік-басылымы|басылымы|газеті\w*|порталы|"
    r"сайты|газета|газеты|издание|сетевое издание|телеарнасы)"
)
#: A name in quotes (``«ZhambylNews» Ақпараттық Агенттігі``) and the kind of outlet after it.
_QUOTED_AFTER = re.compile(
    rf"[«\"“](?P<src>[{UPPER}][^«»\"“”\n]{{1,40}})[»\"”]"
    r"(?P<kind>\s+(?:ақпараттық\s+|ақпарат\s+)?(?:агенттігі|газеті|порталы|сайты|телеарнасы|"
    r"басылымы)\b)?",
    re.I,
)
_KIND = re.compile(r"(?:агентств|сайт|портал|издание|газет|телеканал)\w*\s*$")
#: ``Kazinform тілшісі``, ``Pars Today хабарлауынша``: the name before the word.
_BEFORE = re.compile(r"(?P<src>[«\"“]?[\w.-]+[»\"”]?)\s+(?:агенттігінің\s+)?$")
_CREDIT = re.compile(
    r"(?:фото|сурет|коллаж|видео|photo|foto)\s*(?:[:©]|[-–—]\s)\s*(?P<src>[^\n]{1,80})", re.I
)
#: The lead and the end of a text (characters), where attributions and datelines are looked for.
_HEAD, _TAIL = 1200, 600
#: Paragraphs of the lead read for an agency's dateline.
_LEAD_LINES = 4
_TOKEN = re.compile(r"[^\W_][\w.&'’-]*[^\W_]|[^\W\d_]")
#: A letter or a Roman numeral after a name: a model's (``Sputnik V``).
_MODEL = re.compile(r"^(?:[A-Z]|[IVX]{2,4})$")


def _mentions(text: str) -> list[tuple[int, int, str]]:
    """Registered outlets named anywhere (weight 1): ``Tengrinews.kz продолжает…``. A name
    must be printed as one (capitalised, or an address): ``во время`` names no newspaper."""
    printed = _TOKEN.findall(text)
    known = first_words()
    if known.isdisjoint(map(str.lower, printed)):  # stops at the first known word
        return []
    words = [word.lower() for word in printed]
    found = []
    for position, word in enumerate(words):
        after = printed[position + 1] if position + 1 < len(printed) else ""
        if _MODEL.match(after):  # Sputnik V (a vaccine), not the agency
            continue
        before = printed[position - 1] if position else ""
        if "." not in word and before[:1].isupper() and not is_prefix_word(before):
            continue  # Soltüstik Qazaqstan (a region): part of a longer name, not the channel
        if word in known and (printed[position][0].isupper() or "." in word):
            outlet, _ = outlet_at(" ".join(words[position : position + 3]))
            if outlet is not None and not outlet.official:
                found.append((1, position, outlet.name))
    return found


def _attributions(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Clues that follow a word of :data:`_AFTER` in ``spans`` of ``text``; a later span is
    read only when the earlier ones name no outlet."""
    clues: list[tuple[int, int, str]] = []
    for number, (start, end) in enumerate(spans):
        if number >= 2 and any(weight >= 9 for weight, _, _ in clues):
            break
        low = text[start:end].lower()
        if len(low) != end - start:  # a letter whose lower case is longer (İ): as printed
            low = text[start:end]
        for words, pattern, weight in _AFTER:
            for word in words:
                at = low.find(word)
                while at >= 0:
                    if at == 0 or not low[at - 1].isalnum():
                        match = pattern.match(low, at)
                        if match is not None:
                            _clue(text, start, match, weight, clues)
                    at = low.find(word, at + len(word))
    return clues


def _clue(
    text: str, offset: int, match: re.Match[str], weight: int, clues: list[tuple[int, int, str]]
) -> None:
    end = offset + match.end()
    outlet, domain = outlet_at(text[end : end + 120])
    if outlet is not None and (weight >= 9 or not outlet.official):
        clues.append((weight, offset + match.start(), outlet.name))
    elif domain is not None and weight >= 9:
        clues.append((weight - 1, offset + match.start(), domain))
    elif weight >= 9 and (named := _quoted_outlet(match[0], text[end : end + 120])) is not None:
        clues.append((weight - 1, offset + match.start(), named))


def _quoted_outlet(verb: str, after: str) -> str | None:
    """An unknown name in quotes after an attribution that says it is an outlet: ``передает
    агентство «…»``, ``деп хабарлайды «…» ақпараттық агенттігі``."""
    match = _QUOTED_AFTER.match(after)
    if match is None or not (match["kind"] or _KIND.search(verb)):
        return None
    return match["src"]


def _datelines(line: str, start: int, clues: list[tuple[int, int, str]]) -> None:
    """An agency's dateline opening ``line``: ``АСТАНА. KAZINFORM —``, ``CentralAsia (KZ) -``."""
    for pattern in (_DATELINE_BEFORE, _DATELINE_AFTER, _DATELINE_SLASHED, _DATELINE_DOTTED):
        if (match := pattern.match(line)) is not None:
            outlet, domain = outlet_at(match["src"])
            if outlet is not None or domain is not None:
                clues.append((9, start, outlet.name if outlet else str(domain)))
    if (match := _BRAND_LEAD.match(line)) is not None:
        src = match["src"] or match["src2"]
        outlet, domain = outlet_at(src)
        name = outlet.name if outlet else domain or (src if _BRAND.match(src.split()[0]) else None)
        if name is not None and not (outlet and outlet.official):
            clues.append((8, start, name))


def find_source(
    text: str,
    captions: Sequence[str] = (),
    site_lines: Sequence[str] = (),
    labelled: str | None = None,
) -> str | None:
    """The outlet an article names as its publisher: ``text`` is its lines joined by newlines,
    ``captions`` its photo captions and credits, ``site_lines`` web addresses printed alone
    at the top of the page (or after its title), ``labelled`` a name printed under a
    ``Источник:`` label."""
    # The lead names the outlet in most articles: read first, and alone if it does.
    size = len(text)
    lead = text.find("\n")
    lead = min(size if lead < 0 else lead, _HEAD)
    clues = _attributions(text, [(0, lead)])
    _datelines(text[:lead], 0, clues)
    if any(weight >= 9 for weight, _, _ in clues):
        return min(clues, key=lambda clue: (-clue[0], clue[1]))[2]
    # Attributions sit in the lead or at the end: the middle of a long text is read only
    # when those name no outlet.
    if size <= _HEAD + _TAIL:
        spans = [(lead, size)]
    else:
        spans = [(lead, _HEAD), (size - _TAIL, size), (_HEAD, size - _TAIL)]
    clues += _attributions(text, spans)
    start = lead + 1
    for line in text[start:_HEAD].split("\n")[: _LEAD_LINES - 1]:  # datelines open a paragraph
        _datelines(line, start, clues)
        start += len(line) + 1
    for word in ("тілшісі", "хабарлауынша"):
        at = text.find(word)
        while at >= 0:
            before = _BEFORE.search(text, max(0, at - 60), at)
            if before is not None and (outlet := outlet_at(before["src"])[0]) is not None:
                clues.append((8, at, outlet.name))
            at = text.find(word, at + 1)
    if not any(weight >= 6 for weight, _, _ in clues):
        for position, caption in enumerate(captions):
            for match in _CREDIT.finditer(caption):
                for part in re.split(r"\s*[/,|]\s*|\s+и\s+", match["src"].lstrip("© ")):
                    outlet, _ = outlet_at(part)
                    if outlet is not None and not outlet.official:
                        clues.append((3, len(text) + position, outlet.name))
                        break
    for line in site_lines:  # arasha.kz printed alone at the top: the site's name
        clues.append((5, -1, find_outlet(line) or line))
    if labelled is not None:  # Источник: / Устинка LIVE
        clues.append((9, -1, find_outlet(labelled) or labelled))
    if not any(weight >= 5 for weight, _, _ in clues):
        for match in _QUOTED.finditer(text):
            outlet, _ = outlet_at(match["src"])
            clues.append((2, match.start(), outlet.name if outlet else match["src"]))
    if not clues:
        clues = _mentions("\n".join([text, *captions]))
    if not clues:
        return None
    return min(clues, key=lambda clue: (-clue[0], clue[1]))[2]
