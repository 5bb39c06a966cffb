"""Find which outlet published an article, from attributions in Russian and Kazakh."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Lower-case key fragment → the outlet's one spelling.
OUTLETS: dict[str, str] = {
    "kazpravda": "Kazpravda.kz", "казправд": "Kazpravda.kz", "казахстанская правда": "Kazpravda.kz",
    "zakon": "Zakon.kz", "закон.kz": "Zakon.kz",
    "kazinform": "Kazinform", "казинформ": "Kazinform", "inform.kz": "Kazinform",
    "қазинформ": "Kazinform",
    "tengrinews": "Tengrinews.kz", "тенгриньюс": "Tengrinews.kz",
    "kaztag": "КазТАГ", "казтаг": "КазТАГ",
    "interfax": "Интерфакс-Казахстан", "интерфакс": "Интерфакс-Казахстан",
    "informburo": "Informburo.kz", "nur.kz": "NUR.KZ", "sputnik": "Sputnik Казахстан",
    "kursiv": "Kursiv.media", "khabar": "Хабар 24", "хабар 24": "Хабар 24", "24.kz": "Хабар 24",
    "egemen": "Egemen Qazaqstan", "егемен": "Egemen Qazaqstan", "vlast.kz": "Vlast.kz",
    "orda.kz": "Orda.kz", "baq.kz": "Baq.kz", "kazakhstan today": "Kazakhstan Today",
    "kt.kz": "Kazakhstan Today", "el.kz": "El.kz", "aikyn": "Aikyn.kz", "айқын": "Aikyn.kz",
    "ktk": "КТК", "ктк": "КТК", "lsm.kz": "LSM.kz", "time.kz": "Время",
    "exclusive.kz": "Exclusive.kz",
    "kapital.kz": "Kapital.kz", "forbes.kz": "Forbes Kazakhstan", "astana tv": "Astana TV",
}  # fmt: skip

_NAME = r"(?P<src>[«\"]?\w[\w.&-]*(?:\s\w[\w.&-]*){0,2}[»\"]?)"
#: (keywords that must occur in the lower-cased line, pattern); checked in this order.
_PATTERNS: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    # …, передает Kazpravda.kz / передает корреспондент Zakon.kz / сообщает МИА «Казинформ»
    (
        ("передает", "передаёт", "сообщает", "пишет", "информирует", "со ссылкой"),
        re.compile(
            r"\b(?:передает|передаёт|сообщает|пишет|информирует|со ссылкой на)\s+"
            r"(?:(?:корреспондент\w*|корр\.|собкор|сайт|агентство|издание|портал|МИА)\s+)*" + _NAME,
            re.I,
        ),
    ),
    # …, деп хабарлайды Kazinform / Kazinform тілшісі хабарлайды
    (("хабарлайды",), re.compile(r"\bхабарлайды\s+(?:(?:ҚР|МИА)\s+)?" + _NAME, re.I)),
    (("тілшісі",), re.compile(_NAME + r"\s+(?:агенттігінің\s+)?тілшісі", re.I)),
    # АСТАНА. KAZINFORM — / Астана. 8 ноября. KAZAKHSTAN TODAY -
    (
        ("",),
        re.compile(
            r"^[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+[.,]\s+(?:[0-3]?\d\s+\w+\.?\s+(?:\d{4}\s*г?\.?\s*)?)?"
            r"(?P<src>[^\s—–-][^—–]{0,40}?)\s+[—–-]\s"
        ),
    ),
    # фото - Новости Zakon.kz от 02.03.2026 / сурет - Zakon.kz жаңалық
    (("новости", "жаңалық"), re.compile(r"(?:новости|жаңалықтары?)\s+" + _NAME, re.I)),
    (("фото", "сурет"), re.compile(r"(?:фото|сурет)\s*[-–—:]\s*" + _NAME, re.I)),
]
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:kz|ru|com|org|net|media|info|news|asia)$", re.I)


def canonical_outlet(name: str) -> str | None:
    """One spelling per known outlet; an unknown name only when it looks like an outlet."""
    name = name.strip(" «»\"'.,;:()")
    key = name.lower()
    for fragment, outlet in OUTLETS.items():
        if fragment in key:
            return outlet
    first = name.split()[0] if name else ""
    if _DOMAIN.match(first):
        return first[0].upper() + first[1:]
    if len(first) >= 3 and first.isupper() and first.isalpha():
        return first
    return None


def find_source(lines: Iterable[str]) -> str | None:
    """The outlet named by the first attribution found in ``lines`` (tried in order)."""
    lines = list(lines)
    lowered = [line.lower() for line in lines]
    for keywords, pattern in _PATTERNS:
        for line, low in zip(lines, lowered, strict=True):
            if not any(word in low for word in keywords):
                continue
            for match in pattern.finditer(line):
                outlet = canonical_outlet(match["src"])
                if outlet:
                    return outlet
    return None
