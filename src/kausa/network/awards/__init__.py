"""Awards ("Unternehmen mit Kultur"): yearly editions, nominations, jury, ceremony, results.

A package beside the company network: its own selectors, services, forms and views. The
models stay in ``kausa.network.models`` (and its migrations), the URL names in the
``network`` namespace and the templates under ``network/``, so no address changes.
"""
