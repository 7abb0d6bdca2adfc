"""What to do in each step: one instruction per region and technique, for a person on the floor or at a wall.

Data only; :func:`unknot.model.catalog.instruction` looks them up and checks the ids. Each says where
(landmarks a
person can feel on themselves), in what position, with what tool, what to feel, and when to stop, in that
order, and names the position and tool of :data:`unknot.model.positions.DEFAULT_SETUP` for its pair. The
general
method of a technique (graded pressure, breathing) lives in the technique's ``how`` and in
:mod:`unknot.model.dosing`; these say only what is particular to the place.

Sources, all in ../shared/CONTENT-SOURCES.md ("Anatomy to respect"):
- the sciatic nerve runs about halfway between the hip knob (greater trochanter) and the sitting bone
  (ischial tuberosity), and about a third of the way down a line from the pelvis dimple (PSIS) to the sitting
  bone (Clin Anat 2015; 28:144): so the piriformis is worked in the upper-middle buttock toward the knob,
  above the sitting bone, and every ball or roller in the lower buttock or the back of the thigh comes with
  the nerve signs;
- the nerve of the outer thigh (lateral femoral cutaneous) leaves the pelvis 1-1.5 cm from the front hip
  bone (ASIS), and deep pressure just below that bone brings on burning and numbness of the outer thigh
  (Medscape 1141848): hip-flexor work sits two or three fingers below and slightly outward, for a minute at
  most;
- the gluteal tendons wrap the hip knob, and pressing or lying on it aggravates them (Grimaldi & Fearon,
  JOSPT 2015): gluteus minimus a hand's width above and forward of it, never on it;
- a ball on the lower back stays a thumb's width off the spine and below the ribs, and two balls in a sock
  straddle the spine (NASM, "foam roll low back");
- no pressure on bone: the sacrum (the flat bone at the base of the spine), the two dimples at the back of
  the pelvis, the tailbone, the sitting bone, the hip knob.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# The nerve signs, said the same way wherever a ball, roller or fingers press near a nerve.
LEG_NERVE = "Tingling, numbness, burning or pain shooting down the leg: move off."
"""For the buttock and the back of the thigh (the sciatic nerve)."""
THIGH_NERVE = "Tingling, burning or numbness in the outer thigh, or a pulse: move off."
"""For the front of the hip (the nerve of the outer thigh, and the big vessels of the groin)."""

INSTRUCTIONS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        # Lower back: on the thick muscle either side of the spine, a thumb's width off it, below the
        # ribs (the floating ribs and the kidneys lie above) and above the pelvis. Two balls in a sock
        # work both sides at once and leave the spine in the gap between them.
        ("lumbar", "swedish"): (
            "Stand with your palms on your lower back, fingers pointing down. Stroke from your waist to "
            "the top of your buttocks, then circle with your thumbs on the muscle beside the spine, never "
            "on the bumps of the spine itself."
        ),
        ("lumbar", "myofascial_release"): (
            "Lie on your back, knees bent, on the two balls in a sock: one each side of the spine, a "
            "thumb's width off it, below the ribs and just above the pelvis. Let your weight settle and "
            "hold, breathing out slowly; ease off if it turns sharp."
        ),
        ("lumbar", "deep_tissue"): (
            "Stand with your back to a wall and the two balls in a sock between you and it, one each side "
            "of the spine, a thumb's width off it, just above the pelvis. Bend and straighten your knees "
            "to roll a hand's width up and down, staying below the ribs; ease off if it turns sharp."
        ),
        ("lumbar", "trigger_point"): (
            "Stand with your back to a wall and the two balls in a sock, one each side of the spine and a "
            "thumb's width off it, below the ribs. Lean back onto the most tender spot and hold while it "
            "fades; lean away if it climbs."
        ),
        # The buttock as a whole: the fleshy parts only, clear of the flat bone at the centre (sacrum),
        # the tailbone and the sitting bone; the sciatic nerve runs through the lower, inner buttock.
        ("gluteal", "swedish"): (
            "Stand and stroke the whole buttock with a flat hand, from beside the flat bone at the base "
            "of the spine out to the side of the hip. Then knead with your fingers and circle slowly with "
            "your palm; it should feel soothing."
        ),
        ("gluteal", "myofascial_release"): (
            "Sit on a foam roller, hands behind you, and lean onto one buttock, off the tailbone. Creep "
            "over the fleshy part, clear of the flat bone at the centre, its dimples and the sitting "
            f"bone, pausing on tight spots as you breathe out. {LEG_NERVE}"
        ),
        ("gluteal", "deep_tissue"): (
            "Sit on a foam roller, hands behind you, and lean onto one buttock, off the tailbone. Roll in "
            "short, slow strokes over the fleshy part, clear of the flat bone at the centre, its dimples "
            f"and the sitting bone. {LEG_NERVE}"
        ),
        ("gluteal", "trigger_point"): (
            "Lie on your back, knees bent, with a tennis ball under the fleshy upper buttock, clear of the "
            "flat bone at the centre, its dimples and the sitting bone. Tip onto it to find the most "
            f"tender spot, and hold. {LEG_NERVE}"
        ),
        ("gluteus_maximus", "swedish"): (
            "Stand and knead the fleshy middle of one buttock with your hand, then glide from beside the "
            "base of the spine out toward the side of the hip. Keep it gentle and soothing."
        ),
        ("gluteus_maximus", "myofascial_release"): (
            "Sit on a foam roller tipped onto one buttock, propped on your hands. Creep slowly over the "
            "fleshy middle, above the sitting bone, and hold on a tight patch while you breathe out. "
            f"{LEG_NERVE}"
        ),
        ("gluteus_maximus", "deep_tissue"): (
            "Lie on your back, knees bent, with a lacrosse ball under the thickest part of one buttock, "
            "above the sitting bone and off the flat bone at the centre. Shift your hips in short, slow "
            f"strokes, sinking in as you breathe out. {LEG_NERVE}"
        ),
        ("gluteus_maximus", "trigger_point"): (
            "Lie on your back, knees bent, with a tennis ball under the fleshy middle of one buttock, "
            "above the sitting bone. Tip onto it to find a tender spot, and hold while it fades. "
            f"{LEG_NERVE}"
        ),
        # Gluteus medius and minimus: on the side of the hip, standing side-on to a wall so the lean sets
        # the pressure, and never on the hip knob, where their tendons attach.
        ("gluteus_medius", "swedish"): (
            "Stand with your hand on the side of your hip, just under the bony rim of the pelvis. Knead "
            "and circle with your fingertips, staying above the bony knob at the top of the thigh."
        ),
        ("gluteus_medius", "myofascial_release"): (
            "Stand side-on to a wall with a tennis ball on your upper outer buttock, just under the rim of "
            "the pelvis and well above the hip knob. Lean in gently and hold, breathing out slowly while "
            "it softens; ease off if it turns sharp."
        ),
        ("gluteus_medius", "deep_tissue"): (
            "Stand side-on to a wall with a lacrosse ball on your upper outer buttock, just under the rim "
            "of the pelvis. Bend your knees a little to roll it in short strokes, keeping above the hip "
            "knob; ease off if it turns sharp."
        ),
        ("gluteus_medius", "trigger_point"): (
            "Stand side-on to a wall with a tennis ball two fingers below the rim of the pelvis, on the "
            "upper outer buttock. Lean in to find a tender spot and hold while it fades, with the ball "
            "off the hip knob."
        ),
        ("gluteus_minimus", "swedish"): (
            "Stand with your fingertips on the side of your hip, a hand's width above and a little "
            "forward of the bony knob at the top of the thigh. Glide and circle gently, never on the "
            "knob itself."
        ),
        ("gluteus_minimus", "myofascial_release"): (
            "Stand side-on to a wall with a tennis ball a hand's width above and a little forward of the "
            "hip knob. Lean in gently and hold, breathing out slowly while it softens; keep the knob "
            "itself off the ball."
        ),
        ("gluteus_minimus", "deep_tissue"): (
            "Stand side-on to a wall with a lacrosse ball a hand's width above and a little forward of the "
            "hip knob. Lean in and rock slowly forward and back, staying off the knob; ease off if the "
            "side of the hip aches sharply."
        ),
        ("gluteus_minimus", "trigger_point"): (
            "Stand side-on to a wall with a tennis ball a hand's width above and a little forward of the "
            "hip knob. Lean in to find a tender spot and hold while it fades, never on the knob itself."
        ),
        # Piriformis: the sciatic nerve runs halfway between the hip knob and the sitting bone, so work
        # the upper-middle buttock toward the knob, above the sitting bone, and move off at nerve signs.
        ("piriformis", "swedish"): (
            "Stand and reach back to the upper-middle buttock, between the top of the buttock crease and "
            "the hip knob. Make small, gentle circles with your fingers, above the sitting bone."
        ),
        ("piriformis", "myofascial_release"): (
            "Sit on a foam roller, cross one ankle over the other knee and lean onto the upper-middle "
            "buttock of that side, toward the hip knob and above the sitting bone. Hold on the tight "
            f"area and breathe out slowly. {LEG_NERVE}"
        ),
        ("piriformis", "deep_tissue"): (
            "Lie on your back with a lacrosse ball under the upper-middle buttock, toward the hip knob and "
            "above the sitting bone, and rest that leg's ankle on the other knee. Roll in short, slow "
            f"strokes. {LEG_NERVE}"
        ),
        ("piriformis", "trigger_point"): (
            "Lie on your back, knees bent, with a tennis ball under the upper-middle buttock, from the top "
            "of the buttock crease toward the hip knob, above the sitting bone. Ease onto the tender spot "
            f"and hold. {LEG_NERVE}"
        ),
        # Hamstrings: the sciatic nerve runs down the middle of the back of the thigh, so the inner or
        # the outer side, off the sitting bone and the hollow at the back of the knee.
        ("hamstrings", "swedish"): (
            "Sit on a chair with one foot forward and stroke up the back of the thigh from knee to seat "
            "with both hands. Then knead the inner and outer sides between your fingers and thumbs."
        ),
        ("hamstrings", "myofascial_release"): (
            "Sit on the floor, one thigh on a foam roller, hands behind you, the leg turned a little in "
            "or out to rest on its inner or outer side, not the middle. Creep from above the knee toward "
            f"the seat, holding on tight spots. {LEG_NERVE}"
        ),
        ("hamstrings", "deep_tissue"): (
            "Sit on a firm chair with a lacrosse ball under the inner or outer back of one thigh, not the "
            "middle. Slowly bend and straighten the knee, moving the ball a little each time, off the back "
            f"of the knee. {LEG_NERVE}"
        ),
        ("hamstrings", "trigger_point"): (
            "Sit on a firm chair with a tennis ball under the inner or outer back of the thigh, not the "
            f"middle. Find the most tender spot, let it take part of your weight, and hold. {LEG_NERVE}"
        ),
        ("quadriceps", "swedish"): (
            "Sit on a chair, leg relaxed, and stroke up the front of the thigh from knee to hip with both "
            "hands. Then knead it and circle slowly with your palms; it should feel soothing."
        ),
        ("quadriceps", "myofascial_release"): (
            "Lie face down on your forearms with a foam roller under the front of one thigh. Creep slowly "
            "from above the kneecap toward the hip, pausing on tight patches as you breathe out; ease off "
            "if it turns sharp."
        ),
        ("quadriceps", "deep_tissue"): (
            "Lie face down on your forearms with a foam roller under one thigh, the other leg out to the "
            "side. Roll in short, slow strokes between the kneecap and the hip; ease off if it turns "
            "sharp."
        ),
        ("quadriceps", "trigger_point"): (
            "Sit on a chair and press your knuckles into the front of the thigh, between the kneecap and "
            "the hip. Start lightly, find a tender spot, and hold while it fades."
        ),
        # Hip flexors: two or three fingers below and slightly outward of the front hip bone, off the
        # nerve of the outer thigh and the pulse of the groin; a minute at most.
        ("hip_flexors", "swedish"): (
            "Stand and find the bony point at the front of your pelvis. Stroke gently with your "
            "fingertips from two or three fingers below it, slightly outward, down into the fold of the "
            "thigh."
        ),
        ("hip_flexors", "myofascial_release"): (
            "Lie face down on your forearms with a soft ball two or three fingers below and slightly "
            "outward of the bony point at the front of the pelvis. Let part of your weight settle, for a "
            f"minute at most. {THIGH_NERVE}"
        ),
        ("hip_flexors", "deep_tissue"): (
            "Lie face down on your forearms with a foam roller two or three fingers below and slightly "
            "outward of the bony point at the front of the pelvis. Roll a short way up and down, for a "
            f"minute at most. {THIGH_NERVE}"
        ),
        ("hip_flexors", "trigger_point"): (
            "Lie on your back, knees bent, and press your fingertips in two or three fingers below and "
            "slightly outward of the bony point of the pelvis. Hold a tender spot for a minute at most. "
            f"{THIGH_NERVE}"
        ),
    }
)
"""The instruction for each (region id, technique id); every pair of the catalog has one."""


# The same work in another set-up, for routines whose steps change a pair's position or tool (a routine
# for someone who cannot lie on their back, or cannot get down to the floor). Keyed by region,
# technique, position and tool; the same anatomy rules as above. Lying on the hip knob presses the
# gluteal tendons (Grimaldi & Fearon, JOSPT 2015), so on your side the ball is held in the hand and
# pressed into the upper hip, never lain on.
SETUP_VARIANTS: Mapping[tuple[str, str, str, str], str] = MappingProxyType(
    {
        ("lumbar", "swedish", "chair", "hands"): (
            "Sit near the front of a firm chair with your palms on your lower back, fingers pointing "
            "down. Stroke from your waist to the top of your buttocks, then circle with your thumbs on the "
            "muscle beside the spine, never on the bumps of the spine itself."
        ),
        ("gluteus_maximus", "trigger_point", "wall", "tennis_ball"): (
            "Stand with your back to a wall and a tennis ball between it and the fleshy middle of one "
            "buttock, above the sitting bone and off the flat bone at the base of the spine. Lean in to "
            f"find a tender spot and hold while it fades. {LEG_NERVE}"
        ),
        ("gluteus_minimus", "myofascial_release", "side_lying", "soft_ball"): (
            "Lie on your side, a pillow between your knees, the side to work on top. Hold a soft ball and "
            "press it gently a hand's width above and forward of the hip knob, never on the knob; hold "
            "and breathe out slowly. Ease off if it turns sharp."
        ),
        ("piriformis", "swedish", "side_lying", "hands"): (
            "Lie on your side, a pillow between your knees, the side to work on top. Reach back to the "
            "upper-middle buttock, between the top of the buttock crease and the hip knob, and make small, "
            "gentle circles with your fingers, above the sitting bone."
        ),
        ("hip_flexors", "swedish", "on_back", "hands"): (
            "Lie on your back, knees bent, and find the bony point at the front of your pelvis. Stroke "
            "gently with your fingertips from two or three fingers below it, slightly outward, down into "
            "the fold of the thigh."
        ),
    }
)
"""Instructions for a region and technique done in another position or with another tool."""
