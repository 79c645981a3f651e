"""The seeded workspace: a deterministic, realistic TextIt workspace sized by its contacts.

``build_workspace`` (in ``build``) is the entry point; each other module adds one kind of object
from the fixed ``pools`` with one ``random.Random``.
"""

from explorer.sandbox.data.build import DEFAULT_CONTACTS, DEFAULT_SEED, build_workspace

__all__ = ["DEFAULT_CONTACTS", "DEFAULT_SEED", "build_workspace"]
