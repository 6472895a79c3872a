-- One row per cast credit of a known movie.
select credit_id, movie_id, person_id, character, cast_order from refined.conformed_cast order by movie_id, cast_order, credit_id
