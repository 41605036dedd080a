"""newslint: a linter for scraped news text."""

__version__ = "0.1.0"
