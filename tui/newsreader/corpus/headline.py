"""What the lines at the top of a scraped page are: page furniture, or a headline, and how good.

The parser reads the top of a file as a run of lines of known *kinds* (hashtags, a dateline, a
language switch, a view counter, a photo credit, a rubric) and *text*. Among the text lines it
picks the title by scoring each for headline-likeness (:func:`headline_score`) instead of taking
the first line that passes a list of rules, so a badge (``18+``), a tag line, a rubric with a date
or an agency dateline never wins over the real headline, wherever the site prints it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .dates import find_date, is_date_label, is_relative_dateline
from .letters import LOWER, UPPER

__all__ = [
    "AGENCY_LEAD",
    "ATTRIBUTION",
    "CREDIT",
    "hashtags",
    "headline_score",
    "is_caption",
    "is_furniture_word",
    "is_masthead",
    "is_rubric",
    "lead_title",
    "reading_time",
    "section_prefix",
    "strip_badge",
]

_FIRST_LETTER = re.compile(r"[^\W\d_]")
_FIRST_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_TITLE_MAX = 120

_TAG_LABEL = re.compile(r"^(?:теги|тэги|тегтер|метки|tags)\s*:\s*", re.I)
LANG_MARKER = re.compile(
    r"^(?:ру|рус|ru|rus|kz|kaz|қаз|каз|қазақша|русский|en|eng)"
    r"(?:\s*[|/•·]\s*(?:ру|рус|ru|rus|kz|kaz|қаз|каз|қазақша|русский|en|eng))*$",
    re.I,
)
COUNTER = re.compile(
    r"^(?:[👁👀💬]\s*)?(?:просмотр\w*|қаралым\w*|views?|комментари\w*)?\s*:?\s*"
    r"[\d\s.,]+[kкKК]?\s*(?:просмотр\w*|қаралым\w*|views?|комментари\w*)?$",
    re.I,
)
#: A credit line: ``Фото: …``, ``77Фото: ©BAQ.KZ``, ``Коллаж: …``, ``© Артем Геодакян/ ТАСС``.
CREDIT = re.compile(
    r"^\d{0,7}\s*(?:©\s*(?=\S)|(?:©\s*)?(?:фото|фотo|сурет|суреттер|коллаж|видео|иллюстрация|"
    r"инфографика|скриншот|кадр|photo|foto|фотография|изображение)"
    # ``Фотография – өміршең өнер. …``: a dash then a long sentence is text, not a credit
    r"(?:\s*(?:[:©/|]|[-–—]\s(?![^\n]{100,}[.!?…]$))|\s*$))",
    re.I,
)
_INLINE_CREDIT = re.compile(r"[,.]\s*(?:фото|сурет|коллаж|видео)\s*[-–—:©]\s*\S", re.I)
#: (The lookahead before each alternation of words names the characters a match can start
#: with: ``re`` then skips every other position in one step instead of trying each word there.)
ATTRIBUTION = re.compile(
    r"(?=[,\s—–\-псидх])"
    r"(?<![,\s])[,\s]*(?:[—–-]\s*)?"
    r"(?=[псидх])(?:передает|передаёт|сообщает|информирует|деп хабарлайды|"
    r"хабарлайды|деп жазды|пишет(?=\s+[\w-]+\.[a-z]{2,4}\b))\b.*$",
    re.I,
)
_ATTRIBUTION_WORDS = ("переда", "сообща", "информир", "хабарлайды", "деп жазды", "пишет")
#: ``АСТАНА. KAZINFORM —``, ``Астана. 8 ноября. KAZAKHSTAN TODAY -``, ``АСТАНА, 30 наурыз –
#: Sputnik.`` at the start of a paragraph: the dateline an agency prints before its text.
AGENCY_LEAD = re.compile(
    rf"^[{UPPER}][{UPPER}a-zа-яёәғқңөұүһі-]+[.,]\s+"
    r"(?:[0-3]?\d\s+[^\W\d]+\.?,?\s+(?:\d{4}\s*(?:г\.|года)?\.?\s*)?)?"
    r"(?:[^\s—–-][^—–]{0,40}?\s*(?:/[^/]{1,40}/\s*)?[—–-]\s+|[—–-]\s*[^.\s][^.]{0,30}\.(?:\s+|$))"
    # ТАШКЕНТ /Trend/ - : the city in capitals, the agency between slashes
    rf"|^[{UPPER}][{UPPER}-]+(?:\s[{UPPER}][{UPPER}-]+)?\s+/[^/]{{1,40}}/\s*[—–-]\s+"
)
#: Section names sites print above a headline, beyond the one-word ones.
_RUBRICS = frozenset(
    """новости казахстана|новости|главное|в мире|в казахстане|мир|политика|экономика|общество|
    происшествия|спорт|культура|технологии|здоровье|образование|наука|авто|бизнес|финансы|право|
    регионы|казахстан|недвижимость|интервью|аналитика|мнения|колумнисты|статьи|кино|медицина|
    туризм|религия|история|экология|криминал|инциденты|саясат|қоғам|әлем|мәдениет|денсаулық|білім|
    ғылым|оқиға|құқық|аймақ|жаңалықтар|сұхбат|экономика және бизнес|ел жаңалықтары|
    басты жаңалықтар|спорт жаңалықтары|пікір|талдау|руханият|тарих|әдебиет""".replace("\n", "")
    .replace("  ", "")
    .split("|")
)
#: ``Новости Усть-Каменогорска и ВКО``, ``Маңғыстау жаңалықтары``: the news of a place.
_PLACE_NEWS = re.compile(r"^(?:новости|события)\s+\S|\sжаңалықтары$", re.I)
#: ``1 минута``, ``0 мин на чтение``, ``Примерное время чтения: 10 минут``: a reading time.
_READING = re.compile(
    r"^(?:(?:примерное\s+)?время\s+(?:чтения|прочтения)\s*:?\s*|оқу\s+уақыты\s*:?\s*)?~?\s*"
    r"\d{1,3}\s*(?:минут[аы]?|мин\.?|min\.?|minutes?)"
    r"(?:\s+(?:на\s+чтение|чтения|на\s+прочтение|оқу\s+үшін|оқуға|read))?(?=\s|$)",
    re.I,
)
#: A call to follow the site (``подписывайтесь на наш Instagram!``, ``Telegram-арнамызға
#: жазылыңыз``): a promotion printed among the text, never its headline.
_PROMO = re.compile(
    r"(?=[пчсжs])"
    r"(?:подписывайтесь|подпишитесь|подписаться на|читайте нас|следите за нами|жазылыңыз|"
    r"жазылып алыңыз|subscribe)",
    re.I,
)
#: ``Жамбыл облыстық қоғамдық-саяси газет``, ``Общественно-политическая газета``: a masthead.
_MASTHEAD = re.compile(
    r"(?=[оракгұнихм])(?:облыст|областн|республика|аудандық|районн|қалалық|городск|қоғамдық|общественн|ұлттық|"
    r"национальн|ақпараттық|информационн|халықаралық|международн)\w*(?:[\s-]+\w+){0,4}\s+"
    r"(?:газет[аіы]?|газеті|апталығы|еженедельник|журналы?|порталы?|басылымы|издание|"
    r"агенттігі|агентство)$",
    re.I,
)
#: An age rating printed after a headline: ``… жайдақтанбасын 12+``.
_BADGE = re.compile(r"\s+(?:0|6|12|16|18)\+$")
#: Pictographs before a headline (a flag, an emoji): decoration, not words.
_PICTOGRAPHS = re.compile(r"^[\U0001F000-\U0001FAFF\u2190-\u2BFF\uFE0F\u200D\s]+(?=\S)")
#: Two words glued without a space, a capital after three small letters (``бөлісуWhatsapp``,
#: ``ДомойГлавные``): menu items or share buttons run together, never a headline's words.
_GLUED = re.compile(r"[а-яёәғқңөұүһі]{3}[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]|[a-z]{3}[А-ЯЁӘҒҚҢӨҰҮҺІ]")
#: A small letter then a capital: every glued pair holds one (a fast test before :data:`_GLUED`).
_CASE_STEP = re.compile(r"[а-яёәғқңөұүһіa-z][A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")
#: ``Новости. Число жертв …``: a programme's or section's name glued before a headline.
_SECTION_PREFIX = re.compile(
    rf"^(?P<section>новости|главное|видео|фото|фоторепортаж|интервью|аналитика|мнение|"
    rf"жаңалықтар|бейне|сұхбат|пікір)\.\s+(?=[«\"{UPPER}])",
    re.I,
)
#: A sentence's end in a lead: a full stop (or ! ? …) and a capital or a quote after it.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"" + UPPER + "])")
#: ``им.``, ``г.``, ``ул.``, ``ж.``, initials (``У.А.``): an abbreviation's full stop ends no
#: sentence.
_ABBREVIATION = re.compile(rf"(?:^|\s)(?:[{LOWER}]{{1,3}}|(?:[{UPPER}]\.){{0,2}}[{UPPER}])\.$")


def hashtags(line: str) -> list[str] | None:
    """The tags of a line made only of ``#hashtags`` (tags may hold spaces: ``#АЭС в
    Казахстане``) or of ``Теги: a, b``, else ``None``."""
    if "#" not in line and ":" not in line:
        return None
    labelled = _TAG_LABEL.match(line)
    rest = line[labelled.end() :] if labelled else line
    if labelled and "#" not in rest:
        words = [w.strip() for w in rest.split(",")]
        return [w for w in words if w] or None
    if not rest.startswith("#") or len(rest) > 300:
        return None
    parts = [part.strip(" ,;.") for part in rest.split("#")[1:]]
    if not parts or any(
        len(part) > 40 or len(part.split()) > 4 or not any(c.isalnum() for c in part)
        for part in parts
    ):
        return None
    return parts


@lru_cache(maxsize=64)  # the parser asks of a line more than once (as a line and as alt text)
def is_caption(line: str) -> bool:
    """A photo credit or caption line: ``Фото: …``, ``… , фото - Новости Zakon.kz от …``."""
    return bool(CREDIT.match(line)) or (len(line) <= 300 and bool(_INLINE_CREDIT.search(line)))


def is_rubric(line: str, *, loose: bool = False) -> bool:
    """A section name: one capitalised word, or a known rubric (``Новости Казахстана``); with
    ``loose``, any capitalised run of up to three words (``Центральная Азия``)."""
    if len(line) > 40 or not line[0].isupper():
        return False
    if line.lower() in _RUBRICS:  # ӘДЕБИЕТ in capitals too
        return True
    if line.isupper():  # РУ, KZ: a switch
        return False
    words = line.split()
    if len(words) <= 5 and _PLACE_NEWS.search(line) and all(c.isalpha() or c in " -" for c in line):
        return True
    if len(words) > (3 if loose else 1) or (loose and len(line) > 30):
        return False
    return all(c.isalpha() or c in " -" for c in line)


def is_furniture_word(line: str) -> bool:
    """A short line that is page furniture with no field of its own: a language switch, a
    counter, a badge (``18+``), a label with no value (``Опубликовано:``), ``Сегодня, 14:20``."""
    if len(line) > 80:
        return False
    if LANG_MARKER.match(line) or COUNTER.match(line) or is_date_label(line):
        return True
    if is_relative_dateline(line):
        return True
    return len(line) <= 12 and len(_LETTERS.sub("", line)) >= len(line) - 2  # 18+, ★, →


def reading_time(line: str) -> str | None:
    """What follows a reading time opening ``line`` (``1 минута Кристина Никулина`` → the name,
    ``''`` when nothing does), or ``None`` when the line opens with none."""
    match = _READING.match(line)
    return None if match is None else line[match.end() :].strip()


def is_masthead(line: str) -> bool:
    """A newspaper's or portal's description of itself: ``… облыстық қоғамдық-саяси газет``."""
    return len(line) <= 80 and not line.endswith(".") and bool(_MASTHEAD.search(line))


def strip_badge(title: str) -> str:
    """The headline without an age rating printed after it (``… 12+``) or pictographs before
    it (a flag)."""
    return _PICTOGRAPHS.sub("", _BADGE.sub("", title))


def section_prefix(title: str) -> tuple[str, str] | None:
    """``Новости. Число жертв …`` → (``Новости``, the headline); ``None`` without such a prefix."""
    match = _SECTION_PREFIX.match(title)
    if match is None or headline_score(title[match.end() :]) is None:
        return None
    return match["section"], title[match.end() :]


def headline_score(line: str) -> float | None:
    """How much ``line`` reads as a headline (higher is better); ``None`` when it cannot be one.

    A headline has 2–30 words, mostly letters, no final period, colon or comma, no attribution
    (``передает Zakon.kz``) and no agency dateline. Short lines (a name, a rubric), lines with a
    date, separators (``•``, ``|``) and every word capitalised (a menu) score lower; where the
    line stands (above a photo credit, among tags) is for the caller to weigh.
    """
    length = len(line)
    if length < 10 or length > 220:
        return None
    if line[-1] in ".,;:" and not line.endswith(("...", "…")):
        return None
    words = line.split()
    count = len(words)
    if count < 2 or count > 30:
        return None
    first = _FIRST_LETTER.search(line)
    if first is None or first[0].islower() or "http" in line or "www." in line:
        return None
    if length - len(_LETTERS.sub("", line)) < 0.6 * length:
        return None
    if (
        _CASE_STEP.search(line) and len(_GLUED.findall(line)) >= 2
    ):  # Facebook-ке бөлісуWhatsapp-қа бөлісуTelegram-ға бөлісу
        return None
    low = line.lower()
    if any(word in low for word in _ATTRIBUTION_WORDS) and ATTRIBUTION.search(line):
        return None
    if AGENCY_LEAD.match(line) or is_caption(line) or _PROMO.search(line):
        return None
    score = 2.0 if 4 <= count <= 20 else (0.5 if count > 20 else -1.5)
    if _FIRST_DIGIT.search(line) and find_date(line) is not None:
        score -= 2
    if any(sep in line for sep in (" • ", " | ", " · ", " / ")):
        score -= 2
    capitals = [w for w in words if w[0].isalpha()]
    if len(capitals) >= 3 and all(w[0].isupper() for w in capitals):
        score -= 1
    return score


def lead_title(lead: str) -> str:
    """A title derived from the lead sentence: attribution removed, ≤ 120 chars, cut at a word."""
    text = AGENCY_LEAD.sub("", lead)
    text = ATTRIBUTION.sub("", text).strip()
    sentence = _first_sentence(text)
    sentence = sentence.rstrip(" ,;:—–-") or lead.strip()  # "Передает Zakon.kz": the lead
    if len(sentence) <= _TITLE_MAX:
        return sentence.rstrip(".")
    cut = sentence[:_TITLE_MAX].rsplit(" ", 1)[0]
    words = cut.split()
    # Don't end on a preposition or conjunction ("… посольство Ирана в…").
    while len(words) > 3 and len(words[-1]) <= 2:
        words.pop()
    return " ".join(words).rstrip(" ,;:—–-") + "…"


def _first_sentence(text: str) -> str:
    """The text up to its first sentence's end, an abbreviation's full stop (``им. Костенко``)
    not counting as one."""
    for end in _SENTENCE_END.finditer(text):
        if not _ABBREVIATION.search(text, 0, end.start()):
            return text[: end.start()].strip()
    return text.strip()
