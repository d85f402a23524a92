"""History sync (issue 17): records as VJOURNAL in the account's history calendar."""
