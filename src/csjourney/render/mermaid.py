"""The Mermaid `journey` diagram of a journey: the ```mermaid block of the Markdown
report (GitHub draws it inline) and the `.mmd` file of `render --format mermaid`.

Sections are stages, tasks are touchpoints, scores are emotions and actors are the
segments a touchpoint is for. Every user string passes `mermaid_text`, which keeps the
journey lexer from reading it as syntax.
"""

from __future__ import annotations

import re

from csjourney.model import Journey
from csjourney.render.escape import one_line, wrap
from csjourney.render.facts import emotion_score

# The journey lexer (mermaid's journey.jison): `#` and `%%` start comments, `;`
# is invalid, `:` ends a task name or section name and separates score from
# actors, `,` separates actors. A line starting with `journey`, `title ` or
# `section ` is read as that keyword. Look-alike characters keep the meaning.
_MERMAID = {":": "\u2236", ";": ",", "#": "\uff03", "{": "(", "}": ")"}
_MERMAID_KEYWORD = re.compile(r"^(journey|title\s|section\s|acc(title|descr))", re.IGNORECASE)


def mermaid_text(text: str, *, actor: bool = False) -> str:
    """Text for a Mermaid journey title, section, task or (with `actor`) actor name."""
    text = one_line(text).replace("%%", "%")
    text = "".join(_MERMAID.get(char, char) for char in text)
    if actor:
        text = text.replace(",", " ")
    if _MERMAID_KEYWORD.match(text):
        # A zero-width space is not white space to the lexer, so it breaks the keyword.
        text = "\u200b" + text
    return text.strip() or "-"


def mermaid_journey(journey: Journey, segment_names: dict[str, str]) -> str:
    """A Mermaid `journey`: sections are stages, tasks are touchpoints, scores are
    emotions (-2..2 as 1..5) and actors are the segments a touchpoint is for."""
    lines = ["journey", f"    title {mermaid_text(journey.title)}"]
    for stage in journey.stages:
        lines.append(f"    section {mermaid_text(stage.name)}")
        stage_segments = stage.segments or journey.segments
        tasks = [(t.name, t.emotion, t.segments or stage_segments) for t in stage.touchpoints]
        if not tasks:  # Mermaid draws an empty section as nothing: show the stage itself
            tasks = [(stage.customer_goal or stage.name, stage.emotion, stage_segments)]
        for name, emotion, segments in tasks:
            # Mermaid does not wrap task names; it does split them at <br>.
            task = "<br>".join(mermaid_text(line) for line in wrap(name, 22))
            actors = ", ".join(mermaid_text(segment_names.get(s, s), actor=True) for s in segments)
            score = emotion_score(emotion if emotion is not None else stage.emotion)
            lines.append(f"      {task}: {score}: {actors}")
    return "\n".join(lines) + "\n"
