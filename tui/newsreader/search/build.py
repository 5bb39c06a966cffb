"""Building the index's big parts: vocabulary, posting lists, bigram and ending tables.

Tokenising is most of the work (at 100k articles: 40 million tokens, 30 million distinct
(term, document) pairs, a million terms), so for a large corpus it runs in worker processes:

1. the documents are split into parts (:func:`.store.partition`); each worker tokenises its run
   of parts and sends back, for each part, the part's own sorted vocabulary, its posting lists
   packed in two arrays per field, and the bitsets of its most common terms;
2. the parent merges the vocabularies and hands each worker a slice of the merged one, for which
   the worker makes the bigram table of the typo search and the order of the terms spelt
   backwards, while the parent packs the posting lists (:meth:`.store.PostingStore.from_parts`,
   which keeps each part's lists as they came).

The text goes to the workers as UTF-16 (the fastest codec both ways), a thousand articles at a
time, from one feeder thread per worker. Workers are *spawned*, never forked: a forked child
would share the parent's memory (the corpus) copy-on-write, and the parent touching its articles
while feeding would make the kernel copy them all. A small corpus, a single CPU, or workers that
fail to start or die: the same steps run in this process, with the same result.

Costs, on the 2-core machine of issue 6, per token or pair: the regular expression that finds
tokens ~150 ns, a set of the document's tokens ~170 ns, the token's posting list found in a
dictionary of a million entries and the document appended ~500 ns (cache misses: the dictionary
is far larger than the CPU caches). Posting lists are hashable arrays (:class:`_Postings`), so
the set that drops a document's repeated terms hashes pointers rather than reading term ids
scattered in memory; they are tracked by the garbage collector, which is turned off while
tokenising (nothing made here forms cycles). New tokens are folded many at a time
(:func:`.normalize.fold_many`).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import sys
import threading
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate, chain, compress, pairwise, repeat
from multiprocessing.connection import Connection, wait
from operator import add, getitem, gt, ne, sub
from typing import TYPE_CHECKING, Any

from . import store
from .docsets import bits_of
from .normalize import fold_many, words_of
from .store import PostingStore

if TYPE_CHECKING:
    from ..article import Article

__all__ = ["PARALLEL_MIN", "Lists", "Tokeniser", "body_text", "meta_text", "own_body"]

#: From this many articles on, the work is shared with worker processes (below, starting them
#: costs more than it saves).
PARALLEL_MIN = 6000
#: At most this many worker processes (no more than the corpus has parts, nor CPUs).
MAX_WORKERS = 4
#: Articles per message to a worker, and between progress reports.
PIECE = 1000
#: Bigram table: terms of these lengths (letters only).
GRAM_MIN, GRAM_MAX = 7, 40

Progress = Callable[[int, int], None]
BodyOf = Callable[["Article"], Sequence[str]]
#: One field of one part: how many of the part's documents hold each of the part's terms, the
#: documents (offsets in the part, term after term), and the bitsets (over the part) of its
#: most common terms, by position in the part's vocabulary.
FieldResult = tuple[array, array, dict[int, int]]
#: One part: its sorted vocabulary ("\n"-separated); the body field; the title/metadata field.
PartResult = tuple[str, FieldResult, FieldResult]
#: The bigram table and the ids of the terms sorted by their spelling backwards, for a slice
#: of the vocabulary.
Tables = tuple[dict[int, dict[str, array]], array]


def meta_text(article: Article) -> str:
    """The title and metadata of ``article`` as one text (the ``hi`` field)."""
    title, source, author, rubric = article.title, article.source, article.author, article.rubric
    return "\n".join([title, source or "", author or "", rubric or "", *article.tags])


def body_text(article: Article, body: Sequence[str]) -> str:
    """The body (``body``: its paragraphs), captions and page furniture as one text."""
    return "\n".join(chain(body, article.captions, article.extra))


def own_body(article: Article) -> Sequence[str]:
    """The default body loader: the article's own ``body``."""
    return article.body


