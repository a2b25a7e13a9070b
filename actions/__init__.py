"""Rasa custom actions, served by rasa-sdk (`python -m rasa_sdk_plugins.serve --actions actions`, one process; see there)."""
