"""Draw the explorer's main screens into ``screenshots/<scene>-<width>x<height>.svg``.

    .venv/bin/python scripts/screenshots.py

The scenes are those the snapshot tests check (``tests.harness.scenes``), on the in-process demo
sandbox with frozen clocks; app files (history) go to a temporary directory, never to yours.
Pictures of scenes that no longer exist are removed, so the folder holds only current ones.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "screenshots"


async def draw_all() -> list[Path]:
    sys.path.insert(0, str(ROOT))  # run as a script: the scenes are in the tests' harness
    from tests.harness.scenes import SCENES, SIZES, reach

    written = []
    for scene in SCENES:
        for width, height in SIZES:
            app = scene.make_app()
            async with app.run_test(size=(width, height)) as pilot:
                await reach(scene, pilot, app)
                name = f"{scene.name}-{width}x{height}.svg"
                app.save_screenshot(filename=name, path=str(OUT))
                written.append(OUT / name)
    return written


def main() -> int:
    for variable in ("NO_COLOR", "TEXTUAL"):
        os.environ.pop(variable, None)
    with tempfile.TemporaryDirectory(prefix="textit-explorer-shots-") as home:
        os.environ["TEXTIT_EXPLORER_HOME"] = home
        OUT.mkdir(exist_ok=True)
        written = asyncio.run(draw_all())
    for path in written:
        print(path.relative_to(OUT.parent))
    for stale in sorted(set(OUT.glob("*.svg")) - set(written)):  # a scene renamed or dropped
        stale.unlink()
        print(f"removed {stale.relative_to(OUT.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