# --- tokenising ------------------------------------------------------------------------------
class _Postings(array):
    """A posting list that can sit in a set (hashed by identity)."""

    __slots__ = ()
    __hash__ = object.__hash__


_EMPTY = _Postings("H")


class Tokeniser:
    """Turns documents, in order, into one part's posting lists at a time."""

    def __init__(self) -> None:
        # token as written → its term's list (several tokens can share one: Иран, иран)
        self._hi_tokens: dict[str, _Postings] = {}
        self._lo_tokens: dict[str, _Postings] = {}
        # term → posting list
        self._hi_terms: dict[str, _Postings] = {}
        self._lo_terms: dict[str, _Postings] = {}
        self._base = 0

    def start_part(self, base: int) -> None:
        """The next documents belong to the part that starts at document ``base``."""
        self._base = base

    def add(self, first: int, metas: Iterable[str], bodies: Iterable[str]) -> None:
        """Documents ``first``, ``first + 1``, …: their title/metadata and body texts."""
        fields = (
            (self._hi_tokens, self._hi_terms),
            (self._lo_tokens, self._lo_terms),
        )
        append = array.append
        local = first - self._base
        for meta, body in zip(metas, bodies, strict=True):
            for text, (tokens, terms) in zip((meta, body), fields, strict=True):
                found = set(words_of(text))
                new = found.difference(tokens)
                if new:
                    _learn(list(new), tokens, terms)
                # One C-level pass: append the document to each distinct term's list.
                deque(map(append, set(map(tokens.__getitem__, found)), repeat(local)), 0)
            local += 1

    def finish_part(self, length: int, common: int, reset: bool = True) -> PartResult:
        """The part (of ``length`` documents) as a :data:`PartResult`; lists of more than
        ``common`` documents also as bitsets. With ``reset``, empty the lists for the next."""
        lo_terms, hi_terms = self._lo_terms, self._hi_terms
        if not reset:  # the last part: the tokens are of no more use (and take memory)
            self._lo_tokens.clear()
            self._hi_tokens.clear()
        vocab = sorted(
            set(compress(lo_terms, lo_terms.values())).union(compress(hi_terms, hi_terms.values()))
        )
        fields = []
        for terms in (lo_terms, hi_terms):
            lists = list(map(terms.get, vocab, repeat(_EMPTY)))
            counts = array("I", map(len, lists))
            docs = array("H")
            deque(map(docs.extend, lists), 0)
            many = compress(range(len(lists)), map(gt, counts, repeat(common)))
            bits = {i: bits_of(lists[i], length) for i in many}
            fields.append((counts, docs, bits))
            del lists
            if reset:
                deque(map(array.__delitem__, terms.values(), repeat(slice(None))), 0)
        return "\n".join(vocab), fields[0], fields[1]


def _learn(new: list[str], tokens: dict[str, _Postings], terms: dict[str, _Postings]) -> None:
    """Give each token of ``new`` its term's posting list (a new one for a new term)."""
    for token, term in zip(new, fold_many(new), strict=True):
        posting = terms.get(term)
        if posting is None:
            posting = terms[term] = _Postings("H")
        tokens[token] = posting


# --- vocabulary tables -----------------------------------------------------------------------
def term_tables(first: int, terms: Sequence[str]) -> Tables:
    """:data:`Tables` for ``terms``, the vocabulary's terms ``first``, ``first + 1``, ….

    ``grams[length][bigram]``: the ids of the terms of that length (``GRAM_MIN`` to
    ``GRAM_MAX`` letters) that hold the bigram, ``^`` and ``$`` marking the ends, ascending.
    """
    grams: dict[int, dict[str, array]] = {}
    for tid, term in enumerate(terms, first):
        length = len(term)
        if GRAM_MIN <= length <= GRAM_MAX and term.isalpha():
            table = grams.get(length)
            if table is None:
                table = grams[length] = {}
            padded = f"^{term}$"
            for gram in {padded[i : i + 2] for i in range(length + 1)}:
                posting = table.get(gram)
                if posting is None:
                    posting = table[gram] = array("I")
                posting.append(tid)
    backwards = list(map(getitem, terms, repeat(_BACKWARDS)))
    order = sorted(range(len(terms)), key=backwards.__getitem__)
    return grams, array("I", map(add, order, repeat(first)))


