"""The sandbox's in-memory database: the records (``models``), tables and the workspace."""
