"""The HTML pieces the public pages' templates call: each built in Python, every value escaped."""
