"""The Telegram Bot API emulator (telegram-test-api from npm, started by start.js) and a test user
that talks to a bot through it, over the emulator's client HTTP API."""
from __future__ import annotations

import itertools
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from scripts.processes import free_port

HERE = Path(__file__).resolve().parent
BOT_USERNAME = "TestNameBot"  # what the emulator's getMe says
BOT_ID = 666


class Emulator:
    def __init__(self, log_path: Path):
        assert (HERE / "node_modules" / "telegram-test-api").is_dir(), \
            "telegram-test-api is not installed: run scripts/setup.sh (npm ci in tests/telegram_emulator)"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(log_path, "ab")
        self.process = subprocess.Popen(["node", "start.js", str(self.port)], cwd=HERE,
                                        stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.post(f"{self.url}/getUpdatesHistory", json={"token": "-"}, timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the Telegram emulator did not start; see {log_path}")

    def base_url(self) -> str:
        """What the bot uses as its Bot API base URL (the token is appended)."""
        return f"{self.url}/bot"

    def history(self, token: str) -> list[dict[str, Any]]:
        return httpx.post(f"{self.url}/getUpdatesHistory", json={"token": token}, timeout=10).json()["result"]

    def upload(self, file_id: str) -> bytes:
        response = httpx.get(f"{self.url}/uploads/{file_id}", timeout=10)
        response.raise_for_status()
        return response.content

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


_ids = itertools.count(1)


@dataclass
class User:
    """A Telegram user in a chat with the bot, as seen through the emulator."""

    emulator: Emulator
    token: str
    user_id: int
    chat_id: int | None = None
    chat_type: str = "private"

    def __post_init__(self):
        self.chat_id = self.chat_id if self.chat_id is not None else self.user_id

    @property
    def sender(self) -> dict[str, Any]:
        return {"id": self.user_id, "is_bot": False, "first_name": "Leder", "username": f"leder{self.user_id}"}

    @property
    def chat(self) -> dict[str, Any]:
        chat = {"id": self.chat_id, "type": self.chat_type}
        if self.chat_type == "private":
            chat.update(first_name="Leder", username=f"leder{self.user_id}")
        else:
            chat["title"] = "Ledergruppa"
        return chat

    def _message(self, **fields) -> dict[str, Any]:
        return {"botToken": self.token, "from": self.sender, "chat": self.chat, "date": int(time.time()), **fields}

    def bot_messages(self) -> list[dict[str, Any]]:
        """Every message the bot sent to this chat, oldest first (edits applied)."""
        return [item["message"] | {"message_id": item["messageId"]} for item in self.emulator.history(self.token)
                if "chat_id" in item.get("message", {}) and str(item["message"]["chat_id"]) == str(self.chat_id)]

    def send(self, text: str) -> None:
        if text.startswith("/"):
            command = text.split()[0]
            entities = [{"offset": 0, "length": len(command), "type": "bot_command"}]
            httpx.post(f"{self.emulator.url}/sendCommand", json=self._message(text=text, entities=entities), timeout=10)
        else:
            httpx.post(f"{self.emulator.url}/sendMessage", json=self._message(text=text), timeout=10)

    def send_raw(self, **fields) -> None:
        """A message without text: a sticker, a photo, a voice message…"""
        httpx.post(f"{self.emulator.url}/sendMessage", json=self._message(**fields), timeout=10)

    def press(self, message: dict[str, Any], title: str) -> None:
        """Presses the inline button `title` under one of the bot's messages."""
        buttons = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        data = next(b["callback_data"] for b in buttons if b["text"] == title)
        bot_message = {"message_id": message["message_id"], "date": int(time.time()), "chat": self.chat,
                       "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME},
                       "text": message.get("text", ""), "reply_markup": message["reply_markup"]}
        callback = {"botToken": self.token, "from": self.sender, "message": bot_message, "data": data,
                    "id": str(next(_ids))}
        httpx.post(f"{self.emulator.url}/sendCallback", json=callback, timeout=10)

    def wait_for(self, condition, seen: int = 0, timeout: float = 120) -> list[dict[str, Any]]:
        """Waits until the bot's messages after the first `seen` satisfy `condition`; returns them."""
        deadline = time.monotonic() + timeout
        new: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            new = self.bot_messages()[seen:]
            if new and condition(new):
                # The replies to one turn arrive one by one; give the rest a moment to follow.
                time.sleep(0.3)
                return self.bot_messages()[seen:]
            time.sleep(0.2)
        raise AssertionError(f"the bot did not answer as expected within {timeout} s; got {new!r}")
