"""Pure Python: ids, records, etiquette rules, dates. No Qt, no database, no clock."""
