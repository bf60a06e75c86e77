"""JSON Schemas of the file formats aml-audit reads and writes (data, not code)."""
