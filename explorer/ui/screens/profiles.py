"""Profiles and their tokens: list, add, edit, delete, and switch.

The screen dismisses with a :class:`ProfilesResult`: the profile picked (if any) and whether the
profile in use was changed here, so the app knows what to (re)connect. It stores tokens in the
``TokenStore`` it is given, which must be the app's own: a "this session only" token lives in
that store's memory, and the explorer only sees it through the same store.

A token typed here is checked with the injected ``verify`` before it is stored, so a typo is
caught now and not at the first request; a token the server refuses, or that cannot be checked,
is stored only if the person insists ("Save anyway"). Keyring calls block (and may hang on a
headless machine), so they run in threads; when the keyring cannot be used, the screen offers
this session or the plaintext file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.getters import query_one
from textual.widgets import Button, DataTable, Static

from explorer.core.errors import ExplorerError, Forbidden, KeyringUnavailable
from explorer.core.profiles import SANDBOX_NAME, Profile, ProfileStore
from explorer.core.tokens import Storage, TokenLookup, TokenSource, TokenStore, token_shape_problem
from explorer.ui.display import content, rich_text
from explorer.ui.screens.dialog import Dialog
from explorer.ui.widgets.button_row import ButtonRow
from explorer.ui.widgets.delete_confirm import DeleteConfirm
from explorer.ui.widgets.keyring_choice import KeyringChoice
from explorer.ui.widgets.profile_editor import ProfileEditor

Verify = Callable[[Profile, str], Awaitable[str]]
"""Checks a token against a profile's server; returns the workspace name or raises ExplorerError."""

_PANELS = ("#profiles-confirm", "#profile-editor", "#keyring-choice")
_FULL_PANELS = ("#profile-editor", "#keyring-choice")  # they need the room: the table hides


@dataclass(frozen=True)
class ProfilesResult:
    """How the profiles screen closed.

    ``chosen``: the profile picked with s / Enter, or None when the screen was just closed.
    ``current``: the profile in use when the screen opened (the sandbox if it was deleted here).
    ``current_changed``: its token or settings were changed here, or it was deleted.
    """

    chosen: str | None
    current: str | None
    current_changed: bool = False

    def profile_to_open(self, connected: str | None) -> str | None:
        """The profile the app should (re)connect, given the one ``connected`` now (None: no
        session), or None to keep the session as it is."""
        target = self.chosen or self.current
        if target is None:
            return None
        if target == self.current and self.current_changed:
            return target  # same name, new token or settings: the old session is stale
        return target if target != connected else None


