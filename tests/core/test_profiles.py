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
    "text",
    [
        "this is = = not toml",
        "profiles = 3",
        "[profiles.prod]\nrate_limit = 5\n",
        '[profiles.prod]\nbase_url = "http://evil.example"\n',
    ],
)
def test_a_corrupt_file_is_a_config_error_with_the_path(store: ProfileStore, text: str) -> None:
    paths.atomic_write(store.path, text)
    with pytest.raises(ConfigError) as caught:
        store.all()
    assert str(store.path) in str(caught.value)
    assert "move it away" in str(caught.value)
