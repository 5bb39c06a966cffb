"""Inflections of Russian and Kazakh words, decided from the query side.

Stemming every corpus word is unreliable when two languages share one folded alphabet: the Kazakh
dative ``-на`` would cut ``Ирана`` to ``ира``, and ``-ден``/``-та`` would cut ``президента`` to
``през``. So the index stores words as they are, and a query word is matched against the forms
that are *its stem plus a valid chain of endings*:

* :func:`stem_candidates` peels up to two endings off the query word (``токаева`` → ``токаев``,
  ``тока``; ``иранды`` → ``иранд``, ``иран``), never leaving fewer than four letters;
* :func:`is_inflection` accepts what a corpus word adds to a candidate stem when it is one to three
  known endings (``-а``, ``-ды``, ``-ев`` + ``-тын``, ``-лар`` + ``-ды`` …; a one-letter ending
  only last).

``каспий`` thus meets ``каспия`` and ``каспием`` but not ``каспер``; ``токаев`` meets ``токаева``,
``тоқаевтың`` but not ``бакаев``. Endings are written folded (``ғ→г``, ``ң→н``, ``і→и`` …).
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["MIN_STEM", "is_inflection", "stem_candidates"]

#: The shortest stem a query word is cut to.
MIN_STEM = 4
#: The longest ending chain a corpus word may add to a stem.
MAX_TAIL = 9

_RUSSIAN = """
    ейшими ейшего ейшему ейшая ейшее ейший ейших
    иями ями ами ого его ому ему ыми ими ией ием иям иях ях ах ов ев ей ий ый ой ая яя ое ее
    ую юю ых их ым им ом ем ам ям ою ею ью ия ие ии ию ья ье ьи
    ться тся ешь ишь ете ите ет ит ут ют ат ят ала ила ела ыла ало ило ело али или ели ыли
    ал ил ел ял ся сь ть ого
    а я о е ы и у ю ь й
"""
_KAZAKH = """
    ндагы ндеги дагы деги тагы теги
    нын нин дын дин тын тин
    дан ден тан тен нан нен мен бен пен
    лар лер дар дер тар тер
    ымыз имиз мыз миз ныз низ сыз сиз
    лау леу дау деу тау теу
    нда нде
    лары лери дары дери тары тери ынан инен ына ине ында инде ымен имен ынын инин
    га ге ка ке на не ны ни ды ди ты ти да де та те сы си ын ин ым им
"""
_ENDINGS = frozenset((_RUSSIAN + _KAZAKH).split())
_LONGEST = max(map(len, _ENDINGS))


@lru_cache(maxsize=1 << 14)
def is_inflection(tail: str, links: int = 3) -> bool:
    """True when ``tail`` is 1–``links`` endings (a one-letter ending only at the end)."""
    if not tail or len(tail) > MAX_TAIL:
        return False
    if tail in _ENDINGS:
        return True
    if links <= 1:
        return False
    return any(
        tail[:cut] in _ENDINGS and is_inflection(tail[cut:], links - 1)
        for cut in range(2, min(len(tail) - 1, _LONGEST) + 1)
    )


@lru_cache(maxsize=1 << 12)
def stem_candidates(term: str) -> tuple[str, ...]:
    """Stems of a folded query ``term``: one or two endings peeled, longest stem first.

    Several candidates because the language of a lone query word is unknown; a wrong candidate
    costs little, since a corpus word must still be that stem plus valid endings.
    """
    if len(term) <= MIN_STEM or not term.isalpha():
        return ()
    found: list[str] = []
    frontier = [term]
    for _ in range(2):
        following = []
        for word in frontier:
            for cut in range(1, min(len(word) - MIN_STEM, 5) + 1):
                if word[-cut:] in _ENDINGS:
                    candidate = word[:-cut]
                    if candidate not in found:
                        found.append(candidate)
                        following.append(candidate)
        frontier = following
    found.sort(key=len, reverse=True)
    return tuple(found)
