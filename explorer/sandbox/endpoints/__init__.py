"""What each endpoint does: GET readers, POST/DELETE writers, their checks and output shapes."""
