"""The letters of Russian and Kazakh (and Latin), as regular-expression class bodies."""

from __future__ import annotations

__all__ = ["LOWER", "UPPER"]

#: Capitals: Latin, Russian and the Kazakh additions, in Cyrillic and in the Latin alphabets.
UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІÁÄÇĞǴǦİŃÑŊÓÖŞÚÜŪÝ"
#: Small letters, likewise.
LOWER = "a-zа-яёәғқңөұүһіáäçğǵǧıńñŋóöşúüūý"
