"""Identity: automatic merges explained by data; user rules merge and split, and undo, without re-extraction."""
import datetime as dt

import pytest
from rdflib import Literal

from talkgraph.errors import ConfigError
from talkgraph.extract.pipeline import extract_page
from talkgraph.query.run import run_query
from talkgraph.rdf.identity import IdentityRules, load_identities
from talkgraph.rdf.mapping import RecordSource, map_record
from talkgraph.records.pages import Activity, SpeakerPage
from talkgraph.store.identity import apply_identities
from talkgraph.store.local import GraphStore


def page(source, name, title, event="PyCon US 2019", start="10:00"):
    return SpeakerPage(source, name, None, "", activities=[Activity(title, [name], event, None, None, start, "10:30")])


def put(store, p, n):
    src = RecordSource(f"/records/{p.source}", f"{n:064x}", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    store.replace_record(src.graph, map_record(extract_page(p), src))


@pytest.fixture()
def store():
    s = GraphStore()
    put(s, page("a/one.txt", "José García", "Talk one"), 1)
    put(s, page("a/two.txt", "Jose  GARCIA", "Talk two", "PyCon 2019"), 2)
    put(s, page("b/three.txt", "Bob Smith", "Talk three", start="11:00"), 3)
    put(s, page("c/four.txt", "Robert Smith", "Talk four", start="12:00"), 4)
    return s


def people(store):
    return {r["name"] for r in run_query(store, "speakers").dicts()}


def test_diacritics_and_spacing_merge_with_queryable_evidence(store):
    assert len(run_query(store, "talks-by-speaker", name=Literal("José García"))) == 2
    ev, = [r for r in run_query(store, "identity-evidence").dicts() if r["keys"] == "jose garcia"]
    assert set(ev["spellings"].split(" | ")) == {"José García", "Jose GARCIA"}
    assert ev["records"] == 2 and not ev["rules"]


def test_rule_merges_and_removing_it_undoes(store, tmp_path):
    rules_file = tmp_path / "identities.toml"
    rules_file.write_text('[[person.same]]\nnames = ["Robert Smith", "Bob Smith"]\n', encoding="utf-8")
    before = store.union_triples()
    result = apply_identities(store, load_identities(rules_file))
    assert result.rewritten == 1  # only the record naming Bob changes
    assert len(run_query(store, "talks-by-speaker", name=Literal("Robert Smith"))) == 2
    ev, = [r for r in run_query(store, "identity-evidence").dicts() if "smith" in r["keys"]]
    assert "same: 'bob smith' is 'Robert Smith'" in ev["rules"]
    assert apply_identities(store, load_identities(rules_file)).rewritten == 0  # idempotent
    apply_identities(store, IdentityRules())  # rule removed: undo
    assert store.union_triples() == before
    assert len(run_query(store, "talks-by-speaker", name=Literal("Robert Smith"))) == 1


def test_apart_rule_splits_one_record(store, tmp_path):
    rules_file = tmp_path / "identities.toml"
    rules_file.write_text('[[person.apart]]\nname = "Jose Garcia"\nsources = ["*/a/two.txt"]\n'
                          'as = "José García (Madrid)"\n', encoding="utf-8")
    apply_identities(store, load_identities(rules_file))
    assert len(run_query(store, "talks-by-speaker", name=Literal("José García"))) == 1
    assert "José García" in people(store)


def test_event_rule_merges_editions(store, tmp_path):
    rules_file = tmp_path / "identities.toml"
    assert len(run_query(store, "events")) == 2
    rules_file.write_text('[[event.same]]\nnames = ["PyCon US 2019", "PyCon 2019"]\n', encoding="utf-8")
    apply_identities(store, load_identities(rules_file))
    events = run_query(store, "events").dicts()
    assert len(events) == 1 and events[0]["talks"] == 4


@pytest.mark.parametrize("text, fragment", [
    ("[[person.same]]\nnames = [\"Only One\"]\n", "two or more"),
    ("[[person.apart]]\nname = \"X\"\n", "needs 'name', 'as' and 'sources'"),
    ("not toml [", "not valid TOML"),
])
def test_bad_rules_name_the_problem(tmp_path, text, fragment):
    f = tmp_path / "identities.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=fragment):
        load_identities(f)


def test_merging_two_people_of_one_record_is_undone_exactly(seed_paths, tmp_path):
    import talkgraph
    from talkgraph.config import Settings

    s = GraphStore()
    talkgraph.build(seed_paths, s, Settings())
    before = s.union_triples()
    rules_file = tmp_path / "identities.toml"
    rules_file.write_text('[[person.same]]\nnames = ["Maxim Fedorov", "Bram Verburg"]\n', encoding="utf-8")
    apply_identities(s, load_identities(rules_file))
    merged, = [r for r in run_query(s, "identity-evidence").dicts()]
    assert set(merged["spellings"].split(" | ")) == {"Maxim Fedorov", "Bram Verburg"}
    result = apply_identities(s, IdentityRules())
    assert result.restored == 1
    assert s.union_triples() == before
    assert not run_query(s, "identity-evidence").dicts()


def test_build_applies_the_configured_rules(seed_paths, tmp_path):
    import talkgraph
    from talkgraph.config import load_settings

    rules_file = tmp_path / "identities.toml"
    rules_file.write_text('[[person.apart]]\nname = "Maxim Fedorov"\nsources = ["*/000_*"]\n'
                          'as = "Maxim Fedorov (2019)"\n', encoding="utf-8")
    settings = load_settings(env={}, identities=str(rules_file))
    s = GraphStore(tmp_path / "store")
    result = talkgraph.build(seed_paths, s, settings)
    assert result.identity_rewrites == 1
    assert len(run_query(s, "talks-by-speaker", name=Literal("Maxim Fedorov"))) == 6  # both nodes keep the name
    ev = [r for r in run_query(s, "identity-evidence").dicts() if r["rules"]]
    assert ev and "apart" in ev[0]["rules"]
    again = talkgraph.build(seed_paths, s, settings)
    assert (again.unchanged, again.identity_rewrites) == (2, 0)
