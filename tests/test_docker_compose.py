"""docker-compose.yml runs the production shape that scripts/services.py defines: the same
programs, arguments, environment and health checks as the local run and the scale-out test, two
Rasa servers each wired to its own action server, PostgreSQL and Redis behind them, Prometheus
scraping the gateway and the action servers, and only the gateway published. No Docker engine runs
here, so compose itself is not started by the tests."""
import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from scripts.services import GatewayServer, RedisLockStore, RunSettings, ServiceSecrets, define

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
COMPOSE = COMPOSE_FILE["services"]
DEFAULTS = RunSettings()
REPLICAS = 2
# Compose fills ${...} in from the environment or --env-file; the same text stands in the URLs here.
POSTGRES = "samskaping:${POSTGRES_PASSWORD}@postgres:5432"
TRACKER_DB, USERDATA_DB = "samskaping_tracker", "samskaping_userdata"
EXPECTED = define(
    host="0.0.0.0",  # inside a container a service must listen on the compose network
    gateway_port=DEFAULTS.gateway_port,
    rasa_ports=[DEFAULTS.rasa_port] * REPLICAS,
    action_ports=[DEFAULTS.action_port] * REPLICAS,
    tracker_store_url=f"postgresql+psycopg://{POSTGRES}/{TRACKER_DB}",
    userdata_url=f"postgresql+psycopg://{POSTGRES}/{USERDATA_DB}",
    lock_store=RedisLockStore(host="redis", password="${REDIS_PASSWORD}", key_prefix="samskaping"),
    rasa_hosts=[f"rasa-{i}" for i in range(1, REPLICAS + 1)],
    action_hosts=[f"actions-{i}" for i in range(1, REPLICAS + 1)],
    # Compose requires both tokens (it refuses to start without them) and passes the proxy's address.
    service_secrets=ServiceSecrets("${SAMSKAPING_RASA_TOKEN:?set SAMSKAPING_RASA_TOKEN}",
                                   "${SAMSKAPING_ACTION_TOKEN:?set SAMSKAPING_ACTION_TOKEN}"),
    gateway_server=GatewayServer(forwarded_allow_ips="${SAMSKAPING_FORWARDED_ALLOW_IPS:-}"),
)
SERVERS = sorted(EXPECTED)
ONE_SHOT_JOBS = ("rasa-train", "knowledge-index")
OPERATIONS = ("prometheus",)
PROMETHEUS = yaml.safe_load((ROOT / "prometheus.yml").read_text())
KNOWLEDGE_DIR = "/var/lib/samskaping/knowledge"


def environment(name: str) -> dict[str, str]:
    return {key: str(value) for key, value in COMPOSE[name].get("environment", {}).items()}


def test_compose_runs_two_rasa_servers_two_action_servers_the_gateway_and_their_stores():
    assert sorted(EXPECTED) == ["actions-1", "actions-2", "gateway", "rasa-1", "rasa-2"]
    assert set(COMPOSE) == {*EXPECTED, "postgres", "redis", *ONE_SHOT_JOBS, *OPERATIONS}


@pytest.mark.parametrize("name", SERVERS)
def test_compose_command_matches_the_defined_command(name):
    service, command = EXPECTED[name], COMPOSE[name]["command"]
    if service.kind == "rasa":
        # The rasa/rasa image's entrypoint is `rasa`; compose replaces it with the same program
        # as the local run (python, which runs rasa_addons/run.py and then the `rasa` command).
        assert COMPOSE[name]["entrypoint"] == [service.program]
        assert command == service.args
        assert "--enable-api" not in command
    else:
        assert command == [service.program, *service.args]


@pytest.mark.parametrize("name", SERVERS)
def test_compose_environment_matches_the_defined_environment(name):
    assert environment(name).items() >= EXPECTED[name].env.items()


@pytest.mark.parametrize("name", SERVERS)
def test_each_server_is_health_checked_on_its_defined_path_and_restarted(name):
    service = EXPECTED[name]
    check = " ".join(COMPOSE[name]["healthcheck"]["test"])
    assert f"http://127.0.0.1:{service.port}{service.health_path}'" in check
    assert COMPOSE[name]["restart"] == "unless-stopped"


def test_the_databases_are_health_checked_and_restarted_and_the_jobs_run_once():
    for name in ("postgres", "redis", *OPERATIONS):
        assert COMPOSE[name]["healthcheck"]["test"]
        assert COMPOSE[name]["restart"] == "unless-stopped"
    for name in ONE_SHOT_JOBS:
        assert COMPOSE[name]["restart"] == "no"


def networks_of(name: str) -> set[str]:
    return set(COMPOSE[name].get("networks", []))


def who_reaches(name: str) -> set[str]:
    """The services that share a network with ``name`` (containers on one network reach each other)."""
    return {other for other in COMPOSE if other != name and networks_of(other) & networks_of(name)}


