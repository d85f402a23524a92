"""The search index's vocabulary: how one- and two-character search words are answered from FTS5.

The trigram tokenizer indexes every run of three characters and cannot look up a shorter word. It can
still answer one exactly: every occurrence of 'zo' lies inside some indexed trigram ('zoe', 'azo'),
because every search text is longer than three characters (its fields are joined with ' | '). So the
contacts containing 'zo' are those matching any trigram of the vocabulary that contains 'zo'. For a
rare word that is a handful of trigrams and a millisecond; a scan of 100k texts is 25 ms.

Reading the vocabulary (fts5vocab) costs about as much as a scan of the whole index, so it is read
once in the background and used only while the store is unchanged (see `store.db.change_signature`).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable

# A word found in more trigrams than this is common: OR-ing them all reads more of the index than a
# plain scan of the texts would (141 trigrams for 'c' take 180 ms at 100k contacts; the scan 25 ms).
MAX_TRIGRAMS_PER_WORD = 48


class TrigramVocabulary:
    """Every trigram in the contact search index with the number of contacts whose text has it, looked
    up by the one- and two-character words inside."""

    def __init__(self, trigrams: Iterable[tuple[str, int]], signature: object = None, contacts: int = 0) -> None:
        self.signature = signature
        self.contacts = contacts
        self._documents: dict[str, int] = {}
        by_word: dict[str, list[str]] = defaultdict(list)
        for trigram, documents in trigrams:
            if len(trigram) != 3:
                continue
            self._documents[trigram] = documents
            a, b, c = trigram
            for word in {a, b, c, a + b, b + c}:
                by_word[word].append(trigram)
        self._by_word = dict(by_word)

    @classmethod
    def read(cls, conn: sqlite3.Connection, signature: object = None) -> TrigramVocabulary:
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.contact_fts_terms USING fts5vocab(main, contact_fts, 'row')")
        conn.execute("BEGIN")  # one read transaction: the count and the terms describe the same state
        try:
            contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
            terms = conn.execute("SELECT term, doc FROM temp.contact_fts_terms").fetchall()
        finally:
            conn.execute("COMMIT")
        return cls(terms, signature, contacts)

    def at_most(self, word: str) -> int:
        """An upper bound on the contacts whose text contains `word` (a folded word)."""
        if len(word) >= 3:
            # A phrase is in no more texts than its rarest trigram.
            return min(self._documents.get(word[i:i + 3], 0) for i in range(len(word) - 2))
        return min(self.contacts, sum(self._documents[t] for t in self._by_word.get(word, ())))

    def containing(self, word: str) -> list[str] | None:
        """The trigrams containing a one- or two-character `word` ([] when none does), or None when the
        word is too common for the index to answer it faster than a scan."""
        found = self._by_word.get(word, [])
        return None if len(found) > MAX_TRIGRAMS_PER_WORD else found
