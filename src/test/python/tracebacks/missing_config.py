"""An uncaught exception in the main thread: the configuration file is missing."""
import json


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    return load("/nonexistent/config.json")


main()
