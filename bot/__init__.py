"""The gateway: FastAPI app in front of Rasa, serving the web chat and (later) Telegram."""
