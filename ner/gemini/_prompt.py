"""What Gemini is told: the label definitions, the answer schema and the few-shot examples."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from google.genai import types
from pydantic import BaseModel, Field

from ner._engine import Turn
from ner._models import Entity, Label

SYSTEM_INSTRUCTION = """\
You find medical entities in messages written by ordinary people, often in lay language, \
with typos or mixed languages. For every message, answer only with JSON matching the schema: \
{"entities": [{"text": ..., "label": ..., "negated": ...}]}.

Labels (use exactly these six; nothing else):
- DISEASE: a diagnosed disease, disorder, syndrome, infection or injury \
(malaria, type 2 diabetes, asthma, torn meniscus, ear infection).
- SYMPTOM: a sign or symptom a person has or reports (fever, fits, pain, short of breath, \
dizzy, rash, stomach ache).
- DRUG: a medication, active ingredient, brand name or drug class \
(amodiaquine, clobazam, Tylenol, statins).
- DOSAGE: a strength, dose, frequency, route or duration of a drug \
(10 mg, twice daily, at night, for 5 days). Each is its own entity.
- BODY_PART: an anatomical site, organ, tissue or body fluid (hip, left knee, liver, blood).
- PROCEDURE: a test, imaging, surgery, therapy or other medical procedure \
(MRI, blood test, appendectomy, flu jab).

Rules:
- "text" is copied exactly as it appears in the message (same spelling and case), the \
shortest span that names the thing; do not paraphrase, normalise or translate it.
- Spans never overlap: "chest pain" is one SYMPTOM, not "chest" plus "pain".
- "negated" is true when the message says the entity is absent or denied \
("no fever", "denies chest pain", "hasn't had any dizziness"); otherwise false.
- List an entity once even if it appears several times.
- A message with no medical entities gets {"entities": []}.
- Never add advice, explanations or anything outside the JSON.
"""


# The docstrings of these two models become the schema's descriptions, so they speak to the
# model. Offsets are deliberately absent: they are recovered by aligning ``text`` to the message.


class EntityMention(BaseModel):
    """A medical entity mentioned in the message, copied exactly as written there."""

    text: str = Field(description="The entity exactly as written in the message.")
    label: Label = Field(description="One of the six labels.")
    negated: bool = Field(description="True when the message says it is absent or denied.")


class EntityAnswer(BaseModel):
    """The medical entities in the message; an empty list when there are none."""

    entities: list[EntityMention]


def answer_json(entities: Iterable[Entity]) -> str:
    """The answer Gemini should have given for these entities: used for seed and history turns."""
    seen: set[tuple[str, Label, bool]] = set()
    mentions: list[EntityMention] = []
    for entity in entities:
        key = (entity.text.casefold(), entity.label, entity.negated)
        if key not in seen:
            seen.add(key)
            mentions.append(
                EntityMention(text=entity.text, label=entity.label, negated=entity.negated)
            )
    return json.dumps(EntityAnswer(entities=mentions).model_dump(mode="json"), ensure_ascii=False)


# Contents are built as the SDK's TypedDicts, not as ``types.Content`` models: the SDK validates
# every content of every request, and a dict is much cheaper for it to validate than a model
# instance (see benchmarks/README.md, "Gemini").


def user_content(text: str) -> types.ContentDict:
    return types.ContentDict(role="user", parts=[types.PartDict(text=text)])


def model_content(entities: Iterable[Entity]) -> types.ContentDict:
    return answer_content(answer_json(entities))


def answer_content(answer: str) -> types.ContentDict:
    """The model's turn as it answered: its JSON text."""
    return types.ContentDict(role="model", parts=[types.PartDict(text=answer)])


def turn_contents(turns: Iterable[Turn]) -> list[types.ContentDict]:
    """Earlier turns as alternating user/model contents, the shape chat history must have."""
    contents: list[types.ContentDict] = []
    for turn in turns:
        contents.append(user_content(turn.text))
        contents.append(model_content(turn.entities))
    return contents


_EXAMPLES_HEADING = "Examples (a message, then exactly the answer it gets):"


def system_instruction(examples: Sequence[Turn] = ()) -> str:
    """SYSTEM_INSTRUCTION followed by worked examples: each message and its exact answer.

    These are the few-shot examples that do not head the chat as turns: shown here they cost
    one content whatever their number.
    """
    if not examples:
        return SYSTEM_INSTRUCTION
    shown = "\n\n".join(
        f"Message: {turn.text}\nAnswer: {answer_json(turn.entities)}" for turn in examples
    )
    return f"{SYSTEM_INSTRUCTION}\n{_EXAMPLES_HEADING}\n\n{shown}\n"


@dataclass(frozen=True)
class Sampling:
    """The operator's sampling parameters; each is sent only when set."""

    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None


NO_SAMPLING = Sampling()
"""The model's own sampling defaults."""


def generation_config(
    *,
    instruction: str = SYSTEM_INSTRUCTION,
    sampling: Sampling = NO_SAMPLING,
    thinking: types.ThinkingConfig | None = None,
    schema: type[BaseModel] = EntityAnswer,
) -> types.GenerateContentConfig:
    """Structured JSON output; safety and function calling left at their defaults."""
    return types.GenerateContentConfig(
        system_instruction=instruction,
        response_mime_type="application/json",
        # The JSON schema of the model rather than the model class: the SDK would otherwise
        # regenerate it on every request; what goes over the wire is the same.
        response_schema=schema.model_json_schema(),
        temperature=sampling.temperature,
        top_p=sampling.top_p,
        top_k=sampling.top_k,
        thinking_config=thinking,
        automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
    )
