"""What the history says: sessions as rows, what helps, and the quick ratings with the lighter options
they suggest.
"""
