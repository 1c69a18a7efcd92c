"""Small builders for Graphviz HTML-like labels: every user string passes
through `escape.dot_html` here, so the views never splice raw text into DOT.

Every text is also bounded here: a wrapped one to `MAX_LINES` lines, any other
to `MAX_CHARS` characters, cut with an ellipsis. A diagram's size then follows
the number of items drawn, never the length of a name or a unit; the full text
goes into a tooltip (`cut`, then `tooltip` or `node_tooltip`) and stays in the
reports.
"""

from __future__ import annotations

from csjourney.render.escape import dot_html, dot_lines, dot_quoted, one_line, wrap
from csjourney.render.style import FONT

MAX_LINES = 5  # of a wrapped text
MAX_CHARS = 240  # of a text drawn on one line: a title, a list of segments
# Of a tooltip: Graphviz refuses a text run over 16,384 bytes in a label, and even
# escaped (`&quot;` is six bytes) this many characters stay under it.
MAX_TOOLTIP = 2000
ELLIPSIS = "\u2026"
# Graphviz scales a drawing down to fit this many inches a side: with the 96 dpi of
# PNG, 32,640 pixels, just under what cairo can draw and what graphviz-pure would
# otherwise allocate for a 1,000-touchpoint stage. No real map comes near it.
MAX_INCHES = 340


def clip(value: str, width: int = 0) -> str:
    """`value` as a label shows it; `value` itself when it fits whole."""
    if not width:
        if len(value) <= MAX_CHARS:
            return value
        return value[: MAX_CHARS - 1].rstrip() + ELLIPSIS
    # Wrapping looks at no more text than the lines can hold, so a 100k-character
    # name costs no more than a short one.
    budget = width * MAX_LINES * 2
    shown = wrap(value[:budget], width)
    if len(shown) <= MAX_LINES and len(value) <= budget:
        return value
    shown = shown[:MAX_LINES]
    shown[-1] = shown[-1][: width - 1].rstrip() + ELLIPSIS
    return "\n".join(shown)


def cut(*texts: tuple[str, int]) -> str:
    """The (value, width) texts joined, for a tooltip, when a label cuts one; else ""."""
    if all(clip(value, width) is value for value, width in texts):
        return ""
    return " \u00b7 ".join(value for value, _ in texts if value)


def tooltip(value: str) -> dict[str, str]:
    """Attributes that give a node or `cell` the tooltip `value` (none when empty).

    `href=""` is what makes Graphviz 2.43 keep a table cell's tooltip; it writes no link.
    """
    if not value:
        return {}
    return {"tooltip": dot_html(_tip(value)), "href": ""}


def node_tooltip(value: str) -> str:
    """` tooltip="..."` for a node statement, or "" when `value` is empty."""
    return f" tooltip={dot_quoted(_tip(value))}" if value else ""


def _tip(value: str) -> str:
    value = one_line(value[: MAX_TOOLTIP * 2])
    return value if len(value) <= MAX_TOOLTIP else value[: MAX_TOOLTIP - 1] + ELLIPSIS


def attribute(value: str) -> str:
    """`value` as the value of an HTML-like label attribute (an ID), escaped."""
    return dot_html(one_line(value))


def text(
    value: str,
    *,
    width: int = 0,
    size: int = 0,
    color: str = "",
    bold: bool = False,
    italic: bool = False,
    strike: bool = False,
) -> str:
    """Escaped (and, with `width`, wrapped) text in optional font markup."""
    body = dot_lines(clip(value, width), width) if width else dot_html(clip(value))
    if bold:
        body = f"<B>{body}</B>"
    if italic:
        body = f"<I>{body}</I>"
    if strike:
        body = f"<S>{body}</S>"
    attributes = (f' POINT-SIZE="{size}"' if size else "") + (f' COLOR="{color}"' if color else "")
    return f"<FONT{attributes}>{body}</FONT>" if attributes else body


def tipped(value: str, *, width: int, size: int = 0, italic: bool = False) -> str:
    """`text(value, ...)`, in a cell with the whole text as its tooltip when cut."""
    shown = text(value, width=width, size=size, italic=italic)
    full = cut((value, width))
    return table([row(cell(shown, **tooltip(full)))], cellpadding=0) if full else shown


def lines(*parts: str) -> str:
    """Join already-built label parts, one per line, left aligned."""
    return '<BR ALIGN="LEFT"/>'.join(part for part in parts if part) + '<BR ALIGN="LEFT"/>'


def cell(content: str, *, fill: str = "", align: str = "LEFT", **attributes: str | int) -> str:
    """A `<TD>`; extra attributes are given in Graphviz's upper-case names."""
    attrs = f' ALIGN="{align}" BALIGN="{align}"'
    if fill:
        attrs += f' BGCOLOR="{fill}"'
    attrs += "".join(f' {name.upper()}="{value}"' for name, value in attributes.items())
    return f"<TD{attrs}>{content}</TD>"


def table(rows: list[str], **attributes: str | int) -> str:
    """A `<TABLE>` of already-built `<TR>` rows; defaults suit nested lists."""
    defaults: dict[str, str | int] = {
        "border": 0,
        "cellborder": 0,
        "cellspacing": 0,
        "cellpadding": 2,
    }
    defaults.update(attributes)
    attrs = "".join(f' {name.upper()}="{value}"' for name, value in defaults.items())
    return f"<TABLE{attrs}>{''.join(rows)}</TABLE>"


def row(*cells: str) -> str:
    return f"<TR>{''.join(cells)}</TR>"


def html_label(content: str) -> str:
    """The DOT value of an HTML-like label: `<...>` around the markup."""
    return f"<{content}>"


def graph_header(name: str, direction: str) -> list[str]:
    """Opening lines shared by both views: fonts, colours, no version noise."""
    return [
        f"digraph {name} {{",
        f'  graph [rankdir={direction} fontname="{FONT}" bgcolor="white" pad="0.3"'
        f' nodesep="0.25" ranksep="0.35" newrank=true size="{MAX_INCHES},{MAX_INCHES}"];',
        f'  node [fontname="{FONT}" fontsize=11 margin="0.08,0.04"];',
        f'  edge [fontname="{FONT}" fontsize=9];',
    ]
