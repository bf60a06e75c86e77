"""Infrastructure code read for `aml-audit lint`: ARM JSON, Bicep, Terraform and Azure ML CLI v2
YAML, each mapped by its own reader (one module per format) into the ARM-shaped resources of
`model.py`, so the same rules judge templates and live estates."""