class ProfilesScreen(Dialog[ProfilesResult]):
    """Manages profiles; dismisses with a :class:`ProfilesResult`."""

    CSS_PATH = "profiles.tcss"
    editor = query_one(ProfileEditor)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add profile"),
        Binding("e", "edit", "Edit profile"),
        Binding("d", "delete", "Delete profile"),
        Binding("s", "switch", "Switch to profile"),
        Binding("escape", "back", "Cancel / close"),
    ]

    def __init__(
        self,
        *,
        verify: Verify,
        tokens: TokenStore,
        profiles: ProfileStore | None = None,
        current: str | None = None,
    ) -> None:
        """``tokens`` must be the store the app reads tokens from (see the module doc)."""
        super().__init__()
        self.verify = verify
        self.profiles = profiles or ProfileStore()
        self.tokens = tokens
        self.current = current
        self.current_changed = False
        self._rows: list[Profile] = []
        self._lookups: dict[str, TokenLookup] = {}
        self._editing: Profile | None = None  # None while adding
        self._unstored_token: tuple[str, str] | None = None  # (profile, token) awaiting a choice

    def compose(self) -> ComposeResult:
        with Vertical(id="profiles-dialog"):
            yield DataTable(id="profiles-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="profiles-note")
            yield Static("", id="profiles-status")
            yield DeleteConfirm(id="profiles-confirm")
            yield ProfileEditor(id="profile-editor")
            yield KeyringChoice(id="keyring-choice")
            with ButtonRow(id="profiles-actions"):
                yield Button(
                    "Switch (s)",
                    variant="primary",
                    id="switch",
                    compact=True,
                    action="screen.switch",
                )
                yield Button("Add (a)", id="add", compact=True, action="screen.add")
                yield Button("Edit (e)", id="edit", compact=True, action="screen.edit")
                yield Button("Delete (d)", id="delete", compact=True, action="screen.delete")
                yield Button("Close (esc)", id="close", compact=True, action="screen.back")

    def on_mount(self) -> None:
        self.query_one("#profiles-dialog").border_title = "Profiles"
        self.query_one(DataTable).add_columns("", "Name", "Token", "Mode", "Rate/h", "URL")
        self._show_panel(None)
        self._load_rows(report_keyring=True)

    # -- the list -------------------------------------------------------------------------------

    @work(exclusive=True, group="profiles-rows")
    async def _load_rows(self, select: str | None = None, report_keyring: bool = False) -> None:
        """Read profiles and look up their tokens (keyring: in a thread), then fill the table."""
        try:
            rows = await asyncio.to_thread(self.profiles.all)
            lookups = await asyncio.to_thread(
                lambda: {p.name: self.tokens.lookup(p.name) for p in rows}
            )
        except ExplorerError as error:
            self._status(str(error), error=True)
            return
        self._rows, self._lookups = rows, lookups
        self._fill_table(select or self.current)
        if self.profiles.problem:
            self._status(self.profiles.problem, error=True)
        elif report_keyring and self.tokens.keyring_problem:
            self._status(f"Keyring unavailable: {self.tokens.keyring_problem}.")

    def _fill_table(self, select: str | None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for profile in self._rows:
            found = self._lookups[profile.name]
            cells = (
                "●" if profile.name == self.current else "",
                profile.name,
                f"{found.source.value} {found.masked}",
                profile.mode,
                str(profile.rate_limit),
                _short_url(profile),
            )
            table.add_row(*map(rich_text, cells), key=profile.name)
        names = [profile.name for profile in self._rows]
        table.move_cursor(row=names.index(select) if select in names else 0)
        table.focus()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        selected = self.selected
        if selected is not None:
            found = self._lookups[selected.name]
            where = "built-in, local" if selected.is_sandbox else selected.base_url
            add = "; press e to add one" if found.source is TokenSource.NONE else ""
            note = f"{selected.name}: {where}; token {found.note}{add}"
            self.query_one("#profiles-note", Static).update(content(note))

    @property
    def selected(self) -> Profile | None:
        row = self.query_one(DataTable).cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @on(DataTable.RowSelected)
    def action_switch(self) -> None:
        if self.selected is not None and not self._panel_open():
            self.dismiss(self._result(self.selected.name))

    def action_back(self) -> None:
        if self._panel_open():
            self._show_panel(None)
            self.query_one(DataTable).focus()
        else:
            self.dismiss(self._result(None))

    def _result(self, chosen: str | None) -> ProfilesResult:
        return ProfilesResult(chosen, self.current, self.current_changed)

    # -- delete ---------------------------------------------------------------------------------

    def action_delete(self) -> None:
        profile = self.selected
        if profile is None or profile.is_sandbox:
            self._status("The sandbox is built in; it cannot be deleted.", error=True)
            return
        self._show_panel("#profiles-confirm")
        self.query_one(DeleteConfirm).ask(profile.name)

    @on(DeleteConfirm.Answered)
    def _delete_answered(self, event: DeleteConfirm.Answered) -> None:
        if not event.delete:
            self.action_back()
        elif self.selected is not None:
            self._delete(self.selected.name)

    @work(exclusive=True, group="profiles-write")
    async def _delete(self, name: str) -> None:
        try:
            await asyncio.to_thread(self.profiles.remove, name)
            await asyncio.to_thread(self.tokens.forget, name)
        except ExplorerError as error:
            self._status(str(error), error=True)
            return
        if name == self.current:
            self.current, self.current_changed = SANDBOX_NAME, True
        self._done(SANDBOX_NAME, f"Deleted {name}.")

    # -- add and edit ---------------------------------------------------------------------------

    def action_add(self) -> None:
        self._open_editor(None)

    def action_edit(self) -> None:
        profile = self.selected
        if profile is None or profile.is_sandbox:
            self._status("The sandbox is built in; add a profile for another server.", error=True)
            return
        self._open_editor(profile)

    def _open_editor(self, profile: Profile | None) -> None:
        self._editing = profile
        self._show_panel("#profile-editor")
        self.editor.open(profile)

    @on(ProfileEditor.Cancelled)
    def _editor_cancelled(self) -> None:
        self.action_back()

    @on(ProfileEditor.SaveRequested)
    def _save_requested(self, event: ProfileEditor.SaveRequested) -> None:
        """Validate the form, then check the token (unless told not to) and store it all."""
        try:
            profile, token = self.editor.read()
        except ExplorerError as error:
            self.editor.refuse(error)
            return
        problem = token_shape_problem(token) if token and event.verify else None
        if problem:
            self.editor.offer_save_anyway(f"This does not look like an API token: {problem}.")
            return
        self._save(profile, token, event.verify)

    @work(exclusive=True, group="profiles-write")
    async def _save(self, profile: Profile, token: str, verify: bool) -> None:
        if token and verify:
            self.editor.status("Checking the token with the server…")
            try:
                workspace = await self.verify(profile, token)
            except ExplorerError as error:
                self.editor.offer_save_anyway(_check_failure(error))
                return
            self.editor.status(f"Token accepted by workspace {workspace}.")
        write = self.profiles.update if self._editing else self.profiles.add
        try:
            await asyncio.to_thread(write, profile)
        except ExplorerError as error:
            self.editor.status(str(error), error=True)
            return
        self._editing = profile  # saved: a retry now updates instead of adding twice
        if profile.name == self.current:
            self.current_changed = True
        if token:
            await self._store_token(profile.name, token, Storage.KEYRING)
        else:
            self._done(profile.name, f"Saved {profile.name}.")

    # -- storing the token ----------------------------------------------------------------------

    async def _store_token(self, name: str, token: str, storage: Storage) -> None:
        try:
            stored = await asyncio.to_thread(self.tokens.set, name, token, storage)
        except KeyringUnavailable as error:
            self._unstored_token = (name, token)
            notice = self.tokens.keyring_notice() or f"System keyring not available: {error}."
            self._show_panel("#keyring-choice")
            self.query_one(KeyringChoice).ask(notice)
            return
        except ExplorerError as error:
            self.editor.status(str(error), error=True)
            return
        self._done(name, f"Saved {name}; token {stored.masked} {stored.note}.")

    @on(KeyringChoice.Chosen)
    def _storage_chosen(self, event: KeyringChoice.Chosen) -> None:
        """The person's choice after the keyring failed: a storage, or not to store it."""
        if self._unstored_token is None:
            return
        name, token = self._unstored_token
        self._unstored_token = None
        if event.storage is None:
            self._done(name, f"Saved {name}; the token was not stored.")
        else:
            self._store_choice(name, token, event.storage)

    @work(exclusive=True, group="profiles-write")
    async def _store_choice(self, name: str, token: str, storage: Storage) -> None:
        await self._store_token(name, token, storage)

    # -- small helpers --------------------------------------------------------------------------

    def _done(self, name: str, message: str) -> None:
        self._show_panel(None)
        self._load_rows(select=name)
        self._status(message)

    def _show_panel(self, panel: str | None) -> None:
        for selector in _PANELS:
            self.query_one(selector).display = selector == panel
        self.query_one("#profiles-actions").display = panel is None
        for selector in ("#profiles-table", "#profiles-note", "#profiles-status"):
            self.query_one(selector).display = panel not in _FULL_PANELS

    def _panel_open(self) -> bool:
        return any(self.query_one(selector).display for selector in _PANELS)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#profiles-status", Static)
        status.update(content(text, multiline=True))  # server and keyring errors, names
        status.set_class(error, "error")


def _short_url(profile: Profile) -> str:
    """The URL for the table: ``https://`` is the rule, so only plain ``http://`` is shown."""
    if profile.is_sandbox:
        return "built-in, local"
    return profile.base_url.removeprefix("https://")


def _check_failure(error: ExplorerError) -> str:
    """Why a token check failed: refused by the server (403), or not checked at all."""
    if isinstance(error, Forbidden):
        return f"Token not accepted: {error}"
    text = str(error)
    return f"Could not check the token: {text[:1].lower()}{text[1:]}"
