"""The realistic import corpus of issue 11, one module per kind of file; make_files.py puts them together."""
