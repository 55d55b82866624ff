"""Text -> validated model, or every problem located at its line and column.

`loader` is the only place that reads map files; the rest turns YAML events
into positioned data (`yamltree`), schema errors into plain words
(`schema_errors`) and checks the rules that span the whole map (`integrity`).
"""
