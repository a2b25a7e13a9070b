"""FastAPI dependencies shared by the routers. Each can be replaced in a test with
``app.dependency_overrides[dependency] = …``."""
from collections.abc import Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings, Settings
from userdata.database import Database
from userdata.settings import UserdataSettings


def get_app_settings(request: Request) -> Settings:
    """The settings the app was made with (bot.app.create_app)."""
    return request.app.state.settings


def get_settings(settings: Settings = Depends(get_app_settings)) -> GatewaySettings:
    return settings.gateway


def get_userdata_settings(settings: Settings = Depends(get_app_settings)) -> UserdataSettings:
    return settings.userdata


def get_database(request: Request) -> Database:
    """The user-data database the app opened at start."""
    return request.app.state.database


def get_db_session(database: Database = Depends(get_database)) -> Iterator[Session]:
    """One transaction for the request: committed when the route returns, rolled back on error."""
    with database.session() as session:
        yield session


def get_rasa_client(request: Request, settings: GatewaySettings = Depends(get_settings)) -> RasaClient:
    return RasaClient(settings, request.app.state.http)
