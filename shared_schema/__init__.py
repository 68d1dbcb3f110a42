"""Marks shared_schema/ as a package so its JSON files ship in the wheel as `paperlens.schemas`."""
