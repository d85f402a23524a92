"""Peewee over one SQLite file: setup, migrations, models and the queries that return domain records."""
