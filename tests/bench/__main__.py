"""``python -m tests.bench [--quick] [--only NAME]``: run the benchmarks and print one aligned table."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
import time
import traceback

from tests.bench.common import Row, machine

#: name → module with ``async def run(quick: bool) -> list[Row]``, in the order they are run
BENCHMARKS = {
    "mirror": "tests.bench.mirror",
    "answers": "tests.bench.answers",
    "questions": "tests.bench.questions",
    "catalogue": "tests.bench.catalogue",
    "catalogue-pg": "tests.bench.catalogue_pg",
    "exports": "tests.bench.exports",
    "splitting": "tests.bench.splitting",
    "memory": "tests.bench.memory",
    "shards": "tests.bench.shards",
    "restarts": "tests.bench.restarts",
    "tmdb": "tests.bench.tmdb",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run of a few seconds each")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), help="run one benchmark")
    return parser


def render(rows: list[Row]) -> str:
    """Rows as a plain-text table with aligned columns."""
    header = Row("bench", "metric", "value", "goal", "note")
    table = [header, *rows]
    widths = [max(len(getattr(r, f)) for r in table) for f in ("bench", "metric", "value", "goal")]
    lines = []
    for r in table:
        cells = [r.bench.ljust(widths[0]), r.metric.ljust(widths[1]), r.value.rjust(widths[2]),
                 r.goal.ljust(widths[3]), r.note]
        lines.append("  ".join(cells).rstrip())
        if r is header:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


async def _run_one(name: str, quick: bool) -> list[Row]:
    """One benchmark; a failure becomes a row so that the others still report."""
    started = time.perf_counter()
    try:
        rows = await importlib.import_module(BENCHMARKS[name]).run(quick)
    except Exception as exc:
        traceback.print_exc()
        rows = [Row(name, "FAILED", type(exc).__name__, note=str(exc)[:100])]
    print(f"[{name} done in {time.perf_counter() - started:.0f} s]", file=sys.stderr, flush=True)
    return rows


async def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    names = [args.only] if args.only else list(BENCHMARKS)
    rows: list[Row] = []
    for name in names:
        rows += await _run_one(name, args.quick)
    print("\n".join(machine()))
    command = " ".join(["python -m tests.bench", *(argv or sys.argv[1:])])
    print(f"Mode: {'--quick' if args.quick else 'full'}; command: {command}")
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
