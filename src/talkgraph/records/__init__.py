"""Records: reading source files into typed documents and the extraction record."""
from .model import Affiliation, Education, ExtractionRecord, Person, Talk
from .pages import Activity, SpeakerPage
from .sources import SourceText, read_source

__all__ = ["Affiliation", "Education", "ExtractionRecord", "Person", "Talk",
           "Activity", "SpeakerPage", "SourceText", "read_source"]
