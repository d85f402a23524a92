"""CalDAV sync (SYNC.md): accounts, the push of reminders and meetings, the pull of what the phone did."""
