"""Starts the action server: ``python -m rasa_sdk_plugins.serve --actions actions --port 5055``.

rasa-sdk's own ``python -m rasa_sdk`` always serves from Sanic worker processes under a supervising
process, even for one worker. The supervisor imports the actions too (~180 MB on its own) and
takes a worker for dead when it has not reported ready within Sanic's fixed 30 s, which a busy
2-core machine can miss. With one worker (ACTION_SERVER_SANIC_WORKERS unset or 1) this serves the
same app, made by rasa-sdk's ``create_app_for_serve`` with the same arguments and plugins, in
Sanic's single-process mode; with several it hands over to rasa-sdk unchanged.
"""
from __future__ import annotations

import logging
import os

from rasa_sdk import utils
from rasa_sdk.__main__ import main_from_args
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app_for_serve, create_argument_parser, create_ssl_config
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic


def serve_single_process(args) -> None:
    # The same logging set-up as rasa_sdk.__main__.main_from_args.
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file,
                                 args.loglevel, args.logging_config_file)
    utils.update_sanic_log_level()

    executor = ActionExecutor()
    executor.register_package(args.actions_module or args.actions)
    app = create_app_for_serve(executor, cors_origins=args.cors, auto_reload=args.auto_reload,
                               endpoints=args.endpoints)
    ssl = create_ssl_config(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    app.prepare(host=os.environ.get("SANIC_HOST", "0.0.0.0"), port=args.port, ssl=ssl,
                single_process=True)
    Sanic.serve_single(primary=app)


def main() -> None:
    args = create_argument_parser().parse_args()
    if args.grpc or utils.number_of_sanic_workers() > 1:
        main_from_args(args)
    else:
        serve_single_process(args)


if __name__ == "__main__":
    main()
