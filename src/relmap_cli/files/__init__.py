"""The disk and git, apart from reading maps: atomic writes and a map's history."""
