"""csjourney: customer success journey maps as code."""

__version__ = "0.1.0"
FORMAT_VERSIONS = (1,)
