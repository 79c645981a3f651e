"""The application: what the TUI and the command line both do; no Textual, no Rich."""
