"""Every rule is documented where it is defined (ruff style), and its documentation is true.

The Example block must be reported by the rule, the Use instead block must not be, and for a
rule with fixes, fixing the Example with only that rule selected must give the Use instead text.
The registry (newslint.codes.RULES) is checked too: unique codes and names, and every check module
registered.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import replace

import pytest

import newslint.checks
from newslint import engine
from newslint.checks.base import Rule, Settings
from newslint.codes import BY_CODE, RULES, select_rules
from newslint.dedup.index import index_of_texts
from newslint.document import Document
from newslint.packs import pack_set

SECTIONS = ("What it does", "Why it matters", "Example", "Use instead", "Fix safety")
CODE_FORM = re.compile(r"^[A-Z]{2,3}\d{3}$")
NAME_FORM = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
NOT_RULES = {"base", "__init__", "ocr_common"}  # ocr_common: helpers the OCR rules share

SETTINGS = Settings(pack_set())

# Rules whose Example is known not to do what its documentation says: kept failing (strict xfail)
# until the rule or its documentation is fixed, not deleted.
EXAMPLE_BUGS: dict[str, str] = {}


def _rule_params(known_bugs: dict[str, str] | None = None) -> list[object]:
    known_bugs = known_bugs or {}
    return [
        pytest.param(
            rule,
            id=rule.code,
            marks=[pytest.mark.xfail(reason=known_bugs[rule.code], strict=True)]
            if rule.code in known_bugs
            else [],
        )
        for rule in RULES
    ]


def _example(rule: Rule, title: str) -> str:
    text = rule.example(title)
    assert text is not None, f"{rule.code}: the '{title}' section has no ```text block"
    return text


SettingsFor = Callable[[Rule], Settings]


@pytest.fixture(scope="module")
def settings_for(tmp_path_factory: pytest.TempPathFactory) -> SettingsFor:
    """The settings a rule's examples run with: for a rule whose documentation says what is "In
    the index" (DUP101, DUP102), an index holding that text."""
    made: dict[str, Settings] = {}

    def settings(rule: Rule) -> Settings:
        indexed = rule.example("In the index")
        if indexed is None:
            return SETTINGS
        if rule.code not in made:
            path = tmp_path_factory.mktemp(rule.code) / "index.db"
            made[rule.code] = replace(SETTINGS, index=index_of_texts(str(path), [indexed], SETTINGS.packs))
        return made[rule.code]

    return settings


def _codes_found(rule: Rule, text: str, settings: Settings) -> list[str]:
    return [f.code for f in engine.lint(Document(text), select_rules([rule.code]), settings)]


@pytest.mark.parametrize("rule", _rule_params())
def test_doc_has_every_section(rule: Rule) -> None:
    assert rule.summary, f"{rule.code}: the docstring has no first line"
    missing = [title for title in SECTIONS if not rule.section(title)]
    assert not missing, f"{rule.code}: missing or empty sections {missing}"


@pytest.mark.parametrize("rule", _rule_params(EXAMPLE_BUGS))
def test_example_is_reported(rule: Rule, settings_for: SettingsFor) -> None:
    found = _codes_found(rule, _example(rule, "Example"), settings_for(rule))
    assert rule.code in found, f"{rule.code}: the Example block is not reported"


@pytest.mark.parametrize("rule", _rule_params())
def test_use_instead_is_clean(rule: Rule, settings_for: SettingsFor) -> None:
    found = _codes_found(rule, _example(rule, "Use instead"), settings_for(rule))
    assert rule.code not in found, f"{rule.code}: the Use instead block is reported"


@pytest.mark.parametrize("rule", _rule_params(EXAMPLE_BUGS))
def test_fixing_the_example_gives_use_instead(rule: Rule, settings_for: SettingsFor) -> None:
    example = _example(rule, "Example")
    settings = settings_for(rule)
    findings = engine.lint(Document(example), select_rules([rule.code]), settings)
    if rule.fix == "never":
        assert all(f.fix is None for f in findings), f"{rule.code} says it never fixes, but offers a fix"
        return
    if rule.fix == "always":
        assert all(f.fix is not None for f in findings), f"{rule.code} says it always fixes; one has no fix"
    result = engine.fix(Document(example), select_rules([rule.code]), settings, unsafe=True)
    assert result.converged
    assert result.text == _example(rule, "Use instead")


def test_codes_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes)), f"duplicate codes: {sorted(c for c in codes if codes.count(c) > 1)}"
    malformed = [code for code in codes if not CODE_FORM.match(code)]
    assert not malformed, f"codes must be a family and three digits: {malformed}"


def test_names_are_unique_and_kebab_case() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names)), f"duplicate names: {sorted(n for n in names if names.count(n) > 1)}"
    malformed = [name for name in names if not NAME_FORM.match(name)]
    assert not malformed, f"names must be kebab-case: {malformed}"


def test_rule_fix_field_is_known() -> None:
    assert {rule.fix for rule in RULES} <= {"always", "sometimes", "never"}


def test_every_check_module_is_registered() -> None:
    modules = [m.name for m in pkgutil.iter_modules(newslint.checks.__path__) if m.name not in NOT_RULES]
    assert modules
    for name in modules:
        module = importlib.import_module(f"newslint.checks.{name}")
        code = getattr(module, "CODE", None)
        assert code in BY_CODE, f"newslint/checks/{name}.py (code {code!r}) is not registered in RULES"
        rule = BY_CODE[code]
        assert rule.check is module.check, f"{code} is registered with another module's check"
        assert rule.name == module.NAME, f"{code} is registered as {rule.name!r}, not {module.NAME!r}"
