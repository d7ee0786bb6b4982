"""Date formats for this project (FORMAT_MODULE_PATH), ahead of Django's own locale formats."""
