"""What a participant is told about joining and leaving a cohort, in every channel: one table per
language (bokmål for nb and nn, English for en), rendered from a cohort_service.Result.

The channels differ only in how one joins and leaves (a command in Telegram, words in the chat, a
button in the widget): `HOW` below. The privacy promise carries the minimum group size from the
settings (SAMSKAPING_MIN_GROUP_SIZE), so changing the setting changes what participants are told.
Texts are plain; a channel that formats (Telegram's HTML) escapes the whole text."""
from __future__ import annotations

from typing import Literal

from userdata.cohort_service import Outcome, Result

Channel = Literal["chat", "telegram", "web"]
LANGUAGES = ("nb", "en")

PRIVACY = {
    "nb": "Kursholderen ser bare tall for hele gruppen (hvor mange som er i hvert nivå), først når minst "
          "{min_group_size} deltakere har bidratt og høyst én gang i døgnet – aldri svarene dine, planen din "
          "eller samtalen.",
    "en": "The trainer sees only figures for the whole group (how many are in each band), only once at least "
          "{min_group_size} participants have contributed and at most once a day – never your answers, your plan "
          "or the conversation.",
}

TEXTS: dict[str, dict[Outcome | str, str]] = {
    "nb": {
        Outcome.JOINED: "Velkommen til kurset «{name}»! Deltakernummeret ditt er {label}; kursholderen kan spørre "
                        "etter det for å sjekke hvem som er med. {privacy} Ta gjerne klarhetssjekken («Er vi klare "
                        "for samskaping?») før neste samling. {leave}",
        Outcome.MOVED: "Du er nå med i kurset «{name}», og ikke lenger i «{old}». Deltakernummeret ditt er {label}. "
                       "{leave}",
        Outcome.ALREADY: "Du er allerede med i kurset «{name}», med deltakernummer {label}. {leave}",
        Outcome.MEMBER: "Du er med i kurset «{name}», med deltakernummer {label}. {leave}",
        Outcome.NOT_MEMBER: "Du er ikke med i noe kurs. {join}",
        Outcome.NEED_CODE: "For å bli med i et kurs trenger du koden du fikk av kursholderen. {join}",
        Outcome.UNKNOWN_CODE: "Fant ingen kurs med den koden. Sjekk koden du fikk av kursholderen (6 tegn, for "
                              "eksempel K7M2QX).",
        Outcome.FULL: "Kurset er fullt: alle plassene kursholderen har laget, er tatt. Be kursholderen om en plass.",
        Outcome.CLOSED: "Kurset er avsluttet, så ingen kan bli med lenger.",
        Outcome.LOCKED: "Det er prøvd for mange kurskoder herfra i det siste. Vent {wait} og prøv igjen, eller be "
                        "kursholderen om lenken.",
        Outcome.LEFT: "Du er ikke lenger med i kurset «{name}». Resultatene og planene dine er fortsatt dine.",
        Outcome.NOTHING_TO_LEAVE: "Du er ikke med i noe kurs, så det er ikke noe å forlate.",
        # Before joining from a link, and after saying no to it.
        "ask": "Vil du bli med i kurset «{name}»? {privacy} Du kan forlate kurset når du vil.",
        "declined": "Greit, du er ikke med i kurset. {join_later}",
    },
    "en": {
        Outcome.JOINED: "Welcome to the course «{name}»! Your member number is {label}; your trainer may ask for it "
                        "to check who is in the group. {privacy} Take the readiness check («Are we ready for "
                        "co-creation?») before the next session. {leave}",
        Outcome.MOVED: "You are now in the course «{name}», and no longer in «{old}». Your member number is {label}. "
                       "{leave}",
        Outcome.ALREADY: "You are already in the course «{name}», with member number {label}. {leave}",
        Outcome.MEMBER: "You are in the course «{name}», with member number {label}. {leave}",
        Outcome.NOT_MEMBER: "You are not in a course. {join}",
        Outcome.NEED_CODE: "To join a course you need the code your trainer gave you. {join}",
        Outcome.UNKNOWN_CODE: "No course has that code. Check the code your trainer gave you (6 characters, for "
                              "example K7M2QX).",
        Outcome.FULL: "That course is full: every seat the trainer made is taken. Ask your trainer for a seat.",
        Outcome.CLOSED: "That course is closed, so nobody can join it any more.",
        Outcome.LOCKED: "Too many course codes have been tried from here lately. Wait {wait} and try again, or ask "
                        "your trainer for the link.",
        Outcome.LEFT: "You are no longer in the course «{name}». Your results and plans are still yours.",
        Outcome.NOTHING_TO_LEAVE: "You are not in a course, so there is nothing to leave.",
        "ask": "Do you want to join the course «{name}»? {privacy} You can leave whenever you like.",
        "declined": "All right, you are not in the course. {join_later}",
    },
}

