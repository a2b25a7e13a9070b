"""Where the gateway serves stored files. Actions put these links in messages; the gateway's
media router serves the same paths, so the layout is defined once, here."""

READINESS_CHART = "/media/readiness/{id}.png"
PLAN_DOCUMENT = "/media/plans/{id}.md"


def readiness_chart_url(result_id: str) -> str:
    return READINESS_CHART.format(id=result_id)


def plan_document_url(plan_id: str) -> str:
    return PLAN_DOCUMENT.format(id=plan_id)
