"""History sync (issue 17): records as VJOURNAL in the account\x27s history calendar."""
