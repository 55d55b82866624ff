"""Result objects -> text for terminals, machines, browsers and CI logs.

Every string that came from a map goes through `safe` before it is shown.
"""
