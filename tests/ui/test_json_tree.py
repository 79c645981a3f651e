"""JsonTree: labels, lazy children, chunked long containers, no-JSON state, copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets.tree import TreeNode

from explorer.ui.widgets.json_tree import CHUNK, NO_JSON, JsonItem, JsonTree, NodeData

WIDGETS = Path(__file__).parents[2] / "explorer" / "ui" / "widgets"
BODY: dict[str, Any] = {
    "next": "https://textit.example/api/v2/contacts.json?cursor=x",
    "previous": None,
    "results": [
        {"name": "Ben", "age": 31, "blocked": False, "groups": [], "fields": {"district": "Huye"}},
        {"name": "Ann", "age": 2.5, "blocked": True, "groups": [{"name": "Reporters"}]},
    ],
}


class TreeApp(App[None]):
    CSS_PATH = WIDGETS / "json_tree.tcss"

    def compose(self) -> ComposeResult:
        yield JsonTree()


def labels(node: TreeNode[NodeData]) -> list[str]:
    return [str(child.label) for child in node.children]


async def test_top_level_is_open_and_labelled() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(JsonTree)
        tree.load(BODY)
        await pilot.pause()
        assert str(tree.root.label) == "body {3}" and tree.root.is_expanded
        assert labels(tree.root) == [
            'next: "https://textit.example/api/v2/contacts.json?cursor=x"',
            "previous: null",
            "results [2]",
        ]


async def test_children_are_built_when_a_node_is_expanded() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(JsonTree)
        tree.load(BODY)
        results = tree.root.children[2]
        assert len(results.children) == 0 and results.allow_expand
        results.expand()
        await pilot.pause()
        assert labels(results) == ["0 {5}", "1 {4}"]
        first = results.children[0]
        first.expand()
        await pilot.pause()
        assert labels(first) == [
            'name: "Ben"',
            "age: 31",
            "blocked: false",
            "groups [0]",
            "fields {1}",
        ]
        assert not first.children[3].allow_expand  # an empty list has nothing to open
        assert first.children[4].allow_expand


async def test_long_arrays_come_in_chunks_behind_a_more_node() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(JsonTree)
        tree.load(list(range(CHUNK + 7)))
        await pilot.pause()
        assert len(tree.root.children) == CHUNK + 1
        more = tree.root.children[-1]
        assert str(more.label) == "… 7 more (Enter)"
        tree.focus()
        tree.select_node(more)
        await pilot.pause()
        assert len(tree.root.children) == CHUNK + 7
        assert str(tree.root.children[-1].label) == f"{CHUNK + 6}: {CHUNK + 6}"


async def test_none_means_no_json() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(JsonTree)
        tree.load(BODY)
        tree.load(None)
        await pilot.pause()
        assert str(tree.root.label) == NO_JSON
        assert len(tree.root.children) == 0 and not tree.root.allow_expand


async def test_long_scalars_are_cut() -> None:
    app = TreeApp()
    async with app.run_test():
        tree = app.query_one(JsonTree)
        tree.load({"text": "x" * 1000})
        label = labels(tree.root)[0]
        assert label.startswith('text: "xxx') and label.endswith("…") and len(label) < 220


async def test_keys_and_values_take_their_component_colours() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(JsonTree)
        tree.load({"name": "Ben"})
        await pilot.pause()
        node = tree.root.children[0]
        text = tree.render_label(node, tree.rich_style, tree.rich_style)
        start = text.plain.index("name")
        key_color = tree.get_component_rich_style("json-tree--key").color
        string_color = tree.get_component_rich_style("json-tree--string").color
        assert key_color != string_color
        assert text.get_style_at_offset(app.console, start).color == key_color
        value_at = text.plain.index('"Ben"')
        assert text.get_style_at_offset(app.console, value_at).color == string_color


async def test_c_copies_the_value_under_the_cursor() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(JsonTree)
        tree.load(BODY)
        tree.focus()
        await pilot.press("down")
        assert isinstance(tree.cursor_node and tree.cursor_node.data, JsonItem)
        await pilot.press("c")
        assert app.clipboard == BODY["next"]
        await pilot.press("down", "down", "c")
        assert app.clipboard.startswith('[\n  {\n    "name": "Ben",')


async def test_the_cursor_node_has_a_json_path_and_a_path_selects_its_node() -> None:
    app = TreeApp()
    async with app.run_test() as pilot:
        tree = app.query_one(JsonTree)
        tree.load(BODY)
        await pilot.pause()
        assert tree.cursor_path() == ()  # the body itself
        tree.select_path(("results", 1, "groups", 0, "name"))
        await pilot.pause()
        node = tree.cursor_node
        assert node is not None and str(node.label) == 'name: "Reporters"'
        assert tree.cursor_path() == ("results", 1, "groups", 0, "name")
        tree.select_path(("results", 1, "nowhere"))  # as far as the path leads
        await pilot.pause()
        assert tree.cursor_path() == ("results", 1)
