"""The application layer: what the TUI and the command line both do; no Textual, no Rich."""
