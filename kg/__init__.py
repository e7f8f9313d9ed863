"""kg: a knowledge-graph builder for Chinese government and party news."""

__version__ = "0.1.0"
