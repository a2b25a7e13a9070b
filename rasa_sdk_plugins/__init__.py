"""rasa-sdk's plugin hook (rasa_sdk/plugin.py imports a package called `rasa_sdk_plugins` and calls
its `init_hooks`), used for the one thing rasa-sdk 3.21 lacks, authentication, and to warm the knowledge base up
once the server is serving.

The action server runs any action for any sender it is asked to: a hand-made POST /webhook with
next_action=action_delete_user_data deleted another user's results, and action_show_result read
another user's scores. With this plugin every request except GET /health must carry
`Authorization: Bearer <SAMSKAPING_ACTION_TOKEN>`, which Rasa sends (endpoints.yml); others get
401. The server refuses to start without the secret, so it never runs open by default.

The folder is on the action server's path because it is started from the project folder
(`python -m rasa_sdk_plugins.serve --actions actions`, scripts/services.py). The second plugin serves the action
server's Prometheus metrics (metrics.py)."""
from __future__ import annotations

import gc
import hmac
import os
import threading

import pluggy
from sanic import Sanic, response

from rasa_sdk_plugins.metrics import PATH as METRICS_PATH
from rasa_sdk_plugins.metrics import ActionServerMetrics

TOKEN_VARIABLE = "SAMSKAPING_ACTION_TOKEN"
# /metrics is limited by client address instead (rasa_sdk_plugins/metrics.py).
OPEN_PATHS = {"/health", METRICS_PATH}

hookimpl = pluggy.HookimplMarker("rasa_sdk")


def expected_header() -> bytes:
    token = os.environ.get(TOKEN_VARIABLE, "")
    if len(token) < 16:
        raise RuntimeError(f"{TOKEN_VARIABLE} must be set (at least 16 characters): the action server "
                           "does not run without authentication")
    return f"Bearer {token}".encode()


class ActionServerAuth:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        expected = expected_header()

        @app.on_request
        async def require_token(request):
            if request.path in OPEN_PATHS:
                return None
            given = request.headers.get("Authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                return response.json({"error": "unauthorised"}, status=401)
            return None


class KnowledgeWarmUp:
    """Loads the knowledge base, the query model and the language models once the
    server serves (actions/answer_question.warm_up), so the first leader does not wait for them.
    Not before: a server still loading would answer no health check, and with several Sanic
    workers a worker not ready within Sanic's 30 s is taken for dead on a busy machine."""

    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        @app.after_server_start
        async def start_warm_up(app, _loop):
            threading.Thread(target=warm_up_and_freeze, name="knowledge-warmup", daemon=True).start()


def warm_up_and_freeze() -> None:
    from actions.answer_question import warm_up

    warm_up()
    # What the server holds from now on (~190,000 objects: actions, knowledge base, models) is set
    # aside from the garbage collector: each full collection walked it all, ~95 ms in which no
    # action ran.
    gc.collect()
    gc.freeze()


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(ActionServerAuth())
    manager.register(KnowledgeWarmUp())
    manager.register(ActionServerMetrics())
