"""HTTP: the single route (``server``), authentication, request bodies, docs pages, errors."""
