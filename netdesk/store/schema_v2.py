"""Schema version 2: a narrow covering index for the contact list's search as you type.

Search words shorter than three characters cannot use the trigram index, so they are matched with LIKE
on `search_text`. Scanning the contact table for that reads every fat row (notes, photos); this index
holds only what the list needs (name order, id, search text), so the scan reads a fraction of the pages
and returns the ids already in name order.
"""

V2 = [
    "CREATE INDEX contact_search_cover ON contact(sort_name, id, search_text)",
]
