"""newsreader: a terminal reader for folders of scraped Russian and Kazakh news articles."""

__version__ = "0.1.0"
