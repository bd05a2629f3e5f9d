"""A step's narration (Markdown) as safe HTML for pages and as plain text for handouts.

Narration is written by a briefer but may be pasted from anywhere, and it is
shown in a room with no network: raw HTML is escaped, never passed through, and
images are not drawn (an image URL would be a request to another server): an
image is shown as its description in brackets, "[image: the map]".
"""

from __future__ import annotations

import functools
import textwrap

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


@functools.cache
def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML off: "<script>" is shown as text. markdown-it's
    # link validation already refuses javascript:, vbscript: and data: links.
    # Images stay parsed (disabling the rule would leave a stray "!" before a link)
    # and are rendered as their description only.
    parser = MarkdownIt("commonmark", {"html": False})
    parser.add_render_rule("image", _image_as_words)
    parser.core.ruler.push("own_direction", _own_direction)
    return parser


OWN_DIRECTION = frozenset({"paragraph_open", "heading_open", "list_item_open", "blockquote_open"})


def _own_direction(state: StateCore) -> None:
    # Each block takes its direction from its own words (dir="auto"): a paragraph in
    # Arabic is set right to left beside English ones, its full stop at its end.
    for token in state.tokens:
        if token.type in OWN_DIRECTION:
            token.attrSet("dir", "auto")


def _image_as_words(
    self: object, tokens: list[Token], index: int, options: object, env: object
) -> str:
    import html

    return f'<span class="image-alt">{html.escape(_image_words(tokens[index]))}</span>'


def _image_words(token: Token) -> str:
    described = "".join(child.content for child in token.children or []).strip()
    return f"[image: {described}]" if described else "[image]"


def narration_html(markdown: str) -> str:
    """Return ``markdown`` as HTML in which nothing from the text can run or fetch; each
    paragraph, heading, list item and quote takes its direction from its words."""
    html: str = _markdown().render(markdown)
    return html


def narration_text(markdown: str, width: int | None = None) -> str:
    """Return ``markdown`` as plain text, list items bulleted, wrapped to ``width`` if given."""
    lines: list[str] = []
    bullet = ""
    previous_item = False
    for token in _markdown().parse(markdown):
        if token.type == "list_item_open":
            bullet = "\u2022 " if token.markup in {"-", "*", "+"} else f"{token.info}. "
        elif token.type == "inline":
            prefix, bullet = bullet, ""
            text = prefix + _inline_text(token)
            if width:
                text = textwrap.fill(text, width, subsequent_indent=" " * len(prefix))
            # Paragraphs are set apart by a blank line; items of one list are not.
            if lines and not (prefix and previous_item):
                lines.append("")
            lines.append(text)
            previous_item = bool(prefix)
    return "\n".join(lines)


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type == "image":
            parts.append(_image_words(child))
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return " ".join("".join(parts).split())
