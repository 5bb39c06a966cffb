"""The reader's memory: read marks, stars, last article and query, scroll positions.

Stored in SQLite (``state.db`` in the data dir, see :mod:`newsreader.locations`), keyed by article
id so renaming or moving files keeps the marks. The store is built to survive what users do to it:

* every change is one short ``BEGIN IMMEDIATE`` transaction in WAL mode with a busy timeout, so
  two instances can write at once and a ``kill -9`` loses at most the change in flight;
* a damaged database (garbage, truncated, empty, tables of the wrong shape, failing ``PRAGMA
  quick_check``) is moved aside to ``state.db.corrupt-<timestamp>`` with its ``-wal``/``-shm``
  (never deleted), whatever rows can still be read are carried over, a warning is recorded and a
  fresh store is started;
* when the store cannot be written (read-only dir, file or ``-shm``, full disk, …) the state keeps
  working in memory, seeded with whatever could be read, and says so once in
  :attr:`State.warnings`; the file is tried again (a new connection) at each change and at
  :meth:`State.close`, and once it can be written the changes kept meanwhile are written to it.

No :class:`State` method raises for a storage problem: failures become warnings. A state is safe
to call from several threads (calls are serialised); its :class:`Marks` belong to one.

The package: :mod:`.store` (the SQLite tables, connections and checks), :mod:`.repair` (opening the
file, setting a damaged one aside), :mod:`.durable` (the connection that never raises),
:mod:`.state` (:class:`State`, what the reader remembers), :mod:`.marks` (:class:`Marks`, the read
marks and stars while the reader runs, with their counts, written through) and :mod:`.recall`
(:func:`recall`, what the state remembers about a corpus when it loads).
"""

from .marks import Marks
from .recall import Memory, recall
from .repair import corrupt_name
from .state import State
from .store import BUSY_TIMEOUT_MS, SCHEMA_VERSION

__all__ = [
    "BUSY_TIMEOUT_MS",
    "SCHEMA_VERSION",
    "Marks",
    "Memory",
    "State",
    "corrupt_name",
    "recall",
]
