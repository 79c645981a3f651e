"""Snapshots of the whole explorer at 80x24 and 120x40, one per scene of ``tests.harness.scenes``.

``demo_app`` mounts the sandbox in-process at a fixed URL with every clock frozen and a pinned
elapsed time, so the same keys draw the same screen on every run; each scene's steps say what a
person does to get there. ``scripts/screenshots.py`` draws the same scenes into ``screenshots/``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.harness.demo import DemoApp
from tests.harness.scenes import SCENES, SIZES, Scene, reach

pytestmark = pytest.mark.slow  # the whole explorer, drawn

Check = Callable[..., bool]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("scene", SCENES, ids=[scene.name for scene in SCENES])
def test_scene(snap_compare: Check, scene: Scene, size: tuple[int, int]) -> None:
    app: DemoApp = scene.make_app()

    async def run_before(pilot: Pilot[int]) -> None:
        await reach(scene, pilot, app)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
