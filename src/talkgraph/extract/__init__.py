"""Extraction: from a parsed page to its extraction record (careers, co-speakers, mentions, topics)."""
from .._deprecated import make_callable

make_callable(__name__, "extract_file")  # talkgraph.extract(...) was a function before it named this subpackage
