"""FastAPI dependencies shared by the routers."""
from fastapi import Depends, Request

from bot.rasa_client import RasaClient
from bot.settings import GatewaySettings, get_settings


def get_rasa_client(request: Request, settings: GatewaySettings = Depends(get_settings)) -> RasaClient:
    return RasaClient(settings, request.app.state.http)
