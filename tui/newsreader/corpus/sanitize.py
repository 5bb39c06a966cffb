"""Make untrusted scraped text safe and uniform before anything else sees it."""

from __future__ import annotations

import re

# ANSI/VT escape sequences, removed whole only when they are whole: CSI (ESC [ … final, at most
# 64 parameter bytes), and OSC, DCS, SOS, PM, APC strings closed by BEL or ST within 512
# characters. Their 8-bit C1 forms (CSI U+009B, OSC U+009D, …) too. Anything else — an
# unterminated string's introducer, a lone ESC or C1 character, the ESC of a two-character
# escape — is removed alone (with the other control characters): the text after it is text, and
# none of it reaches the terminal as an instruction once the ESC is gone.
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]{0,64}[ -/]{0,8}[@-~]                      # CSI
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,512}(?:\x07|\x1b\\|\x9c)  # strings
    """,
    re.VERBOSE,
)
# Every other control character except newline and tab; also bidi overrides and isolates,
# which can reorder what the terminal shows, and stray byte-order marks.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]")
# Spaces that are not ASCII spaces: NBSP, the U+2000 block, narrow NBSP, ideographic, ogham, tab.
_ODD_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SUSPECT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_ANY = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200a\u2028-\u202f\u205f\u2066-\u2069\u3000"
    "\ufeff\ufff9-\ufffb]"
)
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85\x0b\x0c]")


def clean_text(text: str) -> str:
    """Normalise line breaks and spaces; drop escape sequences and control characters.

    Line breaks become ``\\n`` (CRLF, lone CR, Unicode line/paragraph separators); odd spaces
    (non-breaking, thin, tab, …) become plain spaces. Nothing else is changed, so every visible
    character of the input survives.
    """
    found = _ANY.search(text)  # one pass; most files need nothing, or only the spaces
    if found is None:
        return text
    if _SUSPECT.search(text, found.start()):  # rare
        text = _LINE_BREAKS.sub("\n", text)
        text = _ESCAPES.sub("", text)
        text = _CONTROLS.sub("", text)
    return _ODD_SPACES.sub(" ", text)


#: The characters besides C0 controls that a terminal may act on, that hide or reorder text, or
#: whose width terminals do not agree on (a border after them moves), as a regular-expression
#: class body shared with the one-for-one replacement of the UI: C1 controls (ESC and C1 CSI
#: start escape sequences), DEL, bidi controls, line separators, the invisible format characters
#: (Unicode's Cf but the soft hyphen, one cell wide everywhere), the Hangul fillers, the
#: non-characters of every plane, and the lone surrogates of a file name that is not UTF-8.
UNSHOWABLE_CLASS = (
    "\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\ufffe\uffff\ud800-\udfff"
    "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e\u3164\ufdd0-\ufdef\uffa0"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
)
_UNSHOWABLE = re.compile(f"[\x00-\x1f{UNSHOWABLE_CLASS}]")
#: In JSON text the line breaks of its layout stay (json.dumps escapes those inside strings).
_JSON_UNSHOWABLE = re.compile(f"[\x00-\x09\x0b-\x1f{UNSHOWABLE_CLASS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a non-UTF-8 name (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Any untrusted string — a file name, a path, a field of an article — as text a terminal
    only shows: every character it could act on (``ESC``, C1 controls, line breaks, bidi
    overrides, zero-width characters, the undecodable bytes of a file name) written as a visible
    escape (``\\x1b``, ``\\u202e``, ``\\xff``). Everything else is kept as it is. For stderr lines
    and notifications; JSON has its own escapes (:func:`json_safe`)."""
    if _UNSHOWABLE.search(text) is None:
        return text
    return _UNSHOWABLE.sub(_escape, text)


def json_safe(encoded: str) -> str:
    """JSON text (from ``json.dumps(…, ensure_ascii=False)``) with the characters a terminal may
    act on written as JSON escapes (``\\u001b``, ``\\u009b``, ``\\udcff``): the values decode to
    exactly the same strings, and the output is valid UTF-8 whatever a file name holds."""
    if _JSON_UNSHOWABLE.search(encoded) is None:
        return encoded
    return _JSON_UNSHOWABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)