def test_only_the_gateway_is_published_and_everything_else_is_on_internal_networks():
    gateway = EXPECTED["gateway"]
    assert COMPOSE["gateway"]["ports"] == [f"{gateway.port}:{gateway.port}"]
    for name, network in COMPOSE_FILE["networks"].items():
        assert network.get("internal") is True or name == "edge", name
    for name, service in COMPOSE.items():
        if name == "gateway":
            continue
        assert "ports" not in service, name
        assert "edge" not in networks_of(name), name
        assert networks_of(name) or service.get("network_mode") == "none", name
    for name in SERVERS:
        if name != "gateway":
            assert COMPOSE[name]["expose"] == [str(EXPECTED[name].port)]
    # The gateway also needs a network with a way out: Telegram's API and the published port.
    assert "edge" in networks_of("gateway")


def test_only_the_gateway_reaches_rasa_and_only_rasa_reaches_the_action_servers():
    """Issue 14, finding 6: every container on the one `backend` network could call Rasa's REST
    channel and the action server's webhook."""
    rasa_servers = {f"rasa-{i}" for i in range(1, REPLICAS + 1)}
    action_servers = {f"actions-{i}" for i in range(1, REPLICAS + 1)}
    for rasa in rasa_servers:
        assert who_reaches(rasa) - {"postgres", "redis"} <= {"gateway"} | rasa_servers | action_servers
        # The action servers share a network with Rasa only to be called by it; Rasa checks the
        # gateway's token and the action servers check Rasa's.
    for actions in action_servers:
        assert who_reaches(actions) - {"postgres", "prometheus"} <= rasa_servers | action_servers
        assert "gateway" not in who_reaches(actions)
    assert who_reaches("gateway") - {"postgres", "redis", "prometheus"} == rasa_servers
    # Prometheus scrapes; it reaches nothing that could answer a user or hold their data.
    assert who_reaches("prometheus") == {"gateway"} | action_servers


def test_the_services_authenticate_each_other_with_tokens_compose_requires():
    for i in range(1, REPLICAS + 1):
        rasa, actions = environment(f"rasa-{i}"), environment(f"actions-{i}")
        assert rasa["SAMSKAPING_RASA_TOKEN"] == environment("gateway")["SAMSKAPING_RASA_TOKEN"]
        assert rasa["SAMSKAPING_ACTION_TOKEN"] == actions["SAMSKAPING_ACTION_TOKEN"]
        assert ":?" in rasa["SAMSKAPING_ACTION_TOKEN"] and ":?" in rasa["SAMSKAPING_RASA_TOKEN"]
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    assert credentials == {"rasa_addons.rest_channel.GatewayRestInput": {"token": "${SAMSKAPING_RASA_TOKEN}"}}
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"]["headers"] == {"Authorization": "Bearer ${SAMSKAPING_ACTION_TOKEN}"}


