"""FastAPI dependencies shared by the routers. Each can be replaced in a test with
``app.dependency_overrides[dependency] = …``."""
from collections.abc import AsyncIterator

from fastapi import Depends, Request

from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings, Settings
from userdata.database import Database, bound
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


async def use_request_database(database: Database = Depends(get_database)) -> AsyncIterator[Database]:
    """Every route runs with this (bot/app.py): userdata's functions, and the worker threads the
    route hands them to, work on the database `get_database` gives, so overriding that dependency
    moves a whole request to another database."""
    with bound(database):
        yield database


def get_rasa_client(request: Request, settings: GatewaySettings = Depends(get_settings)) -> RasaClient:
    return RasaClient(settings, request.app.state.http)
