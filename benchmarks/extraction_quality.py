"""Extraction quality on the three gold sets side by side, and throughput of the old and new text readers.

    .venv/bin/python benchmarks/extraction_quality.py [--shared ../shared] [--no-quality]

Quality goes through the CLI exactly as score.py documents it (``talkgraph extract --format json``)
on the seeds, codesync txt and otherpages (the many-site development set); the table shows F1 per
slot for each set. Throughput is measured in-process, in the same run, on the codesync txt pages:

* **old**: the one-speaker layout reader alone (``records.speaker_text.parse_speaker_text`` then
  ``extract.pipeline.extract_page``), what ``talkgraph extract`` ran before the general reader;
* **new**: ``extract.page_reader.read_text_reading`` (the layout chosen by evidence, the general
  reader otherwise), what ``talkgraph extract`` runs now;

and the new reader on the otherpages inputs too. Pages are decoded once beforehand, so the figures
are reading + extraction. Peak memory is the ``tracemalloc`` peak of a separate pass of each reader
over the same pages, and the process's maximum resident set size at the end.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SLOTS = ("people", "headline", "talks", "talk_event", "talk_date", "talk_times", "talk_speakers",
         "affiliations", "current", "places", "education", "mentions")


def _talkgraph() -> str:
    exe = Path(sys.executable).with_name("talkgraph")
    return str(exe) if exe.exists() else (shutil.which("talkgraph") or "talkgraph")


def score(shared: Path, gold: Path, inputs: Path) -> dict:
    cmd = [sys.executable, str(shared / "eval" / "score.py"), str(gold), str(inputs), "--json",
           "--cmd", f"{_talkgraph()} extract --format json"]
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def quality_table(sets: dict[str, dict]) -> str:
    names = list(sets)
    out = ["| slot | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for slot in SLOTS:
        cells = [f"{sets[n][slot]['f1']:.3f}" if slot in sets[n] else "–" for n in names]
        out.append(f"| {slot} | " + " | ".join(cells) + " |")
    out.append("| **macro F1** | " + " | ".join(f"**{sets[n]['macro_f1']:.3f}**" for n in names) + " |")
    out.append("| files | " + " | ".join(str(sets[n]["files"]) for n in names) + " |")
    return "\n".join(out)


def _old_reader(src, settings, nlp):
    from talkgraph.errors import RecordError
    from talkgraph.extract.pipeline import extract_page
    from talkgraph.records.speaker_text import parse_speaker_text

    try:
        return extract_page(parse_speaker_text(src), settings, nlp)
    except RecordError:
        return None


def _new_reader(src, settings, nlp):
    from talkgraph.extract.page_reader import read_text_reading

    return read_text_reading(src, settings, nlp).record


def _time(reader, sources, settings, nlp) -> float:
    reader(sources[0], settings, nlp)  # warm-up
    t0 = time.perf_counter()
    for src in sources:
        reader(src, settings, nlp)
    return len(sources) / (time.perf_counter() - t0)


def _peak(reader, sources, settings, nlp) -> float:
    tracemalloc.start()
    for src in sources:
        reader(src, settings, nlp)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def throughput(codesync: list[Path], other: list[Path]) -> str:
    from talkgraph.config import Settings
    from talkgraph.extract.nlp import build_nlp
    from talkgraph.records.sources import read_source

    settings = Settings()
    nlp = build_nlp(settings)
    cs = [read_source(p, max_bytes=settings.max_record_bytes) for p in codesync]
    op = [read_source(p, max_bytes=settings.max_record_bytes) for p in other]
    rows = [("old (one-speaker layout reader)", "codesync txt", _old_reader, cs),
            ("new (page reader)", "codesync txt", _new_reader, cs),
            ("new (page reader)", "otherpages", _new_reader, op)]
    for _name, _corpus, reader, sources in rows:  # warm every cache (gazetteers, topic index) for both
        for src in sources:
            reader(src, settings, nlp)
    out = ["| reader | pages | n | pages/s | tracemalloc peak MiB |", "|---|---|---:|---:|---:|"]
    for name, corpus, reader, sources in rows:
        if not sources:
            continue
        rate = _time(reader, sources, settings, nlp)
        peak = _peak(reader, sources, settings, nlp)
        out.append(f"| {name} | {corpus} | {len(sources)} | {rate:.1f} | {peak:.1f} |")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.append(f"\nprocess max RSS: {rss:.0f} MiB")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--no-quality", action="store_true", help="throughput only")
    args = ap.parse_args()
    shared = args.shared
    if not (shared / "eval" / "score.py").is_file():
        sys.exit(f"{shared} has no eval/score.py: put ../shared beside the checkout or pass --shared")
    codesync = shared / "corpus" / "codesync"
    other = shared / "corpus" / "otherpages"
    if not args.no_quality:
        sets = {"seeds": score(shared, shared / "seeds" / "gold", shared / "seeds"),
                "codesync txt": score(shared, codesync / "gold", codesync / "txt"),
                "otherpages": score(shared, other / "gold", other / "input")}
        print("## extraction quality (F1 per slot)\n\n" + quality_table(sets) + "\n")
    print("## throughput\n\n" + throughput(sorted((codesync / "txt").rglob("*.txt")),
                                          sorted((other / "input").glob("*.txt"))))


if __name__ == "__main__":
    main()
