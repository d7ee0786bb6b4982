"""Demo content of every app, loaded by `manage.py load_demo`.

The top of the layers, beside portal/: it imports the content apps, and nothing but the
command and the tests imports it.
"""
