"""ProfileStore: validation, persistence in TOML, the built-in sandbox, corrupt files."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from explorer.core import paths
from explorer.core.errors import ConfigError, ValidationError
from explorer.core.profiles import SANDBOX, Profile, ProfileStore, validate_profile


@pytest.fixture
def store() -> ProfileStore:
    return ProfileStore()


def test_a_fresh_store_has_only_the_sandbox_and_writes_nothing(
    store: ProfileStore, app_home: Path
) -> None:
    assert store.all() == [SANDBOX]
    assert store.current() == SANDBOX
    assert not app_home.exists()


def test_added_profiles_persist_and_list_after_the_sandbox(store: ProfileStore) -> None:
    store.add(Profile("prod", "https://textit.com/", rate_limit=1000, read_only=True))
    store.add(Profile("Acme-2", "https://rapidpro.example.org"))
    names = [p.name for p in ProfileStore().all()]
    assert names == ["sandbox", "Acme-2", "prod"]
    prod = ProfileStore().get("prod")
    assert prod == Profile("prod", "https://textit.com", rate_limit=1000, read_only=True)
    assert store.path == paths.config_dir() / "profiles.toml"


def test_the_file_is_plain_toml_without_a_sandbox_entry(store: ProfileStore) -> None:
    store.add(Profile("prod"))
    store.use("prod")
    document = tomllib.loads(store.path.read_text())
    assert document == {
        "current": "prod",
        "profiles": {
            "prod": {"base_url": "https://textit.com", "rate_limit": 2500, "read_only": False}
        },
    }


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        (Profile("has space"), "name"),
        (Profile("dots.not.allowed"), "name"),
        (Profile(""), "name"),
        (Profile("sandbox"), "name"),
        (Profile("p", "ftp://textit.com"), "base_url"),
        (Profile("p", "https://"), "base_url"),
        (Profile("p", "textit.com"), "base_url"),
        (Profile("p", "http://textit.com"), "base_url"),
        (Profile("p", "https://textit.com?x=1"), "base_url"),
        (Profile("p", rate_limit=0), "rate_limit"),
        (Profile("p", rate_limit=True), "rate_limit"),
    ],
)
def test_invalid_profiles_name_the_bad_field(profile: Profile, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_profile(profile)
    assert list(caught.value.field_errors) == [field]


@pytest.mark.parametrize(
    "url", ["http://localhost:8000", "http://127.0.0.1:5000", "http://[::1]:80", "https://x.org"]
)
def test_plain_http_is_accepted_for_loopback_hosts(url: str) -> None:
    assert validate_profile(Profile("local", url)).base_url == url


def test_duplicate_names_are_refused(store: ProfileStore) -> None:
    store.add(Profile("prod"))
    with pytest.raises(ConfigError, match="already exists"):
        store.add(Profile("prod", "https://other.org"))


def test_update_replaces_settings_of_an_existing_profile(store: ProfileStore) -> None:
    store.add(Profile("prod"))
    store.update(Profile("prod", "https://eu.textit.com", rate_limit=50))
    assert store.get("prod") == Profile("prod", "https://eu.textit.com", rate_limit=50)
    with pytest.raises(ConfigError, match="No profile named 'ghost'"):
        store.update(Profile("ghost"))


def test_a_learned_rate_limit_is_saved_in_place_but_never_for_the_sandbox(
    store: ProfileStore,
) -> None:
    store.add(Profile("acme", "https://textit.com", 2500, read_only=True))
    assert store.set_rate_limit("acme", 5) == Profile("acme", "https://textit.com", 5, True)
    assert store.get("acme").rate_limit == 5
    with pytest.raises(ValidationError):
        store.set_rate_limit("sandbox", 5)


def test_use_remembers_the_current_profile_and_remove_falls_back_to_sandbox(
    store: ProfileStore,
) -> None:
    store.add(Profile("prod"))
    assert store.use("prod").name == "prod"
    assert ProfileStore().current().name == "prod"
    store.remove("prod")
    assert store.current() == SANDBOX
    assert store.all() == [SANDBOX]
    with pytest.raises(ConfigError):
        store.get("prod")


def test_the_sandbox_is_builtin_and_cannot_be_removed(store: ProfileStore) -> None:
    assert store.get("sandbox").is_sandbox
    with pytest.raises(ConfigError, match="cannot be removed"):
        store.remove("sandbox")
    assert store.use("sandbox") == SANDBOX
    assert replace(SANDBOX, base_url="http://127.0.0.1:41234").is_sandbox


def test_unknown_profile_names_raise_a_config_error(store: ProfileStore) -> None:
    with pytest.raises(ConfigError, match="profile list"):
        store.use("nope")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://textit.com:0", "The port 0 is outside 1-65535."),
        ("https://textit.com:65536", "The port 65536 is outside 1-65535."),
        ("https://textit.com:99999999999", "The port 99999999999 is outside 1-65535."),
        ("https://textit.com:http", "The port 'http' is not a number; give one from 1 to 65535."),
        ("https://textit.com:-1", "The port '-1' is not a number; give one from 1 to 65535."),
        (
            "https://textit.com:\uff18",
            "The port '\uff18' is not a number; give one from 1 to 65535.",
        ),
        ("http://[::1]:70000", "The port 70000 is outside 1-65535."),
        ("https://text it.com", "The base URL cannot contain spaces or line breaks."),
        ("https://textit.com/\napi", "The base URL cannot contain spaces or line breaks."),
        ("https://textit\x1b[2J.com", "The base URL cannot contain control characters."),
        ("https://textit.com\x00", "The base URL cannot contain control characters."),
    ],
)
def test_bad_ports_whitespace_and_controls_are_named(url: str, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_profile(Profile("p", url))
    assert caught.value.field_errors == {"base_url": [problem]}


@pytest.mark.parametrize(
    "url",
    ["https://textit.com:1", "https://textit.com:65535", "http://[::1]:8000", " https://x.org\n"],
)
def test_ports_in_range_and_surrounding_spaces_are_accepted(url: str) -> None:
    assert validate_profile(Profile("p", url)).base_url == url.strip()


USER_FILE = """\
# My workspaces. Ask Ana before changing prod.
current = "prod"

