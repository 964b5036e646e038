"""Physical audits: scan the devices of a site, compare with the inventory, correct in bulk."""
