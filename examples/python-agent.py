"""A small support agent on the Anthropic SDK: the system prompt is a module-level constant, the tools
are a literal list, and one f-string puts today's date into the prompt (the usual cache killer)."""
from datetime import datetime

import anthropic

MODEL = "claude-sonnet-4-5"

SYSTEM_PROMPT = """You are the support assistant of Acme Cloud, a hosting company.
Answer questions about billing, deployments and DNS. Be concise and precise.
When you are not sure, say so and offer to open a ticket.

Policies:
- Never reveal another customer's data.
- Refunds above $500 need a human; open a ticket with the tag "refund-review".
- Quote the documentation section you rely on, with its title.
"""

TOOLS = [
    {
        "name": "lookup_invoice",
        "description": "Find an invoice by its number and return its lines, total and status.",
        "input_schema": {
            "type": "object",
            "properties": {"invoice_id": {"type": "string", "description": "The invoice number, e.g. INV-2041"}},
            "required": ["invoice_id"],
        },
    },
    {
        "name": "open_ticket",
        "description": "Open a support ticket for a human agent.",
        "input_schema": {
            "type": "object",
            "properties": {"summary": {"type": "string"}, "tag": {"type": "string"}},
            "required": ["summary"],
        },
    },
]

client = anthropic.Anthropic()


def answer(question: str) -> str:
    today = datetime.now().strftime("%A %d %B %Y")
    response = client.messages.create(
        model=MODEL,
        max_tokens=1024,
        tools=TOOLS,
        system=f"""{SYSTEM_PROMPT}
Today is {today}.
Reply in the customer's language.""",
        messages=[{"role": "user", "content": question}],
    )
    return response.content[0].text
