"""The served dashboard app (Dash) over the lake: global filters, cross-filtering, drill-downs.
`create_app(LakeReader(engine, storage), lake_uri)`; `movie-lake dashboard` serves it."""
