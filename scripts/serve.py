"""Start the action server, Rasa and the gateway, and keep them running until Ctrl-C."""
from __future__ import annotations

import os
import signal
import sys
import time

from scripts.processes import RunningService, ServiceFailed
from scripts.services import SECRETS_FILE, RunSettings, local

# The action server loads the embedding model and index; Rasa loads its model. Both take a while
# on a 2-core machine, far less than this.
START_TIMEOUT_SECONDS = 300


def main() -> int:
    settings = RunSettings()
    # Conversations, user data and logs: this user's alone (services start with umask 077 too).
    os.umask(0o077)
    settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    settings.data_dir.chmod(0o700)
    running: list[RunningService] = []

    def stop_all(*_):
        for service in reversed(running):
            service.stop()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop_all)
    services = local(settings)
    # This run's tokens, for a process started beside it (`python -m bot.telegram` in polling mode
    # reads this file as its settings do .env); readable by this user only.
    secrets_file = settings.data_dir / SECRETS_FILE
    secrets_file.unlink(missing_ok=True)
    with os.fdopen(os.open(secrets_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
        out.write(f"SAMSKAPING_RASA_TOKEN={services['gateway'].env['SAMSKAPING_RASA_TOKEN']}\n")
    try:
        # All at once: none needs another to start (the gateway and Rasa find theirs when a message
        # comes), and Rasa's ~20 s of loading its model then hides the others' start.
        started = time.monotonic()
        for name, service in services.items():
            print(f"Starting {name} on port {service.port} (log: var/logs/{name}.log) …", flush=True)
            running.append(RunningService(service, settings.data_dir / "logs" / f"{name}.log"))
        for service in running:
            service.wait_until_healthy(START_TIMEOUT_SECONDS - (time.monotonic() - started))
            print(f"  {service.service.name} is up ({time.monotonic() - started:.0f} s)", flush=True)
        print(f"\nSamskapingsrådgiveren is running: http://localhost:{settings.gateway_port}/  (Ctrl-C stops it)\n", flush=True)
        while all(s.process.poll() is None for s in running):
            time.sleep(1)
        failed = [s.service.name for s in running if s.process.poll() is not None]
        print(f"Stopped: {', '.join(failed)} exited; see var/logs/.", file=sys.stderr)
        return 1
    except ServiceFailed as error:
        print(f"Could not start: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for service in reversed(running):
            service.stop()


if __name__ == "__main__":
    sys.exit(main())
