"""Extraction quality and throughput: score.py tables on the seeds and on codesync, pages/s, spaCy docs/s.

    .venv/bin/python benchmarks/extraction_quality.py [--shared ../shared]

Quality goes through the CLI exactly as score.py documents it (``talkgraph extract --format json``);
throughput is measured in-process: whole pages (read + extract) per second, and the rule pipeline
alone over every bio and talk text with ``nlp.pipe``.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _talkgraph() -> str:
    exe = Path(sys.executable).with_name("talkgraph")
    return str(exe) if exe.exists() else (shutil.which("talkgraph") or "talkgraph")


def score(shared: Path, gold: Path, inputs: Path) -> str:
    cmd = [sys.executable, str(shared / "eval" / "score.py"), str(gold), str(inputs),
           "--cmd", f"{_talkgraph()} extract --format json"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def throughput(paths: list[Path]) -> tuple[float, float, int]:
    from talkgraph.config import Settings
    from talkgraph.extract.nlp import build_nlp
    from talkgraph.extract.pipeline import extract_file
    from talkgraph.records.readers import read_page

    settings = Settings()
    nlp = build_nlp(settings)
    extract_file(paths[0], settings)  # warm-up: gazetteers and pipeline built once
    t0 = time.perf_counter()
    for p in paths:
        extract_file(p, settings)
    pages_s = len(paths) / (time.perf_counter() - t0)
    texts = []
    for p in paths:
        page = read_page(p, max_bytes=settings.max_record_bytes)
        texts.append(page.bio or "")
        texts.extend(a.abstract or "" for a in page.activities)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    docs_s = len(texts) / (time.perf_counter() - t0)
    return pages_s, docs_s, len(texts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    shared = args.shared
    if not (shared / "eval" / "score.py").is_file():
        sys.exit(f"{shared} has no eval/score.py: put ../shared beside the checkout or pass --shared")
    print("## seeds\n" + score(shared, shared / "seeds" / "gold", shared / "seeds"))
    codesync = shared / "corpus" / "codesync"
    print("## codesync (txt)\n" + score(shared, codesync / "gold", codesync / "txt"))
    paths = sorted((codesync / "txt").rglob("*.txt"))
    pages_s, docs_s, n_docs = throughput(paths)
    print(f"## throughput\npages/s (read + extract, {len(paths)} pages): {pages_s:.1f}\n"
          f"spaCy docs/s (nlp.pipe over {n_docs} bios and abstracts): {docs_s:.1f}")


if __name__ == "__main__":
    main()