_BACKWARDS = slice(None, None, -1)


def merge_tables(
    tables: list[Tables], vocab: Sequence[str]
) -> tuple[dict[int, dict[str, array]], list[str], array]:
    """The bigram table, the terms spelt backwards (sorted) and their ids, from slices' tables
    (in vocabulary order)."""
    grams, ending_ids = tables[0]
    for more, more_ids in tables[1:]:
        for length, table in more.items():
            into = grams.setdefault(length, {})
            for gram, posting in table.items():
                mine = into.get(gram)
                if mine is None:
                    into[gram] = posting
                else:
                    mine.extend(posting)
        ending_ids.extend(more_ids)
    backwards = list(map(getitem, vocab, repeat(_BACKWARDS)))
    if len(tables) > 1:  # sorted runs: merging them takes a comparison or so per term
        ending_ids = array("I", sorted(ending_ids, key=backwards.__getitem__))
    return grams, list(map(backwards.__getitem__, ending_ids)), ending_ids


# --- merging the parts -----------------------------------------------------------------------
def merge_vocabularies(texts: list[str]) -> tuple[list[str], list[array | None]]:
    """The merged, sorted vocabulary, and for each part the ids of its terms in it."""
    vocabs = [text.split("\n") if text else [] for text in texts]
    if len(vocabs) == 1:
        return vocabs[0], [None]
    # Sort every part's terms together (sorted runs: a comparison or so each), keep the first
    # of equal neighbours, and number the survivors; all in C-level loops.
    every = list(chain.from_iterable(vocabs))
    ranked = sorted(range(len(every)), key=every.__getitem__)
    ordered = list(map(every.__getitem__, ranked))
    del every
    fresh = list(map(ne, ordered, chain((None,), ordered)))
    vocab = list(compress(ordered, fresh))
    del ordered
    where = array("I", bytes(4 * len(fresh)))
    deque(map(where.__setitem__, ranked, map(sub, accumulate(fresh), repeat(1))), 0)
    del ranked, fresh
    ends = list(accumulate(map(len, vocabs), initial=0))
    return vocab, [where[start:end] for start, end in pairwise(ends)]


def _store(
    size: int,
    bounds: Sequence[int],
    fields: list[FieldResult],
    ids: list[array | None],
    count: int,
) -> PostingStore:
    counts, docs, bits = [], [], []
    for (part_counts, part_docs, part_bits), part_ids in zip(fields, ids, strict=True):
        if part_ids is None:
            counts.append(part_counts)
            bits.append(part_bits)
        else:
            full = array("I", bytes(4 * count))
            deque(map(full.__setitem__, part_ids, part_counts), 0)
            counts.append(full)
            bits.append({part_ids[i]: b for i, b in part_bits.items()})
        docs.append(part_docs)
    return PostingStore.from_parts(size, bounds, counts, docs, bits)


