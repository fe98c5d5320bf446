"""Compare embedded RDF store engines on load time, peak memory and talkgraph-shaped SPARQL queries.

Engines:
  rdflib-memory        rdflib ``Dataset(default_union=True)`` on the default Memory store, rdflib's N-Quads parser
  rdflib-memory+oxparse  the same store fed by oxrdflib's ``ox-nquads`` parser (shows the xsd:string trap)
  oxrdflib             rdflib ``Dataset(store="Oxigraph", default_union=True)``, loaded with ``ox-nquads``
  pyoxigraph-memory    ``pyoxigraph.Store()``, ``bulk_load``
  pyoxigraph-disk      ``pyoxigraph.Store(path)`` in a temp dir, ``bulk_load``

For each size one N-Quads file is generated (one named graph per ~50-triple "record"), then every engine
runs in its own subprocess so that ``ru_maxrss`` is its own peak; an idle subprocess with the same imports
gives the baseline that is subtracted. Each query runs ``--runs`` times over the union of the named graphs
and the median is reported. Nothing here is part of the talkgraph package.

Usage::

    .venv/bin/python benchmarks/store_engines.py --sizes 10000,100000,1000000 [--markdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

TG = "https://w3id.org/talkgraph/ns#"
# The project's ontology and queries/*.rq use https://schema.org/ (also rdflib's SDO); keep in step with them.
SCHEMA = "https://schema.org/"
ID = "https://w3id.org/talkgraph/id/"
RECORD = "https://w3id.org/talkgraph/record/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"

ENGINES = ("rdflib-memory", "rdflib-memory+oxparse", "oxrdflib", "pyoxigraph-memory", "pyoxigraph-disk")
IMPORTS = {
    "rdflib-memory": ("rdflib",),
    "rdflib-memory+oxparse": ("rdflib", "oxrdflib", "pyoxigraph"),
    "oxrdflib": ("rdflib", "oxrdflib", "pyoxigraph"),
    "pyoxigraph-memory": ("pyoxigraph",),
    "pyoxigraph-disk": ("pyoxigraph",),
}

_PREFIXES = f"PREFIX schema: <{SCHEMA}>\nPREFIX tg: <{TG}>\n"
# Why DISTINCT: Oxigraph's union default graph is a bag (a triple stated in 13 record graphs matches 13 times),
# rdflib's is a set. Without DISTINCT the lookup below gives 13 rows in rdflib and 6,682 in Oxigraph at 10k.
# Why ?name is projected: pyoxigraph's substitutions refuse a variable that is not in the SELECT clause.
# COUNT(*) is left as it is, to show the difference (it counts quads in Oxigraph, distinct triples in rdflib).
QUERIES = {
    "speakers": _PREFIXES
    + """SELECT DISTINCT ?person ?name ?headline WHERE {
  ?person a schema:Person ; schema:name ?name .
  OPTIONAL { ?person tg:headline ?headline }
}""",
    "talks": _PREFIXES
    + """SELECT ?occurrence ?title ?date ?eventName (GROUP_CONCAT(DISTINCT ?speakerName; separator="; ") AS ?speakers)
