"""How text is read, shared by every layer: line and column counting, JSON string literals, safe YAML.

Base layer: imports nothing of the package but ``errors`` and ``limits``.
"""
