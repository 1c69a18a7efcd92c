"""One module per lint rule; `csjourney.lint.registry` lists them."""
