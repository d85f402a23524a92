"""Use cases. One transaction each; each returns what changed so the UI knows what to refresh."""
