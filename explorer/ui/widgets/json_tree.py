"""JsonTree: a parsed body as a collapsible tree, built lazily so a huge body stays cheap.

A node's children are created the first time it is expanded, and a long array or object gets
them :data:`CHUNK` at a time behind a "… N more" node (Enter on it adds the next chunk). So a
20 MB body of 40,000 contacts costs a few dozen nodes until someone opens it up.

Labels read ``body {3}``, ``results [250]``, ``fields {6}``, ``name: "Ben"``; colours come from the
``json-tree--*`` component classes (theme variables, in ``json_tree.tcss``)::

    tree.load(response.json())   # None shows an empty tree that says there is no JSON
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from explorer.core.jsonlines import Role
from explorer.core.references import JsonPath, Segment
from explorer.ui.display import visible

CHUNK = 500
"""Children added to a node at a time."""
MAX_SCALAR = 200
"""Characters of a scalar shown in a label before it is cut with an ellipsis."""
NO_JSON = "No JSON body"
ROOT_KEY = "body"


@dataclass
class JsonItem:
    """What a node shows: a member ``key`` (or an index) and its ``value``."""

    key: str | None
    value: Any


@dataclass
class MoreItems:
    """The "… N more" node after the first children of a long container."""

    shown: int


NodeData = JsonItem | MoreItems


def label_parts(item: JsonItem) -> list[tuple[Role, str]]:
    """The label of ``item`` as styled pieces: key, then size or ``: value`` (keys and values
    come from the server: their control characters are made visible)."""
    parts: list[tuple[Role, str]] = [] if item.key is None else [("key", visible(item.key))]
    value = item.value
    space = " " if parts else ""
    if isinstance(value, dict):
        return [*parts, ("punct", f"{space}{{{len(value):,}}}")]
    if isinstance(value, list):
        return [*parts, ("punct", f"{space}[{len(value):,}]")]
    if parts:
        parts.append(("punct", ": "))
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > MAX_SCALAR:
        text = text[: MAX_SCALAR - 1] + "…"
    return [*parts, (_scalar_role(value), visible(text))]


def _scalar_role(value: Any) -> Role:
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool) or value is None:
        return "literal"
    return "number"


def _members(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [(str(key), member) for key, member in value.items()]
    return [(str(index), member) for index, member in enumerate(value)]


def _key_of(node: TreeNode[NodeData]) -> str | None:
    return node.data.key if isinstance(node.data, JsonItem) else None


class JsonTree(Tree[NodeData]):
    """A collapsible, lazily built tree of a parsed JSON body."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *Tree.COMPONENT_CLASSES,
        *(f"json-tree--{role}" for role in ("key", "string", "number", "literal", "punct")),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "copy_value", "Copy value", tooltip="Copy the value of the node"),
    ]

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(NO_JSON, name=name, id=id, classes=classes, disabled=disabled)

    def load(self, value: Any | None, *, empty_label: str = NO_JSON) -> None:
        """Show ``value`` (a parsed body) with its top level open; None shows ``empty_label``."""
        self.clear()
        if value is None:
            self.root.set_label(empty_label)
            self.root.data = None
            self.root.allow_expand = False
            return
        item = JsonItem(ROOT_KEY, value)
        self.root.data = item
        self.root.set_label(Text("".join(text for _, text in label_parts(item))))
        self.root.allow_expand = isinstance(value, dict | list)
        self._add_members(self.root, 0)
        self.root.expand()

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        if not event.node.children:
            self._add_members(event.node, 0)

    @on(Tree.NodeSelected)
    def _selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        more = event.node.data
        parent = event.node.parent
        if isinstance(more, MoreItems) and parent is not None:
            event.node.remove()
            self._add_members(parent, more.shown)

    def _add_members(self, node: TreeNode[NodeData], start: int) -> None:
        """Add children ``start`` to ``start + CHUNK`` of ``node``, then a "more" node."""
        item = node.data
        if not isinstance(item, JsonItem) or not isinstance(item.value, dict | list):
            return
        members = _members(item.value)
        for key, member in members[start : start + CHUNK]:
            child = JsonItem(key, member)
            label = Text("".join(text for _, text in label_parts(child)))
            if isinstance(member, dict | list) and member:
                node.add(label, child)
            else:
                node.add_leaf(label, child)
        shown = start + CHUNK
        if shown < len(members):
            node.add_leaf(f"… {len(members) - shown:,} more (Enter)", MoreItems(shown))

    def cursor_path(self) -> JsonPath | None:
        """The JSON path of the node under the cursor (the body's root is ``()``)."""
        node = self.cursor_node
        segments: list[Segment] = []
        while node is not None and node.parent is not None:
            item, parent = node.data, node.parent.data
            if (
                not isinstance(item, JsonItem)
                or item.key is None
                or not isinstance(parent, JsonItem)
            ):
                return None
            segments.append(int(item.key) if isinstance(parent.value, list) else item.key)
            node = node.parent
        return tuple(reversed(segments)) if node is not None else None

    def select_path(self, path: JsonPath) -> None:
        """Open the nodes down to ``path`` and put the cursor on it (as far as it leads)."""
        node = self.root
        for segment in path:
            if not node.children:
                self._add_members(node, 0)
            node.expand()
            child = next((c for c in node.children if _key_of(c) == str(segment)), None)
            if child is None:
                break
            node = child
        self.call_after_refresh(self.move_cursor, node)  # once the opened lines are laid out

    def render_label(self, node: TreeNode[NodeData], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        if not isinstance(node.data, JsonItem):
            return text
        offset = len(text) - len(node.label)  # after the expand/collapse icon
        for role, piece in label_parts(node.data):
            text.stylize(self._role_style(role), offset, offset + len(piece))
            offset += len(piece)
        return text

    def _role_style(self, role: Role) -> Style:
        return Style(color=self.get_component_rich_style(f"json-tree--{role}").color)

    def action_copy_value(self) -> None:
        """Copy the value under the cursor: a string as is, anything else as pretty JSON."""
        node = self.cursor_node
        if node is None or not isinstance(node.data, JsonItem):
            return
        value = node.data.value
        text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
        self.app.copy_to_clipboard(text)