[profiles.prod]   # the main one
base_url = "https://textit.com"  # not the EU server
rate_limit = 2500
read_only = true

[profiles.staging]
base_url = "https://staging.example.org"
rate_limit = 100
read_only = false
"""


def test_edits_keep_the_users_comments_and_layout(store: ProfileStore) -> None:
    paths.atomic_write(store.path, USER_FILE)
    store.update(Profile("prod", "https://textit.com", rate_limit=5000, read_only=True))
    store.use("staging")
    expected = USER_FILE.replace("rate_limit = 2500", "rate_limit = 5000")
    expected = expected.replace('current = "prod"', 'current = "staging"')
    assert store.path.read_text() == expected
    store.add(Profile("eu", "https://eu.example.org"))
    assert store.path.read_text().startswith(expected)
    assert store.path.read_text().endswith(
        '[profiles.eu]\nbase_url = "https://eu.example.org"\nrate_limit = 2500\nread_only = false\n'
    )
    store.remove("eu")
    assert store.path.read_text().rstrip() == expected.rstrip()  # give or take a blank line


DAMAGED = [
    ("this is = = not toml", "it is not valid TOML"),
    ("profiles = 3", "'profiles' must be a table of profiles"),
    ("current = 3", "'current' must be a profile name in quotes"),
    ("[profiles.prod]\nrate_limit = 5\n", "profile 'prod' needs a base_url"),
    ("[profiles.prod]\nbase_url = 5\n", "profile 'prod' needs a base_url"),
    ('[profiles.prod]\nbase_url = "https://x.org"\nread_only = "no"\n', "read_only must be"),
    ('[profiles.prod]\nbase_url = "https://x.org"\nrate_limit = "fast"\n', "The rate limit"),
    ('[profiles.prod]\nbase_url = "http://evil.example"\n', "Plain http is only allowed"),
    ("[profiles]\nprod = 1\n", "profile 'prod' needs a base_url"),
]


def _damage(store: ProfileStore, text: str | bytes | None) -> bytes | None:
    """Put ``text`` (None: a directory) where the profiles file goes; its bytes, to compare."""
    if text is None:
        store.path.mkdir(parents=True)
        return None
    store.path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode() if isinstance(text, str) else text
    store.path.write_bytes(data)
    return data


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        *DAMAGED,
        (None, "it is a directory, not a file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "it is not text (UTF-8)"),
        (b"key = 1\x00\x1b[2J", "it is not valid TOML"),
    ],
)
def test_a_damaged_file_leaves_only_the_sandbox_says_why_and_is_never_overwritten(
    store: ProfileStore, content: str | bytes | None, reason: str
) -> None:
    before = _damage(store, content)
    assert store.all() == [SANDBOX] and store.current() == SANDBOX
    problem = str(store.problem)
    assert problem.startswith(f"The profiles file {store.path} cannot be read: ")
    assert reason in problem and "only the sandbox is available" in problem
    assert "\x1b" not in problem and "\x00" not in problem
    with pytest.raises(ConfigError, match="cannot be read"):
        store.add(Profile("new"))
    with pytest.raises(ConfigError, match="cannot be read"):
        store.get("prod")
    with pytest.raises(ConfigError, match="cannot be read"):
        store.use("prod")
    assert store.path.is_dir() if before is None else store.path.read_bytes() == before


def test_the_problem_clears_once_the_file_is_fixed(store: ProfileStore) -> None:
    _damage(store, "profiles = 3")
    assert store.all() == [SANDBOX] and store.problem
    store.path.write_text(USER_FILE)
    assert [p.name for p in store.all()] == ["sandbox", "prod", "staging"]
    assert store.problem is None
