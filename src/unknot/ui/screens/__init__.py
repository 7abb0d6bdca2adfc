"""The app's screens: picker, reminder, player and summary (and the resume and pain prompts)."""
