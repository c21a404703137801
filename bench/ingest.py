"""End-to-end ingest throughput: files → decode → extract → quads → store.

    .venv/bin/python -m bench.ingest               # bundled corpus and a synthetic ~10 MB corpus
    .venv/bin/python -m bench.ingest --size-mb 50

It ends with the cost of the text normalisation (loaders/normalise.py): extraction throughput with and
without it on the same corpus, measured side by side in rounds that alternate, so that a noisy machine
slows both alike.

The synthetic corpus repeats the bundled documents with the district renamed and the numbers changed, so
the extractors meet new names and values (not a cache of the same strings). Each configuration runs in its
own process, so the peak RSS it reports is its own.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DISTRICTS = ["江津", "荣昌", "璧山", "铜梁", "大足", "合川", "潼南", "綦江", "南川", "长寿", "涪陵", "万州", "黔江",
             "巴南", "北碚", "渝北", "开州", "梁平", "武隆", "丰都"]
_NUMBER = re.compile(r"\d+")


def synthetic_corpus(folder: Path, target_bytes: int, seed: int = 2024) -> list[Path]:
    """Copies of the bundled documents, each in another district and with other numbers, up to target_bytes."""
    from loaders import bundled_corpus
    from loaders.model import slugify

    originals = [(p.stem, p.read_text(encoding="utf-8")) for p in bundled_corpus()]
    rng = random.Random(seed)
    paths, total = [], 0
    while total < target_bytes:
        i = len(paths)
        stem, text = originals[i % len(originals)]
        district = DISTRICTS[(i // len(originals)) % len(DISTRICTS)]
        text = _NUMBER.sub(lambda m: _other_number(m.group(), rng), text.replace("永川", district))
        path = folder / f"{stem.replace('yongchuan', slugify(district))}-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        total += path.stat().st_size
    return paths


def _other_number(digits: str, rng: random.Random) -> str:
    if len(digits) == 4 and digits.startswith("20"):  # a year stays a plausible year
        return digits
    first = rng.choice("123456789") if len(digits) > 1 else rng.choice("0123456789")
    return first + "".join(rng.choice("0123456789") for _ in digits[1:])


def run(paths: list[Path], store: str) -> dict:
    """Ingest `paths` into a fresh store ("memory" or a directory) the way `ykg build` does (read and
    extract every file, then map and write them in batches), timing each stage."""
    import loaders
    from graph.rdf import to_ntriples
    from graph.store import KnowledgeGraph

    kg = KnowledgeGraph.in_memory() if store == "memory" else KnowledgeGraph(store)
    timings = dict.fromkeys(("read", "extract", "map", "write"), 0.0)
    wall, cpu = time.perf_counter(), time.process_time()
    extractions = []
    for path in paths:
        t0 = time.perf_counter()
        source = loaders.read_document(path)
        t1 = time.perf_counter()
        extractions.append(loaders.extract(source))
        timings["read"] += t1 - t0
        timings["extract"] += time.perf_counter() - t1

    def mapped():  # the mapping runs interleaved with the writes, as in KnowledgeGraph.ingest_many
        for extraction in extractions:
            t = time.perf_counter()
            lines = to_ntriples(extraction)
            timings["map"] += time.perf_counter() - t
            yield extraction.document.id, lines

    t = time.perf_counter()
    reports = kg.write_ntriples(mapped())
    kg.close()  # flushes an on-disk store: part of the write
    timings["write"] = time.perf_counter() - t - timings["map"]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "documents": len(paths),
        "bytes": sum(p.stat().st_size for p in paths),
        "chars": sum(len(x.document.text) for x in extractions),
        "quads": sum(r.quads for r in reports),
        "seconds": wall,
        "cpu_seconds": cpu,
        "stages": timings,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def report(name: str, store: str, r: dict) -> str:
    mb, seconds, stages = r["bytes"] / 1e6, r["seconds"], r["stages"]
    graph_layer = stages["map"] + stages["write"]
    return (
        f"{name:<10} {store:<6} {r['documents']:>4} docs {mb:6.2f} MB {r['quads']:>10,} triples | "
        f"{seconds:6.2f}s wall {r['cpu_seconds']:6.2f}s cpu | {mb / seconds:5.2f} MB/s "
        f"{r['chars'] / seconds:>9,.0f} chars/s | peak RSS {r['peak_rss_mb']:5.0f} MB\n{'':<18}"
        + "  ".join(f"{stage} {t:5.2f}s ({t / seconds:3.0%})" for stage, t in stages.items())
        + f" | graph layer (map+write) {mb / graph_layer:5.2f} MB/s, {r['quads'] / stages['write']:,.0f} triples/s written"
    )


def normalisation_cost(paths: list[Path], rounds: int = 5) -> str:
    """Extraction MB/s with the normalisation and with it switched off, alternating rounds; the ratio."""
    import loaders
    from loaders import normalise, text

    sources = [loaders.read_document(p) for p in paths]
    megabytes = sum(len(s.text.encode("utf-8")) for s in sources) / 1e6
    original = text.normalise_paragraph
    times = {"with": [], "without": []}
    for k in range(2 * rounds):
        mode = "with" if k % 2 == 0 else "without"
        text.normalise_paragraph = original if mode == "with" else (lambda paragraph: None)
        start = time.perf_counter()
        for source in sources:
            loaders.extract(source)
        times[mode].append(time.perf_counter() - start)
    text.normalise_paragraph = original
    best = {mode: min(values) for mode, values in times.items()}
    assert normalise.normalise_paragraph is original
    return (f"normalisation: extraction {megabytes / best['with']:5.2f} MB/s with it, "
            f"{megabytes / best['without']:5.2f} MB/s without ({megabytes:.2f} MB, best of {rounds} alternating "
            f"rounds each): throughput ratio {best['without'] / best['with']:.3f}, "
            f"cost {1 - best['without'] / best['with']:.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=float, default=10.0, help="size of the synthetic corpus")
    parser.add_argument("--child", nargs=2, metavar=("LIST", "STORE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # one measurement, in this process
        paths = [Path(p) for p in Path(args.child[0]).read_text().split("\n") if p]
        print(json.dumps(run(paths, args.child[1])))
        return

    from loaders import bundled_corpus

    with tempfile.TemporaryDirectory(prefix="ykg-bench-") as tmp:
        folder = Path(tmp)
        (folder / "synthetic").mkdir()
        corpora = {"bundled": bundled_corpus(), "synthetic": synthetic_corpus(folder / "synthetic", int(args.size_mb * 1e6))}
        for name, paths in corpora.items():
            listing = folder / f"{name}.txt"
            listing.write_text("\n".join(str(p) for p in paths))
            for store in ("memory", "disk"):
                location = "memory" if store == "memory" else str(folder / f"store-{name}")
                child = subprocess.run(
                    [sys.executable, "-m", "bench.ingest", "--child", str(listing), location],
                    capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parents[1],
                )
                if child.returncode:
                    sys.exit(f"{name}/{store} failed:\n{child.stderr.strip().splitlines()[-1]}")
                print(report(name, store, json.loads(child.stdout)), flush=True)
        real = sorted((Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "real").rglob("*.txt"))
        print("synthetic " + normalisation_cost(corpora["synthetic"]), flush=True)
        if real:
            print(f"real pages ({len(real)}) " + normalisation_cost(real * 10), flush=True)


if __name__ == "__main__":
    main()