WHERE {
  ?occurrence a tg:TalkOccurrence ; schema:workPerformed ?talk ; schema:superEvent ?event ;
              schema:performer ?speaker .
  ?talk schema:name ?title ; schema:startDate ?date .
  ?event schema:name ?eventName .
  ?speaker schema:name ?speakerName .
}
GROUP BY ?occurrence ?title ?date ?eventName
ORDER BY ?date""",
    "talks_by_speaker": _PREFIXES
    + """SELECT DISTINCT ?name ?occurrence ?talk ?title ?date ?eventName WHERE {
  ?speaker schema:name ?name .
  ?occurrence schema:performer ?speaker ; schema:workPerformed ?talk ; schema:superEvent ?event .
  ?talk schema:name ?title ; schema:startDate ?date .
  ?event schema:name ?eventName .
}
ORDER BY DESC(?date)""",
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
}

# --------------------------------------------------------------------------------------------------
# Synthetic data

_FIRST = (
    "Ada Alan Grace Linus Margaret Barbara Donald Edsger Frances Guido Hedy Ivan John Katherine Leslie "
    "Radia Ken Dennis Bjarne Anita Shafi Tim Vint Yukihiro Sophie Niklaus Joan Karen Whitfield Lynn "
    "José Zoë Łukasz Søren Amélie Chidi Priya Wei Yuki Olga Mateo Aisha Noor Ines Tomasz Kwame Leila "
    "Hamid Mei Rafael"
).split()
_LAST = (
    "Lovelace Turing Hopper Torvalds Hamilton Liskov Knuth Dijkstra Allen Rossum Lamarr Sutherland McCarthy "
    "Johnson Lamport Perlman Thompson Ritchie Stroustrup Borg Goldwasser Berners-Lee Cerf Matsumoto Wilson "
    "Wirth Clarke Spärck-Jones Diffie Conway García Müller Nowak Kierkegaard Dubois Okafor Sharma Zhang "
    "Tanaka Ivanova Fernández Rahman Haddad Silva Kowalski Mensah Nasser Karimi Chen O'Neil"
).split()
_ROLES = ("Engineer", "Researcher", "Professor", "Data Scientist", "CTO", "Developer Advocate", "Architect")
_WORDS = (
    "graphs knowledge scalable semantic streaming pipelines embeddings search ontologies provenance "
    "federated reasoning queries python rust data quality lessons learned production open source"
).split()
_TRACKS = ("Main", "Data", "Web", "Research", "Community")


@dataclass(frozen=True)
class DataInfo:
    """What the generator knows about the file it wrote, for checking the engines."""

    path: str
    quads: int
    records: int
    distinct_triples: int
    distinct_quads: int
    lookup_name: str
    lookup_rows: int


def _person_name(k: int) -> str:
    first, rest = _FIRST[k % len(_FIRST)], k // len(_FIRST)
    last, rest = _LAST[rest % len(_LAST)], rest // len(_LAST)
    middle = f" {chr(ord('A') + rest % 26)}." if rest else ""
    if rest >= 26:
        middle = f" {chr(ord('A') + rest % 26)}{rest // 26}."
    return f"{first}{middle} {last}"


def _record_quads(i: int, rng: random.Random, n_people: int, n_orgs: int, n_events: int, n_topics: int):
    """Yield (s, p, o, g) for one record; o is ("iri", v), ("lit", v), ("typed", v, dt) or ("lang", v, l)."""
    g = f"{RECORD}{i}"
    occ, talk = f"{ID}occurrence/{i}", f"{ID}talk/{i}"
    ev_k = rng.randrange(n_events)
    event = f"{ID}event/{ev_k}"
    year = 2010 + ev_k % 15
    day = dt.datetime(year, 1 + ev_k % 12, 1 + ev_k % 27, 9, 0) + dt.timedelta(
        days=rng.randrange(3), minutes=30 * rng.randrange(16)
    )
    n_speakers = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
    # Skewed: a few people speak often, most once or twice.
    speakers = sorted({int(n_people * rng.random() ** 1.5) for _ in range(n_speakers)})
    t = lambda p: f"{TG}{p}"  # noqa: E731
    s = lambda p: f"{SCHEMA}{p}"  # noqa: E731

    # the source record itself
    yield g, RDF_TYPE, ("iri", t("SourceRecord")), g
    yield g, t("contentHash"), ("lit", hashlib.sha1(str(i).encode()).hexdigest()), g
    yield g, t("sourcePath"), ("lit", f"archive/{year}/talk-{i}.html"), g
    yield g, t("layout"), ("lit", rng.choice(("speaker-page", "schedule", "talk-archive"))), g
    yield g, s("dateModified"), ("typed", f"{year + 1}-02-03T04:05:06", XSD + "dateTime"), g
    # the event
    yield event, RDF_TYPE, ("iri", s("Event")), g
    yield event, s("name"), ("lit", f"GraphConf {year} #{ev_k}"), g
    yield event, s("startDate"), ("typed", day.date().isoformat(), XSD + "date"), g
    yield event, t("year"), ("typed", str(year), XSD + "gYear"), g
    yield event, s("url"), ("iri", f"https://graphconf.example.org/{year}/{ev_k}/"), g
    # the talk
    words = rng.sample(_WORDS, 4)
    yield talk, RDF_TYPE, ("iri", t("Talk")), g
    yield talk, s("name"), ("lit", f"{words[0].title()} {' '.join(words[1:])} (talk {i})"), g
    yield talk, s("startDate"), ("typed", day.isoformat(), XSD + "dateTime"), g
    yield talk, s("description"), ("lang", f"A talk about {', '.join(words)}.", "en"), g
    yield talk, s("inLanguage"), ("lit", "en"), g
    yield talk, s("url"), ("iri", f"https://graphconf.example.org/talks/{i}"), g
    for w in words[:3]:
        yield talk, s("keywords"), ("lit", w), g
    for topic_k in rng.sample(range(n_topics), 2):
        topic = f"{ID}topic/{topic_k}"
        yield talk, s("about"), ("iri", topic), g
        yield topic, RDF_TYPE, ("iri", f"{SKOS}Concept"), g
        yield topic, f"{SKOS}prefLabel", ("lang", f"topic {topic_k}", "en"), g
    # the occurrence
    yield occ, RDF_TYPE, ("iri", t("TalkOccurrence")), g
    yield occ, s("workPerformed"), ("iri", talk), g
    yield occ, s("superEvent"), ("iri", event), g
    yield occ, t("date"), ("typed", day.date().isoformat(), XSD + "date"), g
    yield occ, t("startTime"), ("typed", day.time().isoformat(), XSD + "time"), g
    yield occ, t("endTime"), ("typed", (day + dt.timedelta(minutes=30)).time().isoformat(), XSD + "time"), g
    yield occ, t("track"), ("lit", rng.choice(_TRACKS)), g
    yield occ, t("sessionKind"), ("lit", rng.choice(("talk", "keynote", "panel", "workshop"))), g
    # the speakers and their organisations
    for k in speakers:
        person, org_k = f"{ID}person/{k}", k % n_orgs
        org = f"{ID}org/{org_k}"
        yield occ, s("performer"), ("iri", person), g
        yield person, RDF_TYPE, ("iri", s("Person")), g
        yield person, s("name"), ("lit", _person_name(k)), g  # plain literal on purpose
        if k % 10 < 7:
            yield person, t("headline"), ("lang", f"{_ROLES[k % len(_ROLES)]} at Org {org_k}", "en"), g
        yield person, s("jobTitle"), ("lit", _ROLES[k % len(_ROLES)]), g
        yield person, s("affiliation"), ("iri", org), g
        yield person, s("sameAs"), ("iri", f"https://example.org/people/{k}"), g
        yield org, RDF_TYPE, ("iri", s("Organization")), g
        yield org, s("name"), ("lit", f"Org {org_k}"), g
        yield org, s("url"), ("iri", f"https://org{org_k}.example.com/"), g


def generate_nquads(size: int, path: Path, seed: int = 42) -> DataInfo:
    """Write whole records until ``size`` quads are reached to ``path`` and return what the engines should find."""
    import pyoxigraph as ox

    n_records = max(1, size // 50)
    n_people = max(10, n_records // 2)
    n_orgs, n_events, n_topics = max(3, n_people // 8), max(2, n_records // 40), max(10, n_records // 20)
    rng = random.Random(seed)
    triples: set[int] = set()
    quad_set: set[int] = set()
    occurrences_of: dict[int, set[int]] = {}
    counter = {"quads": 0, "records": 0}

    def term(o):
        if o[0] == "iri":
            return ox.NamedNode(o[1])
        if o[0] == "lit":
            return ox.Literal(o[1])
        if o[0] == "typed":
            return ox.Literal(o[1], datatype=ox.NamedNode(o[2]))
        return ox.Literal(o[1], language=o[2])

    def quads():
        i = 0
        while counter["quads"] < size:  # whole records only, so the last one may overshoot by < 60 quads
            counter["records"] = i + 1
            for s, p, o, g in _record_quads(i, rng, n_people, n_orgs, n_events, n_topics):
                counter["quads"] += 1
                triples.add(hash((s, p, o)))
                quad_set.add(hash((s, p, o, g)))
                if p == f"{SCHEMA}performer":
                    occurrences_of.setdefault(int(o[1].rsplit("/", 1)[1]), set()).add(i)
                yield ox.Quad(ox.NamedNode(s), ox.NamedNode(p), term(o), ox.NamedNode(g))
            i += 1

    ox.serialize(quads(), output=str(path), format=ox.RdfFormat.N_QUADS)
    # The lookup parameter: the busiest speaker; one row per occurrence they perform in.
    busiest = max(occurrences_of, key=lambda k: (len(occurrences_of[k]), -k))
    rows = len(occurrences_of[busiest])
    return DataInfo(
        path=str(path),
        quads=counter["quads"],
        records=counter["records"],
        distinct_triples=len(triples),
        distinct_quads=len(quad_set),
        lookup_name=_person_name(busiest),
        lookup_rows=rows,
    )


# --------------------------------------------------------------------------------------------------
# Child process: one engine, one size


class _QueryTimeout(Exception):
    """A query run exceeded the per-query timeout."""


def _on_alarm(signum, frame):  # noqa: ARG001
    raise _QueryTimeout


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _import_engine(engine: str) -> None:
    for module in IMPORTS[engine]:
        __import__(module)


def _open_engine(engine: str, nquads: str, workdir: str):
    """Load the file; return a function ``run(query_text, name_or_None) -> list of rows``."""
    if engine.startswith("rdflib-memory") or engine == "oxrdflib":
        from rdflib import Dataset, Literal

        store = "Oxigraph" if engine == "oxrdflib" else "default"
        fmt = "nquads" if engine == "rdflib-memory" else "ox-nquads"
        ds = Dataset(store=store, default_union=True)
        ds.parse(nquads, format=fmt)

        def run(text, name):
            bindings = {"name": Literal(name)} if name is not None else {}
            return list(ds.query(text, initBindings=bindings))

        return run, ds

    import pyoxigraph as ox

    if engine == "pyoxigraph-memory":
        store = ox.Store()
    else:
        store = ox.Store(str(Path(workdir) / "store"))
    store.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)

    def run(text, name):
        subs = {ox.Variable("name"): ox.Literal(name)} if name is not None else {}
        return list(store.query(text, use_default_graph_as_union=True, substitutions=subs))

    return run, store


def _count_value(rows) -> int:
    cell = rows[0][0]
    return int(getattr(cell, "value", cell))


def run_child(args: argparse.Namespace) -> dict:
    """Measure one engine on one file (or just its idle baseline) and return a JSON-able dict."""
    _import_engine(args.child)
    if args.baseline:
        return {"maxrss_mb": _maxrss_mb()}
    workdir = tempfile.mkdtemp(prefix="tg-bench-", dir=args.tmp)
    try:
        t0 = time.perf_counter()
        run, handle = _open_engine(args.child, args.nquads, workdir)
        load_s = time.perf_counter() - t0
        load_rss = _maxrss_mb()
        disk_mb = None
        if args.child == "pyoxigraph-disk":
            disk_mb = sum(p.stat().st_size for p in Path(workdir).rglob("*") if p.is_file()) / 2**20
        signal.signal(signal.SIGALRM, _on_alarm)
        queries = {}
        for qname, text in QUERIES.items():
            name = args.lookup_name if qname == "talks_by_speaker" else None
            times, rows, timed_out = [], None, False
            for _ in range(args.runs):
                signal.setitimer(signal.ITIMER_REAL, args.timeout)
                try:
                    t = time.perf_counter()
                    result = run(text, name)
                    times.append(time.perf_counter() - t)
                except _QueryTimeout:
                    timed_out = True
                    break
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                rows = _count_value(result) if qname == "count" else len(result)
                if sum(times) > args.query_budget:
                    break  # slow but finished: report the median of the runs done
            queries[qname] = {
                "median_s": statistics.median(times) if times and not timed_out else None,
                "runs": len(times),
                "timed_out": timed_out,
                "rows": rows,
            }
        del handle
        return {
            "load_s": load_s,
            "load_maxrss_mb": load_rss,
            "maxrss_mb": _maxrss_mb(),
            "disk_mb": disk_mb,
            "queries": queries,
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# --------------------------------------------------------------------------------------------------
# Parent: orchestration and reporting


def _spawn(engine: str, extra: list[str], timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", engine, *extra]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"killed after {timeout:.0f} s"}
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"rc={proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt_time(q: dict, timeout: float) -> str:
    if q["timed_out"]:
        return f"> {timeout:g} s"
    s = q["median_s"]
    text = f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"
    return text if q["runs"] >= 5 else f"{text} (n={q['runs']})"


def _fmt_size(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def build_rows(results: list[dict], timeout: float) -> tuple[list[str], list[list[str]]]:
    """Turn raw results into table rows; the last column flags row counts that disagree.

    The name lookup is checked against the generator's expectation, the other listings against
    rdflib-memory at the same size (rdflib's set-semantics union is the reference). COUNT(*) is only
    annotated: it legitimately differs between a set union (rdflib) and a bag union (Oxigraph).
    """
    header = ["size", "engine", "load", "peak MB", *QUERIES, "rows spk/talks/by-spk/count", "check"]
    reference = {
        r["size"]: r["result"]["queries"]
        for r in results
        if r["engine"] == "rdflib-memory" and "error" not in r["result"]
    }
    rows = []
    for r in results:
        info, res = r["info"], r["result"]
        if "error" in res:
            rows.append([_fmt_size(r["size"]), r["engine"], "-", "-", *["-"] * len(QUERIES), "-", res["error"]])
            continue
        q = res["queries"]
        warnings, notes = [], []
        got = q["talks_by_speaker"]["rows"]
        if got is not None and got != info["lookup_rows"]:
            warnings.append(f"WARNING name lookup {got} rows, expected {info['lookup_rows']}")
        for name in ("speakers", "talks"):
            ref = reference.get(r["size"], {}).get(name, {}).get("rows")
            if None not in (ref, q[name]["rows"]) and q[name]["rows"] != ref:
                warnings.append(f"WARNING {name} {q[name]['rows']} rows, rdflib-memory {ref}")
        count = q["count"]["rows"]
        if count is not None and count != info["distinct_triples"]:
            notes.append("COUNT(*) counts per-graph copies (bag union)" if count == info["distinct_quads"] else
                         f"WARNING count {count}, expected {info['distinct_triples']}")
        peak = res["maxrss_mb"] - r["baseline_mb"]
        peak_text = f"{peak:,.0f}"
        if res["disk_mb"] is not None:
            peak_text += f" (+{res['disk_mb']:,.0f} on disk)"
        counts = "/".join("?" if q[n]["rows"] is None else str(q[n]["rows"]) for n in QUERIES)
        rows.append(
            [
                _fmt_size(r["size"]),
                r["engine"],
                f"{res['load_s']:.2f} s",
                peak_text,
                *(_fmt_time(q[n], timeout) for n in QUERIES),
                counts,
                "; ".join(warnings + notes) or "ok",
            ]
        )
    return header, rows


def render_text(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def render_markdown(header: list[str], rows: list[list[str]], args: argparse.Namespace, infos: dict) -> str:
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("rdflib", "pyoxigraph", "oxrdflib"))
    out = [
        "# Store engines benchmark",
        "",
        f"- date: {dt.datetime.now().astimezone().isoformat(timespec='minutes')}",
        f"- machine: {platform.machine()}, nproc {os.cpu_count()}, "
        f"{_mem_total_gb():.0f} GB RAM, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {versions}",
        f"- command: `.venv/bin/python benchmarks/store_engines.py --sizes {args.sizes} --runs {args.runs} "
        f"--timeout {args.timeout:g} --markdown`",
        f"- query times are the median of {args.runs} runs over the union of the named graphs, rows fully "
        "materialised; `(n=k)` means only k runs fit the per-query budget "
        f"({args.query_budget:g} s); `> {args.timeout:g} s` means one run hit the timeout.",
        "- peak MB: ru_maxrss of the engine's subprocess (load + all queries) minus an idle interpreter "
        "with the same imports; the on-disk store's files are listed separately.",
        "",
    ]
    for size, info in infos.items():
        out.append(
            f"- {_fmt_size(size)}: {info['quads']:,} quads in {info['records']:,} named graphs, "
            f"{info['distinct_triples']:,} distinct triples, {info['distinct_quads']:,} distinct quads; lookup name {info['lookup_name']!r} "
            f"expects {info['lookup_rows']} rows"
        )
    out += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def _mem_total_gb() -> float:
    try:
        with open("/proc/meminfo") as fh:
            return int(fh.readline().split()[1]) / 2**20
    except (OSError, ValueError, IndexError):
        return float("nan")


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated triple counts")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated subset of {ENGINES}")
    parser.add_argument("--runs", type=int, default=5, help="runs per query (median reported)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before one query run is abandoned")
    parser.add_argument("--query-budget", type=float, default=30, help="stop repeating a query after this long")
    parser.add_argument("--engine-timeout", type=float, default=900, help="kill an engine subprocess after this")
    parser.add_argument(
        "--trap-max-size", type=int, default=100_000,
        help="largest size at which rdflib-memory+oxparse runs (it only demonstrates the xsd:string trap)",
    )  # fmt: skip
    parser.add_argument("--markdown", action="store_true", help="print a markdown report instead of a text table")
    parser.add_argument("--tmp", default=None, help="directory for data files and on-disk stores")
    # internal: child mode
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--nquads", help=argparse.SUPPRESS)
    parser.add_argument("--lookup-name", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(run_child(args)))
        return 0

    engines = [e for e in args.engines.split(",") if e]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"unknown engine(s) {unknown}; choose from {ENGINES}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    baselines = {e: _spawn(e, ["--baseline"], 120)["maxrss_mb"] for e in engines}
    results, infos = [], {}
    with tempfile.TemporaryDirectory(prefix="tg-bench-data-", dir=args.tmp) as tmp:
        for size in sizes:
            t0 = time.perf_counter()
            info = generate_nquads(size, Path(tmp) / f"talks-{size}.nq")
            infos[size] = info.__dict__
            _progress(f"[{size}] generated {info.quads} quads / {info.records} graphs in {time.perf_counter() - t0:.1f} s")
            for engine in engines:
                if engine == "rdflib-memory+oxparse" and size > args.trap_max_size:
                    _progress(f"[{size}] {engine}: skipped (> --trap-max-size)")
                    continue
                t0 = time.perf_counter()
                extra = [
                    "--nquads", info.path, "--lookup-name", info.lookup_name, "--runs", str(args.runs),
                    "--timeout", str(args.timeout), "--query-budget", str(args.query_budget),
                ]  # fmt: skip
                if args.tmp:
                    extra += ["--tmp", args.tmp]
                res = _spawn(engine, extra, args.engine_timeout)
                _progress(f"[{size}] {engine}: {time.perf_counter() - t0:.1f} s {res.get('error', '')}")
                results.append(
                    {"size": size, "engine": engine, "info": info.__dict__, "result": res, "baseline_mb": baselines[engine]}
                )
    header, rows = build_rows(results, args.timeout)
    print(render_markdown(header, rows, args, infos) if args.markdown else render_text(header, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
