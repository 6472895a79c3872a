"""Trusted assets: landed files parsed, typed and validated, one partition per landed file."""
