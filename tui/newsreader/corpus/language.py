"""Which language an article is in: Kazakh (``kk``) or Russian (``ru``), in either script.

Kazakh is told from Russian by the letters only Kazakh uses: ә ғ қ ң ө ұ ү һ і in Cyrillic; in
the Latin alphabets (2018: ``á ǵ ń ó ú ý ı``; 2021 and others: ``ä ğ ñ ö ş ū ü``, and ``q`` in
every one) by the same sounds' letters, which Russian in Latin letters never needs.
"""

from __future__ import annotations

import re

__all__ = ["language"]

#: The Latin letters of the Kazakh alphabets that neither English nor a transliteration of
#: Russian uses (``q`` stands for қ).
_LATIN_KAZAKH = re.compile("[áǵńóúýıäğñöşūüqÁǴŃÓÚÝÄĞÑÖŞŪÜQİ]")
_LATIN = re.compile("[A-Za-z]")
#: The share of Kazakh-only letters among the Cyrillic (or the Latin) ones that makes a text
#: Kazakh; a Russian text quoting a Kazakh name stays below it.
_SHARE = 0.015
_LATIN_SHARE = 0.03


def language(text: str) -> str:
    """``kk`` when the text's title and lead are Kazakh (Cyrillic or Latin script), else ``ru``."""
    head = text[:2000]  # the title and the lead tell
    # Counted in UTF-8 (fast): the Kazakh letters ә ғ қ ң ө ұ ү һ (either case) are the only
    # letters of Russian and Kazakh encoded with a first byte of 0xD2 or 0xD3, and і is D1 96.
    data = head.encode("utf-8", "surrogatepass")
    kazakh = data.count(b"\xd2") + data.count(b"\xd3") + data.count(b"\xd1\x96")
    kazakh += data.count(b"\xd0\x86")  # І
    # Cyrillic letters take two bytes in UTF-8, ASCII one: a cheap count of the non-ASCII.
    non_ascii = len(data) - len(head)
    if kazakh >= 3 and kazakh >= _SHARE * non_ascii:
        return "kk"
    if len(head) - non_ascii <= non_ascii:  # fewer ASCII characters than Cyrillic: Russian
        return "ru"
    latin = len(_LATIN.findall(head))
    if latin <= non_ascii:  # Cyrillic (or no letters): Russian
        return "ru"
    return "kk" if len(_LATIN_KAZAKH.findall(head)) >= _LATIN_SHARE * latin else "ru"
