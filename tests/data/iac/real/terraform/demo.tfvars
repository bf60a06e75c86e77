# Synthesised for the tests (not from the source repository): the quickstarts' one required
# variable, as `terraform apply -var-file` would give it.
name = "demo"
