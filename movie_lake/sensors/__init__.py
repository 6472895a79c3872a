"""Sensors: the landing sensor that turns new landed objects into raw runs."""
