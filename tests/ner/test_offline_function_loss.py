"""Loss of function, daily-life impact and similes (eighth round): how older and middle-aged
patients describe what statins, painkillers and other long-term medicines did to them ("couldn't
lift the kettle", "had to pull myself up the stairs", "walking like an old woman", "memory like
a sieve", "felt like I'd been beaten with a bat"), and the everyday sentences with the same words
that must stay quiet.

The same loss as consumer health questions (the MeQSum register of ``lay_real``) tell it: a
problem with a function or an ability lost ("problems with swallowing", "lost the ability to
walk"; not "lost the ability to vote" or "no ability to sing"), foods one cannot take, slowness
getting up, tiring easily, weight lost by a vague amount, feeling older than one's years.

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
        # everyday tasks a weakened body can no longer do
        ("on simvastatin I can't kneel at all", "can't kneel at all"),
        ("I could barely lift the kettle this morning", "could barely lift the kettle"),
        ("since the lipitor I can't hold a mug of tea", "can't hold a mug of tea"),
        ("I couldn't get my socks on by myself", "couldn't get my socks on"),
        ("I can't lift my arms above my head to wash my hair", "can't lift my arms above my head"),
        ("I couldn't climb even a small hill", "couldn't climb even a small hill"),
        ("I can't follow the plot any more", "can't follow the plot any more"),
        # an effort only a weakened body needs
        ("I had to pull myself up the stairs", "had to pull myself up the stairs"),
        ("had to cling to the banister going down", "had to cling to the banister"),
        # an activity that became an ordeal
        ("getting dressed took forever", "getting dressed took forever"),
        ("climbing stairs was agony on crestor", "climbing stairs was agony"),
        # gait and comparisons with age or drink
        ("I was walking like an old man at 55", "walking like an old man"),
        ("I staggered around like a drunk", "staggered around like a drunk"),
        ("my wife says I walk like I'm ninety", "walk like I'm ninety"),
        # comparisons without a verb of feeling
        ("tramadol was like having the flu for a month", "like having the flu"),
        ("my memory is like a sieve now", "memory is like a sieve"),
        ("memory of a goldfish on zocor", "memory of a goldfish"),
        ("felt like I'd been beaten with a bat", "like I'd been beaten with a bat"),
        ("woke up like I'd been run over by a truck", "like I'd been run over by a truck"),
        ("felt like I was wading through treacle", "like I was wading through treacle"),
        ("my wrists felt like they'd snap", "like they'd snap"),
        # a body part that would not do its work, or that quit
        ("my hands wouldn't grip anything", "wouldn't grip anything"),
        ("my legs just wouldn't hold me", "wouldn't hold me"),
        ("my legs just stopped halfway up", "just stopped"),
        ("my ankles were like balloons", "like balloons"),
        ("my legs turned to jelly", "turned to jelly"),
        ("my face went bright red", "went bright red"),
        ("my ears ring all day", "ring"),
        # handwriting, words, a lost grip, acts all day
        ("my handwriting looks like a child's", "handwriting looks like a child's"),
        ("my words came out all wrong", "words came out all wrong"),
        ("I forgot why I walked into a room, again", "forgot why I walked into a room"),
        ("I lost my grip and fell in the shower", "lost my grip"),
        ("I belched all day", "belched all day"),
        # resolved effects and comparisons between medicines
        ("the heaviness in my legs lifted after I stopped", "heaviness"),
        ("pregabalin made me fat and stupid", "stupid"),
        ("pregabalin made me fat and stupid", "fat"),
        ("I still lose my words now and then", "lose my words"),
        ("I was black and blue all over on naproxen", "black and blue all over"),
        ("getting in the car was a major production", "getting in the car was a major production"),
        ("felt like I had the worst flu of my life", "like I had the worst flu of my life"),
        ("it felt like a bird trapped in my chest", "like a bird trapped in my chest"),
        ("my legs ached like I'd climbed a mountain", "ached like I'd climbed a mountain"),
        ("I get up from a chair like an old man", "get up from a chair like an old man"),
        ("I couldn't tie my shoes to go out", "couldn't tie my shoes"),
        ("the fatigue was like wading through treacle", "like wading through treacle"),
        # what a spouse or a child sees
        ("she couldn't lift the teapot any more", "couldn't lift the teapot"),
        ("since the statin he can't get back up off the floor", "can't get back up"),
        ("dad can't remember the grandkids' names", "can't remember the grandkids' names"),
        ("he tells the same story over and over", "tells the same story over and over"),
        ("my wife drops cups all the time now", "drops cups"),
        ("mum slept in her chair all day", "slept in her chair all day"),
        ("he was doubled over in pain after dinner", "doubled over in pain"),
        ("her ankles look like balloons by teatime", "like balloons"),
        ("his legs are like matchsticks now", "like matchsticks"),
        ("he creaks like an old man getting up", "creaks like an old man"),
        ("he hobbles to the bathroom in the morning", "hobbles to the bathroom"),
        (
            "her muscles feel like they've been put through a mangle",
            "like they've been put through a mangle",
        ),
        ("my husband's calves knot up every night", "knot up"),
        ("she walks like she's on a ship", "walks like she's on a ship"),
        ("he sounds like he's been gargling gravel", "sounds like he's been gargling gravel"),
        ("the statin made her feel like she was 100", "like she was 100"),
        # terse, lower-case reviews
        ("crestor - cant lift my granddaughter", "cant lift my granddaughter"),
        ("statin - shoulders scream when i reach up", "scream"),
        ("fosamax - hip ached like a bad toothache", "ached like a bad toothache"),
        ("steroids - lost half a stone", "lost half a stone"),
        ("metformin - belly like a cement mixer", "like a cement mixer"),
        ("had to know where every toilet was", "had to know where every toilet was"),
        ("naproxen - ears whooshing all night", "whooshing"),
        ("cant hear the tv any more", "cant hear the tv any more"),
        ("simvastatin - fingers like claws", "like claws"),
        ("takes me ages to get my hands working", "takes me ages to get my hands working"),
        ("pregabalin - drunk without the fun", "drunk without the fun"),
        ("my eyes wont focus", "wont focus"),
        ("amitriptyline - mouth like the sahara", "like the sahara"),
        ("cant get my arm into my sleeve", "cant get my arm into my sleeve"),
        ("meloxicam - heartburn like a blowtorch", "like a blowtorch"),
        ("pee like strong tea on ibuprofen", "pee like strong tea"),
        ("my pee was the colour of coke", "pee was the colour of coke"),
        ("cant grip the steering wheel", "cant grip the steering wheel"),
        ("arthrotec - runs like a tap", "runs like a tap"),
        ("zocor - cant follow a recipe anymore", "cant follow a recipe anymore"),
        # written after every fix above
        ("my legs feel like someone's hung weights on them", "like someone's hung weights on them"),
        ("I couldn't write a cheque on tramadol", "couldn't write a cheque"),
        ("his legs buckle on the stairs", "buckle"),
        ("I feel about 85 on this statin", "about 85"),
        ("gabapentin makes me walk like I've had ten pints", "walk like I've had ten pints"),
        ("meloxicam - cant string two words together", "cant string two words together"),
        ("I wake up like a zombie on tramadol", "like a zombie"),
        (
            "my calves feel like they're being squeezed in a vice",
            "like they're being squeezed in a vice",
        ),
        ("arthrotec made me run to the loo", "run to the loo"),
        ("statin pain - like I'd been kicked all over", "like I'd been kicked all over"),
        ("my memory went to pieces on lipitor", "memory went to pieces"),
        ("I forgot my own address last week", "forgot my own address"),
        # long posts with several comparisons
        ("my back felt like an old door hinge", "like an old door hinge"),
        ("I was walking around in a fog on tramadol", "walking around in a fog"),
        ("I couldn't remember if I'd locked the door", "couldn't remember if I'd locked the door"),
        ("my stomach feels like I've swallowed broken glass", "like I've swallowed broken glass"),
        ("voltaren tablets - I can't face food", "can't face food"),
        ("I couldn't even peg the washing out", "couldn't even peg the washing out"),
        ("I was puffing like a steam train going uphill", "puffing like a steam train"),
        ("my feet felt like I was walking on marbles", "like I was walking on marbles"),
        ("I kept missing the bottom step", "missing the bottom step"),
        ("naproxen - my get up and go got up and went", "get up and go got up and went"),
        (
            "I can barely put one foot in front of the other",
            "can barely put one foot in front of the other",
        ),
        ("I can't walk around the block any more", "can't walk around the block any more"),
        ("codeine made me feel like a slug", "like a slug"),
        ("I use both hands for a mug now", "use both hands for a mug"),
        ("my ankles went like puddings", "like puddings"),
        # consumer questions: a problem with a function, an ability lost
        ("she has problems with swallowing since the stroke", "problems with swallowing"),
        ("my dad has a problem in hearing on the left side", "problem in hearing"),
        ("my son has trouble in listening at school", "trouble in listening"),
        ("after the fall he lost the ability to walk", "lost the ability to walk"),
        ("I am slowly losing the ability to think clearly", "losing the ability to think clearly"),
        ("she has lost her ability to speak", "lost her ability to speak"),
        (
            "he lost the ability to taste and smell",
            "lost the ability to taste and smell",
        ),
        ("loss of ability to walk after the fall", "loss of ability to walk"),
        ("my dad losses his balance on the stairs", "losses his balance"),
        # foods one cannot take, slowness getting up, tiring, weight, age
        ("I cannot take spicy food anymore", "cannot take spicy food anymore"),
        ("I can't tolerate fatty foods", "can't tolerate fatty foods"),
        (
            "takes me a few minutes to get out of bed in the morning",
            "takes me a few minutes to get out of bed",
        ),
        ("I am tiring easily these days", "tiring easily"),
        ("she has lost a huge amount of weight", "lost a huge amount of weight"),
        ("I feel much older than my 66 years", "feel much older than my 66 years"),
        ("since the chemo I feel 20 years older", "feel 20 years older"),
    ],
)
def test_function_loss_is_a_symptom(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        # everyday senses of the same words
        "I couldn't lift the sofa alone, it's too heavy.",
        "A man was hit by a truck on the news last night.",
        "The meeting felt like a marathon.",
        "I gave up golf when we moved to the city.",
        "It's nothing like having the flu.",
        "His memory is like an elephant's.",
        "She has a memory like a steel trap.",
        "She was dressed like an old woman for the play.",
        "The kids were walking like penguins at the zoo.",
        "The car wouldn't start this morning.",
        "We had to hold onto the rail on the ferry, it was so rough.",
        "He felt like he'd been cheated by the bank.",
        "The cake turned to mush in the rain.",
        "I couldn't turn my head away from the screen, the match was that good.",
        "I had to climb the stairs to the attic to find the photos.",
        "The traffic on the way home felt like being hit by a truck.",
        "The toddler can't hold a cup yet.",
        "Walking was a joy on holiday.",
        "I couldn't open the jar lid with wet hands.",
        "His handwriting is a mess, always has been.",
        "She got out of the car like a film star.",
        "The team colours are black and blue.",
        "I can't carry a tune, never could.",
        "The dog wouldn't walk another step in the heat.",
        "Our baby can't sit up yet.",
        "She couldn't open the jar because the lid was stuck.",
        "He can't hold a tune but he sings anyway.",
        "Dad walks like a soldier, always has.",
        "We were doubled over laughing.",
        "The toddler hobbled to the door to meet us.",
        "The cat knocked my mug off the table.",
        "cant walk the dog today, its chucking it down",
        "the printer is going like the clappers",
        "the kids run round like headless chickens",
        "new shoes, cant walk in them yet lol",
        "my hands are full with the shopping, call you back",
        "the old laptop takes ages to get going",
        "I lost my grip on the rope in the tug of war.",
        "He had to pull himself up onto the boat from the water.",
        "The bus was packed, I had to hold onto the rail the whole way.",
        "My legs turned to jelly when I saw the bill.",
        "I felt like I'd been run over when I got the tax bill.",
        "Getting the kids dressed took forever this morning.",
        "The toddler can't climb the stairs yet.",
        "Dad can't reach the top shelf, he's only five foot two.",
        "I feel 80 percent better today.",
        "The door looked like someone had kicked it in.",
        "Our shares went to pieces after the crash.",
        "My grandad groans like an old man when the football's on.",
        "I can't face the washing up tonight.",
        # consumer questions: abilities and time in other senses
        "I have no issue with walking the dog every day",
        "she lost the ability to vote when she moved",
        "we lost the ability to see the doctor on weekends",
        "it takes me a few minutes to get out of the car park",
        "he looks older than his age",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


@pytest.mark.parametrize(
    ("text", "quiet"),
    [
        # an ability never had, a plan to lose weight
        ("I have no ability to sing", "no ability to sing"),
        ("I need to lose a huge amount of weight for the film", "lose a huge amount of weight"),
    ],
)
def test_an_ability_never_had_or_a_plan_is_no_loss(
    offline_recognizer: Recognizer, text: str, quiet: str
) -> None:
    assert quiet not in texts_of(offline_recognizer, text, Label.SYMPTOM)


def test_losses_as_a_noun_name_no_complaint(offline_recognizer: Recognizer) -> None:
    found = [
        e.text
        for e in offline_recognizer.recognize("the company losses were huge this year")
        if e.label in (Label.DISEASE, Label.SYMPTOM)
    ]
    assert found == []


@pytest.mark.parametrize(
    "text",
    [
        # "back" after a regained faculty is an adverb, not the body part
        "stopping lipitor gave me my strength back",
        "within a month I had my mobility back",
    ],
)
def test_regained_faculty_names_no_back(offline_recognizer: Recognizer, text: str) -> None:
    assert "back" not in texts_of(offline_recognizer, text, Label.BODY_PART)


def test_tree_trunks_name_no_body_part(offline_recognizer: Recognizer) -> None:
    text = "my legs are like tree trunks from all the cycling"
    assert "trunks" not in texts_of(offline_recognizer, text, Label.BODY_PART)
