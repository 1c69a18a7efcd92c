"""`csjourney render`: journey map diagrams (Graphviz) and Markdown/HTML reports.

The entry point is `csjourney.render.pipeline.render_workspace`, which returns
the output files as data; `csjourney.render.command.render` is the CLI command
that writes them. Nothing is imported here: the CLI imports `command` at start
up, and that must not pull in pydantic, Jinja2 or the views.
"""
