"""The data model crosses process boundaries: pickling must keep every field of every object."""

from __future__ import annotations

import dataclasses
import pickle

from newslint.model import Applicability, Edit, Finding, Fix, Severity

EDIT = Edit(3, 66, 3, 76, "Parliament")
FIX = Fix(Applicability.UNSAFE, "Replace it", (EDIT, Edit(4, 1, 5, 1)))
FINDING = Finding("OCR001", "digit-in-word", "m", 3, 66, 3, 76, Severity.INFO, FIX, "a.jsonl", "r7")


def test_pickling_keeps_every_field() -> None:
    for value in (EDIT, FIX, FINDING):
        again = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert again == value
        for field in dataclasses.fields(value):  # a field added later must be pickled too
            assert getattr(again, field.name) == getattr(value, field.name)
        assert len(value.__reduce__()[1]) == len(dataclasses.fields(value))
