"""What the preview adds to the pages it serves, and the pages only it serves.

The rendered reports forbid every script and request (their Content-Security-Policy
is `default-src 'none'`), as they must when opened from disk or mailed around. The
preview needs one script: it listens to the server's build events and reloads the
page when the build it shows is no longer the newest. So the copy *served* gets its
policy widened by exactly that: this response's script (by nonce) and connections to
the server itself. The files `render` writes are never changed; this happens per
response, in memory.

The error page and the "no such page" page carry the same script, so a page showing
a broken map recovers on its own when the map is fixed.
"""

from __future__ import annotations

import html
import re
import secrets

EVENTS_PATH = "/__csjourney/events"

# The policy element templates/base.html.j2 writes; its `content` is widened in place.
_POLICY = re.compile(
    r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(">)', re.IGNORECASE
)
_BODY_END = re.compile(r"</body>", re.IGNORECASE)

# `shown` is the build this page came from; the server sends the newest one on connect
# and after every build, so a page loaded just before a build still sees it.
_SCRIPT = """<script nonce="{nonce}">
(function () {{
  var shown = "{build}";
  var events = new EventSource("{events}");
  events.addEventListener("build", function (event) {{
    if (event.data !== shown) {{
      events.close();
      window.location.reload();
    }}
  }});
}})();
</script>"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem;
  padding: 0 1rem; color: #1f2328; }}
.problems {{ border: 2px solid #cf222e; border-radius: 6px; background: #fff5f5;
  padding: 1rem 1.25rem; }}
h1 {{ font-size: 1.4rem; margin: 0 0 .5rem; color: #a40e26; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px;
  background: #fff; border: 1px solid #e5c0c0; padding: .75rem; }}
</style>
</head>
<body>
<main class="problems" role="alert" id="csjourney-serve-problems">
<h1>{title}</h1>
<p>{lead}</p>
<pre>{text}</pre>
<p>{tail}</p>
</main>
</body>
</html>
"""


def new_nonce() -> str:
    """A fresh script nonce: one per response, as CSP asks."""
    return secrets.token_urlsafe(16)


def policy_for(nonce: str) -> str:
    """The Content-Security-Policy header of a served page: its own script, its server."""
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'nonce-{nonce}'; connect-src 'self'"
    )


def live_script(build: str, nonce: str) -> str:
    return _SCRIPT.format(nonce=nonce, build=build, events=EVENTS_PATH)


def with_live_reload(page: str, build: str, nonce: str) -> str:
    """`page` (a rendered report) with the reload script, and a policy that lets it run."""
    widened = f"; script-src 'nonce-{nonce}'; connect-src 'self'"
    page = _POLICY.sub(lambda m: m[1] + m[2] + widened + m[3], page, count=1)
    script = live_script(build, nonce)
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + script
    at = ends[-1].start()
    return page[:at] + script + "\n" + page[at:]


def problems_page(text: str, build: str, nonce: str) -> str:
    """The page shown in place of every report while the maps cannot be rendered.

    `text` is what `validate` prints for the errors (file:line:col, code, message),
    shown as it is, escaped: map contents are data, never markup.
    """
    page = _PAGE.format(
        title="The journey maps have errors",
        lead="Nothing is rendered until they are fixed; csjourney render would refuse too.",
        text=html.escape(text.rstrip("\n")),
        tail="This page reloads on its own when the files are saved again.",
    )
    return with_live_reload(page, build, nonce)


def missing_page(name: str, build: str, nonce: str) -> str:
    """A page asked for that the newest build does not have (a journey renamed, say)."""
    page = _PAGE.format(
        title="No such page in this preview",
        lead=f"The newest render has no page `{html.escape(name)}`.",
        text="The index lists every journey: /index.html",
        tail="This page reloads on its own when the files are saved again.",
    )
    return with_live_reload(page, build, nonce)
