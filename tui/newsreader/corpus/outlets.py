"""The registry of news outlets (``data/outlets.toml``) and how a name in a text is matched to it.

Names are compared by their *skeleton*: lower-cased, with the Cyrillic letters that look like
Latin ones (``Еl.kz`` typed with a Cyrillic Е, ``Pars Тoday``) read as Latin, so every spelling
of one outlet meets one key. Matching is on whole words: ``ERNUR.KZ`` is not ``NUR.KZ``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "Outlet",
    "find_outlet",
    "first_words",
    "is_prefix_word",
    "is_web_address",
    "outlet_at",
    "outlets",
    "site_suffix",
    "skeleton",
]

# Both cases of each letter are listed after lower(): one key for every look-alike spelling.
_SKELETON = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
        "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "«": "", "»": "", '"': "", "“": "", "”": "",
        "„": "", "\u00a0": " ",
    }
)  # fmt: skip

#: Words an outlet's name may follow that are not part of it: ``МИА «Казинформ»``.
_PREFIX_WORDS = [
    "иа",
    "миа",
    "агентство",
    "агентства",
    "агенттігі",
    "агенттігінің",
    "информагентство",
    "сайт",
    "сайты",
    "портал",
    "портала",
    "порталы",
    "издание",
    "издания",
    "газета",
    "газеты",
    "корреспондент",
    "корреспондента",
    "корреспонденты",
    "корреспонденту",
    "собкор",
    "корр",
    "тілшісі",
    "телеарнасы",
    "телеканал",
    "телеканала",
    "радио",
]
#: Both as printed (lower-cased) and as skeletons, for the two lookups of :func:`outlet_at`.
_PREFIXES = frozenset(_PREFIX_WORDS) | frozenset(w.translate(_SKELETON) for w in _PREFIX_WORDS)
_LATIN = re.compile("[A-Za-z]")
#: ``https://www.gov.kz/memleket/…``: a link's scheme and ``www.`` before the site's name.
_SCHEME = re.compile(r"^\s*(?:https?://)?(?:www\.)?", re.I)
_QUOTES = str.maketrans({"«": "", "»": "", '"': "", "“": "", "”": "", "„": ""})
_WORD = re.compile(r"[^\W_](?:[\w.&'’-]*[^\W_])?")
_DOMAIN = re.compile(
    r"^(?:[^\W_][\w-]*\.)+(?:kz|ru|com|org|net|media|info|news|asia|kg|uz|tj|tv|az|today)$"
)


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet: the one name shown, and whether it is a government body."""

    name: str
    official: bool = False


def skeleton(text: str) -> str:
    """``text`` lower-cased with look-alike letters unified and quotes dropped."""
    return text.lower().translate(_SKELETON)


@lru_cache(maxsize=1)
def _entries() -> list[dict[str, Any]]:
    data = tomllib.loads(
        resources.files("newsreader.corpus")
        .joinpath("data/outlets.toml")
        .read_text(encoding="utf-8")
    )
    return list(data["outlet"])


@lru_cache(maxsize=1)
def outlets() -> dict[str, Outlet]:
    """Skeleton of every known name, domain and alias → its outlet."""
    table: dict[str, Outlet] = {}
    for entry in _entries():
        outlet = Outlet(entry["name"], bool(entry.get("official", False)))
        for name in [entry["name"], *entry.get("domains", ()), *entry.get("aliases", ())]:
            key = " ".join(_WORD.findall(skeleton(name)))
            if key:
                table.setdefault(key, outlet)
    return table


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    """The first word of every registered name, lower-cased as printed (a fast pre-filter)."""
    return _first_words()


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    words = set()
    for entry in _entries():
        for name in [entry["name"], *entry.get("domains", ()), *entry.get("aliases", ())]:
            found = _WORD.findall(name.lower())
            if found:
                words.add(found[0])
    return frozenset(words)


@lru_cache(maxsize=1)
def _longest_words() -> int:
    return max(key.count(" ") + 1 for key in outlets())


def outlet_at(text: str) -> tuple[Outlet | None, str | None]:
    """The outlet named at the start of ``text`` (after prefixes like ``ИА``), as registered.

    Returns ``(outlet, None)`` for a known one, ``(None, domain)`` for an unknown web address
    (``Almaty.tv``) and ``(None, None)`` when the words there name no outlet.
    """
    text = _SCHEME.sub("", text[:72], count=1)
    words = _WORD.findall(text[:64])[: _longest_words() + 3]  # the prefixes, the name
    keys = [word.lower() for word in words]
    found = _lookup(keys, _plain())
    if found is None and any(not word.isascii() and _LATIN.search(word) for word in words):
        keys = [skeleton(word) for word in words]  # Еl.kz: look-alike letters mixed in
        found = _lookup(keys, outlets())
    if found is not None:
        return found, None
    start = 0
    while start < len(keys) and keys[start] in _PREFIXES:
        start += 1
    if start < len(words) and "." in words[start] and _DOMAIN.match(keys[start]):
        word = words[start]
        return None, word[0].upper() + word[1:]
    return None, None


def _lookup(keys: list[str], table: dict[str, Outlet]) -> Outlet | None:
    start = 0
    while start < len(keys) and keys[start] in _PREFIXES:
        start += 1
    for size in range(min(_longest_words(), len(keys) - start), 0, -1):
        outlet = table.get(" ".join(keys[start : start + size]))
        if outlet is not None:
            return outlet
    if start < len(keys):
        first = keys[start]
        while "." in first:  # kaz.zakon.kz → zakon.kz
            first = first.split(".", 1)[1]
            if first in table:
                return table[first]
    return None


@lru_cache(maxsize=1)
def _plain() -> dict[str, Outlet]:
    """Every registered name lower-cased as printed (most texts need no look-alike folding)."""
    table: dict[str, Outlet] = {}
    for entry in _entries():
        outlet = Outlet(entry["name"], bool(entry.get("official", False)))
        for name in [entry["name"], *entry.get("domains", ()), *entry.get("aliases", ())]:
            key = " ".join(_WORD.findall(name.lower().translate(_QUOTES)))
            if key:
                table.setdefault(key, outlet)
    return table


def is_prefix_word(word: str) -> bool:
    """A word an outlet's name may follow without being part of it: ``агентство``, ``Радио``."""
    return word.lower() in _PREFIXES


def is_web_address(text: str) -> bool:
    """``arasha.kz``, ``www.Zakon.kz``: a line that is nothing but a site's address."""
    if "." not in text:  # most lines: no address has no dot
        return False
    return bool(_DOMAIN.match(skeleton(text.strip().removeprefix("www."))))


_SUFFIX = re.compile(r"\S\s+[-–—|]\s+(?:www\.)?(?P<site>[^\s/]+)$")


def site_suffix(line: str) -> str | None:
    """The site a page's title names after it (``Жан әлемің … - adebiportal.kz``), else ``None``."""
    match = _SUFFIX.search(line) if len(line) <= 200 else None
    return match["site"] if match and is_web_address(match["site"]) else None


def find_outlet(name: str) -> str | None:
    """The registered name of the outlet ``name`` names, or the address itself if unknown."""
    outlet, domain = outlet_at(name)
    return outlet.name if outlet else domain
