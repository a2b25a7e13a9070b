"""What the gateway itself says to users (everything else comes from Rasa)."""

APOLOGY_UNAVAILABLE = (
    "Beklager, rådgiveren er ikke tilgjengelig akkurat nå. Prøv igjen om litt – "
    "samtalen din er tatt vare på."
)
ERROR_EMPTY = "Meldingen er tom. Skriv et spørsmål, for eksempel «Hva betyr samskaping?»."
ERROR_TOO_LONG = "Meldingen er for lang (høyst {limit} tegn). Del den gjerne opp i kortere spørsmål."
ERROR_BODY_TOO_LARGE = "Forespørselen er for stor (høyst {limit} byte)."
ERROR_NOT_JSON = "Forespørselen er ikke gyldig JSON i UTF-8. Send {\"sender\": \"...\", \"message\": \"...\"}."
ERROR_INVALID = "Forespørselen mangler eller har ugyldige felt."
ERROR_RATE_LIMITED = "Du sender meldinger veldig raskt. Vent {seconds} sekunder og prøv igjen."
