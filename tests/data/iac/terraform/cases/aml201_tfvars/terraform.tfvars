public_access = true
