"""A local TMDB API emulator serving the bundled sample (see ``movie_lake.lib.tmdb.emulator.server``)."""
