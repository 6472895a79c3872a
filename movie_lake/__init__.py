"""movie_lake: a Dagster data lake. `defs` (the Definitions) loads on first use, so that
`dagster dev -m movie_lake` finds it while `movie_lake.lib` stays importable without Dagster."""


def __getattr__(name: str):
    if name == "defs":
        from movie_lake.definitions import defs

        return defs
    raise AttributeError(name)


def __dir__() -> list[str]:
    return ["defs"]
