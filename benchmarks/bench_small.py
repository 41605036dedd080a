"""The pre-commit case: `newslint check` on 1 and 3 files, against an earlier commit, in one run.

A hook runs newslint on the few files a commit touches, so what counts there is start-up: imports,
packs, the lexicon, and now the cache. This script checks the same files with the code of an
earlier commit (the baseline, extracted with `git archive` and put first on PYTHONPATH) and with
the current tree, interleaved, and prints the median wall time of each and their ratio. The
current tree is timed with a warm cache (the hook's second run on unchanged files), with a cold
one, and with `--no-cache`.

    python benchmarks/bench_small.py --baseline d089a86 --repeat 15
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_2fb2c4eb24b61b01.txt"


def extract(ref: str, into: Path) -> Path:
    """The baseline's source tree (the newslint package and its packs) in a folder of its own."""
    data = subprocess.run(["git", "-C", str(REPO), "archive", ref], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline", default="d089a86", help="the git ref to compare with (default: d089a86)"
    )
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="nl-small-"))
    try:
        old = extract(args.baseline, work / "old")
        files = work / "files"
        files.mkdir()
        names = []
        for i in range(3):
            target = files / f"scrape{i}.txt"
            shutil.copyfile(SEED, target)
            names.append(target.name)
        base_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
        old_env = {**base_env, "PYTHONPATH": str(old)}
        new_env = {**base_env, "PYTHONPATH": str(REPO)}
        cmd = [sys.executable, "-m", "newslint", "check", "-q"]
        variants = {}
        for count in (1, 3):
            chosen = names[:count]
            variants[f"{count} file(s), baseline {args.baseline}"] = (old_env, [*cmd, *chosen], None)
            variants[f"{count} file(s), now, --no-cache"] = (new_env, [*cmd, "--no-cache", *chosen], None)
            variants[f"{count} file(s), now, warm cache"] = (new_env, [*cmd, *chosen], None)
            variants[f"{count} file(s), now, cold cache"] = (new_env, [*cmd, *chosen], "cold")
        # One untimed run of each: byte-compile both trees and fill the warm cache.
        for env, command, _ in variants.values():
            timed(command, env, files)
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.repeat):
            for name, (env, command, cache) in variants.items():
                if cache == "cold":
                    shutil.rmtree(files / ".newslint_cache", ignore_errors=True)
                times[name].append(timed(command, env, files))
                if cache == "cold":
                    timed(command, env, files)  # leave the cache warm for the warm variant
        print(f"median of {args.repeat} interleaved runs (min-max), one process each")
        for count in (1, 3):
            base = statistics.median(times[f"{count} file(s), baseline {args.baseline}"])
            for name, values in times.items():
                if not name.startswith(f"{count} "):
                    continue
                median = statistics.median(values)
                print(
                    f"  {name:<40} {median:6.3f} s ({min(values):.3f}-{max(values):.3f})  "
                    f"x{median / base:.2f} of the baseline"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
