"""Bad and unusual input files: each gets one clear line on stderr and exit 2, or is handled right.

`fix` must keep everything it does not fix byte for byte: encoding, byte-order mark, line endings
and a missing final newline. It writes through a temporary file that replaces the original, so it
never leaves a half-written file or a stray temporary file behind.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import CliResult, RunCli, cli

import newslint.files

# Uses the OCR rule (a character-level edit inside a line) and whole-line deletions; the curly
# apostrophe makes the encoding matter.
SAMPLE = """\
Storm Cuts Power to Thousands on the Coast

Workers repair a power line in Brighton. (AFP)
Workers repair a power line in Brighton. (AFP)
TT

The storm cut power to thousands of homes on Tuesday, the minister’s office told the Parliament.

The 0arliament will debate emergency funding for the affected towns next week, officials said.
"""
SAMPLE_FIXED = """\
Storm Cuts Power to Thousands on the Coast

Workers repair a power line in Brighton. (AFP)

The storm cut power to thousands of homes on Tuesday, the minister’s office told the Parliament.

The Parliament will debate emergency funding for the affected towns next week, officials said.
"""
SAMPLE_FINDINGS = [("OCR001", 9, 5), ("DUP001", 4, 1), ("UI001", 5, 1)]

CLEAN = (
    "Storm Cuts Power to Thousands on the Coast\n\nThe storm cut power to thousands of homes on Tuesday.\n"
)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def cr_only(text: str) -> str:
    return text.replace("\n", "\r")


def no_final_newline(text: str) -> str:
    return text.rstrip("\n")


# (name, how the text is encoded to bytes): every one must round-trip through `fix`.
VARIANTS: dict[str, Callable[[str], bytes]] = {
    "lf": lambda t: t.encode("utf-8"),
    "crlf": lambda t: crlf(t).encode("utf-8"),
    "cr": lambda t: cr_only(t).encode("utf-8"),
    "no-final-newline": lambda t: no_final_newline(t).encode("utf-8"),
    "crlf-no-final-newline": lambda t: no_final_newline(crlf(t)).encode("utf-8"),
    "utf8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf8-bom-crlf": lambda t: codecs.BOM_UTF8 + crlf(t).encode("utf-8"),
    "utf16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf16-le-bom-crlf": lambda t: codecs.BOM_UTF16_LE + crlf(t).encode("utf-16-le"),
}


def assert_one_line_error(result: CliResult, *fragments: str) -> None:
    code, _out, err = result
    assert code == 2, result
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, err)


def json_findings(out: str) -> list[dict[str, Any]]:
    return json.loads(out)


def leftovers(folder: Path, expected: set[str]) -> set[str]:
    """Names in the folder beyond the expected ones (temporary files a write left behind)."""
    return {p.name for p in folder.iterdir()} - expected


# Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "fix"])
def test_binary_file(run_cli: RunCli, tmp_path: Path, command: str) -> None:
    path = tmp_path / "image.txt"
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    path.write_bytes(data)
    assert_one_line_error(run_cli([command, path]), str(path), "binary")
    assert path.read_bytes() == data


def test_utf16_without_bom_is_refused_as_binary(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(SAMPLE.encode("utf-16-le"))
    assert_one_line_error(run_cli(["check", path]), str(path))


@pytest.mark.parametrize("command", ["check", "fix"])
def test_invalid_utf8(run_cli: RunCli, tmp_path: Path, command: str) -> None:
    path = tmp_path / "latin1.txt"
    data = "Storm Cuts Power\n\nLe café a fermé ses portes mardi.\n".encode("latin-1")
    path.write_bytes(data)
    assert_one_line_error(run_cli([command, path]), str(path), "UTF-8", "line 3")
    assert path.read_bytes() == data


def test_invalid_utf16(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "broken16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Storm\n".encode("utf-16-le") + b"\x00\xdc")  # lone surrogate
    assert_one_line_error(run_cli(["check", path]), str(path))


def test_empty_file(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, out, err = run_cli(["check", path])
    assert (code, err) == (0, "")
    assert "1 file checked" in out
    code, _out, err = run_cli(["fix", path])
    assert (code, err) == (0, "")
    assert path.read_bytes() == b""


@pytest.mark.parametrize("content", [b"\n\n\n", b"   \n\t\n", b"\xef\xbb\xbf", b"\r\n\r\n"])
def test_blank_only_files(run_in_process: RunCli, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert run_in_process(["check", path])[0] == 0
    assert run_in_process(["fix", path])[0] == 0
    assert path.read_bytes() == content


def test_missing_path(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert_one_line_error(run_cli(["check", path]), str(path))
    assert_one_line_error(run_cli(["fix", path]), str(path))
    assert not path.exists()


def test_broken_symlink(run_in_process: RunCli, tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert_one_line_error(run_in_process(["check", link]), str(link))


def test_folder_as_path_is_walked(run_in_process: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "scrapes"
    (folder / "day1").mkdir(parents=True)
    (folder / "day1" / "story.txt").write_text(SAMPLE, encoding="utf-8")
    code, out, err = run_in_process(["check", "--output-format", "json", folder])
    assert (code, err) == (1, "")
    assert {f["path"] for f in json_findings(out)} == {str(folder / "day1" / "story.txt")}


def test_empty_folder_checks_nothing_and_says_so(run_in_process: RunCli, tmp_path: Path) -> None:
    code, out, err = run_in_process(["check", tmp_path])
    assert code == 0
    assert err == f"newslint: warning: nothing to check under {tmp_path} (no *.txt, *.text or corpus files)\n"
    assert "0 files checked" in out


def test_bad_file_among_good_ones(run_cli: RunCli, run_in_process: RunCli, tmp_path: Path) -> None:
    good1, bad, good2 = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    good1.write_text(SAMPLE, encoding="utf-8")
    bad.write_bytes(b"\x00\x01\x02binary")
    good2.write_text(SAMPLE, encoding="utf-8")
    missing = tmp_path / "missing.txt"

    code, out, err = run_cli(["check", "--output-format", "json", good1, bad, missing, good2])
    assert code == 2
    assert "Traceback" not in err
    errors = err.strip().splitlines()
    assert len(errors) == 2
    assert str(bad) in errors[0] and str(missing) in errors[1]
    paths = [f["path"] for f in json_findings(out)]
    assert set(paths) == {str(good1), str(good2)}

    # In a folder, too: the good files are still checked.
    code, out, err = run_in_process(["check", "--output-format", "json", tmp_path])
    assert code == 2
    assert {f["path"] for f in json_findings(out)} == {str(good1), str(good2)}

    # And fixed: the bad file is left as it was.
    code, _out, err = run_in_process(["fix", tmp_path])
    assert code == 2
    assert str(bad) in err
    assert good1.read_text(encoding="utf-8") == SAMPLE_FIXED
    assert good2.read_text(encoding="utf-8") == SAMPLE_FIXED
    assert bad.read_bytes() == b"\x00\x01\x02binary"
    assert leftovers(tmp_path, {"a.txt", "b.txt", "c.txt"}) == set()


# Encodings and line endings --------------------------------------------------------------------


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_findings_do_not_depend_on_encoding_or_line_endings(
    run_in_process: RunCli, tmp_path: Path, variant: str
) -> None:
    path = tmp_path / f"{variant}.txt"
    path.write_bytes(VARIANTS[variant](SAMPLE))
    code, out, err = run_in_process(["check", "--output-format", "json", path])
    assert (code, err) == (1, "")
    findings = json_findings(out)
    assert sorted((f["code"], f["line"], f["column"]) for f in findings) == sorted(SAMPLE_FINDINGS)
    ocr = next(f for f in findings if f["code"] == "OCR001")
    assert (ocr["end_line"], ocr["end_column"]) == (9, 15)  # columns in characters, BOM and \r aside
    caption = next(f for f in findings if f["code"] == "DUP001")
    assert caption["end_column"] == len("Workers repair a power line in Brighton. (AFP)") + 1


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_fix_preserves_encoding_bom_and_line_endings(
    run_in_process: RunCli, tmp_path: Path, variant: str
) -> None:
    encode = VARIANTS[variant]
    path = tmp_path / f"{variant}.txt"
    path.write_bytes(encode(SAMPLE))
    code, _out, err = run_in_process(["fix", path])
    assert (code, err) == (0, "")
    assert path.read_bytes() == encode(SAMPLE_FIXED)
    assert leftovers(tmp_path, {path.name}) == set()


def test_fix_stdin_keeps_crlf(run_cli: RunCli) -> None:
    code, out, err = run_cli(["fix", "-"], stdin=crlf(SAMPLE))
    assert code == 0, err
    assert out == crlf(SAMPLE_FIXED)


@pytest.mark.parametrize("variant", ["utf8-bom", "utf16-le-bom", "utf16-be-bom", "cr"])
def test_stdin_in_any_supported_encoding(run_in_process: RunCli, variant: str) -> None:
    encode = VARIANTS[variant]
    code, out, err = run_in_process(["check", "--output-format", "json", "-"], stdin=encode(SAMPLE))
    assert code == 1, err
    assert sorted((f["code"], f["line"], f["column"]) for f in json_findings(out)) == sorted(SAMPLE_FINDINGS)
    code, out, err = run_in_process(["fix", "-"], stdin=encode(SAMPLE))
    assert code == 0, err
    assert out.replace("\r", "\n") == SAMPLE_FIXED


@pytest.mark.parametrize("variant", ["utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf16-le-bom-crlf", "cr"])
def test_fix_stdin_writes_stdout_in_the_input_encoding(variant: str) -> None:
    """`fix -` in a pipeline keeps the bytes' encoding, BOM and newlines, as `fix FILE` does."""
    encode = VARIANTS[variant]
    proc = subprocess.run(
        [sys.executable, "-m", "newslint", "fix", "-"], input=encode(SAMPLE), capture_output=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == encode(SAMPLE_FIXED)


def test_fix_keeps_mixed_line_endings_of_kept_lines(run_in_process: RunCli, tmp_path: Path) -> None:
    lines = SAMPLE.splitlines(keepends=True)
    endings = ["\r\n", "\n", "\r\n", "\n", "\r\n", "\n", "\r\n", "\n", "\n"]
    mixed = "".join(line.rstrip("\n") + end for line, end in zip(lines, endings))
    path = tmp_path / "mixed.txt"
    path.write_bytes(mixed.encode("utf-8"))
    code, _out, _err = run_in_process(["fix", path])
    assert code == 0
    got = path.read_bytes().decode("utf-8")
    # Lines 4 (caption copy) and 5 (TT) go together with their own newlines; every other line keeps
    # its own ending; only line 9's word changes.
    kept = [0, 1, 2, 5, 6, 7, 8]
    expected = "".join(lines[i].rstrip("\n") + endings[i] for i in kept).replace("0arliament", "Parliament")
    assert got == expected


def test_fix_keeps_missing_final_newline_when_deleting_the_last_line(
    run_in_process: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / "tail.txt"
    path.write_bytes((SAMPLE_FIXED + "Advertisement").encode("utf-8"))
    assert run_in_process(["fix", path])[0] == 0
    assert path.read_bytes() == no_final_newline(SAMPLE_FIXED).encode("utf-8")

    path.write_bytes(crlf(SAMPLE_FIXED + "Advertisement\n").encode("utf-8"))
    assert run_in_process(["fix", path])[0] == 0
    assert path.read_bytes() == crlf(SAMPLE_FIXED).encode("utf-8")


def test_line_separators_other_than_newlines_are_not_line_breaks(
    run_in_process: RunCli, tmp_path: Path
) -> None:
    """U+2028, form feed and friends stay inside their line: line numbers match editors and git."""
    text = SAMPLE.replace("Tuesday, the", "Tuesday,\u2028the").replace(
        "week, officials", "week,\x0cofficials"
    )
    path = tmp_path / "separators.txt"
    path.write_bytes(text.encode("utf-8"))
    # ENC003 reports the form feed itself (an invisible control character); this test is about
    # line numbers, so it looks at the other rules.
    code, out, _err = run_in_process(["check", "--ignore", "ENC003", "--output-format", "json", path])
    assert code == 1
    assert sorted((f["code"], f["line"]) for f in json_findings(out)) == sorted(
        (c, line) for c, line, _ in SAMPLE_FINDINGS
    )
    assert run_in_process(["fix", "--ignore", "ENC003", path])[0] == 0
    expected = SAMPLE_FIXED.replace("Tuesday, the", "Tuesday,\u2028the").replace(
        "week, officials", "week,\x0cofficials"
    )
    assert path.read_bytes() == expected.encode("utf-8")


# Writing ---------------------------------------------------------------------------------------


def test_fix_leaves_no_temporary_files(run_in_process: RunCli, tmp_path: Path) -> None:
    names = {"a.txt", "b.txt", "clean.txt"}
    for name in names:
        (tmp_path / name).write_text(CLEAN if name == "clean.txt" else SAMPLE, encoding="utf-8")
    code, _out, _err = run_in_process(["fix", tmp_path])
    assert code == 0
    assert {p.name for p in tmp_path.iterdir()} == names
    assert not list(tmp_path.glob(".*"))


def test_fix_keeps_permissions(run_in_process: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    path.chmod(0o640)
    assert run_in_process(["fix", path])[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text(encoding="utf-8") == SAMPLE_FIXED


def test_fix_diff_and_check_write_nothing(run_in_process: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    before = path.stat().st_mtime_ns, path.stat().st_ino
    run_in_process(["check", path])
    run_in_process(["fix", "--diff", path])
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before
    assert leftovers(tmp_path, {"story.txt"}) == set()


def test_fix_through_a_symlink_fixes_the_target(run_in_process: RunCli, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "story.txt"
    target.write_text(SAMPLE, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run_in_process(["fix", link])[0] == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == SAMPLE_FIXED


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_failed_write_leaves_the_original_and_no_temporary_file(
    run_in_process: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """A write that fails half-way (disk full, permission denied at rename) changes nothing."""
    error = PermissionError(13, "Permission denied") if failing == "replace" else OSError(28, "No space left")

    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(newslint.files.os, failing, fail)
    other = tmp_path / "other.txt"
    path = tmp_path / "story.txt"
    for p in (path, other):
        p.write_text(SAMPLE, encoding="utf-8")
    code, _out, err = run_in_process(["fix", path, other])
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("newslint: error:")]
    assert len(errors) == 2  # one line per file, and the second file was still tried
    assert str(path) in errors[0] and error.strerror in errors[0]
    assert path.read_text(encoding="utf-8") == SAMPLE
    assert other.read_text(encoding="utf-8") == SAMPLE
    assert leftovers(tmp_path, {"story.txt", "other.txt"}) == set()


# Permissions: real ones, run as a user the permissions apply to -------------------------------


@dataclass
class Unprivileged:
    """Runs newslint as a user that file permissions apply to, in folders that user owns."""

    prefix: tuple[str, ...]
    uid: int | None
    root: Path

    def folder(self, name: str) -> Path:
        path = self.root / name
        path.mkdir()
        self.own(path)
        return path

    def own(self, path: Path) -> None:
        if self.uid is not None:
            os.chown(path, self.uid, self.uid)

    def run(self, args: list[Any]) -> CliResult:
        return cli(args, cwd=self.root, prefix=self.prefix)


NOBODY = 65534


def _setpriv_prefix() -> tuple[str, ...] | None:
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return (setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups")


@pytest.fixture
def unprivileged(tmp_path: Path) -> Iterator[Unprivileged | None]:
    """None when running as root with no way to drop privileges (then the simulated tests stand in)."""
    if os.geteuid() != 0:
        yield Unprivileged((), None, tmp_path)
        return
    prefix = _setpriv_prefix()
    if prefix is None:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="newslint-perm-"))
    try:
        os.chmod(root, 0o755)
        os.chown(root, NOBODY, NOBODY)
        probe = Unprivileged(prefix, NOBODY, root)
        sample = root / "probe.txt"
        sample.write_text(CLEAN, encoding="utf-8")
        probe.own(sample)
        code, _out, _err = probe.run(["check", sample])
        sample.unlink()
        yield probe if code == 0 else None
    finally:
        for folder in root.rglob("*"):
            if folder.is_dir():
                folder.chmod(0o755)
        shutil.rmtree(root, ignore_errors=True)


def _need(unprivileged: Unprivileged | None) -> Unprivileged:
    if unprivileged is None:
        pytest.skip(
            "running as root without setpriv (or the unprivileged user cannot run newslint): "
            "permissions do not apply; test_failed_write_leaves_the_original_and_no_temporary_file "
            "covers the error path instead"
        )
    return unprivileged


def test_read_only_folder(unprivileged: Unprivileged | None) -> None:
    env = _need(unprivileged)
    folder = env.folder("locked")
    path = folder / "story.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    env.own(path)
    folder.chmod(0o555)

    code, _out, err = env.run(["check", path])
    assert code == 1, err  # reading still works
    result = env.run(["fix", path])
    assert_one_line_error(result, str(path), "cannot write")
    assert path.read_text(encoding="utf-8") == SAMPLE
    assert leftovers(folder, {"story.txt"}) == set()


def test_unreadable_file(unprivileged: Unprivileged | None) -> None:
    env = _need(unprivileged)
    folder = env.folder("secret")
    path, good = folder / "story.txt", folder / "good.txt"
    for p in (path, good):
        p.write_text(SAMPLE, encoding="utf-8")
        env.own(p)
    path.chmod(0)
    code, out, err = env.run(["check", "--output-format", "json", folder])
    assert code == 2
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert str(path) in line and "cannot read" in line
    assert {f["path"] for f in json.loads(out)} == {str(good)}


def test_read_only_file(unprivileged: Unprivileged | None) -> None:
    env = _need(unprivileged)
    folder = env.folder("ro")
    path = folder / "story.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    env.own(path)
    path.chmod(0o444)
    result = env.run(["fix", path])
    assert path.read_text(encoding="utf-8") == SAMPLE
    assert_one_line_error(result, str(path))
