"""`csjourney init`'s starter workspaces.

Only the default install spec lives here: the CLI reads it at start-up for
`init`'s help, and the starter module (templates, resources) loads only when
`init` runs.
"""

# What CI and pre-commit install unless `init --install` says otherwise: the
# package index name, right once csjourney is published there.
DEFAULT_INSTALL = "csjourney"
