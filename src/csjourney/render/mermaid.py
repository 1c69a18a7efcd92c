"""The Mermaid `journey` diagram of a journey: the ```mermaid block of the Markdown
report (GitHub draws it inline) and the `.mmd` file of `render --format mermaid`.

Sections are stages, tasks are touchpoints, scores are emotions and actors are the
segments a touchpoint is for. Every user string passes `mermaid_text`, which keeps
mermaid 11 from reading it as syntax; tests/render/test_mermaid_real.py runs the real
library over what we write.
"""

from __future__ import annotations

import re
from typing import Literal

from csjourney.model import Journey
from csjourney.render.escape import one_line
from csjourney.render.facts import emotion_score

Part = Literal["title", "section", "task", "actor"]

# What mermaid 11 does with a journey text, in order (mermaid.core and journey.jison):
# 1. `<tag a="b">` gets its quotes rewritten, and a `%%{...}%%` anywhere is a directive
#    (config); a line starting with `%%` is a comment.
# 2. The lexer reads `%...` (any `%` not before `{`) and `X%%...` at the start of a token
#    as a comment, `#...` as a comment, `;` as invalid; a section or task name ends at
#    `:`, the task's data at `#` or `;`; `journey`, `title `, `section `, `accTitle:`,
#    `accDescr:` and `accDescr {` at the start of a line are keywords.
# 3. The task data `: score: actors` is split at `:` and the actors at `,`.
# 4. The title (only it) goes through DOMPurify, then is drawn as text: with a `<` in it,
#    a tag vanishes and `&`, `>` show as `&amp;`, `&gt;` (without one it is kept as is).
# 5. The renderer splits task text at `<br>` (only where there is no foreignObject:
#    the default renderer shows `<br>` literally) and the legend's actors too.
# A zero-width space (no white space to the lexer, no glyph to a reader; user text has
# none, escape.plain drops them) breaks each syntax made of ordinary characters; a
# look-alike character stands for a character that is syntax by itself.
_ZWSP = "\u200b"
_LOOK_ALIKE: dict[Part, dict[str, str]] = {
    "title": {"#": "\uff03", ";": "\uff1b", "<": "\uff1c"},
    "section": {":": "\u2236", "#": "\uff03", ";": "\uff1b"},
    "task": {":": "\u2236", "#": "\uff03", ";": "\uff1b"},
    "actor": {":": "\u2236", "#": "\uff03", ";": "\uff1b", ",": "\u201a"},
}
# `%%` (a comment, a directive) and `<` before a tag or `br` name.
_BROKEN_UP = re.compile(r"%(?=%)|<(?=[A-Za-z0-9_])")
# Keywords at the start of a task line, as the lexer (case-insensitive, ASCII) reads them.
_KEYWORD = re.compile(
    r"^(%|journey(?![A-Za-z0-9_])|title\s|section\s|acc(title|descr))", re.IGNORECASE
)


def mermaid_text(text: str, part: Part = "task") -> str:
    """User text as one `part` of a Mermaid journey: read by mermaid as exactly this
    text, drawn as it reads (up to look-alikes and zero-width spaces)."""
    text = one_line(text)
    text = "".join(_LOOK_ALIKE[part].get(char, char) for char in text)
    text = _BROKEN_UP.sub(lambda m: m.group() + _ZWSP, text)
    if part == "task" and _KEYWORD.match(text):
        text = _ZWSP + text
    return text or "-"


def mermaid_journey(journey: Journey, segment_names: dict[str, str]) -> str:
    """A Mermaid `journey`: sections are stages, tasks are touchpoints, scores are
    emotions (-2..2 as 1..5) and actors are the segments a touchpoint is for."""
    lines = ["journey", f"    title {mermaid_text(journey.title, 'title')}"]
    for stage in journey.stages:
        lines.append(f"    section {mermaid_text(stage.name, 'section')}")
        stage_segments = stage.segments or journey.segments
        tasks = [(t.name, t.emotion, t.segments or stage_segments) for t in stage.touchpoints]
        if not tasks:  # Mermaid draws an empty section as nothing: show the stage itself
            tasks = [(stage.customer_goal or stage.name, stage.emotion, stage_segments)]
        for name, emotion, segments in tasks:
            # One line: Mermaid wraps the name inside its box.
            task = mermaid_text(name, "task")
            score = emotion_score(emotion if emotion is not None else stage.emotion)
            actors = ", ".join(mermaid_text(segment_names.get(s, s), "actor") for s in segments)
            lines.append(f"      {task}: {score}: {actors}" if actors else f"      {task}: {score}")
    return "\n".join(lines) + "\n"