def test_the_images_run_as_a_user_without_root():
    dockerfile = (ROOT / "Dockerfile").read_text().splitlines()
    users = [line.split()[1] for line in dockerfile if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    long_running = [name for name in COMPOSE if name not in ONE_SHOT_JOBS]
    assert not [name for name in long_running if COMPOSE[name].get("user") in ("root", "0")]


@pytest.mark.parametrize("index", range(1, REPLICAS + 1))
def test_each_rasa_server_talks_to_its_own_action_server_and_waits_for_it(index):
    rasa, actions = f"rasa-{index}", f"actions-{index}"
    assert urlsplit(environment(rasa)["ACTION_SERVER_URL"]).hostname == actions
    depends = COMPOSE[rasa]["depends_on"]
    assert depends[actions]["condition"] == "service_healthy"
    assert depends["rasa-train"]["condition"] == "service_completed_successfully"
    for store in ("postgres", "redis"):
        assert depends[store]["condition"] == "service_healthy"


def test_the_gateway_spreads_over_every_rasa_server_and_waits_for_them():
    urls = environment("gateway")["SAMSKAPING_RASA_URLS"].split(",")
    assert [urlsplit(url).hostname for url in urls] == [f"rasa-{i}" for i in range(1, REPLICAS + 1)]
    for i in range(1, REPLICAS + 1):
        assert COMPOSE["gateway"]["depends_on"][f"rasa-{i}"]["condition"] == "service_healthy"


def test_the_tracker_store_and_user_data_are_postgresql_databases_that_the_postgres_service_creates():
    postgres = environment("postgres")
    assert postgres["POSTGRES_USER"] == "samskaping"
    assert postgres["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD")
    assert postgres["POSTGRES_DB"] == USERDATA_DB
    init = COMPOSE_FILE["configs"][COMPOSE["postgres"]["configs"][0]["source"]]["content"]
    assert f"CREATE DATABASE {TRACKER_DB} OWNER samskaping" in init
    # Rasa (SQLAlchemy 1.4) speaks psycopg2, the main environment psycopg 3.
    assert environment("rasa-1")["RASA_TRACKER_STORE_URL"] == f"postgresql+psycopg2://{POSTGRES}/{TRACKER_DB}"
    assert environment("gateway")["SAMSKAPING_TRACKER_DB_URL"] == f"postgresql+psycopg://{POSTGRES}/{TRACKER_DB}"
    for name in ("actions-1", "actions-2", "gateway"):
        assert environment(name)["SAMSKAPING_USERDATA_URL"] == f"postgresql+psycopg://{POSTGRES}/{USERDATA_DB}"
    for name in ("actions-1", "actions-2"):
        assert COMPOSE[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_rasa_locks_conversations_in_the_password_protected_redis():
    redis = COMPOSE["redis"]
    assert "--requirepass" in " ".join(redis["command"])
    assert environment("redis")["REDIS_PASSWORD"].startswith("${REDIS_PASSWORD")
    for i in range(1, REPLICAS + 1):
        env = environment(f"rasa-{i}")
        assert env["RASA_LOCK_STORE"] == "redis" and env["RASA_LOCK_STORE_HOST"] == "redis"
        assert env["RASA_LOCK_STORE_PASSWORD"] == "${REDIS_PASSWORD}"


def test_the_gateway_counts_its_rate_limits_in_the_same_password_protected_redis():
    url = urlsplit(environment("gateway")["SAMSKAPING_RATE_LIMIT_STORAGE_URL"])
    assert (url.scheme, url.hostname, url.port, url.password) == ("redis", "redis", 6379, "${REDIS_PASSWORD}")
    assert "redis" in who_reaches("gateway")


def test_the_knowledge_index_is_built_once_and_read_by_every_action_server():
    job = COMPOSE["knowledge-index"]
    assert job["command"] == ["python", "-m", "knowledge", "build"]
    assert environment("knowledge-index")["SAMSKAPING_CACHE_DIR"] == KNOWLEDGE_DIR
    assert job["volumes"] == [f"knowledge:{KNOWLEDGE_DIR}"]
    for i in range(1, REPLICAS + 1):
        actions = COMPOSE[f"actions-{i}"]
        assert actions["volumes"] == [f"knowledge:{KNOWLEDGE_DIR}:ro"]
        assert environment(f"actions-{i}")["SAMSKAPING_CACHE_DIR"] == KNOWLEDGE_DIR
        assert actions["depends_on"]["knowledge-index"]["condition"] == "service_completed_successfully"


def test_the_rasa_model_is_trained_once_and_read_by_every_rasa_server():
    assert "rasa-models:/app/models" in COMPOSE["rasa-train"]["volumes"]
    for i in range(1, REPLICAS + 1):
        assert "rasa-models:/app/models:ro" in COMPOSE[f"rasa-{i}"]["volumes"]


def test_every_rasa_server_has_the_files_and_the_code_its_configuration_names():
    # Rasa would keep conversations in memory, silently, if it could not import the tracker store.
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    package = endpoints["tracker_store"]["type"].split(".")[0]
    assert (ROOT / package / "__init__.py").exists()
    for i in range(1, REPLICAS + 1):
        volumes = COMPOSE[f"rasa-{i}"]["volumes"]
        for needed in ("endpoints.yml", "credentials.yml", "rasa-logging.yml", package):
            assert f"./{needed}:/app/{needed}:ro" in volumes, needed
        assert environment(f"rasa-{i}")["PYTHONPATH"] == "."


def test_the_gateway_serves_telegram_by_webhook_with_secrets_from_the_environment():
    env = environment("gateway")
    assert env["SAMSKAPING_TELEGRAM_MODE"] == "webhook"
    for secret in ("TOKEN", "WEBHOOK_SECRET", "WEBHOOK_URL", "SENDER_SECRET"):
        assert env[f"SAMSKAPING_TELEGRAM_{secret}"].startswith(f"${{SAMSKAPING_TELEGRAM_{secret}"), secret


def scrape_targets() -> dict[str, list[str]]:
    return {job["job_name"]: [target for config in job["static_configs"] for target in config["targets"]]
            for job in PROMETHEUS["scrape_configs"]}


def test_prometheus_scrapes_the_gateway_and_every_action_server_on_their_ports():
    assert COMPOSE["prometheus"]["image"].startswith("prom/prometheus:")
    assert "./prometheus.yml:/etc/prometheus/prometheus.yml:ro" in COMPOSE["prometheus"]["volumes"]
    targets = scrape_targets()
    assert targets["gateway"] == [f"gateway:{EXPECTED['gateway'].port}"]
    assert targets["actions"] == [f"{name}:{EXPECTED[name].port}" for name in SERVERS if EXPECTED[name].kind == "actions"]
    assert all(job.get("metrics_path", "/metrics") == "/metrics" for job in PROMETHEUS["scrape_configs"])
    for target in (*targets["gateway"], *targets["actions"]):
        assert target.split(":")[0] in who_reaches("prometheus")


def subnet(network: str) -> ipaddress.IPv4Network:
    return ipaddress.ip_network(COMPOSE_FILE["networks"][network]["ipam"]["config"][0]["subnet"])


@pytest.mark.parametrize("name", ["gateway", "actions-1", "actions-2"])
def test_metrics_are_served_only_to_the_network_prometheus_scrapes_from(name):
    shared = networks_of(name) & networks_of("prometheus")
    assert len(shared) == 1
    allowed = environment(name)["SAMSKAPING_METRICS_ALLOWED_NETWORKS"].split(",")
    assert [ipaddress.ip_network(network) for network in allowed] == [subnet(shared.pop())]
