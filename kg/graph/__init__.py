"""The RDF knowledge graph: IRIs, extraction-to-RDF conversion, the store, builds."""
