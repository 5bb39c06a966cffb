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

__all__ = ["Outlet", "find_outlet", "outlet_at", "outlets", "skeleton"]

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
_PREFIXES = frozenset(
    word.translate(_SKELETON)
    for word in [
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
)
_WORD = re.compile(r"[^\W_](?:[\w.&'’-]*[^\W_])?")
_DOMAIN = re.compile(
    r"^(?:[^\W_][\w-]*\.)+(?:kz|ru|com|org|net|media|info|news|asia|kg|uz|tj|tv|az)$"
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
def outlets() -> dict[str, Outlet]:
    """Skeleton of every known name, domain and alias → its outlet."""
    data = tomllib.loads(
        resources.files("newsreader").joinpath("data/outlets.toml").read_text(encoding="utf-8")
    )
    table: dict[str, Outlet] = {}
    for entry in data["outlet"]:
        outlet = Outlet(entry["name"], bool(entry.get("official", False)))
        for name in [entry["name"], *entry.get("domains", ()), *entry.get("aliases", ())]:
            key = " ".join(_WORD.findall(skeleton(name)))
            if key:
                table.setdefault(key, outlet)
    return table


@lru_cache(maxsize=1)
def _longest_words() -> int:
    return max(key.count(" ") + 1 for key in outlets())


def outlet_at(text: str) -> tuple[Outlet | None, str | None]:
    """The outlet named at the start of ``text`` (after prefixes like ``ИА``), as registered.

    Returns ``(outlet, None)`` for a known one, ``(None, domain)`` for an unknown web address
    (``Almaty.tv``) and ``(None, None)`` when the words there name no outlet.
    """
    words = _WORD.findall(text[:120])
    keys = [skeleton(word) for word in words]
    start = 0
    while start < len(keys) and keys[start] in _PREFIXES:
        start += 1
    table = outlets()
    for size in range(min(_longest_words(), len(keys) - start), 0, -1):
        key = " ".join(keys[start : start + size])
        if key in table:
            return table[key], None
    if start < len(keys):
        first = keys[start]
        while "." in first:  # kaz.zakon.kz → zakon.kz
            if first in table:
                return table[first], None
            if not _DOMAIN.match(first):
                break
            first = first.split(".", 1)[1]
        word = words[start]
        if _DOMAIN.match(skeleton(word)) and skeleton(word).count(".") >= 1:
            return None, word[0].upper() + word[1:]
    return None, None


def find_outlet(name: str) -> str | None:
    """The registered name of the outlet ``name`` names, or the address itself if unknown."""
    outlet, domain = outlet_at(name)
    return outlet.name if outlet else domain
