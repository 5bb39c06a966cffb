"""``make bench``: synthetic corpora shaped like the seeds, and the library's performance figures.

* :mod:`bench.synth` writes deterministic corpora (Russian and Kazakh articles with the seeds'
  furniture, a vocabulary of several hundred thousand word forms, typos, recurring names);
* :mod:`bench.measure` times whole processes (with the peak RSS of their process tree);
* :mod:`bench.phases` measures in a fresh interpreter what needs one: per-keystroke search on a
  library, and the headless TUI, warm and cold;
* :mod:`bench.__main__` runs the command line (cold, warm beside ``rg``, files added and
  removed) and the phases for each corpus size, prints a table beside the targets and writes
  the same figures as JSON;
* :mod:`bench.search_bench` is the search engine's own benchmark (an index in memory).
"""
