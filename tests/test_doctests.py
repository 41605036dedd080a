"""Every `>>>` example in newslint's modules runs and holds: examples are documentation that can fail."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import newslint


def _with_examples() -> list[str]:
    """The modules whose source holds at least one example."""
    names = []
    for info in pkgutil.walk_packages(newslint.__path__, "newslint."):
        spec = importlib.util.find_spec(info.name)
        if spec is not None and spec.origin and ">>> " in Path(spec.origin).read_text(encoding="utf-8"):
            names.append(info.name)
    return sorted(names)


MODULES = _with_examples()


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"no example of {name} was found"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
