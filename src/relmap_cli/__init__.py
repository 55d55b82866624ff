"""relmap: key-account relationship maps as YAML files in git."""

__version__ = "0.2.0"
