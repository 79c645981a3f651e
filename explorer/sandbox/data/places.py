"""Administrative boundaries: Rwanda, its provinces, districts and sectors, with small shapes."""

from __future__ import annotations

from explorer.sandbox.data import pools
from explorer.sandbox.data.seeding import Seeder
from explorer.sandbox.store import models as m

COUNTRY_SQUARE = [[[[29.0, -2.0], [30.9, -2.0], [30.9, -1.0], [29.0, -1.0], [29.0, -2.0]]]]


def add_boundaries(seed: Seeder) -> None:
    country = m.Boundary(
        "171496", "Rwanda", 0, None, [], {"type": "MultiPolygon", "coordinates": COUNTRY_SQUARE}
    )
    seed.ws.boundaries.add(country)
    for s, (state, districts) in enumerate(pools.ADMIN_TREE.items(), start=1):
        parent = _boundary(seed, f"1708283{s}", state, 1, country)
        for d, (district, wards) in enumerate(districts.items(), start=1):
            sub = _boundary(seed, f"R{s}{d:02d}", district, 2, parent)
            for w, ward in enumerate(wards, start=1):
                _boundary(seed, f"R{s}{d:02d}{w:02d}", ward, 3, sub)


def _boundary(seed: Seeder, osm_id: str, name: str, level: int, parent: m.Boundary) -> m.Boundary:
    lon, lat = 29.5 + seed.rng.random(), -1.9 + seed.rng.random() / 2
    ring = [[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat + 0.1], [lon, lat]]
    aliases = sorted(pools.BOUNDARY_ALIASES.get(name, []))
    return seed.ws.boundaries.add(
        m.Boundary(
            osm_id, name, level, parent, aliases, {"type": "MultiPolygon", "coordinates": [[ring]]}
        )
    )
