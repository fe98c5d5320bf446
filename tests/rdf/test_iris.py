"""IRIs: deterministic, merged across spellings that differ only by case, spacing or diacritics."""
import pytest

from talkgraph.errors import RecordError
from talkgraph.rdf import iris


def test_same_person_across_spellings():
    assert iris.person("Maxim Fedorov") == iris.person("maxim  FEDOROV") == iris.person("Maxim\tFedorov")
    assert iris.person("José Valim") == iris.person("Jose Valim")
    assert iris.person("Maxim Fedorov") != iris.person("Maxim Fedorova")


def test_iris_are_stable_and_readable():
    a = iris.talk("Scaling Erlang cluster to 10,000 nodes")
    assert str(a).startswith("https://w3id.org/talkgraph/id/talk/scaling-erlang-cluster-to-10-000-nodes-")
    assert a == iris.talk("Scaling Erlang cluster to 10,000 nodes")


def test_kinds_do_not_collide():
    assert iris.person("Erlang") != iris.organization("Erlang") != iris.series("Erlang")


def test_occurrence_ignores_date_but_not_edition():
    a = iris.occurrence("T", "Code BEAM SF 2019", "13:50")
    assert a == iris.occurrence("t", "code beam sf 2019", "13:50")
    assert a != iris.occurrence("T", "Code BEAM SF 2020", "13:50")


@pytest.mark.parametrize("bad", ["Eve\u202eliM", "Null\x00Name", "Bell\x07"])
def test_control_and_bidi_characters_are_rejected(bad):
    with pytest.raises(RecordError, match="control/bidi"):
        iris.checked_label(bad, record="r.txt", what="person name")


def test_empty_name_cannot_be_minted():
    with pytest.raises(ValueError):
        iris.person("  ")


def test_one_title_on_several_dates_without_an_event_is_several_occurrences():
    from talkgraph.rdf import iris

    a = iris.occurrence("Erlang Certification", None, "09:00", date="2020-03-04")
    b = iris.occurrence("Erlang Certification", None, "09:00", date="2019-05-15")
    assert a != b
    # With an edition key the date stays out, so a page that omits it still merges with one that has it.
    assert iris.occurrence("T", "code-beam-sf-2020", "09:00", date="2020-03-04") == \
        iris.occurrence("T", "code-beam-sf-2020", "09:00")
