"""Assets grouped by layer: raw, trusted, refined (and analytics)."""
