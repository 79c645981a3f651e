"""How field errors read as text, wherever they are shown."""

from __future__ import annotations

from explorer.core import errors


def test_field_error_lines_name_each_message_in_order() -> None:
    field_errors = {"flow": ["No such object: f5901b62"], "": ["Too many"], "urns.0": ["A", "B"]}
    assert errors.field_error_lines(field_errors) == [
        "flow: No such object: f5901b62",
        "Too many",
        "urns.0: A",
        "urns.0: B",
    ]


def test_validation_error_says_every_line() -> None:
    error = errors.ValidationError({"after": ["expected a date"], "": ["body is not JSON"]})
    assert str(error) == "after: expected a date; body is not JSON"
