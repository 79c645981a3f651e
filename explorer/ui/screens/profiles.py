"""Profiles and their tokens: list, add, edit, delete, and switch (dismiss with the chosen name).

A token typed here is checked with the injected ``verify`` before it is stored, so a typo is
caught now and not at the first request; a rejected token is stored only if the person insists
("Save anyway"). Keyring calls block (and may hang on a headless machine), so they run in
threads; when the keyring cannot be used, the screen offers the plaintext file or this session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static

from explorer.core.errors import ExplorerError, KeyringUnavailable
from explorer.core.profiles import (
    DEFAULT_RATE_LIMIT,
    SANDBOX_NAME,
    Profile,
    ProfileStore,
    validate_profile,
)
from explorer.core.tokens import Storage, TokenLookup, TokenStore, check_token

Verify = Callable[[Profile, str], Awaitable[str]]
"""Checks a token against a profile's server; returns the workspace name or raises ExplorerError."""

_PANELS = ("#profiles-confirm", "#profile-editor", "#keyring-choice")


class ProfilesScreen(ModalScreen[str | None]):
    """Manages profiles; dismisses with the name of the profile to switch to, or None."""

    CSS_PATH = "profiles.tcss"
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
        profiles: ProfileStore | None = None,
        tokens: TokenStore | None = None,
        current: str | None = None,
    ) -> None:
        super().__init__()
        self.verify = verify
        self.profiles = profiles or ProfileStore()
        self.tokens = tokens or TokenStore()
        self.current = current
        self._rows: list[Profile] = []
        self._lookups: dict[str, TokenLookup] = {}
        self._editing: Profile | None = None  # None while adding
        self._unstored_token: tuple[str, str] | None = None  # (profile, token) awaiting a choice

    def compose(self) -> ComposeResult:
        with Vertical(id="profiles-dialog"):
            yield DataTable(id="profiles-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="profiles-note")
            yield Static("", id="profiles-status")
            with Horizontal(id="profiles-confirm", classes="panel"):
                yield Static("", id="confirm-text")
                yield Button(
                    "Delete", variant="error", id="confirm-delete", action="screen.confirm_delete"
                )
                yield Button("Keep", id="confirm-keep", action="screen.back")
            with Vertical(id="profile-editor", classes="panel"):
                with Grid(id="editor-fields"):
                    yield Label("Name")
                    yield Input(placeholder="letters, digits, - or _", id="edit-name")
                    yield Label("Base URL")
                    yield Input(placeholder="https://textit.com", id="edit-url")
                    yield Label("Requests/hour")
                    yield Input(placeholder=str(DEFAULT_RATE_LIMIT), type="integer", id="edit-rate")
                    yield Label("API token")
                    yield Input(placeholder="leave empty to keep", password=True, id="edit-token")
                    yield Label("")
                    yield Checkbox("Read-only: refuse POST and DELETE", id="edit-read-only")
                yield Static("", id="editor-status")
                with Horizontal(classes="buttons"):
                    yield Button("Save", variant="primary", id="save", action="screen.save(True)")
                    yield Button(
                        "Save anyway",
                        variant="warning",
                        id="save-anyway",
                        action="screen.save(False)",
                    )
                    yield Button("Cancel", id="cancel", action="screen.back")
            with Vertical(id="keyring-choice", classes="panel"):
                yield Static("", id="keyring-help")
                with Horizontal(classes="buttons"):
                    yield Button(
                        "Save to file (NOT encrypted)",
                        variant="warning",
                        id="to-file",
                        action="screen.store_as('file')",
                    )
                    yield Button(
                        "This session only",
                        variant="primary",
                        id="to-session",
                        action="screen.store_as('session')",
                    )
                    yield Button("Don't save it", id="to-nowhere", action="screen.drop_token")
            with Horizontal(id="profiles-actions", classes="buttons"):
                yield Button("Switch (s)", variant="primary", id="switch", action="screen.switch")
                yield Button("Add (a)", id="add", action="screen.add")
                yield Button("Edit (e)", id="edit", action="screen.edit")
                yield Button("Delete (d)", id="delete", action="screen.delete")
                yield Button("Close (esc)", id="close", action="screen.back")

    def on_mount(self) -> None:
        self.query_one("#profiles-dialog").border_title = "Profiles"
        self.query_one(DataTable).add_columns("", "Name", "URL", "Rate/h", "Mode", "Token")
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
        if report_keyring and self.tokens.keyring_problem:
            self._status(f"Keyring unavailable: {self.tokens.keyring_problem}.")

    def _fill_table(self, select: str | None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for profile in self._rows:
            found = self._lookups[profile.name]
            table.add_row(
                "●" if profile.name == self.current else "",
                profile.name,
                "built-in, local" if profile.is_sandbox else profile.base_url,
                str(profile.rate_limit),
                "read-only" if profile.read_only else "read-write",
                f"{found.source.value} {found.masked}",
                key=profile.name,
            )
        names = [profile.name for profile in self._rows]
        table.move_cursor(row=names.index(select) if select in names else 0)
        table.focus()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        selected = self.selected
        if selected is not None:
            note = f"Token of {selected.name}: {self._lookups[selected.name].note}"
            self.query_one("#profiles-note", Static).update(note)

    @property
    def selected(self) -> Profile | None:
        row = self.query_one(DataTable).cursor_row
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @on(DataTable.RowSelected)
    def action_switch(self) -> None:
        if self.selected is not None and not self._panel_open():
            self.dismiss(self.selected.name)

    def action_back(self) -> None:
        if self._panel_open():
            self._show_panel(None)
            self.query_one(DataTable).focus()
        else:
            self.dismiss(None)

    # -- delete ---------------------------------------------------------------------------------

    def action_delete(self) -> None:
        profile = self.selected
        if profile is None or profile.is_sandbox:
            self._status("The sandbox is built in; it cannot be deleted.", error=True)
            return
        text = f"Delete profile {profile.name} and forget its token?"
        self.query_one("#confirm-text", Static).update(text)
        self._show_panel("#profiles-confirm")
        self.query_one("#confirm-keep", Button).focus()

    def action_confirm_delete(self) -> None:
        if self.selected is not None:
            self._delete(self.selected.name)

    @work(exclusive=True, group="profiles-write")
    async def _delete(self, name: str) -> None:
        try:
            await asyncio.to_thread(self.profiles.remove, name)
            await asyncio.to_thread(self.tokens.forget, name)
        except ExplorerError as error:
            self._status(str(error), error=True)
            return
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
        shown = profile or Profile(name="")
        name = self.query_one("#edit-name", Input)
        name.value, name.disabled = shown.name, profile is not None
        self.query_one("#edit-url", Input).value = shown.base_url
        self.query_one("#edit-rate", Input).value = str(shown.rate_limit)
        self.query_one("#edit-read-only", Checkbox).value = shown.read_only
        self.query_one("#edit-token", Input).value = ""
        self._editor_status("")
        self._show_panel("#profile-editor")
        self.query_one("#edit-url" if profile else "#edit-name", Input).focus()

    def _form_profile(self) -> Profile:
        rate = self.query_one("#edit-rate", Input).value.strip()
        return validate_profile(
            Profile(
                name=self.query_one("#edit-name", Input).value.strip(),
                base_url=self.query_one("#edit-url", Input).value,
                rate_limit=int(rate) if rate.lstrip("-").isdigit() else 0,
                read_only=self.query_one("#edit-read-only", Checkbox).value,
            )
        )

    @on(Input.Submitted, "#profile-editor Input")
    def _submitted(self) -> None:
        self.action_save(True)

    def action_save(self, verify: bool) -> None:
        """Validate the form, then check the token (unless ``verify`` is False) and store all."""
        try:
            profile = self._form_profile()
            token = self.query_one("#edit-token", Input).value
            token = check_token(token) if token.strip() else ""
        except ExplorerError as error:
            self._editor_status(str(error), error=True)
            return
        self._save(profile, token, verify)

    @work(exclusive=True, group="profiles-write")
    async def _save(self, profile: Profile, token: str, verify: bool) -> None:
        if token and verify:
            self._editor_status("Checking the token with the server…")
            try:
                workspace = await self.verify(profile, token)
            except ExplorerError as error:
                self._editor_status(f"Token not accepted: {error}", error=True)
                self.query_one("#save-anyway").display = True
                return
            self._editor_status(f"Token accepted by workspace {workspace}.")
        write = self.profiles.update if self._editing else self.profiles.add
        try:
            await asyncio.to_thread(write, profile)
        except ExplorerError as error:
            self._editor_status(str(error), error=True)
            return
        self._editing = profile  # saved: a retry now updates instead of adding twice
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
            self.query_one("#keyring-help", Static).update(notice)
            self._show_panel("#keyring-choice")
            self.query_one("#to-session", Button).focus()
            return
        except ExplorerError as error:
            self._editor_status(str(error), error=True)
            return
        self._done(name, f"Saved {name}; token {stored.masked} {stored.note}.")

    def action_store_as(self, storage: str) -> None:
        """The person's choice after the keyring failed: ``file`` or ``session``."""
        if self._unstored_token is not None:
            name, token = self._unstored_token
            self._store_choice(name, token, Storage(storage))

    @work(exclusive=True, group="profiles-write")
    async def _store_choice(self, name: str, token: str, storage: Storage) -> None:
        self._unstored_token = None
        await self._store_token(name, token, storage)

    def action_drop_token(self) -> None:
        name = self._unstored_token[0] if self._unstored_token else ""
        self._unstored_token = None
        self._done(name, f"Saved {name}; the token was not stored.")

    # -- small helpers --------------------------------------------------------------------------

    def _done(self, name: str, message: str) -> None:
        self._show_panel(None)
        self._load_rows(select=name)
        self._status(message)

    def _show_panel(self, panel: str | None) -> None:
        for selector in _PANELS:
            self.query_one(selector).display = selector == panel
        self.query_one("#save-anyway").display = False
        self.query_one("#profiles-actions").display = panel is None

    def _panel_open(self) -> bool:
        return any(self.query_one(selector).display for selector in _PANELS)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#profiles-status", Static)
        status.update(text)
        status.set_class(error, "error")

    def _editor_status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#editor-status", Static)
        status.update(text)
        status.set_class(error, "error")
