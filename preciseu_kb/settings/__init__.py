"""Settings by environment: `dev` (default for manage.py), `test` and `prod`.

Every value that differs between machines comes from the environment; see README.
"""
