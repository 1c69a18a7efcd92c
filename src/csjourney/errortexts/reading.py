"""Explanations of the CSJ0xx: reading the file."""

TITLE = "Reading the file"

TEXTS: dict[str, str] = {
    "CSJ001": """\
**What it means:** the file is not valid YAML, so it cannot be read at all.
The message says what went wrong in plain words, followed by the YAML
parser's own wording. The position points at the place where reading
stopped, or, for a quote or bracket that is never closed, where it opens;
the slip itself is often on that line or just before it.

**Common causes:** a quote that is opened but not closed; text after a
closing quote (`name: 'it's'`); a missing comma or closing bracket in a
`[...]` list; a line indented differently from its neighbours; a tab used for
indenting (YAML only allows spaces); no space after a colon (`name:Growth`);
a value that contains a colon followed by a space (`name: Growth:
self-serve`); a list item written after its key on the same line
(`segments: - smb`); a value starting with a character YAML reserves (`@`,
`` ` ``, `%`, `&`, `*`, `!`); a line of text that is not a `key: value`;
lists nested more than 100 levels deep.

```yaml
segments:
  - id: smb
    name: "Small businesses      # the closing quote is missing
  - id: enterprise
```

**How to fix:** follow the hint. Close the quote, line keys up under each
other with spaces, and put a value that contains `: ` or starts with a
special character in quotes:

```yaml
segments:
  - id: smb
    name: "Small businesses"
  - id: enterprise
```
""",
    "CSJ002": """\
**What it means:** the same key appears twice in one mapping, for example
two `name:` lines in one stage. Only the first one would count, so the second
is almost always a mistake (often a copy-and-paste).

```yaml
stages:
  - id: onboarding
    name: Onboarding
    name: First week     # second `name` in the same stage
```

**How to fix:** keep one of the two lines. If you meant two different items,
start the second one with `- ` to make it a new list item.
""",
    "CSJ003": """\
**What it means:** a value starts with a YAML *tag*, a word beginning with `!`
such as `!!python/object` or `!secret`. Tags can make some programs run code
when they read a file; csjourney never does, and refuses them instead.
Journey maps only ever need plain text, numbers, dates, lists and mappings.
A core tag is allowed only where it fits the value: `!!int "12"` is the number
12, but `!!int abc` or `!!null 20000` is this error.

```yaml
segments:
  - id: !secret smb
```

**How to fix:** remove the tag: `id: smb`. If the value really starts with
`!`, put it in quotes: `name: "!mportant customers"`.
""",
    "CSJ004": """\
**What it means:** the file uses YAML *anchors and aliases* (`&name` marks a
value, `*name` repeats it) in a way that would grow without limit: an alias
that repeats itself, or aliases of aliases that would expand to millions of
values (a trick known as a "billion laughs" attack).

```yaml
team: &team [*team]          # repeats itself forever
```

**How to fix:** write the values out. Anchors are fine for repeating a small
value a few times; they are never needed in a journey map.
""",
    "CSJ005": """\
**What it means:** the file is bigger than the size limit (4 MB unless your
`csjourney.toml` sets `max-file-size`). A real journey map is a few hundred
lines; a file this big is usually a data export saved with the wrong name.

**How to fix:** split a genuinely large map into one file per journey, with
segments and evidence in a shared library file. If you really need bigger
files, raise the limit in `csjourney.toml`:

```toml
max-file-size = 8388608   # 8 MB, in bytes
```
""",
    "CSJ006": """\
**What it means:** the file is not UTF-8 text. Either it is not text at all
(an image, a spreadsheet, a zip file saved as `.yaml`), or it was saved in an
older encoding such as Latin-1 or Windows-1252, or as UTF-16 or UTF-32. The position
points at the first character that could not be read, often an accented
letter or a "smart" quote.

**How to fix:** open the file in your editor and save it with the encoding
"UTF-8" (in VS Code: click the encoding in the status bar, "Save with
Encoding", "UTF-8"). If the file is not a journey map, rename it so it does not
end in `.yaml`, or leave it out of the check.
""",
    "CSJ007": """\
**What it means:** a file you named on the command line holds nothing, or
only comments.

```yaml
# SMB journey: to do
```

**How to fix:** add the map, starting with the version line:

```yaml
csjourney: 1
```
""",
    "CSJ008": """\
**What it means:** the file holds more than one YAML document: a line with
just `---` starts a second one. Each journey map file holds one document.

```yaml
csjourney: 1
journey: ...
---
csjourney: 1
journey: ...
```

**How to fix:** move each map after a `---` line into a file of its own. A
`---` on the very first line is fine and can stay.
""",
    "CSJ009": """\
**What it means:** the file does not start with keys such as `csjourney:`
and `journey:`. It is a list (lines starting with `- `) or a single value.

```yaml
- csjourney: 1
- journey: ...
```

**How to fix:** remove the leading `- ` so that the top of the file is a set
of keys:

```yaml
csjourney: 1
journey: ...
```
""",
    "CSJ010": """\
**What it means:** a file you named on the command line has no
`csjourney: 1` line, so it is not recognised as a journey map ("not a journey
file"). When you check a whole folder, YAML files without this line (CI
settings, for example) are skipped instead, unless they look like a journey
map (see [CSJ013](#csj013-missing-version-in-scan)).

```yaml
segments:                    # the file starts without `csjourney: 1`
  - {id: smb, name: Small businesses}
```

**How to fix:** add `csjourney: 1` as the first line of the map. If the file
is not a journey map, do not name it on the command line.
""",
    "CSJ011": """\
**What it means:** the `csjourney:` line names a format version this
release of csjourney cannot read (`csjourney: 2`), or is not the plain
number `1` (for example `"1"` in quotes or `1.0`).

```yaml
csjourney: "1"
```

**How to fix:** write exactly `csjourney: 1`. If the map was written for a
newer format, upgrade csjourney.
""",
    "CSJ012": """\
**What it means:** the file exists but could not be read: you may not have
permission to read it, it is a shortcut (symbolic link) pointing at a file
that no longer exists, or it is not a file at all (a socket). The message
says which. It is also reported when the file changed while it was being
read (an editor or a script saved it at that moment): rather than check half
of the old file and half of the new one, nothing in it is checked.

**How to fix:** check the file's permissions, or remove the broken link. For
a file that changed while it was read, run the check again once it is saved.
""",
    "CSJ013": """\
This one is a **warning**: it does not fail a check unless you run with
`--fail-on warning`.

**What it means:** while checking a whole folder, csjourney found a YAML
file that looks like a journey map (a top-level `journey:` with `stages:`
below it) but has no `csjourney: 1` line. Without that line the file is not
read as a map at all, so none of its mistakes would be reported. The
position points at its `journey:` key.

```yaml
journey:                     # the file starts without `csjourney: 1`
  id: smb
  title: SMB journey
  segments: [smb]
  stages:
    - {id: onboarding, name: Onboarding}
```

**How to fix:** add `csjourney: 1` as the first line. If the file really is
something else, list it under `exclude` in `csjourney.toml` so the scan
leaves it alone:

```toml
exclude = ["travel/notes.yaml"]
```

(With `--only-journey-files`, as the pre-commit hooks run, such files are
skipped without a warning.)
""",
    "CSJ014": """\
Its severity is that of the worst finding it stands for, so the exit code is
the same as if every finding had been shown.

**What it means:** a file has more findings than a report shows for one file
(200 unless your `csjourney.toml` sets `max-findings-per-file`). The first
ones are listed; this line, at the place of the first one left out, says how
many more there are. It usually means one slip repeated many times, or a
file that is not really a journey map:

```yaml
csjourney: 1
nmae: ...                    # and a thousand more keys like it
```

**How to fix:** fix the findings that are shown, starting with the first,
and run the check again; or, to see them all at once, raise the limit:

```toml
max-findings-per-file = 1000
```
""",
}
