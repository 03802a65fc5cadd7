# Shared fixtures (personas, district) for src/ and tests/ live in a plugin module so both trees see them.
pytest_plugins = ["ecopermit.testing.fixtures"]
