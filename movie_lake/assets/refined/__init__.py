"""Refined assets: the star schema over every trusted partition, deduplicated."""
