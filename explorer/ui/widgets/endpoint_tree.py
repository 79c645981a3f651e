"""The endpoint tree: every API operation, grouped, with a method badge and a type-to-filter box."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from explorer.core.catalog import Catalog, Endpoint, Operation, Status

METHOD_WIDTH = 6  # len("DELETE"): badges line up
HIGHLIGHT_SETTLE = 0.12  # seconds the cursor rests on an operation before it is shown


def operation_label(operation: Operation) -> str:
    """How people name an operation: ``POST contacts — Add or update a contact``."""
    return f"{operation.method} {operation.endpoint} — {operation.title}"


NO_MATCH, BY_DETAILS, BY_NAME = 0, 1, 2


def matches(operation: Operation, endpoint: Endpoint, words: list[str]) -> int:
    """``BY_NAME`` when every word is in the operation's method, slug, title, group or status,
    as it is or abbreviated (``msg`` finds ``messages``: same first letter, letters in order);
    ``BY_DETAILS`` when some word is only in its summary or its parameter names (``urn`` finds
    what takes a URN); else ``NO_MATCH``."""
    names = " ".join(
        (operation.method, endpoint.slug, operation.title, endpoint.group, endpoint.status.value)
    ).lower()
    details = " ".join(
        (operation.summary, *(p.name for p in (*operation.params, *operation.body)))
    ).lower()
    tokens = names.replace("_", " ").split()
    by_name = [word in names or any(abbreviates(word, t) for t in tokens) for word in words]
    if all(by_name):
        return BY_NAME
    rest = (word for word, found in zip(words, by_name, strict=True) if not found)
    return BY_DETAILS if all(word in details for word in rest) else NO_MATCH


EXACT, PREFIX, SUBSTRING, ABBREVIATION, ELSEWHERE = range(5)


def name_fit(slug: str, words: list[str]) -> int:
    """How closely a word of the filter names the endpoint ``slug``: ``EXACT`` (``runs``), a
    ``PREFIX`` (``contact``), a ``SUBSTRING``, an ``ABBREVIATION`` (``msg``), or ``ELSEWHERE``
    (the words match its group, title or method only)."""

    def fit(word: str) -> int:
        if word == slug:
            return EXACT
        if slug.startswith(word):
            return PREFIX
        if word in slug:
            return SUBSTRING
        return ABBREVIATION if abbreviates(word, slug) else ELSEWHERE

    return min(map(fit, words), default=ELSEWHERE)


def rank(endpoint: Endpoint, words: list[str], how: int) -> tuple[int, int, int]:
    """Sort key of a match, best first: by name before by details, then by ``name_fit``, then
    the shorter of two names that fit alike (``contact`` is nearer ``contacts`` than
    ``contact_actions``)."""
    fit = name_fit(endpoint.slug, words)
    return (how != BY_NAME, fit, len(endpoint.slug) if fit != ELSEWHERE else 0)


def abbreviates(word: str, token: str) -> bool:
    """``msg`` abbreviates ``messages``: the same first letter, then the rest in order."""
    if not word or not token or word[0] != token[0]:
        return False
    letters = iter(token)
    return all(letter in letters for letter in word)


class OperationTree(Tree[Operation | None]):
    """A tree whose leaves draw a coloured method badge and the endpoint's status."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *Tree.COMPONENT_CLASSES,
        "operation-tree--get",
        "operation-tree--post",
        "operation-tree--delete",
        "operation-tree--deprecated",
        "operation-tree--unlisted",
    }

    def __init__(self, catalog: Catalog, *, id: str | None = None) -> None:
        super().__init__("API v2", id=id)
        self.show_root = False
        self.guide_depth = 2  # the narrow column keeps its width for the names
        self.catalog = catalog

    def render_label(
        self, node: TreeNode[Operation | None], base_style: Style, style: Style
    ) -> Text:
        operation = node.data
        if operation is None:
            return super().render_label(node, base_style, style)
        text = Text.assemble(operation.method.ljust(METHOD_WIDTH), " ", operation.endpoint)
        text.stylize(style)
        badge = self.get_component_rich_style(f"operation-tree--{operation.method.lower()}")
        text.stylize(badge, 0, len(operation.method))
        status = self.catalog.endpoint(operation.endpoint).status
        if status is not Status.PUBLIC:  # a style, not a word: the name stays whole
            marked = self.get_component_rich_style(f"operation-tree--{status.value}")
            text.stylize(marked, METHOD_WIDTH + 1)
        return text


