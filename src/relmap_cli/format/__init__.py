"""The file format: record classes, their validators and JSON Schema, and dumping. No I/O."""