# How each channel joins and leaves.
HOW: dict[str, dict[Channel, dict[str, str]]] = {
    "nb": {
        "chat": {"join": "Skriv koden, for eksempel «kurs K7M2QX».", "leave": "Skriv «forlat kurset» for å melde deg ut.",
                 "join_later": "Du kan bli med senere ved å skrive «kurs {code}»."},
        "telegram": {"join": "Send /kurs og koden, for eksempel /kurs K7M2QX.",
                     "leave": "Forlat kurset med /kurs forlat. /slett sletter alt om deg og tar deg også ut av kurset.",
                     "join_later": "Du kan bli med senere med /kurs {code}."},
        "web": {"join": "Skriv koden under «Kurs» og trykk «Bli med».",
                "leave": "«Forlat kurset» tar deg ut av kurset.",
                "join_later": "Du kan bli med senere under «Kurs» med koden {code}."},
    },
    "en": {
        "chat": {"join": "Write the code, for example «course K7M2QX».", "leave": "Say «leave the course» to leave.",
                 "join_later": "You can join later by writing «course {code}»."},
        "telegram": {"join": "Send /kurs and the code, for example /kurs K7M2QX.",
                     "leave": "Leave the course with /kurs leave. /slett deletes everything about you and also takes "
                              "you out.",
                     "join_later": "You can join later with /kurs {code}."},
        "web": {"join": "Type the code under «Course» and press «Join».",
                "leave": "«Leave the course» takes you out of it.",
                "join_later": "You can join later under «Course» with the code {code}."},
    },
}

WAIT = {"nb": ("{seconds} sekunder", "en time"), "en": ("{seconds} seconds", "an hour")}


def language(code: str | None) -> str:
    """English for English; bokmål for bokmål, nynorsk and anything else."""
    return "en" if (code or "").lower().startswith("en") else "nb"


def privacy(lang: str, min_group_size: int) -> str:
    return PRIVACY[language(lang)].format(min_group_size=min_group_size)


def _fill(text: str, lang: str, channel: Channel, min_group_size: int, code: str = "", **values: object) -> str:
    how = HOW[lang][channel]
    return text.format(privacy=privacy(lang, min_group_size), join=how["join"], leave=how["leave"],
                       join_later=how["join_later"].format(code=code), **values)


def say(result: Result, lang: str, channel: Channel, min_group_size: int) -> str:
    """What the participant is told about ``result``."""
    lang = language(lang)
    cohort, previous = result.cohort, result.previous
    seconds, unknown = WAIT[lang]
    wait = seconds.format(seconds=result.retry_after) if result.retry_after else unknown
    return _fill(TEXTS[lang][result.outcome], lang, channel, min_group_size,
                 name=cohort.name if cohort else "", label=(cohort.member_label or "") if cohort else "",
                 old=previous.name if previous else "", wait=wait)


def ask(name: str, lang: str, channel: Channel, min_group_size: int) -> str:
    """The question before joining from a link."""
    lang = language(lang)
    return _fill(TEXTS[lang]["ask"], lang, channel, min_group_size, name=name)


def declined(code: str, lang: str, channel: Channel, min_group_size: int) -> str:
    lang = language(lang)
    return _fill(TEXTS[lang]["declined"], lang, channel, min_group_size, code=code)
