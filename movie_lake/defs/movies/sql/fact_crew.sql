-- One row per crew credit of a known movie.
select credit_id, movie_id, person_id, department, job from refined.conformed_crew order by movie_id, credit_id