# --- the whole -------------------------------------------------------------------------------
class Lists:
    """The index's big parts, built in steps (workers, if any, work between them)::

        lists = Lists(articles, order, bounds, progress, body_of, meanwhile)
        try:
            lo, hi = lists.stores()         # while workers make the tables
            grams, endings, ending_ids = lists.tables()
        finally:
            lists.close()

    Document ``d`` is ``articles[order[d]]`` (``order`` ``None``: ``articles[d]``).
    ``progress(done, total)`` is called as documents are tokenised (``total - 1`` at most: the
    caller reports the end); ``meanwhile()`` is called once, while workers tokenise.
    """

    def __init__(
        self,
        articles: Sequence[Article],
        order: Sequence[int] | None,
        bounds: Sequence[int],
        progress: Progress | None,
        body_of: BodyOf,
        meanwhile: Callable[[], None] | None = None,
    ) -> None:
        self.size = size = bounds[-1]
        self.bounds = bounds
        parts = len(bounds) - 1
        # A list of more than this many documents in a part may be dense in the whole.
        self._common = max(1, size // store.DENSE // parts)
        self._workers: _Workers | None = None
        try:
            results = None
            workers = min(MAX_WORKERS, _cpus(), parts)
            if size >= PARALLEL_MIN and workers > 1:
                self._workers = _Workers.start(workers, bounds, self._common)
                if self._workers is not None:
                    results = self._workers.tokenise(articles, order, body_of, progress, meanwhile)
                    if results is None:
                        self.close()
                    meanwhile = None  # called
            if results is None:
                if meanwhile is not None:
                    meanwhile()
                results = self._tokenise_here(articles, order, progress, body_of)
            self.vocab, self._ids = merge_vocabularies([text for text, _, _ in results])
            self._results: list[PartResult] | None = results
            self._tables_asked = self._workers is not None and self._workers.ask_tables(self.vocab)
            if not self._tables_asked:
                self.close()
        except BaseException:
            self.close()
            raise

    def stores(self) -> tuple[PostingStore, PostingStore]:
        """The body (``lo``) and title/metadata (``hi``) posting lists."""
        results, self._results = self._results, None
        assert results is not None, "stores() is called once"
        count = len(self.vocab)
        lo = _store(self.size, self.bounds, [r[1] for r in results], self._ids, count)
        hi = _store(self.size, self.bounds, [r[2] for r in results], self._ids, count)
        return lo, hi

    def tables(self) -> tuple[dict[int, dict[str, array]], list[str], array]:
        """The bigram table, the vocabulary spelt backwards (sorted), and those terms' ids."""
        tables = None
        if self._tables_asked and self._workers is not None:
            tables = self._workers.tables()
        self.close()
        if tables is None:
            tables = [term_tables(0, self.vocab)]
        return merge_tables(tables, self.vocab)

    def close(self) -> None:
        """Stop the workers (if any are left)."""
        if self._workers is not None:
            self._workers.close()
            self._workers = None

    def _tokenise_here(
        self,
        articles: Sequence[Article],
        order: Sequence[int] | None,
        progress: Progress | None,
        body_of: BodyOf,
    ) -> list[PartResult]:
        bounds, size = self.bounds, self.size
        enabled = gc.isenabled()
        gc.disable()
        try:
            tokeniser = Tokeniser()
            results = []
            parts = len(bounds) - 1
            for part in range(parts):
                start, stop = bounds[part], bounds[part + 1]
                tokeniser.start_part(start)
                for first, last in _pieces(start, stop):
                    docs = _documents(articles, order, first, last)
                    metas = list(map(meta_text, docs))
                    tokeniser.add(first, metas, [body_text(a, body_of(a)) for a in docs])
                    if progress is not None and last % PIECE == 0 and last < size:
                        progress(last, size)
                reset = part + 1 < parts
                results.append(tokeniser.finish_part(stop - start, self._common, reset))
            return results
        finally:
            if enabled:
                gc.enable()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _pieces(start: int, stop: int) -> list[tuple[int, int]]:
    """``[start, stop)`` cut at every multiple of ``PIECE``."""
    cuts = [start, *range((start // PIECE + 1) * PIECE, stop, PIECE), stop]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def _documents(
    articles: Sequence[Article], order: Sequence[int] | None, first: int, last: int
) -> list[Article]:
    if order is None:
        return list(articles[first:last])
    return [articles[order[doc]] for doc in range(first, last)]


# --- worker processes ------------------------------------------------------------------------
class _Workers:
    """Worker processes and the pipes to them; every failure makes a method return ``None``
    (or ``False``), after which the caller does the work itself."""

    def __init__(self, bounds: Sequence[int]) -> None:
        self.bounds = bounds
        self.processes: list[Any] = []
        self.inboxes: list[Connection] = []  # parent → worker
        self.outboxes: list[Connection] = []  # worker → parent
        self.plans: list[list[int]] = []  # the parts of each worker
        self.feeders: list[threading.Thread] = []
        self.feed_errors: list[BaseException] = []

    @classmethod
    def start(cls, count: int, bounds: Sequence[int], common: int) -> _Workers | None:
        workers = cls(bounds)
        parts = len(bounds) - 1
        context = mp.get_context("spawn")
        try:
            _start_resource_tracker()
            for worker in range(count):
                mine = [part for part in range(parts) if part * count // parts == worker]
                spans = [(bounds[part], bounds[part + 1]) for part in mine]
                inbox_out, inbox_in = context.Pipe(duplex=False)
                outbox_out, outbox_in = context.Pipe(duplex=False)
                process = context.Process(
                    target=_work,
                    args=(inbox_out, outbox_in, mine, spans, common),
                    name=f"newsreader-index-{worker}",
                    daemon=True,
                )
                workers.inboxes.append(inbox_in)
                workers.outboxes.append(outbox_out)
                workers.plans.append(mine)
                process.start()
                workers.processes.append(process)
                inbox_out.close()
                outbox_in.close()
        except Exception:  # no processes or pipes to be had: the caller works alone
            workers.close()
            return None
        return workers

    def tokenise(
        self,
        articles: Sequence[Article],
        order: Sequence[int] | None,
        body_of: BodyOf,
        progress: Progress | None,
        meanwhile: Callable[[], None] | None,
    ) -> list[PartResult] | None:
        bounds = self.bounds
        size = bounds[-1]
        for worker, (inbox, mine) in enumerate(zip(self.inboxes, self.plans, strict=True)):
            pieces = [piece for part in mine for piece in _pieces(bounds[part], bounds[part + 1])]
            feeder = threading.Thread(
                target=_feed,
                args=(inbox, articles, order, pieces, body_of, self.feed_errors),
                name=f"newsreader-index-feeder-{worker}",
                daemon=True,
            )
            feeder.start()
            self.feeders.append(feeder)
        if meanwhile is not None:
            meanwhile()
        results: list[PartResult | None] = [None] * (len(bounds) - 1)
        waiting = {conn: len(mine) for conn, mine in zip(self.outboxes, self.plans, strict=True)}
        done = 0
        while waiting:
            for conn in wait(list(waiting)):
                message = self._receive(conn)
                if message is None:
                    return None
                if message[0] == "done":
                    done += message[1]
                    if progress is not None:
                        progress(min(done, size - 1), size)
                elif message[0] == "part":
                    results[message[1]] = message[2]
                    waiting[conn] -= 1
                    if not waiting[conn]:
                        del waiting[conn]
                else:
                    return None
        for feeder in self.feeders:
            feeder.join()
        self.feeders.clear()
        if self.feed_errors:
            raise self.feed_errors[0]  # the body loader failed, as it would have here
        return results  # type: ignore[return-value]

    def ask_tables(self, vocab: list[str]) -> bool:
        """Ask each worker for the tables of a slice of ``vocab``."""
        count = len(self.inboxes)
        cuts = [len(vocab) * worker // count for worker in range(count + 1)]
        try:
            for inbox, (start, stop) in zip(self.inboxes, pairwise(cuts), strict=True):
                inbox.send(("tables", start, "\n".join(vocab[start:stop])))
        except (OSError, ValueError):
            return False
        return True

    def tables(self) -> list[Tables] | None:
        found = []
        for conn in self.outboxes:
            message = self._receive(conn)
            if message is None or message[0] != "tables":
                return None
            found.append(message[1])
        return found

    @staticmethod
    def _receive(conn: Connection) -> Any:
        try:
            return conn.recv()
        except (EOFError, OSError):
            return None  # the worker died

    def close(self) -> None:
        for inbox in self.inboxes:  # a worker waiting for work ends when its inbox closes
            with contextlib.suppress(OSError):
                inbox.close()
        for process in self.processes:
            process.join(2)
            if process.is_alive():
                process.terminate()  # then a feeder blocked writing to it fails (EPIPE)
                process.join()
        for feeder in self.feeders:
            feeder.join()
        for conn in self.outboxes:
            conn.close()
        for process in self.processes:
            process.close()
        self.processes.clear()
        self.inboxes.clear()
        self.outboxes.clear()
        self.feeders.clear()


class _NoFileno:
    """A stream as it is, except that it has no file descriptor."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def fileno(self) -> int:
        raise OSError("no file descriptor")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (spawning a process needs it) if it is not.

    It is handed ``sys.stderr``'s descriptor, and fails to start ("bad value(s) in fds_to_keep")
    when that is not a real one — under Textual, whose captured stderr says -1. It is then
    started with no stderr at all (its rare warnings would only garble the screen).
    """
    from multiprocessing import resource_tracker

    stream = sys.stderr
    try:
        usable = stream is not None and stream.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        resource_tracker.ensure_running()
        return
    sys.stderr = _NoFileno(stream)  # type: ignore[assignment]
    try:
        resource_tracker.ensure_running()
    finally:
        if isinstance(sys.stderr, _NoFileno):
            sys.stderr = stream


def _feed(
    conn: Connection,
    articles: Sequence[Article],
    order: Sequence[int] | None,
    pieces: list[tuple[int, int]],
    body_of: BodyOf,
    errors: list[BaseException],
) -> None:
    """Send a worker its documents, a piece at a time (blocks while the worker is busy)."""
    try:
        for first, last in pieces:
            docs = _documents(articles, order, first, last)
            texts: list[str] = []
            for article in docs:
                texts.append(meta_text(article))
                texts.append(body_text(article, body_of(article)))
            lengths = array("I", map(len, texts))
            payload = "".join(texts).encode("utf-16-le", "surrogatepass")
            del texts, docs
            conn.send((first, lengths))
            conn.send_bytes(payload)
            del payload
    except (OSError, ValueError):  # the worker is gone, or we are shutting down
        pass
    except Exception as error:  # the body loader's: the worker then waits for nothing
        errors.append(error)
        with contextlib.suppress(OSError):
            conn.close()


def _work(
    inbox: Connection, outbox: Connection, parts: list[int], spans: list[tuple], common: int
) -> None:
    """A worker process: tokenise the documents of ``parts`` as they arrive, then make the
    tables of the vocabulary slice it is sent."""
    gc.disable()
    try:
        tokeniser = Tokeniser()
        for number, (part, (start, stop)) in enumerate(zip(parts, spans, strict=True)):
            tokeniser.start_part(start)
            doc = start
            while doc < stop:
                first, lengths = inbox.recv()
                text = inbox.recv_bytes().decode("utf-16-le", "surrogatepass")
                ends = list(accumulate(lengths))
                texts = list(map(text.__getitem__, map(slice, chain((0,), ends), ends)))
                del text
                tokeniser.add(first, texts[0::2], texts[1::2])
                doc = first + len(texts) // 2
                outbox.send(("done", len(texts) // 2))
            reset = number + 1 < len(parts)
            outbox.send(("part", part, tokeniser.finish_part(stop - start, common, reset)))
        del tokeniser
        message = inbox.recv()
        if message[0] == "tables":
            _, first, text = message
            outbox.send(("tables", term_tables(first, text.split("\n") if text else [])))
    except EOFError:  # the parent is done with us
        pass
    except BaseException as error:  # reported to the parent, which carries on without workers
        with contextlib.suppress(OSError):
            outbox.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        outbox.close()
