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

# Cohorts (bot/routers/cohort.py, /kurs in Telegram).
ERROR_UNKNOWN_COHORT_CODE = "Fant ingen kurs med den koden. Sjekk koden du fikk av kursholderen (6 tegn, for eksempel K7M2QX)."
ERROR_COHORT_FULL = "Kurset er fullt: alle plassene kursholderen har laget, er tatt. Be kursholderen om en plass."
ERROR_COHORT_CLOSED = "Kurset er avsluttet, så ingen kan bli med lenger."
ERROR_JOIN_LOCKED = ("Det er prøvd for mange kurskoder herfra i det siste. Vent {seconds} sekunder og prøv igjen, "
                     "eller be kursholderen om lenken.")

# /kurs in Telegram (bot/telegram/courses.py). HTML parse mode: {name} arrives escaped.
TELEGRAM_COURSE = {
    "nb": {
        "joined": "Du er nå med i kurset <b>«{name}»</b>, med deltakernummer <b>{label}</b>. Kursholderen ser bare tall "
                  "for hele gruppen (hvor mange som er i hvert nivå), først når minst 5 deltakere har bidratt og høyst "
                  "én gang i døgnet – aldri svarene dine eller samtalen.\n\nForlat kurset med /kurs forlat.",
        "moved": "Du er nå med i kurset <b>«{name}»</b>, og ikke lenger i «{old}».\n\nForlat kurset med /kurs forlat.",
        "already": "Du er allerede med i kurset <b>«{name}»</b>. Forlat det med /kurs forlat.",
        "member": "Du er med i kurset <b>«{name}»</b>, med deltakernummer <b>{label}</b>. Kursholderen ser bare tall "
                  "for hele gruppen.\n\n"
                  "Forlat kurset med /kurs forlat. /slett sletter alt om deg og tar deg også ut av kurset.",
        "none": "Du er ikke med i noe kurs. Har du fått en kode av kursholderen, send /kurs og koden, "
                "for eksempel /kurs K7M2QX.",
        "left": "Du er ikke lenger med i kurset «{name}». Resultatene og planene dine er fortsatt dine.",
        "left_none": "Du er ikke med i noe kurs, så det er ikke noe å forlate.",
        "unknown": ERROR_UNKNOWN_COHORT_CODE,
        "full": ERROR_COHORT_FULL,
        "closed": ERROR_COHORT_CLOSED,
        "locked": "Du har prøvd for mange kurskoder i det siste. Vent en time og prøv igjen, eller be kursholderen om lenken.",
        "ask": "Vil du bli med i kurset <b>«{name}»</b>? Kursholderen ser bare tall for hele gruppen, og først når "
               "minst 5 deltakere har bidratt – aldri svarene dine eller samtalen. Du kan forlate kurset når du vil.",
        "yes": "Bli med",
        "no": "Nei takk",
        "declined": "Greit, du er ikke med i kurset. Du kan bli med senere med /kurs {code}.",
    },
    "en": {
        "joined": "You are now in the course <b>«{name}»</b>, with member number <b>{label}</b>. The trainer sees only "
                  "figures for the whole group (how many are in each band), only once at least 5 participants have "
                  "contributed and at most once a day – never your answers or the conversation."
                  "\n\nLeave the course with /kurs leave.",
        "moved": "You are now in the course <b>«{name}»</b>, and no longer in «{old}».\n\n"
                 "Leave the course with /kurs leave.",
        "already": "You are already in the course <b>«{name}»</b>. Leave it with /kurs leave.",
        "member": "You are in the course <b>«{name}»</b>, with member number <b>{label}</b>. The trainer sees only "
                  "figures for the whole group.\n\n"
                  "Leave the course with /kurs leave. /slett deletes everything about you and also takes you out.",
        "none": "You are not in a course. If your trainer gave you a code, send /kurs and the code, "
                "for example /kurs K7M2QX.",
        "left": "You are no longer in the course «{name}». Your results and plans are still yours.",
        "left_none": "You are not in a course, so there is nothing to leave.",
        "unknown": "No course has that code. Check the code your trainer gave you (6 characters, for example K7M2QX).",
        "full": "That course is full: every seat the trainer made is taken. Ask your trainer for a seat.",
        "closed": "That course is closed, so nobody can join it any more.",
        "locked": "You have tried too many course codes lately. Wait an hour and try again, or ask your trainer for the link.",
        "ask": "Do you want to join the course <b>«{name}»</b>? The trainer sees only figures for the whole group, and "
               "only once at least 5 participants have contributed – never your answers or the conversation. "
               "You can leave whenever you like.",
        "yes": "Join",
        "no": "No thanks",
        "declined": "All right, you are not in the course. You can join later with /kurs {code}.",
    },
}
