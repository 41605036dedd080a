"""Shared fixtures: where the repository, the seeds and the shared corpora are, and a CLI runner.

The command line is run as a real subprocess (`python -m newslint`), the way pre-commit and CI run
it, so exit codes, standard streams and tracebacks are what a user would see.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from newslint.cli import main

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
# In CI the shared test material sits beside the clone: <parent>/shared.
SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
SEED = SEEDS_DIR / "000_2fb2c4eb24b61b01.txt"
SEED_FIXED = SEEDS_DIR / "000_2fb2c4eb24b61b01.fixed.txt"

CliResult = tuple[int, str, str]
RunCli = Callable[..., CliResult]


def require_shared() -> Path:
    """The shared folder, or a test failure that says where it was looked for (never a silent skip)."""
    if not (SHARED_DIR / "corpora").is_dir():
        pytest.fail(
            f"shared test material not found at {SHARED_DIR} (expected ../shared beside the repository, "
            "with corpora/wikinews_*.jsonl)",
            pytrace=False,
        )
    return SHARED_DIR


def cli(
    args: Sequence[str | os.PathLike[str]],
    stdin: str | bytes | None = None,
    cwd: str | os.PathLike[str] | None = None,
    prefix: Sequence[str] = (),
    timeout: float = 60,
) -> CliResult:
    """Run `python -m newslint ARGS`; return (returncode, stdout, stderr) decoded as UTF-8."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "newslint", *map(str, args)],
        input=data if data is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )
    return (
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture
def run_cli(tmp_path_factory: pytest.TempPathFactory) -> RunCli:
    """`run_cli(args, stdin=None, cwd=None)` -> (returncode, stdout, stderr).

    Without `cwd`, the command runs in an empty folder of its own, so no configuration file of the
    repository (or of whoever runs the tests) changes what it does.
    """

    def run(
        args: Sequence[str | os.PathLike[str]],
        stdin: str | bytes | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> CliResult:
        return cli(args, stdin=stdin, cwd=cwd if cwd is not None else tmp_path_factory.mktemp("cwd"))

    return run


def cli_in_process(
    args: Sequence[str | os.PathLike[str]],
    stdin: str | bytes | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> CliResult:
    """What `cli` returns, from `newslint.cli.main` called in this process (no interpreter start-up).

    For the many small cases where the process boundary adds nothing; `cli` stays the reference.
    """
    data = stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b"")
    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    old_cwd, old_stdin = os.getcwd(), sys.stdin
    try:
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin = fake_stdin
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse: usage errors, --help, --version
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.stdin = old_stdin
        os.chdir(old_cwd)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def run_in_process(tmp_path_factory: pytest.TempPathFactory) -> RunCli:
    """Like `run_cli`, but calling `newslint.cli.main` in this process: the same result, faster."""

    def run(
        args: Sequence[str | os.PathLike[str]],
        stdin: str | bytes | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> CliResult:
        return cli_in_process(
            args, stdin=stdin, cwd=cwd if cwd is not None else tmp_path_factory.mktemp("cwd")
        )

    return run


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return require_shared()


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed scrape."""
    path = tmp_path / SEED.name
    path.write_bytes(SEED.read_bytes())
    return path


@pytest.fixture(scope="session")
def wikinews() -> list[dict[str, Any]]:
    """The English Wikinews articles (title, paragraphs, ...) of the shared corpora."""
    path = require_shared() / "corpora" / "wikinews_en.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
