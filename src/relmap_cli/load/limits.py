"""Size limits on what relmap reads, shared by the loader and the command-line options."""

from __future__ import annotations

DEFAULT_MAX_BYTES = 32 * 1024 * 1024  # far above any real account map; the 5,000-person benchmark map is 5 MB
MAX_BYTES_CEILING = 2**31  # the largest limit one may ask for (2 GiB)
MAX_BYTES_ENV = "RELMAP_MAX_BYTES"
# A map nests six levels at most (map > client > person > interests > needs > text).
# Parsing stops at this depth, before libyaml's own limit (PyYAML 6.0.4) or its
# quadratic flow scan (6.0.1-6.0.3) come into play, so every version behaves alike.
MAX_DEPTH = 64
# Problems listed per file: the first ones by position, then one line saying how many more.
# An 11 MB file of mistakes would otherwise print 800,000 lines and hold them all in memory.
MAX_PROBLEMS = 200
