"""Pure analyses over the account graph: result objects in, result objects out; no I/O."""
