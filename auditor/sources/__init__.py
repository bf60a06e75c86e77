"""Sources turn something outside (a live tenant, a snapshot file) into an Inventory."""
