"""Code that the Rasa server loads by name from its own configuration files: the tracker store in
endpoints.yml and the logging filter in rasa-logging.yml.

It runs inside Rasa's virtualenv, or the official rasa/rasa image in docker-compose.yml, where the
project folder is on PYTHONPATH. So it uses only what Rasa itself ships (SQLAlchemy 1.4, the
standard library) and imports nothing else from the project.
"""
