"""A chained exception: a KeyError handled by raising a ValueError from it, which nothing catches."""


def port(settings):
    try:
        return int(settings["port"])
    except KeyError as e:
        raise ValueError("no port in the settings") from e


port({})
