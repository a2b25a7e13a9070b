"""Polling mode: `python -m bot.telegram` (for a laptop or an intranet without inbound HTTPS).

Needs the gateway's settings (SAMSKAPING_RASA_URL, SAMSKAPING_USERDATA_URL,
SAMSKAPING_TRACKER_DB_URL) and SAMSKAPING_TELEGRAM_TOKEN, SAMSKAPING_TELEGRAM_SENDER_SECRET."""
from __future__ import annotations

import logging
import sys

from telegram import Update

from bot.settings import load_settings
from bot.telegram.application import build_application
from userdata.database import Database, use


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    all_settings = load_settings()
    use(Database(all_settings.userdata))
    settings = all_settings.gateway
    if settings.telegram_mode == "webhook":
        print("SAMSKAPING_TELEGRAM_MODE is webhook: the gateway receives the updates.", file=sys.stderr)
        return 2
    application = build_application(settings, None, webhook=False)
    # run_polling deletes any webhook first, then long-polls until SIGINT/SIGTERM.
    application.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=settings.telegram_poll_interval_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
