"""One package per kind of mention: its rule data, its spaCy components, its normalizer."""
