"""Keep a teacher's TeX away from Markdown, then put it back where it belongs.

Markdown must not see TeX (``_`` and ``\\`` would become emphasis and escapes), so before
Markdown runs every ``$…$``, ``$$…$$`` and ``\\$`` is swapped for a stand-in token and, after
Markdown and nh3 have run, the tokens are swapped back. Two rules make this safe for any text:

* The stand-ins carry a random nonce that does not occur in the teacher's text, so no text can
  pose as a token; a token-looking string that is not one of ours is left as it is.
* Tokens are restored by where they ended up in the sanitised HTML: in ordinary text they
  become ``<span class="math-inline">`` / ``<div class="math-display">`` (typeset by
  static/js/lesson.js), inside ``<code>`` / ``<pre>`` and inside attribute values (a link title,
  an image's alt text) they become the literal ``$…$`` they were written as.
"""

from __future__ import annotations

import html
import re
import secrets

_MATH_OR_CODE = re.compile(
    r"(?P<fence>^[ \t]{0,3}(?P<fch>`{3,}|~{3,})[^\n]*\n.*?^[ \t]{0,3}(?P=fch)[ \t]*$)"
    r"|(?P<code>(?P<ticks>`+)[^`].*?(?P=ticks))"
    r"|(?P<escaped>\\\$)"
    r"|\$\$(?P<display>.+?)\$\$"
    # Inline math as pandoc reads it: no space just inside the dollars, no digit right after
    # the closing one, so "costs $5 or $10" stays text; no backtick, so code spans win.
    r"|\$(?P<inline>[^\s$`](?:[^$`\n]*?[^\s$`\\])?)\$(?!\d)",
    re.MULTILINE | re.DOTALL,
)
# nh3 serialises every attribute value in double quotes with '"' escaped, so a tag ends at
# the first '>' outside quotes. Comments, <script> and <style> never survive nh3.
_TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')
_LITERAL_ELEMENT = re.compile(r"<(/?)(pre|code)(?=[\s>/])")

INLINE, DISPLAY, DOLLAR = "inline", "display", "dollar"
# A wide formula scrolls sideways on a phone, and keyboard users can only scroll what takes focus.
SCROLLABLE = ' tabindex="0"'


class MathTokens:
    """The math of one text, protected while Markdown runs: ``protect`` then ``restore``."""

    def __init__(self, text: str) -> None:
        readable = html.unescape(text)  # "&#75;NDM…" must not spell a token after parsing
        while True:
            prefix = f"KNDM{secrets.token_hex(4)}N"
            if prefix not in text and prefix not in readable:
                break
        self.prefix = prefix
        self.items: list[tuple[str, str]] = []
        self.pattern = re.compile(re.escape(prefix) + r"(\d+)Z")
        self._display_paragraph = re.compile(r"<p>\s*" + re.escape(prefix) + r"(\d+)Z\s*</p>")

    def protect(self, text: str) -> str:
        """The text with each formula (and each escaped dollar) replaced by a token."""

        def swap(match: re.Match) -> str:
            if match.group("fence") or match.group("code"):
                return match.group(0)  # code keeps its dollars
            if match.group("escaped"):
                self.items.append((DOLLAR, "$"))
            elif match.group("display") is not None:
                self.items.append((DISPLAY, match.group("display")))
            else:
                self.items.append((INLINE, match.group("inline")))
            return f"{self.prefix}{len(self.items) - 1}Z"

        return _MATH_OR_CODE.sub(swap, text)

    def strip(self, text: str) -> str:
        """The text without tokens (a heading's slug is made from its words, not its TeX)."""
        return self.pattern.sub("", text)

    def restore(self, fragment: str) -> str:
        """Put the math back into sanitised HTML, each token as fits where it stands."""
        if not self.items:
            return fragment
        # A display formula alone in its paragraph becomes a block, so it is not nested in <p>.
        fragment = self._display_paragraph.sub(self._display_block, fragment)
        out: list[str] = []
        literal_depth = 0  # inside <pre> or <code>, math stays as written
        position = 0
        for tag in _TAG.finditer(fragment):
            out.append(self._text(fragment[position : tag.start()], literal=literal_depth > 0))
            out.append(self.pattern.sub(self._attribute_value, tag.group(0)))
            element = _LITERAL_ELEMENT.match(tag.group(0))
            if element and not tag.group(0).endswith("/>"):
                literal_depth = max(0, literal_depth + (-1 if element.group(1) else 1))
            position = tag.end()
        out.append(self._text(fragment[position:], literal=literal_depth > 0))
        return "".join(out)

    def restore_text(self, escaped_text: str) -> str:
        """Put math back into escaped plain text (a table-of-contents label)."""
        return self._text(escaped_text, literal=False)

    def _item(self, match: re.Match) -> tuple[str, str] | None:
        index = int(match.group(1))
        return self.items[index] if index < len(self.items) else None

    def _written(self, match: re.Match) -> str | None:
        """The formula as the teacher wrote it, dollars included."""
        item = self._item(match)
        if item is None:
            return None
        kind, tex = item
        return {INLINE: f"${tex}$", DISPLAY: f"$${tex}$$", DOLLAR: "$"}[kind]

    def _display_block(self, match: re.Match) -> str:
        item = self._item(match)
        if item is None or item[0] != DISPLAY:
            return match.group(0)
        return f'<div class="math-display"{SCROLLABLE}>{html.escape(item[1].strip())}</div>'

    def _text(self, text: str, *, literal: bool) -> str:
        def typeset(match: re.Match) -> str:
            item = self._item(match)
            if item is None:
                return match.group(0)
            kind, tex = item
            if literal:
                return html.escape(self._written(match), quote=False)
            if kind == DOLLAR:
                return "$"
            if kind == DISPLAY:
                return f'<span class="math-display"{SCROLLABLE}>{html.escape(tex.strip())}</span>'
            return f'<span class="math-inline">{html.escape(tex.strip())}</span>'

        return self.pattern.sub(typeset, text)

    def _attribute_value(self, match: re.Match) -> str:
        written = self._written(match)
        return match.group(0) if written is None else html.escape(written, quote=True)
