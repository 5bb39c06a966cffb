"""The index's compact storage: packed vocabulary, block-encoded postings, document bitsets."""

from __future__ import annotations

import bisect
import pickle
import random

from hypothesis import given
from hypothesis import strategies as st

from newsreader.search.docsets import bits_of, docs_of, span, union
from newsreader.search.store import BLOCK, DENSE, PostingStore, Vocabulary


def test_vocabulary_reads_like_a_sorted_list() -> None:
    terms = sorted(["иран", "иранды", "казакстан", "токаев", "zakon", "2026"])
    vocab = Vocabulary(terms)
    assert len(vocab) == len(terms)
    assert list(vocab) == terms
    assert [vocab[i] for i in range(len(terms))] == terms
    assert vocab[-1] == terms[-1]
    assert vocab[1:4] == terms[1:4]
    assert vocab[3:3] == []
    assert vocab[::2] == terms[::2]
    assert bisect.bisect_left(vocab, "иранга") == bisect.bisect_left(terms, "иранга")
    assert pickle.loads(pickle.dumps(vocab))[2] == terms[2]


def test_empty_vocabulary() -> None:
    vocab = Vocabulary([])
    assert len(vocab) == 0
    assert list(vocab) == []
    assert vocab[0:5] == []


@given(
    st.lists(st.sets(st.integers(0, 3 * BLOCK + 99), max_size=60), min_size=1, max_size=8),
    st.data(),
)
def test_postings_across_blocks_give_back_their_documents(lists, data) -> None:
    size = 3 * BLOCK + 100
    store = PostingStore(size)
    for docs in lists:
        store.append(sorted(docs) or None)
    for tid, docs in enumerate(lists):
        assert store.count(tid) == len(docs)
        assert docs_of(store.union([tid])) == sorted(docs)
    chosen = data.draw(st.sets(st.integers(0, len(lists) - 1)))
    expected = sorted(set().union(*(lists[t] for t in chosen)))
    assert docs_of(store.union(chosen)) == expected


def test_dense_postings_become_bitsets() -> None:
    size = 1000
    store = PostingStore(size)
    common = list(range(0, size, 2))
    store.append(common)
    store.append([5, 7])
    assert 0 in store.dense and 1 not in store.dense
    assert len(common) * DENSE > size
    assert docs_of(store.union([0, 1])) == sorted({*common, 5, 7})
    restored = pickle.loads(pickle.dumps(store))
    assert docs_of(restored.union([1])) == [5, 7]


def test_many_documents_in_one_block_use_the_byte_map_path() -> None:
    size = 2 * BLOCK + 10
    rng = random.Random(3)
    docs = sorted(rng.sample(range(size), 3000))
    store = PostingStore(size)
    store.append(docs)
    assert docs_of(store.union([0])) == docs


def test_docsets() -> None:
    assert docs_of(bits_of([3, 1, 200], 300)) == [1, 3, 200]
    many = list(range(0, 5000, 3))
    assert docs_of(bits_of(many, 5000)) == many
    assert docs_of(span(4, 8)) == [4, 5, 6, 7]
    assert span(5, 5) == 0
    assert docs_of(union([bits_of([1], 10), bits_of([2], 10)], 10)) == [1, 2]
    assert docs_of(0) == []


def test_index_split_into_many_blocks_finds_the_same(monkeypatch) -> None:
    import datetime as dt

    from newsreader import search
    from newsreader.article import Article, Published
    from newsreader.search import SearchIndex

    rng = random.Random(5)
    words = ["иран", "тоқаев", "палестина", "казахстан", "мир", "трамп", "хаменеи", "сенат"]
    corpus = [
        Article(
            id=str(i),
            path=f"/c/{i}.txt",
            title=" ".join(rng.sample(words, 2)),
            published=Published(dt.date(2026, 1, 1) + dt.timedelta(days=i % 40)),
            body=(" ".join(rng.choices(words, k=6)),),
            lang="kk" if i % 3 == 0 else "ru",
        )
        for i in range(70)
    ]
    queries = ["иран", "тоакев", "palestina", "мир -трамп", '"иран тоқаев"', "lang:kk сенат", ""]
    expected = {q: [h.index for h in SearchIndex.build(corpus).search(q).hits] for q in queries}
    monkeypatch.setattr(search.store, "BLOCK", 8)
    monkeypatch.setattr(search.store, "DENSE", 2)  # dense lists too, across blocks
    small = SearchIndex.build(corpus)
    assert small.lo.bounds == search.store.partition(70)
    assert small.lo.blocks == 10  # 70 documents in parts of at most 8, an even number of them
    assert small.lo.dense
    for query in queries:
        assert [h.index for h in small.search(query).hits] == expected[query], query


def test_counts_of_every_term() -> None:
    size = 2 * BLOCK + 5
    store = PostingStore(size)
    lists = [[1, 2, BLOCK + 3], [], list(range(0, size, 4)), [2 * BLOCK + 1]]
    for docs in lists:
        store.append(docs)
    assert list(store.counts()) == [len(docs) for docs in lists]
    assert [store.count(t) for t in range(4)] == [len(docs) for docs in lists]
