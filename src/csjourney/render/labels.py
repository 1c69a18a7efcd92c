"""Small builders for Graphviz HTML-like labels: every user string passes
through `escape.dot_html` here, so the views never splice raw text into DOT.
"""

from __future__ import annotations

from csjourney.render.escape import dot_html, dot_lines
from csjourney.render.style import FONT


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
    body = dot_lines(value, width) if width else dot_html(value)
    if bold:
        body = f"<B>{body}</B>"
    if italic:
        body = f"<I>{body}</I>"
    if strike:
        body = f"<S>{body}</S>"
    attributes = (f' POINT-SIZE="{size}"' if size else "") + (f' COLOR="{color}"' if color else "")
    return f"<FONT{attributes}>{body}</FONT>" if attributes else body


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
        ' nodesep="0.25" ranksep="0.35" newrank=true];',
        f'  node [fontname="{FONT}" fontsize=11 margin="0.08,0.04"];',
        f'  edge [fontname="{FONT}" fontsize=9];',
    ]
