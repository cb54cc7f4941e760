"""What the pytest plugin (:mod:`contract.pytest_plugin`) loads on demand: recordings as test items, the server fixture.

Layer: the top, beside the CLI; anything below may be imported.
"""
