"""jq filters over a body: output form, error messages, and the child-process path."""

from __future__ import annotations

import json

import pytest

from explorer.core import jsonfilter
from explorer.core.errors import ExplorerError, FilterError
from explorer.core.jsonfilter import run_jq, run_jq_isolated

BODY = json.dumps(
    {"next": None, "results": [{"name": "Ben", "urns": ["tel:+250"]}, {"name": "Ñandú ☺"}]}
)


def test_each_output_is_one_compact_json_line() -> None:
    assert run_jq(BODY, ".results[].name") == '"Ben"\n"Ñandú ☺"'
    assert run_jq(BODY, ".results[0]") == '{"name":"Ben","urns":["tel:+250"]}'
    assert run_jq(BODY, "empty") == ""


def test_bad_expression_says_where() -> None:
    with pytest.raises(FilterError) as caught:
        run_jq(BODY, ".results[")
    message = str(caught.value)
    assert message.startswith("Bad jq filter: syntax error")
    assert "line 1, column" in message and "jq: error" not in message
    assert isinstance(caught.value, ExplorerError)


def test_runtime_failure_names_the_problem() -> None:
    with pytest.raises(
        FilterError, match=r'^The jq filter failed: Cannot index array with string \("name"\)'
    ):
        run_jq(BODY, ".results.name")


def test_body_that_is_not_json() -> None:
    with pytest.raises(FilterError, match=r"^The body is not valid JSON: parse error"):
        run_jq('{"a":', ".")


async def test_small_bodies_are_filtered_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("a child process was started")

    monkeypatch.setattr("asyncio.create_subprocess_exec", no_child)
    assert await run_jq_isolated(BODY, ".next") == "null"


async def test_big_bodies_are_filtered_in_a_child_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonfilter, "IN_PROCESS_LIMIT", 0)
    assert await run_jq_isolated(BODY, "[.results[].name]") == '["Ben","Ñandú ☺"]'
    with pytest.raises(FilterError, match=r"^Bad jq filter: syntax error"):
        await run_jq_isolated(BODY, ".[")
