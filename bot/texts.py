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
ERROR_DAILY_LIMIT = ("Samtalen har nådd det som kan lagres for én dag. Prøv igjen i morgen, "
                     "eller start en ny samtale.")
ERROR_SENDER_MISSING = "Send samtalens id i feltet X-Samskaping-Sender."
ERROR_CROSS_SITE = "Skjemaet ble sendt fra en annen nettside. Åpne kursholdersidene direkte og prøv igjen."
ERROR_METRICS_FORBIDDEN = ("Driftsmålingene vises bare for interne adresser "
                           "(SAMSKAPING_METRICS_ALLOWED_NETWORKS).")

# Telegram (bot/telegram/).
TELEGRAM_WELCOME = (
    "Hei! Jeg er <b>Samskapingsrådgiveren</b>. Jeg svarer på spørsmål om å lede samskaping i "
    "kommunen, med sitater fra to norske masteroppgaver og kilden (kapittel og tittel).\n\n"
    "Dette kan jeg:\n"
    "• svare på spørsmål – skriv for eksempel «Hva betyr samskaping?»\n"
    "• /sjekk – er dere klare for samskaping? 15 spørsmål, resultat med diagram\n"
    "• /plan – sjekkliste for å gi fra deg styringen, plan som dokument\n"
    "• /resultat – vis resultatet ditt igjen\n"
    "• /kurs KODE – bli med i kurset til kursholderen din (/kurs alene viser kurset ditt)\n"
    "• /language – English or Norwegian\n"
    "• /hjelp – denne oversikten\n\n"
    "<b>Personvern:</b> Samtalen, resultatene og planene dine lagres hos kommunen under en "
    "pseudonym id (ikke Telegram-id-en din), og brukes bare til å svare deg. "
    "/slett sletter alt, etter at du har bekreftet."
)
TELEGRAM_LANGUAGE = "Hvilket språk vil du ha svar på? / Which language would you like?"
TELEGRAM_UNSUPPORTED = {
    "sticker": "Fin sticker! 😊 Jeg forstår bare tekst – skriv gjerne et spørsmål.",
    "photo": "Jeg kan ikke se bilder. Skriv gjerne spørsmålet ditt som tekst.",
    "voice": "Jeg kan ikke lytte til lydmeldinger. Skriv gjerne spørsmålet ditt som tekst.",
    "other": "Jeg forstår bare tekst. Skriv gjerne et spørsmål, eller se /hjelp.",
}
TELEGRAM_EDITED = "Jeg ser ikke endringer i meldinger. Send heller en ny melding."
TELEGRAM_UNKNOWN_COMMAND = "Den kommandoen kjenner jeg ikke. Se /hjelp for det jeg kan."
TELEGRAM_SLOW_DOWN = "Du sender veldig mange meldinger på kort tid. Vent litt, så svarer jeg igjen. 🙏"
TELEGRAM_PASSAGE_GONE = "Jeg har ikke lenger dette utdraget. Still spørsmålet på nytt, så får du kildene igjen."
TELEGRAM_FILE_GONE = "Fant ikke filen. Den kan være slettet."

# What participants are told about joining and leaving a course is the same in every channel:
# userdata/cohort_texts.py.
