"""`movie_lake.lib` never imports Dagster: parsers, storage, catalog and the TMDB client run
the same in a Dagster run, an ECS task, a Glue job or a benchmark."""
import pkgutil
import subprocess
import sys

import movie_lake.lib


def test_every_lib_module_imports_without_dagster():
    modules = sorted(m.name for m in pkgutil.walk_packages(movie_lake.lib.__path__, "movie_lake.lib.")
                     if not m.name.endswith("__main__"))
    assert len(modules) > 50
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'dagster' or m.startswith(('dagster.', 'dagster_')))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"lib pulled in: {result.stdout.strip()[:500]}"
