import os

# Qt runs headless everywhere the tests run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
