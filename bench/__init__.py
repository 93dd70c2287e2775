"""`make bench`: the benchmark of the glossary API, kept out of the product.

Installed only by ``bench.settings``; nothing in the product imports it.
"""
