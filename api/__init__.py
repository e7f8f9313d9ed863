"""The HTTP query API: a SPARQL 1.1 Protocol endpoint and entity REST lookups.

The Flask app factory is :func:`api.app.create_app`; this package stays free
of heavy imports because query processes (:mod:`api.worker`) import it too.
"""
