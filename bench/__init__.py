"""``make bench``: synthetic corpora shaped like the seeds, and the figures issue 6 asks for.

* :mod:`bench.synth` writes deterministic corpora (Russian and Kazakh articles with the seeds'
  furniture, a vocabulary of several hundred thousand word forms, typos, recurring names);
* :mod:`bench.phases` measures one phase (cold load, warm load, index and search, headless TUI,
  ``--list``) in a fresh interpreter, so each figure includes its own imports and peak RSS;
* :mod:`bench.__main__` runs the phases for each corpus size, compares search with ``fzf``
  when it is installed, prints a table beside the targets and writes the same figures as JSON.
"""
