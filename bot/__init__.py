"""The gateway: the FastAPI app in front of Rasa (app factory in bot/app.py), serving the web chat
widget, the trainer pages and Telegram (bot/telegram/: webhook inside the gateway, or polling)."""
