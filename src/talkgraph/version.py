"""The one place talkgraph's version is written (pyproject reads it through hatch)."""
__version__ = "0.1.0"
