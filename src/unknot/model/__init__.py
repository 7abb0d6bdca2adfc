"""What a routine is: the routine model and the facts it is built from (regions, techniques, positions,
tools, dosing, instructions, safety words), and a routine as a plan to follow.
"""
