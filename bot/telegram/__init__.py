"""The advisor in Telegram, built on python-telegram-bot's Application.

- `render.py`: the one message model (bot.messages) as Telegram HTML messages: escaping, splitting
  under Telegram's 4,096 characters, compact citations, inline keyboards.
- `senders.py`: the pseudonymous Rasa sender id of a Telegram user.
- `handlers.py`: commands, free text, button presses, and the things the advisor cannot read.
- `courses.py`: /kurs – joining a trainer's course with its code (or deep link), and leaving it.
- `application.py`: builds the Application for polling or for the gateway's webhook.
- `python -m bot.telegram`: polling mode.
"""
