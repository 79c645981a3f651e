"""The endpoint tree: groups, method badges, status marks, type-to-filter, selection messages."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from explorer.core.catalog import GROUPS, Operation, load_catalog
from explorer.ui.widgets import endpoint_tree
from explorer.ui.widgets.endpoint_tree import (
    EndpointTree,
    abbreviates,
    operation_label,
)
from tests.harness.demo import demo_app
from tests.harness.scenes import choose, settle
from tests.ui.support import wait_until

CSS_PATH = "../../explorer/ui/widgets/endpoint_tree.tcss"
LONG_REST = 1.0  # seconds: a HIGHLIGHT_SETTLE for tests that press keys in a row


class TreeApp(App[None]):
    CSS_PATH = CSS_PATH

    def __init__(self) -> None:
        super().__init__()
        self.selected: list[tuple[str, bool]] = []

    def compose(self) -> ComposeResult:
        yield EndpointTree(load_catalog())

    def on_endpoint_tree_operation_selected(self, event: EndpointTree.OperationSelected) -> None:
        self.selected.append((event.operation.name, event.chosen))


def group_labels(tree: EndpointTree) -> list[str]:
    return [str(node.label) for node in tree.operation_tree.root.children]


async def test_every_operation_is_a_leaf_under_its_group() -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)):
        tree = app.query_one(EndpointTree)
        assert group_labels(tree) == list(GROUPS)
        assert [op.name for op in tree.operations] == [
            op.name
            for endpoints in load_catalog().by_group().values()
            for endpoint in endpoints
            for op in endpoint.operations
        ]


async def test_leaf_shows_method_badge_and_marks_the_status_without_words() -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)):
        tree = app.query_one(EndpointTree)
        leaves = {
            n.data.endpoint: n
            for g in tree.operation_tree.root.children
            for n in g.children
            if n.data is not None
        }
        for slug in ("definitions", "contacts"):
            node = leaves[slug]
            label = tree.operation_tree.render_label(
                node, node.tree.rich_style, node.tree.rich_style
            )
            assert label.plain == f"{node.data.method.ljust(6)} {slug}"  # type: ignore[union-attr]
            badge_color = label.get_style_at_offset(app.console, 0).color
            assert badge_color is not None
            name_style = label.get_style_at_offset(app.console, 8)
            assert bool(name_style.strike) is (slug == "definitions")  # deprecated: struck


async def test_typing_on_the_tree_filters_by_every_word() -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)) as pilot:
        tree = app.query_one(EndpointTree)
        tree.operation_tree.focus()
        await pilot.press(*"hook del")  # sent at once, as a terminal does when keys come fast
        assert tree.filter_input.has_focus
        assert tree.filter_input.value == "hook del"
        assert [op.name for op in tree.operations] == ["resthook_subscribers.DELETE"]
        assert group_labels(tree) == ["Resthooks"]
        await pilot.press(*["backspace"] * 4)
        assert len(tree.operations) == 5  # resthooks, events, and the 3 on subscribers


async def test_filter_enter_chooses_the_first_match() -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)) as pilot:
        tree = app.query_one(EndpointTree)
        tree.filter_input.focus()
        await pilot.press(*"delete groups", "enter")
        await pilot.pause()
        assert app.selected[-1] == ("groups.DELETE", True)


@pytest.mark.parametrize(
    ("typed", "endpoint"),
    [
        ("messages", "messages"),  # not broadcasts, first of the Messages group
        ("workspace", "workspace"),  # not archives, first of the Workspace group
        ("flows", "flows"),  # not definitions, first of the Flows group
        ("contacts", "contacts"),  # GET before POST and DELETE
        ("runs", "runs"),
        ("contact", "contacts"),  # a prefix: the shorter name before contact_actions
        ("msg", "messages"),  # an abbreviation of the name before a group's
    ],
)
async def test_the_endpoint_typed_is_highlighted_and_enter_opens_its_get(
    typed: str, endpoint: str
) -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)) as pilot:
        tree = app.query_one(EndpointTree)
        tree.operation_tree.focus()
        await pilot.press(*typed)
        assert tree.cursor_operation is not None
        assert tree.cursor_operation.name == f"{endpoint}.GET"
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected[-1] == (f"{endpoint}.GET", True)


async def test_the_cursor_looks_focused_while_a_filter_is_typed() -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)) as pilot:
        tree = app.query_one(EndpointTree).operation_tree
        tree.focus()
        await pilot.pause()
        focused = tree.get_component_rich_style("tree--cursor", partial=True)
        await pilot.press(*"runs")
        await pilot.pause()
        assert tree.get_component_rich_style("tree--cursor", partial=True) == focused


async def test_escape_clears_the_filter_and_puts_the_cursor_back() -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)) as pilot:
        tree = app.query_one(EndpointTree)
        tree.operation_tree.focus()
        await wait_until(pilot, lambda: bool(app.selected), "the first operation shown")
        await pilot.press("down", "down")
        assert tree.cursor_operation is not None
        assert tree.cursor_operation.name == "contacts.DELETE"
        await pilot.press(*"runs")
        assert tree.cursor_operation is not None and tree.cursor_operation.name == "runs.GET"
        await pilot.press("escape")
        await wait_until(pilot, lambda: tree.operation_tree.has_focus, "the focus on the tree")
        assert tree.filter_input.value == ""
        assert len(tree.operations) == len(load_catalog().operations())
        assert tree.cursor_operation is not None
        assert tree.cursor_operation.name == "contacts.DELETE"


async def test_moving_the_cursor_highlights_and_enter_chooses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)) as pilot:
        tree = app.query_one(EndpointTree)
        tree.operation_tree.focus()
        await wait_until(pilot, lambda: bool(app.selected), "the first operation shown")
        assert app.selected == [("contacts.GET", False)]  # the first operation, on mount
        # read as each highlight sets its timer: a rest no busy machine leaves between two keys
        monkeypatch.setattr(endpoint_tree, "HIGHLIGHT_SETTLE", LONG_REST)
        await pilot.press("down", "down")
        await wait_until(pilot, lambda: len(app.selected) > 1, "the cursor's rest")
        assert app.selected[1:] == [("contacts.DELETE", False)]  # only where the cursor rests
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected[-1] == ("contacts.DELETE", True)


async def test_select_operation_clears_a_filter_that_hides_it() -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)) as pilot:
        tree = app.query_one(EndpointTree)
        tree.filter_input.value = "runs"
        await pilot.pause()
        wanted: Operation = load_catalog().operation("workspace", "GET")
        tree.select_operation(wanted)
        await pilot.pause()
        assert tree.filter_input.value == ""
        node = tree.operation_tree.cursor_node
        assert node is not None and node.data == wanted


async def test_abbreviations_match_and_no_match_is_said() -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)) as pilot:
        tree = app.query_one(EndpointTree)
        tree.filter_input.focus()
        await pilot.press(*"cmp evt")
        assert [op.name for op in tree.operations] == [
            "campaign_events.GET",
            "campaign_events.POST",
            "campaign_events.DELETE",
        ]
        assert not tree.query_one("#no-match").display
        await pilot.press(*"zzz")
        assert tree.operations == []
        assert tree.query_one("#no-match").display


async def test_the_filter_finds_parameter_names_and_summaries() -> None:
    app = TreeApp()
    async with app.run_test(size=(40, 30)) as pilot:
        tree = app.query_one(EndpointTree)
        tree.filter_input.focus()
        await pilot.press(*"restart_participants")  # a body field of POST flow_starts only
        assert [op.name for op in tree.operations] == ["flow_starts.POST"]
        tree.filter_input.value = "urn"
        await pilot.pause()
        found = {op.name for op in tree.operations}
        assert {"contacts.GET", "contacts.DELETE", "broadcasts.POST"} <= found
        tree.filter_input.value = "delete a contact"  # "deleted" is a GET contacts param...
        await pilot.pause()
        assert "contacts.GET" in {op.name for op in tree.operations}
        node = tree.operation_tree.cursor_node
        assert node is not None and node.data is not None
        assert node.data.name == "contacts.DELETE"  # ...but a match by name comes first


def test_abbreviates_needs_the_first_letter_and_the_order() -> None:
    assert abbreviates("msg", "messages")
    assert abbreviates("cnt", "contacts")
    assert not abbreviates("sg", "messages")
    assert not abbreviates("gsm", "messages")


def test_operation_label_reads_like_a_sentence() -> None:
    operation = load_catalog().operation("contacts", "POST")
    assert operation_label(operation) == "POST contacts — Add or update a contact"


@pytest.mark.slow
async def test_alt_right_passes_a_form_without_fields_to_the_answer() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.explorer
        await choose(pilot, "workspace")  # as a person picks it (the start-up choice is settled)
        assert screen.operation is not None and screen.operation.endpoint == "workspace"
        screen.endpoint_tree.operation_tree.focus()
        await settle(pilot)
        assert screen.endpoint_tree.operation_tree.has_focus
        await pilot.press("alt+right")
        await settle(pilot)
        assert screen.response_pane.has_focus_within
        await pilot.press("alt+left")
        await settle(pilot)
        assert screen.endpoint_tree.has_focus_within
