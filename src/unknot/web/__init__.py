"""unknot's web pages: the guard both servers share, the phone page, and finding this machine's address.

Nothing here imports Textual; the app's glue (``unknot.ui.phone``) starts the phone server on its loop.
"""