class EndpointTree(Vertical):
    """The filter box above the operation tree; posts ``OperationSelected`` as the cursor moves."""

    BINDING_GROUP_TITLE = "Endpoint tree"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", tooltip="Type to filter the endpoints"),
    ]

    class OperationSelected(Message):
        """An operation was highlighted (``chosen`` False) or picked with Enter/click (True)."""

        def __init__(self, tree: EndpointTree, operation: Operation, chosen: bool) -> None:
            super().__init__()
            self.tree = tree
            self.operation = operation
            self.chosen = chosen

        @property
        def control(self) -> EndpointTree:
            return self.tree

    filter_input = getters.query_one("#endpoint-filter", Input)
    operation_tree = getters.query_one("#operation-tree", OperationTree)

    def __init__(
        self,
        catalog: Catalog,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.catalog = catalog
        self._settling: Timer | None = None  # posts the highlighted operation once it rests
        self._best: Operation | None = None  # the shown operation the filter names best
        self._before_filter: Operation | None = None  # under the cursor when typing began

    def compose(self) -> ComposeResult:
        yield Input(placeholder="/ filter endpoints", id="endpoint-filter", select_on_focus=False)
        yield Static("No operation matches.", id="no-match")
        yield OperationTree(self.catalog, id="operation-tree")

    def on_mount(self) -> None:
        self.apply_filter("")
        # after the first frame: the operation it shows has a form to build, which can wait
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        self._select_best()
        # show the first group's heading too, once the cursor's own scrolling is done
        self.call_after_refresh(self.operation_tree.scroll_home, animate=False)

    def _select_best(self) -> None:
        """The cursor on the operation the filter names best: the one Enter opens."""
        if self._best is not None:
            self.select_operation(self._best)

    @property
    def operations(self) -> list[Operation]:
        """The operations shown now, in tree order."""
        return [
            node.data
            for group in self.operation_tree.root.children
            for node in group.children
            if node.data is not None
        ]

    @property
    def cursor_operation(self) -> Operation | None:
        node = self.operation_tree.cursor_node
        return node.data if node is not None else None

    def apply_filter(self, text: str) -> None:
        """Show only operations matching every word of ``text``; groups with none are hidden."""
        words = text.lower().split()
        tree = self.operation_tree
        tree.clear()
        ranked: list[tuple[tuple[int, int, int], Operation]] = []
        for group, endpoints in self.catalog.by_group().items():
            found = [(op, e, matches(op, e, words)) for e in endpoints for op in e.operations]
            shown = [(op, rank(e, words, how)) for op, e, how in found if how != NO_MATCH]
            if not shown:
                continue
            group_node = tree.root.add(group, expand=True)
            for operation, _ in shown:
                group_node.add_leaf(operation_label(operation), data=operation)
            ranked += [(key, operation) for operation, key in shown]
        # min keeps the first of equals: tree order, so GET before POST of the same endpoint
        self._best = min(ranked, key=lambda item: item[0], default=(None, None))[1]
        self.query_one("#no-match").display = not tree.root.children

    def select_operation(self, operation: Operation) -> None:
        """Move the cursor to ``operation`` (clearing a filter that hides it)."""
        node = self._node_for(operation)
        if node is None:
            with self.prevent(Input.Changed):
                self.filter_input.value = ""
            self.apply_filter("")
            node = self._node_for(operation)
        if node is not None:
            _ = self.operation_tree.last_line  # lays out the rebuilt tree, so the node has a line
            self.operation_tree.move_cursor(node)

    def _node_for(self, operation: Operation) -> TreeNode[Operation | None] | None:
        for group in self.operation_tree.root.children:
            for node in group.children:
                if node.data is not None and node.data.name == operation.name:
                    return node
        return None

    def action_focus_filter(self) -> None:
        self.filter_input.focus()

    @on(Input.Changed, "#endpoint-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self._before_filter is None:
            self._before_filter = self.cursor_operation
        self.apply_filter(event.value)
        self._select_best()

    @property
    def resting(self) -> bool:
        """Whether no operation waits for the cursor to rest before it is shown."""
        return self._settling is None

    def _post_cursor(self) -> None:
        self._settling = None
        if (operation := self.cursor_operation) is not None:
            self._post(operation, chosen=False)

    def _post(self, operation: Operation, *, chosen: bool) -> None:
        self._before_filter = None  # what is posted is where the cursor is now
        self.post_message(self.OperationSelected(self, operation, chosen=chosen))

    @on(Input.Submitted, "#endpoint-filter")
    def _filter_submitted(self) -> None:
        if (operation := self.cursor_operation) is not None:
            self._post(operation, chosen=True)
        else:
            self.operation_tree.focus()

    def on_key(self, event: Key) -> None:
        """Type-to-filter: a printable key on the tree goes to the filter box (a space too, once
        something is typed: before that it opens or closes a group); in the filter box, Down goes
        to the tree and Escape clears the filter."""
        character = event.character or ""
        typing = character != " " or bool(self.filter_input.value)
        if self.operation_tree.has_focus and event.is_printable and character != "/" and typing:
            self.filter_input.focus()
            self.filter_input.insert_text_at_cursor(character)
            event.stop()
        elif self.filter_input.has_focus and event.key == "down":
            self.operation_tree.focus()
            self._post_cursor()
            event.stop()
        elif self.filter_input.has_focus and event.key == "escape":
            self._clear_filter()
            event.stop()

    def _clear_filter(self) -> None:
        """Back to the whole tree, its cursor where it was before the filter moved it."""
        with self.prevent(Input.Changed):
            self.filter_input.value = ""
        self.apply_filter("")
        if self._before_filter is not None:
            self.select_operation(self._before_filter)
            self._before_filter = None
        self.operation_tree.focus()

    @on(Tree.NodeHighlighted, "#operation-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[Operation | None]) -> None:
        """Show what the cursor rests on, a moment after it stops (holding an arrow key must not
        build a form per line), and not while a filter is typed (Enter or Down shows it)."""
        event.stop()
        if self._settling is not None:
            self._settling.stop()
            self._settling = None
        typing = self.filter_input.has_focus and bool(self.filter_input.value)
        if event.node.data is not None and not typing:
            self._settling = self.set_timer(HIGHLIGHT_SETTLE, self._post_cursor)

    @on(Tree.NodeSelected, "#operation-tree")
    def _selected(self, event: Tree.NodeSelected[Operation | None]) -> None:
        event.stop()
        if event.node.data is not None:
            self._post(event.node.data, chosen=True)
