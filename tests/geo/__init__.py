"""Tests of the geo package: gazetteer data, postcodes, names and spatial queries."""
