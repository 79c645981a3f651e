"""AnswerPath: the path of answers, hidden until a reference is followed, its names as data."""

from __future__ import annotations

from textual.app import App, ComposeResult

from explorer.ui.widgets.answer_path import AnswerPath
from tests.ui.support import WIDGET_STYLESHEETS


class PathApp(App[None]):
    CSS_PATH = WIDGET_STYLESHEETS

    def compose(self) -> ComposeResult:
        yield AnswerPath()


def drawn(app: PathApp) -> str:
    return app.query_one(AnswerPath).render().plain


async def test_a_path_of_one_answer_is_not_drawn() -> None:
    app = PathApp()
    async with app.run_test(size=(60, 5)) as pilot:
        path = app.query_one(AnswerPath)
        path.show_path(["contacts"])
        await pilot.pause()
        assert not path.display
        path.show_path(["contacts", "group Farmers", "contacts in Farmers"])
        await pilot.pause()
        assert path.display
        assert drawn(app) == "contacts \u203a group Farmers \u203a contacts in Farmers"


async def test_names_are_data_never_markup_nor_terminal_controls() -> None:
    app = PathApp()
    async with app.run_test(size=(80, 5)) as pilot:
        path = app.query_one(AnswerPath)
        path.show_path(["contacts", "group [b]Farm[/b] \x1b]52;c;eA==\x07", "x\u202ey"])
        await pilot.pause()
        text = drawn(app)
        assert "[b]Farm[/b]" in text
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "␛" in text


async def test_a_long_path_keeps_its_last_answers() -> None:
    app = PathApp()
    async with app.run_test(size=(40, 5)) as pilot:
        path = app.query_one(AnswerPath)
        path.show_path(["contacts", "group Farmers", "contacts in Farmers", "contact Ben"])
        await pilot.pause()
        text = drawn(app)
        assert text.startswith("\u2026 \u203a ") and text.endswith("contact Ben")
        assert len(text) <= 40 - 2  # its padding
        path.show_path(["contacts", "group " + "F" * 100])
        await pilot.pause()
        assert drawn(app).endswith("F\u2026")  # one long name is cut, not the line


async def test_earlier_crumbs_are_cut_before_any_is_dropped() -> None:
    app = PathApp()
    async with app.run_test(size=(50, 5)) as pilot:
        path = app.query_one(AnswerPath)
        path.show_path(["contacts", "group Survey Panel", "contacts in Survey Panel"])
        await pilot.pause()
        assert drawn(app) == "contacts \u203a group Sur\u2026 \u203a contacts in Survey Panel"
