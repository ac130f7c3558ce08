"""Symptoms told as acts, events and consequences (tenth round): what a patient or a carer saw
happen rather than the symptom's name. Acts in sleep, waking or being found on the floor,
getting up and wandering at night, walking into door frames and missing steps, choking,
hitting a nurse, picking skin until it bleeds, no memory of what one did, a parent who forgot
one's name, stopping eating, chores in the small hours, crying in the car every morning; and
the everyday senses of the same words kept quiet. Consumer health questions (the MeQSum
register of ``lay_real``) add waking in the night or before the alarm, clumsy acts told with a
progressive ("I have been dropping things") and refusing to get out of bed.

The sentences are short paraphrases written for the tests; the probe batches that found the
gaps stay out of the repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # acts in sleep
        ("my husband kicked me in his sleep on ropinirole", "kicked me in his sleep"),
        ("my son screams in his sleep since Singulair", "screams in his sleep"),
        ("Chantix had me punching the headboard in my sleep", "punching the headboard in my sleep"),
        # waking or found on the floor
        ("I woke up on the bathroom floor after two Ambien", "woke up on the bathroom floor"),
        ("the carers found her on the floor twice", "found her on the floor"),
        # nights of a cared-for person
        ("Dad keeps getting up at night on donepezil", "keeps getting up at night"),
        ("he gets up at night and wandering round the house", "wandering round the house"),
        # collisions and missteps
        ("walked into the door frame twice yesterday", "walked into the door frame"),
        ("I missed the bottom step on gabapentin", "missed the bottom step"),
        ("on pacing: I was pacing the house all evening", "pacing the house"),
        # choking
        ("he choked on his drink three times at lunch", "choked on his drink"),
        # aggression towards carers
        ("Mum hit a nurse on the new tablets", "hit a nurse"),
        ("Dad punched one of the carers last night", "punched one of the carers"),
        # picking until it bleeds
        (
            "on Vyvanse my son picks his fingers until they bleed",
            "picks his fingers",
        ),
        ("scratched my arms till they bled on tramadol", "scratched my arms"),
        ("she picks at her cuticles until they bleed", "picks at her cuticles"),
        # no memory of it
        ("Mum didn't remember it the next day", "didn't remember it"),
        ("woke up with no idea how I got there", "no idea how i got there"),
        # a parent forgets
        ("my mum forgot my name last week", "forgot my name"),
        ("he doesn't know what day it is and forgot my name", "forgot my name"),
        # eating stops
        ("my daughter stopped eating and lost weight on Concerta", "stopped eating"),
        # the small hours
        ("the prednisone had me cleaning the kitchen at 2am", "cleaning the kitchen at 2am"),
        ("on Wellbutrin I was pacing the house at 3am", "pacing the house at 3am"),
        # crying in a place, every day
        ("on Paxil I cried in the car every morning", "cried in the car every morning"),
        # asleep at the wrong moment; absences
        ("my dad falls asleep during meals since the patch", "falls asleep during meals"),
        ("my husband falls asleep on the toilet now", "falls asleep on the toilet"),
        ("my partner says I stop mid sentence and stare", "stop mid sentence and stare"),
        # a child's self-injury, a baby's screaming
        ("my son bangs his head on the wall when it wears off", "bangs his head on the wall"),
        ("the baby screamed for 6 hours straight after her jabs", "screamed"),
        # delirium and dementia at home
        ("Grandad keeps trying to get out of bed at night", "keeps trying to get out of bed"),
        ("he keeps pulling his catheter out", "keeps pulling his catheter out"),
        ("she burnt three pans this week", "burnt three pans"),
        ("she forgot the stove was on again", "forgot the stove was on"),
        ("my son hasn't said a word in days on Risperdal", "hasn't said a word in days"),
        ("my wife talks gibberish on Ambien", "talks gibberish"),
        # accidents, efforts, lying in, a lost drive
        ("I pooped my pants in the queue on Orlistat", "pooped my pants"),
        ("I had to sit down in the shower on metoprolol", "had to sit down in the shower"),
        ("prozac made me stay in bed till 3pm", "stay in bed till 3pm"),
        ("I don't remember the drive home on Ativan", "don't remember the drive home"),
        # binges at night, thirst, cold, days without food
        (
            "on Seroquel I ate a whole loaf of bread in the middle of the night",
            "ate a whole loaf of bread",
        ),
        ("I drank 4 litres of water a day on lithium", "drank 4 litres of water"),
        ("on lithium I still woke up parched", "woke up parched"),
        ("I wore a coat indoors all winter on propranolol", "wore a coat indoors"),
        ("on Adderall I went three days without eating", "went three days without eating"),
        # dementia at home; hearing; akathisia
        ("the teacher says she sits and stares at the wall", "sits and stares at the wall"),
        ("my mum keeps asking the same question every hour", "keeps asking the same question"),
        ("my dad put his shoes in the fridge yesterday", "put his shoes in the fridge"),
        ("I had to turn the TV up on furosemide", "had to turn the tv up"),
        ("on aripiprazole I had to keep getting up", "had to keep getting up"),
        # temper and tears; alarms
        ("my boyfriend bit my head off over nothing", "bit my head off"),
        (
            "on Prednisone I snapped at a cashier and cried in the parking lot",
            "snapped at a cashier",
        ),
        ("I snapped at a cashier and cried in the parking lot", "cried in the parking lot"),
        ("I slept through my alarm three mornings in a row", "slept through my alarm"),
        # lapses, restlessness, a day slept away, eating the house bare
        ("on Xanax I forgot whole conversations", "forgot whole conversations"),
        ("I lost my car in the car park twice on Xanax", "lost my car in the car park"),
        ("on Latuda I walked laps around the kitchen till 4am", "walked laps around the kitchen"),
        ("my teenager sleeps through the day since the sertraline", "sleeps through the day"),
        (
            "the steroids had my son eating everything in the cupboard",
            "eating everything in the cupboard",
        ),
        # impulse control, delirium, clumsiness, numbness
        ("on Mirapex I gambled away our holiday money", "gambled away"),
        ("I spent £600 online in one night on Mirapex", "spent £600 online in one night"),
        (
            "my mum tried to walk out of the hospital after the operation",
            "tried to walk out of the hospital",
        ),
        (
            "Tegretol made me walk like I was drunk, bumped into everything",
            "bumped into everything",
        ),
        (
            "I burnt my hand on the oven and didn't feel it",
            "burnt my hand on the oven and didn't feel it",
        ),
        # shouting at the screen all night, staring, chewing clothes
        ("my dad shouted at the telly all night on the new dose", "shouted at the telly"),
        ("he was shouting at people who weren't there", "shouting at people who weren't there"),
        ("on Zoloft I sat in the bath staring at nothing", "staring at nothing"),
        ("my son chews his shirt sleeves to bits on Focalin", "chews his shirt sleeves"),
        # undressing, rage damage, self-neglect, familiar routes lost, wrong names
        ("my father keeps undressing in the lounge", "keeps undressing"),
        ("on Keppra I punched a hole in the bathroom door", "punched a hole in the bathroom door"),
        ("he hasn't had a bath in weeks since the meds stopped", "hasn't had a bath in weeks"),
        ("I got lost driving to my mum's house on Topamax", "got lost driving to my mum's house"),
        ("he called our daughter by his sister's name", "called our daughter by his sister's name"),
        (
            "Mum didn't know she was in hospital after the operation",
            "didn't know she was in hospital",
        ),
        # sleep: thrashing, asleep at a red light, face in the cereal
        ("I thrash around on the pramipexole", "thrash around"),
        ("on Brintellix I fell asleep at a red light", "fell asleep at a red light"),
        ("I woke up with my face in my cereal on Xyrem", "woke up with my face in my cereal"),
        # compulsions, school refusal and hiding, accidents
        ("I could not stop cleaning on Vyvanse", "could not stop cleaning"),
        ("my daughter stopped going to school on Accutane", "stopped going to school"),
        ("my daughter stopped going to school on Accutane, hid in her room", "hid in her room"),
        ("my son wet himself at school twice", "wet himself at school"),
        ("I tripped on the rug on doxazosin", "tripped on the rug"),
        # consumer questions: waking, clumsy acts, not getting up
        ("I wake frequently during the night", "wake frequently during the night"),
        ("I wake up well before my alarm every day", "wake up well before my alarm"),
        ("lately I have been dropping things", "dropping things"),
        ("my mum is always bumping into things", "bumping into things"),
        ("she refuses to get out of bed most days", "refuses to get out of bed"),
    ],
)
def test_acts_are_symptoms(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    found = [t.lower() for t in texts_of(offline_recognizer, text, Label.SYMPTOM)]
    assert expected in found, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "I could do that job in my sleep",
        "he died peacefully in his sleep last year",
        "the kids fell asleep on the living room floor watching a film",
        "we woke up on the floor at my friend's after the party",
        "she keeps getting up at night to feed the baby",
        "the dog keeps wandering off at the park",
        "I walked into the office and my boss was waiting",
        "I missed a step in the instructions",
        "the toddler choked on his food and we patted him",
        "the nurse hit the call button twice",
        "the barista forgot my name again",
        "I didn't remember it was her birthday",
        "my husband stopped eating meat last year",
        "we were cleaning the kitchen at 2am before the party",
        "I cried in the car on the way home from the funeral",
        "the coach was pacing up and down the touchline",
        "I fell asleep reading last night",
        "called in sick for my kid today",
        "pulled over to get gas on the way",
        "I had to sit down after the run, normal after 10k",
        "my dad falls asleep in front of the telly every Sunday",
        "the fans screamed for 2 hours at the gig",
        "the nurse pulled his catheter out before discharge",
        "he hasn't said a word to me about the party",
        "you're talking nonsense about the election",
        "I stared into space at the view",
        "I stayed in bed till 2pm on my birthday",
        "he had an accident on the motorway",
        "I peed myself laughing at that film",
        "I had to sit on the floor because all the chairs were taken",
        "my teenager sleeps till 2pm every weekend",
        "I ate a whole pizza last night because it was my cheat day",
        "my kid ran out of class when the fire alarm went off",
        "I turned the TV up for the football",
        "my mum keeps asking when I'm coming home for Christmas",
        "I drink 2 litres of water a day to stay healthy",
        "I wore a coat indoors because the boiler broke",
        "we went three days without food on the hike",
        "I put the milk in the fridge",
        "we slept through the alarm because of the power cut",
        "she sits by the window every morning",
        "I lost my car in the car park at the airport, it was huge",
        "he shouted at the telly when United lost",
        "I sat in the bath for hours with a book, bliss",
        "we slept the whole day after the flight",
        "I spent £600 online on flights for the holiday",
        "my brother gambled away his wages again",
        "the dog chews his toys to bits",
        "I walked laps around the park for my step count",
        "I left the bath running while I answered the door",
        "my son stopped going to school for a week because of the snow",
        "the builders punched a hole in the wall for the pipe",
        "I couldn't stop cleaning before the guests came",
        "the fish was thrashing around in the net",
        "the toddler keeps undressing in the garden",
        "my son wet himself laughing at the clown",
        "I called my son by the dog's name",
        "the cat was hiding in my room",
        "the baby was lying on the floor kicking her legs",
        "He sat staring at the wall clock waiting for the bell",
        "I drop things off at school on Mondays",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == [], text
