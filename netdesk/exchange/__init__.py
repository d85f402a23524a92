"""File formats: iCalendar, vCard, CSV dialects, JSON backup. No Qt, no database."""
