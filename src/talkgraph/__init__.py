"""talkgraph: conference records into one RDF knowledge graph."""
__version__ = "0.1.0"
