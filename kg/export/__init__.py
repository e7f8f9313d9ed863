"""Exports of the graph store: RDF serializations, CSV tables, network files for Gephi."""
