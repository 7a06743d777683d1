"""Show untrusted text (a file name, a typed name) on one line, as it is: every control, bidi,
zero-width or undecodable character escaped, so a newline or a right-to-left override in a corpus
file name cannot add a line to a warning or to review.md, or reorder what a reviewer reads."""

from __future__ import annotations

INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def escaped(text: object, limit: int = 300) -> str:
    out = []
    text = str(text)
    for ch in text[:limit]:
        if "\udc80" <= ch <= "\udcff":  # a byte of a file name that is not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch.isprintable() and ch not in INVISIBLE:
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out) + ("..." if len(text) > limit else "")


def code(text: object) -> str:
    """`text` escaped as a markdown code span (no link, emphasis or line break can come out of it)."""
    shown = escaped(text)
    fence = "``" if "`" in shown else "`"
    return f"{fence} {shown} {fence}" if fence == "``" else f"`{shown}`"
