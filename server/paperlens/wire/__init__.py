"""Pydantic models generated from shared_schema/ by scripts/gen_models.py. Do not edit."""
