"""What Gemini is told: the label definitions, the answer schema and the few-shot examples."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from google.genai import types
from pydantic import BaseModel, Field

from ner._engine import Turn
from ner._models import Certainty, Entity, Label, Subject

SYSTEM_INSTRUCTION = """\
You find medical entities in messages written by ordinary people, often in lay language, \
with typos or mixed languages. For every message, answer only with JSON matching the schema: \
{"entities": [{"text": ..., "label": ..., "negated": ..., "concept": ..., "subject": ..., \
"subject_word": ..., "certainty": ..., "historical": ...}]}.

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
- "concept" is the plain-English preferred medical name when the text is lay language, a \
brand or a misspelling ("fits" -> "Seizure", "calpol" -> "Paracetamol", "high BP" -> \
"Hypertension", "threw up" -> "Vomiting"); "" when the text already is that name, and "" \
for DOSAGE.
- "subject" is whose it is: "patient" (the writer, or the person the message is about), \
"family" (a parent, grandparent, sibling, aunt, uncle or cousin of the writer: "my mum has \
diabetes") or "other" (anyone else: the writer's child, partner or friend: "my son has \
fever"). "subject_word" is the word naming that person ("mum", "son", "friend"), "" for \
the patient.
- "certainty" is "possible" when the writer is unsure ("maybe it's malaria", "could be \
dengue"), "hypothetical" for a condition or plan ("if I get a fever", "should I take \
ibuprofen"), otherwise "certain".
- "historical" is true for something in the past that is over ("had chickenpox as a kid"), \
false for anything current or recent.
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
    concept: str = Field(
        default="",
        description="The plain-English preferred name when the text is lay, a brand or a typo; "
        '"" otherwise.',
    )
    subject: Subject = Field(
        default=Subject.PATIENT, description="Whose it is: patient, family or other."
    )
    subject_word: str = Field(
        default="", description='The word naming the person ("mum", "son"); "" for the patient.'
    )
    certainty: Certainty = Field(
        default=Certainty.CERTAIN, description="certain, possible or hypothetical."
    )
    historical: bool = Field(default=False, description="True for a past condition, now over.")


class EntityAnswer(BaseModel):
    """The medical entities in the message; an empty list when there are none."""

    entities: list[EntityMention]


def _mention(entity: Entity) -> EntityMention:
    concept = entity.concept.name if entity.concept is not None else ""
    if concept.casefold() == entity.text.casefold():
        concept = ""
    return EntityMention(
        text=entity.text,
        label=entity.label,
        negated=entity.negated,
        concept=concept,
        subject=entity.subject,
        subject_word=entity.subject_word or "",
        certainty=entity.certainty,
        historical=entity.historical,
    )


def answer_json(entities: Iterable[Entity]) -> str:
    """The answer Gemini should have given for these entities: used for seed and history turns."""
    seen: set[tuple[object, ...]] = set()
    mentions: list[EntityMention] = []
    for entity in entities:
        key = (entity.text.casefold(), entity.label, entity.negated, entity.subject)
        if key not in seen:
            seen.add(key)
            mentions.append(_mention(entity))
    # Defaults left out: the examples stay short, and the model learns to leave them out too.
    answer = EntityAnswer(entities=mentions).model_dump(mode="json", exclude_defaults=True)
    return json.dumps(answer, ensure_ascii=False)


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
