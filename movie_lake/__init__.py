"""movie_lake: a Dagster data lake. The Definitions load on first use (`lake_definitions`),
so that `dagster dev -m movie_lake` finds them while `movie_lake.lib` stays importable without
Dagster. (Not named `defs`: that is the `movie_lake.defs` package.)"""


def __getattr__(name: str):
    if name == "lake_definitions":
        from movie_lake.definitions import defs

        return defs
    raise AttributeError(name)


def __dir__() -> list[str]:
    return ["lake_definitions"]
