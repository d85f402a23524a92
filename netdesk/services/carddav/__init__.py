"""CardDAV contact sync (SYNC.md, issue 16): two-way, by sync token, a three-way merge per field."""
