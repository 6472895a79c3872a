"""Asset checks, generated from the dataset declarations."""
