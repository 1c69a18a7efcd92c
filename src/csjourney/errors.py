"""Errors that end a run with exit code 2: usage, configuration, or our own bugs."""


class UsageError(Exception):
    """The command line or the configuration is wrong; the message says how."""
