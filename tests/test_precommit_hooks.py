"""The pre-commit hooks newslint publishes (.pre-commit-hooks.yaml), run the way users try them.

`pre-commit try-repo <this repository>` clones the repository (HEAD plus uncommitted changes to
*tracked* files), builds a virtualenv by pip-installing it (so this also proves the wheel ships
its rule packs), and runs the hooks in a scratch git repository holding a damaged scrape.

Needs git, pre-commit (from the test extras) and access to the package index for the hook's
dependencies. Each try-repo builds its environment in a fresh temporary store (PRE_COMMIT_HOME is
not used for it), about 10-20 s each with a warm pip cache; the test makes three runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_2fb2c4eb24b61b01.txt"
GOLD = ROOT / "seeds" / "000_2fb2c4eb24b61b01.fixed.txt"
MANIFEST = ".pre-commit-hooks.yaml"
# What pip installs from the clone: a file missing from git here is missing from the hook's install.
PACKAGE_PATHS = ("pyproject.toml", "README.md", "newslint", "rules", MANIFEST)
TIMEOUT = 600  # seconds per pre-commit run: a hung pip install must not hang the suite


def _git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def _clean_env(tmp_path: Path) -> dict[str, str]:
    # Running inside a git hook (or under `pre-commit run`) leaves GIT_DIR, GIT_INDEX_FILE, ... set;
    # they would point the scratch repository's git commands at the outer repository.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k not in ("SKIP",)}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")  # never touch the user's cache
    env["PRE_COMMIT_COLOR"] = "never"
    env["GIT_AUTHOR_NAME"] = env["GIT_COMMITTER_NAME"] = "newslint tests"
    env["GIT_AUTHOR_EMAIL"] = env["GIT_COMMITTER_EMAIL"] = "tests@newslint.invalid"
    return env


def _require_hook_repo() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.fail("pre-commit is not installed: it is in the test extras (pip install '.[test]')")
    inside = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if inside.returncode != 0 or Path(inside.stdout.strip()).resolve() != ROOT:
        pytest.skip(f"{ROOT} is not a git checkout: pre-commit try-repo needs one")
    untracked = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "--", *PACKAGE_PATHS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if untracked:
        shown = ", ".join(untracked[:5]) + (" ..." if len(untracked) > 5 else "")
        pytest.skip(f"try-repo sees tracked files only; add (git add) these first: {shown}")


def _try_repo(scratch: Path, env: dict[str, str], *hook: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), *hook, "--all-files", "--color=never"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def _output(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def test_hooks_check_fail_fix_repairs_then_pass(tmp_path: Path) -> None:
    _require_hook_repo()
    env = _clean_env(tmp_path)
    scratch = tmp_path / "scrapes-repo"
    scratch.mkdir()
    _git("init", "-q", cwd=scratch, env=env)
    scrape = scratch / "incoming" / "aawsat.txt"
    scrape.parent.mkdir()
    shutil.copyfile(SEED, scrape)
    # The seed holds two articles on purpose, and ART001 (multiple-articles) has no fix, so a user who
    # keeps such files turns it off; this also proves the hooks read the repository's configuration.
    (scratch / "newslint.toml").write_text(
        'ignore = ["ART001"]\nextend-exclude = ["archive/"]\n', encoding="utf-8"
    )
    # Excluded by the config: pre-commit names it, and --force-exclude keeps newslint off it.
    archived = scratch / "archive" / "old.txt"
    archived.parent.mkdir()
    shutil.copyfile(SEED, archived)
    # Not a scrape: the hooks' `files:` pattern must keep newslint away from it.
    notes = scratch / "NOTES.md"
    notes.write_text("TT\nTT\nShare\n", encoding="utf-8")
    _git("add", "-A", cwd=scratch, env=env)
    _git("commit", "-q", "-m", "a damaged scrape", cwd=scratch, env=env)

    check = _try_repo(scratch, env, "newslint-check")
    assert check.returncode == 1, _output(check)
    assert "newslint check" in check.stdout and "Failed" in check.stdout, _output(check)
    # The packs shipped in the installed wheel: the built-in packs find the "TT" widget.
    assert "incoming/aawsat.txt:5:1: UI001" in check.stdout, _output(check)
    assert "DUP001" in check.stdout and "DUP002" in check.stdout, _output(check)
    assert "ART001" not in check.stdout, _output(check)
    assert "NOTES.md" not in check.stdout, _output(check)
    assert "archive/old.txt" not in check.stdout, _output(check)
    assert scrape.read_bytes() == SEED.read_bytes(), "newslint-check changed the file"

    fix = _try_repo(scratch, env, "newslint-fix")
    assert fix.returncode == 1, _output(fix)
    assert "files were modified by this hook" in fix.stdout, _output(fix)
    assert scrape.read_bytes() == GOLD.read_bytes(), _output(fix)
    assert notes.read_text(encoding="utf-8") == "TT\nTT\nShare\n", "a non-scrape file was changed"
    assert archived.read_bytes() == SEED.read_bytes(), "an excluded file was changed"

    # The user stages the fix; now both hooks (all of the manifest, in one environment) pass.
    _git("add", "-A", cwd=scratch, env=env)
    again = _try_repo(scratch, env)
    assert again.returncode == 0, _output(again)
    assert "newslint check" in again.stdout and "newslint fix" in again.stdout, _output(again)
    assert "Failed" not in again.stdout, _output(again)
    assert scrape.read_bytes() == GOLD.read_bytes(), _output(again)
