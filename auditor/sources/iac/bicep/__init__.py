"""The Bicep reader: `reader.py` parses files (tree-sitter) and builds template resources,
`evaluate.py` evaluates expressions statically, `functions.py` the pure functions, `symbols.py`
what symbolic names stand for, `syntax.py` a parsed file."""
