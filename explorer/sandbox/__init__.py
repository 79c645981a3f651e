"""The embedded TextIt API v2 imitation: a seeded workspace served on loopback.

Start one with ``explorer.sandbox.serve.start_sandbox()`` (a background thread; ``base_url``,
``token``, ``stop()``), or mount ``explorer.sandbox.app.create_app(build_workspace())`` in
``httpx.ASGITransport`` for in-process tests. Subpackages, by what they are:

    data        the deterministic seeded workspace (``build_workspace``, sized and seeded)
    store       records and the in-memory tables they live in
    http        the single route: auth, request bodies, docs pages, error answers
    endpoints   GET readers, POST/DELETE writers, their checks and output shapes
    limits      the body limit, the rate limit and fault injection

``app`` wires them into one ASGI app; ``serve`` runs it with uvicorn on 127.0.0.1. The only code of
ours the sandbox imports is ``explorer.core.catalog``; nothing here imports Textual or Rich.
"""
