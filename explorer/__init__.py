"""textit-explorer: a terminal explorer for the TextIt / RapidPro API v2."""

__version__ = "0.1.0"
