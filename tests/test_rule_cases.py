"""Every rule's test cases, kept as data (sqlfluff style): one YAML file per code in tests/cases/.

A case is a scraped snippet and what the rule must make of it:

    - name: caption-printed-twice        # unique within its file
      fail_str: |                        # the rule must report this text ...
        ...
      findings: 1                        # ... this many times (optional)
      lines: [4]                         # ... on these lines (optional)
      fix_str: |                         # `newslint fix --select CODE` must give exactly this (optional)
        ...
      unsafe: true                       # the fix needs --unsafe-fixes (optional; a safe fix leaves the text)
      xfail: "why this is a known bug"   # a known bug or miss, kept instead of deleted (optional)

    - name: body-sentence-with-share
      pass_str: |                        # the rule must report nothing here
        ...
      config: {packs: [...], language: en}   # optional; pack paths are relative to tests/cases/
      config: {index: [text, ...]}       # DUP101/DUP102: the texts in the index (--index)

A fail_str without fix_str must be left unchanged by `newslint fix`, with or without unsafe fixes.
A fix_str must itself pass the rule (fixes converge), and fixing it again must change nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from newslint import engine
from newslint.checks.base import Rule, Settings
from newslint.codes import BY_CODE, RULES, select_rules
from newslint.dedup.index import index_of_texts
from newslint.document import Document
from newslint.model import Finding
from newslint.packs import pack_set

CASES_DIR = Path(__file__).parent / "cases"
CASE_KEYS = frozenset(
    {"name", "fail_str", "pass_str", "fix_str", "unsafe", "findings", "lines", "config", "xfail"}
)
FAIL_ONLY_KEYS = ("fix_str", "unsafe", "findings", "lines")
CONFIG_KEYS = frozenset({"packs", "language", "index"})


@dataclass(frozen=True)
class Case:
    code: str
    name: str
    fail_str: str | None = None
    pass_str: str | None = None
    fix_str: str | None = None
    unsafe: bool = False
    findings: int | None = None
    lines: tuple[int, ...] | None = None
    config: dict[str, Any] = field(default_factory=dict)
    xfail: str | None = None

    @property
    def id(self) -> str:
        return f"{self.code}-{self.name}"


def _case(path: Path, n: int, raw: object) -> Case:
    """Check one case strictly: a mistyped key is an error naming the file and the key."""
    where = f"{path.name} case {n + 1}"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a case must be a mapping")
    unknown = sorted(set(raw) - CASE_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown key '{unknown[0]}' (allowed: {', '.join(sorted(CASE_KEYS))})")
    if not isinstance(raw.get("name"), str):
        raise ValueError(f"{where}: key 'name' is required")
    if ("fail_str" in raw) == ("pass_str" in raw):
        raise ValueError(f"{where} ({raw['name']}): give exactly one of 'fail_str' and 'pass_str'")
    if "pass_str" in raw:
        misplaced = [key for key in FAIL_ONLY_KEYS if key in raw]
        if misplaced:
            raise ValueError(f"{where} ({raw['name']}): key '{misplaced[0]}' needs a 'fail_str'")
    if raw.get("unsafe") and "fix_str" not in raw:
        raise ValueError(f"{where} ({raw['name']}): 'unsafe' needs a 'fix_str'")
    config = raw.get("config") or {}
    if not isinstance(config, dict) or set(config) - CONFIG_KEYS:
        raise ValueError(f"{where} ({raw['name']}): 'config' takes only {sorted(CONFIG_KEYS)}")
    for key in ("fail_str", "pass_str", "fix_str"):
        if key in raw and not isinstance(raw[key], str):
            raise ValueError(f"{where} ({raw['name']}): '{key}' must be a string")
    lines = raw.get("lines")
    return Case(
        code=path.stem,
        name=raw["name"],
        fail_str=raw.get("fail_str"),
        pass_str=raw.get("pass_str"),
        fix_str=raw.get("fix_str"),
        unsafe=bool(raw.get("unsafe", False)),
        findings=raw.get("findings"),
        lines=None if lines is None else tuple(lines),
        config=config,
        xfail=raw.get("xfail"),
    )


def load_cases(folder: Path = CASES_DIR) -> list[Case]:
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError(f"{path.name}: a cases file must be a list of cases")
        cases.extend(_case(path, n, raw) for n, raw in enumerate(data))
    return cases


CASES = load_cases()


def _params() -> list[Any]:
    """One test per case; a case marked `xfail` is a known bug that must keep failing until fixed."""
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def _settings(case: Case, folder: Path) -> Settings:
    packs = pack_set([CASES_DIR / p for p in case.config.get("packs", [])])
    index = None
    if "index" in case.config:
        index = index_of_texts(str(folder / "index.db"), case.config["index"], packs)
    return Settings(packs, case.config.get("language", "en"), index=index)


def _findings(text: str, rules: tuple[Rule, ...], settings: Settings, code: str) -> list[Finding]:
    return [f for f in engine.lint(Document(text), rules, settings) if f.code == code]


def _fixed(text: str, rules: tuple[Rule, ...], settings: Settings, unsafe: bool) -> str:
    result = engine.fix(Document(text), rules, settings, unsafe=unsafe)
    assert result.converged, f"fixing does not converge ({result.unconverged_codes})"
    return result.text


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"  line {f.line}: {f.message}" for f in findings) or "  (none)"


@pytest.mark.parametrize("case", _params())
def test_rule_case(case: Case, tmp_path: Path) -> None:
    rules = select_rules([case.code])
    settings = _settings(case, tmp_path)

    if case.pass_str is not None:
        findings = _findings(case.pass_str, rules, settings, case.code)
        assert not findings, f"{case.code} must report nothing here, reported:\n{_describe(findings)}"
        return

    assert case.fail_str is not None
    text = case.fail_str
    findings = _findings(text, rules, settings, case.code)
    assert findings, f"{case.code} must report this text, reported nothing"
    if case.findings is not None:
        assert len(findings) == case.findings, _describe(findings)
    if case.lines is not None:
        assert tuple(f.line for f in findings) == case.lines, _describe(findings)

    if case.fix_str is None:
        # No fix expected: neither safe nor unsafe fixes may touch the text.
        assert _fixed(text, rules, settings, unsafe=False) == text
        assert _fixed(text, rules, settings, unsafe=True) == text
        return

    if case.unsafe:
        # The fix needs --unsafe-fixes: a plain `newslint fix` leaves the text alone.
        assert _fixed(text, rules, settings, unsafe=False) == text
    fixed = _fixed(text, rules, settings, unsafe=case.unsafe)
    assert fixed == case.fix_str
    # Fixes converge: the fixed text passes the rule, and fixing it again changes nothing.
    remaining = _findings(fixed, rules, settings, case.code)
    assert not remaining, f"the fixed text still has:\n{_describe(remaining)}"
    assert _fixed(fixed, rules, settings, unsafe=case.unsafe) == fixed


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_has_failing_and_passing_cases(rule: Rule) -> None:
    mine = [case for case in CASES if case.code == rule.code and not case.xfail]
    assert any(case.fail_str is not None for case in mine), f"tests/cases/{rule.code}.yaml: no fail_str case"
    assert any(case.pass_str is not None for case in mine), f"tests/cases/{rule.code}.yaml: no pass_str case"


def test_every_cases_file_names_a_registered_code() -> None:
    files = sorted(CASES_DIR.glob("*.yaml"))
    assert files
    for path in files:
        assert path.stem in BY_CODE, f"{path.name}: no rule has the code {path.stem!r}"


def test_case_names_are_unique_per_code() -> None:
    ids = [case.id for case in CASES]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"case names used twice: {duplicates}"


@pytest.mark.parametrize(
    ("case_yaml", "error"),
    [
        ("- name: typo\n  fail_sr: 'x'\n", "unknown key 'fail_sr'"),
        ("- name: both\n  fail_str: 'x'\n  pass_str: 'y'\n", "exactly one of"),
        ("- name: fix-on-pass\n  pass_str: 'x'\n  fix_str: 'y'\n", "key 'fix_str' needs a 'fail_str'"),
        ("- name: unsafe-alone\n  fail_str: 'x'\n  unsafe: true\n", "'unsafe' needs a 'fix_str'"),
        ("- name: bad-config\n  pass_str: 'x'\n  config: {select: [UI]}\n", "'config' takes only"),
        ("name: not-a-list\n", "must be a list of cases"),
    ],
)
def test_cases_files_are_checked_strictly(tmp_path: Path, case_yaml: str, error: str) -> None:
    (tmp_path / "UI001.yaml").write_text(case_yaml, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(error)):
        load_cases(tmp_path)
