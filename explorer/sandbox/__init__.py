"""The embedded TextIt API v2 imitation: a seeded workspace served on loopback.

Start one with ``explorer.sandbox.serve.start_sandbox()`` (a background thread; ``base_url``,
``token``, ``stop()``), or mount ``explorer.sandbox.app.create_app(build_workspace())`` in
``httpx.ASGITransport`` for in-process tests. Modules:

    data, people, traffic, flows, pools   the deterministic workspace (size and seed are parameters)
    examples                              the objects the catalog's example requests name
    models, store                         records and the in-memory tables they live in
    app, auth, docs, uploads, faults      HTTP: routing, auth, pages, bodies, fault injection
    reads, listing, pagination, statistics   GET handlers, filters, DRF-style cursors
    writes, contacts, sends, actions, refs, validation   POST/DELETE handlers and their checks
    serialize, failures, throttle, call   output shapes, error answers, rate limit, handler types
    serve                                 uvicorn on 127.0.0.1 (background thread or foreground)

Nothing here imports Textual or Rich.
"""
