"""The optional trained NER hook, with a real saved spaCy pipeline standing in for a trained one."""
from __future__ import annotations

import pytest
import spacy

from talkgraph.config import Settings
from talkgraph.extract.mentions import find_mentions
from talkgraph.extract.nlp import NER_CONFIDENCE, build_nlp, load_trained

BIO = "Zorbek Quellmann spent years at Fenwick Dynamics before he quoted Ottoline Brisk."


@pytest.fixture(scope="module")
def trained_dir(tmp_path_factory):
    """A blank English pipeline with an EntityRuler, saved to disk and loaded by path like a package."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Zorbek Quellmann"},
                        {"label": "PERSON", "pattern": "Ottoline Brisk"},
                        {"label": "ORG", "pattern": "Fenwick Dynamics"},
                        {"label": "GPE", "pattern": "Port Ellery"}])
    path = tmp_path_factory.mktemp("models") / "xx_standin_ner"
    nlp.to_disk(path)
    return str(path)


def test_rules_alone_miss_these_names():
    doc = build_nlp()(BIO)
    assert "Zorbek Quellmann" not in {s.text for s in doc.spans["persons"]}
    assert "Fenwick Dynamics" not in {s.text for s in doc.spans["gazetteer"]}


def test_trained_entities_add_person_and_organisation_candidates(trained_dir):
    nlp = build_nlp(Settings(spacy_model=trained_dir))
    assert nlp.pipe_names[-1] == "talkgraph_trained_ner"
    doc = nlp(BIO + " She moved to Port Ellery.")
    assert {(s.text, s.label_) for s in doc.spans["ner"]} == {
        ("Zorbek Quellmann", "PERSON"), ("Ottoline Brisk", "PERSON"), ("Fenwick Dynamics", "ORG")}
    assert doc.spans["ner"].attrs["confidence"] == NER_CONFIDENCE
    assert {"Zorbek Quellmann", "Ottoline Brisk"} <= {s.text for s in doc.spans["persons"]}
    assert ("Fenwick Dynamics", "ORG") in {(s.text, s.label_) for s in doc.spans["gazetteer"]}
    # downstream: a person only the trained pipeline found becomes a mention
    names = [n for n, _ in find_mentions([doc], exclude=["Zorbek Quellmann"])]
    assert "Ottoline Brisk" in names


def test_missing_model_warns_and_rules_carry_on():
    with pytest.warns(UserWarning, match=r"spaCy model 'xx_no_such_pipeline_sm' is not installed.*rules only"):
        nlp = build_nlp(Settings(spacy_model="xx_no_such_pipeline_sm"))
    assert nlp.pipe_names == ["talkgraph_sentences", "talkgraph_gazetteer", "talkgraph_persons"]


def test_pipeline_without_entity_recogniser_warns(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "no_ner")
    with pytest.warns(UserWarning, match=r"has no entity recogniser \(pipes: \['sentencizer'\]\)"):
        assert load_trained(str(tmp_path / "no_ner")) is None
